/*
 * unit_test.c - the unit tree: what a valid unit is, where it may hang, subtree tests and the
 * scope a unit's users see.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/unit.h"
#include "core/vocab.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct xa_unit bureau = {1, 0, "CQ", "城关分局", XA_UNIT_BUREAU, "/1/"};
static const struct xa_unit station = {4, 1, "CQ01", "城关派出所", XA_UNIT_STATION, "/1/4/"};
static const struct xa_unit team = {9, 4, "CQ01_SQ", "社区警务队", XA_UNIT_TEAM, "/1/4/9/"};

static void test_validate(void **state)
{
    (void)state;
    static const char name65[] = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                                 "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                                 "一二三四五";
    static const char name64[] = "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                                 "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
                                 "一二三四";
    static const struct {
        const char *name;
        struct xa_unit u;
        const struct xa_unit *parent;
        const char *field, *reason; /* NULL: valid */
    } cases[] = {
        {"a bureau at the root is valid",
         {0, 0, "CQ", "城关分局", XA_UNIT_BUREAU, NULL},
         NULL,
         NULL,
         NULL},
        {"a station under the bureau is valid",
         {0, 1, "CQ01", "城关派出所", XA_UNIT_STATION, NULL},
         &bureau,
         NULL,
         NULL},
        {"a team under a station is valid",
         {0, 4, "CQ01_A", "案件办理队", XA_UNIT_TEAM, NULL},
         &station,
         NULL,
         NULL},
        {"a name of 64 characters is valid",
         {0, 0, "CQ", name64, XA_UNIT_BUREAU, NULL},
         NULL,
         NULL,
         NULL},
        {"a code of 16 characters is valid",
         {0, 0, "ABCDEFGHIJ012345", "x", XA_UNIT_BUREAU, NULL},
         NULL,
         NULL,
         NULL},
        {"a missing code is required",
         {0, 0, NULL, "城关分局", XA_UNIT_BUREAU, NULL},
         NULL,
         "code",
         "required"},
        {"an empty code is required",
         {0, 0, "", "城关分局", XA_UNIT_BUREAU, NULL},
         NULL,
         "code",
         "required"},
        {"a lower-case code is refused",
         {0, 0, "cq01", "城关分局", XA_UNIT_BUREAU, NULL},
         NULL,
         "code",
         "bad_format"},
        {"a code with a dash is refused",
         {0, 0, "CQ-01", "城关分局", XA_UNIT_BUREAU, NULL},
         NULL,
         "code",
         "bad_format"},
        {"a code of one character is too short",
         {0, 0, "C", "城关分局", XA_UNIT_BUREAU, NULL},
         NULL,
         "code",
         "too_short"},
        {"a code of 17 characters is too long",
         {0, 0, "ABCDEFGHIJ0123456", "城关分局", XA_UNIT_BUREAU, NULL},
         NULL,
         "code",
         "too_long"},
        {"a missing name is required",
         {0, 0, "CQ", NULL, XA_UNIT_BUREAU, NULL},
         NULL,
         "name",
         "required"},
        {"an empty name is required",
         {0, 0, "CQ", "", XA_UNIT_BUREAU, NULL},
         NULL,
         "name",
         "required"},
        {"a name of 65 characters is too long",
         {0, 0, "CQ", name65, XA_UNIT_BUREAU, NULL},
         NULL,
         "name",
         "too_long"},
        {"a missing kind is required", {0, 0, "CQ", "城关分局", 0, NULL}, NULL, "kind", "required"},
        {"an unknown kind is refused",
         {0, 0, "CQ", "城关分局", 4, NULL},
         NULL,
         "kind",
         "unknown_value"},
        {"a bureau under a bureau is refused",
         {0, 1, "CQ2", "二分局", XA_UNIT_BUREAU, NULL},
         &bureau,
         "kind",
         "unknown_value"},
        {"a station without parent is refused",
         {0, 0, "CQ01", "城关派出所", XA_UNIT_STATION, NULL},
         NULL,
         "parent_id",
         "required"},
        {"a station under a station is refused",
         {0, 4, "CQ02", "二所", XA_UNIT_STATION, NULL},
         &station,
         "kind",
         "unknown_value"},
        {"a team under the bureau is refused",
         {0, 1, "CQ_T", "指挥室", XA_UNIT_TEAM, NULL},
         &bureau,
         "kind",
         "unknown_value"},
        {"a team under a team is refused",
         {0, 9, "CQ_T2", "小组", XA_UNIT_TEAM, NULL},
         &team,
         "kind",
         "unknown_value"},
        {"a parent that does not exist is refused",
         {0, 77, "CQ09", "九所", XA_UNIT_STATION, NULL},
         NULL,
         "parent_id",
         "no_such_unit"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct xa_verr ve = {0};
        int rc = xa_unit_validate(&cases[i].u, cases[i].parent, &ve);
        if (!cases[i].field) {
            if (rc != XA_OK || ve.n)
                fail_msg("%s: rc %d, %s %s", cases[i].name, rc, ve.n ? ve.items[0].field : "",
                         ve.n ? ve.items[0].reason : "");
            continue;
        }
        if (rc != XA_EVALIDATION || ve.n != 1 || strcmp(ve.items[0].field, cases[i].field) ||
            strcmp(ve.items[0].reason, cases[i].reason))
            fail_msg("%s: rc %d, %zu problems, first %s %s", cases[i].name, rc, ve.n,
                     ve.n ? ve.items[0].field : "", ve.n ? ve.items[0].reason : "");
    }
}

