/*
 * person_svc.h - the person registry (人员) seen from the UI: a masked list, one person with
 * the cases they appear in (only cases within the actor's scope), and unmasking for a stated
 * reason (audited). Adding a person to a case is xa_case_svc_person_add().
 */
#ifndef XA_PERSON_SVC_H
#define XA_PERSON_SVC_H

#include "core/case.h"
#include "service/ctx.h"

/* Persons matching f, phones and ID numbers masked, with the total before paging. */
XA_MUST_CHECK int xa_person_svc_list(struct xa_ctx *ctx, const struct xa_person_filter *f,
                                     struct xa_person **out, size_t *n, int64_t *total);
/* One person (masked) and their links to cases within scope, oldest first. */
XA_MUST_CHECK int xa_person_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_person *out,
                                    struct xa_case_person **records, size_t *n);
/* The person unmasked, for a reason (422 reason_required); investigators, leaders and desk
 * officers; audited. */
XA_MUST_CHECK int xa_person_svc_reveal(struct xa_ctx *ctx, int64_t id, const char *reason,
                                       struct xa_person *out);

#endif
