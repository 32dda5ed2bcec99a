/*
 * linkage_test.c - the pairwise features (distance, days apart, time-of-day windows over
 * midnight, weekday, MO rarity, property, suspects), explanations that add up, training that
 * gives the same weights twice, probabilities that match held-out rates, AUC and AP.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "analysis/linkage.h"
#include "analysis/linkage_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define H 3600
#define DAY 86400
/* 2026-11-23T00:00:00+08:00, a Monday */
#define MON INT64_C(1795363200)

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

static double gauss(void)
{
    double u = unif() + 1e-12, v = unif();
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

/* Time-of-day overlap, local Shanghai clock times given as seconds after MON midnight. */
static void test_time_of_day_overlap(void **state)
{
    (void)state;
    static const struct {
        int64_t af, at, bf, bt;
        double want;
        const char *what;
    } cases[] = {
        {9 * H, 11 * H, 9 * H, 11 * H, 1.0, "the same window"},
        {9 * H, 11 * H, 10 * H, 12 * H, 0.5, "half overlapping"},
        {9 * H, 11 * H, 13 * H, 15 * H, 0.0, "apart"},
        {9 * H, 11 * H, DAY + 9 * H, DAY + 11 * H, 1.0, "same hours a day later"},
        {23 * H, DAY + 1 * H, 0, H / 2, 0.5, "over midnight against just after midnight"},
        {23 * H, DAY + 1 * H, 2 * DAY + 23 * H, 3 * DAY + 1 * H, 1.0, "both over midnight"},
        {22 * H, DAY + 2 * H, 23 * H, 23 * H, 0.25, "a point in time widens to one hour"},
        {10 * H, 10 * H, 10 * H + 30 * 60, 10 * H + 30 * 60, 0.5, "two points half an hour apart"},
        {0, 3 * DAY, 5 * H, 6 * H, 1.0 / 24, "a window of days covers the whole clock"},
        {23 * H + 30 * 60, DAY + 30 * 60, 30 * 60, 90 * 60, 0.0, "touching arcs do not overlap"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        double got = xa_linkage_circular_overlap(cases[i].af, cases[i].at, cases[i].bf, cases[i].bt,
                                                 DAY, XA_LINKAGE_MIN_TOD);
        double rev = xa_linkage_circular_overlap(cases[i].bf, cases[i].bt, cases[i].af, cases[i].at,
                                                 DAY, XA_LINKAGE_MIN_TOD);
        if (fabs(got - cases[i].want) > 1e-12 || got != rev)
            fail_msg("%s: got %g (reversed %g), want %g", cases[i].what, got, rev, cases[i].want);
    }
}

static struct xa_linkage_rec rec_at(double x, double y, int64_t from, int64_t to)
{
    struct xa_linkage_rec r = {0};
    r.x = x;
    r.y = y;
    r.t_from = MON + from; /* MON is Shanghai midnight: from and to are clock times */
    r.t_to = MON + to;
    return r;
}

static void test_features(void **state)
{
    (void)state;
    struct xa_linkage_model m;
    double f[XA_LINKAGE_NF], g[XA_LINKAGE_NF];
    xa_linkage_model_default(&m);
    m.mo_rarity[1] = 0.2; /* a common tag */
    m.mo_rarity[2] = 4.0; /* a rare one */

    struct xa_linkage_rec a = rec_at(0, 0, 22 * H, DAY + 2 * H); /* Monday night */
    struct xa_linkage_rec b = rec_at(300, 400, 7 * DAY + 23 * H, 8 * DAY + 1 * H);
    xa_linkage_features(&m, &a, &b, f);
    assert_float_equal(f[XA_LINKAGE_F_DIST], log1p(500.0 / 100), 1e-12);
    assert_float_equal(f[XA_LINKAGE_F_DAYS], log1p(7.0), 1e-12); /* midpoints a week apart */
    assert_float_equal(f[XA_LINKAGE_F_TOD], 0.5, 1e-12);         /* 2 h inside 4 h */
    assert_float_equal(f[XA_LINKAGE_F_WEEKDAY], 1.0, 1e-12);     /* Mon-Tue and Mon-Tue */
    assert_float_equal(f[XA_LINKAGE_F_TYPE], 0, 0);
    assert_float_equal(f[XA_LINKAGE_F_MO], 0, 0);
    assert_float_equal(f[XA_LINKAGE_F_MO_DIFF], 0, 0);

    /* Tuesday afternoon: other day of week */
    struct xa_linkage_rec c = rec_at(0, 0, DAY + 14 * H, DAY + 15 * H);
    struct xa_linkage_rec d = rec_at(0, 0, 3 * DAY + 14 * H, 3 * DAY + 15 * H); /* Thursday */
    xa_linkage_features(&m, &c, &d, f);
    assert_float_equal(f[XA_LINKAGE_F_WEEKDAY], 0, 0);
    assert_float_equal(f[XA_LINKAGE_F_DAYS], log1p(2.0), 1e-12);
    assert_float_equal(f[XA_LINKAGE_F_DIST], 0, 0);

    /* type and parent */
    a.type = 11, a.parent = 1, b.type = 11, b.parent = 1;
    xa_linkage_features(&m, &a, &b, f);
    assert_true(f[XA_LINKAGE_F_TYPE] == 1 && f[XA_LINKAGE_F_PARENT] == 0);
    b.type = 12;
    xa_linkage_features(&m, &a, &b, f);
    assert_true(f[XA_LINKAGE_F_TYPE] == 0 && f[XA_LINKAGE_F_PARENT] == 1);
    a.type = b.type = 0, a.parent = b.parent = 0; /* unknown is never "the same" */
    xa_linkage_features(&m, &a, &b, f);
    assert_true(f[XA_LINKAGE_F_TYPE] == 0 && f[XA_LINKAGE_F_PARENT] == 0);

    /* MO: a shared rare tag counts more than a shared common one */
    xa_linkage_rec_set_mo(&a, 1);
    xa_linkage_rec_set_mo(&b, 1);
    xa_linkage_features(&m, &a, &b, f);
    assert_float_equal(f[XA_LINKAGE_F_MO], 0.2, 1e-12);
    xa_linkage_rec_set_mo(&a, 2);
    xa_linkage_features(&m, &a, &b, f);
    assert_float_equal(f[XA_LINKAGE_F_MO], 0.2, 1e-12);
    assert_float_equal(f[XA_LINKAGE_F_MO_DIFF], 1, 0);
    xa_linkage_rec_set_mo(&b, 2);
    xa_linkage_rec_set_mo(&b, 100); /* second word of the bitset */
    xa_linkage_rec_set_mo(&a, 100);
    m.mo_rarity[100] = 1.5;
    xa_linkage_features(&m, &a, &b, f);
    assert_float_equal(f[XA_LINKAGE_F_MO], 5.7, 1e-12);
    assert_float_equal(f[XA_LINKAGE_F_MO_DIFF], 0, 0);
    assert_true(xa_linkage_rec_has_mo(&a, 100) && !xa_linkage_rec_has_mo(&a, 99));

    /* property classes: Jaccard; suspects: agree minus disagree over known slots */
    a.prop = 0x3, b.prop = 0x6;
    a.suspect[XA_LINKAGE_SUSPECT_SEX] = b.suspect[XA_LINKAGE_SUSPECT_SEX] = 1;
    a.suspect[XA_LINKAGE_SUSPECT_AGE] = 2, b.suspect[XA_LINKAGE_SUSPECT_AGE] = 3;
    a.suspect[XA_LINKAGE_SUSPECT_GROUP] = 2, b.suspect[XA_LINKAGE_SUSPECT_GROUP] = 2;
    a.suspect[XA_LINKAGE_SUSPECT_HEIGHT] = 4; /* unknown on b */
    xa_linkage_features(&m, &a, &b, f);
    assert_float_equal(f[XA_LINKAGE_F_PROPERTY], 1.0 / 3, 1e-12);
    assert_float_equal(f[XA_LINKAGE_F_SUSPECT], 1, 0);

    /* symmetric, and the explanation adds up to the score */
    xa_linkage_features(&m, &b, &a, g);
    assert_memory_equal(f, g, sizeof(f));
    double contrib[XA_LINKAGE_NF], s = xa_linkage_score(&m, &a, &b, contrib), sum = m.intercept;
    for (int j = 0; j < XA_LINKAGE_NF; j++) {
        sum += contrib[j];
        assert_float_equal(contrib[j], xa_linkage_contribution(&m, j, f[j]), 0);
        assert_true(contrib[j] <= xa_linkage_contribution_max(&m, j, f[j], INFINITY));
    }
    assert_float_equal(s, sum, 1e-12);
    assert_true(xa_linkage_prob(s) > 0 && xa_linkage_prob(s) < 1);
    assert_float_equal(xa_linkage_prob(0), 0.5, 0);
    assert_string_equal(xa_linkage_feature_name(XA_LINKAGE_F_MO), "mo");
}

/* A random pair member: some of every feature, sometimes many MO tags (beyond the query
 * tables), sometimes none. */
static void random_case(struct xa_linkage_rec *r)
{
    memset(r, 0, sizeof(*r));
    r->id = (int64_t)(rnd() % 1000);
    r->x = unif() * 20000, r->y = unif() * 20000;
    r->t_from = INT64_C(1700000000) + (int64_t)(unif() * 400 * 86400);
    r->t_to = r->t_from + (unif() < 0.4 ? 0 : (int64_t)(unif() * 30 * 3600));
    r->type = (uint16_t)(rnd() % 5), r->parent = (uint16_t)(r->type ? 1 + r->type / 3 : 0);
    int tags = unif() < 0.1 ? 12 : (int)(rnd() % 4);
    for (int k = 0; k < tags; k++)
        xa_linkage_rec_set_mo(r, (unsigned)(rnd() % 70));
    r->prop = unif() < 0.5 ? rnd() % 16 : 0;
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++)
        r->suspect[i] = unif() < 0.4 ? (uint8_t)(1 + rnd() % 3) : 0;
}

static void random_model(struct xa_linkage_model *m, int kind)
{
    xa_linkage_model_default(m);
    m->kind = kind;
    for (int t = 0; t < XA_LINKAGE_MO_MAX; t++)
        m->mo_rarity[t] = 0.3 + (double)(t % 9) * 0.7;
    for (int j = 0; j < XA_LINKAGE_NF; j++)
        for (int b = 0; b < XA_LINKAGE_MAX_BINS; b++) /* not monotone on purpose */
            m->table[j][b] = (double)((b * 5 + j * 3) % 7) - 3 - 0.3 * b;
}

/* What pruning relies on: xa_linkage_score_above gives the score bit for bit or a true "below",
 * the prepared query's bounds are never under the truth, and a contribution limit holds. */
static void test_bounds_for_pruning(void **state)
{
    (void)state;
    rng_state = 7;
    for (int kind = XA_LINKAGE_LOGIT; kind <= XA_LINKAGE_NB; kind++) {
        struct xa_linkage_model m;
        random_model(&m, kind);
        for (int i = 0; i < 3000; i++) {
            struct xa_linkage_rec q, b;
            random_case(&q);
            random_case(&b);
            struct xa_linkage_query qp;
            xa_linkage_query_prepare(&qp, &m, &q);
            double f[XA_LINKAGE_NF], exact = xa_linkage_score(&m, &q, &b, NULL), got = NAN;
            xa_linkage_features(&m, &q, &b, f);
            assert_true(xa_linkage_score_above(&qp, &b, -INFINITY, INFINITY, &got));
            assert_memory_equal(&got, &exact, sizeof(got));
            double floor = exact + (unif() - 0.5) * 4;
            if (xa_linkage_score_above(&qp, &b, floor, INFINITY, &got))
                assert_memory_equal(&got, &exact, sizeof(got));
            else
                assert_true(exact < floor);
            /* the bound of a group holding just b, plus b's exact distance and days */
            int agree = (int)f[XA_LINKAGE_F_SUSPECT];
            int untagged = !(b.mo[0] | b.mo[1]);
            double st = xa_linkage_contribution(&m, XA_LINKAGE_F_DIST, f[XA_LINKAGE_F_DIST]) +
                        xa_linkage_contribution(&m, XA_LINKAGE_F_DAYS, f[XA_LINKAGE_F_DAYS]);
            double gb = xa_linkage_query_bound(&qp, b.mo, untagged, q.type && q.type == b.type,
                                               q.parent && q.parent == b.parent,
                                               (q.prop & b.prop) != 0, agree);
            assert_true(gb + st >= exact - 1e-9);
            double sm = xa_linkage_space_time_max(
                &m, hypot(q.x - b.x, q.y - b.y),
                fabs((double)((q.t_from + q.t_to) / 2 - (b.t_from + b.t_to) / 2)));
            assert_true(sm >= st - 1e-6);
            /* the inlined bound of top-k search is the same number */
            assert_true(xa_linkage_query_space_time(&qp, hypot(q.x - b.x, q.y - b.y),
                                                    fabs((double)((q.t_from + q.t_to) / 2 -
                                                                  (b.t_from + b.t_to) / 2))) == sm);
            /* beyond its limit, a feature never reaches what was asked */
            int j = (int)(rnd() % XA_LINKAGE_NF);
            double need = (unif() - 0.5) * 8, lim = xa_linkage_contribution_limit(&m, j, need);
            if (isfinite(lim))
                for (double v = fmax(lim, 0) + 1e-6; v < fmax(lim, 0) + 20; v += 0.37)
                    assert_true(xa_linkage_contribution_max(&m, j, v, INFINITY) < need + 1e-12);
            else if (lim < 0)
                assert_true(xa_linkage_contribution_max(&m, j, 0, INFINITY) < need + 1e-12);
        }
    }
}

/* xa_linkage_query_space_time equals xa_linkage_space_time_max for distance and days weights
 * below, at and above 0 (a positive one has no finite bound: INFINITY from both). */
static void test_inlined_space_time_bound(void **state)
{
    (void)state;
    static const double w[] = {-1.7, -0.2, 0, 0.4};
    rng_state = 11;
    struct xa_linkage_rec q;
    random_case(&q);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++) {
            struct xa_linkage_model m;
            random_model(&m, XA_LINKAGE_LOGIT);
            m.w[XA_LINKAGE_F_DIST] = w[i];
            m.w[XA_LINKAGE_F_DAYS] = w[j];
            struct xa_linkage_query qp;
            xa_linkage_query_prepare(&qp, &m, &q);
            for (int k = 0; k < 200; k++) {
                double metres = k ? unif() * pow(10, (double)(k % 8)) : 0;
                double seconds = k % 3 ? floor(unif() * 86400 * pow(10, (double)(k % 5))) : 0;
                double want = xa_linkage_space_time_max(&m, metres, seconds);
                assert_true(xa_linkage_query_space_time(&qp, metres, seconds) == want);
            }
        }
}

