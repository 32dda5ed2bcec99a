/*
 * audit.h - rows of the append-only audit log (审计日志): every write, every login (ok or
 * failed), every view of unmasked personal data with the reason given.
 */
#ifndef XA_AUDIT_H
#define XA_AUDIT_H

#include <stdint.h>

struct xa_audit {
    int64_t id;
    int64_t at;
    int64_t user_id;         /* 0 when unknown (failed login of an unknown name) */
    const char *username;    /* as typed or as known */
    const char *action;      /* "incident.create", "login.fail", "reveal.caller_phone", ... */
    const char *object_type; /* "incident", "user", "session", ... or NULL */
    int64_t object_id;       /* 0 when none */
    const char *ip;          /* may be NULL */
    const char *reason;      /* reason given for unmasking; may be NULL */
    const char *detail;      /* small JSON text; may be NULL */
};

struct xa_audit_filter {
    int64_t user_id;       /* 0 = any */
    const char *username;  /* NULL = any */
    const char *action;    /* prefix match ("incident." matches all incident actions) */
    const char *object_type;
    int64_t object_id;
    int64_t from, to; /* [from, to); 0 = open */
    const char *scope_path; /* rows of users within this unit subtree only; NULL = all */
    int64_t page, per_page;
};

#endif
