/*
 * user_test.c - users: valid accounts, the password rule, who sees every unit and who can be
 * dispatched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/user.h"
#include "core/vocab.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_validate(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *username, *real_name;
        int role;
        const char *phone;
        const char *field, *reason; /* NULL: valid */
    } cases[] = {
        {"a desk officer is valid", "liran", "李冉", XA_ROLE_DESK, "13812345678", NULL, NULL},
        {"a user without phone is valid", "li.ran-2_b", "李冉", XA_ROLE_PATROL, NULL, NULL, NULL},
        {"an empty phone counts as none", "li", "李", XA_ROLE_ANALYST, "", NULL, NULL},
        {"a username of 32 characters is valid", "abcdefghijabcdefghijabcdefghij12", "李冉",
         XA_ROLE_ADMIN, NULL, NULL, NULL},
        {"a name of 32 characters is valid", "liran",
         "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二", XA_ROLE_LEADER, NULL,
         NULL, NULL},
        {"a missing username is required", NULL, "李冉", XA_ROLE_DESK, NULL, "username",
         "required"},
        {"an empty username is required", "", "李冉", XA_ROLE_DESK, NULL, "username", "required"},
        {"an upper-case username is refused", "LiRan", "李冉", XA_ROLE_DESK, NULL, "username",
         "bad_format"},
        {"a username with a space is refused", "li ran", "李冉", XA_ROLE_DESK, NULL, "username",
         "bad_format"},
        {"a Chinese username is refused", "李冉", "李冉", XA_ROLE_DESK, NULL, "username",
         "bad_format"},
        {"a username of one character is too short", "l", "李冉", XA_ROLE_DESK, NULL, "username",
         "too_short"},
        {"a username of 33 characters is too long", "abcdefghijabcdefghijabcdefghij123", "李冉",
         XA_ROLE_DESK, NULL, "username", "too_long"},
        {"a missing name is required", "liran", NULL, XA_ROLE_DESK, NULL, "name", "required"},
        {"an empty name is required", "liran", "", XA_ROLE_DESK, NULL, "name", "required"},
        {"a name of 33 characters is too long", "liran",
         "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", XA_ROLE_DESK, NULL,
         "name", "too_long"},
        {"a name with a control character is refused", "liran", "李\x07冉", XA_ROLE_DESK, NULL,
         "name", "bad_format"},
        {"a missing role is required", "liran", "李冉", 0, NULL, "role", "required"},
        {"an unknown role is refused", "liran", "李冉", 8, NULL, "role", "unknown_value"},
        {"a bad phone is refused", "liran", "李冉", XA_ROLE_DESK, "1381234", "phone", "bad_phone"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct xa_user u = {.username = cases[i].username,
                            .name = cases[i].real_name,
                            .role = cases[i].role,
                            .phone = cases[i].phone,
                            .unit_id = 4};
        struct xa_verr ve = {0};
        int rc = xa_user_validate(&u, &ve);
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

/* an empty user reports every field */
static void test_validate_reports_every_problem(void **state)
{
    (void)state;
    struct xa_user u = {.phone = "x"};
    struct xa_verr ve = {0};
    static const char *const fields[] = {"username", "name", "role", "phone"};
    assert_int_equal(xa_user_validate(&u, &ve), XA_EVALIDATION);
    assert_int_equal(ve.n, N(fields));
    for (size_t i = 0; i < N(fields); i++)
        assert_string_equal(ve.items[i].field, fields[i]);
}

/* passwords have 8 to 128 bytes */
static void test_password_rule(void **state)
{
    (void)state;
    char p128[129], p129[130];
    memset(p128, 'a', 128);
    p128[128] = '\0';
    memset(p129, 'a', 129);
    p129[129] = '\0';
    static const struct {
        const char *pw;
        const char *want;
    } cases[] = {
        {"", "weak_password"},   {"1234567", "weak_password"},
        {"12345678", NULL},      {"密码密码密", NULL}, /* 15 bytes */
        {NULL, "weak_password"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        const char *got = xa_user_password_problem(cases[i].pw);
        if (cases[i].want)
            assert_string_equal(got, cases[i].want);
        else
            assert_null(got);
    }
    assert_null(xa_user_password_problem(p128));
    assert_string_equal(xa_user_password_problem(p129), "too_long");
}

/* analysts see everything; leaders only from the bureau */
static void test_sees_all(void **state)
{
    (void)state;
    /* rows: role; columns: bureau, station, team */
    static const struct {
        int role;
        const char *by_kind;
    } cases[] = {
        {XA_ROLE_ADMIN, "NNN"},     {XA_ROLE_LEADER, "YNN"},
        {XA_ROLE_DESK, "NNN"},      {XA_ROLE_PATROL, "NNN"},
        {XA_ROLE_COMMUNITY, "NNN"}, {XA_ROLE_INVESTIGATOR, "NNN"},
        {XA_ROLE_ANALYST, "YYY"},   {0, "NNN"},
    };
    for (size_t i = 0; i < N(cases); i++)
        for (int kind = XA_UNIT_BUREAU; kind <= XA_UNIT_TEAM; kind++)
            if (xa_user_sees_all(cases[i].role, kind) != (cases[i].by_kind[kind - 1] == 'Y'))
                fail_msg("role %d kind %d", cases[i].role, kind);
}

/* officers and leaders can be dispatched; desk, admin and analysts cannot */
static void test_dispatchable(void **state)
{
    (void)state;
    static const bool want[] = {
        [0] = false,
        [XA_ROLE_ADMIN] = false,
        [XA_ROLE_LEADER] = true,
        [XA_ROLE_DESK] = false,
        [XA_ROLE_PATROL] = true,
        [XA_ROLE_COMMUNITY] = true,
        [XA_ROLE_INVESTIGATOR] = true,
        [XA_ROLE_ANALYST] = false,
    };
    for (int role = 0; role < (int)N(want); role++)
        assert_int_equal(xa_user_is_dispatchable(role), want[role]);
    assert_false(xa_user_is_dispatchable(99));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_validate),      cmocka_unit_test(test_validate_reports_every_problem),
        cmocka_unit_test(test_password_rule), cmocka_unit_test(test_sees_all),
        cmocka_unit_test(test_dispatchable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
