/*
 * ctx.c - the per-request service context and the helpers every use case shares: the audit
 * row, the end of a write transaction, the actor's scope, free-text checks and masking.
 */
#include "service/ctx.h"

#include "base/time.h"
#include "core/validate.h"
#include "core/vocab.h"

#include <string.h>

void xa_ctx_init(struct xa_ctx *ctx, struct xa_store *s, struct xa_arena *a,
                 const struct xa_actor *actor)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->store = s;
    ctx->arena = a;
    ctx->actor = actor;
    ctx->now = xa_time_now();
}

int xa_ctx_fail(struct xa_ctx *ctx, int rc, const char *field, const char *reason)
{
    if (rc == XA_EVALIDATION) {
        xa_verr_add(&ctx->verr, field, reason);
    } else {
        ctx->reason = reason;
        ctx->field = field;
    }
    return rc;
}

int xa_ctx_finish(struct xa_ctx *ctx, int rc)
{
    if (!rc)
        rc = xa_store_commit(ctx->store);
    if (rc)
        xa_store_rollback(ctx->store);
    return rc;
}

int xa_ctx_unit_visible(struct xa_ctx *ctx, int64_t unit_id, struct xa_unit *u, bool *visible)
{
    struct xa_unit own;
    if (!u)
        u = &own;
    int rc = xa_store_unit_get(ctx->store, ctx->arena, unit_id, u);
    if (!rc)
        *visible = xa_unit_path_within(u->path, ctx->actor->scope_path);
    return rc;
}

int xa_ctx_station(struct xa_ctx *ctx, int64_t asked, struct xa_unit *out)
{
    int64_t id = asked ? asked : ctx->actor->unit_id;
    int rc = xa_store_unit_get(ctx->store, ctx->arena, id, out);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "unit_id", "no_such_unit");
    if (rc)
        return rc;
    if (out->kind == XA_UNIT_TEAM) {
        rc = xa_store_unit_get(ctx->store, ctx->arena, out->parent_id, out);
        if (rc)
            return rc;
    }
    if (out->kind != XA_UNIT_STATION)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "unit_id", asked ? "unknown_value" : "required");
    if (!xa_unit_path_within(out->path, ctx->actor->scope_path))
        return xa_ctx_fail(ctx, XA_EVALIDATION, "unit_id", "not_in_scope");
    return XA_OK;
}

bool xa_ctx_has_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return true;
    return false;
}

int xa_ctx_check_text(struct xa_ctx *ctx, const char *field, const char *s, size_t max, bool need)
{
    if (!xa_ctx_has_text(s))
        return need ? xa_ctx_fail(ctx, XA_EVALIDATION, field, "required") : XA_OK;
    const char *why = xa_validate_text(s, max);
    return why ? xa_ctx_fail(ctx, XA_EVALIDATION, field, why) : XA_OK;
}

const char *xa_ctx_masked(struct xa_ctx *ctx, const char *s, bool id_number)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *m = xa_arena_alloc(ctx->arena, n);
    if (id_number)
        xa_validate_mask_id_number(s, m, n);
    else
        xa_validate_mask_phone(s, m, n);
    return m;
}

int xa_ctx_audit(struct xa_ctx *ctx, const char *action, const char *object_type, int64_t object_id,
                 const char *reason, const char *detail)
{
    struct xa_audit au = {
        .at = ctx->now,
        .user_id = ctx->actor ? ctx->actor->user_id : 0,
        .username = ctx->actor ? ctx->actor->username : NULL,
        .action = action,
        .object_type = object_type,
        .object_id = object_id,
        .ip = ctx->actor ? ctx->actor->ip : NULL,
        .reason = reason,
        .detail = detail,
    };
    return xa_store_audit_put(ctx->store, &au);
}

const struct xa_actor *xa_ctx_cli_actor(void)
{
    static const struct xa_actor cli = {
        .user_id = 0,
        .username = "cli",
        .name = "命令行",
        .role = XA_ROLE_ADMIN,
        .unit_id = 0,
        .scope_path = NULL,
        .ip = "local",
    };
    return &cli;
}

int xa_ctx_connect(const char *target, struct xa_store **out)
{
    return xa_store_open(target, out);
}

void xa_ctx_disconnect(struct xa_store *s)
{
    xa_store_close(s);
}

const char *xa_ctx_store_errmsg(struct xa_store *s)
{
    return s ? xa_store_errmsg(s) : "no store";
}
