/*
 * idmap_test.c - the id to position map against a plain array: random ids (negative, huge,
 * clustered so they collide), updates, growth through many sizes, absent ids.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/idmap.h"

#include <stdlib.h>

static uint64_t rng_state = 1;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static void test_map_equals_array(void **state)
{
    (void)state;
    enum { N = 20000 };
    int64_t *ids = malloc(N * sizeof(*ids));
    uint32_t *pos = malloc(N * sizeof(*pos));
    struct xa_idmap m = XA_IDMAP_INIT;
    uint32_t got;
    assert_false(xa_idmap_get(&m, 5, &got)); /* empty */
    size_t n = 0;
    for (size_t i = 0; i < N; i++) {
        int64_t id;
        switch (i % 4) {
        case 0:
            id = (int64_t)(i * 1024);
            break; /* one stride: same low bits */
        case 1:
            id = -(int64_t)(rnd() % 1000000);
            break; /* negative and zero */
        case 2:
            id = (int64_t)(rnd() >> 1);
            break; /* huge */
        default:
            id = n ? ids[rnd() % n] : 7;
            break; /* an update of one already there */
        }
        uint32_t p = (uint32_t)rnd();
        size_t k = 0;
        while (k < n && ids[k] != id)
            k++;
        if (k == n)
            ids[n++] = id;
        pos[k] = p;
        xa_idmap_put(&m, id, p);
        if (i % 997 == 0) /* every id so far, at many sizes of the table */
            for (size_t j = 0; j < n; j++) {
                assert_true(xa_idmap_get(&m, ids[j], &got));
                assert_int_equal(got, pos[j]);
            }
    }
    assert_int_equal(m.n, n);
    assert_true(2 * m.n <= m.cap);
    for (size_t j = 0; j < n; j++) {
        assert_true(xa_idmap_get(&m, ids[j], NULL));
        assert_true(xa_idmap_get(&m, ids[j], &got));
        assert_int_equal(got, pos[j]);
    }
    assert_false(xa_idmap_get(&m, 3, &got)); /* absent: not a stride of 1024, not drawn */
    assert_false(xa_idmap_get(&m, INT64_MIN, &got));
    xa_idmap_clear(&m);
    assert_int_equal(m.n, 0);
    assert_false(xa_idmap_get(&m, ids[0], &got));
    xa_idmap_put(&m, 42, 9); /* usable again after clear */
    assert_true(xa_idmap_get(&m, 42, &got) && got == 9);
    xa_idmap_clear(&m);
    free(ids);
    free(pos);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_equals_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
