/*
 * index_test.c - the analysis index's columns (append, ordered insert, replace and status in
 * place, refusals, bytes per incident) and the periods of CompStat (ISO weeks across a year
 * boundary and week 53, months in Shanghai, the shift to last year) with counts over a small
 * hand-made index.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "analysis/compstat.h"
#include "analysis/index.h"
#include "base/arena.h"
#include "base/time.h"

#include <math.h>
#include <string.h>

/* UTC epoch of a Shanghai wall time. */
static int64_t cn(int y, unsigned m, unsigned d, int hh, int mm, int ss)
{
    return xa_time_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - XA_TIME_CN_OFFSET;
}

static struct xa_incident inc_at(int64_t id, int64_t unit, int category, int64_t t)
{
    struct xa_incident inc = {
        .id = id,
        .unit_id = unit,
        .category = category,
        .priority = 3,
        .channel = 1,
        .status = 1,
        .received_at = t,
    };
    return inc;
}

static void put(struct xa_index *ix, struct xa_incident inc)
{
    assert_int_equal(xa_index_incident_put(ix, &inc), XA_OK);
}

/* appending keeps every column; the first located incident fixes the origin */
static void test_append_fills_columns(void **state)
{
    (void)state;
    struct xa_index ix;
    xa_index_init(&ix);
    int64_t t = cn(2026, 3, 1, 8, 30, 0);
    struct xa_incident a = inc_at(10, 7, 2, t);
    a.occurred_at = t - 3600;
    a.grid_id = 55;
    a.has_location = true;
    a.lat = 30.5;
    a.lon = 114.3;
    put(&ix, a);
    struct xa_incident b = inc_at(11, 9, 8, t + 60); /* no location, no grid */
    b.status = 6;
    put(&ix, b);
    struct xa_incident c = inc_at(12, 7, 1, t + 120);
    c.has_location = true;
    c.lat = 30.51; /* 0.01 degree north: 1111.95 m */
    c.lon = 114.3;
    put(&ix, c);

    assert_int_equal(ix.inc.n, 3);
    assert_int_equal(ix.inc.id[0], 10);
    assert_int_equal(xa_index_time(ix.inc.t[0]), t);
    assert_int_equal(xa_index_time(ix.inc.t_from[0]), t - 3600);
    assert_int_equal(xa_index_time(ix.inc.t_from[1]), t + 60); /* unknown: received */
    assert_int_equal(xa_index_unit_id(&ix, ix.inc.unit[0]), 7);
    assert_int_equal(xa_index_unit_id(&ix, ix.inc.unit[1]), 9);
    assert_int_equal(ix.inc.unit[0], ix.inc.unit[2]);
    assert_int_equal(xa_index_grid_id(&ix, ix.inc.grid[0]), 55);
    assert_int_equal(ix.inc.grid[1], 0);
    assert_int_equal(ix.inc.category[1], 8);
    assert_int_equal(ix.inc.status[1], 6);
    assert_int_equal(ix.inc.priority[0], 3);
    assert_int_equal(ix.inc.channel[0], 1);
    assert_true(ix.has_origin);
    assert_true(fabsf(ix.inc.x[0]) < 1e-3f && fabsf(ix.inc.y[0]) < 1e-3f);
    assert_true(isnan(ix.inc.x[1]) && isnan(ix.inc.y[1]));
    assert_true(fabsf(ix.inc.y[2] - 1111.95f) < 0.1f);
    assert_true(fabsf(ix.inc.x[2]) < 1e-3f);
    assert_int_equal(ix.category_max, 8);
    assert_int_equal(xa_index_unit_find(&ix, 9), ix.inc.unit[1]);
    assert_int_equal(xa_index_unit_find(&ix, 12345), -1);
    xa_index_release(&ix);
}

