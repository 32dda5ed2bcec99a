/*
 * case_store_test.c - what the store keeps and gives back for cases (docs/cases.md), on a fresh
 * SQLite file per test: the seeded case types, MO tags and action templates, cases (round
 * trip, NULLs, refusals, lifecycle update, every list filter, paging and sort, derived
 * figures), timelines, actions, property and serial searches, the person registry, links of
 * persons to cases, arrests, attachments, the overdue summary, and the statistics.
 *
 * Every test starts from the same organisation (seed_org); list tests from the same six cases
 * (seed_cases), so expected results are short strings of case tags ("653214"); the statistics
 * from eight cases over two years (seed_stats) whose figures are worked out beside them.
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
#define H INT64_C(3600)
#define D INT64_C(86400)
#define Y2024 INT64_C(1704038400) /* 2024-01-01T00:00:00+08:00 */
#define Y2025 INT64_C(1735660800) /* 2025-01-01T00:00:00+08:00 */

#define OK(x) assert_int_equal((x), XA_OK)

/* Station SM is created before CG so that ordering by code differs from ordering by id. */
enum { U_BUREAU, U_SM, U_CG, U_TEAM, N_UNITS };
enum { P_LEADER, P_INV_A, P_INV_T, P_INV_B, N_USERS };
#define N_CASES 8

struct fx {
    char path[512];
    struct xa_store *s;
    struct xa_arena a;
    int64_t unit[N_UNITS];
    int64_t user[N_USERS];
    int64_t case_id[N_CASES]; /* of seed_cases (tags '1'..'6') or seed_stats ('1'..'8') */
    int64_t person[4];
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
    snprintf(out, len, "%s/case-store-test-%ld-%u.db", dir, (long)getpid(), counter++);
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
    OK(xa_store_unit_put(fx->s, &u));
    return u.id;
}

static int64_t add_user(struct fx *fx, const char *username, const char *name, int role,
                        int64_t unit)
{
    struct xa_user u = {.username = username,
                        .name = name,
                        .role = role,
                        .unit_id = unit,
                        .is_active = true,
                        .password_hash = "$argon2id$v=19$x",
                        .created_at = T0};
    OK(xa_store_user_put(fx->s, &u));
    return u.id;
}

/* Bureau /1/ with station 石门 SM /1/2/, station 城关 CG /1/3/ and CG's team /1/3/4/. */
static void seed_org(struct fx *fx)
{
    fx->unit[U_BUREAU] = add_unit(fx, "BJ", "城关分局", XA_UNIT_BUREAU, 0);
    fx->unit[U_SM] = add_unit(fx, "SM", "石门派出所", XA_UNIT_STATION, fx->unit[U_BUREAU]);
    fx->unit[U_CG] = add_unit(fx, "CG", "城关派出所", XA_UNIT_STATION, fx->unit[U_BUREAU]);
    fx->unit[U_TEAM] = add_unit(fx, "CGT", "城关刑侦队", XA_UNIT_TEAM, fx->unit[U_CG]);
    fx->user[P_LEADER] = add_user(fx, "leader", "周局", XA_ROLE_LEADER, fx->unit[U_BUREAU]);
    fx->user[P_INV_A] = add_user(fx, "inv.a", "王强", XA_ROLE_INVESTIGATOR, fx->unit[U_CG]);
    fx->user[P_INV_T] = add_user(fx, "inv.t", "刘洋", XA_ROLE_INVESTIGATOR, fx->unit[U_TEAM]);
    fx->user[P_INV_B] = add_user(fx, "inv.b", "赵刚", XA_ROLE_INVESTIGATOR, fx->unit[U_SM]);
}

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof(*fx));
    assert_non_null(fx);
    temp_path(fx->path, sizeof(fx->path));
    remove_db(fx->path);
    xa_arena_init(&fx->a);
    OK(xa_store_open(fx->path, &fx->s));
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

/* The integer that sql (with one ? bound to arg) selects, on a second connection. */
static int64_t raw_int(const char *path, const char *sql, int64_t arg)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, arg);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* ---- helpers ---- */

static const struct xa_case_type *find_type(struct fx *fx, const char *code)
{
    struct xa_case_type *v;
    size_t n;
    OK(xa_store_case_type_list(fx->s, &fx->a, &v, &n));
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].code, code) == 0)
            return &v[i];
    fail_msg("no case type '%s'", code);
    return NULL;
}

static int64_t type_id(struct fx *fx, const char *code)
{
    return find_type(fx, code)->id;
}

/* Whether the comma-separated list has the word. */
static bool has_word(const char *list, const char *word)
{
    size_t len = strlen(word);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == len && memcmp(p, word, len) == 0)
            return true;
        p = e ? e + 1 : p + n;
    }
    return false;
}

static size_t n_words(const char *list)
{
    if (!list || !*list)
        return 0;
    size_t n = 1;
    for (const char *p = list; *p; p++)
        n += *p == ',';
    return n;
}

/* A case with the required fields; the caller sets the rest before case_put. */
static struct xa_case base_case(struct fx *fx, const char *code, int unit, const char *type,
                                int64_t opened)
{
    return (struct xa_case){
        .code = code,
        .status = XA_CASE_OPENED,
        .type_id = type_id(fx, type),
        .nature = XA_CASE_CRIMINAL,
        .title = code,
        .unit_id = fx->unit[unit],
        .opened_at = opened,
        .reported_at = opened,
        .due_first_action = opened + XA_CASE_FIRST_ACTION_S,
        .due_analysis = opened + XA_CASE_ANALYSIS_S,
        .updated_at = opened,
    };
}

static int64_t add_person(struct fx *fx, const char *name, const char *id_number, const char *phone)
{
    struct xa_person p = {
        .name = name, .id_number = id_number, .phone = phone, .created_at = T0, .updated_at = T0};
    OK(xa_store_case_person_put(fx->s, &p));
    return p.id;
}

static int64_t add_link(struct fx *fx, int64_t case_id, int64_t person_id, int role, int64_t at)
{
    struct xa_case_person cp = {
        .case_id = case_id, .role = role, .person = {.id = person_id}, .added_at = at};
    OK(xa_store_case_person_link_put(fx->s, &cp));
    return cp.id;
}

static int64_t add_property(struct fx *fx, int64_t case_id, const char *serial, int64_t value,
                            int status)
{
    struct xa_property p = {.case_id = case_id,
                            .category = XA_PROPERTY_PHONE,
                            .description = "手机",
                            .serial = serial,
                            .value_fen = value,
                            .status = status,
                            .created_at = T0};
    OK(xa_store_case_property_put(fx->s, &p));
    return p.id;
}

static int64_t add_arrest(struct fx *fx, int64_t case_id, int64_t person_id, int64_t at, int unit)
{
    struct xa_arrest ar = {.case_id = case_id,
                           .person_id = person_id,
                           .at = at,
                           .measure = XA_ARREST_CRIMINAL_DETENTION,
                           .unit_id = fx->unit[unit],
                           .by = fx->user[P_INV_A]};
    OK(xa_store_case_arrest_put(fx->s, &ar));
    return ar.id;
}

/* ---- the six cases of the list tests ----
 * tag unit  type                    opened  status        solved  due_next  mo
 *  1  CG    theft.car_door          T0      investigating -       T0+72h    car_door,night
 *  2  team  theft.ebike             T0+1h   solved        T0+2d   -         cut_lock
 *  3  SM    fraud.telecom.brushing  T0+2h   opened        -       T0+6h     brushing
 *  4  SM    theft                   T0-10d  solved        T0+3d   -         night
 *  5  CG    fraud                   T0+3h   suspended     -       T0        -
 *  6  CG    robbery                 T0+4h   opened        -       T0+28h    -
 * Property serial IMEI-AAA in 1, imei-aaa in 3; person 0 in 1 and 3, person 1 in 2; arrests in
 * 2 (T0+1d) and 4 (T0-5d). */
static const struct seed_case {
    const char *code;
    int unit;
    const char *type;
    int64_t opened;
    int status;
    int64_t solved, due_next, first_action;
    const char *mo, *summary, *address;
    int owner;
} seed[] = {
    {"CG-A20251123-0002", U_CG, "theft.car_door", T0, XA_CASE_INVESTIGATING, 0, T0 + 72 * H, T0 + H,
     "car_door,night", NULL, "城关镇幸福小区 3 栋", P_INV_A},
    {"CG-A20251123-0001", U_TEAM, "theft.ebike", T0 + H, XA_CASE_SOLVED, T0 + 2 * D, 0, T0 + 2 * H,
     "cut_lock", "学校门口电动车被盗", NULL, P_INV_T},
    {"SM-A20251123-0001", U_SM, "fraud.telecom.brushing", T0 + 2 * H, XA_CASE_OPENED, 0, T0 + 6 * H,
     0, "brushing", "刷单返利被骗", NULL, P_INV_B},
    {"SM-A20251113-0001", U_SM, "theft", T0 - 10 * D, XA_CASE_SOLVED, T0 + 3 * D, 0, T0 - 9 * D,
     "night", NULL, NULL, P_INV_B},
    {"CG-A20251123-0003", U_CG, "fraud", T0 + 3 * H, XA_CASE_SUSPENDED, 0, T0, 0, NULL, NULL, NULL,
     P_INV_A},
    {"CG-A20251123-0004", U_CG, "robbery", T0 + 4 * H, XA_CASE_OPENED, 0, T0 + 28 * H, 0, NULL,
     NULL, "东门菜场", P_INV_A},
};
#define N_SEED (sizeof(seed) / sizeof(seed[0]))

static void seed_cases(struct fx *fx)
{
    for (size_t i = 0; i < N_SEED; i++) {
        const struct seed_case *sc = &seed[i];
        struct xa_case c = base_case(fx, sc->code, sc->unit, sc->type, sc->opened);
        char title[64];
        snprintf(title, sizeof(title), "%s案%zu", i == 0 ? "幸福小区车内财物被盗" : "", i + 1);
        c.title = title;
        c.status = sc->status;
        c.solved_at = sc->solved;
        c.due_next = sc->due_next;
        c.first_action_at = sc->first_action;
        c.mo_tags = sc->mo;
        c.summary = sc->summary;
        c.address = sc->address;
        c.owner_id = fx->user[sc->owner];
        OK(xa_store_case_put(fx->s, &c));
        fx->case_id[i] = c.id;
    }
    fx->person[0] = add_person(fx, "张三", "110105194912310029", "13900000001");
    fx->person[1] = add_person(fx, "李四", NULL, NULL);
    add_property(fx, fx->case_id[0], "IMEI-AAA", 500000, XA_PROPERTY_LOST);
    add_property(fx, fx->case_id[2], "imei-aaa", 100, XA_PROPERTY_LOST);
    add_link(fx, fx->case_id[0], fx->person[0], XA_CASE_ROLE_VICTIM, T0);
    add_link(fx, fx->case_id[2], fx->person[0], XA_CASE_ROLE_VICTIM, T0 + 2 * H);
    add_link(fx, fx->case_id[1], fx->person[1], XA_CASE_ROLE_SUSPECT, T0 + H);
    add_link(fx, fx->case_id[3], fx->person[1], XA_CASE_ROLE_SUSPECT, T0 - 6 * D);
    add_arrest(fx, fx->case_id[1], fx->person[1], T0 + D, U_CG);
    add_arrest(fx, fx->case_id[3], fx->person[1], T0 - 5 * D, U_SM);
}

