/*
 * linkage.c - pairwise features of two cases, the linkage model and its training.
 *
 * Invariants: every feature is symmetric in its two records; a score is the intercept plus
 * the features' contributions added in feature order, so the same pair gives the same bits
 * wherever it is scored (the top-k index relies on this to match a brute-force scan);
 * training visits pairs in a fixed order and uses no clock or global state, so the same data
 * give the same model.
 */
#include "analysis/linkage.h"

#include "base/mem.h"
#include "base/time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define WEEK (7 * DAY)
#define NP (XA_LINKAGE_NF + 1) /* parameters of the logistic model: intercept + weights */
#define NB_ALPHA 0.5           /* Laplace smoothing of naive-Bayes bin counts */

static const char *const feature_names[XA_LINKAGE_NF] = {
    "dist", "days", "tod", "weekday", "type", "parent", "mo", "mo_diff", "property", "suspect",
};

/* Naive-Bayes bin edges on each feature's own scale, ascending; bin = number of edges <= f.
 * DIST edges are log(1 + d/100) for d = 100 m, 250 m, 500 m, 1, 2, 4, 8, 16 km; DAYS edges are
 * log(1 + days) for 1, 3, 7, 14, 30, 60, 120, 365, 730 days. */
static const struct {
    int n;
    double e[XA_LINKAGE_MAX_BINS - 1];
} nb_edges[XA_LINKAGE_NF] = {
    [XA_LINKAGE_F_DIST] = {8,
                           {0.6931471805599453, 1.252762968495368, 1.791759469228055,
                            2.3978952727983707, 3.044522437723423, 3.713572066704308,
                            4.394449154672439, 5.081404364984463}},
    [XA_LINKAGE_F_DAYS] = {9,
                           {0.6931471805599453, 1.3862943611198906, 2.0794415416798357,
                            2.70805020110221, 3.4339872044851463, 4.110873864173311,
                            4.795790545596741, 5.902633333401366, 6.594413459749778}},
    [XA_LINKAGE_F_TOD] = {5, {1e-9, 0.25, 0.5, 0.75, 0.999}},
    [XA_LINKAGE_F_WEEKDAY] = {3, {1e-9, 0.5, 0.999}},
    [XA_LINKAGE_F_TYPE] = {1, {0.5}},
    [XA_LINKAGE_F_PARENT] = {1, {0.5}},
    [XA_LINKAGE_F_MO] = {8, {1e-9, 1, 2, 3, 4, 6, 8, 11}},
    [XA_LINKAGE_F_MO_DIFF] = {6, {0.5, 1.5, 2.5, 3.5, 4.5, 6.5}},
    [XA_LINKAGE_F_PROPERTY] = {4, {1e-9, 0.34, 0.67, 0.999}},
    [XA_LINKAGE_F_SUSPECT] = {5, {-1.5, -0.5, 0.5, 1.5, 2.5}},
};

const char *xa_linkage_feature_name(int feature)
{
    return feature >= 0 && feature < XA_LINKAGE_NF ? feature_names[feature] : "?";
}

void xa_linkage_rec_set_mo(struct xa_linkage_rec *r, unsigned t)
{
    if (t < XA_LINKAGE_MO_MAX)
        r->mo[t / 64] |= UINT64_C(1) << (t % 64);
}

int xa_linkage_rec_has_mo(const struct xa_linkage_rec *r, unsigned t)
{
    return t < XA_LINKAGE_MO_MAX && (r->mo[t / 64] >> (t % 64)) & 1;
}

static int64_t floor_mod(int64_t a, int64_t m)
{
    int64_t r = a % m;
    return r < 0 ? r + m : r;
}

static int64_t floor_div(int64_t a, int64_t m)
{
    return (a - floor_mod(a, m)) / m;
}

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
    return a < b ? a : b;
}

/* Start on [0, period) and length (<= period) of a window folded onto the circle. */
static void arc(int64_t from, int64_t to, int64_t period, int64_t min_len, int64_t *start,
                int64_t *len)
{
    int64_t l = to > from ? to - from : 0;
    if (l < min_len) {
        from = from + l / 2 - min_len / 2;
        l = min_len;
    }
    if (l >= period) {
        *start = 0;
        *len = period;
        return;
    }
    *start = floor_mod(from, period);
    *len = l;
}

double xa_linkage_circular_overlap(int64_t a_from, int64_t a_to, int64_t b_from, int64_t b_to,
                                   int64_t period, int64_t min_len)
{
    int64_t as, al, bs, bl, inter = 0;
    arc(a_from, a_to, period, min_len, &as, &al);
    arc(b_from, b_to, period, min_len, &bs, &bl);
    if (al == period || bl == period) {
        inter = min64(al, bl);
    } else {
        for (int k = -1; k <= 1; k++) {
            int64_t lo = max64(as, bs + k * period), hi = min64(as + al, bs + k * period + bl);
            if (hi > lo)
                inter += hi - lo;
        }
    }
    int64_t denom = max64(al, bl);
    return denom > 0 ? (double)inter / (double)denom : 0.0;
}

