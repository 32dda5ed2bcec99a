/*
 * compstat_test.c - CompStat from the analysis index equals CompStat in SQL, cell for cell, on
 * a generated county: 20,000 incidents over two years across three stations, eight categories
 * and four grids, with calls placed exactly on week and month boundaries. Compared for every
 * grouping, both periods, short and long ranges, a station leader's scope and a unit filter;
 * then again after incidents committed through the service (appended) and status changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/time.h"
#include "core/unit.h"
#include "core/vocab.h"
#include "service/analysis_svc.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_INCIDENTS 20000
#define N_STATIONS 3
#define N_GRIDS 4

struct fx {
    char path[512];
    struct xa_store *s;
    struct xa_unit bureau, station[N_STATIONS];
    int64_t grid[N_GRIDS];
    int64_t t_start, t_end;
    uint64_t rng;
    int64_t next_id;
};

static int64_t cn(int y, unsigned m, unsigned d)
{
    return xa_time_days_from_civil(y, m, d) * 86400 - XA_TIME_CN_OFFSET;
}

static uint64_t rnd(struct fx *f)
{
    f->rng ^= f->rng << 13;
    f->rng ^= f->rng >> 7;
    f->rng ^= f->rng << 17;
    return f->rng;
}

static void remove_db(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

static void add_unit(struct fx *f, struct xa_unit *u, int64_t parent, const char *code, int kind)
{
    memset(u, 0, sizeof(*u));
    u->parent_id = parent;
    u->code = code;
    u->name = code;
    u->kind = kind;
    assert_int_equal(xa_store_unit_put(f->s, u), XA_OK);
}

/* One incident at t, random otherwise; code and status code from its number. */
static void put_incident(struct fx *f, struct xa_arena *a, int64_t t, struct xa_incident *out)
{
    int64_t k = f->next_id++;
    struct xa_incident inc = {0};
    inc.code = xa_arena_printf(a, "T-%lld", (long long)k);
    inc.status_code = xa_arena_printf(a, "S%09lld", (long long)k);
    inc.unit_id = f->station[rnd(f) % N_STATIONS].id;
    inc.channel = 1 + (int)(rnd(f) % 4);
    inc.category = 1 + (int)(rnd(f) % 8);
    inc.priority = 1 + (int)(rnd(f) % 4);
    inc.grid_id = f->grid[rnd(f) % N_GRIDS] * (rnd(f) % 5 != 0); /* a fifth without a grid */
    inc.has_location = rnd(f) % 3 != 0;
    inc.lat = 30.5 + (double)(rnd(f) % 1000) / 10000.0;
    inc.lon = 114.3 + (double)(rnd(f) % 1000) / 10000.0;
    inc.received_at = t;
    inc.occurred_at = rnd(f) % 2 ? t - (int64_t)(rnd(f) % 7200) : 0;
    inc.status = 1 + (int)(rnd(f) % 6);
    inc.updated_at = t;
    assert_int_equal(xa_store_incident_put(f->s, &inc), XA_OK);
    if (out)
        *out = inc;
}