/* The tags of the listed cases, in order ("" for none). */
static const char *tags(struct fx *fx, const struct xa_case *v, size_t n)
{
    char *out = xa_arena_alloc(&fx->a, n + 1);
    for (size_t i = 0; i < n; i++) {
        out[i] = '?';
        for (size_t k = 0; k < N_SEED; k++)
            if (fx->case_id[k] == v[i].id)
                out[i] = (char)('1' + k);
    }
    out[n] = '\0';
    return out;
}

static const char *list_tags(struct fx *fx, const struct xa_case_filter *f, int64_t *total)
{
    struct xa_case *v;
    size_t n;
    int64_t t = -1;
    OK(xa_store_case_list(fx->s, &fx->a, f, &v, &n, &t));
    if (total)
        *total = t;
    return tags(fx, v, n);
}

/* ---- case types, MO tags, templates ---- */

static void test_seeded_case_types_form_the_documented_hierarchy(void **state)
{
    struct fx *fx = *state;
    struct xa_case_type *v;
    size_t n;
    OK(xa_store_case_type_list(fx->s, &fx->a, &v, &n));
    assert_int_equal(n, 25); /* 10 parents, 10 children, 5 under fraud.telecom */
    for (size_t i = 1; i < n; i++)
        assert_true(strcmp(v[i - 1].code, v[i].code) < 0);

    const struct xa_case_type *theft = find_type(fx, "theft");
    assert_int_equal(theft->parent_id, 0);
    assert_null(theft->parent_code);
    assert_string_equal(theft->name_zh, "盗窃");
    assert_string_equal(theft->name_en, "Theft");
    assert_true(theft->is_active);

    const struct xa_case_type *car = find_type(fx, "theft.car_door");
    assert_int_equal(car->parent_id, theft->id);
    assert_string_equal(car->parent_code, "theft");
    assert_string_equal(car->name_zh, "拉车门盗窃");

    const struct xa_case_type *telecom = find_type(fx, "fraud.telecom");
    const struct xa_case_type *brushing = find_type(fx, "fraud.telecom.brushing");
    assert_int_equal(telecom->parent_id, type_id(fx, "fraud"));
    assert_int_equal(brushing->parent_id, telecom->id);
    assert_string_equal(brushing->parent_code, "fraud.telecom");

    /* MO tags: its own, its ancestors', and night/daytime that apply to any type */
    assert_int_equal(n_words(car->mo_tags), 4);
    assert_true(has_word(car->mo_tags, "car_door"));
    assert_true(has_word(car->mo_tags, "smash_window"));
    assert_true(has_word(car->mo_tags, "night"));
    assert_true(has_word(car->mo_tags, "daytime"));
    assert_false(has_word(car->mo_tags, "lock_pick"));
    /* brushing: own brushing, fraud.telecom's four, any-type two */
    assert_int_equal(n_words(brushing->mo_tags), 6);
    assert_true(has_word(brushing->mo_tags, "brushing"));
    assert_true(has_word(brushing->mo_tags, "impersonate_police"));
    assert_true(has_word(brushing->mo_tags, "fake_shop"));
    assert_true(has_word(brushing->mo_tags, "impersonate_service"));
    assert_true(has_word(brushing->mo_tags, "night"));
    assert_false(has_word(brushing->mo_tags, "car_door"));
    assert_int_equal(n_words(theft->mo_tags), 2); /* night, daytime */
}

static void test_case_type_put_adds_a_child_and_refuses_a_taken_code(void **state)
{
    struct fx *fx = *state;
    int64_t theft = type_id(fx, "theft");
    struct xa_case_type t = {.code = "theft.bicycle",
                             .parent_id = theft,
                             .name_zh = "盗窃自行车",
                             .name_en = "Bicycle theft",
                             .is_active = false};
    OK(xa_store_case_type_put(fx->s, &t));
    assert_true(t.id > 0);
    const struct xa_case_type *got = find_type(fx, "theft.bicycle");
    assert_int_equal(got->id, t.id);
    assert_int_equal(got->parent_id, theft);
    assert_string_equal(got->parent_code, "theft");
    assert_string_equal(got->name_zh, "盗窃自行车");
    assert_string_equal(got->name_en, "Bicycle theft");
    assert_false(got->is_active);
    assert_int_equal(n_words(got->mo_tags), 2);

    struct xa_case_type top = {.code = "environment", .name_zh = "环境", .name_en = "Env"};
    OK(xa_store_case_type_put(fx->s, &top));
    assert_int_equal(find_type(fx, "environment")->parent_id, 0);

    struct xa_case_type dup = {
        .code = "theft.car_door", .parent_id = theft, .name_zh = "x", .name_en = "x"};
    assert_int_equal(xa_store_case_type_put(fx->s, &dup), XA_ECONFLICT);
    struct xa_case_type orphan = {
        .code = "nowhere.x", .parent_id = 9999, .name_zh = "x", .name_en = "x"};
    assert_int_equal(xa_store_case_type_put(fx->s, &orphan), XA_ENOTFOUND);

    struct xa_case_type *v;
    size_t n;
    OK(xa_store_case_type_list(fx->s, &fx->a, &v, &n));
    assert_int_equal(n, 27);
}

static void test_mo_tags_come_in_display_order_with_their_types(void **state)
{
    struct fx *fx = *state;
    struct xa_mo_tag *v;
    size_t n;
    OK(xa_store_case_mo_tag_list(fx->s, &fx->a, &v, &n));
    assert_int_equal(n, 18);
    assert_string_equal(v[0].code, "night");
    assert_string_equal(v[0].name_zh, "夜间");
    assert_string_equal(v[0].name_en, "At night");
    assert_null(v[0].types);
    assert_string_equal(v[1].code, "daytime");
    assert_string_equal(v[2].code, "car_door");
    assert_string_equal(v[2].types, "theft.car_door");
    assert_string_equal(v[17].code, "scrap_metal");
    assert_string_equal(v[7].code, "cut_lock");
    assert_int_equal(n_words(v[7].types), 2);
    assert_true(has_word(v[7].types, "theft.ebike"));
    assert_true(has_word(v[7].types, "theft.motorcycle"));
}

static const char *template_names(struct fx *fx, int64_t type)
{
    struct xa_action_template *v;
    size_t n;
    OK(xa_store_case_template_list(fx->s, &fx->a, type, &v, &n));
    char buf[1024] = "";
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s", i ? "|" : "", v[i].name);
    return xa_arena_strndup(&fx->a, buf, len);
}

static void test_templates_include_the_ancestors_and_every_type_ones_by_sort(void **state)
{
    struct fx *fx = *state;
    int64_t theft = type_id(fx, "theft"), car = type_id(fx, "theft.car_door");
    struct xa_action_template *v;
    size_t n;
    OK(xa_store_case_template_list(fx->s, &fx->a, car, &v, &n));
    assert_int_equal(n, 5);
    assert_string_equal(v[0].name, "现场勘查");
    assert_int_equal(v[0].type_id, theft);
    assert_int_equal(v[0].kind, XA_ACTION_SCENE);
    assert_int_equal(v[0].due_hours, 24);
    assert_int_equal(v[0].sort, 10);
    assert_string_equal(v[3].name, "周边监控盲区排查");
    assert_int_equal(v[3].type_id, car);
    assert_int_equal(v[3].due_hours, 48);
    assert_string_equal(v[4].name, "串并研判");
    assert_int_equal(v[4].type_id, 0);
    assert_int_equal(v[4].kind, XA_ACTION_LINKAGE);
    assert_int_equal(v[4].due_hours, 72);
    assert_string_equal(template_names(fx, car),
                        "现场勘查|走访调查|视频追踪|周边监控盲区排查|串并研判");
    /* three levels: fraud's two reach fraud.telecom.brushing */
    assert_string_equal(template_names(fx, type_id(fx, "fraud.telecom.brushing")),
                        "资金查控(止付冻结)|询问被害人|串并研判");
    assert_string_equal(template_names(fx, type_id(fx, "other")), "串并研判");
    assert_string_equal(template_names(fx, 0), "串并研判");
    /* a sibling's own are not inherited */
    assert_string_equal(template_names(fx, type_id(fx, "theft.ebike")),
                        "现场勘查|走访调查|视频追踪|销赃渠道排查|串并研判");
}

static void test_template_set_replaces_only_the_types_own(void **state)
{
    struct fx *fx = *state;
    int64_t car = type_id(fx, "theft.car_door"), theft = type_id(fx, "theft");
    const struct xa_action_template mine[] = {
        {.kind = XA_ACTION_FACE, .name = "人像比对", .due_hours = 12, .sort = 5},
        {.kind = XA_ACTION_PAWN_CHECK, .name = "销赃排查", .due_hours = 96, .sort = 95},
    };
    OK(xa_store_case_template_set(fx->s, car, mine, 2));
    struct xa_action_template *v;
    size_t n;
    OK(xa_store_case_template_list(fx->s, &fx->a, car, &v, &n));
    assert_string_equal(template_names(fx, car),
                        "人像比对|现场勘查|走访调查|视频追踪|串并研判|销赃排查");
    assert_int_equal(n, 6);
    assert_int_equal(v[0].type_id, car);
    assert_int_equal(v[0].kind, XA_ACTION_FACE);
    assert_int_equal(v[0].due_hours, 12);
    assert_int_equal(v[0].sort, 5);
    assert_int_equal(v[5].kind, XA_ACTION_PAWN_CHECK);
    assert_int_equal(v[5].due_hours, 96);
    /* the parent and a sibling are untouched */
    assert_string_equal(template_names(fx, theft), "现场勘查|走访调查|视频追踪|串并研判");
    assert_string_equal(template_names(fx, type_id(fx, "theft.ebike")),
                        "现场勘查|走访调查|视频追踪|销赃渠道排查|串并研判");
    /* replacing again, with nothing, clears the own ones */
    OK(xa_store_case_template_set(fx->s, car, NULL, 0));
    assert_string_equal(template_names(fx, car), "现场勘查|走访调查|视频追踪|串并研判");
    /* type 0 replaces the every-type ones, which every type then receives */
    const struct xa_action_template all[] = {
        {.kind = XA_ACTION_OTHER, .name = "回访事主", .due_hours = 168, .sort = 99},
    };
    OK(xa_store_case_template_set(fx->s, 0, all, 1));
    assert_string_equal(template_names(fx, 0), "回访事主");
    assert_string_equal(template_names(fx, car), "现场勘查|走访调查|视频追踪|回访事主");
    assert_string_equal(template_names(fx, theft), "现场勘查|走访调查|视频追踪|回访事主");
}

/* ---- cases ---- */

static void test_case_next_seq_counts_per_unit_per_day(void **state)
{
    struct fx *fx = *state;
    int64_t a = fx->unit[U_CG], b = fx->unit[U_SM], v = 0;
    OK(xa_store_case_next_seq(fx->s, a, 20251123, &v));
    assert_int_equal(v, 1);
    OK(xa_store_case_next_seq(fx->s, a, 20251123, &v));
    assert_int_equal(v, 2);
    OK(xa_store_case_next_seq(fx->s, b, 20251123, &v));
    assert_int_equal(v, 1);
    OK(xa_store_case_next_seq(fx->s, a, 20251124, &v));
    assert_int_equal(v, 1);
    OK(xa_store_case_next_seq(fx->s, a, 20251123, &v));
    assert_int_equal(v, 3);
    /* incidents keep their own numbering */
    OK(xa_store_incident_next_seq(fx->s, a, 20251123, &v));
    assert_int_equal(v, 1);
}

