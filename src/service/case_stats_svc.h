/*
 * case_stats_svc.h - case statistics (案件统计) exactly as docs/cases.md defines them: opened,
 * solved, clearance rate, arrests, loss, recovered, recovery rate, median and 90th percentile
 * of the hours to solve (nearest rank), the same period a year earlier, the change, and rows
 * per station or per top-level type.
 */
#ifndef XA_CASE_STATS_SVC_H
#define XA_CASE_STATS_SVC_H

#include "core/case.h"
#include "service/ctx.h"

/* The figures of one period (and one row). A rate or an hour figure that cannot be computed
 * (nothing to divide by, nothing solved) is negative. Rates are rounded to 4 decimals, hours
 * to 2. */
struct xa_case_figures {
    int64_t key_id;
    const char *key, *name;
    int64_t opened, solved, arrests, loss_fen, recovered_fen;
    double clearance_rate, recovery_rate;
    double solve_hours_median, solve_hours_p90;
};

struct xa_case_stats {
    int64_t from, to;           /* [from, to): Shanghai midnights */
    int64_t ly_from, ly_to;     /* the same days a year earlier */
    struct xa_case_figures now; /* this period */
    struct xa_case_figures last_year;
    struct xa_case_figures *rows; /* per group of q->group, this period */
    size_t n_rows;
};

/* Computes the statistics of q (from/to as Shanghai midnights, to exclusive) within the
 * actor's scope; leaders and analysts only (403 otherwise). */
XA_MUST_CHECK int xa_case_stats_svc_get(struct xa_ctx *ctx, const struct xa_case_stats_query *q,
                                        struct xa_case_stats *out);

/* (this - last) / last rounded to 4 decimals; negative infinity is never returned: *ok is false
 * when last is 0. */
double xa_case_stats_svc_change(double now, double last, bool *ok);

#endif
