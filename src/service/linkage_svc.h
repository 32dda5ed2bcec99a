/*
 * linkage_svc.h - series linkage (串并案) for the CLI and the HTTP API: the one door from the
 * layers above service/ to analysis/linkage*.h (STYLE.md §1 layer rule).
 *
 * The server keeps one in-memory index of every located case (xa_linkage_svc_load at start),
 * kept current by xa_linkage_svc_case_changed, which case_svc calls after each committed case
 * write. A case becomes a struct xa_linkage_rec: x/y by a local equirectangular projection of
 * lat/lon around the first located case, the window (else the reported time), type and parent
 * type, MO tags as bits by their position in the MO vocabulary, property categories as bits,
 * suspects' sex and group size. Cases without a location are not indexed. The model is the
 * newest in linkage_model (xiaoan linkage train), else the default priors.
 *
 * Suggestions (docs/linkage.md): after a case is opened or edited, its best
 * XA_LINKAGE_SUGGEST_K candidates with probability >= XA_LINKAGE_SUGGEST_MIN_P become linkage
 * clues for the case owner, unless the pair has a linkage clue, is in one series, or was
 * rejected.
 */
#ifndef XA_LINKAGE_SVC_H
#define XA_LINKAGE_SVC_H

#include "analysis/linkage_eval.h"
#include "core/case.h"
#include "service/ctx.h"

#define XA_LINKAGE_SUGGEST_K 5
#define XA_LINKAGE_SUGGEST_MIN_P 0.5
#define XA_LINKAGE_SIMILAR_POOL 200 /* candidates looked at before the scope filter */

/* One feature's part in a score, with its words. Strings arena-owned or static. */
struct xa_linkage_reason {
    int feature; /* enum xa_linkage_feature */
    const char *name, *label_zh, *label_en, *value_text, *value_text_en;
    double contribution;
};

struct xa_linkage_match {
    int64_t case_id;
    double score, probability;
    struct xa_linkage_reason reasons[XA_LINKAGE_NF]; /* by contribution, descending */
    const char *sentence; /* "可能同一作案人: 相距 400 米, …" */
    /* filled by xa_linkage_svc_similar only */
    struct xa_case c;  /* the candidate */
    int64_t series_id; /* its series, 0 = none */
    const char *series_code, *series_name;
    bool same_series, rejected; /* in the query's series; its suggestion was rejected */
    int64_t clue_id;            /* linkage clue of the pair, 0 = none */
};

struct xa_linkage_model_info {
    bool trained;
    int64_t version, trained_at, n_pairs, n_linked;
    int64_t n_rejected; /* rejected suggestions it learnt from (this fit only; 0 when loaded) */
    struct xa_linkage_model model;
};

/* Marks MO tag t (0 <= t < XA_LINKAGE_MO_MAX) on r. */
void xa_linkage_svc_rec_set_mo(struct xa_linkage_rec *r, unsigned t);

/* Cross-validates the linkage model on n records and their offence links
 * (xa_linkage_eval_run(); its errors). */
XA_MUST_CHECK int xa_linkage_svc_eval(const struct xa_linkage_rec *r, size_t n,
                                      const struct xa_linkage_offence *links, size_t n_links,
                                      const struct xa_linkage_eval_opts *opts,
                                      struct xa_linkage_eval_result *out);

/* Loads the model and every case of the database at target into the server's index (replacing
 * any loaded before). Thread-safe with the functions below. */
XA_MUST_CHECK int xa_linkage_svc_load(const char *target);
/* Frees the index; the functions below then do nothing or find nothing. */
void xa_linkage_svc_unload(void);

/* Re-reads case_id into the index and stores the suggestions of docs/linkage.md as clues (its
 * own transaction). A no-op when no index is loaded. */
XA_MUST_CHECK int xa_linkage_svc_case_changed(struct xa_ctx *ctx, int64_t case_id);

/* The k most similar located cases to case_id (in the actor's scope; 404 otherwise) with
 * probability >= min_p, among the XA_LINKAGE_SIMILAR_POOL best; *n_hidden counts the pool's
 * candidates with probability >= XA_LINKAGE_SUGGEST_MIN_P outside the scope. Arena-owned. */
XA_MUST_CHECK int xa_linkage_svc_similar(struct xa_ctx *ctx, int64_t case_id, size_t k,
                                         double min_p, struct xa_linkage_match **out, size_t *n,
                                         size_t *n_hidden);

/* Scores one pair of cases with its reasons (both must be indexed: XA_ENOTFOUND otherwise). */
XA_MUST_CHECK int xa_linkage_svc_pair(struct xa_ctx *ctx, int64_t a, int64_t b,
                                      struct xa_linkage_match *out);

/* The model in use. */
void xa_linkage_svc_model(struct xa_linkage_model_info *out);

/* `xiaoan linkage train`: fits the logistic model on the confirmed series of the store (pairs
 * within a series linked; other pairs, and rejected suggestions, unlinked) with the sample
 * seed, and stores it as a new version. XA_EINVAL: no confirmed series with two located
 * members. */
XA_MUST_CHECK int xa_linkage_svc_train(struct xa_ctx *ctx, uint64_t seed,
                                       struct xa_linkage_model_info *out);

/* `xiaoan linkage eval --db`: the model in the store (or the default) scored on the demo's
 * planted series (demo_series): AUC and average precision over all pairs of located cases,
 * hit@1/10/20 over the planted members; and the same figures by cross-validation. */
XA_MUST_CHECK int xa_linkage_svc_eval_demo(struct xa_ctx *ctx, struct xa_linkage_eval_result *fixed,
                                           struct xa_linkage_eval_result *cv);

#endif
