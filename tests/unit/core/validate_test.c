/*
 * validate_test.c - ID numbers with real check characters, phones, coordinates, UTF-8 text
 * and the masks that lists show.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/validate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TODAY 20261123

/* GB 11643-1999 written out again here, so the test does not trust the code under test. */
static void with_check_char(const char *first17, char out[19])
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    memcpy(out, first17, 17);
    for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * w[i];
    out[17] = "10X98765432"[sum % 11];
    out[18] = '\0';
}

static void assert_reason(const char *got, const char *want, const char *input)
{
    if (want == NULL && got == NULL)
        return;
    if (want == NULL || got == NULL || strcmp(want, got) != 0)
        fail_msg("'%s': got %s, want %s", input ? input : "(null)", got ? got : "ok",
                 want ? want : "ok");
}

/* ID numbers: format, birth date, then check character */
static void test_id_numbers(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        int fix_check; /* replace the 18th character by the right one */
        int32_t today;
        const char *want;
    } cases[] = {
        {"11010519491231002X", 0, TODAY, NULL}, /* the standard's own example */
        {"11010519491231002x", 0, TODAY, NULL}, /* lower-case x is the same */
        {"110105194912310021", 0, TODAY, "bad_id_checksum"},
        {"110105194912310020", 0, TODAY, "bad_id_checksum"},
        {"11010519491231003X", 0, TODAY, "bad_id_checksum"}, /* one digit mistyped */
        {"110101199003071234?", 1, TODAY, NULL},
        {"440305200002290018?", 1, TODAY, NULL}, /* 2000 was a leap year */
        {"320102190001010011?", 1, TODAY, NULL}, /* the earliest birth accepted */
        {"320102189912310011?", 1, TODAY, "bad_id_birth"},
        {"110101199902300011?", 1, TODAY, "bad_id_birth"},  /* 30 February */
        {"110101190002290011?", 1, TODAY, "bad_id_birth"},  /* 1900 was not a leap year */
        {"110101199013010011?", 1, TODAY, "bad_id_birth"},  /* month 13 */
        {"110101199004310011?", 1, TODAY, "bad_id_birth"},  /* 31 April */
        {"110101199001000011?", 1, TODAY, "bad_id_birth"},  /* day 0 */
        {"110101202611240011?", 1, TODAY, "bad_id_birth"},  /* born tomorrow */
        {"110101202611230011?", 1, TODAY, NULL},            /* born today */
        {"110101209912310011?", 1, 0, NULL},                /* today 0 skips the future check */
        {"11010519491231002", 0, TODAY, "bad_id_number"},   /* 17 characters */
        {"11010519491231002X1", 0, TODAY, "bad_id_number"}, /* 19 characters */
        {"1101051949123100XX", 0, TODAY, "bad_id_number"},
        {"11010519491231002Y", 0, TODAY, "bad_id_number"},
        {"1101051949A231002X", 0, TODAY, "bad_id_number"},
        {" 11010519491231002X", 0, TODAY, "bad_id_number"},
        {"110105-19491231-002X", 0, TODAY, "bad_id_number"},
        {"", 0, TODAY, "bad_id_number"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char id[32];
        if (cases[i].fix_check)
            with_check_char(cases[i].id, id);
        else
            snprintf(id, sizeof(id), "%s", cases[i].id);
        assert_reason(xa_validate_id_number(id, cases[i].today), cases[i].want, id);
    }
    assert_reason(xa_validate_id_number(NULL, TODAY), "bad_id_number", NULL);
}

/* every single-digit change of a valid number is caught by the check character */
static void test_id_checksum_catches_every_single_digit_error(void **state)
{
    (void)state;
    char good[19], bad[19];
    with_check_char("11010119900307123", good);
    assert_null(xa_validate_id_number(good, TODAY));
    for (int pos = 14; pos < 17; pos++) { /* positions outside the birth date */
        for (char d = '0'; d <= '9'; d++) {
            if (d == good[pos])
                continue;
            memcpy(bad, good, sizeof(bad));
            bad[pos] = d;
            assert_reason(xa_validate_id_number(bad, TODAY), "bad_id_checksum", bad);
        }
    }
}