/* several problems are all reported */
static void test_validate_reports_every_problem(void **state)
{
    (void)state;
    struct xa_unit u = {0, 0, "x", "", XA_UNIT_TEAM, NULL};
    struct xa_verr ve = {0};
    assert_int_equal(xa_unit_validate(&u, NULL, &ve), XA_EVALIDATION);
    assert_int_equal(ve.n, 3);
    assert_string_equal(ve.items[0].field, "code");
    assert_string_equal(ve.items[1].field, "name");
    assert_string_equal(ve.items[2].field, "parent_id");
}

/* a path lies within a scope when the scope is a prefix of whole segments */
static void test_path_within(void **state)
{
    (void)state;
    static const struct {
        const char *path, *scope;
        bool want;
    } cases[] = {
        {"/1/4/9/", "/1/", true},    {"/1/4/9/", "/1/4/", true}, {"/1/4/9/", "/1/4/9/", true},
        {"/1/4/", "/1/4/9/", false}, {"/1/44/", "/1/4/", false}, {"/1/5/", "/1/4/", false},
        {"/2/4/", "/1/", false},     {"/1/4/", NULL, true},      {NULL, NULL, true},
        {NULL, "/1/", false},
    };
    for (size_t i = 0; i < N(cases); i++)
        if (xa_unit_path_within(cases[i].path, cases[i].scope) != cases[i].want)
            fail_msg("path %s scope %s: want %d", cases[i].path ? cases[i].path : "(null)",
                     cases[i].scope ? cases[i].scope : "(null)", cases[i].want);
}

/* a team's users see their station's records */
static void test_scope_len(void **state)
{
    (void)state;
    static const struct {
        struct xa_unit u;
        const char *want; /* the visible prefix */
    } cases[] = {
        {{1, 0, "CQ", "分局", XA_UNIT_BUREAU, "/1/"}, "/1/"},
        {{4, 1, "CQ01", "派出所", XA_UNIT_STATION, "/1/4/"}, "/1/4/"},
        {{9, 4, "CQ01_A", "队", XA_UNIT_TEAM, "/1/4/9/"}, "/1/4/"},
        {{123, 45, "CQ01_B", "室", XA_UNIT_TEAM, "/1/45/123/"}, "/1/45/"},
        {{9, 0, "BROKEN", "队", XA_UNIT_TEAM, "/9/"}, "/9/"},
        {{9, 0, "NOPATH", "队", XA_UNIT_TEAM, NULL}, ""},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_int_equal(xa_unit_scope_len(&cases[i].u), strlen(cases[i].want));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_validate_reports_every_problem),
        cmocka_unit_test(test_path_within),
        cmocka_unit_test(test_scope_len),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
