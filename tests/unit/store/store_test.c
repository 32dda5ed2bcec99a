/*
 * store_test.c - what the store keeps and gives back, on a fresh SQLite file per test: unit
 * paths, users, sessions, SLA rules, incidents (round trip, filters, paging, sort, scope),
 * timelines, the audit log, and transactions.
 *
 * Every test starts from the same organisation (seed_org) and, where it lists incidents,
 * from the same six incidents (seed_incidents), so expected results are short strings of
 * incident tags ("643251") or usernames.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "core/vocab.h"
#include "store/store.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 INT64_C(1763884800) /* 2025-11-23T16:00:00+08:00 */

enum { U_BUREAU, U_STA, U_TEAM, U_STB, N_UNITS };
enum { P_LEADER, P_DESK_A, P_PATROL_A, P_PAT_X, P_PATROL_B, P_PATROL_C, N_USERS };
#define N_INC 6

struct fx {
    char path[512];
    struct xa_store *s;
    struct xa_arena a;
    int64_t unit[N_UNITS];
    const char *unit_path[N_UNITS];
    int64_t user[N_USERS];
    int64_t inc[N_INC]; /* ids of seed_incidents, tags '1'..'6' */
};

/* ---- fixture ---- */

static void temp_path(char *out, size_t len)
{
    static unsigned counter;
    const char *dir = getenv("XA_TEST_TMP");
    if (!dir || !*dir)
        dir = "/tmp";
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        dir = "/tmp";
    snprintf(out, len, "%s/store-test-%ld-%u.db", dir, (long)getpid(), counter++);
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

static int64_t add_unit(struct fx *fx, const char *code, const char *name, int kind, int64_t parent)
{
    struct xa_unit u = {.parent_id = parent, .code = code, .name = name, .kind = kind};
    assert_int_equal(xa_store_unit_put(fx->s, &u), XA_OK);
    return u.id;
}

static int64_t add_user(struct fx *fx, const char *username, const char *name, int role,
                        int64_t unit, bool active)
{
    struct xa_user u = {.username = username,
                        .name = name,
                        .role = role,
                        .unit_id = unit,
                        .is_active = active,
                        .password_hash = "$argon2id$v=19$x",
                        .created_at = T0};
    assert_int_equal(xa_store_user_put(fx->s, &u), XA_OK);
    return u.id;
}

/* Bureau /1/ with station A /1/2/ (and its team /1/2/3/) and station B /1/4/. */
static void seed_org(struct fx *fx)
{
    fx->unit[U_BUREAU] = add_unit(fx, "BJ", "城关分局", XA_UNIT_BUREAU, 0);
    fx->unit[U_STA] = add_unit(fx, "CQ01", "城关派出所", XA_UNIT_STATION, fx->unit[U_BUREAU]);
    fx->unit[U_TEAM] = add_unit(fx, "CQ01T", "城关巡逻队", XA_UNIT_TEAM, fx->unit[U_STA]);
    fx->unit[U_STB] = add_unit(fx, "CQ02", "东关派出所", XA_UNIT_STATION, fx->unit[U_BUREAU]);
    fx->unit_path[U_BUREAU] = "/1/";
    fx->unit_path[U_STA] = "/1/2/";
    fx->unit_path[U_TEAM] = "/1/2/3/";
    fx->unit_path[U_STB] = "/1/4/";
    fx->user[P_LEADER] = add_user(fx, "leader", "周局", XA_ROLE_LEADER, fx->unit[U_BUREAU], 1);
    fx->user[P_DESK_A] = add_user(fx, "desk.a", "李冉", XA_ROLE_DESK, fx->unit[U_STA], 1);
    fx->user[P_PATROL_A] = add_user(fx, "patrol.a", "王刚", XA_ROLE_PATROL, fx->unit[U_TEAM], true);
    fx->user[P_PAT_X] = add_user(fx, "pat_x", "孙丽", XA_ROLE_COMMUNITY, fx->unit[U_STB], true);
    fx->user[P_PATROL_B] = add_user(fx, "patrol.b", "赵强", XA_ROLE_PATROL, fx->unit[U_STB], 1);
    fx->user[P_PATROL_C] = add_user(fx, "patrol.c", "钱进", XA_ROLE_PATROL, fx->unit[U_STB], false);
}

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof(*fx));
    assert_non_null(fx);
    temp_path(fx->path, sizeof(fx->path));
    remove_db(fx->path);
    xa_arena_init(&fx->a);
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    seed_org(fx);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    xa_store_close(fx->s);
    xa_arena_release(&fx->a);
    remove_db(fx->path);
    free(fx);
    return 0;
}

/* A second connection straight to the file, for what the API cannot do or see. */
static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

/* The integer that sql (with one ? bound to arg) selects. */
static int64_t raw_int(sqlite3 *db, const char *sql, int64_t arg)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    if (sqlite3_bind_parameter_count(st) > 0)
        sqlite3_bind_int64(st, 1, arg);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* ---- units ---- */

static void test_unit_paths_follow_the_tree(void **state)
{
    struct fx *fx = *state;
    for (int i = 0; i < N_UNITS; i++) {
        struct xa_unit u;
        assert_int_equal(xa_store_unit_get(fx->s, &fx->a, fx->unit[i], &u), XA_OK);
        assert_string_equal(u.path, fx->unit_path[i]);
    }
    struct xa_unit sq = {
        .parent_id = fx->unit[U_STB], .code = "CQ02T", .name = "东关社区队", .kind = XA_UNIT_TEAM};
    assert_int_equal(xa_store_unit_put(fx->s, &sq), XA_OK);
    assert_int_equal(sq.id, 5);
    assert_string_equal(sq.path, "/1/4/5/");
}

static void test_unit_put_hands_back_a_path_that_outlives_the_next_put(void **state)
{
    struct fx *fx = *state;
    struct xa_unit a = {.parent_id = fx->unit[U_STA], .code = "T1", .name = "一队", .kind = 3};
    struct xa_unit b = {.parent_id = fx->unit[U_STB], .code = "T2", .name = "二队", .kind = 3};
    assert_int_equal(xa_store_unit_put(fx->s, &a), XA_OK);
    assert_int_equal(xa_store_unit_put(fx->s, &b), XA_OK);
    assert_string_equal(a.path, "/1/2/5/");
    assert_string_equal(b.path, "/1/4/6/");
}

static void test_unit_get_and_find_by_code(void **state)
{
    struct fx *fx = *state;
    struct xa_unit u;
    assert_int_equal(xa_store_unit_find_code(fx->s, &fx->a, "CQ01T", &u), XA_OK);
    assert_int_equal(u.id, fx->unit[U_TEAM]);
    assert_int_equal(u.parent_id, fx->unit[U_STA]);
    assert_string_equal(u.name, "城关巡逻队");
    assert_int_equal(u.kind, XA_UNIT_TEAM);
    assert_int_equal(xa_store_unit_get(fx->s, &fx->a, fx->unit[U_BUREAU], &u), XA_OK);
    assert_int_equal(u.parent_id, 0);
    assert_int_equal(xa_store_unit_find_code(fx->s, &fx->a, "NOPE", &u), XA_ENOTFOUND);
    assert_int_equal(xa_store_unit_get(fx->s, &fx->a, 999, &u), XA_ENOTFOUND);
}

