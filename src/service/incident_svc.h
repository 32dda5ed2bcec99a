/*
 * incident_svc.h - the call-intake closed loop (接警 -> 派警 -> 到场 -> 处置 -> 回复 -> 办结).
 *
 * Each write is one transaction holding the state change, its timeline event and its audit
 * row. Records outside the actor's units are reported as missing (404), never as forbidden, so
 * their existence does not leak. Phones and ID numbers come back masked; the full value only
 * through xa_incident_svc_reveal(), which needs a reason and is audited.
 */
#ifndef XA_INCIDENT_SVC_H
#define XA_INCIDENT_SVC_H

#include "core/incident.h"
#include "service/ctx.h"

/* Records a new call. in carries the caller's fields; received_at, received_by, codes, status
 * and deadlines are set here. in->unit_id may name a station in the actor's scope; 0 means the
 * actor's own station (required for bureau-level actors). *out is the stored record. */
XA_MUST_CHECK int xa_incident_svc_create(struct xa_ctx *ctx, const struct xa_incident *in,
                                         struct xa_incident *out);

/* One incident with its timeline (oldest first); arena-owned. */
XA_MUST_CHECK int xa_incident_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_incident *out,
                                      struct xa_incident_event **events, size_t *n_events);

/* Incidents matching f within the actor's scope, with the total before paging. */
XA_MUST_CHECK int xa_incident_svc_list(struct xa_ctx *ctx, const struct xa_incident_filter *f,
                                       struct xa_incident **out, size_t *n, int64_t *total);

/* Transitions (409 "illegal_transition" when the state does not allow it, 403 "role_denied" /
 * "not_accountable" when the actor may not). *out is the updated record. */
XA_MUST_CHECK int xa_incident_svc_dispatch(struct xa_ctx *ctx, int64_t id, int64_t officer_id,
                                           const char *note, struct xa_incident *out);
XA_MUST_CHECK int xa_incident_svc_arrive(struct xa_ctx *ctx, int64_t id, struct xa_incident *out);
XA_MUST_CHECK int xa_incident_svc_handle(struct xa_ctx *ctx, int64_t id, const char *result,
                                         struct xa_incident *out);
XA_MUST_CHECK int xa_incident_svc_reply(struct xa_ctx *ctx, int64_t id, const char *method,
                                        const char *content, struct xa_incident *out);
XA_MUST_CHECK int xa_incident_svc_close(struct xa_ctx *ctx, int64_t id, const char *note,
                                        struct xa_incident *out);

/* The full value of a masked field ("caller_phone" or "caller_id_number") for a stated reason;
 * audited. 422 without a reason, 404 "no_value" when the field is empty. */
XA_MUST_CHECK int xa_incident_svc_reveal(struct xa_ctx *ctx, int64_t id, const char *field,
                                         const char *reason, const char **value_out);

/* What a caller may see from a status code: status, the step times and the reply; every other
 * field of *out is cleared. No login needed. 404 for an unknown or malformed code. */
XA_MUST_CHECK int xa_incident_svc_public(struct xa_ctx *ctx, const char *status_code,
                                         struct xa_incident *out);

/* SLA rules (时限): every configured rule (any logged-in user), and setting one (admin only;
 * category and priority 0 are wildcards; each step 1 min .. 30 days and in step order). A rule
 * applies to incidents received after it is set; deadlines are fixed at intake. */
XA_MUST_CHECK int xa_incident_svc_sla_list(struct xa_ctx *ctx, struct xa_sla_rule **out,
                                           size_t *n);
XA_MUST_CHECK int xa_incident_svc_sla_set(struct xa_ctx *ctx, const struct xa_sla_rule *rule);

#endif