/* Synthetic series: n_series offenders, each near a home, at a favourite hour, with a habit
 * (MO tag 0..5) and a rarer signature tag; plus lone crimes. */
struct synth {
    struct xa_linkage_rec *r;
    size_t n;
    struct xa_linkage_offence *links;
    size_t n_links;
};

static void synth_make(struct synth *s, uint64_t seed, size_t n_series, size_t n_lone)
{
    rng_state = seed;
    size_t cap = n_series * 8 + n_lone;
    s->r = calloc(cap, sizeof(*s->r));
    s->links = calloc(cap, sizeof(*s->links));
    s->n = s->n_links = 0;
    for (size_t o = 0; o < n_series + n_lone; o++) {
        double hx = unif() * 30000, hy = unif() * 30000;
        int64_t start = MON + (int64_t)(unif() * 365) * DAY, hour = (int64_t)(unif() * 24);
        unsigned habit = (unsigned)(rnd() % 6), sig = 6 + (unsigned)(rnd() % 60);
        size_t k = o < n_series ? 2 + rnd() % 6 : 1;
        for (size_t i = 0; i < k; i++) {
            struct xa_linkage_rec *r = &s->r[s->n];
            r->id = (int64_t)s->n;
            r->x = hx + gauss() * 800;
            r->y = hy + gauss() * 800;
            r->t_from =
                start + (int64_t)(unif() * 60) * DAY + hour * H + (int64_t)(gauss() * 1.5 * H);
            r->t_to = r->t_from + (int64_t)(unif() * 3 * H);
            xa_linkage_rec_set_mo(r, unif() < 0.8 ? habit : (unsigned)(rnd() % 6));
            if (unif() < 0.6)
                xa_linkage_rec_set_mo(r, sig);
            s->links[s->n_links++] = (struct xa_linkage_offence){(uint32_t)s->n, (uint32_t)o};
            s->n++;
        }
    }
}

