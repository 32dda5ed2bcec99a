/*
 * user.h - police users, their roles, and the acting user of a request (struct xa_actor).
 *
 * Invariant: a user belongs to exactly one unit and has exactly one role (DESIGN §1). The
 * actor's scope is the unit subtree whose records they see; leaders and analysts of the bureau
 * and every analyst see all (scope_path NULL).
 */
#ifndef XA_USER_H
#define XA_USER_H

#include "base/err.h"

#include <stdbool.h>
#include <stdint.h>

struct xa_user {
    int64_t id;
    const char *username;      /* login, 2-32 of a-z 0-9 _ . - */
    const char *name;          /* real name, "李冉" */
    int role;                  /* enum xa_role */
    int64_t unit_id;
    const char *unit_name;     /* joined for display; may be NULL */
    const char *unit_path;     /* joined; may be NULL */
    const char *phone;         /* may be NULL */
    const char *badge;         /* 警号; may be NULL */
    bool is_active;
    const char *password_hash; /* Argon2id string; only the store and auth see it */
    int failed_logins;
    int64_t locked_until;
    int64_t created_at;
};

struct xa_user_filter {
    const char *username;   /* exact or prefix match when it ends in '*'; NULL = any */
    int role;               /* 0 = any */
    int64_t unit_id;        /* 0 = any; includes the unit's subtree */
    const char *scope_path; /* NULL = everything */
    bool active_only;
};

/* Who is acting, built by the auth service from a session; borrowed for one request. */
struct xa_actor {
    int64_t user_id;
    const char *username;
    const char *name;
    int role;
    int64_t unit_id;
    const char *unit_name;
    const char *scope_path; /* NULL = sees every unit */
    const char *ip;         /* client address for the audit log; may be NULL */
};

/* Checks username, name (1-32 chars), role and phone (if any). */
XA_MUST_CHECK int xa_user_validate(const struct xa_user *u, struct xa_verr *ve);

/* Password rule: 8-128 bytes. Reason weak_password or too_long, else NULL. */
const char *xa_user_password_problem(const char *password);

/* True when the role's scope is every unit regardless of its own (analysts), or when it is a
 * leader at the bureau (unit_kind XA_UNIT_BUREAU). */
bool xa_user_sees_all(int role, int unit_kind);

/* True for roles that can be dispatched to an incident (patrol, community, investigator,
 * leader). */
bool xa_user_is_dispatchable(int role);

/* A login session. The token itself is never stored, only its SHA-256 (hex). */
struct xa_session {
    const char *token_hash; /* 64 hex chars */
    const char *csrf_token; /* sent back by the client in X-CSRF-Token */
    int64_t user_id;
    int64_t created_at;
    int64_t last_seen;
    int64_t expires_at; /* absolute end */
    const char *ip;
};

#endif
