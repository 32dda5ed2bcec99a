/*
 * api_compstat.c - GET /api/v1/stats/compstat: CompStat for the leaders' page (ECharts), counted
 * by the analysis index (service/analysis_svc.h).
 *
 * ?by=station,category (any of station|unit, category, grid; default station,category)
 * &period=week|month (default week) &from=YYYY-MM-DD&to=YYYY-MM-DD (whole periods from the one
 * containing `from` to the one containing `to`; default the 12 periods up to today) &unit=ID.
 * Every series is an array over `periods`; change is (this - last) / last, null when last is 0.
 */
#include "http/api.h"

#include "base/time.h"
#include "service/analysis_svc.h"
#include "service/org_svc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const struct {
    const char *word;
    unsigned bit;
} dims[] = {
    {"station", XA_COMPSTAT_BY_UNIT},
    {"unit", XA_COMPSTAT_BY_UNIT},
    {"category", XA_COMPSTAT_BY_CATEGORY},
    {"grid", XA_COMPSTAT_BY_GRID},
};

/* The by list: comma-separated words, each dimension once. */
static void parse_by(struct xa_req *r, unsigned *out)
{
    const char *s = xa_req_query(r, "by");
    if (!s || !*s) {
        *out = XA_COMPSTAT_BY_UNIT | XA_COMPSTAT_BY_CATEGORY;
        return;
    }
    unsigned by = 0;
    while (*s) {
        const char *end = strchr(s, ',');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        unsigned bit = 0;
        for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]) && !bit; i++)
            if (strlen(dims[i].word) == len && strncmp(dims[i].word, s, len) == 0)
                bit = dims[i].bit;
        if (!bit || (by & bit)) {
            xa_verr_add(&r->ctx.verr, "by", "unknown_value");
            return;
        }
        by |= bit;
        s += len;
        if (*s == ',' && *++s == '\0') {
            xa_verr_add(&r->ctx.verr, "by", "unknown_value");
            return;
        }
    }
    *out = by;
}

/* A date "YYYY-MM-DD" (Shanghai) as the epoch of its midnight. */
static void parse_date(struct xa_req *r, const char *name, int64_t *out)
{
    const char *s = xa_req_query(r, name);
    if (!s || !*s)
        return;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || xa_time_parse(s, out))
        xa_verr_add(&r->ctx.verr, name, "bad_time");
}

static json_t *date_json(int64_t t)
{
    int32_t d = xa_time_day_cn(t);
    char text[16];
    snprintf(text, sizeof(text), "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
             (int)(d % 100));
    return json_string(text);
}

static json_t *change_json(int64_t now, int64_t last)
{
    if (last == 0)
        return json_null();
    return json_real(round((double)(now - last) / (double)last * 10000.0) / 10000.0);
}

/* counts, last_year, change, total, total_last_year, total_change of one series into o. */
static void series(json_t *o, const int64_t *now, const int64_t *last, size_t n, int64_t total_now,
                   int64_t total_last)
{
    json_t *c = json_array(), *l = json_array(), *ch = json_array();
    for (size_t k = 0; k < n; k++) {
        json_array_append_new(c, json_integer(now[k]));
        json_array_append_new(l, json_integer(last[k]));
        json_array_append_new(ch, change_json(now[k], last[k]));
    }
    json_object_set_new(o, "counts", c);
    json_object_set_new(o, "last_year", l);
    json_object_set_new(o, "change", ch);
    json_object_set_new(o, "total", json_integer(total_now));
    json_object_set_new(o, "total_last_year", json_integer(total_last));
    json_object_set_new(o, "total_change", change_json(total_now, total_last));
}

