/*
 * audit_svc.c - audit log queries.
 */
#include "service/audit_svc.h"

#include "core/vocab.h"

int xa_audit_svc_list(struct xa_ctx *ctx, const struct xa_audit_filter *f, struct xa_audit **out,
                      size_t *n, int64_t *total)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (ctx->actor->role != XA_ROLE_ADMIN && ctx->actor->role != XA_ROLE_LEADER)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    return xa_store_audit_list(ctx->store, ctx->arena, f, out, n, total);
}
