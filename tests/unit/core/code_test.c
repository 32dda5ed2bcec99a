/*
 * code_test.c - incident codes, and status codes: the alphabet, the bits they carry, and the
 * forgiving reading of what a caller types.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/code.h"

#include <stdlib.h>
#include <string.h>

#define ALPHABET "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

/* an incident code is unit, Shanghai date and a sequence of at least four digits */
static void test_incident_code_pads_the_sequence(void **state)
{
    (void)state;
    static const struct {
        const char *unit;
        int32_t day;
        int64_t seq;
        const char *want;
    } cases[] = {
        {"CQ01", 20261123, 42, "CQ01-20261123-0042"},
        {"CQ01", 20261123, 1, "CQ01-20261123-0001"},
        {"CQ01", 20261123, 9999, "CQ01-20261123-9999"},
        {"CQ01", 20261123, 12345, "CQ01-20261123-12345"},
        {"BUREAU_LONG_CODE", 20000101, 7, "BUREAU_LONG_CODE-20000101-0007"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[XA_CODE_MAX];
        xa_code_incident(cases[i].unit, cases[i].day, cases[i].seq, out);
        assert_string_equal(out, cases[i].want);
    }
}

/* Builds the 7 random bytes whose top 50 bits are the given ten 5-bit symbols. */
static void bytes_for(const int sym[10], unsigned char low6, unsigned char out[7])
{
    uint64_t v = 0;
    for (int i = 0; i < 10; i++)
        v = (v << 5) | (uint64_t)sym[i];
    v = (v << 6) | (low6 & 0x3F);
    for (int i = 6; i >= 0; i--) {
        out[i] = (unsigned char)(v & 0xFF);
        v >>= 8;
    }
}

/* a status code spells the top 50 bits, five at a time, most significant first */
static void test_status_code_spells_the_top_50_bits(void **state)
{
    (void)state;
    static const struct {
        int sym[10];
        const char *want;
    } cases[] = {
        {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "0123456789"},
        {{10, 11, 12, 13, 14, 15, 16, 17, 18, 19}, "ABCDEFGHJK"},
        {{20, 21, 22, 23, 24, 25, 26, 27, 28, 29}, "MNPQRSTVWX"},
        {{30, 31, 0, 0, 0, 0, 0, 0, 0, 31}, "YZ0000000Z"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        for (unsigned low6 = 0; low6 < 64; low6 += 21) {
            unsigned char rnd[XA_CODE_STATUS_RANDOM_BYTES];
            char out[XA_CODE_STATUS_LEN + 1];
            bytes_for(cases[i].sym, (unsigned char)low6, rnd);
            xa_code_status(rnd, out);
            assert_string_equal(out, cases[i].want);
        }
    }
    unsigned char zeros[7] = {0}, ones[7] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    unsigned char top[7] = {0x80, 0, 0, 0, 0, 0, 0};
    char out[XA_CODE_STATUS_LEN + 1];
    xa_code_status(zeros, out);
    assert_string_equal(out, "0000000000");
    xa_code_status(ones, out);
    assert_string_equal(out, "ZZZZZZZZZZ");
    xa_code_status(top, out);
    assert_string_equal(out, "G000000000");
}

/* random codes use only the alphabet and normalize to themselves, however they are typed */
static void test_status_code_round_trips(void **state)
{
    (void)state;
    srand(20261123);
    for (int n = 0; n < 2000; n++) {
        unsigned char rnd[XA_CODE_STATUS_RANDOM_BYTES];
        for (int i = 0; i < XA_CODE_STATUS_RANDOM_BYTES; i++)
            rnd[i] = (unsigned char)(rand() & 0xFF);
        char code[XA_CODE_STATUS_LEN + 1], back[XA_CODE_STATUS_LEN + 1];
        xa_code_status(rnd, code);
        assert_int_equal(strlen(code), XA_CODE_STATUS_LEN);
        assert_int_equal(strspn(code, ALPHABET), XA_CODE_STATUS_LEN);
        assert_int_equal(xa_code_status_normalize(code, back), XA_OK);
        assert_string_equal(back, code);

        /* as read over the phone: lower case, grouped with a dash and spaces */
        char typed[32];
        size_t o = 0;
        for (int i = 0; i < XA_CODE_STATUS_LEN; i++) {
            if (i == 5) {
                typed[o++] = ' ';
                typed[o++] = '-';
            }
            char c = code[i];
            typed[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        typed[o] = '\0';
        assert_int_equal(xa_code_status_normalize(typed, back), XA_OK);
        assert_string_equal(back, code);
    }
}

/* reading is forgiving where it is safe and strict elsewhere */
static void test_status_code_normalization(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        const char *want; /* NULL: refused */
    } cases[] = {
        {"ABCDEFGHJK", "ABCDEFGHJK"},
        {"abcdefghjk", "ABCDEFGHJK"},
        {"abcd-efgh-jk", "ABCDEFGHJK"},
        {" 0123 45678 9 ", "0123456789"},
        {"O1I2L3oil0", "0112130110"},
        {"--MNPQR--STVWX--", "MNPQRSTVWX"},
        {"ABCDEFGHJU", NULL}, /* U is not in the alphabet */
        {"abcdefghju", NULL},
        {"ABCDEFGHJ", NULL},   /* 9 characters */
        {"ABCDEFGHJKM", NULL}, /* 11 characters */
        {"", NULL},
        {"----------", NULL},
        {"ABCDE_FGHJK", NULL},
        {"ABCDE\tFGHJK", NULL}, /* only spaces and dashes are skipped */
        {"ABCDEFGH中", NULL},
        {"ABCDEFGHJK!", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char out[XA_CODE_STATUS_LEN + 1] = "untouched";
        int rc = xa_code_status_normalize(cases[i].in, out);
        if (cases[i].want) {
            assert_int_equal(rc, XA_OK);
            assert_string_equal(out, cases[i].want);
        } else {
            assert_int_equal(rc, XA_EVALIDATION);
            assert_string_equal(out, "untouched");
        }
    }
    char out[XA_CODE_STATUS_LEN + 1];
    assert_int_equal(xa_code_status_normalize(NULL, out), XA_EVALIDATION);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_incident_code_pads_the_sequence),
        cmocka_unit_test(test_status_code_spells_the_top_50_bits),
        cmocka_unit_test(test_status_code_round_trips),
        cmocka_unit_test(test_status_code_normalization),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