static int64_t add_incident(struct fx *fx)
{
    struct xa_incident inc = {
        .code = "CG-20251123-0042",
        .unit_id = fx->unit[U_CG],
        .channel = XA_CHANNEL_PHONE,
        .category = XA_CATEGORY_CRIMINAL,
        .priority = 2,
        .received_at = T0 - 2 * H,
        .status = XA_INCIDENT_RECEIVED,
        .updated_at = T0 - 2 * H,
    };
    OK(xa_store_incident_put(fx->s, &inc));
    return inc.id;
}

static int64_t add_grid(struct fx *fx)
{
    struct xa_grid g = {.unit_id = fx->unit[U_CG],
                        .code = "CG-01",
                        .name = "幸福社区",
                        .kind = XA_GRID_COMMUNITY,
                        .polygon = "[[[120.1,30.1],[120.2,30.1],[120.2,30.2],[120.1,30.1]]]",
                        .center_lat = 30.15,
                        .center_lon = 120.15};
    OK(xa_store_grid_put(fx->s, &g));
    return g.id;
}

static void test_case_round_trip_keeps_every_field(void **state)
{
    struct fx *fx = *state;
    int64_t inc = add_incident(fx), grid = add_grid(fx);
    struct xa_case c = {
        .code = "CG-A20251123-0001",
        .status = XA_CASE_INVESTIGATING,
        .type_id = type_id(fx, "theft.car_door"),
        .nature = XA_CASE_ADMINISTRATIVE,
        .is_enterprise = true,
        .title = "幸福小区车内财物被盗",
        .summary = "事主称车内 \"挎包\" 被盗\n'现金'",
        .incident_id = inc,
        .window_from = T0 - 10 * H,
        .window_to = T0 - 3 * H,
        .address = "城关镇幸福小区 3 栋",
        .has_location = true,
        .lat = 30.123456789,
        .lon = 120.987654321,
        .grid_id = grid,
        .mo_text = "夜间拉车门",
        .mo_tags = "car_door,night",
        .unit_id = fx->unit[U_CG],
        .owner_id = fx->user[P_INV_A],
        .opened_at = T0,
        .opened_by = fx->user[P_LEADER],
        .reported_at = T0 - 2 * H,
        .first_action_at = T0 + H,
        .analysis_at = T0 + 2 * H,
        .solved_at = T0 + 3 * D,
        .closed_at = T0 + 4 * D,
        .status_reason = "中止理由",
        .solve_reason = "嫌疑人在逃",
        .due_first_action = T0 + 4 * H,
        .due_analysis = T0 + 72 * H,
        .due_next = T0 + 72 * H,
        .updated_at = T0 + 5 * D,
    };
    OK(xa_store_case_put(fx->s, &c));
    assert_true(c.id > 0);
    struct xa_case g;
    OK(xa_store_case_get(fx->s, &fx->a, c.id, &g));
    assert_int_equal(g.id, c.id);
    assert_string_equal(g.code, c.code);
    assert_int_equal(g.status, XA_CASE_INVESTIGATING);
    assert_int_equal(g.type_id, c.type_id);
    assert_string_equal(g.type_code, "theft.car_door");
    assert_string_equal(g.type_name, "拉车门盗窃");
    assert_int_equal(g.nature, XA_CASE_ADMINISTRATIVE);
    assert_true(g.is_enterprise);
    assert_string_equal(g.title, c.title);
    assert_string_equal(g.summary, c.summary);
    assert_int_equal(g.incident_id, inc);
    assert_string_equal(g.incident_code, "CG-20251123-0042");
    assert_int_equal(g.window_from, c.window_from);
    assert_int_equal(g.window_to, c.window_to);
    assert_string_equal(g.address, c.address);
    assert_true(g.has_location);
    assert_true(g.lat == c.lat);
    assert_true(g.lon == c.lon);
    assert_int_equal(g.grid_id, grid);
    assert_string_equal(g.mo_text, c.mo_text);
    assert_int_equal(n_words(g.mo_tags), 2);
    assert_true(has_word(g.mo_tags, "car_door"));
    assert_true(has_word(g.mo_tags, "night"));
    assert_int_equal(g.unit_id, fx->unit[U_CG]);
    assert_string_equal(g.unit_name, "城关派出所");
    assert_string_equal(g.unit_code, "CG");
    assert_int_equal(g.owner_id, fx->user[P_INV_A]);
    assert_string_equal(g.owner_name, "王强");
    assert_int_equal(g.opened_at, T0);
    assert_int_equal(g.opened_by, fx->user[P_LEADER]);
    assert_string_equal(g.opened_by_name, "周局");
    assert_int_equal(g.reported_at, T0 - 2 * H);
    assert_int_equal(g.first_action_at, c.first_action_at);
    assert_int_equal(g.analysis_at, c.analysis_at);
    assert_int_equal(g.solved_at, c.solved_at);
    assert_int_equal(g.closed_at, c.closed_at);
    assert_string_equal(g.status_reason, c.status_reason);
    assert_string_equal(g.solve_reason, c.solve_reason);
    assert_int_equal(g.due_first_action, c.due_first_action);
    assert_int_equal(g.due_analysis, c.due_analysis);
    assert_int_equal(g.due_next, c.due_next);
    assert_int_equal(g.updated_at, c.updated_at);
    assert_int_equal(g.loss_fen, 0);
    assert_int_equal(g.recovered_fen, 0);
    assert_int_equal(g.n_suspects, 0);
    assert_int_equal(g.n_arrests, 0);

    assert_int_equal(xa_store_case_get(fx->s, &fx->a, c.id + 1, &g), XA_ENOTFOUND);
}

static void test_case_unset_fields_are_null_in_the_row_and_zero_back(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "SM-A20251123-0001", U_SM, "other", T0);
    OK(xa_store_case_put(fx->s, &c));
    assert_int_equal(raw_int(fx->path,
                             "SELECT count(*) FROM cases WHERE id = ? AND summary IS NULL"
                             " AND incident_id IS NULL AND window_from IS NULL"
                             " AND window_to IS NULL AND address IS NULL AND lat IS NULL"
                             " AND lon IS NULL AND grid_id IS NULL AND mo_text IS NULL"
                             " AND owner_id IS NULL AND opened_by IS NULL"
                             " AND first_action_at IS NULL AND analysis_at IS NULL"
                             " AND solved_at IS NULL AND closed_at IS NULL"
                             " AND status_reason IS NULL AND solve_reason IS NULL"
                             " AND due_next IS NULL AND is_enterprise = 0",
                             c.id),
                     1);
    assert_int_equal(raw_int(fx->path, "SELECT count(*) FROM case_mo WHERE case_id = ?", c.id), 0);
    struct xa_case g;
    memset(&g, 0x5a, sizeof(g));
    OK(xa_store_case_get(fx->s, &fx->a, c.id, &g));
    assert_null(g.summary);
    assert_int_equal(g.incident_id, 0);
    assert_null(g.incident_code);
    assert_int_equal(g.window_from, 0);
    assert_int_equal(g.window_to, 0);
    assert_null(g.address);
    assert_false(g.has_location);
    assert_true(g.lat == 0.0 && g.lon == 0.0);
    assert_int_equal(g.grid_id, 0);
    assert_null(g.mo_text);
    assert_null(g.mo_tags);
    assert_int_equal(g.owner_id, 0);
    assert_null(g.owner_name);
    assert_int_equal(g.opened_by, 0);
    assert_null(g.opened_by_name);
    assert_int_equal(g.first_action_at, 0);
    assert_int_equal(g.analysis_at, 0);
    assert_int_equal(g.solved_at, 0);
    assert_int_equal(g.closed_at, 0);
    assert_null(g.status_reason);
    assert_null(g.solve_reason);
    assert_int_equal(g.due_next, 0);
    assert_false(g.is_enterprise);
    assert_string_equal(g.type_name, "其他");
    assert_string_equal(g.unit_name, "石门派出所");
}

static void test_case_put_refusals(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft", T0);
    OK(xa_store_case_put(fx->s, &c));
    struct xa_case dup = base_case(fx, "CG-A20251123-0001", U_SM, "fraud", T0);
    assert_int_equal(xa_store_case_put(fx->s, &dup), XA_ECONFLICT);

    struct xa_case bad_type = base_case(fx, "CG-A20251123-0002", U_CG, "theft", T0);
    bad_type.type_id = 9999;
    assert_int_equal(xa_store_case_put(fx->s, &bad_type), XA_ENOTFOUND);
    struct xa_case bad_unit = base_case(fx, "CG-A20251123-0003", U_CG, "theft", T0);
    bad_unit.unit_id = 9999;
    assert_int_equal(xa_store_case_put(fx->s, &bad_unit), XA_ENOTFOUND);
    struct xa_case bad_inc = base_case(fx, "CG-A20251123-0004", U_CG, "theft", T0);
    bad_inc.incident_id = 9999;
    assert_int_equal(xa_store_case_put(fx->s, &bad_inc), XA_ENOTFOUND);
    struct xa_case bad_owner = base_case(fx, "CG-A20251123-0005", U_CG, "theft", T0);
    bad_owner.owner_id = 9999;
    assert_int_equal(xa_store_case_put(fx->s, &bad_owner), XA_ENOTFOUND);

    /* an unknown MO tag, in the transaction the service runs: nothing is left behind */
    OK(xa_store_begin(fx->s, true));
    struct xa_case bad_tag = base_case(fx, "CG-A20251123-0006", U_CG, "theft", T0);
    bad_tag.mo_tags = "night,teleport";
    assert_int_equal(xa_store_case_put(fx->s, &bad_tag), XA_ENOTFOUND);
    xa_store_rollback(fx->s);
    assert_int_equal(raw_int(fx->path, "SELECT count(*) FROM cases WHERE id <> ?", c.id), 0);
    assert_int_equal(raw_int(fx->path, "SELECT count(*) FROM case_mo WHERE case_id <> ?", c.id), 0);
}