/* a late smaller id goes in order; the same id again replaces its row; status changes in place */
static void test_insert_replace_and_status_in_place(void **state)
{
    (void)state;
    struct xa_index ix;
    xa_index_init(&ix);
    int64_t t = cn(2026, 5, 4, 12, 0, 0);
    put(&ix, inc_at(1, 3, 1, t));
    put(&ix, inc_at(5, 3, 2, t));
    put(&ix, inc_at(3, 4, 3, t)); /* committed before 5, put after it */
    assert_int_equal(ix.inc.n, 3);
    assert_int_equal(ix.inc.id[0], 1);
    assert_int_equal(ix.inc.id[1], 3);
    assert_int_equal(ix.inc.id[2], 5);
    assert_int_equal(ix.inc.category[1], 3);
    assert_int_equal(xa_index_unit_id(&ix, ix.inc.unit[1]), 4);

    struct xa_incident again = inc_at(3, 4, 3, t);
    again.status = 4;
    put(&ix, again);
    assert_int_equal(ix.inc.n, 3);
    assert_int_equal(ix.inc.status[1], 4);

    assert_int_equal(xa_index_incident_set_status(&ix, 5, 6), XA_OK);
    size_t row;
    assert_int_equal(xa_index_incident_find(&ix, 5, &row), XA_OK);
    assert_int_equal(row, 2);
    assert_int_equal(ix.inc.status[2], 6);
    assert_int_equal(ix.inc.status[0], 1);
    assert_int_equal(xa_index_incident_set_status(&ix, 4, 2), XA_ENOTFOUND);
    assert_int_equal(xa_index_incident_find(&ix, 2, &row), XA_ENOTFOUND);
    xa_index_release(&ix);
}

/* a refused put leaves the index unchanged */
static void test_refusals_change_nothing(void **state)
{
    (void)state;
    struct xa_index ix;
    xa_index_init(&ix);
    int64_t t = cn(2026, 5, 4, 12, 0, 0);
    put(&ix, inc_at(1, 3, 1, t));
    struct xa_incident bad[] = {
        inc_at(0, 3, 1, t),                /* no id */
        inc_at(INT64_C(1) << 33, 3, 1, t), /* id past uint32 */
        inc_at(2, 0, 1, t),                /* no unit */
        inc_at(2, 3, 300, t),              /* category past a byte */
        inc_at(2, 3, 1, t),                /* past 2068, below */
    };
    bad[4].received_at = XA_INDEX_T0 + (INT64_C(1) << 32);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(xa_index_incident_put(&ix, &bad[i]), XA_EINVAL);
    struct xa_incident far = inc_at(2, 3, 1, t);
    far.has_location = true;
    far.lat = 91;
    assert_int_equal(xa_index_incident_put(&ix, &far), XA_EINVAL);
    assert_int_equal(ix.inc.n, 1);
    assert_int_equal(ix.units.n, 2); /* none and unit 3: the refused ones added no unit */
    xa_index_release(&ix);
}

/* 28 bytes of columns a row; with growth by half, never more than 48 allocated per incident */
static void test_bytes_per_incident_within_48(void **state)
{
    (void)state;
    assert_int_equal(xa_index_incident_bytes(), XA_INDEX_INCIDENT_BYTES);
    assert_true(xa_index_incident_bytes() <= 48);
    struct xa_index ix;
    xa_index_init(&ix);
    int64_t t = cn(2026, 1, 1, 0, 0, 0);
    double worst = 0;
    for (int64_t id = 1; id <= 200000; id++) {
        put(&ix, inc_at(id, 1 + id % 5, 1 + (int)(id % 8), t + id * 60));
        if (id >= 1024) {
            double per = (double)xa_index_incident_alloc_bytes(&ix) / (double)id;
            if (per > worst)
                worst = per;
        }
    }
    print_message("incident: %zu B of columns, at most %.1f B allocated per incident\n",
                  xa_index_incident_bytes(), worst);
    assert_true(worst <= 48.0);
    xa_index_release(&ix);
}

static void label_at(int period, int64_t t, const char *want)
{
    char got[XA_COMPSTAT_LABEL_MAX];
    xa_compstat_label(period, xa_compstat_bucket(period, t), got);
    assert_string_equal(got, want);
}