static int setup(void **state)
{
    struct fx *f = calloc(1, sizeof(*f));
    const char *dir = getenv("XA_TEST_TMP");
    if (!dir || !*dir)
        dir = "/tmp";
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        dir = "/tmp";
    snprintf(f->path, sizeof(f->path), "%s/compstat-test-%ld.db", dir, (long)getpid());
    remove_db(f->path);
    assert_int_equal(xa_store_open(f->path, &f->s), XA_OK);
    f->rng = 0x9E3779B97F4A7C15u;
    f->next_id = 1;
    struct xa_arena a;
    xa_arena_init(&a);
    assert_int_equal(xa_store_begin(f->s, true), XA_OK);
    add_unit(f, &f->bureau, 0, "BU", XA_UNIT_BUREAU);
    const char *codes[N_STATIONS] = {"CG", "HD", "SM"};
    for (int i = 0; i < N_STATIONS; i++)
        add_unit(f, &f->station[i], f->bureau.id, codes[i], XA_UNIT_STATION);
    for (int i = 0; i < N_GRIDS; i++) {
        struct xa_grid g = {
            .unit_id = f->station[i % N_STATIONS].id,
            .code = xa_arena_printf(&a, "G-%d", i),
            .name = xa_arena_printf(&a, "grid %d", i),
            .kind = XA_GRID_VILLAGE,
            .polygon = "[[[114.3,30.5],[114.4,30.5],[114.4,30.6],[114.3,30.5]]]",
            .center_lat = 30.55,
            .center_lon = 114.35,
        };
        assert_int_equal(xa_store_grid_put(f->s, &g), XA_OK);
        f->grid[i] = g.id;
    }
    /* two years, 2024-12-01 .. 2026-11-30, with calls on the edges of weeks and months */
    f->t_start = cn(2024, 12, 1);
    f->t_end = cn(2026, 12, 1);
    int64_t edges[] = {cn(2025, 1, 1),       cn(2025, 1, 1) - 1, cn(2025, 12, 29),
                       cn(2025, 12, 29) - 1, cn(2026, 1, 1),     cn(2026, 1, 1) - 1,
                       cn(2026, 3, 2),       cn(2026, 2, 28),    cn(2025, 3, 3) - 1,
                       cn(2026, 11, 30)};
    for (size_t i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
        for (int k = 0; k < 3; k++)
            put_incident(f, &a, edges[i], NULL);
    while (f->next_id <= N_INCIDENTS)
        put_incident(f, &a, f->t_start + (int64_t)(rnd(f) % (uint64_t)(f->t_end - f->t_start)),
                     NULL);
    assert_int_equal(xa_store_commit(f->s), XA_OK);
    xa_arena_release(&a);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fx *f = *state;
    xa_analysis_svc_unload();
    xa_store_close(f->s);
    remove_db(f->path);
    free(f);
    return 0;
}

static void assert_same(const struct xa_compstat_report *x, const struct xa_compstat_report *y)
{
    assert_int_equal(x->n_periods, y->n_periods);
    assert_int_equal(x->from, y->from);
    assert_int_equal(x->to, y->to);
    assert_int_equal(x->n_groups, y->n_groups);
    for (size_t k = 0; k < x->n_periods; k++) {
        assert_string_equal(x->label[k], y->label[k]);
        assert_int_equal(x->total_now[k], y->total_now[k]);
        assert_int_equal(x->total_last[k], y->total_last[k]);
    }
    for (size_t i = 0; i < x->n_groups; i++) {
        const struct xa_compstat_group *a = &x->groups[i], *b = &y->groups[i];
        assert_int_equal(a->unit_id, b->unit_id);
        assert_int_equal(a->category, b->category);
        assert_int_equal(a->grid_id, b->grid_id);
        for (size_t k = 0; k < x->n_periods; k++) {
            assert_int_equal(a->now[k], b->now[k]);
            assert_int_equal(a->last[k], b->last[k]);
        }
    }
}

/* Runs q both ways as actor and compares; returns the total counted this period. */
static int64_t compare(struct fx *f, const struct xa_actor *actor,
                       const struct xa_compstat_request *q)
{
    struct xa_arena a;
    struct xa_ctx ctx;
    struct xa_compstat_report ri, rs;
    xa_arena_init(&a);
    xa_ctx_init(&ctx, f->s, &a, actor);
    ctx.now = f->t_end - 3600;
    assert_int_equal(xa_analysis_svc_compstat(&ctx, q, XA_ANALYSIS_INDEX, &ri), XA_OK);
    assert_int_equal(xa_analysis_svc_compstat(&ctx, q, XA_ANALYSIS_SQL, &rs), XA_OK);
    assert_same(&ri, &rs);
    int64_t total = 0;
    for (size_t k = 0; k < ri.n_periods; k++)
        total += ri.total_now[k];
    xa_arena_release(&a);
    return total;
}

static const struct xa_actor analyst = {
    .user_id = 1, .username = "a", .name = "a", .role = XA_ROLE_ANALYST, .scope_path = NULL};

/* every grouping, both periods, ranges short (a gap between the years) and long (overlapping) */
static void test_index_equals_sql_every_cell(void **state)
{
    struct fx *f = *state;
    struct xa_analysis_load_stats st;
    assert_int_equal(xa_analysis_svc_load(f->s, NULL, NULL, &st), XA_OK);
    assert_int_equal(st.n_incidents, N_INCIDENTS);
    assert_int_equal(st.n_refused, 0);
    assert_int_equal(st.row_bytes, 28);
    const struct {
        int64_t from, to;
    } ranges[] = {
        {cn(2025, 12, 1), cn(2026, 11, 30)}, /* a year */
        {cn(2026, 1, 1), cn(2026, 1, 20)},   /* three weeks across new year: a gap */
        {cn(2024, 12, 1), cn(2026, 11, 30)}, /* all: the years overlap */
        {0, 0},                              /* the default: 12 periods up to now */
    };
    int64_t all = 0;
    for (int period = XA_COMPSTAT_WEEK; period <= XA_COMPSTAT_MONTH; period++)
        for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++)
            for (unsigned by = 0; by < 8; by++) {
                struct xa_compstat_request q = {
                    .period = period, .by = by, .from = ranges[r].from, .to = ranges[r].to};
                int64_t n = compare(f, &analyst, &q);
                if (r == 2 && period == XA_COMPSTAT_MONTH)
                    all = n;
            }
    assert_int_equal(all, N_INCIDENTS); /* months of the whole span hold every call */
}

