/*
 * case_stats_svc.c - the case statistics of docs/cases.md from the store's counted figures
 * and times to solve. The store counts; this file divides, ranks and compares with a year
 * earlier, so every definition is written once, here.
 */
#include "service/case_stats_svc.h"

#include "base/time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static double round_to(double v, double scale)
{
    return round(v * scale) / scale;
}

double xa_case_stats_svc_change(double now, double last, bool *ok)
{
    *ok = last != 0;
    return *ok ? round_to((now - last) / last, 1e4) : 0;
}

/* Rates and hour figures of f from its counts and the sorted seconds v[0..n). */
static void derive(struct xa_case_figures *f, const int64_t *v, size_t n)
{
    f->clearance_rate = f->opened ? round_to((double)f->solved / (double)f->opened, 1e4) : -1;
    f->recovery_rate =
        f->loss_fen ? round_to((double)f->recovered_fen / (double)f->loss_fen, 1e4) : -1;
    f->solve_hours_median = n ? round_to((double)xa_case_percentile(v, n, 50) / 3600.0, 100) : -1;
    f->solve_hours_p90 = n ? round_to((double)xa_case_percentile(v, n, 90) / 3600.0, 100) : -1;
}

static int cmp_i64(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* The figures of q (one group) and, with rows, per group. */
static int figures(struct xa_ctx *ctx, const struct xa_case_stats_query *q,
                   struct xa_case_figures *total, struct xa_case_figures **rows, size_t *n_rows)
{
    struct xa_case_stats_row *v;
    struct xa_case_solve_time *t;
    size_t nv, nt;
    int rc = xa_store_case_stats(ctx->store, ctx->arena, q, &v, &nv);
    if (!rc)
        rc = xa_store_case_solve_times(ctx->store, ctx->arena, q, &t, &nt);
    if (rc)
        return rc;
    int64_t *all = xa_arena_alloc(ctx->arena, (nt ? nt : 1) * sizeof(*all));
    int64_t *part = xa_arena_alloc(ctx->arena, (nt ? nt : 1) * sizeof(*part));
    memset(total, 0, sizeof(*total));
    for (size_t i = 0; i < nv; i++) {
        total->opened += v[i].opened;
        total->solved += v[i].solved;
        total->arrests += v[i].arrests;
        total->loss_fen += v[i].loss_fen;
        total->recovered_fen += v[i].recovered_fen;
    }
    for (size_t i = 0; i < nt; i++)
        all[i] = t[i].seconds;
    qsort(all, nt, sizeof(*all), cmp_i64);
    derive(total, all, nt);
    if (!rows)
        return XA_OK;
    struct xa_case_figures *out = xa_arena_alloc(ctx->arena, (nv ? nv : 1) * sizeof(*out));
    for (size_t i = 0; i < nv; i++) {
        struct xa_case_figures *f = &out[i];
        f->key_id = v[i].key_id;
        f->key = v[i].key;
        f->name = v[i].name;
        f->opened = v[i].opened;
        f->solved = v[i].solved;
        f->arrests = v[i].arrests;
        f->loss_fen = v[i].loss_fen;
        f->recovered_fen = v[i].recovered_fen;
        size_t k = 0;
        for (size_t j = 0; j < nt; j++)
            if (t[j].key_id == v[i].key_id)
                part[k++] = t[j].seconds;
        qsort(part, k, sizeof(*part), cmp_i64);
        derive(f, part, k);
    }
    *rows = out;
    *n_rows = nv;
    return XA_OK;
}

/* The same calendar day a year earlier (29 February becomes 28 February), as a midnight. */
static int64_t year_before(int64_t t)
{
    int32_t d = xa_time_day_cn(t);
    int y = d / 10000 - 1, m = d / 100 % 100, day = d % 100;
    if (m == 2 && day == 29)
        day = 28;
    return xa_time_days_from_civil(y, (unsigned)m, (unsigned)day) * 86400 - XA_TIME_CN_OFFSET +
           (t - xa_time_day_start_cn(t));
}

int xa_case_stats_svc_get(struct xa_ctx *ctx, const struct xa_case_stats_query *q,
                          struct xa_case_stats *out)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (ctx->actor->role != XA_ROLE_LEADER && ctx->actor->role != XA_ROLE_ANALYST)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    struct xa_case_stats s;
    memset(&s, 0, sizeof(s));
    struct xa_case_stats_query g = *q;
    g.scope_path = ctx->actor->scope_path;
    s.from = q->from;
    s.to = q->to;
    int rc = xa_store_begin(ctx->store, false);
    if (rc)
        return rc;
    rc = figures(ctx, &g, &s.now, g.group ? &s.rows : NULL, &s.n_rows);
    if (!rc) {
        struct xa_case_stats_query ly = g;
        ly.from = s.ly_from = year_before(q->from);
        ly.to = s.ly_to = year_before(q->to);
        ly.group = XA_CASE_GROUP_NONE;
        rc = figures(ctx, &ly, &s.last_year, NULL, NULL);
    }
    xa_store_rollback(ctx->store);
    if (rc)
        return rc;
    *out = s;
    return XA_OK;
}
