/*
 * auth_svc.c - login, logout, session lookup, password hashing, login rate limits.
 *
 * The Argon2id work happens outside any store transaction so a slow hash never holds the
 * write lock; the outcome (failure counter, lock, session, audit row) is written afterwards in
 * one transaction.
 */
#include "service/auth_svc.h"

#include "base/mem.h"
#include "base/time.h"
#include "core/unit.h"
#include "core/vocab.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* ---- concurrency cap on Argon2id ---- */

static pthread_mutex_t hash_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t hash_cv = PTHREAD_COND_INITIALIZER;
static int hash_busy;

static void hash_enter(void)
{
    pthread_mutex_lock(&hash_mu);
    while (hash_busy >= XA_AUTH_HASH_SLOTS)
        pthread_cond_wait(&hash_cv, &hash_mu);
    hash_busy++;
    pthread_mutex_unlock(&hash_mu);
}

static void hash_leave(void)
{
    pthread_mutex_lock(&hash_mu);
    hash_busy--;
    pthread_cond_signal(&hash_cv);
    pthread_mutex_unlock(&hash_mu);
}

/* ---- per-address attempt window ---- */

#define IP_SLOTS 1024
struct ip_slot {
    char ip[64];
    int64_t window_start;
    int count;
};
static struct ip_slot ip_slots[IP_SLOTS];
static pthread_mutex_t ip_mu = PTHREAD_MUTEX_INITIALIZER;

/* The slot of ip, reset when its window has passed; call with ip_mu held. */
static struct ip_slot *ip_slot(const char *ip, int64_t now)
{
    uint32_t h = 2166136261u;
    for (const char *p = ip; *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    struct ip_slot *s = &ip_slots[h % IP_SLOTS];
    if (strcmp(s->ip, ip) != 0 || now - s->window_start >= XA_AUTH_IP_WINDOW) {
        snprintf(s->ip, sizeof(s->ip), "%s", ip);
        s->window_start = now;
        s->count = 0;
    }
    return s;
}

/* True when ip has used up its failed attempts of the window. Successful logins do not count,
 * so a station whose officers share one address is not locked out at shift change. */
static bool ip_blocked(const char *ip, int64_t now)
{
    pthread_mutex_lock(&ip_mu);
    bool blocked = ip_slot(ip ? ip : "", now)->count >= XA_AUTH_IP_MAX;
    pthread_mutex_unlock(&ip_mu);
    return blocked;
}

static void ip_failed(const char *ip, int64_t now)
{
    pthread_mutex_lock(&ip_mu);
    ip_slot(ip ? ip : "", now)->count++;
    pthread_mutex_unlock(&ip_mu);
}

/* A hash of a random password, checked against when the user does not exist so that an
 * unknown name costs as much time as a wrong password. */
static char dummy_hash[crypto_pwhash_STRBYTES];

int xa_auth_svc_init(void)
{
    if (sodium_init() < 0)
        return XA_EINTERNAL;
    if (dummy_hash[0])
        return XA_OK;
    char pw[33];
    unsigned char raw[16];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(pw, sizeof(pw), raw, sizeof(raw));
    if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return XA_EINTERNAL;
    return XA_OK;
}

int xa_auth_svc_hash(struct xa_arena *a, const char *password, char **out)
{
    char hash[crypto_pwhash_STRBYTES];
    hash_enter();
    int r = crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE);
    hash_leave();
    if (r != 0)
        return XA_EINTERNAL;
    *out = xa_arena_strdup(a, hash);
    return XA_OK;
}

static bool verify(const char *hash, const char *password)
{
    hash_enter();
    bool ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
    hash_leave();
    return ok;
}

static char *random_hex(struct xa_arena *a, size_t nbytes)
{
    unsigned char raw[64];
    randombytes_buf(raw, nbytes);
    char *hex = xa_arena_alloc(a, nbytes * 2 + 1);
    sodium_bin2hex(hex, nbytes * 2 + 1, raw, nbytes);
    sodium_memzero(raw, sizeof(raw));
    return hex;
}

static char *token_hash(struct xa_arena *a, const char *token)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
    char *hex = xa_arena_alloc(a, sizeof(h) * 2 + 1);
    sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
    return hex;
}

/* Writes the audit row of a login attempt (and the counter change) in one transaction. */
static int record_attempt(struct xa_ctx *ctx, const struct xa_user *u, const char *username,
                          const char *ip, const char *action, const struct xa_session *ses)
{
    struct xa_audit au = {
        .at = ctx->now,
        .user_id = u ? u->id : 0,
        .username = username,
        .action = action,
        .object_type = "session",
        .ip = ip,
    };
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    if (u)
        rc = xa_store_user_set_login_state(ctx->store, u->id, u->failed_logins, u->locked_until);
    if (!rc && ses)
        rc = xa_store_session_put(ctx->store, ses);
    if (!rc)
        rc = xa_store_audit_put(ctx->store, &au);
    return xa_ctx_finish(ctx, rc);
}

