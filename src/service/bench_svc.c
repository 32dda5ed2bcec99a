/*
 * bench_svc.c - the linkage top-k benchmark (bench_svc.h): seeded synthetic cases, the index
 * against the brute-force reference, medians of many queries. No store, no I/O.
 */
#include "service/bench_svc.h"

#include "analysis/linkage_index.h"
#include "base/mem.h"
#include "base/time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

static int by_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

static double quantile(double *v, size_t n, double q)
{
    qsort(v, n, sizeof(*v), by_double);
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

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
    double u = unif() + 1e-300, v = unif();
    return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

#define N_HOT 40
#define T_START INT64_C(1704038400) /* 2024-01-01 00:00 Shanghai */

/* A county of 40 km x 40 km: most cases around hotspots (town centres, markets), two years,
 * evenings and nights more likely, twelve types under four parents, a few of 40 MO tags
 * (common ones more often), property classes and sparse suspect descriptors. */
static void make_cases(struct xa_linkage_rec *r, size_t n, double hot[N_HOT][2])
{
    for (size_t i = 0; i < n; i++) {
        struct xa_linkage_rec *c = &r[i];
        memset(c, 0, sizeof(*c));
        c->id = (int64_t)i + 1;
        if (unif() < 0.75) {
            const double *h = hot[rnd() % N_HOT];
            c->x = h[0] + 900 * gauss();
            c->y = h[1] + 900 * gauss();
        } else {
            c->x = unif() * 40000;
            c->y = unif() * 40000;
        }
        int64_t day = (int64_t)(unif() * 730);
        int64_t tod =
            unif() < 0.6 ? (int64_t)((18 + unif() * 10) * 3600) % DAY : (int64_t)(unif() * DAY);
        c->t_from = T_START + day * DAY + tod;
        c->t_to = c->t_from + (unif() < 0.4 ? 0 : (int64_t)(unif() * 10 * 3600));
        c->type = (uint16_t)(1 + rnd() % 12);
        c->parent = (uint16_t)(1 + (c->type - 1) / 3);
        for (int k = 0; k < 3; k++)
            if (unif() < 0.6)
                xa_linkage_rec_set_mo(c, (unsigned)(rnd() % 40 * unif()));
        if (unif() < 0.5)
            c->prop = UINT64_C(1) << (rnd() % 12);
        for (int s = 0; s < XA_LINKAGE_N_SUSPECT; s++)
            c->suspect[s] = unif() < 0.2 ? (uint8_t)(1 + rnd() % 3) : 0;
    }
}

/* MO rarity from the cases, as training computes it: -log((c_t + 1) / (m + 2)). */
static void set_rarity(struct xa_linkage_model *m, const struct xa_linkage_rec *r, size_t n)
{
    size_t count[XA_LINKAGE_MO_MAX] = {0}, any = 0;
    for (size_t i = 0; i < n; i++) {
        bool has = false;
        for (unsigned t = 0; t < XA_LINKAGE_MO_MAX; t++)
            if (xa_linkage_rec_has_mo(&r[i], t)) {
                count[t]++;
                has = true;
            }
        any += has;
    }
    for (unsigned t = 0; t < XA_LINKAGE_MO_MAX; t++)
        m->mo_rarity[t] = -log(((double)count[t] + 1) / ((double)any + 2));
}

static bool same_hits(const struct xa_linkage_hit *a, size_t na, const struct xa_linkage_hit *b,
                      size_t nb)
{
    if (na != nb)
        return false;
    for (size_t i = 0; i < na; i++)
        if (a[i].id != b[i].id || a[i].score != b[i].score)
            return false;
    return true;
}

void xa_bench_svc_linkage(const struct xa_bench_linkage_opts *o,
                          struct xa_bench_linkage_result *out)
{
    uint64_t n = o->n, k = o->k, nq = o->queries, nb = o->brute < nq ? o->brute : nq;
    rng_state = o->seed;
    double hot[N_HOT][2];
    for (int i = 0; i < N_HOT; i++) {
        hot[i][0] = 3000 + unif() * 34000;
        hot[i][1] = 3000 + unif() * 34000;
    }
    struct xa_linkage_rec *r = xa_xmalloc(n * sizeof(*r));
    make_cases(r, n, hot);
    struct xa_linkage_model m;
    xa_linkage_model_default(&m);
    set_rarity(&m, r, n);

    double t0 = xa_time_mono();
    struct xa_linkage_index *ix = xa_linkage_index_new(r, n);
    double build_s = xa_time_mono() - t0;

    struct xa_linkage_hit *hits = xa_xmalloc(k * sizeof(*hits));
    struct xa_linkage_hit *ref = xa_xmalloc(k * sizeof(*ref));
    double *tq = xa_xmalloc(nq * sizeof(*tq));
    double *tb = xa_xmalloc((nb ? nb : 1) * sizeof(*tb));
    size_t scored = 0, agree = 0;
    for (uint64_t i = 0; i < nq; i++) {
        const struct xa_linkage_rec *q = &r[rnd() % n];
        size_t ns;
        t0 = xa_time_mono();
        size_t got = xa_linkage_index_topk_stats(ix, &m, q, k, hits, &ns);
        tq[i] = xa_time_mono() - t0;
        scored += ns;
        if (i < nb) {
            t0 = xa_time_mono();
            size_t want = xa_linkage_index_brute(r, n, &m, q, k, ref);
            tb[i] = xa_time_mono() - t0;
            agree += same_hits(hits, got, ref, want);
        }
    }
    double p99 = quantile(tq, nq, 0.99), median = quantile(tq, nq, 0.5);
    double brute = nb ? quantile(tb, nb, 0.5) : 0;
    out->build_s = build_s;
    out->bytes_per_case = (double)xa_linkage_index_bytes(ix) / (double)n;
    out->median_ms = median * 1e3;
    out->p99_ms = p99 * 1e3;
    out->brute_median_ms = brute * 1e3;
    out->scored_mean = (double)scored / (double)nq;
    out->agree = agree == nb;
    xa_linkage_index_free(ix);
    free(r);
    free(hits);
    free(ref);
    free(tq);
    free(tb);
}