/* birth date and sex come from the number: 17th digit odd is male */
static void test_id_info(void **state)
{
    (void)state;
    static const struct {
        const char *first17;
        int32_t birth;
        char sex;
    } cases[] = {
        {"11010519491231002", 19491231, 'F'},
        {"11010119900307123", 19900307, 'M'},
        {"44030520000229001", 20000229, 'M'},
        {"32010219000101008", 19000101, 'F'},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char id[19];
        int32_t birth = 0;
        char sex = '?';
        with_check_char(cases[i].first17, id);
        xa_validate_id_info(id, &birth, &sex);
        assert_int_equal(birth, cases[i].birth);
        assert_int_equal(sex, cases[i].sex);
    }
}

/* mobile, landline and service numbers are phones; anything else is not */
static void test_phones(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int ok;
    } cases[] = {
        {"13812345678", 1},
        {"19912345678", 1},
        {"+8613812345678", 1},
        {"8613812345678", 1},
        {"010-12345678", 1},
        {"01012345678", 1},
        {"0571-8888999", 1},
        {"0571-88889999", 1},
        {"057188889999", 1},
        {"0571-88889999-123", 1},
        {"110", 1},
        {"12345", 1},
        {"95588", 1},
        {"12812345678", 0},  /* no 12x mobile prefix */
        {"1381234567", 0},   /* 10 digits */
        {"138123456789", 0}, /* 12 digits */
        {"138 1234 5678", 0},
        {"+85212345678", 0},
        {"+86010-12345678", 0},
        {"010-123456", 0}, /* 6 digits after the area code */
        {"010-123456789", 0},
        {"0010-12345678", 0},
        {"0571-88889999-", 0},
        {"0571-88889999-1234567", 0},
        {"01", 0},
        {"12", 0},
        {"123456", 0},
        {"123", 0},  /* not a service number */
        {"1234", 0}, /* four digits are nothing */
        {"99999", 0},
        {"120", 1},
        {"12315", 1},
        {"110a", 0},
        {"011", 0},
        {"", 0},
        {"abc", 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_reason(xa_validate_phone(cases[i].s), cases[i].ok ? NULL : "bad_phone", cases[i].s);
    assert_reason(xa_validate_phone(NULL), "bad_phone", NULL);
}

/* latitudes and longitudes are finite and in range, ends included */
static void test_coordinates(void **state)
{
    (void)state;
    static const struct {
        double v;
        int lat_ok, lon_ok;
    } cases[] = {
        {0.0, 1, 1},      {29.56, 1, 1},    {90.0, 1, 1},  {-90.0, 1, 1},
        {90.0001, 0, 1},  {-90.0001, 0, 1}, {180.0, 0, 1}, {-180.0, 0, 1},
        {180.0001, 0, 0}, {-181.0, 0, 0},   {1e300, 0, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_reason(xa_validate_lat(cases[i].v), cases[i].lat_ok ? NULL : "bad_latitude", "lat");
        assert_reason(xa_validate_lon(cases[i].v), cases[i].lon_ok ? NULL : "bad_longitude", "lon");
    }
    assert_string_equal(xa_validate_lat(NAN), "bad_latitude");
    assert_string_equal(xa_validate_lon(NAN), "bad_longitude");
    assert_string_equal(xa_validate_lat(INFINITY), "bad_latitude");
    assert_string_equal(xa_validate_lon(-INFINITY), "bad_longitude");
}

/* text is well-formed UTF-8 without control characters, counted in code points */
static void test_text(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t max;
        const char *want;
    } cases[] = {
        {"", 0, NULL},
        {"abc", 3, NULL},
        {"abcd", 3, "too_long"},
        {"派出所", 3, NULL}, /* 9 bytes, 3 characters */
        {"派出所a", 3, "too_long"},
        {"\xF0\x9F\x98\x80", 1, NULL},   /* U+1F600, one character */
        {"\xF4\x8F\xBF\xBF", 1, NULL},   /* U+10FFFF, the last code point */
        {"\xEF\xBF\xBD", 1, NULL},       /* U+FFFD */
        {"line\r\nnext\tcol", 20, NULL}, /* tab, CR and LF are text */
        {"\xC0\xAF", 10, "bad_format"},  /* overlong '/' */
        {"\xC1\xBF", 10, "bad_format"},
        {"\xE0\x80\xAF", 10, "bad_format"},
        {"\xE0\x9F\xBF", 10, "bad_format"}, /* overlong U+07FF */
        {"\xF0\x80\x80\xAF", 10, "bad_format"},
        {"\xF0\x8F\xBF\xBF", 10, "bad_format"}, /* overlong U+FFFF */
        {"\xED\xA0\x80", 10, "bad_format"},     /* surrogate U+D800 */
        {"\xED\xBF\xBF", 10, "bad_format"},     /* surrogate U+DFFF */
        {"\xED\x9F\xBF", 10, NULL},             /* U+D7FF, just below */
        {"\xF4\x90\x80\x80", 10, "bad_format"}, /* U+110000 */
        {"\xF5\x80\x80\x80", 10, "bad_format"},
        {"\xFF", 10, "bad_format"},
        {"\x80", 10, "bad_format"},      /* continuation without lead */
        {"a\xE6\xB4", 10, "bad_format"}, /* truncated at the end */
        {"\xE6\xB4"
         "a",
         10, "bad_format"}, /* truncated in the middle */
        {"\x01", 10, "bad_format"},
        {"a\x1B[31m", 10, "bad_format"},
        {"\x7F", 10, "bad_format"},
        {"\xC2\x85", 10, "bad_format"},  /* NEL, a C1 control */
        {"\xC2\xA0", 10, NULL},          /* no-break space is text */
        {"abcdef\x01", 2, "bad_format"}, /* a bad byte outranks the length */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_reason(xa_validate_text(cases[i].s, cases[i].max), cases[i].want, cases[i].s);
    assert_null(xa_validate_text(NULL, 0));
}

/* lists show phones and ID numbers masked */
static void test_masks(void **state)
{
    (void)state;
    static const struct {
        int id; /* 1: ID number mask, 0: phone mask */
        const char *s;
        const char *want;
    } cases[] = {
        {0, "13812345678", "138****5678"},
        {0, "+8613812345678", "+86138****5678"},
        {0, "8613812345678", "86138****5678"},
        {0, "010-12345678", "010-****5678"},
        {0, "01012345678", "010****5678"},
        {0, "0571-88889999", "057*-****9999"},
        {0, "110", "110"},
        {0, "12345", "12345"},
        {0, "", ""},
        {1, "110101199003071234", "110101********1234"},
        {1, "11010519491231002X", "110105********002X"},
        {1, "110101900307123", "110101*****7123"}, /* old 15-digit number */
        {1, "123", "***"},
        {1, "", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[64];
        memset(out, '#', sizeof(out));
        if (cases[i].id)
            xa_validate_mask_id_number(cases[i].s, out, strlen(cases[i].s) + 1);
        else
            xa_validate_mask_phone(cases[i].s, out, strlen(cases[i].s) + 1);
        assert_string_equal(out, cases[i].want);
    }
}

/* a mask never writes past the buffer it is given */
static void test_masks_respect_the_buffer(void **state)
{
    (void)state;
    char out[8];
    memset(out, '#', sizeof(out));
    xa_validate_mask_phone("13812345678", out, 5);
    assert_string_equal(out, "138*");
    assert_int_equal(out[5], '#');
    memset(out, '#', sizeof(out));
    xa_validate_mask_id_number("110101199003071234", out, 8);
    assert_string_equal(out, "110101*");
    memset(out, '#', sizeof(out));
    xa_validate_mask_phone("+8613812345678", out, 3);
    assert_string_equal(out, "+8");
    out[0] = '#';
    xa_validate_mask_phone("13812345678", out, 0);
    assert_int_equal(out[0], '#');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_numbers),
        cmocka_unit_test(test_id_checksum_catches_every_single_digit_error),
        cmocka_unit_test(test_id_info),
        cmocka_unit_test(test_phones),
        cmocka_unit_test(test_coordinates),
        cmocka_unit_test(test_text),
        cmocka_unit_test(test_masks),
        cmocka_unit_test(test_masks_respect_the_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