static void synth_free(struct synth *s)
{
    free(s->r);
    free(s->links);
}

/* Linked pairs of a synth set (offences sorted by offender by construction). */
static struct xa_linkage_pair *synth_pairs(const struct synth *s, size_t *n)
{
    struct xa_linkage_pair *p = calloc(s->n_links * 8 + 1, sizeof(*p));
    *n = 0;
    for (size_t i = 0; i < s->n_links; i++)
        for (size_t j = i + 1; j < s->n_links && s->links[j].offender == s->links[i].offender; j++)
            p[(*n)++] = (struct xa_linkage_pair){s->links[i].crime, s->links[j].crime};
    return p;
}

static void test_training_is_reproducible(void **state)
{
    (void)state;
    struct synth s;
    synth_make(&s, 7, 60, 300);
    size_t n_p;
    struct xa_linkage_pair *p = synth_pairs(&s, &n_p);
    struct xa_linkage_model m1, m2, nb1, nb2;
    struct xa_linkage_train_opts o = {0};
    assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &m1), XA_OK);
    assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &m2), XA_OK);
    assert_memory_equal(&m1, &m2, sizeof(m1));
    /* what the data say: nearer, closer in time, same hours and shared habits link */
    assert_true(m1.w[XA_LINKAGE_F_DIST] < 0);
    assert_true(m1.w[XA_LINKAGE_F_DAYS] < 0);
    assert_true(m1.w[XA_LINKAGE_F_TOD] > 0);
    assert_true(m1.w[XA_LINKAGE_F_MO] > 0);
    assert_true(m1.w[XA_LINKAGE_F_TYPE] == 0);       /* no types in the data: no weight */
    assert_true(m1.mo_rarity[70] > m1.mo_rarity[0]); /* unseen tag rarer than a habit */

    o.kind = XA_LINKAGE_NB;
    assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &nb1), XA_OK);
    assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &nb2), XA_OK);
    assert_memory_equal(&nb1, &nb2, sizeof(nb1));
    assert_true(nb1.table[XA_LINKAGE_F_DIST][0] > nb1.table[XA_LINKAGE_F_DIST][8]);

    /* a sample of unlinked pairs instead of all: deterministic by seed, weights close */
    o.kind = XA_LINKAGE_LOGIT;
    o.max_pairs = 20000;
    o.seed = 3;
    assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &m2), XA_OK);
    assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &nb2), XA_OK);
    assert_memory_equal(&m2, &nb2, sizeof(m2));
    assert_int_equal(m2.n_pairs, 20000);
    assert_float_equal(m2.w[XA_LINKAGE_F_DIST], m1.w[XA_LINKAGE_F_DIST], 0.3);

    /* refusals */
    assert_int_equal(xa_linkage_train(s.r, s.n, p, 0, &o, &m2), XA_EINVAL);
    struct xa_linkage_pair bad = {0, (uint32_t)s.n};
    assert_int_equal(xa_linkage_train(s.r, s.n, &bad, 1, &o, &m2), XA_EINVAL);
    assert_int_equal(xa_linkage_train(s.r, 1, p, n_p, &o, &m2), XA_EINVAL);
    free(p);
    synth_free(&s);
}