/* Weekday overlap: each window is widened to the whole Shanghai days it touches. */
static double weekday_overlap(const struct xa_linkage_rec *a, const struct xa_linkage_rec *b)
{
    int64_t af = floor_div(a->t_from + XA_TIME_CN_OFFSET, DAY) * DAY;
    int64_t at = floor_div(a->t_to + XA_TIME_CN_OFFSET, DAY) * DAY + DAY;
    int64_t bf = floor_div(b->t_from + XA_TIME_CN_OFFSET, DAY) * DAY;
    int64_t bt = floor_div(b->t_to + XA_TIME_CN_OFFSET, DAY) * DAY + DAY;
    /* 1970-01-01 was a Thursday; the circle's phase does not matter for an overlap. */
    return xa_linkage_circular_overlap(af, at, bf, bt, WEEK, DAY);
}

static int64_t mid(const struct xa_linkage_rec *r)
{
    return r->t_from + (r->t_to - r->t_from) / 2;
}

/* The MO feature of tag sets a and b: the rarity of their shared tags, added in tag order. */
static double mo_shared(const struct xa_linkage_model *m, const uint64_t *a, const uint64_t *b)
{
    double shared = 0;
    for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++)
        for (uint64_t both = a[w] & b[w]; both; both &= both - 1)
            shared += m->mo_rarity[w * 64 + __builtin_ctzll(both)];
    return shared;
}

/* The categorical features: type, parent, MO, MO_DIFF, PROPERTY, SUSPECT. */
static void features_categorical(const struct xa_linkage_model *m, const struct xa_linkage_rec *a,
                                 const struct xa_linkage_rec *b, double *out)
{
    out[XA_LINKAGE_F_TYPE] = a->type && a->type == b->type;
    out[XA_LINKAGE_F_PARENT] = a->type != b->type && a->parent && a->parent == b->parent;

    int any_a = 0, any_b = 0, diff = 0;
    for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++) {
        any_a |= a->mo[w] != 0;
        any_b |= b->mo[w] != 0;
        diff += __builtin_popcountll(a->mo[w] ^ b->mo[w]);
    }
    out[XA_LINKAGE_F_MO] = mo_shared(m, a->mo, b->mo);
    out[XA_LINKAGE_F_MO_DIFF] = any_a && any_b ? diff : 0;

    if (a->prop && b->prop)
        out[XA_LINKAGE_F_PROPERTY] = (double)__builtin_popcountll(a->prop & b->prop) /
                                     (double)__builtin_popcountll(a->prop | b->prop);
    else
        out[XA_LINKAGE_F_PROPERTY] = 0;

    int agree = 0;
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++)
        if (a->suspect[i] && b->suspect[i])
            agree += a->suspect[i] == b->suspect[i] ? 1 : -1;
    out[XA_LINKAGE_F_SUSPECT] = agree;
}

/* Distance and time apart. */
static void features_space_time(const struct xa_linkage_rec *a, const struct xa_linkage_rec *b,
                                double *out)
{
    double dx = a->x - b->x, dy = a->y - b->y;
    out[XA_LINKAGE_F_DIST] = log1p(sqrt(dx * dx + dy * dy) / 100.0);
    int64_t ma = mid(a), mb = mid(b);
    out[XA_LINKAGE_F_DAYS] = log1p((double)(ma > mb ? ma - mb : mb - ma) / (double)DAY);
}

/* The two on the clock, which cost the most. */
static void features_clock(const struct xa_linkage_rec *a, const struct xa_linkage_rec *b,
                           double *out)
{
    out[XA_LINKAGE_F_TOD] = xa_linkage_circular_overlap(
        a->t_from + XA_TIME_CN_OFFSET, a->t_to + XA_TIME_CN_OFFSET, b->t_from + XA_TIME_CN_OFFSET,
        b->t_to + XA_TIME_CN_OFFSET, DAY, XA_LINKAGE_MIN_TOD);
    out[XA_LINKAGE_F_WEEKDAY] = weekday_overlap(a, b);
}

void xa_linkage_features(const struct xa_linkage_model *m, const struct xa_linkage_rec *a,
                         const struct xa_linkage_rec *b, double *out)
{
    features_space_time(a, b, out);
    features_categorical(m, a, b, out);
    features_clock(a, b, out);
}

static int nb_bin(int j, double f)
{
    int b = 0;
    while (b < nb_edges[j].n && f >= nb_edges[j].e[b])
        b++;
    return b;
}

double xa_linkage_contribution(const struct xa_linkage_model *m, int j, double f)
{
    if (m->kind == XA_LINKAGE_NB)
        return m->table[j][nb_bin(j, f)];
    return m->w[j] * f;
}

