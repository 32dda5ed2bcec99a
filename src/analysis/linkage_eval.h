/*
 * linkage_eval.h - how well the linkage model links, checked on labelled cases by
 * cross-validation (what `xiaoan linkage eval` prints).
 *
 * Labels: offender-crime links; two crimes are linked when they share an offender. Crimes
 * joined through shared offenders form a group, and whole groups are dealt to folds (shuffled
 * by the seed, each to the fold with the fewest crimes so far), so no linked pair is ever
 * split between training and test. The model of fold f is trained on the crimes outside f.
 * A pair inside fold f is scored by model f; a pair across folds f and g (never linked) by the
 * mean of the log-odds of models f and g — neither of which saw the pair.
 *
 * Figures, over all n(n-1)/2 pairs: ROC AUC (ties count one half), average precision (the
 * step-wise sum over thresholds, as scikit-learn), and for every query crime (one with at least
 * one linked crime) whether its top 1, 10, 20 among all other crimes (by score, ties by input
 * order) hold a linked one. Calibration: Brier score and a 10-bin reliability table of the
 * pair probabilities with its expected calibration error.
 */
#ifndef XA_LINKAGE_EVAL_H
#define XA_LINKAGE_EVAL_H

#include "analysis/linkage.h"

#define XA_LINKAGE_EVAL_MAX_CRIMES 8000 /* pair scores are held in memory: n^2 / 2 doubles */
#define XA_LINKAGE_EVAL_BINS 10

/* Offender `offender` took part in crime `crime` (a position in the records array). */
struct xa_linkage_offence {
    uint32_t crime, offender;
};

struct xa_linkage_eval_opts {
    unsigned folds; /* 2 or more; 0 means 5 */
    uint64_t seed;
    struct xa_linkage_train_opts train;
};

struct xa_linkage_eval_result {
    size_t crimes, queries, pairs, linked_pairs;
    double auc, average_precision, hit_at_1, hit_at_10, hit_at_20;
    double brier, ece;
    struct {
        size_t n;
        double mean_p, rate; /* mean predicted probability, observed share linked */
    } reliability[XA_LINKAGE_EVAL_BINS];
    struct xa_linkage_model fold_model[2]; /* the first folds' models, for inspection */
};

/* Cross-validates on the n records r with their offence links. XA_EINVAL when n < 2,
 * n > XA_LINKAGE_EVAL_MAX_CRIMES, a link names no record, there is no linked pair, or a fold's
 * training crimes hold no linked pair (too few series for that many folds). */
XA_MUST_CHECK int xa_linkage_eval_run(const struct xa_linkage_rec *r, size_t n,
                                      const struct xa_linkage_offence *links, size_t n_links,
                                      const struct xa_linkage_eval_opts *opts,
                                      struct xa_linkage_eval_result *out);

/* ROC AUC and average precision of scores against labels y (1 linked); XA_EINVAL unless both
 * classes occur. */
XA_MUST_CHECK int xa_linkage_eval_auc(const double *score, const uint8_t *y, size_t n, double *auc,
                                      double *ap);

#endif