/* An investigator's rejections teach: the unlinked pairs the model liked best, once rejected,
 * score lower after training with them, in both the full and the sampled fit; a rejection
 * of a pair also linked changes nothing (the series wins). */
static void test_rejections_feed_training(void **state)
{
    (void)state;
    struct synth s;
    synth_make(&s, 11, 60, 300);
    size_t n_p;
    struct xa_linkage_pair *p = synth_pairs(&s, &n_p);
    for (int sampled = 0; sampled <= 1; sampled++) {
        struct xa_linkage_train_opts o = {.max_pairs = sampled ? 20000 : 0, .seed = 5};
        struct xa_linkage_model before, after, again;
        assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &before), XA_OK);
        /* the 40 best-scored unlinked pairs: what an analyst would have been shown and refused */
        enum { N_REJ = 40 };
        struct xa_linkage_pair rej[N_REJ];
        double best[N_REJ];
        size_t n_rej = 0;
        for (uint32_t i = 0; i < s.n; i++)
            for (uint32_t j = i + 1; j < s.n; j++) {
                if (s.links[i].offender == s.links[j].offender)
                    continue;
                double sc = xa_linkage_score(&before, &s.r[i], &s.r[j], NULL);
                size_t k = n_rej < N_REJ ? n_rej++ : N_REJ;
                if (k == N_REJ) { /* replace the worst kept if this one is better */
                    size_t w = 0;
                    for (size_t x = 1; x < N_REJ; x++)
                        w = best[x] < best[w] ? x : w;
                    if (best[w] >= sc)
                        continue;
                    k = w;
                }
                rej[k] = (struct xa_linkage_pair){i, j};
                best[k] = sc;
            }
        o.rejected = rej;
        o.n_rejected = N_REJ;
        assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &after), XA_OK);
        assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &again), XA_OK);
        assert_memory_equal(&after, &again, sizeof(after));
        double sum_before = 0, sum_after = 0;
        for (size_t k = 0; k < N_REJ; k++) {
            sum_before += xa_linkage_score(&before, &s.r[rej[k].a], &s.r[rej[k].b], NULL);
            sum_after += xa_linkage_score(&after, &s.r[rej[k].a], &s.r[rej[k].b], NULL);
        }
        print_message("%s fit: rejected pairs' mean log-odds %.3f before, %.3f after\n",
                      sampled ? "sampled" : "full", sum_before / N_REJ, sum_after / N_REJ);
        assert_true(sum_after < sum_before - 0.1 * N_REJ);

        /* rejecting linked pairs (given either way round) is no rejection at all */
        struct xa_linkage_pair linked_rej[2] = {{p[0].b, p[0].a}, p[1]};
        o.rejected = linked_rej;
        o.n_rejected = 2;
        assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &again), XA_OK);
        assert_memory_equal(&before, &again, sizeof(before));
        struct xa_linkage_pair bad = {1, (uint32_t)s.n};
        o.rejected = &bad;
        o.n_rejected = 1;
        assert_int_equal(xa_linkage_train(s.r, s.n, p, n_p, &o, &again), XA_EINVAL);
    }
    free(p);
    synth_free(&s);
}