double xa_linkage_contribution_max(const struct xa_linkage_model *m, int j, double lo, double hi)
{
    if (m->kind == XA_LINKAGE_NB) {
        int b0 = nb_bin(j, lo), b1 = isinf(hi) ? nb_edges[j].n : nb_bin(j, hi);
        double best = m->table[j][b0];
        for (int b = b0 + 1; b <= b1; b++)
            if (m->table[j][b] > best)
                best = m->table[j][b];
        return best;
    }
    double w = m->w[j];
    if (w == 0)
        return 0;
    if (w > 0)
        return isinf(hi) ? INFINITY : w * hi;
    return w * lo;
}

double xa_linkage_contribution_limit(const struct xa_linkage_model *m, int j, double need)
{
    if (m->kind == XA_LINKAGE_NB) {
        /* the best contribution from bin b on only falls as b grows */
        int n = nb_edges[j].n, b = n + 1;
        double best = -INFINITY;
        while (b > 0 && fmax(best, m->table[j][b - 1]) < need)
            best = fmax(best, m->table[j][--b]);
        if (b == n + 1)
            return INFINITY;
        return b == 0 ? -INFINITY : nextafter(nb_edges[j].e[b - 1], -INFINITY);
    }
    double w = m->w[j];
    if (w > 0)
        return INFINITY;
    if (w == 0)
        return need > 0 ? -INFINITY : INFINITY;
    return need / w;
}

/* The sum of the intercept and the contributions in feature order: the one way a score is
 * added up, so that the same pair gives the same bits wherever it is scored. */
static double sum_contributions(const struct xa_linkage_model *m, const double *f, double *contrib)
{
    double s = m->intercept;
    for (int j = 0; j < XA_LINKAGE_NF; j++) {
        double c = xa_linkage_contribution(m, j, f[j]);
        if (contrib)
            contrib[j] = c;
        s += c;
    }
    return s;
}

double xa_linkage_score(const struct xa_linkage_model *m, const struct xa_linkage_rec *a,
                        const struct xa_linkage_rec *b, double *contrib)
{
    double f[XA_LINKAGE_NF];
    xa_linkage_features(m, a, b, f);
    return sum_contributions(m, f, contrib);
}

double xa_linkage_space_time_max(const struct xa_linkage_model *m, double metres, double seconds)
{
    return xa_linkage_contribution_max(m, XA_LINKAGE_F_DIST, xa_linkage_log1p_floor(metres / 100.0),
                                       INFINITY) +
           xa_linkage_contribution_max(m, XA_LINKAGE_F_DAYS,
                                       xa_linkage_log1p_floor(seconds / (double)DAY), INFINITY);
}

static int clearly_below(double bound, double floor)
{
    return bound + 1e-9 * (1 + fabs(bound)) < floor;
}

void xa_linkage_query_prepare(struct xa_linkage_query *qp, const struct xa_linkage_model *m,
                              const struct xa_linkage_rec *q)
{
    memset(qp, 0, sizeof(*qp));
    qp->m = m;
    qp->q = q;
    qp->fixed = m->intercept + xa_linkage_contribution_max(m, XA_LINKAGE_F_TOD, 0, 1) +
                xa_linkage_contribution_max(m, XA_LINKAGE_F_WEEKDAY, 0, 1);
    for (int v = 0; v <= 1; v++) {
        qp->type[v] = xa_linkage_contribution(m, XA_LINKAGE_F_TYPE, v);
        qp->parent[v] = xa_linkage_contribution(m, XA_LINKAGE_F_PARENT, v);
        qp->type_max[v] = xa_linkage_contribution_max(m, XA_LINKAGE_F_TYPE, 0, v);
        qp->parent_max[v] = xa_linkage_contribution_max(m, XA_LINKAGE_F_PARENT, 0, v);
        qp->prop_max[v] = xa_linkage_contribution_max(m, XA_LINKAGE_F_PROPERTY, 0, v);
    }
    int n = 0;
    for (unsigned t = 0; t < XA_LINKAGE_MO_MAX; t++)
        if (xa_linkage_rec_has_mo(q, t)) {
            if (n < XA_LINKAGE_QUERY_TAGS)
                qp->tag[n] = (uint8_t)t;
            n++;
        }
    qp->n_tags = n <= XA_LINKAGE_QUERY_TAGS ? n : -1;
    for (unsigned set = 0; qp->n_tags >= 0 && set < 1u << qp->n_tags; set++) {
        double shared = 0; /* in tag order, as features_categorical adds them */
        for (int i = 0; i < qp->n_tags; i++)
            if (set >> i & 1)
                shared += m->mo_rarity[qp->tag[i]];
        qp->mo[set] = xa_linkage_contribution(m, XA_LINKAGE_F_MO, shared);
        double best = 0;
        for (int i = 0; i < qp->n_tags; i++)
            if (set >> i & 1)
                best += m->mo_rarity[qp->tag[i]] > 0 ? m->mo_rarity[qp->tag[i]] : 0;
        qp->mo_max[set] = xa_linkage_contribution_max(m, XA_LINKAGE_F_MO, 0, best);
    }
    for (int d = 0; d <= XA_LINKAGE_MO_MAX; d++) {
        qp->mo_diff[d] = xa_linkage_contribution(m, XA_LINKAGE_F_MO_DIFF, d);
        qp->mo_diff_max[d] =
            xa_linkage_contribution_max(m, XA_LINKAGE_F_MO_DIFF, d, n ? XA_LINKAGE_MO_MAX : 0);
    }
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++)
        qp->known += q->suspect[i] != 0;
    /* contribution_max over [f, INFINITY) of a weight w <= 0 is w * f, of w = 0 is 0 */
    qp->st_linear =
        m->kind == XA_LINKAGE_LOGIT && m->w[XA_LINKAGE_F_DIST] <= 0 && m->w[XA_LINKAGE_F_DAYS] <= 0;
    qp->st_w[0] = m->w[XA_LINKAGE_F_DIST];
    qp->st_w[1] = m->w[XA_LINKAGE_F_DAYS];
    for (int a = -XA_LINKAGE_N_SUSPECT; a <= XA_LINKAGE_N_SUSPECT; a++) {
        qp->suspect[a + XA_LINKAGE_N_SUSPECT] = xa_linkage_contribution(m, XA_LINKAGE_F_SUSPECT, a);
        qp->suspect_max[a + XA_LINKAGE_N_SUSPECT] =
            xa_linkage_contribution_max(m, XA_LINKAGE_F_SUSPECT, -qp->known, a);
    }
}