/* ISO weeks start Monday 00:00 Shanghai; the year of a week is its Thursday's; 53-week years */
static void test_iso_weeks_across_year_boundaries(void **state)
{
    (void)state;
    int W = XA_COMPSTAT_WEEK;
    label_at(W, cn(2025, 12, 28, 23, 59, 59), "2025-W52");
    label_at(W, cn(2025, 12, 29, 0, 0, 0), "2026-W01"); /* Monday; 1 Jan 2026 is a Thursday */
    label_at(W, cn(2026, 1, 1, 12, 0, 0), "2026-W01");
    label_at(W, cn(2026, 12, 27, 23, 59, 59), "2026-W52");
    label_at(W, cn(2026, 12, 28, 0, 0, 0), "2026-W53");
    label_at(W, cn(2027, 1, 3, 23, 59, 59), "2026-W53");
    label_at(W, cn(2027, 1, 4, 0, 0, 0), "2027-W01");
    label_at(W, cn(2020, 12, 31, 0, 0, 0), "2020-W53");
    label_at(W, cn(2021, 1, 3, 10, 0, 0), "2020-W53");
    label_at(W, cn(2021, 1, 4, 0, 0, 0), "2021-W01");
    label_at(W, cn(2024, 12, 30, 0, 0, 0), "2025-W01"); /* a week of December in the next year */
    /* Monday 00:00 Shanghai is Sunday 16:00 UTC */
    assert_int_equal(xa_compstat_bucket_start(W, xa_compstat_bucket(W, cn(2026, 3, 4, 9, 0, 0))),
                     cn(2026, 3, 2, 0, 0, 0));
}

/* months are Shanghai calendar months, not UTC ones */
static void test_months_in_shanghai(void **state)
{
    (void)state;
    int M = XA_COMPSTAT_MONTH;
    label_at(M, cn(2025, 12, 31, 23, 59, 59), "2025-12");
    label_at(M, cn(2026, 1, 1, 0, 0, 0), "2026-01"); /* 2025-12-31T16:00Z */
    label_at(M, cn(2024, 2, 29, 12, 0, 0), "2024-02");
    assert_int_equal(xa_compstat_bucket_start(M, xa_compstat_bucket(M, cn(2026, 3, 15, 0, 0, 0))),
                     cn(2026, 3, 1, 0, 0, 0));
    assert_int_equal(
        xa_compstat_bucket_start(M, xa_compstat_bucket(M, cn(2026, 12, 15, 0, 0, 0)) + 1),
        cn(2027, 1, 1, 0, 0, 0));
    /* every time lies in [start(b), start(b + 1)) of its period, both kinds */
    for (int64_t t = cn(2019, 12, 20, 0, 0, 0); t < cn(2027, 2, 1, 0, 0, 0); t += 86400 / 3 + 7) {
        for (int p = XA_COMPSTAT_WEEK; p <= XA_COMPSTAT_MONTH; p++) {
            int64_t b = xa_compstat_bucket(p, t);
            assert_true(xa_compstat_bucket_start(p, b) <= t);
            assert_true(t < xa_compstat_bucket_start(p, b + 1));
        }
    }
}

