/*
 * ctx.h - what every service function gets: the store connection, the request's arena, the
 * acting user, the clock, and a place for the reasons of a refusal.
 *
 * Service functions (one per use case, DESIGN §3) take a struct xa_ctx and return XA_OK or an
 * XA_E* code. On a refusal they leave the field problems in ctx->verr (422) or one reason word
 * in ctx->reason (403, 404, 409, 429), which the HTTP layer and the CLI turn into text.
 * Every write happens in one store transaction that also appends its audit row.
 */
#ifndef XA_CTX_H
#define XA_CTX_H

#include "base/arena.h"
#include "base/err.h"
#include "core/user.h"
#include "store/store.h"

#include <stdint.h>

struct xa_ctx {
    struct xa_store *store;
    struct xa_arena *arena;
    const struct xa_actor *actor; /* NULL for anonymous requests (login, public status) */
    int64_t now;
    struct xa_verr verr;
    const char *reason; /* reason word of a non-field refusal, or NULL */
    const char *field;  /* the field a non-422 refusal is about, or NULL */
};

/* Initialises ctx for one request at the current time. actor is borrowed. */
void xa_ctx_init(struct xa_ctx *ctx, struct xa_store *s, struct xa_arena *a,
                 const struct xa_actor *actor);

/* Records a refusal and returns rc, for `return xa_ctx_fail(ctx, XA_ECONFLICT, NULL, "...")`.
 * With XA_EVALIDATION the (field, reason) goes into verr. */
int xa_ctx_fail(struct xa_ctx *ctx, int rc, const char *field, const char *reason);

/* Appends an audit row for the actor inside the caller's transaction. */
XA_MUST_CHECK int xa_ctx_audit(struct xa_ctx *ctx, const char *action, const char *object_type,
                               int64_t object_id, const char *reason, const char *detail);

/* Opens and closes store connections for the layers above service/, which do not include
 * store/ themselves (the HTTP server keeps one per thread; the CLI one per command). */
XA_MUST_CHECK int xa_ctx_connect(const char *target, struct xa_store **out);
void xa_ctx_disconnect(struct xa_store *s);
const char *xa_ctx_store_errmsg(struct xa_store *s);

/* The actor used by the command line: a system administrator with no unit limits. */
const struct xa_actor *xa_ctx_cli_actor(void);

#endif