int xa_api_compstat(struct xa_req *r)
{
    struct xa_compstat_request q = {.period = XA_COMPSTAT_WEEK};
    const char *period = xa_req_query(r, "period");
    if (period && *period) {
        if (strcmp(period, "week") == 0)
            q.period = XA_COMPSTAT_WEEK;
        else if (strcmp(period, "month") == 0)
            q.period = XA_COMPSTAT_MONTH;
        else
            xa_verr_add(&r->ctx.verr, "period", "unknown_value");
    }
    parse_by(r, &q.by);
    parse_date(r, "from", &q.from);
    parse_date(r, "to", &q.to);
    xa_req_query_int(r, "unit", 1, INT64_MAX, &q.unit_id);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_compstat_report rep;
    int rc = xa_analysis_svc_compstat(&r->ctx, &q, XA_ANALYSIS_INDEX, &rep);
    if (rc)
        return rc;
    struct xa_unit *units = NULL;
    size_t nu = 0;
    struct xa_grid *grids = NULL;
    size_t ng = 0;
    if (q.by & XA_COMPSTAT_BY_UNIT)
        rc = xa_org_svc_unit_list(&r->ctx, &units, &nu);
    if (!rc && (q.by & XA_COMPSTAT_BY_GRID))
        rc = xa_org_svc_grid_list(&r->ctx, &grids, &ng);
    if (rc)
        return rc;

    json_t *by = json_array();
    for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
        if ((q.by & dims[i].bit) && strcmp(dims[i].word, "unit") != 0)
            json_array_append_new(by, json_string(dims[i].word));
    json_t *periods = json_array();
    for (size_t k = 0; k < rep.n_periods; k++)
        json_array_append_new(
            periods, json_pack("{s:s, s:o, s:o, s:s, s:o, s:o}", "label", rep.label[k], "start",
                               date_json(rep.start[k]), "end", date_json(rep.start[k + 1] - 1),
                               "last_year_label", rep.last_label[k], "last_year_start",
                               date_json(rep.last_start[k]), "last_year_end",
                               date_json(rep.last_start[k + 1] - 1)));
    json_t *rows = json_array();
    for (size_t i = 0; i < rep.n_groups; i++) {
        const struct xa_compstat_group *gr = &rep.groups[i];
        json_t *o = json_object();
        if (q.by & XA_COMPSTAT_BY_UNIT) {
            const struct xa_unit *u = NULL;
            for (size_t j = 0; j < nu && !u; j++)
                if (units[j].id == gr->unit_id)
                    u = &units[j];
            json_object_set_new(o, "station_id", json_integer(gr->unit_id));
            json_object_set_new(o, "station_code", xa_req_json_str(u ? u->code : NULL));
            json_object_set_new(o, "station_name", xa_req_json_str(u ? u->name : NULL));
        }
        if (q.by & XA_COMPSTAT_BY_CATEGORY)
            json_object_set_new(o, "category",
                                xa_req_json_str(xa_vocab_code(&xa_vocab_category, gr->category)));
        if (q.by & XA_COMPSTAT_BY_GRID) {
            const struct xa_grid *gd = NULL;
            for (size_t j = 0; j < ng && !gd; j++)
                if (grids[j].id == gr->grid_id)
                    gd = &grids[j];
            json_object_set_new(o, "grid_id", xa_req_json_id(gr->grid_id));
            json_object_set_new(o, "grid_name", xa_req_json_str(gd ? gd->name : NULL));
        }
        series(o, gr->now, gr->last, rep.n_periods, gr->total_now, gr->total_last);
        json_array_append_new(rows, o);
    }
    int64_t tn = 0, tl = 0;
    for (size_t k = 0; k < rep.n_periods; k++) {
        tn += rep.total_now[k];
        tl += rep.total_last[k];
    }
    json_t *totals = json_object();
    series(totals, rep.total_now, rep.total_last, rep.n_periods, tn, tl);
    bool week = q.period == XA_COMPSTAT_WEEK;
    return xa_req_reply(
        r, 200,
        json_pack("{s:s, s:o, s:o, s:o, s:{s:o, s:o}, s:s, s:o, s:o, s:o}", "period",
                  week ? "week" : "month", "by", by, "from", date_json(rep.from), "to",
                  date_json(rep.to - 1), "last_year", "from", date_json(rep.last_from), "to",
                  date_json(rep.last_to - 1), "last_year_rule", week ? "52_weeks" : "12_months",
                  "periods", periods, "rows", rows, "totals", totals));
}
