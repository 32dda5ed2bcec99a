/*
 * api_stats.c - GET /api/v1/stats/dashboard and /api/v1/incidents/overdue-summary: the leaders'
 * figures, computed by the service from the records.
 */
#include "http/api.h"

#include "base/time.h"
#include "core/incident.h"
#include "service/org_svc.h"
#include "service/stats_svc.h"

#include <stdio.h>

static json_t *by_status(const struct xa_count_row *rows, size_t n)
{
    json_t *o = json_object();
    int64_t total = 0;
    for (size_t i = 0; i < xa_vocab_incident_status.n; i++)
        json_object_set_new(o, xa_vocab_incident_status.entries[i].code, json_integer(0));
    for (size_t i = 0; i < n; i++) {
        const char *code = xa_incident_status_code((int)rows[i].key1);
        if (code)
            json_object_set_new(o, code, json_integer(rows[i].n));
        total += rows[i].n;
    }
    return json_pack("{s:I, s:o}", "total", (json_int_t)total, "by_status", o);
}

int xa_api_stats_dashboard(struct xa_req *r)
{
    int64_t unit = 0;
    xa_req_query_int(r, "unit", 1, INT64_MAX, &unit);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_dashboard d;
    int rc = xa_stats_svc_dashboard(&r->ctx, unit, &d);
    if (rc)
        return rc;
    json_t *daily = json_array();
    for (int k = 0; k < XA_STATS_DAYS; k++) {
        int64_t t = d.series_start + (int64_t)k * 86400;
        int32_t day = xa_time_day_cn(t);
        char label[16];
        snprintf(label, sizeof(label), "%04d-%02d-%02d", (int)(day / 10000), (int)(day / 100 % 100),
                 (int)(day % 100));
        json_t *cats = json_object();
        for (size_t i = 0; i < xa_vocab_category.n; i++)
            json_object_set_new(cats, xa_vocab_category.entries[i].code, json_integer(0));
        int64_t total = 0;
        for (size_t i = 0; i < d.n_daily; i++) {
            if (d.daily[i].key1 != day)
                continue;
            const char *code = xa_vocab_code(&xa_vocab_category, (int)d.daily[i].key2);
            if (code)
                json_object_set_new(cats, code, json_integer(d.daily[i].n));
            total += d.daily[i].n;
        }
        json_array_append_new(daily, json_pack("{s:s, s:I, s:o}", "day", label, "total",
                                                (json_int_t)total, "by_category", cats));
    }
    json_t *points = json_array();
    for (size_t i = 0; i < d.n_today_points; i++) {
        const struct xa_incident *inc = &d.today[i];
        if (!inc->has_location)
            continue;
        json_array_append_new(
            points, json_pack("{s:I, s:s, s:f, s:f, s:o, s:o, s:b}", "id", (json_int_t)inc->id,
                              "code", inc->code, "lat", inc->lat, "lon", inc->lon, "category",
                              xa_req_json_str(xa_vocab_code(&xa_vocab_category, inc->category)),
                              "status", xa_req_json_str(xa_incident_status_code(inc->status)),
                              "overdue", xa_incident_overdue_step(inc, r->ctx.now) != 0));
    }
    return xa_req_reply(
        r, 200,
        json_pack("{s:o, s:o, s:o, s:I, s:I, s:o, s:o}", "today",
                  by_status(d.today_by_status, d.n_today), "month",
                  by_status(d.month_by_status, d.n_month), "response_median_s",
                  d.response_median_s >= 0 ? json_integer(d.response_median_s) : json_null(),
                  "response_count", (json_int_t)d.response_n, "overdue", (json_int_t)d.overdue,
                  "daily", daily, "today_points", points));
}

int xa_api_stats_overdue(struct xa_req *r)
{
    int64_t unit = 0;
    xa_req_query_int(r, "unit", 1, INT64_MAX, &unit);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_count_row *rows;
    size_t n;
    int64_t total;
    int rc = xa_stats_svc_overdue(&r->ctx, unit, &rows, &n, &total);
    if (rc)
        return rc;
    struct xa_unit *units;
    size_t nu;
    rc = xa_org_svc_unit_list(&r->ctx, &units, &nu);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        for (size_t j = 0; j < nu && !name; j++)
            if (units[j].id == rows[i].key1)
                name = units[j].name;
        json_array_append_new(
            items, json_pack("{s:I, s:o, s:o, s:I}", "unit_id", (json_int_t)rows[i].key1,
                             "unit_name", xa_req_json_str(name), "step",
                             xa_req_json_str(xa_incident_step_code((int)rows[i].key2)), "count",
                             (json_int_t)rows[i].n));
    }
    return xa_req_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}
