/*
 * linkage_index_test.c - the bucket index gives exactly the brute-force top k (same records,
 * same order, ties by id) on random data, for trained, naive-Bayes and adversarial models, for
 * queries inside, at the edge of and far off the indexed area; and it prunes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "analysis/linkage_index.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_REC 20000
#define N_QUERY 200
#define DAY 86400
#define T0 INT64_C(1700000000)

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static double unif(void)
{
    return (double)(rnd() >> 11) / 9007199254740992.0;
}

/* A random case over 40 km x 40 km and three years, with some of everything. */
static void random_rec(struct xa_linkage_rec *r, int64_t id)
{
    memset(r, 0, sizeof(*r));
    r->id = id;
    r->x = unif() * 40000;
    r->y = unif() * 40000;
    r->t_from = T0 + (int64_t)(unif() * 3 * 365 * DAY);
    r->t_to = r->t_from + (unif() < 0.3 ? 0 : (int64_t)(unif() * 2 * DAY));
    r->type = (uint16_t)(1 + rnd() % 12);
    r->parent = (uint16_t)(1 + r->type / 5);
    for (int k = 0; k < 3; k++)
        if (unif() < 0.7)
            xa_linkage_rec_set_mo(r, (unsigned)(rnd() % 40));
    if (unif() < 0.5)
        r->prop = UINT64_C(1) << (rnd() % 10);
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++)
        r->suspect[i] = unif() < 0.3 ? (uint8_t)(1 + rnd() % 3) : 0;
}

static void model_with_rarity(struct xa_linkage_model *m)
{
    xa_linkage_model_default(m);
    for (int t = 0; t < XA_LINKAGE_MO_MAX; t++)
        m->mo_rarity[t] = 0.5 + (double)(t % 7);
}

static void naive_bayes(struct xa_linkage_model *m)
{
    model_with_rarity(m);
    m->kind = XA_LINKAGE_NB;
    m->intercept = -9;
    for (int j = 0; j < XA_LINKAGE_NF; j++)
        for (int b = 0; b < XA_LINKAGE_MAX_BINS; b++) /* not monotone on purpose */
            m->table[j][b] = j <= XA_LINKAGE_F_DAYS ? 3.0 - b * 0.4 + (b % 3 == 1 ? 0.9 : 0)
                                                    : (double)((b * 7 + j) % 5) - 2;
}

/* Distance and time counting the wrong way: nothing can be pruned, results must still match. */
static void adversarial(struct xa_linkage_model *m)
{
    model_with_rarity(m);
    m->w[XA_LINKAGE_F_DIST] = 0.3;
    m->w[XA_LINKAGE_F_DAYS] = 0;
}

/* Many exact ties: only distance counts, on a coarse lattice of points. */
static void ties_only(struct xa_linkage_model *m)
{
    memset(m, 0, sizeof(*m));
    m->kind = XA_LINKAGE_LOGIT;
    m->w[XA_LINKAGE_F_DIST] = -1;
}

static void check(const struct xa_linkage_rec *r, size_t n, const struct xa_linkage_index *ix,
                  const struct xa_linkage_model *m, const struct xa_linkage_rec *q, size_t k,
                  const char *what, size_t *scored)
{
    struct xa_linkage_hit a[128], b[128];
    size_t na = xa_linkage_index_topk_stats(ix, m, q, k, a, scored);
    size_t nb = xa_linkage_index_brute(r, n, m, q, k, b);
    if (na != nb)
        fail_msg("%s: index found %zu, brute force %zu", what, na, nb);
    for (size_t i = 0; i < na; i++)
        if (a[i].id != b[i].id || a[i].pos != b[i].pos || a[i].score != b[i].score)
            fail_msg("%s: rank %zu: index id %lld score %.17g, brute id %lld score %.17g", what, i,
                     (long long)a[i].id, a[i].score, (long long)b[i].id, b[i].score);
    for (size_t i = 1; i < na; i++)
        assert_true(a[i - 1].score > a[i].score ||
                    (a[i - 1].score == a[i].score && a[i - 1].id < a[i].id));
    for (size_t i = 0; i < na; i++)
        assert_true(a[i].id != q->id);
}