/* Held-out probabilities mean what they say: per bin, observed rate near the mean predicted. */
static void test_calibration_on_held_out_folds(void **state)
{
    (void)state;
    struct synth s;
    synth_make(&s, 11, 100, 600);
    struct xa_linkage_eval_opts o = {.folds = 5, .seed = 1};
    struct xa_linkage_eval_result res;
    assert_int_equal(xa_linkage_eval_run(s.r, s.n, s.links, s.n_links, &o, &res), XA_OK);
    assert_true(res.auc > 0.95);
    assert_true(res.ece < 0.002);
    double mean_p = 0, rate = 0;
    for (int b = 0; b < XA_LINKAGE_EVAL_BINS; b++) {
        mean_p += res.reliability[b].mean_p * (double)res.reliability[b].n;
        rate += res.reliability[b].rate * (double)res.reliability[b].n;
        if (res.reliability[b].n >= 200) /* enough pairs to judge the bin */
            assert_float_equal(res.reliability[b].rate, res.reliability[b].mean_p, 0.1);
    }
    assert_float_equal(mean_p / (double)res.pairs, rate / (double)res.pairs, 0.0005);
    assert_int_equal(res.pairs, s.n * (s.n - 1) / 2);

    /* the same seed, the same figures; hit@k only grows with k */
    struct xa_linkage_eval_result again;
    assert_int_equal(xa_linkage_eval_run(s.r, s.n, s.links, s.n_links, &o, &again), XA_OK);
    assert_memory_equal(&res, &again, sizeof(res));
    assert_true(res.hit_at_1 <= res.hit_at_10 && res.hit_at_10 <= res.hit_at_20);

    /* no links at all: nothing to learn */
    assert_int_equal(xa_linkage_eval_run(s.r, s.n, s.links, 0, &o, &again), XA_EINVAL);
    synth_free(&s);
}

