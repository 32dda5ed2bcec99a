/*
 * person_svc.c - the person registry's use cases: list, detail with case records, reveal.
 *
 * Invariant: nothing leaves this file unmasked except through xa_person_svc_reveal(), which
 * writes its audit row in the same transaction.
 */
#include "service/person_svc.h"

#include "core/validate.h"
#include "service/case_svc.h"

#include <string.h>

#define REASON_MAX 200

int xa_person_svc_list(struct xa_ctx *ctx, const struct xa_person_filter *f, struct xa_person **out,
                       size_t *n, int64_t *total)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    int rc = xa_store_case_person_list(ctx->store, ctx->arena, f, out, n, total);
    for (size_t i = 0; !rc && i < *n; i++)
        xa_case_svc_mask_person(ctx, &(*out)[i]);
    return rc;
}

int xa_person_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_person *out,
                      struct xa_case_person **records, size_t *n)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    int rc = xa_store_case_person_get(ctx->store, ctx->arena, id, out);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    if (!rc)
        rc = xa_store_case_person_link_list(ctx->store, ctx->arena, 0, id, ctx->actor->scope_path,
                                            records, n);
    if (rc)
        return rc;
    xa_case_svc_mask_person(ctx, out);
    for (size_t i = 0; i < *n; i++)
        xa_case_svc_mask_person(ctx, &(*records)[i].person);
    return XA_OK;
}

int xa_person_svc_reveal(struct xa_ctx *ctx, int64_t id, const char *reason, struct xa_person *out)
{
    const char *why;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    int role = ctx->actor->role;
    if (role != XA_ROLE_INVESTIGATOR && role != XA_ROLE_LEADER && role != XA_ROLE_DESK)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    if (!reason || !*reason)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "reason", "reason_required");
    if ((why = xa_validate_text(reason, REASON_MAX)) != NULL)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "reason", why);
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = xa_store_case_person_get(ctx->store, ctx->arena, id, out);
    if (rc == XA_ENOTFOUND)
        rc = xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    if (!rc)
        rc = xa_ctx_audit(ctx, "person.reveal", "person", id, reason, NULL);
    return xa_ctx_finish(ctx, rc);
}
