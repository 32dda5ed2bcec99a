/*
 * demo_test.c - the demo county: its organisation and logins, that every incident is placed
 * in a grid of its station and handled by that station's officers along a legal timeline, that
 * a seed gives the same county twice, and that it refuses a database that already has units.
 *
 * Each test builds a short history (DAYS) into a fresh SQLite file at a fixed clock (T0).
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
#include "service/auth_svc.h"
#include "service/demo_svc.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 INT64_C(1763890000) /* 2025-11-23T17:26:40+08:00 */
#define DAYS 12

struct fx {
    char path[512];
    struct xa_store *s;
    struct xa_arena a;
    struct xa_ctx ctx;
};

static void temp_path(char *out, size_t len)
{
    static unsigned counter;
    const char *dir = getenv("XA_TEST_TMP");
    if (!dir || !*dir)
        dir = "/tmp";
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        dir = "/tmp";
    snprintf(out, len, "%s/demo-test-%ld-%u.db", dir, (long)getpid(), counter++);
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

static void fx_open(struct fx *fx)
{
    temp_path(fx->path, sizeof(fx->path));
    remove_db(fx->path);
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    xa_arena_init(&fx->a);
    xa_ctx_init(&fx->ctx, fx->s, &fx->a, xa_ctx_cli_actor());
    fx->ctx.now = T0;
}

static void fx_close(struct fx *fx)
{
    xa_store_close(fx->s);
    xa_arena_release(&fx->a);
    remove_db(fx->path);
}

static void build(struct fx *fx, uint64_t seed, struct xa_demo_summary *sum)
{
    struct xa_demo_opts o = {.seed = seed, .days = DAYS, .password = "demo-pass-1"};
    assert_int_equal(xa_demo_svc_build(&fx->ctx, &o, sum), XA_OK);
}

/* Every incident, oldest first. */
static struct xa_incident *all_incidents(struct fx *fx, size_t *n_out)
{
    size_t cap = 0, n = 0;
    struct xa_incident *all = NULL;
    for (int64_t page = 1;; page++) {
        struct xa_incident_filter f = {.sort = "code", .page = page, .per_page = 200};
        struct xa_incident *rows;
        size_t k;
        int64_t total;
        assert_int_equal(xa_store_incident_list(fx->s, &fx->a, &f, &rows, &k, &total), XA_OK);
        if (n + k > cap) {
            cap = (size_t)total + 1;
            all = xa_arena_alloc(&fx->a, cap * sizeof(*all));
            assert_true(n + k <= cap);
        }
        for (size_t i = 0; i < k; i++)
            all[n + i] = rows[i];
        n += k;
        if (k < 200)
            break;
    }
    *n_out = n;
    return all;
}

static bool in_polygon(const char *text, double lat, double lon)
{
    double pts[64][2];
    int n = 0;
    const char *p = text;
    while (*p && n < 64) {
        if (*p == '-' || (*p >= '0' && *p <= '9')) {
            char *end;
            pts[n][0] = strtod(p, &end);
            p = end + 1; /* the comma */
            pts[n][1] = strtod(p, &end);
            p = end;
            n++;
        } else {
            p++;
        }
    }
    bool in = false;
    for (int i = 0, j = n - 1; i < n; j = i++)
        if ((pts[i][1] > lat) != (pts[j][1] > lat) &&
            lon < (pts[j][0] - pts[i][0]) * (lat - pts[i][1]) / (pts[j][1] - pts[i][1]) + pts[i][0])
            in = !in;
    return in;
}

static void the_county_has_its_units_grids_officers_and_logins(void **state)
{
    (void)state;
    struct fx fx;
    struct xa_demo_summary sum;
    fx_open(&fx);
    build(&fx, 1, &sum);
    assert_int_equal(sum.n_units, 1 + 5 * 4);
    assert_true(sum.n_grids >= 40);
    assert_true(sum.n_users >= 60);
    assert_true(sum.n_incidents >= DAYS * 40 && sum.n_incidents <= DAYS * 80);
    assert_true(sum.n_open > 0 && sum.n_overdue > 0);
    assert_true(sum.n_logins >= 28);

    static const struct {
        const char *username;
        int role;
        const char *unit; /* code of the user's unit, or of its station when a team */
    } logins[] = {
        {"admin", XA_ROLE_ADMIN, "QS"},          {"chief", XA_ROLE_LEADER, "QS"},
        {"analyst1", XA_ROLE_ANALYST, "QS"},     {"leader1", XA_ROLE_LEADER, "CG"},
        {"desk1", XA_ROLE_DESK, "CG"},           {"patrol1", XA_ROLE_PATROL, "CG"},
        {"community1", XA_ROLE_COMMUNITY, "CG"}, {"investigator1", XA_ROLE_INVESTIGATOR, "CG"},
        {"desk2", XA_ROLE_DESK, "HD"},           {"patrol2", XA_ROLE_PATROL, "HD"},
        {"leader2", XA_ROLE_LEADER, "HD"},
    };
    for (size_t i = 0; i < sizeof(logins) / sizeof(logins[0]); i++) {
        struct xa_user u;
        struct xa_unit want;
        assert_int_equal(xa_store_user_find_name(fx.s, &fx.a, logins[i].username, &u), XA_OK);
        assert_int_equal(u.role, logins[i].role);
        assert_true(u.is_active);
        assert_non_null(u.phone);
        assert_int_equal(xa_store_unit_find_code(fx.s, &fx.a, logins[i].unit, &want), XA_OK);
        assert_true(xa_unit_path_within(u.unit_path, want.path));
    }
    struct xa_user c1;
    struct xa_unit sq;
    assert_int_equal(xa_store_user_find_name(fx.s, &fx.a, "community1", &c1), XA_OK);
    assert_int_equal(xa_store_unit_find_code(fx.s, &fx.a, "CG_SQ", &sq), XA_OK);
    assert_int_equal(c1.unit_id, sq.id);
    fx_close(&fx);
}

static void every_incident_lies_in_a_grid_of_its_station_and_follows_a_legal_timeline(void **state)
{
    (void)state;
    struct fx fx;
    struct xa_demo_summary sum;
    fx_open(&fx);
    build(&fx, 2, &sum);
    struct xa_grid *grids;
    size_t n_grids, n;
    assert_int_equal(xa_store_grid_list(fx.s, &fx.a, NULL, &grids, &n_grids), XA_OK);
    assert_int_equal(n_grids, sum.n_grids);
    for (size_t i = 0; i < n_grids; i++)
        assert_true(grids[i].owner_id > 0);
    struct xa_incident *inc = all_incidents(&fx, &n);
    assert_int_equal(n, sum.n_incidents);
    int by_status[7] = {0};
    size_t today = 0; /* calls of the build day before T0 (17:26): the desk's shift so far */
    for (size_t i = 0; i < n; i++) {
        const struct xa_incident *x = &inc[i];
        by_status[x->status]++;
        today += x->received_at >= xa_time_day_start_cn(T0);
        const struct xa_grid *g = NULL;
        for (size_t j = 0; j < n_grids; j++)
            if (grids[j].id == x->grid_id)
                g = &grids[j];
        assert_non_null(g);
        assert_int_equal(g->unit_id, x->unit_id);
        assert_true(x->has_location);
        assert_true(in_polygon(g->polygon, x->lat, x->lon));
        assert_true(x->received_at < T0);
        if (x->status >= XA_INCIDENT_DISPATCHED) {
            struct xa_user o;
            struct xa_unit st;
            assert_int_equal(xa_store_user_get(fx.s, &fx.a, x->officer_id, &o), XA_OK);
            assert_true(o.role == XA_ROLE_PATROL || o.role == XA_ROLE_COMMUNITY);
            assert_int_equal(xa_store_unit_get(fx.s, &fx.a, x->unit_id, &st), XA_OK);
            assert_true(xa_unit_path_within(o.unit_path, st.path));
        }
        if (i % 25)
            continue;
        /* a sample of timelines: a chain of statuses in time order ending where the row is */
        struct xa_incident_event *ev;
        size_t n_ev;
        assert_int_equal(xa_store_incident_event_list(fx.s, &fx.a, x->id, &ev, &n_ev), XA_OK);
        assert_true(n_ev >= 1);
        assert_int_equal(ev[0].action, XA_INCIDENT_RECEIVE);
        assert_int_equal(ev[0].at, x->received_at);
        for (size_t k = 1; k < n_ev; k++) {
            assert_int_equal(ev[k].from_status, ev[k - 1].to_status);
            assert_true(ev[k].at > ev[k - 1].at);
        }
        assert_int_equal(ev[n_ev - 1].to_status, x->status);
        if (x->status == XA_INCIDENT_CLOSED)
            assert_non_null(x->result);
    }
    for (int st = XA_INCIDENT_RECEIVED; st <= XA_INCIDENT_CLOSED; st++)
        assert_true(by_status[st] > 0);
    assert_true(today >= 10);
    fx_close(&fx);
}

static void the_same_seed_gives_the_same_incidents_and_another_seed_does_not(void **state)
{
    (void)state;
    struct fx a, b, c;
    struct xa_demo_summary sa, sb, sc;
    fx_open(&a);
    fx_open(&b);
    fx_open(&c);
    build(&a, 42, &sa);
    build(&b, 42, &sb);
    build(&c, 43, &sc);
    size_t na, nb, nc;
    struct xa_incident *ia = all_incidents(&a, &na), *ib = all_incidents(&b, &nb);
    struct xa_incident *ic = all_incidents(&c, &nc);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(ia[i].code, ib[i].code);
        assert_string_equal(ia[i].status_code, ib[i].status_code);
        assert_string_equal(ia[i].narrative, ib[i].narrative);
        assert_string_equal(ia[i].address, ib[i].address);
        assert_int_equal(ia[i].received_at, ib[i].received_at);
        assert_int_equal(ia[i].status, ib[i].status);
        assert_int_equal(ia[i].officer_id, ib[i].officer_id);
        assert_true(ia[i].lat == ib[i].lat && ia[i].lon == ib[i].lon);
    }
    assert_true(na != nc || strcmp(ia[0].narrative, ic[0].narrative) != 0 ||
                ia[0].received_at != ic[0].received_at);
    fx_close(&a);
    fx_close(&b);
    fx_close(&c);
}

