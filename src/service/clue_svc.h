/*
 * clue_svc.h - the clue ledger (线索, docs/linkage.md): clues from cases, visits, the public and
 * analysis, assigned and followed to an outcome; linkage suggestions accepted into a series or
 * rejected with a reason; and the counters computed from the ledger.
 *
 * States: open -> verified [xa_clue_svc_verify, xa_clue_svc_accept]
 *              -> not_verified [xa_clue_svc_reject]; only an open clue changes (409).
 * Each write is one transaction with its audit row. A clue belongs to the unit of its case
 * (else the creator's station); outside the actor's scope it is 404.
 */
#ifndef XA_CLUE_SVC_H
#define XA_CLUE_SVC_H

#include "core/case.h"
#include "service/ctx.h"
#include "store/store_series.h"

#define XA_CLUE_CONTENT_MAX 2000

struct xa_clue_stats {
    int64_t clues, verified, not_verified, open;
    int64_t by_source[5]; /* by enum xa_clue_source */
    int64_t case_solved, series_linked;
    int64_t cases_in_series, series;
};

extern const struct xa_vocab xa_clue_vocab_kind, xa_clue_vocab_source, xa_clue_vocab_status,
    xa_clue_vocab_outcome;

/* in: source, content, case_id (0 none), assignee_id (0 none). */
XA_MUST_CHECK int xa_clue_svc_create(struct xa_ctx *ctx, const struct xa_clue *in,
                                     struct xa_clue *out);
XA_MUST_CHECK int xa_clue_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_clue *out);
XA_MUST_CHECK int xa_clue_svc_list(struct xa_ctx *ctx, const struct xa_clue_filter *f,
                                   struct xa_clue **out, size_t *n, int64_t *total);
XA_MUST_CHECK int xa_clue_svc_assign(struct xa_ctx *ctx, int64_t id, int64_t assignee_id,
                                     struct xa_clue *out);
XA_MUST_CHECK int xa_clue_svc_verify(struct xa_ctx *ctx, int64_t id, int outcome, const char *note,
                                     int64_t series_id, struct xa_clue *out);
/* A linkage clue's pair also goes into the rejections (never proposed again). */
XA_MUST_CHECK int xa_clue_svc_reject(struct xa_ctx *ctx, int64_t id, const char *reason,
                                     struct xa_clue *out);
/* Linkage clues only (409 otherwise): links the two cases (xa_series_svc_link_tx). */
XA_MUST_CHECK int xa_clue_svc_accept(struct xa_ctx *ctx, int64_t id, const char *name,
                                     struct xa_clue *out);
/* The case and the series a clue names, for its JSON (no scope check: the clue was). */
XA_MUST_CHECK int xa_clue_svc_case(struct xa_ctx *ctx, int64_t id, struct xa_case *out);
XA_MUST_CHECK int xa_clue_svc_series(struct xa_ctx *ctx, int64_t id, struct xa_series *out);

/* Counters over [from, to) within unit_id's subtree (0 = the actor's scope). */
XA_MUST_CHECK int xa_clue_svc_stats(struct xa_ctx *ctx, int64_t unit_id, int64_t from, int64_t to,
                                    struct xa_clue_stats *out);

#endif
