/*
 * linkage_eval.c - cross-validation of the linkage model by offender group, and its figures.
 *
 * Pair (i, j), i < j, lives at tri(i, j) of one packed upper-triangular array of scores, and
 * pairs are visited in that order everywhere, so the figures are the same on every run.
 */
#include "analysis/linkage_eval.h"

#include "base/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static size_t tri(size_t n, size_t i, size_t j)
{
    return i * (2 * n - i - 1) / 2 + (j - i - 1);
}

static uint32_t find(uint32_t *parent, uint32_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

static int offence_cmp(const void *x, const void *y)
{
    const struct xa_linkage_offence *a = x, *b = y;
    if (a->offender != b->offender)
        return a->offender < b->offender ? -1 : 1;
    return a->crime < b->crime ? -1 : a->crime > b->crime;
}

static int pair_cmp(const void *x, const void *y)
{
    const struct xa_linkage_pair *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static int dbl_cmp(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Number of v[0..n) (sorted ascending) below t, and at most t. */
static size_t count_below(const double *v, size_t n, double t, int inclusive)
{
    size_t a = 0, b = n;
    while (a < b) {
        size_t h = a + (b - a) / 2;
        if (v[h] < t || (inclusive && v[h] == t))
            a = h + 1;
        else
            b = h;
    }
    return a;
}

/* AUC and AP from all scores (sorted in place) and the positives' scores (sorted in place). */
static void rank_metrics(double *all, size_t n, double *pos, size_t n_pos, double *auc, double *ap)
{
    qsort(all, n, sizeof(double), dbl_cmp);
    qsort(pos, n_pos, sizeof(double), dbl_cmp);
    double n_neg = (double)(n - n_pos), u = 0, sum = 0;
    for (size_t i = 0; i < n_pos; i++) {
        double s = pos[i];
        size_t all_lt = count_below(all, n, s, 0), all_le = count_below(all, n, s, 1);
        size_t pos_lt = count_below(pos, n_pos, s, 0), pos_le = count_below(pos, n_pos, s, 1);
        u += (double)(all_lt - pos_lt) + 0.5 * (double)((all_le - all_lt) - (pos_le - pos_lt));
    }
    /* thresholds at the distinct positive scores, highest first */
    for (size_t i = n_pos; i > 0;) {
        double t = pos[i - 1];
        size_t pos_lt = count_below(pos, n_pos, t, 0);
        double tp = (double)(n_pos - pos_lt);
        double all_ge = (double)(n - count_below(all, n, t, 0));
        sum += (double)(i - pos_lt) / (double)n_pos * (tp / all_ge);
        i = pos_lt;
    }
    *auc = u / ((double)n_pos * n_neg);
    *ap = sum;
}

int xa_linkage_eval_auc(const double *score, const uint8_t *y, size_t n, double *auc, double *ap)
{
    size_t n_pos = 0;
    for (size_t i = 0; i < n; i++)
        n_pos += y[i] != 0;
    if (!n_pos || n_pos == n)
        return XA_EINVAL;
    double *all = xa_xmalloc(n * sizeof(double)), *pos = xa_xmalloc(n_pos * sizeof(double));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        all[i] = score[i];
        if (y[i])
            pos[k++] = score[i];
    }
    rank_metrics(all, n, pos, n_pos, auc, ap);
    free(all);
    free(pos);
    return XA_OK;
}

/* Linked pairs (a < b, sorted, unique) from offence links sorted by offender. */
static struct xa_linkage_pair *linked_pairs(const struct xa_linkage_offence *lk, size_t n_lk,
                                            size_t *n_out)
{
    size_t cap = 16, n = 0;
    struct xa_linkage_pair *p = xa_xmalloc(cap * sizeof(*p));
    for (size_t s = 0; s < n_lk;) {
        size_t e = s;
        while (e < n_lk && lk[e].offender == lk[s].offender)
            e++;
        for (size_t i = s; i < e; i++)
            for (size_t j = i + 1; j < e; j++) {
                if (lk[i].crime == lk[j].crime)
                    continue;
                if (n == cap)
                    p = xa_xrealloc(p, (cap *= 2) * sizeof(*p));
                uint32_t a = lk[i].crime, b = lk[j].crime;
                p[n++] = (struct xa_linkage_pair){a < b ? a : b, a < b ? b : a};
            }
        s = e;
    }
    qsort(p, n, sizeof(*p), pair_cmp);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || pair_cmp(&p[u - 1], &p[i]))
            p[u++] = p[i];
    *n_out = u;
    return p;
}

struct root_key {
    uint64_t key;
    uint32_t root;
};

/* Groups (by union-find root) dealt to folds: shuffled, each to the smallest fold so far. */
static void deal_folds(uint32_t *parent, size_t n, unsigned folds, uint64_t seed, int *fold)
{
    size_t *size = xa_xcalloc(n, sizeof(size_t)), n_roots = 0;
    struct root_key *roots = xa_xmalloc(n * sizeof(*roots));
    for (uint32_t i = 0; i < n; i++)
        size[find(parent, i)]++;
    for (uint32_t i = 0; i < n; i++)
        if (find(parent, i) == i) {
            roots[n_roots].key = splitmix(&seed);
            roots[n_roots++].root = i;
        }
    /* insertion sort: a total order (key, root), whatever qsort does with equal keys */
    for (size_t i = 1; i < n_roots; i++) {
        struct root_key t = roots[i];
        size_t j = i;
        for (; j > 0 && (roots[j - 1].key > t.key ||
                         (roots[j - 1].key == t.key && roots[j - 1].root > t.root));
             j--)
            roots[j] = roots[j - 1];
        roots[j] = t;
    }
    size_t fill[64] = {0};
    int *root_fold = xa_xmalloc(n * sizeof(int));
    for (size_t i = 0; i < n_roots; i++) {
        unsigned best = 0;
        for (unsigned f = 1; f < folds; f++)
            if (fill[f] < fill[best])
                best = f;
        fill[best] += size[roots[i].root];
        root_fold[roots[i].root] = (int)best;
    }
    for (uint32_t i = 0; i < n; i++)
        fold[i] = root_fold[find(parent, i)];
    free(root_fold);
    free(roots);
    free(size);
}

static void calibration(const double *score, const struct xa_linkage_pair *lk, size_t n_lk,
                        size_t n, struct xa_linkage_eval_result *out)
{
    double sum_p[XA_LINKAGE_EVAL_BINS] = {0}, sum_y[XA_LINKAGE_EVAL_BINS] = {0}, brier = 0;
    size_t k = 0, idx = 0;
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = i + 1; j < n; j++, idx++) {
            int y = k < n_lk && lk[k].a == i && lk[k].b == j;
            k += (size_t)y;
            double p = xa_linkage_prob(score[idx]);
            int b = (int)(p * XA_LINKAGE_EVAL_BINS);
            b = b >= XA_LINKAGE_EVAL_BINS ? XA_LINKAGE_EVAL_BINS - 1 : b;
            out->reliability[b].n++;
            sum_p[b] += p;
            sum_y[b] += y;
            brier += (p - y) * (p - y);
        }
    double ece = 0;
    for (int b = 0; b < XA_LINKAGE_EVAL_BINS; b++) {
        size_t c = out->reliability[b].n;
        out->reliability[b].mean_p = c ? sum_p[b] / (double)c : 0;
        out->reliability[b].rate = c ? sum_y[b] / (double)c : 0;
        ece += (double)c * fabs(out->reliability[b].mean_p - out->reliability[b].rate);
    }
    out->brier = brier / (double)idx;
    out->ece = ece / (double)idx;
}