static void test_index_equals_brute_force(void **state)
{
    (void)state;
    rng_state = 42;
    struct xa_linkage_rec *r = malloc(N_REC * sizeof(*r));
    for (size_t i = 0; i < N_REC; i++)
        random_rec(&r[i], (int64_t)(1000000 - i)); /* ids against the array order */
    struct xa_linkage_index *ix = xa_linkage_index_new(r, N_REC);
    assert_int_equal(xa_linkage_index_count(ix), N_REC);
    struct {
        const char *name;
        void (*make)(struct xa_linkage_model *);
    } models[] = {
        {"default", model_with_rarity}, {"naive Bayes", naive_bayes}, {"adversarial", adversarial}};
    static const size_t ks[] = {1, 20, 100};
    size_t scored_default = 0;
    for (size_t mi = 0; mi < sizeof(models) / sizeof(models[0]); mi++) {
        struct xa_linkage_model m;
        models[mi].make(&m);
        for (int qi = 0; qi < N_QUERY; qi++) {
            struct xa_linkage_rec q;
            char what[96];
            size_t scored;
            if (qi % 2) {
                q = r[rnd() % N_REC]; /* an indexed case: must not find itself */
            } else {
                random_rec(&q, -1 - qi);
                if (qi % 10 == 0) { /* far off the area, and before its time */
                    q.x = -30000 + unif() * 100000;
                    q.y = qi % 20 ? -25000 : 90000;
                    q.t_from -= 4 * 365 * DAY;
                    q.t_to -= 4 * 365 * DAY;
                }
            }
            size_t k = ks[qi % 3];
            snprintf(what, sizeof(what), "%s model, query %d, k %zu", models[mi].name, qi, k);
            check(r, N_REC, ix, &m, &q, k, what, &scored);
            if (mi == 0)
                scored_default += scored;
        }
    }
    /* the point of the index: a query scores a small part of the records */
    print_message("default model: %.0f of %d records scored per query on average\n",
                  (double)scored_default / N_QUERY, N_REC);
    assert_true(scored_default / N_QUERY < N_REC / 5);
    xa_linkage_index_free(ix);
    free(r);
}

static void test_ties_and_small_indexes(void **state)
{
    (void)state;
    struct xa_linkage_model m;
    ties_only(&m);
    /* 30 x 30 lattice, each point three times: scores tie in groups */
    size_t n = 2700;
    struct xa_linkage_rec *r = calloc(n, sizeof(*r));
    for (size_t i = 0; i < n; i++) {
        r[i].id = (int64_t)((i * 7919) % n); /* unique, shuffled */
        r[i].x = (double)(i % 30) * 100;
        r[i].y = (double)((i / 30) % 30) * 100;
        r[i].t_from = r[i].t_to = T0;
    }
    struct xa_linkage_index *ix = xa_linkage_index_new(r, n);
    for (size_t qi = 0; qi < 60; qi++) {
        struct xa_linkage_rec q = r[(qi * 37) % n];
        q.id = -1;
        char what[64];
        size_t scored;
        snprintf(what, sizeof(what), "lattice query %zu", qi);
        check(r, n, ix, &m, &q, qi % 2 ? 20 : 7, what, &scored);
    }
    xa_linkage_index_free(ix);

    /* one record, all in one point, none at all */
    struct xa_linkage_hit h[4];
    size_t scored;
    ix = xa_linkage_index_new(r, 1);
    struct xa_linkage_rec q = r[5];
    assert_int_equal(xa_linkage_index_topk(ix, &m, &q, 4, h), 1);
    assert_int_equal(h[0].id, r[0].id);
    q.id = r[0].id;
    assert_int_equal(xa_linkage_index_topk(ix, &m, &q, 4, h), 0);
    assert_int_equal(xa_linkage_index_topk(ix, &m, &q, 0, h), 0);
    xa_linkage_index_free(ix);
    for (size_t i = 0; i < 50; i++)
        r[i].x = r[i].y = 5;
    ix = xa_linkage_index_new(r, 50);
    q.id = -1;
    check(r, 50, ix, &m, &q, 4, "all in one point", &scored);
    xa_linkage_index_free(ix);
    ix = xa_linkage_index_new(r, 0);
    assert_int_equal(xa_linkage_index_topk(ix, &m, &q, 4, h), 0);
    xa_linkage_index_free(ix);
    xa_linkage_index_free(NULL);
    free(r);
}

