/*
 * err.h - the one table of error codes (libuv's UV_ERRNO_MAP pattern).
 *
 * Every fallible function in Xiao'an returns XA_OK (0) or a negative XA_E* code. The table
 * below is the only place that maps a code to its HTTP status and its stable API code word;
 * nothing else may keep its own mapping.
 *
 * Input problems are collected in a struct xa_verr of (field, reason) pairs; the reason is a
 * stable word from base/msg.h that the HTTP layer turns into Chinese or English text.
 */
#ifndef XA_ERR_H
#define XA_ERR_H

#include <stddef.h>

#define XA_MUST_CHECK __attribute__((warn_unused_result))

/* X(name, value, http status, api code word, English description) */
#define XA_ERR_MAP(X)                                                                          \
    X(INVAL, -1, 400, "bad_request", "malformed request")                                     \
    X(UNAUTH, -2, 401, "unauthorized", "login required")                                      \
    X(FORBIDDEN, -3, 403, "forbidden", "not allowed for this user")                           \
    X(NOTFOUND, -4, 404, "not_found", "no such record")                                        \
    X(METHOD, -5, 405, "method_not_allowed", "method not allowed")                            \
    X(CONFLICT, -6, 409, "conflict", "conflicts with the record's current state")             \
    X(TOOBIG, -7, 413, "too_large", "request body too large")                                  \
    X(MEDIA, -8, 415, "unsupported_media_type", "body must be application/json")              \
    X(VALIDATION, -9, 422, "invalid", "invalid input")                                         \
    X(RATELIMIT, -10, 429, "rate_limited", "too many attempts")                                \
    X(STORE, -11, 500, "store_error", "storage error")                                         \
    X(INTERNAL, -12, 500, "internal", "internal error")                                        \
    X(BUSY, -13, 503, "busy", "server busy, try again")

enum xa_err {
    XA_OK = 0,
#define XA_ERR_ENUM(name, val, http, word, desc) XA_E##name = (val),
    XA_ERR_MAP(XA_ERR_ENUM)
#undef XA_ERR_ENUM
};

/* English description of rc ("ok" for XA_OK, "unknown error" for anything else). */
const char *xa_strerror(int rc);
/* HTTP status for rc: 200 for XA_OK, 500 for an unknown code. */
int xa_err_http_status(int rc);
/* Stable API code word for rc ("invalid", "not_found", ...). */
const char *xa_err_word(int rc);

/* Field problems (field, reason) of one request; at most XA_VERR_MAX are kept. */
#define XA_VERR_MAX 16
struct xa_verr_item {
    const char *field;  /* static string or arena-owned */
    const char *reason; /* a reason word of base/msg.h */
};
struct xa_verr {
    size_t n;
    struct xa_verr_item items[XA_VERR_MAX];
};

/* Appends a problem; a second problem of the same field and problems past XA_VERR_MAX are
 * dropped. */
void xa_verr_add(struct xa_verr *v, const char *field, const char *reason);
/* XA_EVALIDATION if v holds a problem, else XA_OK. */
int xa_verr_rc(const struct xa_verr *v);

#endif