static void test_auc_and_average_precision(void **state)
{
    (void)state;
    static const struct {
        double s[6];
        uint8_t y[6];
        size_t n;
        double auc, ap;
    } cases[] = {
        {{0.9, 0.8, 0.7, 0.6}, {1, 0, 1, 0}, 4, 0.75, (1.0 + 2.0 / 3) / 2},
        {{0.9, 0.8, 0.7, 0.6}, {1, 1, 0, 0}, 4, 1.0, 1.0},
        {{0.9, 0.8, 0.7, 0.6}, {0, 0, 1, 1}, 4, 0.0, (1.0 / 3 + 2.0 / 4) / 2},
        {{0.5, 0.5, 0.5, 0.5}, {1, 0, 0, 0}, 4, 0.5, 0.25}, /* all tied */
        {{0.7, 0.5, 0.5, 0.1, 0.2, 0.3}, {0, 1, 0, 1, 0, 0}, 6, 2.5 / 8, (1.0 / 3 + 2.0 / 6) / 2},
    };
    for (size_t i = 0; i < N(cases); i++) {
        double auc, ap;
        assert_int_equal(xa_linkage_eval_auc(cases[i].s, cases[i].y, cases[i].n, &auc, &ap), XA_OK);
        if (fabs(auc - cases[i].auc) > 1e-12 || fabs(ap - cases[i].ap) > 1e-12)
            fail_msg("case %zu: auc %g ap %g, want %g %g", i, auc, ap, cases[i].auc, cases[i].ap);
    }
    double auc, ap, s[2] = {1, 2};
    uint8_t y[2] = {1, 1};
    assert_int_equal(xa_linkage_eval_auc(s, y, 2, &auc, &ap), XA_EINVAL);
}