static void test_case_update_writes_only_the_lifecycle(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft", T0);
    c.owner_id = fx->user[P_INV_A];
    c.due_next = c.due_first_action;
    c.summary = "原摘要";
    OK(xa_store_case_put(fx->s, &c));

    struct xa_case u = c;
    u.status = XA_CASE_SOLVED;
    u.owner_id = fx->user[P_INV_T];
    u.first_action_at = T0 + H;
    u.analysis_at = T0 + 2 * H;
    u.solved_at = T0 + D;
    u.closed_at = T0 + 2 * D;
    u.status_reason = "理由";
    u.solve_reason = "抓获嫌疑人";
    u.due_next = 0;
    u.updated_at = T0 + 2 * D;
    /* not lifecycle fields: must not be written */
    u.title = "改过的标题";
    u.summary = "改过的摘要";
    u.type_id = type_id(fx, "fraud");
    u.unit_id = fx->unit[U_SM];
    u.opened_at = T0 + 9 * D;
    u.reported_at = T0 + 9 * D;
    u.due_first_action = T0 + 9 * D;
    OK(xa_store_case_update(fx->s, &u));

    struct xa_case g;
    OK(xa_store_case_get(fx->s, &fx->a, c.id, &g));
    assert_int_equal(g.status, XA_CASE_SOLVED);
    assert_int_equal(g.owner_id, fx->user[P_INV_T]);
    assert_string_equal(g.owner_name, "刘洋");
    assert_int_equal(g.first_action_at, T0 + H);
    assert_int_equal(g.analysis_at, T0 + 2 * H);
    assert_int_equal(g.solved_at, T0 + D);
    assert_int_equal(g.closed_at, T0 + 2 * D);
    assert_string_equal(g.status_reason, "理由");
    assert_string_equal(g.solve_reason, "抓获嫌疑人");
    assert_int_equal(g.due_next, 0);
    assert_int_equal(g.updated_at, T0 + 2 * D);
    assert_string_equal(g.title, "CG-A20251123-0001");
    assert_string_equal(g.summary, "原摘要");
    assert_int_equal(g.type_id, type_id(fx, "theft"));
    assert_int_equal(g.unit_id, fx->unit[U_CG]);
    assert_int_equal(g.opened_at, T0);
    assert_int_equal(g.reported_at, T0);
    assert_int_equal(g.due_first_action, T0 + XA_CASE_FIRST_ACTION_S);
    assert_int_equal(raw_int(fx->path, "SELECT due_next IS NULL FROM cases WHERE id = ?", c.id), 1);

    /* an owner of 0 clears the owner */
    u.owner_id = 0;
    OK(xa_store_case_update(fx->s, &u));
    OK(xa_store_case_get(fx->s, &fx->a, c.id, &g));
    assert_int_equal(g.owner_id, 0);
    assert_null(g.owner_name);

    u.id = c.id + 100;
    assert_int_equal(xa_store_case_update(fx->s, &u), XA_ENOTFOUND);
}

static void test_case_list_filters(void **state)
{
    struct fx *fx = *state;
    seed_cases(fx);
    int64_t total;
    const struct {
        struct xa_case_filter f;
        const char *want;
    } cases[] = {
        {{.status = 0}, "653214"},
        {{.status = XA_CASE_SOLVED}, "24"},
        {{.status = XA_CASE_DROPPED}, ""},
        {{.type_id = type_id(fx, "theft")}, "214"},
        {{.type_id = type_id(fx, "theft.car_door")}, "1"},
        {{.type_id = type_id(fx, "fraud")}, "53"},
        {{.type_id = type_id(fx, "fraud.telecom")}, "3"},
        {{.type_id = type_id(fx, "fraud.telecom.brushing")}, "3"},
        {{.type_id = type_id(fx, "gun")}, ""},
        {{.unit_id = fx->unit[U_CG]}, "6521"},
        {{.unit_id = fx->unit[U_TEAM]}, "2"},
        {{.unit_id = fx->unit[U_BUREAU]}, "653214"},
        {{.scope_path = "/1/2/"}, "34"},
        {{.scope_path = "/1/3/"}, "6521"},
        {{.scope_path = "/1/3/", .unit_id = fx->unit[U_SM]}, ""},
        {{.from = T0, .to = T0 + 3 * H}, "321"},
        {{.from = T0 + 3 * H}, "65"},
        {{.to = T0}, "4"},
        {{.solved_from = T0 + 2 * D, .solved_to = T0 + 3 * D}, "2"},
        {{.solved_from = T0 + 2 * D}, "24"},
        {{.solved_to = T0 + 3 * D + 1}, "24"},
        {{.mo = "night"}, "14"},
        {{.mo = "car_door"}, "1"},
        {{.mo = "window"}, ""},
        {{.q = "幸福"}, "1"},
        {{.q = "刷单"}, "3"},
        {{.q = "菜场"}, "6"},
        {{.q = "SM-A"}, "34"},
        {{.q = "A20251123-0003"}, "5"},
        {{.serial = "IMEI-AAA"}, "31"},
        {{.serial = "imei-aaa"}, "31"},
        {{.serial = "IMEI-AA"}, ""},
        {{.person_id = fx->person[0]}, "31"},
        {{.person_id = fx->person[1]}, "24"},
        {{.owner_id = fx->user[P_INV_B]}, "34"},
        {{.overdue = true, .now = T0 + 7 * H}, "3"},
        {{.overdue = true, .now = T0 + 6 * H}, ""},
        {{.overdue = true, .now = T0 + 73 * H}, "631"},
        {{.has_arrest = true}, "24"},
        {{.has_arrest = true, .from = T0, .to = T0 + 2 * D}, "2"},
        {{.has_arrest = true, .from = T0 - 6 * D, .to = T0}, "4"},
        {{.has_arrest = true, .from = T0 + D + 1}, ""},
        {{.has_arrest = true, .from = T0 + H, .to = T0 + D}, ""},
        {{.type_id = type_id(fx, "theft"), .status = XA_CASE_SOLVED, .scope_path = "/1/2/"}, "4"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const char *got = list_tags(fx, &cases[i].f, &total);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("filter %zu: got '%s', want '%s'", i, got, cases[i].want);
        assert_int_equal(total, (int64_t)strlen(cases[i].want));
    }
}

static void test_case_list_pages_and_counts(void **state)
{
    struct fx *fx = *state;
    seed_cases(fx);
    int64_t total;
    struct xa_case_filter f = {.per_page = 2, .page = 1};
    assert_string_equal(list_tags(fx, &f, &total), "65");
    assert_int_equal(total, 6);
    f.page = 2;
    assert_string_equal(list_tags(fx, &f, &total), "32");
    f.page = 3;
    assert_string_equal(list_tags(fx, &f, &total), "14");
    f.page = 4;
    assert_string_equal(list_tags(fx, &f, &total), "");
    assert_int_equal(total, 6);
    /* the total counts the filtered rows before paging */
    f = (struct xa_case_filter){.unit_id = fx->unit[U_CG], .per_page = 3, .page = 2};
    assert_string_equal(list_tags(fx, &f, &total), "1");
    assert_int_equal(total, 4);
    /* a page of 0 is the first */
    f = (struct xa_case_filter){.per_page = 1, .page = 0};
    assert_string_equal(list_tags(fx, &f, &total), "6");
}

static void test_case_list_sort_orders(void **state)
{
    struct fx *fx = *state;
    seed_cases(fx);
    const struct {
        const char *sort, *want;
    } cases[] = {
        {NULL, "653214"},        {"", "653214"},          {"-opened_at", "653214"},
        {"opened_at", "412356"}, {"code", "215643"},      {"-code", "346512"},
        {"status", "361245"},    {"-status", "542163"},   {"due_next", "536124"},
        {"-due_next", "163542"}, {"solved_at", "241356"}, {"-solved_at", "426531"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xa_case_filter f = {.sort = cases[i].sort};
        const char *got = list_tags(fx, &f, NULL);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("sort '%s': got '%s', want '%s'", cases[i].sort ? cases[i].sort : "(null)",
                     got, cases[i].want);
    }
    struct xa_case_filter bad = {.sort = "title"};
    struct xa_case *v;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_case_list(fx->s, &fx->a, &bad, &v, &n, &total), XA_EINVAL);
}

static void test_case_list_rows_carry_joined_names_and_tags(void **state)
{
    struct fx *fx = *state;
    seed_cases(fx);
    struct xa_case_filter f = {.mo = "cut_lock"};
    struct xa_case *v;
    size_t n;
    int64_t total;
    OK(xa_store_case_list(fx->s, &fx->a, &f, &v, &n, &total));
    assert_int_equal(n, 1);
    assert_string_equal(v[0].code, "CG-A20251123-0001");
    assert_string_equal(v[0].type_code, "theft.ebike");
    assert_string_equal(v[0].type_name, "盗窃电动车");
    assert_string_equal(v[0].unit_name, "城关刑侦队");
    assert_string_equal(v[0].unit_code, "CGT");
    assert_string_equal(v[0].owner_name, "刘洋");
    assert_string_equal(v[0].mo_tags, "cut_lock");
    assert_int_equal(v[0].solved_at, T0 + 2 * D);
    assert_int_equal(v[0].n_suspects, 1);
    assert_int_equal(v[0].n_arrests, 1);
}

static void test_case_figures_are_derived_from_property_persons_and_arrests(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft.ebike", T0);
    OK(xa_store_case_put(fx->s, &c));
    struct xa_case other = base_case(fx, "CG-A20251123-0002", U_CG, "theft.ebike", T0);
    OK(xa_store_case_put(fx->s, &other));
    int64_t p1 = add_person(fx, "嫌疑人甲", NULL, NULL),
            p2 = add_person(fx, "嫌疑人乙", NULL, NULL);
    int64_t victim = add_person(fx, "事主", NULL, NULL);

    add_property(fx, c.id, NULL, 300000, XA_PROPERTY_LOST);
    add_property(fx, c.id, NULL, 120000, XA_PROPERTY_FOUND);
    add_property(fx, c.id, NULL, 45000, XA_PROPERTY_RETURNED);
    add_property(fx, other.id, NULL, 999, XA_PROPERTY_FOUND);
    add_link(fx, c.id, p1, XA_CASE_ROLE_SUSPECT, T0);
    add_link(fx, c.id, p1, XA_CASE_ROLE_WITNESS, T0); /* a second role: still one suspect */
    add_link(fx, c.id, p2, XA_CASE_ROLE_SUSPECT, T0);
    add_link(fx, c.id, victim, XA_CASE_ROLE_VICTIM, T0);
    add_link(fx, other.id, victim, XA_CASE_ROLE_SUSPECT, T0);
    add_arrest(fx, c.id, p1, T0 + D, U_CG);
    add_arrest(fx, c.id, p1, T0 + 2 * D, U_CG);
    add_arrest(fx, c.id, p2, T0 + 3 * D, U_TEAM);

    struct xa_case g;
    OK(xa_store_case_get(fx->s, &fx->a, c.id, &g));
    assert_int_equal(g.loss_fen, 465000);
    assert_int_equal(g.recovered_fen, 165000);
    assert_int_equal(g.n_suspects, 2);
    assert_int_equal(g.n_arrests, 3);

    struct xa_case_filter f = {.sort = "code"};
    struct xa_case *v;
    size_t n;
    int64_t total;
    OK(xa_store_case_list(fx->s, &fx->a, &f, &v, &n, &total));
    assert_int_equal(n, 2);
    assert_int_equal(v[0].loss_fen, 465000);
    assert_int_equal(v[0].recovered_fen, 165000);
    assert_int_equal(v[0].n_suspects, 2);
    assert_int_equal(v[0].n_arrests, 3);
    assert_int_equal(v[1].loss_fen, 999);
    assert_int_equal(v[1].recovered_fen, 999);
    assert_int_equal(v[1].n_suspects, 1);
    assert_int_equal(v[1].n_arrests, 0);

    /* a find moves value from lost to recovered */
    struct xa_property *items;
    OK(xa_store_case_property_list(fx->s, &fx->a, c.id, NULL, NULL, &items, &n));
    assert_int_equal(n, 3);
    struct xa_property found = items[0];
    found.status = XA_PROPERTY_FOUND;
    found.found_at = T0 + 4 * D;
    OK(xa_store_case_property_update(fx->s, &found));
    OK(xa_store_case_get(fx->s, &fx->a, c.id, &g));
    assert_int_equal(g.loss_fen, 465000);
    assert_int_equal(g.recovered_fen, 465000);
}

/* ---- timeline and actions ---- */

static void test_case_events_come_back_oldest_first_with_names(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft", T0);
    OK(xa_store_case_put(fx->s, &c));
    struct xa_case other = base_case(fx, "CG-A20251123-0002", U_CG, "theft", T0);
    OK(xa_store_case_put(fx->s, &other));
    struct xa_case_event evs[] = {
        {.case_id = c.id,
         .at = T0 + 10,
         .user_id = fx->user[P_INV_A],
         .op = XA_CASE_OP_START,
         .from_status = XA_CASE_OPENED,
         .to_status = XA_CASE_INVESTIGATING,
         .note = "开始"},
        {.case_id = c.id,
         .at = T0,
         .user_id = fx->user[P_LEADER],
         .op = XA_CASE_OP_OPEN,
         .from_status = XA_CASE_OPENED,
         .to_status = XA_CASE_OPENED},
        {.case_id = other.id,
         .at = T0 + 5,
         .op = XA_CASE_OP_OPEN,
         .from_status = 1,
         .to_status = 1},
        {.case_id = c.id,
         .at = T0 + 10,
         .op = XA_CASE_OP_ACTION,
         .from_status = 2,
         .to_status = 2,
         .note = "系统"},
    };
    for (size_t i = 0; i < 4; i++) {
        OK(xa_store_case_event_put(fx->s, &evs[i]));
        assert_true(evs[i].id > 0);
    }
    struct xa_case_event *v;
    size_t n;
    OK(xa_store_case_event_list(fx->s, &fx->a, c.id, &v, &n));
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, evs[1].id);
    assert_int_equal(v[0].op, XA_CASE_OP_OPEN);
    assert_string_equal(v[0].user_name, "周局");
    assert_null(v[0].note);
    assert_int_equal(v[1].id, evs[0].id); /* same time: by id */
    assert_int_equal(v[1].case_id, c.id);
    assert_int_equal(v[1].at, T0 + 10);
    assert_int_equal(v[1].user_id, fx->user[P_INV_A]);
    assert_string_equal(v[1].user_name, "王强");
    assert_int_equal(v[1].from_status, XA_CASE_OPENED);
    assert_int_equal(v[1].to_status, XA_CASE_INVESTIGATING);
    assert_string_equal(v[1].note, "开始");
    assert_int_equal(v[2].id, evs[3].id);
    assert_int_equal(v[2].user_id, 0);
    assert_null(v[2].user_name);
    OK(xa_store_case_event_list(fx->s, &fx->a, other.id, &v, &n));
    assert_int_equal(n, 1);
    OK(xa_store_case_event_list(fx->s, &fx->a, other.id + 1, &v, &n));
    assert_int_equal(n, 0);
}