/* Whether the query q's best-ranked linked crime is in its top 1, 10, 20. */
static void hits(const double *score, size_t n, const struct xa_linkage_pair *lk, size_t n_lk,
                 const uint8_t *is_query, struct xa_linkage_eval_result *out)
{
    uint8_t *linked = xa_xcalloc(n, 1);
    size_t h1 = 0, h10 = 0, h20 = 0;
    for (uint32_t q = 0; q < n; q++) {
        if (!is_query[q])
            continue;
        memset(linked, 0, n);
        for (size_t k = 0; k < n_lk; k++)
            if (lk[k].a == q || lk[k].b == q)
                linked[lk[k].a == q ? lk[k].b : lk[k].a] = 1;
        /* best linked crime: highest score, then lowest index */
        double best = -INFINITY;
        uint32_t best_c = UINT32_MAX;
        for (uint32_t c = 0; c < n; c++) {
            if (c == q || !linked[c])
                continue;
            double s = score[q < c ? tri(n, q, c) : tri(n, c, q)];
            if (best_c == UINT32_MAX || s > best) {
                best = s;
                best_c = c;
            }
        }
        size_t rank = 0;
        for (uint32_t c = 0; c < n; c++) {
            if (c == q)
                continue;
            double s = score[q < c ? tri(n, q, c) : tri(n, c, q)];
            rank += s > best || (s == best && c < best_c);
        }
        h1 += rank < 1;
        h10 += rank < 10;
        h20 += rank < 20;
    }
    out->hit_at_1 = out->queries ? (double)h1 / (double)out->queries : 0;
    out->hit_at_10 = out->queries ? (double)h10 / (double)out->queries : 0;
    out->hit_at_20 = out->queries ? (double)h20 / (double)out->queries : 0;
    free(linked);
}