/* The local projection: a table of offsets from the origin and their expected metres. */
static void test_projection_gives_metres_east_and_north(void **state)
{
    (void)state;
    static const struct {
        double lat, lon, x, y, tol;
    } cases[] = {
        {30.0, 114.0, 0, 0, 1e-9},                   /* the origin itself */
        {30.0 + 1 / 111.19508, 114.0, 0, 1000, 0.5}, /* 1 km north */
        {30.0, 114.0 + 1 / 96.29628, 1000, 0, 0.5},  /* 1 km east at 30 degrees */
        {30.0, 114.0 - 1 / 96.29628, -1000, 0, 0.5}, /* 1 km west */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double x, y;
        xa_linkage_project(30.0, 114.0, cases[i].lat, cases[i].lon, &x, &y);
        assert_true(fabs(x - cases[i].x) <= cases[i].tol);
        assert_true(fabs(y - cases[i].y) <= cases[i].tol);
    }
    /* distances built on it: 400 m apart gives DIST = log(1 + 4) */
    struct xa_linkage_model m;
    struct xa_linkage_rec a = {.id = 1, .t_from = 0, .t_to = 3600};
    struct xa_linkage_rec b = a;
    double f[XA_LINKAGE_NF];
    xa_linkage_model_default(&m);
    b.id = 2;
    xa_linkage_project(30.0, 114.0, 30.0 + 0.4 / 111.19508, 114.0, &b.x, &b.y);
    xa_linkage_features(&m, &a, &b, f);
    assert_true(fabs(f[XA_LINKAGE_F_DIST] - log(5.0)) < 1e-3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time_of_day_overlap),
        cmocka_unit_test(test_projection_gives_metres_east_and_north),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_bounds_for_pruning),
        cmocka_unit_test(test_inlined_space_time_bound),
        cmocka_unit_test(test_training_is_reproducible),
        cmocka_unit_test(test_rejections_feed_training),
        cmocka_unit_test(test_calibration_on_held_out_folds),
        cmocka_unit_test(test_auc_and_average_precision),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
