/*
 * audit_svc.h - reading the audit log (审计日志). Administrators and leaders only. The log is
 * written by every other service in the transaction of the write it records.
 */
#ifndef XA_AUDIT_SVC_H
#define XA_AUDIT_SVC_H

#include "service/ctx.h"

/* Rows matching f, newest first, with the total before paging. 403 for other roles. */
XA_MUST_CHECK int xa_audit_svc_list(struct xa_ctx *ctx, const struct xa_audit_filter *f,
                                    struct xa_audit **out, size_t *n, int64_t *total);

#endif
