/*
 * time_test.c - ISO 8601 in and out: offsets, Z, Shanghai by default, dates only, impossible
 * dates and leap years; the Shanghai calendar day; the fake clock of tests.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/time.h"

#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-11-23T17:16:25+08:00 */
#define T0 INT64_C(1795425385)

static void test_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int ok;
        int64_t want;
    } cases[] = {
        {"2026-11-23T17:16:25+08:00", 1, T0},
        {"2026-11-23T09:16:25Z", 1, T0},
        {"2026-11-23T17:16:25", 1, T0}, /* no offset means Shanghai */
        {"2026-11-23 17:16:25", 1, T0},
        {"2026-11-23T17:16:25.987+08:00", 1, T0}, /* fractions are dropped */
        {"2026-11-23T17:16:25+0800", 1, T0},
        {"2026-11-23T04:16:25-05:00", 1, T0},
        {"2026-11-23T14:46:25+05:30", 1, T0},
        {"2026-11-23T17:16", 1, T0 - 25},
        {"2026-11-23", 1, INT64_C(1795363200)}, /* Shanghai midnight */
        {"2024-02-29", 1, INT64_C(1709136000)}, /* leap year */
        {"2000-02-29", 1, INT64_C(951753600)},  /* divisible by 400: leap */
        {"2000-01-01T00:00:00+08:00", 1, INT64_C(946656000)},
        {"1970-01-01T00:00:00Z", 1, 0},
        {"1900-01-01T00:00:00+08:00", 1, INT64_C(-2209017600)},
        {"1795425385", 1, T0}, /* epoch seconds */
        {"0", 1, 0},
        {"2026-02-30", 0, 0},
        {"2026-02-29", 0, 0}, /* not a leap year */
        {"1900-02-29", 0, 0}, /* divisible by 100: not leap */
        {"2026-04-31", 0, 0},
        {"2026-13-01", 0, 0},
        {"2026-00-10", 0, 0},
        {"2026-11-00", 0, 0},
        {"2026-11-23T24:00", 0, 0},
        {"2026-11-23T17:60", 0, 0},
        {"2026-11-23T17:16:25+15:00", 0, 0},
        {"2026-11-23T17:16:25+08:60", 0, 0},
        {"2026-11-23T17", 0, 0},
        {"2026-11-23T", 0, 0},
        {"2026-11-23T17:16:25.", 0, 0},
        {"2026-11-23T17:16:25+08:00x", 0, 0},
        {"2026-11-23x", 0, 0},
        {"2026-1-5", 0, 0},
        {"26-11-23", 0, 0},
        {"1899-12-31", 0, 0},
        {"2026/11/23", 0, 0},
        {"1234567890123", 0, 0}, /* too many digits for epoch seconds */
        {"", 0, 0},
        {"yesterday", 0, 0},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int64_t got = -42;
        int rc = xa_time_parse(cases[i].s, &got);
        if (cases[i].ok && (rc != XA_OK || got != cases[i].want))
            fail_msg("'%s': rc %d, got %lld want %lld", cases[i].s, rc, (long long)got,
                     (long long)cases[i].want);
        if (!cases[i].ok && (rc != XA_EVALIDATION || got != -42))
            fail_msg("'%s' was accepted as %lld", cases[i].s, (long long)got);
    }
    int64_t got = -42;
    assert_int_equal(xa_time_parse(NULL, &got), XA_EVALIDATION);
    assert_int_equal(got, -42);
}

static void test_format(void **state)
{
    (void)state;
    static const struct {
        int64_t t;
        const char *want;
    } cases[] = {
        {T0, "2026-11-23T17:16:25+08:00"},
        {0, "1970-01-01T08:00:00+08:00"},
        {-1, "1970-01-01T07:59:59+08:00"},
        {INT64_C(1709136000), "2024-02-29T00:00:00+08:00"},
        {INT64_C(1709222399), "2024-02-29T23:59:59+08:00"},
        {INT64_C(946656000) - 1, "1999-12-31T23:59:59+08:00"},
        {INT64_C(-2209017600), "1900-01-01T00:00:00+08:00"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        char out[XA_TIME_TEXT_MAX];
        xa_time_format(cases[i].t, out);
        assert_string_equal(out, cases[i].want);
    }
}

/* what is formatted parses back to the same second */
static void test_format_parse_round_trip(void **state)
{
    (void)state;
    srand(8);
    for (int i = 0; i < 5000; i++) {
        /* 1900 .. 2199, in steps that hit every second of the day */
        int64_t t = INT64_C(-2209017600) +
                    (int64_t)(((uint64_t)rand() << 16 ^ (uint64_t)rand()) % UINT64_C(9466560000));
        char text[XA_TIME_TEXT_MAX];
        int64_t back = 0;
        xa_time_format(t, text);
        assert_int_equal(strlen(text), 25);
        assert_int_equal(xa_time_parse(text, &back), XA_OK);
        assert_int_equal(back, t);
    }
}

/* the calendar day and its start are Shanghai's, changing at 16:00 UTC */
static void test_shanghai_day(void **state)
{
    (void)state;
    static const struct {
        const char *at;
        int32_t day;
        const char *start;
    } cases[] = {
        {"2026-11-23T00:00:00+08:00", 20261123, "2026-11-23T00:00:00+08:00"},
        {"2026-11-23T23:59:59+08:00", 20261123, "2026-11-23T00:00:00+08:00"},
        {"2026-11-23T15:59:59Z", 20261123, "2026-11-23T00:00:00+08:00"},
        {"2026-11-23T16:00:00Z", 20261124, "2026-11-24T00:00:00+08:00"},
        {"2024-02-29T12:00:00+08:00", 20240229, "2024-02-29T00:00:00+08:00"},
        {"2024-12-31T23:00:00+08:00", 20241231, "2024-12-31T00:00:00+08:00"},
        {"1969-12-31T12:00:00Z", 19691231, "1969-12-31T00:00:00+08:00"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        int64_t t = 0, start = 0;
        assert_int_equal(xa_time_parse(cases[i].at, &t), XA_OK);
        assert_int_equal(xa_time_parse(cases[i].start, &start), XA_OK);
        assert_int_equal(xa_time_day_cn(t), cases[i].day);
        assert_int_equal(xa_time_day_start_cn(t), start);
    }
}

static void test_days_from_civil(void **state)
{
    (void)state;
    static const struct {
        int64_t y;
        unsigned m, d;
        int64_t want;
    } cases[] = {
        {1970, 1, 1, 0},      {1970, 1, 2, 1},      {1969, 12, 31, -1},    {2000, 3, 1, 11017},
        {2000, 2, 29, 11016}, {1900, 1, 1, -25567}, {2026, 11, 23, 20780},
    };
    for (size_t i = 0; i < N(cases); i++)
        assert_int_equal(xa_time_days_from_civil(cases[i].y, cases[i].m, cases[i].d),
                         cases[i].want);
}

/* XA_FAKE_NOW fixes the clock for tests */
static void test_fake_now(void **state)
{
    (void)state;
    assert_int_equal(setenv("XA_FAKE_NOW", "1795425385", 1), 0);
    assert_int_equal(xa_time_now(), T0);
    assert_int_equal(unsetenv("XA_FAKE_NOW"), 0);
    assert_true(xa_time_now() > INT64_C(1700000000));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_format_parse_round_trip),
        cmocka_unit_test(test_shanghai_day),
        cmocka_unit_test(test_days_from_civil),
        cmocka_unit_test(test_fake_now),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