static void test_case_actions_put_update_and_list_by_sort(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft", T0);
    OK(xa_store_case_put(fx->s, &c));
    struct xa_case_action xs[] = {
        {.case_id = c.id,
         .kind = XA_ACTION_LINKAGE,
         .name = "串并研判",
         .due_at = T0 + 72 * H,
         .sort = 90,
         .created_at = T0},
        {.case_id = c.id,
         .kind = XA_ACTION_SCENE,
         .name = "现场勘查",
         .due_at = T0 + 24 * H,
         .sort = 10,
         .created_at = T0},
        {.case_id = c.id,
         .kind = XA_ACTION_OTHER,
         .name = "补充措施",
         .sort = 10,
         .created_at = T0 + H,
         .done_at = T0 + 2 * H,
         .done_by = fx->user[P_INV_T],
         .result = "已完成"},
    };
    for (size_t i = 0; i < 3; i++)
        OK(xa_store_case_action_put(fx->s, &xs[i]));
    struct xa_case_action *v;
    size_t n;
    OK(xa_store_case_action_list(fx->s, &fx->a, c.id, &v, &n));
    assert_int_equal(n, 3);
    assert_int_equal(v[0].id, xs[1].id);
    assert_int_equal(v[1].id, xs[2].id);
    assert_int_equal(v[2].id, xs[0].id);
    assert_int_equal(v[0].case_id, c.id);
    assert_int_equal(v[0].kind, XA_ACTION_SCENE);
    assert_string_equal(v[0].name, "现场勘查");
    assert_int_equal(v[0].due_at, T0 + 24 * H);
    assert_int_equal(v[0].done_at, 0);
    assert_int_equal(v[0].done_by, 0);
    assert_null(v[0].done_by_name);
    assert_null(v[0].result);
    assert_int_equal(v[0].sort, 10);
    assert_int_equal(v[0].created_at, T0);
    assert_int_equal(v[1].due_at, 0);
    assert_int_equal(v[1].done_at, T0 + 2 * H);
    assert_string_equal(v[1].done_by_name, "刘洋");
    assert_string_equal(v[1].result, "已完成");

    struct xa_case_action done = v[0];
    done.done_at = T0 + 5 * H;
    done.done_by = fx->user[P_INV_A];
    done.result = "提取指纹 2 枚";
    done.name = "改名"; /* not written by update */
    done.due_at = T0;
    OK(xa_store_case_action_update(fx->s, &done));
    OK(xa_store_case_action_list(fx->s, &fx->a, c.id, &v, &n));
    assert_int_equal(v[0].done_at, T0 + 5 * H);
    assert_int_equal(v[0].done_by, fx->user[P_INV_A]);
    assert_string_equal(v[0].done_by_name, "王强");
    assert_string_equal(v[0].result, "提取指纹 2 枚");
    assert_string_equal(v[0].name, "现场勘查");
    assert_int_equal(v[0].due_at, T0 + 24 * H);

    done.id = xs[2].id + 100;
    assert_int_equal(xa_store_case_action_update(fx->s, &done), XA_ENOTFOUND);
    struct xa_case_action orphan = {
        .case_id = c.id + 100, .kind = 1, .name = "x", .created_at = T0};
    assert_int_equal(xa_store_case_action_put(fx->s, &orphan), XA_ENOTFOUND);
}

/* ---- property ---- */

static void test_property_round_trip_and_update(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft.phone", T0);
    c.status = XA_CASE_INVESTIGATING;
    c.title = "手机被盗";
    OK(xa_store_case_put(fx->s, &c));
    int64_t owner = add_person(fx, "事主甲", NULL, NULL);
    int64_t holder = add_person(fx, "收购人乙", NULL, NULL);
    struct xa_property p = {.case_id = c.id,
                            .category = XA_PROPERTY_PHONE,
                            .description = "黑色手机",
                            .brand = "华为",
                            .model = "Mate 60",
                            .serial = "860000012345678",
                            .value_fen = 549900,
                            .status = XA_PROPERTY_LOST,
                            .owner_person_id = owner,
                            .note = "屏幕有裂痕",
                            .created_at = T0 + H};
    OK(xa_store_case_property_put(fx->s, &p));
    assert_true(p.id > 0);
    struct xa_property g;
    OK(xa_store_case_property_get(fx->s, &fx->a, p.id, &g));
    assert_int_equal(g.id, p.id);
    assert_int_equal(g.case_id, c.id);
    assert_int_equal(g.category, XA_PROPERTY_PHONE);
    assert_string_equal(g.description, "黑色手机");
    assert_string_equal(g.brand, "华为");
    assert_string_equal(g.model, "Mate 60");
    assert_string_equal(g.serial, "860000012345678");
    assert_int_equal(g.value_fen, 549900);
    assert_int_equal(g.status, XA_PROPERTY_LOST);
    assert_int_equal(g.found_at, 0);
    assert_int_equal(g.returned_at, 0);
    assert_int_equal(g.owner_person_id, owner);
    assert_string_equal(g.owner_name, "事主甲");
    assert_int_equal(g.holder_person_id, 0);
    assert_null(g.holder_name);
    assert_string_equal(g.note, "屏幕有裂痕");
    assert_int_equal(g.created_at, T0 + H);
    assert_string_equal(g.case_code, "CG-A20251123-0001");
    assert_string_equal(g.case_title, "手机被盗");
    assert_int_equal(g.case_status, XA_CASE_INVESTIGATING);
    assert_int_equal(g.case_unit_id, fx->unit[U_CG]);

    struct xa_property u = g;
    u.status = XA_PROPERTY_FOUND;
    u.found_at = T0 + D;
    u.holder_person_id = holder;
    u.note = "废品站追回";
    u.value_fen = 1; /* not written by update */
    u.description = "改";
    OK(xa_store_case_property_update(fx->s, &u));
    OK(xa_store_case_property_get(fx->s, &fx->a, p.id, &g));
    assert_int_equal(g.status, XA_PROPERTY_FOUND);
    assert_int_equal(g.found_at, T0 + D);
    assert_int_equal(g.returned_at, 0);
    assert_int_equal(g.holder_person_id, holder);
    assert_string_equal(g.holder_name, "收购人乙");
    assert_string_equal(g.note, "废品站追回");
    assert_int_equal(g.value_fen, 549900);
    assert_string_equal(g.description, "黑色手机");

    u.status = XA_PROPERTY_RETURNED;
    u.returned_at = T0 + 2 * D;
    OK(xa_store_case_property_update(fx->s, &u));
    OK(xa_store_case_property_get(fx->s, &fx->a, p.id, &g));
    assert_int_equal(g.status, XA_PROPERTY_RETURNED);
    assert_int_equal(g.returned_at, T0 + 2 * D);

    assert_int_equal(xa_store_case_property_get(fx->s, &fx->a, p.id + 1, &g), XA_ENOTFOUND);
    u.id = p.id + 1;
    assert_int_equal(xa_store_case_property_update(fx->s, &u), XA_ENOTFOUND);
    struct xa_property orphan = p;
    orphan.case_id = c.id + 1;
    assert_int_equal(xa_store_case_property_put(fx->s, &orphan), XA_ENOTFOUND);
    struct xa_property negative = p;
    negative.value_fen = -1;
    assert_int_equal(xa_store_case_property_put(fx->s, &negative), XA_ESTORE);
}

static const char *property_cases(struct fx *fx, const struct xa_property *v, size_t n)
{
    struct xa_case fake[8];
    assert_true(n <= 8);
    for (size_t i = 0; i < n; i++)
        fake[i].id = v[i].case_id;
    return tags(fx, fake, n);
}

static void test_property_serial_search_spans_cases_within_scope(void **state)
{
    struct fx *fx = *state;
    seed_cases(fx);
    add_property(fx, fx->case_id[5], "OTHER-1", 10, XA_PROPERTY_LOST);
    add_property(fx, fx->case_id[5], NULL, 10, XA_PROPERTY_LOST);
    struct xa_property *v;
    size_t n;
    OK(xa_store_case_property_list(fx->s, &fx->a, 0, "imei-AAA", NULL, &v, &n));
    assert_string_equal(property_cases(fx, v, n), "13");
    assert_string_equal(v[0].serial, "IMEI-AAA");
    assert_string_equal(v[0].case_code, "CG-A20251123-0002");
    assert_string_equal(v[0].case_title, "幸福小区车内财物被盗案1");
    assert_int_equal(v[0].case_status, XA_CASE_INVESTIGATING);
    assert_int_equal(v[0].case_unit_id, fx->unit[U_CG]);
    assert_string_equal(v[1].serial, "imei-aaa");
    assert_int_equal(v[1].case_unit_id, fx->unit[U_SM]);
    OK(xa_store_case_property_list(fx->s, &fx->a, 0, "IMEI-AAA", "/1/3/", &v, &n));
    assert_string_equal(property_cases(fx, v, n), "1");
    OK(xa_store_case_property_list(fx->s, &fx->a, 0, "IMEI-AAA", "/1/2/", &v, &n));
    assert_string_equal(property_cases(fx, v, n), "3");
    OK(xa_store_case_property_list(fx->s, &fx->a, 0, "IMEI-AAA", "/1/3/4/", &v, &n));
    assert_int_equal(n, 0);
    OK(xa_store_case_property_list(fx->s, &fx->a, 0, "IMEI", NULL, &v, &n));
    assert_int_equal(n, 0);
    /* a case's own items, by id, whatever the serial arguments */
    OK(xa_store_case_property_list(fx->s, &fx->a, fx->case_id[5], "IMEI-AAA", "/1/2/", &v, &n));
    assert_int_equal(n, 2);
    assert_string_equal(v[0].serial, "OTHER-1");
    assert_null(v[1].serial);
    assert_true(v[0].id < v[1].id);
}

