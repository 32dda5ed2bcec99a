/*
 * auth_svc.h - logins, sessions and passwords.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str, interactive limits: about
 * 64 MiB and 0.1 s each), and at most XA_AUTH_HASH_SLOTS hashes run at once so a burst of
 * logins cannot exhaust memory. A session token is 32 random bytes (hex in an HttpOnly cookie);
 * the store keeps only its SHA-256. Each session has its own CSRF token.
 *
 * Rate limits: XA_AUTH_IP_MAX failed attempts per client address per XA_AUTH_IP_WINDOW seconds (in
 * memory), and an account locks for XA_AUTH_LOCK_S after XA_AUTH_FAIL_MAX failures in a row.
 * Every login, ok or failed, is written to the audit log.
 */
#ifndef XA_AUTH_SVC_H
#define XA_AUTH_SVC_H

#include "service/ctx.h"

#define XA_AUTH_HASH_SLOTS 2
#define XA_AUTH_IP_MAX 30
#define XA_AUTH_IP_WINDOW 300
#define XA_AUTH_FAIL_MAX 5
#define XA_AUTH_LOCK_S 900
#define XA_AUTH_IDLE_S (8 * 3600)      /* a shift without a request ends the session */
#define XA_AUTH_SESSION_S (14 * 3600) /* no session outlives a long shift */
#define XA_AUTH_TOKEN_HEX 64

/* Initialises libsodium; call once before any other function here. XA_EINTERNAL on failure. */
XA_MUST_CHECK int xa_auth_svc_init(void);

/* Argon2id hash of password into an arena-owned string. */
XA_MUST_CHECK int xa_auth_svc_hash(struct xa_arena *a, const char *password, char **out);

struct xa_login {
    const char *token;      /* for the cookie; arena-owned */
    const char *csrf_token; /* arena-owned */
    struct xa_user user;    /* the logged-in user */
    int64_t expires_at;
};

/* Checks username and password from client ip. XA_EUNAUTH "bad_credentials" (unknown user,
 * wrong password and deactivated account look the same), XA_ERATELIMIT "locked" or
 * "too_many_attempts". ctx->actor may be NULL. */
XA_MUST_CHECK int xa_auth_svc_login(struct xa_ctx *ctx, const char *username, const char *password,
                                    const char *ip, struct xa_login *out);

/* Ends the session of token (audited). Unknown tokens are fine. */
XA_MUST_CHECK int xa_auth_svc_logout(struct xa_ctx *ctx, const char *token);

/* The actor and CSRF token of a live session; XA_EUNAUTH when the token is unknown, expired or
 * its user deactivated. The actor is arena-owned; ip is borrowed into it. */
XA_MUST_CHECK int xa_auth_svc_session(struct xa_ctx *ctx, const char *token, const char *ip,
                                      struct xa_actor *actor_out, const char **csrf_out);

/* Constant-time comparison of the session's CSRF token with the one the client sent. */
bool xa_auth_svc_csrf_ok(const char *expected, const char *given);

#endif