static void test_unit_put_refuses_taken_code_and_missing_parent(void **state)
{
    struct fx *fx = *state;
    struct xa_unit dup = {.parent_id = fx->unit[U_BUREAU], .code = "CQ01", .name = "x", .kind = 2};
    assert_int_equal(xa_store_unit_put(fx->s, &dup), XA_ECONFLICT);
    assert_non_null(strstr(xa_store_errmsg(fx->s), "UNIQUE"));
    struct xa_unit orphan = {.parent_id = 999, .code = "ORPH", .name = "x", .kind = 2};
    assert_int_equal(xa_store_unit_put(fx->s, &orphan), XA_ENOTFOUND);
    struct xa_unit *v;
    size_t n;
    assert_int_equal(xa_store_unit_list(fx->s, &fx->a, &v, &n), XA_OK);
    assert_int_equal(n, N_UNITS);
}

static void test_unit_list_is_ordered_by_path(void **state)
{
    struct fx *fx = *state;
    struct xa_unit *v;
    size_t n;
    assert_int_equal(xa_store_unit_list(fx->s, &fx->a, &v, &n), XA_OK);
    assert_int_equal(n, 4);
    assert_string_equal(v[0].path, "/1/");
    assert_string_equal(v[1].path, "/1/2/");
    assert_string_equal(v[2].path, "/1/2/3/");
    assert_string_equal(v[3].path, "/1/4/");
    assert_string_equal(v[3].code, "CQ02");
}

/* ---- users ---- */

static void test_user_round_trip_keeps_every_field(void **state)
{
    struct fx *fx = *state;
    struct xa_user in = {.username = "li.ran",
                         .name = "李冉",
                         .role = XA_ROLE_INVESTIGATOR,
                         .unit_id = fx->unit[U_TEAM],
                         .phone = "13800138000",
                         .badge = "031234",
                         .is_active = true,
                         .password_hash = "$argon2id$v=19$m=65536,t=3,p=1$abc",
                         .failed_logins = 2,
                         .locked_until = T0 + 900,
                         .created_at = T0 - 5};
    assert_int_equal(xa_store_user_put(fx->s, &in), XA_OK);
    assert_true(in.id > 0);
    struct xa_user u;
    assert_int_equal(xa_store_user_get(fx->s, &fx->a, in.id, &u), XA_OK);
    assert_int_equal(u.id, in.id);
    assert_string_equal(u.username, "li.ran");
    assert_string_equal(u.name, "李冉");
    assert_int_equal(u.role, XA_ROLE_INVESTIGATOR);
    assert_int_equal(u.unit_id, fx->unit[U_TEAM]);
    assert_string_equal(u.unit_name, "城关巡逻队");
    assert_string_equal(u.unit_path, "/1/2/3/");
    assert_string_equal(u.phone, "13800138000");
    assert_string_equal(u.badge, "031234");
    assert_true(u.is_active);
    assert_string_equal(u.password_hash, in.password_hash);
    assert_int_equal(u.failed_logins, 2);
    assert_int_equal(u.locked_until, T0 + 900);
    assert_int_equal(u.created_at, T0 - 5);

    struct xa_user bare;
    assert_int_equal(xa_store_user_find_name(fx->s, &fx->a, "patrol.c", &bare), XA_OK);
    assert_int_equal(bare.id, fx->user[P_PATROL_C]);
    assert_null(bare.phone);
    assert_null(bare.badge);
    assert_false(bare.is_active);
    assert_int_equal(bare.locked_until, 0);
}

static void test_user_put_refuses_taken_username_and_unknown_unit(void **state)
{
    struct fx *fx = *state;
    struct xa_user dup = {
        .username = "desk.a", .name = "x", .role = 3, .unit_id = fx->unit[U_STB], .created_at = T0};
    assert_int_equal(xa_store_user_put(fx->s, &dup), XA_ECONFLICT);
    struct xa_user lost = {
        .username = "lost", .name = "x", .role = 3, .unit_id = 999, .created_at = T0};
    assert_int_equal(xa_store_user_put(fx->s, &lost), XA_ENOTFOUND);
    struct xa_user u;
    assert_int_equal(xa_store_user_find_name(fx->s, &fx->a, "lost", &u), XA_ENOTFOUND);
    assert_int_equal(xa_store_user_get(fx->s, &fx->a, 999, &u), XA_ENOTFOUND);
}

static void test_user_password_and_login_state_are_written(void **state)
{
    struct fx *fx = *state;
    int64_t id = fx->user[P_DESK_A];
    struct xa_user u;
    assert_int_equal(xa_store_user_set_password(fx->s, id, "$argon2id$new"), XA_OK);
    assert_int_equal(xa_store_user_set_login_state(fx->s, id, 5, T0 + 600), XA_OK);
    assert_int_equal(xa_store_user_get(fx->s, &fx->a, id, &u), XA_OK);
    assert_string_equal(u.password_hash, "$argon2id$new");
    assert_int_equal(u.failed_logins, 5);
    assert_int_equal(u.locked_until, T0 + 600);
    assert_int_equal(xa_store_user_set_login_state(fx->s, id, 0, 0), XA_OK);
    assert_int_equal(xa_store_user_get(fx->s, &fx->a, id, &u), XA_OK);
    assert_int_equal(u.failed_logins, 0);
    assert_int_equal(u.locked_until, 0);
    assert_int_equal(xa_store_user_set_password(fx->s, 999, "x"), XA_ENOTFOUND);
    assert_int_equal(xa_store_user_set_login_state(fx->s, 999, 1, 0), XA_ENOTFOUND);
}

/* Usernames of v joined by ','. */
static const char *user_names(struct xa_arena *a, const struct xa_user *v, size_t n)
{
    char *s = xa_arena_strdup(a, "");
    for (size_t i = 0; i < n; i++)
        s = xa_arena_printf(a, "%s%s%s", s, i ? "," : "", v[i].username);
    return s;
}

