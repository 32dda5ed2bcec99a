/*
 * stats_svc.c - leaders' figures over the store's grouped counts.
 */
#include "service/stats_svc.h"

#include "base/time.h"

#include <string.h>

/* Shanghai midnight of the first day of the month containing t. */
static int64_t first_of_month(int64_t t)
{
    int32_t day = xa_time_day_cn(t);
    int64_t days = xa_time_days_from_civil(day / 10000, (unsigned)(day / 100 % 100), 1);
    return days * 86400 - XA_TIME_CN_OFFSET;
}

int xa_stats_svc_dashboard(struct xa_ctx *ctx, int64_t unit_id, struct xa_dashboard *out)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    memset(out, 0, sizeof(*out));
    out->today_start = xa_time_day_start_cn(ctx->now);
    out->month_start = first_of_month(ctx->now);
    out->series_start = out->today_start - (XA_STATS_DAYS - 1) * 86400;
    struct xa_incident_filter f = {
        .scope_path = ctx->actor->scope_path,
        .unit_id = unit_id,
        .now = ctx->now,
    };
    int rc;
    f.from = out->today_start;
    rc = xa_store_incident_count(ctx->store, ctx->arena, &f, XA_INCIDENT_BY_STATUS,
                                 &out->today_by_status, &out->n_today);
    if (rc)
        return rc;
    f.from = out->month_start;
    rc = xa_store_incident_count(ctx->store, ctx->arena, &f, XA_INCIDENT_BY_STATUS,
                                 &out->month_by_status, &out->n_month);
    if (rc)
        return rc;
    int64_t *times;
    size_t n_times;
    rc = xa_store_incident_response_times(ctx->store, ctx->arena, &f, &times, &n_times);
    if (rc)
        return rc;
    out->response_n = (int64_t)n_times;
    out->response_median_s = !n_times         ? -1
                             : n_times % 2 ? times[n_times / 2]
                                           : (times[n_times / 2 - 1] + times[n_times / 2]) / 2;
    f.from = out->series_start;
    rc = xa_store_incident_count(ctx->store, ctx->arena, &f, XA_INCIDENT_BY_DAY_CATEGORY,
                                 &out->daily, &out->n_daily);
    if (rc)
        return rc;
    struct xa_incident_filter o = {.scope_path = f.scope_path, .unit_id = unit_id,
                                   .now = ctx->now, .overdue = true};
    struct xa_count_row *rows;
    size_t n;
    rc = xa_store_incident_count(ctx->store, ctx->arena, &o, XA_INCIDENT_BY_STATUS, &rows, &n);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        out->overdue += rows[i].n;
    struct xa_incident_filter t = {.scope_path = f.scope_path, .unit_id = unit_id,
                                   .now = ctx->now, .from = out->today_start, .page = 1,
                                   .per_page = 200, .sort = "-received_at"};
    int64_t total;
    rc = xa_store_incident_list(ctx->store, ctx->arena, &t, &out->today, &out->n_today_points,
                                &total);
    return rc;
}

int xa_stats_svc_overdue(struct xa_ctx *ctx, int64_t unit_id, struct xa_count_row **out,
                         size_t *n, int64_t *total)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_incident_filter f = {.scope_path = ctx->actor->scope_path, .unit_id = unit_id,
                                   .now = ctx->now, .overdue = true};
    struct xa_count_row *rows;
    size_t nr;
    int rc = xa_store_incident_count(ctx->store, ctx->arena, &f, XA_INCIDENT_BY_UNIT_STATUS, &rows,
                                     &nr);
    if (rc)
        return rc;
    *total = 0;
    for (size_t i = 0; i < nr; i++) {
        /* the step an overdue incident waits for follows from its status alone */
        rows[i].key2 = xa_incident_status_step((int)rows[i].key2);
        *total += rows[i].n;
    }
    *out = rows;
    *n = nr;
    return XA_OK;
}