unsigned xa_linkage_query_tag_mask(const struct xa_linkage_query *qp, const uint64_t *mo)
{
    unsigned mask = 0;
    for (int i = 0; i < qp->n_tags; i++)
        mask |= (unsigned)(mo[qp->tag[i] / 64] >> (qp->tag[i] % 64) & 1) << i;
    return mask;
}

/* Sum of the rarity of the query's tags in mo, at least 0 each: for more tags than the
 * tables cover. */
static double shared_best(const struct xa_linkage_query *qp, const uint64_t *mo)
{
    double best = 0;
    for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++)
        for (uint64_t bits = qp->q->mo[w] & mo[w]; bits; bits &= bits - 1) {
            double r = qp->m->mo_rarity[w * 64 + __builtin_ctzll(bits)];
            best += r > 0 ? r : 0;
        }
    return best;
}

__attribute__((target_clones("popcnt", "default"))) double
xa_linkage_query_bound(const struct xa_linkage_query *qp, const uint64_t *mo, int untagged,
                       int type_eq, int parent_eq, int prop_any, int agree)
{
    const uint64_t *qmo = qp->q->mo;
    int missing = 0, q_tagged = 0;
    for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++) {
        missing += __builtin_popcountll(qmo[w] & ~mo[w]);
        q_tagged |= qmo[w] != 0;
    }
    /* every tagged record lacks the query's tags that none of them has */
    int diff_lo = !q_tagged || untagged ? 0 : missing;
    double b = qp->fixed + qp->type_max[type_eq] + qp->parent_max[parent_eq] +
               qp->prop_max[prop_any] + qp->mo_diff_max[diff_lo] +
               qp->suspect_max[agree + XA_LINKAGE_N_SUSPECT];
    if (qp->n_tags >= 0)
        return b + qp->mo_max[xa_linkage_query_tag_mask(qp, mo)];
    return b + xa_linkage_contribution_max(qp->m, XA_LINKAGE_F_MO, 0, shared_best(qp, mo));
}

__attribute__((target_clones("popcnt", "default"))) double
xa_linkage_query_categorical(const struct xa_linkage_query *qp, const uint64_t *mo, uint64_t prop,
                             const uint8_t *suspect, uint16_t type, uint16_t parent)
{
    const struct xa_linkage_model *m = qp->m;
    const struct xa_linkage_rec *a = qp->q;
    int type_eq = a->type && a->type == type;
    int parent_eq = a->type != type && a->parent && a->parent == parent;
    double s = qp->fixed + qp->type[type_eq] + qp->parent[parent_eq];
    int any_a = 0, any_b = 0, diff = 0;
    for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++) {
        any_a |= a->mo[w] != 0;
        any_b |= mo[w] != 0;
        diff += __builtin_popcountll(a->mo[w] ^ mo[w]);
    }
    if (qp->n_tags >= 0)
        s += qp->mo[xa_linkage_query_tag_mask(qp, mo)];
    else
        s += xa_linkage_contribution(m, XA_LINKAGE_F_MO, mo_shared(m, a->mo, mo));
    s += qp->mo_diff[any_a && any_b ? diff : 0];
    if (a->prop && prop)
        s += xa_linkage_contribution(m, XA_LINKAGE_F_PROPERTY,
                                     (double)__builtin_popcountll(a->prop & prop) /
                                         (double)__builtin_popcountll(a->prop | prop));
    else
        s += xa_linkage_contribution(m, XA_LINKAGE_F_PROPERTY, 0);
    int agree = 0;
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++)
        if (a->suspect[i] && suspect[i])
            agree += a->suspect[i] == suspect[i] ? 1 : -1;
    return s + qp->suspect[agree + XA_LINKAGE_N_SUSPECT];
}

