/*
 * mem_test.c - allocation that cannot fail: zeroed, aligned huge-page arrays (small ones on a
 * cache line, 2 MiB and more on a huge page), copies of strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

static int all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void test_huge_calloc(void **state)
{
    (void)state;
    static const size_t sizes[][2] = {
        {0, 8}, {1, 1}, {100, 40}, {1, (size_t)2 << 20}, {3, (size_t)1 << 20}, {1000001, 32}};
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        size_t n = sizes[i][0] * sizes[i][1];
        unsigned char *p = xa_xhuge_calloc(sizes[i][0], sizes[i][1]);
        assert_non_null(p);
        size_t align = n >= ((size_t)2 << 20) ? (size_t)2 << 20 : 64;
        assert_int_equal((uintptr_t)p % align, 0);
        assert_true(all_zero(p, n));
        memset(p, 0xa5, n); /* all of it is ours */
        free(p);
    }
}

static void test_strdup(void **state)
{
    (void)state;
    assert_null(xa_xstrdup(NULL));
    char *s = xa_xstrdup("小案");
    assert_string_equal(s, "小案");
    free(s);
    s = xa_xstrndup("abcdef", 3);
    assert_string_equal(s, "abc");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_huge_calloc),
        cmocka_unit_test(test_strdup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
