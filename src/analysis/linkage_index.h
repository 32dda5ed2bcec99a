/*
 * linkage_index.h - the k cases most likely linked to one case, among many (串并案 candidates).
 *
 * The index groups the records by case type (and parent), cuts each group into slabs of
 * consecutive time and lays a grid of square cells over each slab; a cell keeps what its records
 * have between them (MO tags, property classes, suspect codes, folded into a few bits) and its
 * time span. A query goes best first over rings of cells around its own position in every slab,
 * and inside a cell outward in time from its own middle, reading each record's compact key
 * before its full copy. Every score has an upper bound built from the model's largest possible
 * contributions (analysis/linkage.h, xa_linkage_contribution_max): the smallest distance to a
 * ring or cell, the smallest time gap, and the best case of every categorical feature the
 * cell's records allow. A ring, a cell or the rest of a cell's time is skipped only when that
 * bound is below the k-th best score so far, so the result is exactly that of scoring every
 * record (xa_linkage_index_brute), order included.
 *
 * Order of results: higher score first; equal scores by smaller id, then smaller position.
 * The query's own record (same id) is never a result.
 */
#ifndef XA_LINKAGE_INDEX_H
#define XA_LINKAGE_INDEX_H

#include "analysis/linkage.h"

#include <stddef.h>
#include <stdint.h>

struct xa_linkage_hit {
    int64_t id;   /* id of the record */
    uint32_t pos; /* its position in the array the index was built from */
    double score; /* log-odds of a link (xa_linkage_score(m, q, record)) */
};

struct xa_linkage_index;

/* Builds an index over a copy of the n records r (finite x and y; n < 2^32). Caller frees with
 * xa_linkage_index_free(). */
struct xa_linkage_index *xa_linkage_index_new(const struct xa_linkage_rec *r, size_t n);
void xa_linkage_index_free(struct xa_linkage_index *ix);

/* Number of records indexed. */
size_t xa_linkage_index_count(const struct xa_linkage_index *ix);

/* Bytes the index allocates (keys, its copy of the records, their positions, slabs, cells). */
size_t xa_linkage_index_bytes(const struct xa_linkage_index *ix);

/* The best min(k, matches) records for q under model m into out (k slots); returns how many. */
size_t xa_linkage_index_topk(const struct xa_linkage_index *ix, const struct xa_linkage_model *m,
                             const struct xa_linkage_rec *q, size_t k, struct xa_linkage_hit *out);

/* The same by scoring every one of the n records r: the reference the index must equal. */
size_t xa_linkage_index_brute(const struct xa_linkage_rec *r, size_t n,
                              const struct xa_linkage_model *m, const struct xa_linkage_rec *q,
                              size_t k, struct xa_linkage_hit *out);

/* xa_linkage_index_topk() that also tells how many records it scored exactly (n_scored), for
 * benchmarks and tests of the pruning. */
size_t xa_linkage_index_topk_stats(const struct xa_linkage_index *ix,
                                   const struct xa_linkage_model *m, const struct xa_linkage_rec *q,
                                   size_t k, struct xa_linkage_hit *out, size_t *n_scored);

#endif