int xa_linkage_score_above(const struct xa_linkage_query *qp, const struct xa_linkage_rec *b,
                           double floor, double space_time_max, double *score)
{
    const struct xa_linkage_model *m = qp->m;
    const struct xa_linkage_rec *a = qp->q;
    double bound = xa_linkage_query_categorical(qp, b->mo, b->prop, b->suspect, b->type, b->parent);
    if (clearly_below(bound + space_time_max, floor))
        return 0;
    double dx = a->x - b->x, dy = a->y - b->y;
    int64_t ma = mid(a), mb = mid(b);
    if (clearly_below(bound + xa_linkage_query_space_time(qp, sqrt(dx * dx + dy * dy),
                                                          (double)(ma > mb ? ma - mb : mb - ma)),
                      floor))
        return 0;
    double f[XA_LINKAGE_NF];
    features_space_time(a, b, f);
    bound += xa_linkage_contribution(m, XA_LINKAGE_F_DIST, f[XA_LINKAGE_F_DIST]) +
             xa_linkage_contribution(m, XA_LINKAGE_F_DAYS, f[XA_LINKAGE_F_DAYS]);
    if (clearly_below(bound, floor))
        return 0;
    features_categorical(m, a, b, f);
    features_clock(a, b, f);
    *score = sum_contributions(m, f, NULL);
    return 1;
}

void xa_linkage_project(double lat0, double lon0, double lat, double lon, double *x, double *y)
{
    const double r = 6371008.8, rad = M_PI / 180.0;
    *x = r * (lon - lon0) * rad * cos(lat0 * rad);
    *y = r * (lat - lat0) * rad;
}

double xa_linkage_prob(double score)
{
    return score >= 0 ? 1.0 / (1.0 + exp(-score)) : exp(score) / (1.0 + exp(score));
}

void xa_linkage_model_default(struct xa_linkage_model *out)
{
    /* Hand-set priors, used only until `xiaoan linkage train` fits weights on the confirmed
     * series: nearer, closer in time, same hours, same type and shared rare MO tags link. */
    static const double w[XA_LINKAGE_NF] = {
        [XA_LINKAGE_F_DIST] = -1.02,   [XA_LINKAGE_F_DAYS] = -1.03,
        [XA_LINKAGE_F_TOD] = 0.76,     [XA_LINKAGE_F_WEEKDAY] = 0.18,
        [XA_LINKAGE_F_TYPE] = 1.5,     [XA_LINKAGE_F_PARENT] = 0.5,
        [XA_LINKAGE_F_MO] = 0.41,      [XA_LINKAGE_F_MO_DIFF] = -0.21,
        [XA_LINKAGE_F_PROPERTY] = 1.0, [XA_LINKAGE_F_SUSPECT] = 0.5,
    };
    memset(out, 0, sizeof(*out));
    out->kind = XA_LINKAGE_LOGIT;
    out->intercept = -0.6;
    memcpy(out->w, w, sizeof(w));
    for (int t = 0; t < XA_LINKAGE_MO_MAX; t++)
        out->mo_rarity[t] = 1.0;
}

/* ---- training ---- */

struct pairs {
    size_t n;
    double *f;  /* n * XA_LINKAGE_NF features */
    double *wt; /* sample weight */
    uint8_t *y; /* 1 linked */
    size_t n_linked;
};

static void pairs_release(struct pairs *p)
{
    free(p->f);
    free(p->wt);
    free(p->y);
}

static int pair_cmp(const void *x, const void *y)
{
    const struct xa_linkage_pair *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static void pairs_push(struct pairs *p, const struct xa_linkage_model *m,
                       const struct xa_linkage_rec *r, uint32_t a, uint32_t b, int y, double wt)
{
    xa_linkage_features(m, &r[a], &r[b], p->f + p->n * XA_LINKAGE_NF);
    p->y[p->n] = (uint8_t)y;
    p->wt[p->n] = wt;
    p->n_linked += (size_t)y;
    p->n++;
}

/* Sorted, without repeats, a < b; 0 when a pair is out of range or of one record. */
static int normalise_pairs(const struct xa_linkage_pair *in, size_t n_in, size_t n,
                           struct xa_linkage_pair *out, size_t *n_out)
{
    size_t k = 0;
    for (size_t i = 0; i < n_in; i++) {
        uint32_t a = in[i].a, b = in[i].b;
        if (a >= n || b >= n || a == b)
            return 0;
        out[k++] = (struct xa_linkage_pair){a < b ? a : b, a < b ? b : a};
    }
    if (k)
        qsort(out, k, sizeof(*out), pair_cmp);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || pair_cmp(&out[u - 1], &out[i]))
            out[u++] = out[i];
    *n_out = u;
    return 1;
}

