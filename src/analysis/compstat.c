/*
 * compstat.c - CompStat counts in one pass over the index's time, unit, category (and grid)
 * columns.
 *
 * How: the periods b0 - shift .. b1 (this period and a year ago, overlapping when the range
 * is longer than a year) are counted once into a dense table of groups x periods; a table of
 * Shanghai days maps a row's day to its period, so weeks and months cost the same; each
 * column value maps to its part of the group key (-1: not counted), so a row costs a few
 * loads and one increment. "now" and "last" are then two views of that table, shift apart.
 * Invariant: the counted interval starts and ends at Shanghai midnights, which are multiples
 * of 86400 s from XA_INDEX_T0, so a row's day is one division of its stored time.
 */
#include "analysis/compstat.h"

#include "base/mem.h"
#include "base/time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define WEEK (7 * DAY)
#define MONDAY0 (4 * DAY) /* 1970-01-01 was a Thursday: week 0 starts on the 5th */

static int64_t floor_div(int64_t a, int64_t m)
{
    int64_t q = a / m;
    return q * m > a ? q - 1 : q;
}

int64_t xa_compstat_bucket(int period, int64_t t)
{
    int64_t local = t + XA_TIME_CN_OFFSET;
    if (period == XA_COMPSTAT_WEEK)
        return floor_div(local - MONDAY0, WEEK);
    int32_t day = xa_time_day_cn(t);
    return (int64_t)(day / 10000) * 12 + (day / 100 % 100) - 1;
}

int64_t xa_compstat_bucket_start(int period, int64_t b)
{
    if (period == XA_COMPSTAT_WEEK)
        return b * WEEK + MONDAY0 - XA_TIME_CN_OFFSET;
    int64_t y = floor_div(b, 12);
    unsigned m = (unsigned)(b - y * 12) + 1;
    return xa_time_days_from_civil(y, m, 1) * DAY - XA_TIME_CN_OFFSET;
}

int64_t xa_compstat_shift(int period)
{
    return period == XA_COMPSTAT_WEEK ? 52 : 12;
}

void xa_compstat_label(int period, int64_t b, char *out)
{
    if (period == XA_COMPSTAT_WEEK) {
        /* the ISO year of a week is the year of its Thursday */
        int32_t thu = xa_time_day_cn(xa_compstat_bucket_start(period, b) + 3 * DAY);
        int64_t y = thu / 10000;
        int64_t doy =
            xa_time_days_from_civil(y, (unsigned)(thu / 100 % 100), (unsigned)(thu % 100)) -
            xa_time_days_from_civil(y, 1, 1);
        snprintf(out, XA_COMPSTAT_LABEL_MAX, "%04d-W%02d", (int)y, (int)(doy / 7 + 1));
        return;
    }
    int64_t y = floor_div(b, 12);
    snprintf(out, XA_COMPSTAT_LABEL_MAX, "%04d-%02d", (int)y, (int)(b - y * 12 + 1));
}

#define SKIP UINT16_MAX /* a day between last year's periods and this year's */

static void count(const struct xa_index *ix, const int64_t *ku, const int64_t *kc,
                  const int64_t *kg, int64_t lo, int64_t span, const uint16_t *day_bucket,
                  size_t nb, uint32_t *cells)
{
    const struct xa_index_incidents *t = &ix->inc;
    for (size_t i = 0; i < t->n; i++) {
        uint64_t d = (uint64_t)((int64_t)t->t[i] - lo);
        if (d >= (uint64_t)span)
            continue;
        uint16_t b = day_bucket[d / DAY];
        int64_t key = ku[t->unit[i]];
        if (key < 0 || b == SKIP)
            continue;
        key += kc[t->category[i]];
        if (kg)
            key += kg[t->grid[i]];
        cells[(size_t)key * nb + b]++;
    }
}

int xa_compstat_run(const struct xa_index *ix, const struct xa_compstat_query *q,
                    struct xa_arena *a, struct xa_compstat_result *out)
{
    if ((q->period != XA_COMPSTAT_WEEK && q->period != XA_COMPSTAT_MONTH) || q->b1 < q->b0 ||
        (q->by & ~7u))
        return XA_EINVAL;
    int64_t shift = xa_compstat_shift(q->period);
    int64_t b_lo = q->b0 - shift;
    size_t nb_all = (size_t)(q->b1 - b_lo + 1), nb = (size_t)(q->b1 - q->b0 + 1);
    if (nb_all >= SKIP)
        return XA_ETOOBIG;
    int64_t lo = xa_compstat_bucket_start(q->period, b_lo) - XA_INDEX_T0;
    int64_t hi = xa_compstat_bucket_start(q->period, q->b1 + 1) - XA_INDEX_T0;
    size_t n_days = (size_t)((hi - lo) / DAY);