static void test_user_list_filters(void **state)
{
    struct fx *fx = *state;
    static const struct {
        const char *name;
        const char *username;
        int role;
        int unit;  /* index, -1 = any */
        int scope; /* index, -1 = everything */
        bool active_only;
        const char *want;
    } cases[] = {
        {"no filter: unit path then username", NULL, 0, -1, -1, false,
         "leader,desk.a,patrol.a,pat_x,patrol.b,patrol.c"},
        {"exact username", "patrol.b", 0, -1, -1, false, "patrol.b"},
        {"username prefix", "patrol.*", 0, -1, -1, false, "patrol.a,patrol.b,patrol.c"},
        {"prefix with '_' is literal", "pat_*", 0, -1, -1, false, "pat_x"},
        {"unknown username", "nobody", 0, -1, -1, false, ""},
        {"role", NULL, XA_ROLE_PATROL, -1, -1, false, "patrol.a,patrol.b,patrol.c"},
        {"unit includes its team", NULL, 0, U_STA, -1, false, "desk.a,patrol.a"},
        {"team alone", NULL, 0, U_TEAM, -1, false, "patrol.a"},
        {"bureau is everyone", NULL, 0, U_BUREAU, -1, false,
         "leader,desk.a,patrol.a,pat_x,patrol.b,patrol.c"},
        {"scope of station B", NULL, 0, -1, U_STB, false, "pat_x,patrol.b,patrol.c"},
        {"active only", NULL, 0, -1, -1, true, "leader,desk.a,patrol.a,pat_x,patrol.b"},
        {"combined", NULL, XA_ROLE_PATROL, -1, U_STB, true, "patrol.b"},
        {"unit outside scope", NULL, 0, U_STA, U_STB, false, ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xa_user_filter f = {
            .username = cases[i].username,
            .role = cases[i].role,
            .unit_id = cases[i].unit >= 0 ? fx->unit[cases[i].unit] : 0,
            .scope_path = cases[i].scope >= 0 ? fx->unit_path[cases[i].scope] : NULL,
            .active_only = cases[i].active_only,
        };
        struct xa_user *v;
        size_t n;
        assert_int_equal(xa_store_user_list(fx->s, &fx->a, &f, &v, &n), XA_OK);
        const char *got = user_names(&fx->a, v, n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s: got '%s', want '%s'", cases[i].name, got, cases[i].want);
    }
}

/* ---- sessions ---- */

static void test_session_lifecycle(void **state)
{
    struct fx *fx = *state;
    struct xa_session in = {.token_hash = "aa11",
                            .csrf_token = "csrf1",
                            .user_id = fx->user[P_DESK_A],
                            .created_at = T0,
                            .last_seen = T0 + 1,
                            .expires_at = T0 + 3600,
                            .ip = "10.0.0.7"};
    struct xa_session old = {.token_hash = "bb22",
                             .csrf_token = "csrf2",
                             .user_id = fx->user[P_DESK_A],
                             .created_at = T0 - 7200,
                             .last_seen = T0 - 7200,
                             .expires_at = T0 - 1};
    assert_int_equal(xa_store_session_put(fx->s, &in), XA_OK);
    assert_int_equal(xa_store_session_put(fx->s, &old), XA_OK);
    assert_int_equal(xa_store_session_put(fx->s, &in), XA_ECONFLICT);
    struct xa_session nobody = in;
    nobody.token_hash = "cc33";
    nobody.user_id = 999;
    assert_int_equal(xa_store_session_put(fx->s, &nobody), XA_ENOTFOUND);

    struct xa_session s;
    assert_int_equal(xa_store_session_find(fx->s, &fx->a, "aa11", &s), XA_OK);
    assert_string_equal(s.token_hash, "aa11");
    assert_string_equal(s.csrf_token, "csrf1");
    assert_int_equal(s.user_id, fx->user[P_DESK_A]);
    assert_int_equal(s.created_at, T0);
    assert_int_equal(s.last_seen, T0 + 1);
    assert_int_equal(s.expires_at, T0 + 3600);
    assert_string_equal(s.ip, "10.0.0.7");
    assert_int_equal(xa_store_session_find(fx->s, &fx->a, "bb22", &s), XA_OK);
    assert_null(s.ip);

    assert_int_equal(xa_store_session_touch(fx->s, "aa11", T0 + 99), XA_OK);
    assert_int_equal(xa_store_session_find(fx->s, &fx->a, "aa11", &s), XA_OK);
    assert_int_equal(s.last_seen, T0 + 99);
    assert_int_equal(xa_store_session_touch(fx->s, "zz", T0), XA_ENOTFOUND);

    struct xa_session edge = old;
    edge.token_hash = "dd44";
    edge.expires_at = T0; /* expired at T0 exactly, as auth counts it */
    assert_int_equal(xa_store_session_put(fx->s, &edge), XA_OK);
    assert_int_equal(xa_store_session_purge(fx->s, T0), XA_OK);
    assert_int_equal(xa_store_session_find(fx->s, &fx->a, "dd44", &s), XA_ENOTFOUND);
    assert_int_equal(xa_store_session_find(fx->s, &fx->a, "bb22", &s), XA_ENOTFOUND);
    assert_int_equal(xa_store_session_find(fx->s, &fx->a, "aa11", &s), XA_OK);

    assert_int_equal(xa_store_session_delete(fx->s, "aa11"), XA_OK);
    assert_int_equal(xa_store_session_find(fx->s, &fx->a, "aa11", &s), XA_ENOTFOUND);
    assert_int_equal(xa_store_session_delete(fx->s, "aa11"), XA_ENOTFOUND);
}

/* ---- SLA rules ---- */

static struct xa_sla sla_of(int32_t base)
{
    return (struct xa_sla){base, base + 1, base + 2, base + 3};
}

static void test_sla_find_picks_the_most_specific_rule(void **state)
{
    struct fx *fx = *state;
    struct xa_sla got;
    assert_int_equal(xa_store_sla_find(fx->s, XA_CATEGORY_DISPUTE, 1, &got), XA_ENOTFOUND);

    static const struct {
        int category, priority;
        int32_t base;
    } rules[] = {
        {0, 0, 100}, {XA_CATEGORY_DISPUTE, 0, 200}, {0, 1, 300}, {XA_CATEGORY_DISPUTE, 1, 400}};
    for (size_t i = 0; i < 4; i++) {
        struct xa_sla r = sla_of(rules[i].base);
        assert_int_equal(xa_store_sla_put(fx->s, rules[i].category, rules[i].priority, &r), XA_OK);
    }
    static const struct {
        const char *name;
        int category, priority;
        int32_t want;
    } cases[] = {
        {"both match", XA_CATEGORY_DISPUTE, 1, 400},
        {"category only", XA_CATEGORY_DISPUTE, 3, 200},
        {"priority only", XA_CATEGORY_CRIMINAL, 1, 300},
        {"wildcard", XA_CATEGORY_CRIMINAL, 3, 100},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(xa_store_sla_find(fx->s, cases[i].category, cases[i].priority, &got),
                         XA_OK);
        if (got.dispatch_s != cases[i].want)
            fail_msg("%s: got %d, want %d", cases[i].name, got.dispatch_s, cases[i].want);
        assert_int_equal(got.arrive_s, cases[i].want + 1);
        assert_int_equal(got.result_s, cases[i].want + 2);
        assert_int_equal(got.reply_s, cases[i].want + 3);
    }
    struct xa_sla again = sla_of(450);
    assert_int_equal(xa_store_sla_put(fx->s, XA_CATEGORY_DISPUTE, 1, &again), XA_OK);
    assert_int_equal(xa_store_sla_find(fx->s, XA_CATEGORY_DISPUTE, 1, &got), XA_OK);
    assert_int_equal(got.dispatch_s, 450);
    assert_int_equal(got.reply_s, 453);
}

/* ---- incidents ---- */

static void test_next_seq_counts_per_unit_per_day(void **state)
{
    struct fx *fx = *state;
    static const struct {
        int unit;
        int32_t day;
        int64_t want;
    } steps[] = {
        {U_STA, 20251123, 1}, {U_STA, 20251123, 2}, {U_STB, 20251123, 1},
        {U_STA, 20251123, 3}, {U_STA, 20251124, 1}, {U_STB, 20251123, 2},
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        int64_t n = -1;
        assert_int_equal(
            xa_store_incident_next_seq(fx->s, fx->unit[steps[i].unit], steps[i].day, &n), XA_OK);
        if (n != steps[i].want)
            fail_msg("step %zu: got %lld, want %lld", i, (long long)n, (long long)steps[i].want);
    }
}

/* An incident with every field set and no two numbers alike. */
static struct xa_incident full_incident(const struct fx *fx)
{
    return (struct xa_incident){
        .code = "CQ01-20251123-0042",
        .status_code = "K7Q2M9X4T1",
        .unit_id = fx->unit[U_STA],
        .channel = XA_CHANNEL_PHONE,
        .category = XA_CATEGORY_CRIMINAL,
        .priority = 2,
        .caller_name = "张三",
        .caller_phone = "13912345678",
        .caller_id_number = "11010519491231002X",
        .address = "城关镇幸福路 1 号",
        .has_location = true,
        .lat = 30.123456789,
        .lon = 114.987654321,
        .narrative = "报警人称电动车被盗\n\"车牌\" 'A12345'",
        .occurred_at = T0 - 3600,
        .received_at = T0,
        .received_by = fx->user[P_DESK_A],
        .status = XA_INCIDENT_CLOSED,
        .officer_id = fx->user[P_PATROL_A],
        .dispatched_at = T0 + 60,
        .on_scene_at = T0 + 600,
        .handled_at = T0 + 3000,
        .replied_at = T0 + 4000,
        .closed_at = T0 + 5000,
        .result = "已立案",
        .reply_method = XA_REPLY_SMS,
        .reply_content = "您的报警已处理",
        .replied_by = fx->user[P_DESK_A],
        .closed_by = fx->user[P_LEADER],
        .due_dispatch = T0 + 300,
        .due_arrive = T0 + 900,
        .due_result = T0 + 86400,
        .due_reply = T0 + 259200,
        .due_next = T0 + 259201,
        .updated_at = T0 + 5001,
    };
}

static void test_incident_round_trip_keeps_every_field(void **state)
{
    struct fx *fx = *state;
    struct xa_incident in = full_incident(fx);
    assert_int_equal(xa_store_incident_put(fx->s, &in), XA_OK);
    assert_true(in.id > 0);
    struct xa_incident o;
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, in.id, &o), XA_OK);
    assert_int_equal(o.id, in.id);
    assert_string_equal(o.code, in.code);
    assert_string_equal(o.status_code, in.status_code);
    assert_int_equal(o.unit_id, in.unit_id);
    assert_string_equal(o.unit_name, "城关派出所");
    assert_int_equal(o.channel, in.channel);
    assert_int_equal(o.category, in.category);
    assert_int_equal(o.priority, in.priority);
    assert_string_equal(o.caller_name, in.caller_name);
    assert_string_equal(o.caller_phone, in.caller_phone);
    assert_string_equal(o.caller_id_number, in.caller_id_number);
    assert_string_equal(o.address, in.address);
    assert_true(o.has_location);
    assert_true(o.lat == in.lat);
    assert_true(o.lon == in.lon);
    assert_string_equal(o.narrative, in.narrative);
    assert_int_equal(o.occurred_at, in.occurred_at);
    assert_int_equal(o.received_at, in.received_at);
    assert_int_equal(o.received_by, in.received_by);
    assert_string_equal(o.received_by_name, "李冉");
    assert_int_equal(o.status, in.status);
    assert_int_equal(o.officer_id, in.officer_id);
    assert_string_equal(o.officer_name, "王刚");
    assert_int_equal(o.dispatched_at, in.dispatched_at);
    assert_int_equal(o.on_scene_at, in.on_scene_at);
    assert_int_equal(o.handled_at, in.handled_at);
    assert_int_equal(o.replied_at, in.replied_at);
    assert_int_equal(o.closed_at, in.closed_at);
    assert_string_equal(o.result, in.result);
    assert_int_equal(o.reply_method, in.reply_method);
    assert_string_equal(o.reply_content, in.reply_content);
    assert_int_equal(o.replied_by, in.replied_by);
    assert_int_equal(o.closed_by, in.closed_by);
    assert_int_equal(o.due_dispatch, in.due_dispatch);
    assert_int_equal(o.due_arrive, in.due_arrive);
    assert_int_equal(o.due_result, in.due_result);
    assert_int_equal(o.due_reply, in.due_reply);
    assert_int_equal(o.due_next, in.due_next);
    assert_int_equal(o.updated_at, in.updated_at);

    struct xa_incident by_code;
    assert_int_equal(xa_store_incident_find_status_code(fx->s, &fx->a, "K7Q2M9X4T1", &by_code),
                     XA_OK);
    assert_int_equal(by_code.id, in.id);
    assert_int_equal(xa_store_incident_find_status_code(fx->s, &fx->a, "NOPE", &by_code),
                     XA_ENOTFOUND);
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, in.id + 1, &by_code), XA_ENOTFOUND);
}