/* ---- persons ---- */

static void test_person_round_trip_unique_id_number_and_find(void **state)
{
    struct fx *fx = *state;
    struct xa_person p = {.name = "张三",
                          .id_number = "11010519491231002X",
                          .sex = XA_SEX_FEMALE,
                          .birth_date = 19491231,
                          .phone = "13912345678",
                          .address = "城关镇幸福路 1 号",
                          .created_at = T0,
                          .updated_at = T0 + 1};
    OK(xa_store_case_person_put(fx->s, &p));
    assert_true(p.id > 0);
    struct xa_person g;
    OK(xa_store_case_person_get(fx->s, &fx->a, p.id, &g));
    assert_int_equal(g.id, p.id);
    assert_string_equal(g.name, "张三");
    assert_string_equal(g.id_number, "11010519491231002X");
    assert_int_equal(g.sex, XA_SEX_FEMALE);
    assert_int_equal(g.birth_date, 19491231);
    assert_string_equal(g.phone, "13912345678");
    assert_string_equal(g.address, "城关镇幸福路 1 号");
    assert_int_equal(g.created_at, T0);
    assert_int_equal(g.updated_at, T0 + 1);

    struct xa_person again = {
        .name = "张三二", .id_number = "11010519491231002X", .created_at = T0, .updated_at = T0};
    assert_int_equal(xa_store_case_person_put(fx->s, &again), XA_ECONFLICT);
    /* without an ID number, any number of records */
    int64_t a = add_person(fx, "无名氏", NULL, NULL), b = add_person(fx, "无名氏", NULL, NULL);
    assert_true(a != b);
    OK(xa_store_case_person_get(fx->s, &fx->a, a, &g));
    assert_null(g.id_number);
    assert_int_equal(g.sex, 0);
    assert_int_equal(g.birth_date, 0);
    assert_null(g.phone);
    assert_null(g.address);

    OK(xa_store_case_person_find_id_number(fx->s, &fx->a, "11010519491231002X", &g));
    assert_int_equal(g.id, p.id);
    assert_string_equal(g.name, "张三");
    assert_int_equal(xa_store_case_person_find_id_number(fx->s, &fx->a, "110105194912310029", &g),
                     XA_ENOTFOUND);
    assert_int_equal(xa_store_case_person_find_id_number(fx->s, &fx->a, NULL, &g), XA_ENOTFOUND);
    assert_int_equal(xa_store_case_person_get(fx->s, &fx->a, b + 1, &g), XA_ENOTFOUND);
}

static void test_person_update_writes_every_field(void **state)
{
    struct fx *fx = *state;
    int64_t id = add_person(fx, "李四", NULL, "13900000001");
    int64_t other = add_person(fx, "王五", "110105194912310029", NULL);
    struct xa_person u = {.id = id,
                          .name = "李四光",
                          .id_number = "11010519491231002X",
                          .sex = XA_SEX_MALE,
                          .birth_date = 19491231,
                          .phone = NULL,
                          .address = "石门村 5 组",
                          .created_at = T0 + 99, /* not written */
                          .updated_at = T0 + D};
    OK(xa_store_case_person_update(fx->s, &u));
    struct xa_person g;
    OK(xa_store_case_person_get(fx->s, &fx->a, id, &g));
    assert_string_equal(g.name, "李四光");
    assert_string_equal(g.id_number, "11010519491231002X");
    assert_int_equal(g.sex, XA_SEX_MALE);
    assert_int_equal(g.birth_date, 19491231);
    assert_null(g.phone);
    assert_string_equal(g.address, "石门村 5 组");
    assert_int_equal(g.created_at, T0);
    assert_int_equal(g.updated_at, T0 + D);
    OK(xa_store_case_person_find_id_number(fx->s, &fx->a, "11010519491231002X", &g));
    assert_int_equal(g.id, id);

    u.id = other;
    assert_int_equal(xa_store_case_person_update(fx->s, &u), XA_ECONFLICT);
    u.id = other + 100;
    u.id_number = NULL;
    assert_int_equal(xa_store_case_person_update(fx->s, &u), XA_ENOTFOUND);
}

static const char *person_names(struct fx *fx, const struct xa_person *v, size_t n)
{
    char buf[512] = "";
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s:%lld", i ? "|" : "",
                                v[i].name ? v[i].name : "-", (long long)v[i].n_cases);
    return xa_arena_strndup(&fx->a, buf, len);
}