int xa_linkage_eval_run(const struct xa_linkage_rec *r, size_t n,
                        const struct xa_linkage_offence *links, size_t n_links,
                        const struct xa_linkage_eval_opts *opts, struct xa_linkage_eval_result *out)
{
    struct xa_linkage_eval_opts o = *opts;
    struct xa_linkage_eval_result res;
    struct xa_linkage_offence *lk = NULL;
    struct xa_linkage_pair *pairs = NULL, *fold_pairs = NULL;
    struct xa_linkage_model *models = NULL;
    struct xa_linkage_rec *fold_rec = NULL;
    uint32_t *parent = NULL, *local = NULL;
    int *fold = NULL;
    uint8_t *is_query = NULL;
    double *score = NULL, *pos = NULL;
    size_t n_pairs = 0;
    int rc = XA_EINVAL;

    if (!o.folds)
        o.folds = 5;
    if (n < 2 || n > XA_LINKAGE_EVAL_MAX_CRIMES || o.folds < 2 || o.folds > 64)
        goto out;
    memset(&res, 0, sizeof(res));
    lk = xa_xmalloc((n_links ? n_links : 1) * sizeof(*lk));
    for (size_t i = 0; i < n_links; i++) {
        if (links[i].crime >= n)
            goto out;
        lk[i] = links[i];
    }
    qsort(lk, n_links, sizeof(*lk), offence_cmp);
    pairs = linked_pairs(lk, n_links, &n_pairs);
    if (!n_pairs)
        goto out;

    parent = xa_xmalloc(n * sizeof(*parent));
    for (uint32_t i = 0; i < n; i++)
        parent[i] = i;
    for (size_t k = 0; k < n_pairs; k++)
        parent[find(parent, pairs[k].a)] = find(parent, pairs[k].b);
    fold = xa_xmalloc(n * sizeof(*fold));
    deal_folds(parent, n, o.folds, o.seed, fold);

    /* one model per fold, trained on the other folds */
    models = xa_xcalloc(o.folds, sizeof(*models));
    fold_rec = xa_xmalloc(n * sizeof(*fold_rec));
    fold_pairs = xa_xmalloc(n_pairs * sizeof(*fold_pairs));
    local = xa_xmalloc(n * sizeof(*local));
    for (unsigned f = 0; f < o.folds; f++) {
        size_t m = 0, mp = 0;
        for (uint32_t i = 0; i < n; i++)
            if (fold[i] != (int)f) {
                local[i] = (uint32_t)m;
                fold_rec[m++] = r[i];
            }
        for (size_t k = 0; k < n_pairs; k++)
            if (fold[pairs[k].a] != (int)f && fold[pairs[k].b] != (int)f)
                fold_pairs[mp++] = (struct xa_linkage_pair){local[pairs[k].a], local[pairs[k].b]};
        rc = xa_linkage_train(fold_rec, m, fold_pairs, mp, &o.train, &models[f]);
        if (rc)
            goto out;
    }
    rc = XA_EINVAL;

    size_t n_all = n * (n - 1) / 2, idx = 0;
    score = xa_xmalloc(n_all * sizeof(double));
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = i + 1; j < n; j++, idx++) {
            double s = xa_linkage_score(&models[fold[i]], &r[i], &r[j], NULL);
            if (fold[i] != fold[j])
                s = 0.5 * (s + xa_linkage_score(&models[fold[j]], &r[i], &r[j], NULL));
            score[idx] = s;
        }

    is_query = xa_xcalloc(n, 1);
    for (size_t k = 0; k < n_pairs; k++)
        is_query[pairs[k].a] = is_query[pairs[k].b] = 1;
    res.crimes = n;
    res.pairs = n_all;
    res.linked_pairs = n_pairs;
    for (size_t i = 0; i < n; i++)
        res.queries += is_query[i];
    hits(score, n, pairs, n_pairs, is_query, &res);
    calibration(score, pairs, n_pairs, n, &res);
    res.fold_model[0] = models[0];
    res.fold_model[1] = models[1];

    pos = xa_xmalloc(n_pairs * sizeof(double));
    for (size_t k = 0; k < n_pairs; k++)
        pos[k] = score[tri(n, pairs[k].a, pairs[k].b)];
    if (n_pairs < n_all)
        rank_metrics(score, n_all, pos, n_pairs, &res.auc, &res.average_precision);
    *out = res;
    rc = XA_OK;
out:
    free(pos);
    free(score);
    free(is_query);
    free(local);
    free(fold_pairs);
    free(fold_rec);
    free(models);
    free(fold);
    free(parent);
    free(pairs);
    free(lk);
    return rc;
}
