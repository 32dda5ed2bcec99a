/*
 * request.h - one HTTP request as the API handlers see it, and what they answer.
 *
 * The server (server.c) fills a struct xa_req, resolves the session into ctx.actor, checks the
 * CSRF token, parses the JSON body, and calls the route's handler. A handler reads input with
 * the xa_req_* helpers, calls one service function, and sets either `out` (a JSON value that
 * the request then owns) with `status`, or returns an XA_E* code that the server turns into
 * {"error":{"code","message","field","details"}}.
 *
 * Everything here lives until the response is sent: strings are arena-owned or borrowed from
 * `body`, which is released with the request.
 */
#ifndef XA_REQUEST_H
#define XA_REQUEST_H

#include "base/arena.h"
#include "base/err.h"
#include "core/vocab.h"
#include "service/ctx.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define XA_REQ_MAX_PARAMS 4
#define XA_REQ_MAX_COOKIES 2

struct MHD_Connection;

struct xa_req {
    struct MHD_Connection *conn;
    const char *method;
    const char *path;
    const char *params[XA_REQ_MAX_PARAMS]; /* {id}, {code} ... segments of the route */
    size_t n_params;
    json_t *body;    /* JSON object of the request body; an empty body is {} */
    const char *raw; /* the body of a XA_ROUTE_RAW_BODY route (a file), borrowed */
    size_t raw_len;
    const char *data_dir; /* where files beside the database live ("<db>.files") */
    struct xa_arena arena;
    struct xa_ctx ctx;
    struct xa_actor actor;
    const char *csrf_token; /* of the session */
    const char *session_token;
    const char *ip;
    bool english;

    /* the answer */
    int status;            /* 200 unless set */
    json_t *out;           /* owned by the request */
    const void *out_bytes; /* instead of out: a file's bytes (arena-owned) of type out_type */
    size_t out_len;
    const char *out_type;
    const char *set_cookie[XA_REQ_MAX_COOKIES];
    size_t n_cookies;
    const char *location;
    const char *allow; /* methods of the matched path, for the Allow header of a 405 */
};

/* Query-string value of name, or NULL; borrowed for the request. */
const char *xa_req_query(struct xa_req *r, const char *name);

/* Query helpers: read name if present into *out, adding a field problem to r->ctx.verr when it
 * is malformed or out of [min, max]. They return nothing: check r->ctx.verr.n afterwards. */
void xa_req_query_int(struct xa_req *r, const char *name, int64_t min, int64_t max, int64_t *out);
void xa_req_query_time(struct xa_req *r, const char *name, int64_t *out);
void xa_req_query_enum(struct xa_req *r, const char *name, const struct xa_vocab *v, int *out);
void xa_req_query_bool(struct xa_req *r, const char *name, bool *out);

/* Body helpers with the same error convention. `allowed` is a NULL-terminated list of every
 * field the endpoint knows; others are reported as unknown_field. */
void xa_req_body_fields(struct xa_req *r, const char *const *allowed);
void xa_req_body_str(struct xa_req *r, const char *name, bool required, const char **out);
void xa_req_body_int(struct xa_req *r, const char *name, bool required, int64_t min, int64_t max,
                     int64_t *out);
void xa_req_body_real(struct xa_req *r, const char *name, bool required, double *out,
                      bool *present);
void xa_req_body_enum(struct xa_req *r, const char *name, bool required, const struct xa_vocab *v,
                      int *out);
void xa_req_body_time(struct xa_req *r, const char *name, bool required, int64_t *out);

/* The {id} parameter i as a positive integer; XA_ENOTFOUND when it is not one. */
XA_MUST_CHECK int xa_req_param_id(struct xa_req *r, size_t i, int64_t *out);

/* Sets the answer: status and a JSON value whose reference the request takes. */
int xa_req_reply(struct xa_req *r, int status, json_t *out);
/* Replies 200 with one page of a list: {"items", "total", "page", "per_page"}; takes items. */
int xa_req_reply_page(struct xa_req *r, json_t *items, int64_t total, int64_t page,
                      int64_t per_page);

/* JSON values of times (ISO 8601 in +08:00, or null for 0) and nullable strings. */
json_t *xa_req_json_time(int64_t t);
json_t *xa_req_json_str(const char *s);
json_t *xa_req_json_id(int64_t id);

/* A reference to a person or user: {"id", "name"}, or null when id is 0. */
json_t *xa_req_json_ref(int64_t id, const char *name);

/* A comma-separated list ("a,b", NULL or "") as a JSON array of its non-empty items. */
json_t *xa_req_json_csv(const char *s);

#endif