static void test_person_list_filters_pages_and_counts_cases(void **state)
{
    struct fx *fx = *state;
    seed_cases(fx); /* 张三 in cases 1 and 3, 李四 in 2 and 4 */
    add_person(fx, "张三丰", "110105194912310010", "13900000001");
    add_person(fx, "王五", NULL, "13900000002");
    add_link(fx, fx->case_id[0], fx->person[0], XA_CASE_ROLE_REPORTER, T0); /* same case again */
    const struct {
        struct xa_person_filter f;
        const char *want;
        int64_t total;
    } cases[] = {
        {{.page = 0}, "张三:2|张三丰:0|李四:2|王五:0", 4},
        {{.name = "张三"}, "张三:2|张三丰:0", 2},
        {{.name = "三丰"}, "张三丰:0", 1},
        {{.id_number = "110105194912310029"}, "张三:2", 1},
        {{.id_number = "11010519491231002"}, "", 0},
        {{.phone = "13900000001"}, "张三:2|张三丰:0", 2},
        {{.phone = "1390000000"}, "", 0},
        {{.name = "张", .phone = "13900000001", .id_number = "110105194912310010"}, "张三丰:0", 1},
        {{.per_page = 2, .page = 2}, "李四:2|王五:0", 4},
        {{.per_page = 3, .page = 2}, "王五:0", 4},
        {{.name = "赵"}, "", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xa_person *v;
        size_t n;
        int64_t total = -1;
        OK(xa_store_case_person_list(fx->s, &fx->a, &cases[i].f, &v, &n, &total));
        const char *got = person_names(fx, v, n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("person filter %zu: got '%s', want '%s'", i, got, cases[i].want);
        assert_int_equal(total, cases[i].total);
    }
}

/* ---- persons in cases, arrests ---- */

static void test_person_links_of_a_case_and_of_a_person(void **state)
{
    struct fx *fx = *state;
    seed_cases(fx);
    struct xa_case_person cp = {.case_id = fx->case_id[0],
                                .role = XA_CASE_ROLE_SUSPECT,
                                .person = {.id = fx->person[1]},
                                .desc = {.height_min = 170,
                                         .height_max = 175,
                                         .build = XA_BUILD_SLIM,
                                         .clothing = "黑色连帽衫",
                                         .plate = "浙A12345"},
                                .note = "监控截图",
                                .added_at = T0 + 3 * D,
                                .added_by = fx->user[P_INV_A]};
    OK(xa_store_case_person_link_put(fx->s, &cp));
    assert_true(cp.id > 0);
    struct xa_case_person dup = cp;
    assert_int_equal(xa_store_case_person_link_put(fx->s, &dup), XA_ECONFLICT);
    struct xa_case_person bad = cp;
    bad.person.id = 9999;
    assert_int_equal(xa_store_case_person_link_put(fx->s, &bad), XA_ENOTFOUND);

    struct xa_case_person *v;
    size_t n;
    OK(xa_store_case_person_link_list(fx->s, &fx->a, fx->case_id[0], 0, NULL, &v, &n));
    assert_int_equal(n, 2);
    assert_int_equal(v[0].role, XA_CASE_ROLE_VICTIM);
    assert_int_equal(v[0].person.id, fx->person[0]);
    assert_string_equal(v[0].person.name, "张三");
    assert_string_equal(v[0].person.id_number, "110105194912310029");
    assert_string_equal(v[0].person.phone, "13900000001");
    assert_int_equal(v[0].desc.height_min, 0);
    assert_int_equal(v[0].desc.build, 0);
    assert_null(v[0].desc.clothing);
    assert_null(v[0].note);
    assert_int_equal(v[0].added_by, 0);
    assert_int_equal(v[1].id, cp.id);
    assert_int_equal(v[1].case_id, fx->case_id[0]);
    assert_int_equal(v[1].role, XA_CASE_ROLE_SUSPECT);
    assert_int_equal(v[1].person.id, fx->person[1]);
    assert_string_equal(v[1].person.name, "李四");
    assert_int_equal(v[1].desc.height_min, 170);
    assert_int_equal(v[1].desc.height_max, 175);
    assert_int_equal(v[1].desc.build, XA_BUILD_SLIM);
    assert_string_equal(v[1].desc.clothing, "黑色连帽衫");
    assert_string_equal(v[1].desc.plate, "浙A12345");
    assert_string_equal(v[1].note, "监控截图");
    assert_int_equal(v[1].added_at, T0 + 3 * D);
    assert_int_equal(v[1].added_by, fx->user[P_INV_A]);
    assert_string_equal(v[1].case_code, "CG-A20251123-0002");
    assert_int_equal(v[1].case_status, XA_CASE_INVESTIGATING);
    assert_int_equal(v[1].case_unit_id, fx->unit[U_CG]);

    /* a person's records: by time added, within scope */
    OK(xa_store_case_person_link_list(fx->s, &fx->a, 0, fx->person[1], NULL, &v, &n));
    assert_int_equal(n, 3);
    assert_int_equal(v[0].case_id, fx->case_id[3]); /* T0-6d */
    assert_int_equal(v[1].case_id, fx->case_id[1]); /* T0+1h */
    assert_int_equal(v[2].case_id, fx->case_id[0]); /* T0+3d */
    assert_string_equal(v[0].case_code, "SM-A20251113-0001");
    assert_string_equal(v[0].case_title, "案4");
    assert_int_equal(v[0].case_status, XA_CASE_SOLVED);
    OK(xa_store_case_person_link_list(fx->s, &fx->a, 0, fx->person[1], "/1/3/", &v, &n));
    assert_int_equal(n, 2);
    assert_int_equal(v[0].case_id, fx->case_id[1]);
    assert_int_equal(v[1].case_id, fx->case_id[0]);
    OK(xa_store_case_person_link_list(fx->s, &fx->a, 0, fx->person[1], "/1/2/", &v, &n));
    assert_int_equal(n, 1);
    assert_int_equal(v[0].case_unit_id, fx->unit[U_SM]);
}

static void test_arrests_come_back_by_time_with_names(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft", T0);
    OK(xa_store_case_put(fx->s, &c));
    int64_t p = add_person(fx, "嫌疑人", NULL, NULL);
    add_link(fx, c.id, p, XA_CASE_ROLE_SUSPECT, T0);
    struct xa_arrest late = {.case_id = c.id,
                             .person_id = p,
                             .at = T0 + 2 * D,
                             .measure = XA_ARREST_ARREST,
                             .unit_id = fx->unit[U_TEAM],
                             .by = fx->user[P_INV_T]};
    OK(xa_store_case_arrest_put(fx->s, &late));
    struct xa_arrest early = {.case_id = c.id,
                              .person_id = p,
                              .at = T0 + D,
                              .measure = XA_ARREST_SUMMONS,
                              .unit_id = fx->unit[U_CG]};
    OK(xa_store_case_arrest_put(fx->s, &early));
    assert_true(late.id > 0 && early.id > late.id);
    struct xa_arrest *v;
    size_t n;
    OK(xa_store_case_arrest_list(fx->s, &fx->a, c.id, &v, &n));
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, early.id);
    assert_int_equal(v[0].measure, XA_ARREST_SUMMONS);
    assert_string_equal(v[0].unit_name, "城关派出所");
    assert_int_equal(v[0].by, 0);
    assert_null(v[0].by_name);
    assert_int_equal(v[1].id, late.id);
    assert_int_equal(v[1].case_id, c.id);
    assert_int_equal(v[1].person_id, p);
    assert_int_equal(v[1].at, T0 + 2 * D);
    assert_int_equal(v[1].measure, XA_ARREST_ARREST);
    assert_int_equal(v[1].unit_id, fx->unit[U_TEAM]);
    assert_string_equal(v[1].unit_name, "城关刑侦队");
    assert_int_equal(v[1].by, fx->user[P_INV_T]);
    assert_string_equal(v[1].by_name, "刘洋");

    struct xa_arrest bad = early;
    bad.person_id = 9999;
    assert_int_equal(xa_store_case_arrest_put(fx->s, &bad), XA_ENOTFOUND);
    OK(xa_store_case_arrest_list(fx->s, &fx->a, c.id + 1, &v, &n));
    assert_int_equal(n, 0);
}

/* ---- attachments ---- */

static void test_attachments_put_get_and_list(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft", T0);
    OK(xa_store_case_put(fx->s, &c));
    struct xa_case other = base_case(fx, "CG-A20251123-0002", U_CG, "theft", T0);
    OK(xa_store_case_put(fx->s, &other));
    struct xa_case_action x = {
        .case_id = c.id, .kind = XA_ACTION_SCENE, .name = "现场勘查", .created_at = T0};
    OK(xa_store_case_action_put(fx->s, &x));
    const char *sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    struct xa_attachment at = {.case_id = c.id,
                               .action_id = x.id,
                               .sha256 = sha,
                               .size = 12345,
                               .mime = "image/jpeg",
                               .name = "现场照片.jpg",
                               .at = T0 + H,
                               .by = fx->user[P_INV_A]};
    OK(xa_store_case_attachment_put(fx->s, &at));
    assert_true(at.id > 0);
    struct xa_attachment doc = {.case_id = c.id,
                                .sha256 = sha, /* the same file linked twice */
                                .size = 12345,
                                .mime = "application/pdf",
                                .at = T0 + 2 * H};
    OK(xa_store_case_attachment_put(fx->s, &doc));
    struct xa_attachment elsewhere = doc;
    elsewhere.case_id = other.id;
    OK(xa_store_case_attachment_put(fx->s, &elsewhere));

    struct xa_attachment g;
    OK(xa_store_case_attachment_get(fx->s, &fx->a, at.id, &g));
    assert_int_equal(g.id, at.id);
    assert_int_equal(g.case_id, c.id);
    assert_int_equal(g.action_id, x.id);
    assert_string_equal(g.sha256, sha);
    assert_int_equal(g.size, 12345);
    assert_string_equal(g.mime, "image/jpeg");
    assert_string_equal(g.name, "现场照片.jpg");
    assert_int_equal(g.at, T0 + H);
    assert_int_equal(g.by, fx->user[P_INV_A]);
    assert_string_equal(g.by_name, "王强");
    OK(xa_store_case_attachment_get(fx->s, &fx->a, doc.id, &g));
    assert_int_equal(g.action_id, 0);
    assert_null(g.name);
    assert_int_equal(g.by, 0);
    assert_null(g.by_name);
    assert_int_equal(xa_store_case_attachment_get(fx->s, &fx->a, elsewhere.id + 1, &g),
                     XA_ENOTFOUND);

    struct xa_attachment *v;
    size_t n;
    OK(xa_store_case_attachment_list(fx->s, &fx->a, c.id, &v, &n));
    assert_int_equal(n, 2);
    assert_int_equal(v[0].id, at.id);
    assert_int_equal(v[1].id, doc.id);
    OK(xa_store_case_attachment_list(fx->s, &fx->a, other.id, &v, &n));
    assert_int_equal(n, 1);
    assert_int_equal(v[0].id, elsewhere.id);

    struct xa_attachment bad = doc;
    bad.action_id = x.id + 100;
    assert_int_equal(xa_store_case_attachment_put(fx->s, &bad), XA_ENOTFOUND);
}

/* ---- overdue summary ---- */

static void test_overdue_count_per_unit_and_step(void **state)
{
    struct fx *fx = *state;
    seed_cases(fx);
    struct xa_count_row *v;
    size_t n;
    /* at T0+73h: 1 (CG, analysis: its first action is done), 3 (SM) and 6 (CG) first action;
     * 5 is suspended, 2 and 4 solved */
    OK(xa_store_case_overdue_count(fx->s, &fx->a, NULL, T0 + 73 * H, &v, &n));
    assert_int_equal(n, 3);
    assert_int_equal(v[0].key1, fx->unit[U_SM]);
    assert_int_equal(v[0].key2, XA_CASE_STEP_FIRST_ACTION);
    assert_int_equal(v[0].n, 1);
    assert_int_equal(v[1].key1, fx->unit[U_CG]);
    assert_int_equal(v[1].key2, XA_CASE_STEP_FIRST_ACTION);
    assert_int_equal(v[1].n, 1);
    assert_int_equal(v[2].key1, fx->unit[U_CG]);
    assert_int_equal(v[2].key2, XA_CASE_STEP_ANALYSIS);
    assert_int_equal(v[2].n, 1);
    OK(xa_store_case_overdue_count(fx->s, &fx->a, "/1/3/", T0 + 73 * H, &v, &n));
    assert_int_equal(n, 2);
    assert_int_equal(v[0].key1, fx->unit[U_CG]);
    OK(xa_store_case_overdue_count(fx->s, &fx->a, NULL, T0 + 7 * H, &v, &n));
    assert_int_equal(n, 1);
    assert_int_equal(v[0].key1, fx->unit[U_SM]);
    assert_int_equal(v[0].n, 1);
    OK(xa_store_case_overdue_count(fx->s, &fx->a, NULL, T0 + 6 * H, &v, &n));
    assert_int_equal(n, 0);
}

/* ---- statistics ----
 * This year's period P = [Y2025, Y2025+300d), last year's L = [Y2024, Y2024+300d).
 * tag unit type                    opened      reported    solved      property (lost/found)
 *  1  CG   theft.ebike             P+10d       P+10d-2h    P+12d       300000 found
 *  2  CG   theft.car_door          P (start)   P           -           50000 lost, 20000 returned
 *  3  CG   fraud.telecom.brushing  P+30d       P+30d       P+40d       1000000 lost
 *  4  SM   theft                   P+50d       P+50d       P+51d       -
 *  5  SM   fraud                   P+60d       P+60d       -           200000 found
 *  6  CG   theft.ebike             L+100d      L+100d      P+5d        80000 lost
 *  7  SM   theft.ebike             L+10d       L+10d       L+13d       40000 returned
 *  8  SM   fraud.telecom.brushing  P+300d=end  P+300d      P+320d      5000 found
 * Arrests: 1 at P+11d; 3 at P+35d and P+36d; 6 at L+200d; 7 at L+12d; 8 at P+300d (= end). */
#define P_FROM Y2025
#define P_TO (Y2025 + 300 * D)
#define L_FROM Y2024
#define L_TO (Y2024 + 300 * D)

static void seed_stats(struct fx *fx)
{
    static const struct {
        const char *code;
        int unit;
        const char *type;
        int64_t opened, reported, solved;
    } sc[] = {
        {"CG-A1", U_CG, "theft.ebike", P_FROM + 10 * D, P_FROM + 10 * D - 2 * H, P_FROM + 12 * D},
        {"CG-A2", U_CG, "theft.car_door", P_FROM, P_FROM, 0},
        {"CG-A3", U_CG, "fraud.telecom.brushing", P_FROM + 30 * D, P_FROM + 30 * D,
         P_FROM + 40 * D},
        {"SM-A4", U_SM, "theft", P_FROM + 50 * D, P_FROM + 50 * D, P_FROM + 51 * D},
        {"SM-A5", U_SM, "fraud", P_FROM + 60 * D, P_FROM + 60 * D, 0},
        {"CG-A6", U_CG, "theft.ebike", L_FROM + 100 * D, L_FROM + 100 * D, P_FROM + 5 * D},
        {"SM-A7", U_SM, "theft.ebike", L_FROM + 10 * D, L_FROM + 10 * D, L_FROM + 13 * D},
        {"SM-A8", U_SM, "fraud.telecom.brushing", P_TO, P_TO, P_FROM + 320 * D},
    };
    for (size_t i = 0; i < 8; i++) {
        struct xa_case c = base_case(fx, sc[i].code, sc[i].unit, sc[i].type, sc[i].opened);
        c.reported_at = sc[i].reported;
        c.solved_at = sc[i].solved;
        c.status = sc[i].solved ? XA_CASE_SOLVED : XA_CASE_INVESTIGATING;
        OK(xa_store_case_put(fx->s, &c));
        fx->case_id[i] = c.id;
    }
    int64_t *id = fx->case_id;
    add_property(fx, id[0], NULL, 300000, XA_PROPERTY_FOUND);
    add_property(fx, id[1], NULL, 50000, XA_PROPERTY_LOST);
    add_property(fx, id[1], NULL, 20000, XA_PROPERTY_RETURNED);
    add_property(fx, id[2], NULL, 1000000, XA_PROPERTY_LOST);
    add_property(fx, id[4], NULL, 200000, XA_PROPERTY_FOUND);
    add_property(fx, id[5], NULL, 80000, XA_PROPERTY_LOST);
    add_property(fx, id[6], NULL, 40000, XA_PROPERTY_RETURNED);
    add_property(fx, id[7], NULL, 5000, XA_PROPERTY_FOUND);
    int64_t p = add_person(fx, "嫌疑人", NULL, NULL);
    add_arrest(fx, id[0], p, P_FROM + 11 * D, U_CG);
    add_arrest(fx, id[2], p, P_FROM + 35 * D, U_CG);
    add_arrest(fx, id[2], p, P_FROM + 36 * D, U_CG);
    add_arrest(fx, id[5], p, L_FROM + 200 * D, U_CG);
    add_arrest(fx, id[6], p, L_FROM + 12 * D, U_SM);
    add_arrest(fx, id[7], p, P_TO, U_SM);
}

struct want_row {
    int64_t key_id;
    const char *key, *name;
    int64_t opened, solved, arrests, loss, recovered;
};

static void check_stats(struct fx *fx, const struct xa_case_stats_query *q,
                        const struct want_row *want, size_t n_want)
{
    struct xa_case_stats_row *v;
    size_t n;
    OK(xa_store_case_stats(fx->s, &fx->a, q, &v, &n));
    assert_int_equal(n, n_want);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(v[i].key_id, want[i].key_id);
        if (want[i].key) {
            assert_string_equal(v[i].key, want[i].key);
            assert_string_equal(v[i].name, want[i].name);
        } else {
            assert_null(v[i].key);
            assert_null(v[i].name);
        }
        assert_int_equal(v[i].opened, want[i].opened);
        assert_int_equal(v[i].solved, want[i].solved);
        assert_int_equal(v[i].arrests, want[i].arrests);
        assert_int_equal(v[i].loss_fen, want[i].loss);
        assert_int_equal(v[i].recovered_fen, want[i].recovered);
    }
}