/* a station leader counts their station only; a unit filter narrows the bureau's view */
static void test_scope_and_unit(void **state)
{
    struct fx *f = *state;
    struct xa_actor leader = {.user_id = 2,
                              .username = "l",
                              .name = "l",
                              .role = XA_ROLE_LEADER,
                              .unit_id = f->station[1].id,
                              .scope_path = f->station[1].path};
    struct xa_compstat_request q = {.period = XA_COMPSTAT_MONTH,
                                    .by = XA_COMPSTAT_BY_UNIT | XA_COMPSTAT_BY_CATEGORY,
                                    .from = cn(2025, 12, 1),
                                    .to = cn(2026, 11, 30)};
    int64_t mine = compare(f, &leader, &q);
    q.unit_id = f->station[1].id;
    assert_int_equal(compare(f, &analyst, &q), mine);
    q.unit_id = 0;
    int64_t everyone = compare(f, &analyst, &q);
    assert_true(mine > 0 && mine < everyone);

    /* a unit outside the leader's scope is refused, naming the field */
    struct xa_arena a;
    struct xa_ctx ctx;
    struct xa_compstat_report r;
    xa_arena_init(&a);
    xa_ctx_init(&ctx, f->s, &a, &leader);
    q.unit_id = f->station[0].id;
    assert_int_equal(xa_analysis_svc_compstat(&ctx, &q, XA_ANALYSIS_INDEX, &r), XA_EVALIDATION);
    assert_string_equal(ctx.verr.items[0].field, "unit");
    xa_arena_release(&a);
}

/* incidents committed through the service reach the index; status changes rewrite in place */
static void test_appended_after_commit(void **state)
{
    struct fx *f = *state;
    struct xa_arena a;
    struct xa_ctx ctx;
    xa_arena_init(&a);
    xa_ctx_init(&ctx, f->s, &a, &analyst);
    struct xa_compstat_request q = {.period = XA_COMPSTAT_WEEK,
                                    .by = XA_COMPSTAT_BY_UNIT | XA_COMPSTAT_BY_CATEGORY |
                                          XA_COMPSTAT_BY_GRID,
                                    .from = cn(2025, 6, 1),
                                    .to = cn(2026, 11, 30)};
    int64_t before = compare(f, &analyst, &q);
    for (int i = 0; i < 50; i++) {
        struct xa_incident inc;
        assert_int_equal(xa_store_begin(f->s, true), XA_OK);
        put_incident(f, &a, cn(2026, 6, 1) + i * 3600, &inc);
        assert_int_equal(xa_analysis_svc_commit_incident(&ctx, &inc), XA_OK);
        if (i % 2 == 0) {
            inc.status = 6;
            assert_int_equal(xa_store_begin(f->s, true), XA_OK);
            assert_int_equal(xa_store_incident_update(f->s, &inc), XA_OK);
            assert_int_equal(xa_analysis_svc_commit_incident(&ctx, &inc), XA_OK);
        }
    }
    assert_int_equal(compare(f, &analyst, &q), before + 50);
    xa_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_equals_sql_every_cell),
        cmocka_unit_test(test_scope_and_unit),
        cmocka_unit_test(test_appended_after_commit),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
