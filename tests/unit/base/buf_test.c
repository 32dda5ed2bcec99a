/*
 * buf_test.c - the capped buffer: appends up to the cap succeed, one byte more fails with
 * XA_ETOOBIG and changes nothing; detach hands over the contents.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* a sequence of appends to a buffer capped at 10 bytes */
static void test_appends_stop_at_the_cap(void **state)
{
    (void)state;
    enum { ADD, ADDSTR, PRINTF };
    static const struct {
        int op;
        const char *arg;
        int rc;
        const char *after;
    } steps[] = {
        {ADDSTR, "", XA_OK, ""},
        {ADDSTR, "hello", XA_OK, "hello"},
        {ADDSTR, "world!", XA_ETOOBIG, "hello"}, /* 11 bytes: refused whole */
        {PRINTF, "123456", XA_ETOOBIG, "hello"},
        {ADD, "wor", XA_OK, "hellowor"},
        {PRINTF, "ld", XA_OK, "helloworld"}, /* exactly the cap */
        {ADDSTR, "", XA_OK, "helloworld"},
        {ADD, "!", XA_ETOOBIG, "helloworld"},
        {PRINTF, "x", XA_ETOOBIG, "helloworld"},
    };
    struct xa_buf b;
    xa_buf_init(&b, 10);
    assert_string_equal(xa_buf_str(&b), "");
    for (size_t i = 0; i < N(steps); i++) {
        int rc = steps[i].op == ADD      ? xa_buf_add(&b, steps[i].arg, strlen(steps[i].arg))
                 : steps[i].op == ADDSTR ? xa_buf_addstr(&b, steps[i].arg)
                                         : xa_buf_printf(&b, "%s", steps[i].arg);
        if (rc != steps[i].rc || strcmp(xa_buf_str(&b), steps[i].after) != 0 ||
            b.len != strlen(steps[i].after))
            fail_msg("step %zu: rc %d, contents '%s'", i, rc, xa_buf_str(&b));
    }
    xa_buf_release(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(xa_buf_str(&b), "");
    xa_buf_release(&b); /* releasing twice is harmless */
}

/* a buffer grows past its first allocation and keeps every byte, including NULs */
static void test_growth_keeps_the_contents(void **state)
{
    (void)state;
    struct xa_buf b;
    xa_buf_init(&b, 1 << 20);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(xa_buf_printf(&b, "%03d,", i), XA_OK);
    assert_int_equal(b.len, 4000);
    assert_memory_equal(b.p, "000,001,", 8);
    assert_memory_equal(b.p + 3996, "999,", 5); /* NUL-terminated */
    static const char bin[4] = {'a', '\0', 'b', '\0'};
    assert_int_equal(xa_buf_add(&b, bin, sizeof(bin)), XA_OK);
    assert_int_equal(b.len, 4004);
    assert_memory_equal(b.p + 4000, bin, 4);
    xa_buf_release(&b);
}

/* detaching hands over the contents and leaves the buffer empty */
static void test_detach(void **state)
{
    (void)state;
    struct xa_buf b;
    size_t len = 99;
    xa_buf_init(&b, 64);
    assert_int_equal(xa_buf_addstr(&b, "派出所"), XA_OK);
    char *s = xa_buf_detach(&b, &len);
    assert_string_equal(s, "派出所");
    assert_int_equal(len, strlen("派出所"));
    assert_int_equal(b.len, 0);
    assert_null(b.p);
    free(s);

    s = xa_buf_detach(&b, &len); /* an empty buffer detaches as "" */
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);
    /* and is usable again with the same cap */
    assert_int_equal(xa_buf_addstr(&b, "ok"), XA_OK);
    assert_string_equal(xa_buf_str(&b), "ok");
    xa_buf_release(&b);
}

/* a zero cap refuses everything but nothing */
static void test_zero_cap(void **state)
{
    (void)state;
    struct xa_buf b;
    xa_buf_init(&b, 0);
    assert_int_equal(xa_buf_addstr(&b, "a"), XA_ETOOBIG);
    assert_int_equal(b.len, 0);
    assert_string_equal(xa_buf_str(&b), "");
    xa_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_appends_stop_at_the_cap),
        cmocka_unit_test(test_growth_keeps_the_contents),
        cmocka_unit_test(test_detach),
        cmocka_unit_test(test_zero_cap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