/* What the compact keys and cells must survive: one type spread over two centuries (a key
 * counts 68 years of seconds), over 4000 km (a key's float position), parents that differ
 * inside one type, records on the same point and second, MO tags, property classes and suspect
 * codes of the whole range (a cell folds them into fewer bits). */
static void test_extremes(void **state)
{
    (void)state;
    rng_state = 7;
    size_t n = 6000;
    struct xa_linkage_rec *r = malloc(n * sizeof(*r));
    for (size_t i = 0; i < n; i++) {
        random_rec(&r[i], (int64_t)i + 1);
        r[i].type = (uint16_t)(1 + i % 3);
        r[i].parent = (uint16_t)(rnd() % 3);
        if (i % 2) {
            memset(r[i].mo, 0, sizeof(r[i].mo));
            for (int t = 0; t < 3; t++)
                xa_linkage_rec_set_mo(&r[i], (unsigned)(rnd() % XA_LINKAGE_MO_MAX));
            r[i].prop = UINT64_C(1) << (rnd() % XA_LINKAGE_PROP_MAX);
            for (int s = 0; s < XA_LINKAGE_N_SUSPECT; s++)
                r[i].suspect[s] = (uint8_t)(rnd() % 10);
        }
        if (i % 3 == 0) {
            r[i].x = 4e6 * unif() - 2e6;
            r[i].y = 3e6 + 1e6 * unif();
        }
        if (i % 5 == 0) {
            r[i].t_from = (int64_t)(unif() * 200 * 365.25 * DAY) - INT64_C(3000000000);
            r[i].t_to = r[i].t_from + (int64_t)(unif() * 30 * DAY);
        }
        if (i % 7 == 0 && i > 0) {
            r[i].x = r[i - 1].x;
            r[i].y = r[i - 1].y;
            r[i].t_from = r[i - 1].t_from;
            r[i].t_to = r[i - 1].t_to;
        }
    }
    struct xa_linkage_index *ix = xa_linkage_index_new(r, n);
    struct xa_linkage_model m;
    model_with_rarity(&m);
    m.w[XA_LINKAGE_F_PROPERTY] = 5; /* what a cell says of them decides */
    m.w[XA_LINKAGE_F_SUSPECT] = 2;
    for (int qi = 0; qi < 120; qi++) {
        struct xa_linkage_rec q = r[rnd() % n];
        if (qi % 4 == 0)
            q.id = -1; /* an unindexed case on the same point as an indexed one */
        char what[64];
        size_t scored;
        snprintf(what, sizeof(what), "extreme query %d", qi);
        check(r, n, ix, &m, &q, qi % 2 ? 20 : 5, what, &scored);
    }
    xa_linkage_index_free(ix);
    free(r);
}

/* Many records on one point whose offset from its slab's origin a float cannot hold (a key's
 * position is rounded): with only distance counting they tie at the same score, and the index
 * must still give the brute force's first k by id, its slack covering the rounding. */
static void test_rounded_positions(void **state)
{
    (void)state;
    struct xa_linkage_model m;
    ties_only(&m);
    size_t n = 400;
    struct xa_linkage_rec *r = calloc(n, sizeof(*r));
    for (size_t i = 0; i < n; i++) {
        r[i].id = (int64_t)((i * 7919) % n) + 1;
        r[i].t_from = r[i].t_to = T0;
        if (i % 4) { /* on the point */
            r[i].x = 3123456.7;
            r[i].y = 1234567.3;
        } else { /* spread over 4000 km, so the slab's origin is far */
            r[i].x = -800000 + (double)i * 10000;
            r[i].y = (double)(i % 7) * 1000;
        }
    }
    struct xa_linkage_index *ix = xa_linkage_index_new(r, n);
    struct xa_linkage_rec q = r[1];
    q.id = -1;
    size_t scored;
    check(r, n, ix, &m, &q, 5, "rounded point, k 5", &scored);
    check(r, n, ix, &m, &q, 59, "rounded point, k 59", &scored);
    xa_linkage_index_free(ix);
    free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_index_equals_brute_force),
        cmocka_unit_test(test_ties_and_small_indexes),
        cmocka_unit_test(test_extremes),
        cmocka_unit_test(test_rounded_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
