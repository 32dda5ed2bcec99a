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
#include "core/unit.h"
#include "core/user.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
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

/* Ends the write transaction a service function began: commits when rc is XA_OK, rolls back
 * when rc or the commit fails. Returns the final code, for `return xa_ctx_finish(ctx, rc)`. */
int xa_ctx_finish(struct xa_ctx *ctx, int rc);

/* Whether unit_id's unit lies within the actor's scope, into *visible; the unit into *u when u
 * is not NULL (arena-owned). Store errors (XA_ENOTFOUND for no such unit) are returned as is. */
XA_MUST_CHECK int xa_ctx_unit_visible(struct xa_ctx *ctx, int64_t unit_id, struct xa_unit *u,
                                      bool *visible);

/* The station a new record belongs to: unit asked (0: the actor's own), or a team's station.
 * Refuses with 422 on unit_id: no_such_unit, unknown_value or required (not a station),
 * not_in_scope. */
XA_MUST_CHECK int xa_ctx_station(struct xa_ctx *ctx, int64_t asked, struct xa_unit *out);

/* Whether s has a character other than blanks (NULL has none). */
bool xa_ctx_has_text(const char *s);

/* Checks free text on field: 422 "required" when blank and need, else the problem of
 * xa_validate_text() with max characters. Blank and not needed is XA_OK. */
int xa_ctx_check_text(struct xa_ctx *ctx, const char *field, const char *s, size_t max, bool need);

/* A masked copy (arena-owned) of a phone number, or of an ID number when id_number; NULL
 * stays NULL. */
const char *xa_ctx_masked(struct xa_ctx *ctx, const char *s, bool id_number);

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