static int has_pair(const struct xa_linkage_pair *v, size_t n, uint32_t a, uint32_t b)
{
    struct xa_linkage_pair key = {a, b};
    return n && bsearch(&key, v, n, sizeof(key), pair_cmp) != NULL;
}

/* All pairs when they fit in max_pairs, else every linked and every rejected pair and a
 * uniform sample of the other unlinked ones weighted up to their total (so the intercept stays
 * calibrated). Rejected pairs (sorted, none linked) weigh rej_wt either way. */
static void make_pairs(const struct xa_linkage_model *m, const struct xa_linkage_rec *r, size_t n,
                       const struct xa_linkage_pair *lk, size_t n_lk,
                       const struct xa_linkage_pair *rej, size_t n_rej, double rej_wt,
                       size_t max_pairs, uint64_t seed, struct pairs *p)
{
    double total = (double)n * (double)(n - 1) / 2;
    size_t cap = total <= (double)max_pairs ? (size_t)total : max_pairs;
    if (cap < n_lk + n_rej + 1)
        cap = n_lk + n_rej + 1;
    p->f = xa_xmalloc(cap * XA_LINKAGE_NF * sizeof(double));
    p->wt = xa_xmalloc(cap * sizeof(double));
    p->y = xa_xmalloc(cap);
    if (total <= (double)max_pairs) {
        size_t k = 0, kr = 0;
        for (uint32_t i = 0; i < n; i++)
            for (uint32_t j = i + 1; j < n; j++) {
                int y = k < n_lk && lk[k].a == i && lk[k].b == j;
                int rj = kr < n_rej && rej[kr].a == i && rej[kr].b == j;
                k += (size_t)y;
                kr += (size_t)rj;
                pairs_push(p, m, r, i, j, y, rj ? rej_wt : 1.0);
            }
        return;
    }
    for (size_t k = 0; k < n_lk; k++)
        pairs_push(p, m, r, lk[k].a, lk[k].b, 1, 1.0);
    for (size_t k = 0; k < n_rej; k++)
        pairs_push(p, m, r, rej[k].a, rej[k].b, 0, rej_wt);
    size_t first = p->n;
    while (p->n < cap) {
        uint32_t a = (uint32_t)(splitmix(&seed) % n), b = (uint32_t)(splitmix(&seed) % n);
        if (a == b)
            continue;
        uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
        if (has_pair(lk, n_lk, lo, hi) || has_pair(rej, n_rej, lo, hi))
            continue;
        pairs_push(p, m, r, lo, hi, 0, 1.0);
    }
    double wt = (total - (double)n_lk - (double)n_rej) / (double)(p->n - first);
    for (size_t i = first; i < p->n; i++)
        p->wt[i] = wt;
}

/* Solves the symmetric positive definite system a x = b (dimension d) by Cholesky in place;
 * -1 when a is not positive definite. */
static int cholesky_solve(double *a, double *b, int d)
{
    for (int j = 0; j < d; j++) {
        double s = a[j * d + j];
        for (int k = 0; k < j; k++)
            s -= a[j * d + k] * a[j * d + k];
        if (!(s > 0))
            return -1;
        a[j * d + j] = sqrt(s);
        for (int i = j + 1; i < d; i++) {
            double t = a[i * d + j];
            for (int k = 0; k < j; k++)
                t -= a[i * d + k] * a[j * d + k];
            a[i * d + j] = t / a[j * d + j];
        }
    }
    for (int i = 0; i < d; i++) {
        double t = b[i];
        for (int k = 0; k < i; k++)
            t -= a[i * d + k] * b[k];
        b[i] = t / a[i * d + i];
    }
    for (int i = d - 1; i >= 0; i--) {
        double t = b[i];
        for (int k = i + 1; k < d; k++)
            t -= a[k * d + i] * b[k];
        b[i] = t / a[i * d + i];
    }
    return 0;
}

/* Weighted log-likelihood minus the ridge penalty of a logistic model over columns x(i, c). */
static double penalised_ll(const double *beta, int d, double ridge, size_t n,
                           const double *x /* n * d */, const struct pairs *p)
{
    double ll = 0;
    for (size_t i = 0; i < n; i++) {
        double eta = 0;
        for (int c = 0; c < d; c++)
            eta += beta[c] * x[i * d + c];
        /* log sigma(eta) and log(1 - sigma(eta)) without overflow */
        double l1 = eta >= 0 ? -log1p(exp(-eta)) : eta - log1p(exp(eta));
        ll += p->wt[i] * (p->y[i] ? l1 : l1 - eta);
    }
    for (int c = 1; c < d; c++)
        ll -= 0.5 * ridge * beta[c] * beta[c];
    return ll;
}