static void a_database_with_units_is_refused_with_409_and_left_alone(void **state)
{
    (void)state;
    struct fx fx;
    struct xa_demo_summary sum, again;
    fx_open(&fx);
    build(&fx, 5, &sum);
    struct xa_demo_opts o = {.seed = 6, .days = DAYS, .password = "demo-pass-1"};
    assert_int_equal(xa_demo_svc_build(&fx.ctx, &o, &again), XA_ECONFLICT);
    struct xa_incident_filter f = {.page = 1, .per_page = 1};
    struct xa_incident *rows;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_incident_list(fx.s, &fx.a, &f, &rows, &n, &total), XA_OK);
    assert_int_equal(total, (int64_t)sum.n_incidents);
    fx_close(&fx);
}

static void bad_days_or_a_weak_password_are_refused_with_422(void **state)
{
    (void)state;
    static const struct {
        int days;
        const char *password;
        const char *field;
    } cases[] = {
        {0, "demo-pass-1", "days"},
        {XA_DEMO_DAYS_MAX + 1, "demo-pass-1", "days"},
        {30, "short", "password"},
        {30, NULL, "password"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fx fx;
        struct xa_demo_summary sum;
        fx_open(&fx);
        struct xa_demo_opts o = {.seed = 1, .days = cases[i].days, .password = cases[i].password};
        assert_int_equal(xa_demo_svc_build(&fx.ctx, &o, &sum), XA_EVALIDATION);
        assert_int_equal(fx.ctx.verr.n, 1);
        assert_string_equal(fx.ctx.verr.items[0].field, cases[i].field);
        struct xa_unit *units;
        size_t n;
        assert_int_equal(xa_store_unit_list(fx.s, &fx.a, &units, &n), XA_OK);
        assert_int_equal(n, 0);
        fx_close(&fx);
    }
}

int main(void)
{
    if (xa_auth_svc_init())
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_county_has_its_units_grids_officers_and_logins),
        cmocka_unit_test(every_incident_lies_in_a_grid_of_its_station_and_follows_a_legal_timeline),
        cmocka_unit_test(the_same_seed_gives_the_same_incidents_and_another_seed_does_not),
        cmocka_unit_test(a_database_with_units_is_refused_with_409_and_left_alone),
        cmocka_unit_test(bad_days_or_a_weak_password_are_refused_with_422),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