static void test_incident_unset_fields_are_null_in_the_row_and_zero_back(void **state)
{
    struct fx *fx = *state;
    struct xa_incident in = {.code = "CQ01-20251123-0001",
                             .unit_id = fx->unit[U_STA],
                             .channel = XA_CHANNEL_PATROL,
                             .category = XA_CATEGORY_OTHER,
                             .priority = 4,
                             .received_at = T0,
                             .status = XA_INCIDENT_RECEIVED,
                             .lat = 1.5,
                             .lon = 2.5, /* ignored: has_location is false */
                             .updated_at = T0};
    assert_int_equal(xa_store_incident_put(fx->s, &in), XA_OK);
    struct xa_incident o;
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, in.id, &o), XA_OK);
    assert_null(o.status_code);
    assert_null(o.caller_name);
    assert_null(o.caller_phone);
    assert_null(o.caller_id_number);
    assert_null(o.address);
    assert_null(o.narrative);
    assert_null(o.result);
    assert_null(o.reply_content);
    assert_null(o.officer_name);
    assert_null(o.received_by_name);
    assert_false(o.has_location);
    assert_int_equal(o.occurred_at, 0);
    assert_int_equal(o.received_by, 0);
    assert_int_equal(o.officer_id, 0);
    assert_int_equal(o.dispatched_at, 0);
    assert_int_equal(o.closed_at, 0);
    assert_int_equal(o.due_next, 0);
    assert_int_equal(o.reply_method, 0);

    sqlite3 *db = raw_open(fx->path);
    assert_int_equal(raw_int(db,
                             "SELECT (status_code IS NULL) + (lat IS NULL) + (lon IS NULL)"
                             " + (occurred_at IS NULL) + (received_by IS NULL)"
                             " + (officer_id IS NULL) + (dispatched_at IS NULL)"
                             " + (closed_by IS NULL) + (due_dispatch IS NULL)"
                             " + (due_next IS NULL) + (narrative IS NULL)"
                             " FROM incidents WHERE id = ?",
                             in.id),
                     11);
    sqlite3_close(db);
}

static void test_incident_put_refusals(void **state)
{
    struct fx *fx = *state;
    struct xa_incident a = full_incident(fx);
    assert_int_equal(xa_store_incident_put(fx->s, &a), XA_OK);

    struct xa_incident same_code = full_incident(fx);
    same_code.status_code = "OTHER00000";
    assert_int_equal(xa_store_incident_put(fx->s, &same_code), XA_ECONFLICT);

    struct xa_incident same_status_code = full_incident(fx);
    same_status_code.code = "CQ01-20251123-0043";
    assert_int_equal(xa_store_incident_put(fx->s, &same_status_code), XA_ECONFLICT);

    struct xa_incident no_unit = full_incident(fx);
    no_unit.code = "X-1";
    no_unit.status_code = "X1";
    no_unit.unit_id = 999;
    assert_int_equal(xa_store_incident_put(fx->s, &no_unit), XA_ENOTFOUND);

    struct xa_incident bad_priority = full_incident(fx);
    bad_priority.code = "X-2";
    bad_priority.status_code = "X2";
    bad_priority.priority = 5;
    assert_int_equal(xa_store_incident_put(fx->s, &bad_priority), XA_ESTORE);
    assert_non_null(strstr(xa_store_errmsg(fx->s), "CHECK"));

    struct xa_incident bad_status = full_incident(fx);
    bad_status.code = "X-3";
    bad_status.status_code = "X3";
    bad_status.status = 7;
    assert_int_equal(xa_store_incident_put(fx->s, &bad_status), XA_ESTORE);
}

