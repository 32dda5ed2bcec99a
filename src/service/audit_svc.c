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
    struct xa_audit_filter g = *f;
    /* a station leader reads the trail of their own station's users; admins read everything */
    g.scope_path = ctx->actor->role == XA_ROLE_ADMIN ? NULL : ctx->actor->scope_path;
    return xa_store_audit_list(ctx->store, ctx->arena, &g, out, n, total);
}