/* Penalised logistic regression by Newton-Raphson with step halving; column 0 is the
 * intercept (not penalised). beta (d) in and out. */
static int newton(double *beta, int d, double ridge, size_t n, const double *x,
                  const struct pairs *p)
{
    double h[NP * NP], g[NP];
    double ll = penalised_ll(beta, d, ridge, n, x, p);
    for (int iter = 0; iter < 100; iter++) {
        memset(h, 0, sizeof(h));
        memset(g, 0, sizeof(g));
        for (size_t i = 0; i < n; i++) {
            const double *xi = x + i * d;
            double eta = 0;
            for (int c = 0; c < d; c++)
                eta += beta[c] * xi[c];
            double pr = xa_linkage_prob(eta), wv = p->wt[i] * pr * (1 - pr);
            double r = p->wt[i] * (p->y[i] - pr);
            for (int c = 0; c < d; c++) {
                g[c] += r * xi[c];
                for (int e = 0; e <= c; e++)
                    h[c * d + e] += wv * xi[c] * xi[e];
            }
        }
        for (int c = 0; c < d; c++) {
            if (c) {
                g[c] -= ridge * beta[c];
                h[c * d + c] += ridge;
            }
            for (int e = 0; e < c; e++)
                h[e * d + c] = h[c * d + e];
        }
        if (cholesky_solve(h, g, d))
            return -1;
        double step = 1, next[NP], nll = ll;
        for (int half = 0; half < 30; half++, step /= 2) {
            for (int c = 0; c < d; c++)
                next[c] = beta[c] + step * g[c];
            nll = penalised_ll(next, d, ridge, n, x, p);
            if (nll >= ll)
                break;
        }
        double change = 0;
        for (int c = 0; c < d; c++) {
            double dc = fabs(next[c] - beta[c]);
            change = dc > change ? dc : change;
            beta[c] = next[c];
        }
        ll = nll;
        if (change < 1e-9)
            return 0;
    }
    return 0; /* the penalised likelihood only rises; 100 Newton steps are plenty */
}

static int train_logit(const struct pairs *p, double ridge, struct xa_linkage_model *m)
{
    /* standardise so the ridge treats features alike and Newton is well conditioned; a
     * constant feature carries no information and keeps weight 0 */
    double mean[XA_LINKAGE_NF] = {0}, sd[XA_LINKAGE_NF] = {0}, wsum = 0;
    int cols[XA_LINKAGE_NF], d = 1;
    for (size_t i = 0; i < p->n; i++) {
        wsum += p->wt[i];
        for (int j = 0; j < XA_LINKAGE_NF; j++)
            mean[j] += p->wt[i] * p->f[i * XA_LINKAGE_NF + j];
    }
    for (int j = 0; j < XA_LINKAGE_NF; j++)
        mean[j] /= wsum;
    for (size_t i = 0; i < p->n; i++)
        for (int j = 0; j < XA_LINKAGE_NF; j++) {
            double v = p->f[i * XA_LINKAGE_NF + j] - mean[j];
            sd[j] += p->wt[i] * v * v;
        }
    for (int j = 0; j < XA_LINKAGE_NF; j++) {
        sd[j] = sqrt(sd[j] / wsum);
        if (sd[j] > 1e-12)
            cols[d++ - 1] = j;
    }
    double *x = xa_xmalloc(p->n * (size_t)d * sizeof(double));
    for (size_t i = 0; i < p->n; i++) {
        x[i * d] = 1;
        for (int c = 1; c < d; c++) {
            int j = cols[c - 1];
            x[i * d + c] = (p->f[i * XA_LINKAGE_NF + j] - mean[j]) / sd[j];
        }
    }
    double beta[NP] = {0};
    double rate = (double)p->n_linked / wsum;
    beta[0] = log(rate / (1 - rate));
    int rc = newton(beta, d, ridge, p->n, x, p);
    free(x);
    if (rc)
        return XA_EINVAL;
    memset(m->w, 0, sizeof(m->w));
    m->intercept = beta[0];
    for (int c = 1; c < d; c++) {
        int j = cols[c - 1];
        m->w[j] = beta[c] / sd[j];
        m->intercept -= m->w[j] * mean[j];
    }
    return XA_OK;
}