static void test_incident_update_writes_only_the_lifecycle(void **state)
{
    struct fx *fx = *state;
    struct xa_incident in = {.code = "CQ01-20251123-0001",
                             .status_code = "S1",
                             .unit_id = fx->unit[U_STA],
                             .channel = 1,
                             .category = 3,
                             .priority = 3,
                             .caller_phone = "13912345678",
                             .narrative = "邻里噪音",
                             .received_at = T0,
                             .received_by = fx->user[P_DESK_A],
                             .status = 1,
                             .due_dispatch = T0 + 300,
                             .due_next = T0 + 300,
                             .updated_at = T0};
    assert_int_equal(xa_store_incident_put(fx->s, &in), XA_OK);

    struct xa_incident up = in;
    up.status = XA_INCIDENT_REPLIED;
    up.officer_id = fx->user[P_PATROL_A];
    up.dispatched_at = T0 + 10;
    up.on_scene_at = T0 + 20;
    up.handled_at = T0 + 30;
    up.replied_at = T0 + 40;
    up.result = "调解成功";
    up.reply_method = XA_REPLY_PHONE;
    up.reply_content = "已电话回复";
    up.replied_by = fx->user[P_DESK_A];
    up.due_next = 0;
    up.updated_at = T0 + 40;
    up.narrative = "changed"; /* not a lifecycle field: must not be written */
    up.due_dispatch = T0 + 1; /* fixed at intake */
    assert_int_equal(xa_store_incident_update(fx->s, &up), XA_OK);

    struct xa_incident o;
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, in.id, &o), XA_OK);
    assert_int_equal(o.status, XA_INCIDENT_REPLIED);
    assert_int_equal(o.officer_id, fx->user[P_PATROL_A]);
    assert_string_equal(o.officer_name, "王刚");
    assert_int_equal(o.dispatched_at, T0 + 10);
    assert_int_equal(o.on_scene_at, T0 + 20);
    assert_int_equal(o.handled_at, T0 + 30);
    assert_int_equal(o.replied_at, T0 + 40);
    assert_int_equal(o.closed_at, 0);
    assert_string_equal(o.result, "调解成功");
    assert_int_equal(o.reply_method, XA_REPLY_PHONE);
    assert_string_equal(o.reply_content, "已电话回复");
    assert_int_equal(o.replied_by, fx->user[P_DESK_A]);
    assert_int_equal(o.closed_by, 0);
    assert_int_equal(o.due_next, 0);
    assert_int_equal(o.updated_at, T0 + 40);
    assert_string_equal(o.narrative, "邻里噪音");
    assert_int_equal(o.due_dispatch, T0 + 300);

    up.id = 999;
    assert_int_equal(xa_store_incident_update(fx->s, &up), XA_ENOTFOUND);
    up.id = in.id;
    up.officer_id = 999;
    assert_int_equal(xa_store_incident_update(fx->s, &up), XA_ENOTFOUND);
}

/* Six incidents at T0 + received, tagged '1'..'6'. At now = T0 + 1000 the deadlines of 1 and 5
 * have passed (overdue), and so has 4's, but 4 is closed; 6 has no deadline. */
static const struct seed_inc {
    const char *code;
    int unit;
    int category, priority, status;
    int officer; /* user index, -1 = none */
    int64_t received, due_next;
    const char *caller, *address, *narrative;
} seed[N_INC] = {
    {"CQ01-20251123-0001", U_STA, XA_CATEGORY_DISPUTE, 3, XA_INCIDENT_RECEIVED, -1, 100, 400,
     "张三", "城关镇幸福路1号", "邻里噪音纠纷"},
    {"CQ01-20251123-0002", U_STA, XA_CATEGORY_CRIMINAL, 1, XA_INCIDENT_DISPATCHED, P_PATROL_A, 200,
     1100, "李四", "城关镇和平街", "电动车被盗"},
    {"CQ01-20251123-0003", U_TEAM, XA_CATEGORY_HELP, 4, XA_INCIDENT_ON_SCENE, P_PATROL_A, 300,
     86700, NULL, "河滨公园", "老人走失"},
    {"CQ01-20251123-0004", U_STA, XA_CATEGORY_DISPUTE, 2, XA_INCIDENT_CLOSED, P_PATROL_A, 400, 420,
     "王五", "城关镇新华路", "家庭纠纷已调解"},
    {"CQ02-20251123-0001", U_STB, XA_CATEGORY_DISPUTE, 3, XA_INCIDENT_RECEIVED, -1, 150, 450,
     "赵六", "东关村", "土地纠纷"},
    {"CQ02-20251123-0002", U_STB, XA_CATEGORY_TRAFFIC, 2, XA_INCIDENT_HANDLED, P_PATROL_B, 500, 0,
     NULL, NULL, NULL},
};

static void seed_incidents(struct fx *fx)
{
    for (int i = 0; i < N_INC; i++) {
        const struct seed_inc *d = &seed[i];
        struct xa_incident inc = {
            .code = d->code,
            .status_code = xa_arena_printf(&fx->a, "SC%d", i),
            .unit_id = fx->unit[d->unit],
            .channel = XA_CHANNEL_PHONE,
            .category = d->category,
            .priority = d->priority,
            .caller_name = d->caller,
            .address = d->address,
            .narrative = d->narrative,
            .received_at = T0 + d->received,
            .received_by = fx->user[P_DESK_A],
            .status = d->status,
            .officer_id = d->officer >= 0 ? fx->user[d->officer] : 0,
            .due_next = d->due_next ? T0 + d->due_next : 0,
            .updated_at = T0 + d->received,
        };
        assert_int_equal(xa_store_incident_put(fx->s, &inc), XA_OK);
        fx->inc[i] = inc.id;
    }
}

/* Tags of v in order, e.g. "643251". */
static const char *tags(struct fx *fx, const struct xa_incident *v, size_t n)
{
    char *s = xa_arena_alloc(&fx->a, n + 1);
    for (size_t i = 0; i < n; i++) {
        s[i] = '?';
        for (int k = 0; k < N_INC; k++)
            if (fx->inc[k] == v[i].id)
                s[i] = (char)('1' + k);
    }
    return s;
}

