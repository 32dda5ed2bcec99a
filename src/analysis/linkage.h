/*
 * linkage.h - series linkage (串并案): how likely two cases are the work of one offender.
 *
 * A case enters as a packed struct xa_linkage_rec (no strings, no I/O). A pair of records gives
 * XA_LINKAGE_NF features; the model turns each feature into a contribution on the log-odds
 * scale and their sum plus an intercept is the log-odds that the pair is linked. Every
 * contribution is kept, so a proposal can say why ("距离 300 m +1.9, 同一作案手段 +2.4, …").
 *
 * Features of a pair (a, b) — all symmetric in a and b:
 *   DIST      log(1 + d / 100 m), d the straight-line distance in metres;
 *   DAYS      log(1 + days between the midpoints of the two time windows);
 *   TOD       overlap of the time-of-day windows on the 24 h circle (a window over midnight
 *             wraps), |A ∩ B| / max(|A|, |B|) in [0, 1]; a window shorter than 1 h is widened
 *             to 1 h around its middle, one of 24 h or more covers the whole circle;
 *   WEEKDAY   the same on the 7-day circle with whole days;
 *   TYPE      1 when both types are known and equal;
 *   PARENT    1 when the types differ but the parent types are known and equal;
 *   MO        shared MO tags weighted by rarity: the sum of -log((c_t + 1) / (m + 2)) over the
 *             shared tags t, c_t the number of training cases with tag t, m the number with
 *             any tag — a shared rare tag counts more than a shared common one;
 *   MO_DIFF   tags that only one of the two has (0 unless both have tags);
 *   PROPERTY  Jaccard overlap of the property classes (0 unless both have some);
 *   SUSPECT   descriptors known on both cases that agree minus those that disagree.
 * Times are UTC epoch seconds; time of day and weekday are read in Asia/Shanghai.
 *
 * Two kinds of model, trained from records and their known linked pairs:
 *   XA_LINKAGE_LOGIT  logistic regression on the features (contribution w_j * f_j), fitted by
 *                     Newton-Raphson (IRLS) with a small ridge penalty on standardised features:
 *                     deterministic, and its probabilities are calibrated by construction;
 *   XA_LINKAGE_NB     naive Bayes as in the crimelinkage literature: each feature binned at
 *                     fixed edges, a smoothed log-likelihood ratio per bin, then one Platt
 *                     scale (a + b * sum) fitted so the probabilities are calibrated.
 * Measured on the crimelinkage burglaries with 5-fold cross-validation by offender group, the
 * logistic model is the better one (see README "Series linkage evaluation"), so it is the
 * default.
 *
 * Top-k search over many records lives in analysis/linkage_index.h; cross-validated
 * evaluation in analysis/linkage_eval.h.
 */
#ifndef XA_LINKAGE_H
#define XA_LINKAGE_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define XA_LINKAGE_MO_MAX 128   /* MO tags 0..127 */
#define XA_LINKAGE_PROP_MAX 64  /* property classes 0..63 */
#define XA_LINKAGE_N_SUSPECT 4  /* suspect descriptor slots */
#define XA_LINKAGE_MAX_BINS 12  /* bins of a naive-Bayes feature */
#define XA_LINKAGE_MIN_TOD 3600 /* shortest time-of-day window, seconds */

/* Suspect descriptor slots; a code of 0 means unknown, other codes are compared for equality. */
enum xa_linkage_suspect {
    XA_LINKAGE_SUSPECT_SEX,
    XA_LINKAGE_SUSPECT_AGE,    /* age band */
    XA_LINKAGE_SUSPECT_HEIGHT, /* height band */
    XA_LINKAGE_SUSPECT_GROUP,  /* number of offenders seen: 1, 2, 3 or more */
};

