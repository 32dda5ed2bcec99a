/*
 * stats_svc.h - figures for leaders (挂图作战), computed from the records every time, never
 * typed in: today's and this month's calls by status, median response time, the overdue
 * board, a 30-day series by category and today's calls on the map.
 */
#ifndef XA_STATS_SVC_H
#define XA_STATS_SVC_H

#include "core/incident.h"
#include "service/ctx.h"

#define XA_STATS_DAYS 30

struct xa_dashboard {
    int64_t today_start, month_start, series_start; /* epoch of the Shanghai midnights */
    struct xa_count_row *today_by_status;
    size_t n_today;
    struct xa_count_row *month_by_status;
    size_t n_month;
    int64_t response_median_s; /* this month's arrivals; -1 when none */
    int64_t response_n;
    int64_t overdue;
    struct xa_count_row *daily; /* key1 = YYYYMMDD, key2 = category */
    size_t n_daily;
    struct xa_incident *today; /* today's calls (masked), newest first, at most 500 */
    size_t n_today_points;
};

/* The dashboard of the actor's units, or of unit_id's subtree (within scope) when non-zero. */
XA_MUST_CHECK int xa_stats_svc_dashboard(struct xa_ctx *ctx, int64_t unit_id,
                                         struct xa_dashboard *out);

/* Overdue open incidents per (unit, step): key1 = unit id, key2 = enum xa_incident_step. */
XA_MUST_CHECK int xa_stats_svc_overdue(struct xa_ctx *ctx, int64_t unit_id,
                                       struct xa_count_row **out, size_t *n, int64_t *total);

#endif