static int train_nb(const struct pairs *p, double ridge, struct xa_linkage_model *m)
{
    double n1[XA_LINKAGE_NF][XA_LINKAGE_MAX_BINS] = {{0}};
    double n0[XA_LINKAGE_NF][XA_LINKAGE_MAX_BINS] = {{0}};
    double t1 = 0, t0 = 0;
    for (size_t i = 0; i < p->n; i++) {
        (p->y[i] ? &t1 : &t0)[0] += p->wt[i];
        for (int j = 0; j < XA_LINKAGE_NF; j++) {
            int b = nb_bin(j, p->f[i * XA_LINKAGE_NF + j]);
            (p->y[i] ? n1 : n0)[j][b] += p->wt[i];
        }
    }
    double llr[XA_LINKAGE_NF][XA_LINKAGE_MAX_BINS] = {{0}};
    for (int j = 0; j < XA_LINKAGE_NF; j++) {
        int nbins = nb_edges[j].n + 1;
        for (int b = 0; b < nbins; b++)
            llr[j][b] = log((n1[j][b] + NB_ALPHA) / (t1 + NB_ALPHA * nbins)) -
                        log((n0[j][b] + NB_ALPHA) / (t0 + NB_ALPHA * nbins));
    }
    /* Platt scale: logistic regression of the label on (1, sum of LLRs) */
    double *x = xa_xmalloc(p->n * 2 * sizeof(double));
    for (size_t i = 0; i < p->n; i++) {
        double s = 0;
        for (int j = 0; j < XA_LINKAGE_NF; j++)
            s += llr[j][nb_bin(j, p->f[i * XA_LINKAGE_NF + j])];
        x[i * 2] = 1;
        x[i * 2 + 1] = s;
    }
    double beta[2] = {0, 1};
    int rc = newton(beta, 2, ridge * 1e-3, p->n, x, p);
    free(x);
    if (rc)
        return XA_EINVAL;
    m->intercept = beta[0];
    for (int j = 0; j < XA_LINKAGE_NF; j++)
        for (int b = 0; b < XA_LINKAGE_MAX_BINS; b++)
            m->table[j][b] = b <= nb_edges[j].n ? beta[1] * llr[j][b] : 0;
    return XA_OK;
}

int xa_linkage_train(const struct xa_linkage_rec *r, size_t n, const struct xa_linkage_pair *linked,
                     size_t n_linked, const struct xa_linkage_train_opts *opts,
                     struct xa_linkage_model *out)
{
    struct xa_linkage_train_opts o = opts ? *opts : (struct xa_linkage_train_opts){0};
    struct xa_linkage_model m;
    struct xa_linkage_pair *lk = NULL;
    struct pairs p = {0};
    int rc = XA_EINVAL;
    if (o.ridge <= 0)
        o.ridge = 1.0;
    if (!o.max_pairs)
        o.max_pairs = (size_t)1 << 20;
    if (n < 2 || n > UINT32_MAX || !n_linked)
        goto out;

    /* linked and rejected pairs normalised (a < b), sorted, without repeats; a rejected pair
     * also linked is dropped (the series wins) */
    lk = xa_xmalloc((n_linked + o.n_rejected) * sizeof(*lk));
    size_t n_lk = 0, n_rej = 0;
    if (!normalise_pairs(linked, n_linked, n, lk, &n_lk))
        goto out;
    struct xa_linkage_pair *rej = lk + n_lk;
    if (o.n_rejected && !normalise_pairs(o.rejected, o.n_rejected, n, rej, &n_rej))
        goto out;
    size_t kept = 0;
    for (size_t i = 0; i < n_rej; i++)
        if (!has_pair(lk, n_lk, rej[i].a, rej[i].b))
            rej[kept++] = rej[i];
    n_rej = kept;
    if (o.rejected_weight <= 0)
        o.rejected_weight = XA_LINKAGE_REJECTED_WEIGHT;

    memset(&m, 0, sizeof(m));
    m.kind = o.kind == XA_LINKAGE_NB ? XA_LINKAGE_NB : XA_LINKAGE_LOGIT;
    /* MO rarity over the cases that have any tag */
    size_t count[XA_LINKAGE_MO_MAX] = {0}, with_mo = 0;
    for (size_t i = 0; i < n; i++) {
        int any = 0;
        for (unsigned t = 0; t < XA_LINKAGE_MO_MAX; t++)
            if (xa_linkage_rec_has_mo(&r[i], t)) {
                count[t]++;
                any = 1;
            }
        with_mo += (size_t)any;
    }
    for (int t = 0; t < XA_LINKAGE_MO_MAX; t++)
        m.mo_rarity[t] = -log(((double)count[t] + 1) / ((double)with_mo + 2));

    make_pairs(&m, r, n, lk, n_lk, rej, n_rej, o.rejected_weight, o.max_pairs, o.seed, &p);
    if (p.n_linked == 0 || p.n_linked == p.n)
        goto out;
    rc = m.kind == XA_LINKAGE_NB ? train_nb(&p, o.ridge, &m) : train_logit(&p, o.ridge, &m);
    if (rc)
        goto out;
    m.n_pairs = p.n;
    m.n_linked = p.n_linked;
    *out = m;
out:
    pairs_release(&p);
    free(lk);
    return rc;
}
