/*
 * ctx.c - the per-request service context and the audit helper every write uses.
 */
#include "service/ctx.h"

#include "base/time.h"
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

int xa_ctx_audit(struct xa_ctx *ctx, const char *action, const char *object_type,
                 int64_t object_id, const char *reason, const char *detail)
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
