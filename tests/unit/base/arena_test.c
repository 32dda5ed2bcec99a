/*
 * arena_test.c - the request arena: zeroed, aligned, stable allocations across chunks; copies
 * and printf; release and reuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* allocations are zeroed, 16-byte aligned, and stay put while more chunks are added */
static void test_allocations_are_zeroed_aligned_and_stable(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 0, 15, 16, 17, 100, 4000, 4096, 5000, 3, 20000, 7};
    struct xa_arena a;
    unsigned char *blocks[N(sizes) * 20];
    size_t n = 0;
    xa_arena_init(&a);
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < N(sizes); i++, n++) {
            unsigned char *p = xa_arena_alloc(&a, sizes[i]);
            assert_non_null(p);
            assert_int_equal((uintptr_t)p % 16, 0);
            for (size_t k = 0; k < sizes[i]; k++)
                assert_int_equal(p[k], 0);
            memset(p, (int)(n & 0xFF), sizes[i]);
            blocks[n] = p;
        }
    }
    /* nothing written later overwrote an earlier block */
    for (size_t j = 0; j < n; j++) {
        size_t size = sizes[j % N(sizes)];
        for (size_t k = 0; k < size; k++)
            if (blocks[j][k] != (unsigned char)(j & 0xFF))
                fail_msg("block %zu byte %zu was overwritten", j, k);
    }
    assert_true(a.used >= 20 * (1 + 15 + 16 + 17 + 100 + 4000 + 4096 + 5000 + 3 + 20000 + 7));
    xa_arena_release(&a);
    assert_int_equal(a.used, 0);
    assert_null(a.head);
}

static void test_copies(void **state)
{
    (void)state;
    struct xa_arena a;
    xa_arena_init(&a);
    static const char *const strs[] = {"", "a", "城关派出所", "x\ty\nz"};
    for (size_t i = 0; i < N(strs); i++) {
        char *c = xa_arena_strdup(&a, strs[i]);
        assert_string_equal(c, strs[i]);
        assert_ptr_not_equal(c, strs[i]);
    }
    static const struct {
        const char *s;
        size_t n;
        const char *want;
    } nd[] = {{"abcdef", 3, "abc"}, {"abcdef", 0, ""}, {"城关派出所", 6, "城关"}};
    for (size_t i = 0; i < N(nd); i++)
        assert_string_equal(xa_arena_strndup(&a, nd[i].s, nd[i].n), nd[i].want);
    assert_null(xa_arena_strdup(&a, NULL));
    assert_null(xa_arena_strndup(&a, NULL, 4));
    xa_arena_release(&a);
}

static void test_printf(void **state)
{
    (void)state;
    struct xa_arena a;
    xa_arena_init(&a);
    assert_string_equal(xa_arena_printf(&a, "%s-%08d-%04d", "CQ01", 20261123, 42),
                        "CQ01-20261123-0042");
    assert_string_equal(xa_arena_printf(&a, "%s", ""), "");
    /* longer than a chunk */
    char *big = xa_arena_printf(&a, "%9000d|", 7);
    assert_int_equal(strlen(big), 9001);
    assert_int_equal(big[8999], '7');
    assert_int_equal(big[9000], '|');
    assert_int_equal(big[0], ' ');
    xa_arena_release(&a);
}

/* a released arena is empty and can be used again; releasing an empty one is harmless */
static void test_release_and_reuse(void **state)
{
    (void)state;
    struct xa_arena a;
    xa_arena_init(&a);
    xa_arena_release(&a);
    assert_int_equal(a.used, 0);
    char *s = xa_arena_strdup(&a, "first");
    assert_string_equal(s, "first");
    xa_arena_release(&a);
    s = xa_arena_strdup(&a, "second");
    assert_string_equal(s, "second");
    assert_true(a.used >= 7);
    xa_arena_release(&a);
    xa_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_allocations_are_zeroed_aligned_and_stable),
        cmocka_unit_test(test_copies),
        cmocka_unit_test(test_printf),
        cmocka_unit_test(test_release_and_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