/* last year is 52 weeks or 12 months back */
static void test_last_year_shift(void **state)
{
    (void)state;
    char got[XA_COMPSTAT_LABEL_MAX];
    int W = XA_COMPSTAT_WEEK, M = XA_COMPSTAT_MONTH;
    struct {
        int period;
        int64_t t;
        const char *last;
    } cases[] = {
        {W, cn(2026, 3, 4, 9, 0, 0), "2025-W10"},   /* 2026-W10 */
        {W, cn(2026, 12, 29, 9, 0, 0), "2026-W01"}, /* W53 compares with W01 of its own year */
        {W, cn(2027, 1, 5, 9, 0, 0), "2026-W02"},   /* after a 53-week year: N with N + 1 */
        {M, cn(2026, 3, 4, 9, 0, 0), "2025-03"},    {M, cn(2026, 1, 1, 0, 0, 0), "2025-01"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t b = xa_compstat_bucket(cases[i].period, cases[i].t);
        xa_compstat_label(cases[i].period, b - xa_compstat_shift(cases[i].period), got);
        assert_string_equal(got, cases[i].last);
    }
    int64_t b = xa_compstat_bucket(W, cn(2026, 3, 4, 9, 0, 0));
    assert_int_equal(xa_compstat_bucket_start(W, b) - xa_compstat_bucket_start(W, b - 52),
                     364 * 86400);
}

/* counts by unit x category with last year beside, scoped by unit, gap periods left out */
static void test_compstat_counts(void **state)
{
    (void)state;
    struct xa_index ix;
    struct xa_arena a;
    xa_index_init(&ix);
    xa_arena_init(&a);
    int64_t id = 1;
    int W = XA_COMPSTAT_WEEK;
    /* unit 2: criminal x3 in 2026-W01 (one on Monday 00:00 exactly), x1 in 2025-W01 */
    put(&ix, inc_at(id++, 2, 1, cn(2025, 12, 29, 0, 0, 0)));
    put(&ix, inc_at(id++, 2, 1, cn(2026, 1, 1, 10, 0, 0)));
    put(&ix, inc_at(id++, 2, 1, cn(2026, 1, 4, 23, 59, 59)));
    put(&ix, inc_at(id++, 2, 1, cn(2024, 12, 30, 8, 0, 0)));    /* 2025-W01 */
    put(&ix, inc_at(id++, 2, 1, cn(2025, 12, 28, 23, 59, 59))); /* 2025-W52: outside */
    /* unit 3: dispute x1 in 2026-W02 and one in a gap week (2025-W30) */
    put(&ix, inc_at(id++, 3, 3, cn(2026, 1, 6, 10, 0, 0)));
    put(&ix, inc_at(id++, 3, 3, cn(2025, 7, 22, 10, 0, 0)));
    int64_t b0 = xa_compstat_bucket(W, cn(2026, 1, 1, 0, 0, 0));
    struct xa_compstat_query q = {
        .period = W,
        .b0 = b0,
        .b1 = b0 + 1,
        .by = XA_COMPSTAT_BY_UNIT | XA_COMPSTAT_BY_CATEGORY,
    };
    struct xa_compstat_result r;
    assert_int_equal(xa_compstat_run(&ix, &q, &a, &r), XA_OK);
    assert_int_equal(r.n_buckets, 2);
    assert_int_equal(r.n_rows, 2);
    assert_int_equal(xa_index_unit_id(&ix, r.rows[0].unit), 2);
    assert_int_equal(r.rows[0].category, 1);
    assert_int_equal(r.rows[0].now[0], 3);
    assert_int_equal(r.rows[0].now[1], 0);
    assert_int_equal(r.rows[0].last[0], 1);
    assert_int_equal(xa_index_unit_id(&ix, r.rows[1].unit), 3);
    assert_int_equal(r.rows[1].category, 3);
    assert_int_equal(r.rows[1].now[1], 1);
    assert_int_equal(r.rows[1].last[0] + r.rows[1].last[1], 0);

    /* only unit 3 counted */
    uint8_t ok[8] = {0};
    ok[xa_index_unit_find(&ix, 3)] = 1;
    q.unit_ok = ok;
    q.n_unit_ok = sizeof(ok);
    q.by = XA_COMPSTAT_BY_CATEGORY;
    assert_int_equal(xa_compstat_run(&ix, &q, &a, &r), XA_OK);
    assert_int_equal(r.n_rows, 1);
    assert_int_equal(r.rows[0].unit, 0);
    assert_int_equal(r.rows[0].category, 3);

    /* totals only */
    q.unit_ok = NULL;
    q.by = 0;
    assert_int_equal(xa_compstat_run(&ix, &q, &a, &r), XA_OK);
    assert_int_equal(r.n_rows, 1);
    assert_int_equal(r.rows[0].now[0] + r.rows[0].now[1], 4);
    assert_int_equal(r.rows[0].last[0], 1);

    q.b1 = q.b0 - 1;
    assert_int_equal(xa_compstat_run(&ix, &q, &a, &r), XA_EINVAL);
    xa_arena_release(&a);
    xa_index_release(&ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append_fills_columns),
        cmocka_unit_test(test_insert_replace_and_status_in_place),
        cmocka_unit_test(test_refusals_change_nothing),
        cmocka_unit_test(test_bytes_per_incident_within_48),
        cmocka_unit_test(test_iso_weeks_across_year_boundaries),
        cmocka_unit_test(test_months_in_shanghai),
        cmocka_unit_test(test_last_year_shift),
        cmocka_unit_test(test_compstat_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