struct want_time {
    int64_t key_id, seconds;
};

static void check_times(struct fx *fx, const struct xa_case_stats_query *q,
                        const struct want_time *want, size_t n_want)
{
    struct xa_case_solve_time *v;
    size_t n;
    OK(xa_store_case_solve_times(fx->s, &fx->a, q, &v, &n));
    assert_int_equal(n, n_want);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(v[i].key_id, want[i].key_id);
        assert_int_equal(v[i].seconds, want[i].seconds);
    }
}

static void test_stats_of_a_period_and_of_last_years(void **state)
{
    struct fx *fx = *state;
    seed_stats(fx);
    /* opened 1-5; solved 1, 3, 4 and 6 (opened last year); arrests of 1 and 3 (8's is at the
     * end, outside); loss and recovered of 1-5 */
    struct xa_case_stats_query q = {.from = P_FROM, .to = P_TO};
    const struct want_row p[] = {{0, NULL, NULL, 5, 4, 3, 1570000, 520000}};
    check_stats(fx, &q, p, 1);
    const struct want_time pt[] = {
        {0, 1 * D}, {0, 2 * D + 2 * H}, {0, 10 * D}, {0, 366 * D + 5 * D - 100 * D}};
    check_times(fx, &q, pt, 4);

    /* last year: opened 6 and 7; solved 7; arrests of 6 and 7 */
    q = (struct xa_case_stats_query){.from = L_FROM, .to = L_TO};
    const struct want_row l[] = {{0, NULL, NULL, 2, 1, 2, 120000, 40000}};
    check_stats(fx, &q, l, 1);
    const struct want_time lt[] = {{0, 3 * D}};
    check_times(fx, &q, lt, 1);

    /* the period's end is excluded, its start included: one second more takes in case 8 */
    q = (struct xa_case_stats_query){.from = P_FROM, .to = P_TO + 1};
    const struct want_row p1[] = {{0, NULL, NULL, 6, 4, 4, 1575000, 525000}};
    check_stats(fx, &q, p1, 1);
    q = (struct xa_case_stats_query){.from = P_FROM + 1, .to = P_TO};
    const struct want_row p2[] = {{0, NULL, NULL, 4, 4, 3, 1500000, 500000}};
    check_stats(fx, &q, p2, 1);

    /* nothing in the period: one row of zeros, no times */
    q = (struct xa_case_stats_query){.from = Y2024 - 400 * D, .to = Y2024 - 100 * D};
    const struct want_row none[] = {{0, NULL, NULL, 0, 0, 0, 0, 0}};
    check_stats(fx, &q, none, 1);
    check_times(fx, &q, NULL, 0);
}

static void test_stats_by_station_and_by_type(void **state)
{
    struct fx *fx = *state;
    seed_stats(fx);
    int64_t cg = fx->unit[U_CG], sm = fx->unit[U_SM];
    int64_t theft = type_id(fx, "theft"), fraud = type_id(fx, "fraud");
    assert_true(sm < cg && theft < fraud); /* so that order by key differs from order by id */

    struct xa_case_stats_query q = {.from = P_FROM, .to = P_TO, .group = XA_CASE_GROUP_STATION};
    const struct want_row st[] = {
        {cg, "CG", "城关派出所", 3, 3, 3, 1370000, 320000},
        {sm, "SM", "石门派出所", 2, 1, 0, 200000, 200000},
    };
    check_stats(fx, &q, st, 2);
    const struct want_time stt[] = {{sm, 1 * D}, {cg, 2 * D + 2 * H}, {cg, 10 * D}, {cg, 271 * D}};
    check_times(fx, &q, stt, 4);

    q.group = XA_CASE_GROUP_TYPE;
    const struct want_row ty[] = {
        {fraud, "fraud", "诈骗", 2, 1, 2, 1200000, 200000},
        {theft, "theft", "盗窃", 3, 3, 1, 370000, 320000},
    };
    check_stats(fx, &q, ty, 2);
    const struct want_time tyt[] = {
        {theft, 1 * D}, {theft, 2 * D + 2 * H}, {theft, 271 * D}, {fraud, 10 * D}};
    check_times(fx, &q, tyt, 4);

    /* last year by station */
    q = (struct xa_case_stats_query){.from = L_FROM, .to = L_TO, .group = XA_CASE_GROUP_STATION};
    const struct want_row lst[] = {
        {cg, "CG", "城关派出所", 1, 0, 1, 80000, 0},
        {sm, "SM", "石门派出所", 1, 1, 1, 40000, 40000},
    };
    check_stats(fx, &q, lst, 2);
    q = (struct xa_case_stats_query){.from = P_FROM, .to = P_TO + 1, .group = XA_CASE_GROUP_TYPE};
    const struct want_row ty1[] = {
        {fraud, "fraud", "诈骗", 3, 1, 3, 1205000, 205000},
        {theft, "theft", "盗窃", 3, 3, 1, 370000, 320000},
    };
    check_stats(fx, &q, ty1, 2);

    struct xa_case_stats_row *v;
    struct xa_case_solve_time *t;
    size_t n;
    q.group = 3;
    assert_int_equal(xa_store_case_stats(fx->s, &fx->a, &q, &v, &n), XA_EINVAL);
    assert_int_equal(xa_store_case_solve_times(fx->s, &fx->a, &q, &t, &n), XA_EINVAL);
}

static void test_stats_scoped_to_one_station(void **state)
{
    struct fx *fx = *state;
    seed_stats(fx);
    int64_t cg = fx->unit[U_CG], sm = fx->unit[U_SM];
    struct xa_case_stats_query q = {.from = P_FROM, .to = P_TO, .scope_path = "/1/2/"};
    const struct want_row smr[] = {{0, NULL, NULL, 2, 1, 0, 200000, 200000}};
    check_stats(fx, &q, smr, 1);
    const struct want_time smt[] = {{0, 1 * D}};
    check_times(fx, &q, smt, 1);

    q = (struct xa_case_stats_query){.from = P_FROM, .to = P_TO, .unit_id = cg};
    const struct want_row cgr[] = {{0, NULL, NULL, 3, 3, 3, 1370000, 320000}};
    check_stats(fx, &q, cgr, 1);
    const struct want_time cgt[] = {{0, 2 * D + 2 * H}, {0, 10 * D}, {0, 271 * D}};
    check_times(fx, &q, cgt, 3);

    /* the bureau's subtree is everything */
    q = (struct xa_case_stats_query){.from = P_FROM, .to = P_TO, .unit_id = fx->unit[U_BUREAU]};
    const struct want_row all[] = {{0, NULL, NULL, 5, 4, 3, 1570000, 520000}};
    check_stats(fx, &q, all, 1);

    /* scope and unit together: only what both allow */
    q = (struct xa_case_stats_query){
        .from = P_FROM, .to = P_TO, .scope_path = "/1/3/", .unit_id = sm};
    const struct want_row none[] = {{0, NULL, NULL, 0, 0, 0, 0, 0}};
    check_stats(fx, &q, none, 1);

    /* a scoped grouping shows only the scope's stations */
    q = (struct xa_case_stats_query){
        .from = P_FROM, .to = P_TO, .scope_path = "/1/2/", .group = XA_CASE_GROUP_STATION};
    const struct want_row onlysm[] = {{sm, "SM", "石门派出所", 2, 1, 0, 200000, 200000}};
    check_stats(fx, &q, onlysm, 1);
    q.group = XA_CASE_GROUP_TYPE;
    const struct want_row smtypes[] = {
        {type_id(fx, "fraud"), "fraud", "诈骗", 1, 0, 0, 200000, 200000},
        {type_id(fx, "theft"), "theft", "盗窃", 1, 1, 0, 0, 0},
    };
    check_stats(fx, &q, smtypes, 2);
}

static void test_case_mo_tags_come_back_in_the_order_given(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft.car_door", T0);
    c.mo_tags = "night,car_door,smash_window";
    OK(xa_store_case_put(fx->s, &c));
    struct xa_case g;
    OK(xa_store_case_get(fx->s, &fx->a, c.id, &g));
    assert_string_equal(g.mo_tags, "night,car_door,smash_window");
}

static void test_case_put_refused_for_an_unknown_tag_leaves_no_case(void **state)
{
    struct fx *fx = *state;
    struct xa_case c = base_case(fx, "CG-A20251123-0001", U_CG, "theft", T0);
    c.mo_tags = "teleport";
    assert_int_equal(xa_store_case_put(fx->s, &c), XA_ENOTFOUND);
    assert_int_equal(c.id, 0);
    assert_int_equal(raw_int(fx->path, "SELECT count(*) FROM cases WHERE id > ?", 0), 0);
}
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_case_mo_tags_come_back_in_the_order_given),
        T(test_case_put_refused_for_an_unknown_tag_leaves_no_case),
        T(test_seeded_case_types_form_the_documented_hierarchy),
        T(test_case_type_put_adds_a_child_and_refuses_a_taken_code),
        T(test_mo_tags_come_in_display_order_with_their_types),
        T(test_templates_include_the_ancestors_and_every_type_ones_by_sort),
        T(test_template_set_replaces_only_the_types_own),
        T(test_case_next_seq_counts_per_unit_per_day),
        T(test_case_round_trip_keeps_every_field),
        T(test_case_unset_fields_are_null_in_the_row_and_zero_back),
        T(test_case_put_refusals),
        T(test_case_update_writes_only_the_lifecycle),
        T(test_case_list_filters),
        T(test_case_list_pages_and_counts),
        T(test_case_list_sort_orders),
        T(test_case_list_rows_carry_joined_names_and_tags),
        T(test_case_figures_are_derived_from_property_persons_and_arrests),
        T(test_case_events_come_back_oldest_first_with_names),
        T(test_case_actions_put_update_and_list_by_sort),
        T(test_property_round_trip_and_update),
        T(test_property_serial_search_spans_cases_within_scope),
        T(test_person_round_trip_unique_id_number_and_find),
        T(test_person_update_writes_every_field),
        T(test_person_list_filters_pages_and_counts_cases),
        T(test_person_links_of_a_case_and_of_a_person),
        T(test_arrests_come_back_by_time_with_names),
        T(test_attachments_put_get_and_list),
        T(test_overdue_count_per_unit_and_step),
        T(test_stats_of_a_period_and_of_last_years),
        T(test_stats_by_station_and_by_type),
        T(test_stats_scoped_to_one_station),
    };
    return cmocka_run_group_tests_name("case_store", tests, NULL, NULL);
}