/* One case as linkage sees it. */
struct xa_linkage_rec {
    int64_t id;
    double x, y;                         /* metres in a local projected frame */
    int64_t t_from, t_to;                /* time window, UTC epoch seconds, t_from <= t_to */
    uint64_t mo[XA_LINKAGE_MO_MAX / 64]; /* bit t set: MO tag t */
    uint64_t prop;                       /* bit c set: property class c taken */
    uint16_t type, parent;               /* case type and its parent, 0 = unknown */
    uint8_t suspect[XA_LINKAGE_N_SUSPECT];
};

enum xa_linkage_feature {
    XA_LINKAGE_F_DIST,
    XA_LINKAGE_F_DAYS,
    XA_LINKAGE_F_TOD,
    XA_LINKAGE_F_WEEKDAY,
    XA_LINKAGE_F_TYPE,
    XA_LINKAGE_F_PARENT,
    XA_LINKAGE_F_MO,
    XA_LINKAGE_F_MO_DIFF,
    XA_LINKAGE_F_PROPERTY,
    XA_LINKAGE_F_SUSPECT,
    XA_LINKAGE_NF
};

enum xa_linkage_kind { XA_LINKAGE_LOGIT, XA_LINKAGE_NB };

struct xa_linkage_model {
    int kind;                /* enum xa_linkage_kind */
    double intercept;        /* log-odds when every feature contributes 0 */
    double w[XA_LINKAGE_NF]; /* LOGIT: contribution of feature j is w[j] * f_j */
    double table[XA_LINKAGE_NF][XA_LINKAGE_MAX_BINS]; /* NB: contribution by bin */
    double mo_rarity[XA_LINKAGE_MO_MAX];              /* -log relative frequency of each tag */
    size_t n_pairs, n_linked;                         /* training pairs it was fitted on */
};

/* A linked pair of records, by their positions in the array given with it; a != b. */
struct xa_linkage_pair {
    uint32_t a, b;
};

struct xa_linkage_train_opts {
    int kind;         /* enum xa_linkage_kind */
    double ridge;     /* L2 penalty on standardised weights (prior variance 1/ridge); 0 = 1 */
    size_t max_pairs; /* more pairs than this: all linked + a sample of unlinked; 0 = 1 M */
    uint64_t seed;    /* for that sample */
    /* Pairs an investigator looked at and rejected (线索 rejected: not the same offender).
     * They are unlinked like every other pair not in `linked`, but checked where the others
     * are only presumed, so they are always in the training pairs, each with weight
     * rejected_weight (0 = XA_LINKAGE_REJECTED_WEIGHT). A pair both linked and rejected
     * counts as linked: a confirmed series wins over an earlier rejection. */
    const struct xa_linkage_pair *rejected;
    size_t n_rejected;
    double rejected_weight;
};

#define XA_LINKAGE_REJECTED_WEIGHT 10.0

/* Short stable name of a feature ("dist", "days", ...) for explanations and JSON. */
const char *xa_linkage_feature_name(int feature);

/* Sets and tests MO tag t (0 <= t < XA_LINKAGE_MO_MAX) of r. */
void xa_linkage_rec_set_mo(struct xa_linkage_rec *r, unsigned t);
int xa_linkage_rec_has_mo(const struct xa_linkage_rec *r, unsigned t);

/* Overlap in [0, 1] of the windows [a_from, a_to] and [b_from, b_to] (seconds) folded onto a
 * circle of `period` seconds, windows shorter than min_len widened around their middle: the
 * TOD feature with (86400, XA_LINKAGE_MIN_TOD). Exposed for tests. */
double xa_linkage_circular_overlap(int64_t a_from, int64_t a_to, int64_t b_from, int64_t b_to,
                                   int64_t period, int64_t min_len);

/* Features of the pair (a, b) into out[XA_LINKAGE_NF]; m supplies the MO rarity weights. */
void xa_linkage_features(const struct xa_linkage_model *m, const struct xa_linkage_rec *a,
                         const struct xa_linkage_rec *b, double *out);

