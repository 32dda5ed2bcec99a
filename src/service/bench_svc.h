/*
 * bench_svc.h - benchmarks of the analysis engine that need its modules directly (the CLI may
 * not include analysis/): synthetic data, timings and the check against the reference.
 */
#ifndef XA_BENCH_SVC_H
#define XA_BENCH_SVC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xa_bench_linkage_opts {
    uint64_t n;       /* synthetic cases (>= 2) */
    uint64_t seed;    /* of the cases and of the queries */
    uint64_t k;       /* hits per query */
    uint64_t queries; /* timed by the index */
    uint64_t brute;   /* of those, also timed by scoring every case (<= queries) */
};

struct xa_bench_linkage_result {
    double build_s;           /* building the index */
    double bytes_per_case;    /* the index's memory per case */
    double median_ms, p99_ms; /* top-k by the index */
    double brute_median_ms;   /* top-k by scoring every case */
    double scored_mean;       /* cases the index scored exactly per query */
    bool agree;               /* the index gave the brute force's hits, order and scores */
};

/* Builds o->n cases over a 40 km county (most around 40 hotspots, two years, evenings more
 * likely, twelve types, MO tags with rarity from the cases), indexes them with
 * analysis/linkage_index.h under the default model and times top-k of random cases. */
void xa_bench_svc_linkage(const struct xa_bench_linkage_opts *o,
                          struct xa_bench_linkage_result *out);

#endif