static void test_incident_list_filters(void **state)
{
    struct fx *fx = *state;
    seed_incidents(fx);
    static const struct {
        const char *name;
        int scope; /* unit index, -1 = everything */
        int status, category;
        int unit;    /* unit index, -1 = any */
        int officer; /* user index, -1 = any */
        int64_t from, to;
        bool overdue, open_only;
        const char *q;
        const char *want; /* tags, newest first */
    } cases[] = {
        {"no filter", -1, 0, 0, -1, -1, 0, 0, false, false, NULL, "643251"},
        {"status", -1, XA_INCIDENT_RECEIVED, 0, -1, -1, 0, 0, false, false, NULL, "51"},
        {"category", -1, 0, XA_CATEGORY_DISPUTE, -1, -1, 0, 0, false, false, NULL, "451"},
        {"unit includes its team", -1, 0, 0, U_STA, -1, 0, 0, false, false, NULL, "4321"},
        {"team alone", -1, 0, 0, U_TEAM, -1, 0, 0, false, false, NULL, "3"},
        {"bureau is everything", -1, 0, 0, U_BUREAU, -1, 0, 0, false, false, NULL, "643251"},
        {"officer", -1, 0, 0, -1, P_PATROL_A, 0, 0, false, false, NULL, "432"},
        {"from is inclusive, to exclusive", -1, 0, 0, -1, -1, T0 + 150, T0 + 400, false, false,
         NULL, "325"},
        {"from only", -1, 0, 0, -1, -1, T0 + 400, 0, false, false, NULL, "64"},
        {"overdue", -1, 0, 0, -1, -1, 0, 0, true, false, NULL, "51"},
        {"open only", -1, 0, 0, -1, -1, 0, 0, false, true, NULL, "63251"},
        {"text in narrative", -1, 0, 0, -1, -1, 0, 0, false, false, "纠纷", "451"},
        {"two-character name", -1, 0, 0, -1, -1, 0, 0, false, false, "张三", "1"},
        {"text in code", -1, 0, 0, -1, -1, 0, 0, false, false, "CQ02", "65"},
        {"text in address", -1, 0, 0, -1, -1, 0, 0, false, false, "河滨", "3"},
        {"text found nowhere", -1, 0, 0, -1, -1, 0, 0, false, false, "盗窃", ""},
        {"scope of station A", U_STA, 0, 0, -1, -1, 0, 0, false, false, NULL, "4321"},
        {"scope excludes station A", U_STB, 0, 0, -1, -1, 0, 0, false, false, NULL, "65"},
        {"scope of a team", U_TEAM, 0, 0, -1, -1, 0, 0, false, false, NULL, "3"},
        {"scope and category", U_STA, 0, XA_CATEGORY_DISPUTE, -1, -1, 0, 0, false, false, NULL,
         "41"},
        {"scope and text", U_STB, 0, 0, -1, -1, 0, 0, false, false, "纠纷", "5"},
        {"unit outside scope", U_STB, 0, 0, U_STA, -1, 0, 0, false, false, NULL, ""},
        {"overdue in scope", U_STA, 0, 0, -1, -1, 0, 0, true, false, NULL, "1"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xa_incident_filter f = {
            .scope_path = cases[i].scope >= 0 ? fx->unit_path[cases[i].scope] : NULL,
            .status = cases[i].status,
            .category = cases[i].category,
            .unit_id = cases[i].unit >= 0 ? fx->unit[cases[i].unit] : 0,
            .officer_id = cases[i].officer >= 0 ? fx->user[cases[i].officer] : 0,
            .from = cases[i].from,
            .to = cases[i].to,
            .overdue = cases[i].overdue,
            .open_only = cases[i].open_only,
            .now = T0 + 1000,
            .q = cases[i].q,
        };
        struct xa_incident *v;
        size_t n;
        int64_t total = -1;
        assert_int_equal(xa_store_incident_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
        const char *got = tags(fx, v, n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s: got '%s', want '%s'", cases[i].name, got, cases[i].want);
        assert_int_equal(total, (int64_t)strlen(cases[i].want));
    }
}

static void test_incident_list_rows_carry_joined_names(void **state)
{
    struct fx *fx = *state;
    seed_incidents(fx);
    struct xa_incident_filter f = {.officer_id = fx->user[P_PATROL_B]};
    struct xa_incident *v;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_incident_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].code, "CQ02-20251123-0002");
    assert_string_equal(v[0].unit_name, "东关派出所");
    assert_string_equal(v[0].officer_name, "赵强");
    assert_string_equal(v[0].received_by_name, "李冉");
    assert_null(v[0].narrative);
}

static void test_incident_list_sort_orders(void **state)
{
    struct fx *fx = *state;
    seed_incidents(fx);
    static const struct {
        const char *sort;
        const char *want;
    } cases[] = {
        {NULL, "643251"},          {"", "643251"},          {"-received_at", "643251"},
        {"received_at", "152346"}, {"priority", "246153"},  {"-priority", "351642"},
        {"due_next", "145236"},    {"-due_next", "325416"}, /* no deadline last both ways */
        {"status", "152364"},      {"-status", "463251"},   {"code", "123456"},
        {"-code", "654321"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xa_incident_filter f = {.sort = cases[i].sort};
        struct xa_incident *v;
        size_t n;
        int64_t total;
        assert_int_equal(xa_store_incident_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
        const char *got = tags(fx, v, n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("sort '%s': got '%s', want '%s'", cases[i].sort ? cases[i].sort : "(null)",
                     got, cases[i].want);
    }
    static const char *const bad[] = {"bogus", "-", "--code", "received_at;", "Code"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct xa_incident_filter f = {.sort = bad[i]};
        struct xa_incident *v;
        size_t n;
        int64_t total;
        assert_int_equal(xa_store_incident_list(fx->s, &fx->a, &f, &v, &n, &total), XA_EINVAL);
    }
}

static void test_incident_list_pages_through_equal_times_by_id(void **state)
{
    struct fx *fx = *state;
    int64_t ids[4];
    for (int i = 0; i < 4; i++) {
        struct xa_incident inc = {.code = xa_arena_printf(&fx->a, "TIE-%d", i),
                                  .unit_id = fx->unit[U_STA],
                                  .channel = 1,
                                  .category = 1,
                                  .priority = 3,
                                  .received_at = T0,
                                  .status = 1,
                                  .updated_at = T0};
        assert_int_equal(xa_store_incident_put(fx->s, &inc), XA_OK);
        ids[i] = inc.id;
    }
    static const char *const sorts[] = {NULL, "received_at"};
    for (int k = 0; k < 2; k++) {
        for (int page = 1; page <= 4; page++) {
            struct xa_incident_filter f = {.sort = sorts[k], .page = page, .per_page = 1};
            struct xa_incident *v;
            size_t n;
            int64_t total;
            assert_int_equal(xa_store_incident_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
            assert_int_equal(n, 1);
            /* newest first breaks ties newest id first; oldest first, oldest id first */
            assert_int_equal(v[0].id, k == 0 ? ids[4 - page] : ids[page - 1]);
        }
    }
}

static void test_incident_list_pages_and_counts(void **state)
{
    struct fx *fx = *state;
    enum { N = 205 };
    assert_int_equal(xa_store_begin(fx->s, true), XA_OK);
    for (int i = 0; i < N; i++) {
        struct xa_incident inc = {.code = xa_arena_printf(&fx->a, "P-%03d", i),
                                  .unit_id = fx->unit[U_STA],
                                  .channel = 1,
                                  .category = 1,
                                  .priority = 3,
                                  .received_at = T0 + i,
                                  .status = 1,
                                  .updated_at = T0};
        assert_int_equal(xa_store_incident_put(fx->s, &inc), XA_OK);
    }
    assert_int_equal(xa_store_commit(fx->s), XA_OK);

    static const struct {
        const char *name;
        int64_t page, per_page;
        size_t want_n;
        const char *want_first; /* newest first */
    } cases[] = {
        {"defaults: page 1 of 20", 0, 0, 20, "P-204"},
        {"page 2", 2, 20, 20, "P-184"},
        {"last partial page", 3, 100, 5, "P-004"},
        {"page past the end", 99, 20, 0, NULL},
        {"per_page capped at 200", 1, 500, 200, "P-204"},
        {"per_page below 1 is 1", 2, -5, 1, "P-203"},
        {"negative page is page 1", -3, 10, 10, "P-204"},
        {"huge page", INT64_MAX, 200, 0, NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xa_incident_filter f = {.page = cases[i].page, .per_page = cases[i].per_page};
        struct xa_incident *v;
        size_t n;
        int64_t total = -1;
        assert_int_equal(xa_store_incident_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
        if (n != cases[i].want_n)
            fail_msg("%s: got %zu rows, want %zu", cases[i].name, n, cases[i].want_n);
        assert_int_equal(total, N);
        if (cases[i].want_first)
            assert_string_equal(v[0].code, cases[i].want_first);
    }
    struct xa_incident_filter f = {.from = T0 + 200, .page = 1, .per_page = 2};
    struct xa_incident *v;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_incident_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
    assert_int_equal(n, 2);
    assert_int_equal(total, 5);
}

static void test_events_come_back_oldest_first_with_names(void **state)
{
    struct fx *fx = *state;
    seed_incidents(fx);
    struct xa_incident_event evs[] = {
        {.incident_id = fx->inc[1],
         .at = T0 + 10,
         .user_id = fx->user[P_DESK_A],
         .action = XA_INCIDENT_DISPATCH,
         .from_status = 1,
         .to_status = 2,
         .officer_id = fx->user[P_PATROL_A]},
        {.incident_id = fx->inc[1],
         .at = T0 + 5,
         .user_id = fx->user[P_DESK_A],
         .action = XA_INCIDENT_RECEIVE,
         .from_status = 0,
         .to_status = 1},
        {.incident_id = fx->inc[1],
         .at = T0 + 10,
         .user_id = fx->user[P_PATROL_A],
         .action = XA_INCIDENT_ARRIVE,
         .from_status = 2,
         .to_status = 3,
         .note = "已到达现场"},
        {.incident_id = fx->inc[0],
         .at = T0,
         .user_id = fx->user[P_DESK_A],
         .action = XA_INCIDENT_RECEIVE,
         .to_status = 1},
    };
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(xa_store_incident_event_put(fx->s, &evs[i]), XA_OK);
        assert_true(evs[i].id > 0);
    }
    struct xa_incident_event *v;
    size_t n;
    assert_int_equal(xa_store_incident_event_list(fx->s, &fx->a, fx->inc[1], &v, &n), XA_OK);
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, evs[1].id); /* earliest */
    assert_int_equal(v[1].id, evs[0].id); /* same time: by id */
    assert_int_equal(v[2].id, evs[2].id);
    assert_int_equal(v[0].from_status, 0);
    assert_int_equal(v[0].action, XA_INCIDENT_RECEIVE);
    assert_null(v[0].officer_name);
    assert_int_equal(v[0].officer_id, 0);
    assert_null(v[0].note);
    assert_int_equal(v[1].incident_id, fx->inc[1]);
    assert_int_equal(v[1].at, T0 + 10);
    assert_string_equal(v[1].user_name, "李冉");
    assert_int_equal(v[1].officer_id, fx->user[P_PATROL_A]);
    assert_string_equal(v[1].officer_name, "王刚");
    assert_int_equal(v[1].to_status, 2);
    assert_string_equal(v[2].user_name, "王刚");
    assert_string_equal(v[2].note, "已到达现场");

    assert_int_equal(xa_store_incident_event_list(fx->s, &fx->a, fx->inc[5], &v, &n), XA_OK);
    assert_int_equal(n, 0);
    struct xa_incident_event orphan = {.incident_id = 999, .at = T0, .action = 1, .to_status = 1};
    assert_int_equal(xa_store_incident_event_put(fx->s, &orphan), XA_ENOTFOUND);
}

/* ---- audit ---- */

static void seed_audit(struct fx *fx)
{
    static const struct {
        int64_t at;
        int user;
        const char *username, *action, *object_type;
        int64_t object_id;
    } rows[] = {
        {10, P_DESK_A, "desk.a", "login.ok", "session", 0},
        {20, P_DESK_A, "desk.a", "incident.create", "incident", 7},
        {30, P_PATROL_A, "patrol.a", "incident.dispatch", "incident", 7},
        {40, -1, "ghost", "login.fail", NULL, 0},
        {50, P_DESK_A, "desk.a", "reveal.caller_phone", "incident", 8},
        {60, P_DESK_A, "desk.a", "reveal.callerXphone", "incident", 8},
        {60, P_LEADER, "leader", "incidents.export", NULL, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct xa_audit au = {.at = T0 + rows[i].at,
                              .user_id = rows[i].user >= 0 ? fx->user[rows[i].user] : 0,
                              .username = rows[i].username,
                              .action = rows[i].action,
                              .object_type = rows[i].object_type,
                              .object_id = rows[i].object_id};
        assert_int_equal(xa_store_audit_put(fx->s, &au), XA_OK);
    }
}

static const char *actions(struct xa_arena *a, const struct xa_audit *v, size_t n)
{
    char *s = xa_arena_strdup(a, "");
    for (size_t i = 0; i < n; i++)
        s = xa_arena_printf(a, "%s%s%s", s, i ? "," : "", v[i].action);
    return s;
}

static void test_audit_round_trip(void **state)
{
    struct fx *fx = *state;
    struct xa_audit in = {.at = T0,
                          .user_id = fx->user[P_DESK_A],
                          .username = "desk.a",
                          .action = "reveal.caller_phone",
                          .object_type = "incident",
                          .object_id = 42,
                          .ip = "10.1.2.3",
                          .reason = "回访核实",
                          .detail = "{\"field\":\"caller_phone\"}"};
    struct xa_audit bare = {.at = T0 + 1, .action = "login.fail"};
    assert_int_equal(xa_store_audit_put(fx->s, &in), XA_OK);
    assert_int_equal(xa_store_audit_put(fx->s, &bare), XA_OK);
    assert_true(bare.id > in.id);
    struct xa_audit_filter f = {0};
    struct xa_audit *v;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_audit_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, bare.id);
    assert_int_equal(v[0].user_id, 0);
    assert_null(v[0].username);
    assert_null(v[0].object_type);
    assert_int_equal(v[0].object_id, 0);
    assert_null(v[0].ip);
    assert_null(v[0].reason);
    assert_null(v[0].detail);
    assert_int_equal(v[1].id, in.id);
    assert_int_equal(v[1].at, T0);
    assert_int_equal(v[1].user_id, fx->user[P_DESK_A]);
    assert_string_equal(v[1].username, "desk.a");
    assert_string_equal(v[1].action, "reveal.caller_phone");
    assert_string_equal(v[1].object_type, "incident");
    assert_int_equal(v[1].object_id, 42);
    assert_string_equal(v[1].ip, "10.1.2.3");
    assert_string_equal(v[1].reason, "回访核实");
    assert_string_equal(v[1].detail, in.detail);
}

static void test_audit_list_filters_newest_first(void **state)
{
    struct fx *fx = *state;
    seed_audit(fx);
    static const struct {
        const char *name;
        int user;
        const char *username, *action, *object_type;
        int64_t object_id, from, to;
        const char *want;
    } cases[] = {
        {"everything, newest first (same time: later id first)", -1, NULL, NULL, NULL, 0, 0, 0,
         "incidents.export,reveal.callerXphone,reveal.caller_phone,login.fail,"
         "incident.dispatch,incident.create,login.ok"},
        {"action prefix", -1, NULL, "incident.", NULL, 0, 0, 0,
         "incident.dispatch,incident.create"},
        {"action prefix with '_' is literal", -1, NULL, "reveal.caller_", NULL, 0, 0, 0,
         "reveal.caller_phone"},
        {"whole action", -1, NULL, "login.fail", NULL, 0, 0, 0, "login.fail"},
        {"user id", P_PATROL_A, NULL, NULL, NULL, 0, 0, 0, "incident.dispatch"},
        {"username as typed", -1, "ghost", NULL, NULL, 0, 0, 0, "login.fail"},
        {"object", -1, NULL, NULL, "incident", 7, 0, 0, "incident.dispatch,incident.create"},
        {"object type", -1, NULL, NULL, "session", 0, 0, 0, "login.ok"},
        {"time window [from, to)", -1, NULL, NULL, NULL, 0, T0 + 20, T0 + 50,
         "login.fail,incident.dispatch,incident.create"},
        {"user and prefix", P_DESK_A, NULL, "reveal.", NULL, 0, 0, 0,
         "reveal.callerXphone,reveal.caller_phone"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xa_audit_filter f = {
            .user_id = cases[i].user >= 0 ? fx->user[cases[i].user] : 0,
            .username = cases[i].username,
            .action = cases[i].action,
            .object_type = cases[i].object_type,
            .object_id = cases[i].object_id,
            .from = cases[i].from,
            .to = cases[i].to,
        };
        struct xa_audit *v;
        size_t n;
        int64_t total;
        assert_int_equal(xa_store_audit_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
        const char *got = actions(&fx->a, v, n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("%s: got '%s', want '%s'", cases[i].name, got, cases[i].want);
        assert_int_equal(total, (int64_t)n);
    }
    struct xa_audit_filter f = {.page = 2, .per_page = 3};
    struct xa_audit *v;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_audit_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
    assert_int_equal(total, 7);
    assert_string_equal(actions(&fx->a, v, n), "login.fail,incident.dispatch,incident.create");
}

static void test_audit_rows_cannot_be_changed_or_deleted(void **state)
{
    struct fx *fx = *state;
    seed_audit(fx);
    sqlite3 *db = raw_open(fx->path);
    static const char *const attempts[] = {
        "UPDATE audit SET action = 'nothing.happened' WHERE id = 1",
        "UPDATE audit SET reason = 'x'",
        "DELETE FROM audit WHERE id = 2",
        "DELETE FROM audit",
    };
    for (size_t i = 0; i < sizeof(attempts) / sizeof(attempts[0]); i++) {
        char *err = NULL;
        int src = sqlite3_exec(db, attempts[i], NULL, NULL, &err);
        assert_int_equal(src, SQLITE_CONSTRAINT);
        assert_non_null(err);
        assert_string_equal(err, "audit log is append-only");
        sqlite3_free(err);
    }
    assert_int_equal(raw_int(db, "SELECT count(*) FROM audit WHERE action = 'login.ok'", 0), 1);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM audit", 0), 7);
    sqlite3_close(db);
}

/* ---- transactions and durability ---- */

static void test_rollback_leaves_nothing_written(void **state)
{
    struct fx *fx = *state;
    xa_store_rollback(fx->s); /* no transaction: accepted */
    assert_int_equal(xa_store_begin(fx->s, true), XA_OK);
    struct xa_unit u = {
        .parent_id = fx->unit[U_BUREAU], .code = "TMP", .name = "临时", .kind = XA_UNIT_STATION};
    assert_int_equal(xa_store_unit_put(fx->s, &u), XA_OK);
    int64_t uid = add_user(fx, "temp.user", "临时", XA_ROLE_DESK, u.id, true);
    struct xa_incident inc = full_incident(fx);
    inc.unit_id = u.id;
    assert_int_equal(xa_store_incident_put(fx->s, &inc), XA_OK);
    int64_t seq;
    assert_int_equal(xa_store_incident_next_seq(fx->s, fx->unit[U_STA], 20251123, &seq), XA_OK);
    assert_int_equal(seq, 1);
    struct xa_audit au = {.at = T0, .action = "unit.create"};
    assert_int_equal(xa_store_audit_put(fx->s, &au), XA_OK);
    /* a refused statement inside the transaction does not end it */
    assert_int_equal(xa_store_incident_put(fx->s, &inc), XA_ECONFLICT);
    xa_store_rollback(fx->s);

    struct xa_unit gu;
    struct xa_user gus;
    struct xa_incident gi;
    assert_int_equal(xa_store_unit_find_code(fx->s, &fx->a, "TMP", &gu), XA_ENOTFOUND);
    assert_int_equal(xa_store_user_get(fx->s, &fx->a, uid, &gus), XA_ENOTFOUND);
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, inc.id, &gi), XA_ENOTFOUND);
    struct xa_audit_filter f = {0};
    struct xa_audit *v;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_audit_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
    assert_int_equal(total, 0);
    assert_int_equal(xa_store_incident_next_seq(fx->s, fx->unit[U_STA], 20251123, &seq), XA_OK);
    assert_int_equal(seq, 1);
    xa_store_rollback(fx->s); /* again, with nothing open */

    /* the handle is usable after a rollback */
    assert_int_equal(xa_store_begin(fx->s, true), XA_OK);
    assert_int_equal(xa_store_unit_put(fx->s, &u), XA_OK);
    assert_int_equal(xa_store_commit(fx->s), XA_OK);
    assert_int_equal(xa_store_unit_find_code(fx->s, &fx->a, "TMP", &gu), XA_OK);
}

static void test_read_transaction_sees_a_snapshot(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(xa_store_begin(fx->s, false), XA_OK);
    struct xa_unit *v;
    size_t n;
    assert_int_equal(xa_store_unit_list(fx->s, &fx->a, &v, &n), XA_OK);
    assert_int_equal(n, N_UNITS);
    sqlite3 *db = raw_open(fx->path);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO units(parent_id, code, name, kind, path)"
                                  " VALUES (1, 'RAW', 'raw', 2, '/1/99/')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(xa_store_unit_list(fx->s, &fx->a, &v, &n), XA_OK);
    assert_int_equal(n, N_UNITS);
    assert_int_equal(xa_store_commit(fx->s), XA_OK);
    assert_int_equal(xa_store_unit_list(fx->s, &fx->a, &v, &n), XA_OK);
    assert_int_equal(n, N_UNITS + 1);
    sqlite3_close(db);
}

static void test_committed_data_survives_close_and_reopen(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(xa_store_begin(fx->s, true), XA_OK);
    struct xa_incident inc = full_incident(fx);
    assert_int_equal(xa_store_incident_put(fx->s, &inc), XA_OK);
    struct xa_audit au = {.at = T0, .action = "incident.create", .object_id = inc.id};
    assert_int_equal(xa_store_audit_put(fx->s, &au), XA_OK);
    assert_int_equal(xa_store_commit(fx->s), XA_OK);
    xa_store_close(fx->s);
    fx->s = NULL;

    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    struct xa_incident o;
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, inc.id, &o), XA_OK);
    assert_string_equal(o.code, inc.code);
    assert_string_equal(o.narrative, inc.narrative);
    struct xa_user u;
    assert_int_equal(xa_store_user_find_name(fx->s, &fx->a, "patrol.a", &u), XA_OK);
    assert_string_equal(u.unit_path, "/1/2/3/");
    struct xa_audit_filter f = {.object_id = inc.id};
    struct xa_audit *v;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_audit_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
    assert_int_equal(n, 1);
    /* the reopened handle keeps counting where the old one stopped */
    struct xa_unit next = {.parent_id = fx->unit[U_STB], .code = "NEXT", .name = "n", .kind = 3};
    assert_int_equal(xa_store_unit_put(fx->s, &next), XA_OK);
    assert_string_equal(next.path, "/1/4/5/");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_unit_paths_follow_the_tree),
        T(test_unit_put_hands_back_a_path_that_outlives_the_next_put),
        T(test_unit_get_and_find_by_code),
        T(test_unit_put_refuses_taken_code_and_missing_parent),
        T(test_unit_list_is_ordered_by_path),
        T(test_user_round_trip_keeps_every_field),
        T(test_user_put_refuses_taken_username_and_unknown_unit),
        T(test_user_password_and_login_state_are_written),
        T(test_user_list_filters),
        T(test_session_lifecycle),
        T(test_sla_find_picks_the_most_specific_rule),
        T(test_next_seq_counts_per_unit_per_day),
        T(test_incident_round_trip_keeps_every_field),
        T(test_incident_unset_fields_are_null_in_the_row_and_zero_back),
        T(test_incident_put_refusals),
        T(test_incident_update_writes_only_the_lifecycle),
        T(test_incident_list_filters),
        T(test_incident_list_rows_carry_joined_names),
        T(test_incident_list_sort_orders),
        T(test_incident_list_pages_through_equal_times_by_id),
        T(test_incident_list_pages_and_counts),
        T(test_events_come_back_oldest_first_with_names),
        T(test_audit_round_trip),
        T(test_audit_list_filters_newest_first),
        T(test_audit_rows_cannot_be_changed_or_deleted),
        T(test_rollback_leaves_nothing_written),
        T(test_read_transaction_sees_a_snapshot),
        T(test_committed_data_survives_close_and_reopen),
    };
    return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