/* Contribution of feature j at value f (log-odds). */
double xa_linkage_contribution(const struct xa_linkage_model *m, int j, double f);

/* Largest contribution of feature j over any value in [lo, hi] (hi may be INFINITY), the
 * upper bound that top-k pruning relies on. Never less than the contribution at any value in
 * the range. */
double xa_linkage_contribution_max(const struct xa_linkage_model *m, int j, double lo, double hi);

/* Log-odds that a and b are linked; contrib (XA_LINKAGE_NF, may be NULL) receives each
 * feature's contribution. Deterministic: the same arguments give the same bits. */
double xa_linkage_score(const struct xa_linkage_model *m, const struct xa_linkage_rec *a,
                        const struct xa_linkage_rec *b, double *contrib);

#define XA_LINKAGE_QUERY_TAGS 8 /* MO tags of a query the tables cover; more: computed */

/* A query case prepared against a model for scoring it against many records: tables of its
 * categorical contributions by what a record shares with it, so that bounding a pair costs a
 * few bit operations and lookups (xa_linkage_score_above) and bounding a group of records by
 * what they have between them as little (xa_linkage_query_bound). Filled by
 * xa_linkage_query_prepare(); refers to m and q, which must outlive it. */
struct xa_linkage_query {
    const struct xa_linkage_model *m;
    const struct xa_linkage_rec *q;
    double fixed;              /* intercept + best time-of-day and weekday contributions */
    double type[2], parent[2]; /* contribution when the feature is 0, 1 */
    double type_max[2], parent_max[2], prop_max[2]; /* best over [0, 0] and [0, 1] */
    int n_tags; /* the query's MO tags; -1: more than the tables cover */
    uint8_t tag[XA_LINKAGE_QUERY_TAGS];
    double mo[1 << XA_LINKAGE_QUERY_TAGS];        /* contribution of sharing a subset of tag[] */
    double mo_max[1 << XA_LINKAGE_QUERY_TAGS];    /* best with at most that subset shared */
    double mo_diff[XA_LINKAGE_MO_MAX + 1];        /* contribution of d tags on one side only */
    double mo_diff_max[XA_LINKAGE_MO_MAX + 1];    /* best with at least d */
    int known;                                    /* suspect slots the query knows */
    double suspect[2 * XA_LINKAGE_N_SUSPECT + 1]; /* by agree + N_SUSPECT */
    double suspect_max[2 * XA_LINKAGE_N_SUSPECT + 1]; /* best with agree at most that */
    int st_linear;  /* distance and days weights of a logistic model, neither positive: */
    double st_w[2]; /* xa_linkage_space_time_max is st_w . (log1p_floor(d), log1p_floor(t)) */
};

void xa_linkage_query_prepare(struct xa_linkage_query *qp, const struct xa_linkage_model *m,
                              const struct xa_linkage_rec *q);

/* Which of the query's tags (tag[] order, bit i for tag[i]) a tag set holds; with more tags
 * than the tables cover, 0. */
unsigned xa_linkage_query_tag_mask(const struct xa_linkage_query *qp, const uint64_t *mo);

/* An upper bound of the categorical contributions plus the best time-of-day and weekday ones
 * (everything but distance and days apart) of any record with at most: the MO tags mo (of
 * which `untagged` says whether some record has none), a type equal to the query's (type_eq),
 * a parent equal (parent_eq), a property class in common (prop_any), and suspect agreement
 * `agree` (-known .. known). */
double xa_linkage_query_bound(const struct xa_linkage_query *qp, const uint64_t *mo, int untagged,
                              int type_eq, int parent_eq, int prop_any, int agree);

/* The exact categorical contributions (type, parent, MO, MO_DIFF, PROPERTY, SUSPECT) of the
 * query and a record with these fields, plus the best time-of-day and weekday ones: an upper
 * bound of every score but for distance and days apart, for callers that keep a record's
 * fields apart from its struct (mo: XA_LINKAGE_MO_MAX bits, suspect: XA_LINKAGE_N_SUSPECT). */