int xa_auth_svc_login(struct xa_ctx *ctx, const char *username, const char *password,
                      const char *ip, struct xa_login *out)
{
    if (!username || !*username)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "username", "required");
    if (!password || !*password)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "password", "required");
    if (strlen(username) > 64 || strlen(password) > 256)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "bad_credentials");
    if (ip_blocked(ip, ctx->now)) {
        int rc = record_attempt(ctx, NULL, username, ip, "login.rate_limited", NULL);
        if (rc)
            return rc;
        return xa_ctx_fail(ctx, XA_ERATELIMIT, NULL, "too_many_attempts");
    }

    struct xa_user u;
    int rc = xa_store_user_find_name(ctx->store, ctx->arena, username, &u);
    if (rc == XA_ENOTFOUND) {
        verify(dummy_hash, password); /* same cost as a real check: no user enumeration */
        ip_failed(ip, ctx->now);
        rc = record_attempt(ctx, NULL, username, ip, "login.fail", NULL);
        return rc ? rc : xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "bad_credentials");
    }
    if (rc)
        return rc;
    if (u.locked_until > ctx->now) {
        ip_failed(ip, ctx->now);
        rc = record_attempt(ctx, NULL, username, ip, "login.locked", NULL);
        return rc ? rc : xa_ctx_fail(ctx, XA_ERATELIMIT, NULL, "locked");
    }
    bool ok = u.password_hash && verify(u.password_hash, password);
    if (!ok || !u.is_active) {
        ip_failed(ip, ctx->now);
        if (!ok && ++u.failed_logins >= XA_AUTH_FAIL_MAX) {
            u.failed_logins = 0;
            u.locked_until = ctx->now + XA_AUTH_LOCK_S;
        }
        rc = record_attempt(ctx, &u, username, ip, "login.fail", NULL);
        return rc ? rc : xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "bad_credentials");
    }

    u.failed_logins = 0;
    u.locked_until = 0;
    const char *token = random_hex(ctx->arena, 32);
    struct xa_session ses = {
        .token_hash = token_hash(ctx->arena, token),
        .csrf_token = random_hex(ctx->arena, 24),
        .user_id = u.id,
        .created_at = ctx->now,
        .last_seen = ctx->now,
        .expires_at = ctx->now + XA_AUTH_SESSION_S,
        .ip = ip,
    };
    rc = record_attempt(ctx, &u, username, ip, "login.ok", &ses);
    if (rc)
        return rc;
    u.password_hash = NULL;
    out->token = token;
    out->csrf_token = ses.csrf_token;
    out->user = u;
    out->expires_at = ses.expires_at;
    return XA_OK;
}

int xa_auth_svc_logout(struct xa_ctx *ctx, const char *token)
{
    if (!token)
        return XA_OK;
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = xa_store_session_delete(ctx->store, token_hash(ctx->arena, token));
    if (rc == XA_ENOTFOUND)
        rc = XA_OK;
    if (!rc)
        rc = xa_ctx_audit(ctx, "logout", "session", 0, NULL, NULL);
    return xa_ctx_finish(ctx, rc);
}

int xa_auth_svc_session(struct xa_ctx *ctx, const char *token, const char *ip,
                        struct xa_actor *actor_out, const char **csrf_out)
{
    if (!token || strlen(token) != XA_AUTH_TOKEN_HEX)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    const char *th = token_hash(ctx->arena, token);
    struct xa_session ses;
    int rc = xa_store_session_find(ctx->store, ctx->arena, th, &ses);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (rc)
        return rc;
    if (ses.expires_at <= ctx->now || ses.last_seen + XA_AUTH_IDLE_S <= ctx->now)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_user u;
    struct xa_unit unit;
    rc = xa_store_user_get(ctx->store, ctx->arena, ses.user_id, &u);
    if (rc == XA_ENOTFOUND || (!rc && !u.is_active))
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (!rc)
        rc = xa_store_unit_get(ctx->store, ctx->arena, u.unit_id, &unit);
    if (rc)
        return rc;
    if (ctx->now - ses.last_seen >= 60) {
        /* idle clock moves at most once a minute, so reads stay reads */
        if (xa_store_session_touch(ctx->store, th, ctx->now) != XA_OK)
            xa_store_rollback(ctx->store);
    }
    memset(actor_out, 0, sizeof(*actor_out));
    actor_out->user_id = u.id;
    actor_out->username = u.username;
    actor_out->name = u.name;
    actor_out->role = u.role;
    actor_out->unit_id = u.unit_id;
    actor_out->unit_name = u.unit_name;
    actor_out->ip = ip;
    actor_out->scope_path = xa_user_sees_all(u.role, unit.kind)
                                ? NULL
                                : xa_arena_strndup(ctx->arena, unit.path, xa_unit_scope_len(&unit));
    *csrf_out = ses.csrf_token;
    return XA_OK;
}

bool xa_auth_svc_csrf_ok(const char *expected, const char *given)
{
    if (!expected || !given)
        return false;
    size_t n = strlen(expected);
    if (n == 0 || strlen(given) != n)
        return false;
    return sodium_memcmp(expected, given, n) == 0;
}