    /* group keys: unit (compacted to the counted ones) x category x grid */
    size_t nu = ix->units.n, ng = ix->grids.n, nc = (size_t)ix->category_max + 1;
    int64_t *ku = xa_xmalloc(nu * sizeof(*ku)), kc[256] = {0}, *kg = NULL;
    uint16_t *unit_of = xa_xmalloc(nu * sizeof(*unit_of)); /* compact -> dense */
    size_t cu = 0;
    for (size_t u = 0; u < nu; u++) {
        bool ok = u > 0 && (!q->unit_ok || (u < q->n_unit_ok && q->unit_ok[u]));
        ku[u] = ok ? (int64_t)cu : -1;
        if (ok)
            unit_of[cu++] = (uint16_t)u;
    }
    size_t k_u = q->by & XA_COMPSTAT_BY_UNIT ? cu : 1;
    size_t k_c = q->by & XA_COMPSTAT_BY_CATEGORY ? nc : 1;
    size_t k_g = q->by & XA_COMPSTAT_BY_GRID ? ng : 1;
    size_t n_keys = k_u * k_c * k_g;
    int rc = XA_OK;
    uint16_t *day_bucket = NULL;
    uint32_t *cells = NULL;
    if (n_keys * nb_all > XA_COMPSTAT_MAX_CELLS) {
        rc = XA_ETOOBIG;
        goto out;
    }
    for (size_t u = 0; u < nu; u++)
        if (ku[u] >= 0)
            ku[u] = q->by & XA_COMPSTAT_BY_UNIT ? ku[u] * (int64_t)(k_c * k_g) : 0;
    if (q->by & XA_COMPSTAT_BY_CATEGORY)
        for (size_t c = 0; c < nc; c++)
            kc[c] = (int64_t)(c * k_g);
    if (q->by & XA_COMPSTAT_BY_GRID) {
        kg = xa_xmalloc(ng * sizeof(*kg));
        for (size_t g = 0; g < ng; g++)
            kg[g] = (int64_t)g;
    }

    day_bucket = xa_xmalloc((n_days ? n_days : 1) * sizeof(*day_bucket));
    for (size_t d = 0; d < n_days; d++) {
        int64_t b = xa_compstat_bucket(q->period, XA_INDEX_T0 + lo + (int64_t)d * DAY) - b_lo;
        day_bucket[d] = b < (int64_t)nb || b >= shift ? (uint16_t)b : SKIP;
    }
    cells = xa_xcalloc(n_keys * nb_all, sizeof(*cells));
    count(ix, ku, kc, kg, lo, hi - lo, day_bucket, nb_all, cells);

    size_t n_rows = 0;
    for (size_t k = 0; k < n_keys; k++)
        for (size_t b = 0; b < nb_all; b++)
            if (cells[k * nb_all + b]) {
                n_rows++;
                break;
            }
    struct xa_compstat_row *rows = xa_arena_alloc(a, (n_rows ? n_rows : 1) * sizeof(*rows));
    size_t r = 0;
    for (size_t k = 0; k < n_keys; k++) {
        const uint32_t *c = &cells[k * nb_all];
        size_t b = 0;
        while (b < nb_all && !c[b])
            b++;
        if (b == nb_all)
            continue;
        struct xa_compstat_row *row = &rows[r++];
        size_t ui = k / (k_c * k_g), ci = k / k_g % k_c, gi = k % k_g;
        row->unit = q->by & XA_COMPSTAT_BY_UNIT ? unit_of[ui] : 0;
        row->category = q->by & XA_COMPSTAT_BY_CATEGORY ? (uint8_t)ci : 0;
        row->grid = q->by & XA_COMPSTAT_BY_GRID ? (uint16_t)gi : 0;
        row->now = xa_arena_alloc(a, nb * sizeof(*row->now));
        row->last = xa_arena_alloc(a, nb * sizeof(*row->last));
        memcpy(row->now, c + shift, nb * sizeof(*c));
        memcpy(row->last, c, nb * sizeof(*c));
    }
    out->n_buckets = nb;
    out->rows = rows;
    out->n_rows = n_rows;
out:
    free(ku);
    free(kg);
    free(unit_of);
    free(day_bucket);
    free(cells);
    return rc;
}