double xa_linkage_query_categorical(const struct xa_linkage_query *qp, const uint64_t *mo,
                                    uint64_t prop, const uint8_t *suspect, uint16_t type,
                                    uint16_t parent);

/* xa_linkage_score(m, q, b) into *score and 1, unless an upper bound of it is clearly below
 * `floor` (by more than rounding: 1e-9 relative), then 0 and *score untouched. space_time_max
 * is what the caller knows of the distance and days contributions together at most (INFINITY:
 * nothing): the categorical features are weighed first, distance and time next, the clock
 * features last, so most pairs that cannot reach `floor` cost a few bit operations. */
int xa_linkage_score_above(const struct xa_linkage_query *qp, const struct xa_linkage_rec *b,
                           double floor, double space_time_max, double *score);

/* An upper bound of the distance and days contributions together of a pair at least `metres`
 * apart and `seconds` between their time middles, without a logarithm: looser than the exact
 * contributions by at most 0.06 times each weight. */
double xa_linkage_space_time_max(const struct xa_linkage_model *m, double metres, double seconds);

/* A lower bound of log(1 + x) for x >= 0 from the bits of 1 + x alone: log2 of m * 2^e is at
 * least e + m - 1 for m in [1, 2), so the bits read as a number are a lower bound of log2, at
 * most 0.09 below it (0.06 in natural log); the last term covers rounding. */
static inline double xa_linkage_log1p_floor(double x)
{
    double y = 1.0 + x;
    uint64_t u;
    memcpy(&u, &y, sizeof(u));
    return ((double)u / 4503599627370496.0 - 1023.0) * 0.6931471805599453 - 1e-9;
}

/* xa_linkage_space_time_max(qp->m, metres, seconds) (the same value), inlined for the common
 * model: what top-k search calls for every cell and candidate. */
static inline double xa_linkage_query_space_time(const struct xa_linkage_query *qp, double metres,
                                                 double seconds)
{
    if (qp->st_linear)
        return qp->st_w[0] * xa_linkage_log1p_floor(metres / 100.0) +
               qp->st_w[1] * xa_linkage_log1p_floor(seconds / 86400.0);
    return xa_linkage_space_time_max(qp->m, metres, seconds);
}

/* For pruning without computing contributions: a value L of feature j such that at every
 * f > L, xa_linkage_contribution_max(m, j, f, INFINITY) < need (INFINITY: no such L, the
 * contribution may reach `need` however large f is; -INFINITY: it never reaches `need`).
 * Up to rounding; callers widen it. */
double xa_linkage_contribution_limit(const struct xa_linkage_model *m, int j, double need);

/* Local equirectangular projection of (lat, lon) in degrees to metres east (x) and north (y)
 * of the origin (lat0, lon0), on a sphere of the mean Earth radius: within a county (tens of km)
 * distances are off by well under 1 %. */
void xa_linkage_project(double lat0, double lon0, double lat, double lon, double *x, double *y);

/* Probability of a log-odds score. */
double xa_linkage_prob(double score);

/* A model with documented prior weights, for use before any training (MO rarity all 1). */
void xa_linkage_model_default(struct xa_linkage_model *out);

/* Fits a model on the n records r and their n_linked linked pairs: every other pair among r
 * is unlinked. MO rarity comes from r. Same input and options, same model, bit for bit.
 * XA_EINVAL when there are fewer than 2 records, no linked pair, a pair out of range, or the
 * fit does not converge. */
XA_MUST_CHECK int xa_linkage_train(const struct xa_linkage_rec *r, size_t n,
                                   const struct xa_linkage_pair *linked, size_t n_linked,
                                   const struct xa_linkage_train_opts *opts,
                                   struct xa_linkage_model *out);

#endif
