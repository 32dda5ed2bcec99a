/*
 * analysis_svc.h - the analysis engine's service side: owner of the process's one analysis
 * index (analysis/index.h), the one door to it from the layers above service/ (STYLE.md §1).
 *
 * Life of the index: `xiaoan serve` loads it from the store before it takes requests
 * (xa_analysis_svc_load); every incident write of this process then commits through
 * xa_analysis_svc_commit_incident(), which puts the committed row into the index; a query
 * finding no index loads one first. Writes by another process (a second server, an import
 * run beside it) reach the index at its next load.
 *
 * Locks: readers (queries) share a read lock and run concurrently; a put takes the write
 * lock for the time of one row. Commits of incidents and their puts are ordered by one mutex,
 * so the index sees a record's writes in the order the database committed them, and a load
 * (which holds that mutex) sees no commit half-applied.
 */
#ifndef XA_ANALYSIS_SVC_H
#define XA_ANALYSIS_SVC_H

#include "analysis/compstat.h"
#include "core/incident.h"
#include "service/ctx.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xa_analysis_load_stats {
    size_t n_incidents; /* rows in the index */
    size_t n_refused;   /* rows the index could not hold (logged) */
    size_t row_bytes;   /* bytes of one incident over its columns */
    size_t alloc_bytes; /* bytes the incident columns have allocated */
    double seconds;     /* wall time of the load */
};

/* Progress of a load: done of about total incidents (total may be exceeded by late writes). */
typedef void (*xa_analysis_progress_fn)(void *arg, size_t done, size_t total);

/* Builds the index from every incident of s (streamed in id order) and makes it the loaded
 * one, replacing any before; fn (may be NULL) hears of progress every 65,536 rows and at the
 * end. Queries keep using the previous index while this runs. Store errors. */
XA_MUST_CHECK int xa_analysis_svc_load(struct xa_store *s, xa_analysis_progress_fn fn, void *arg,
                                       struct xa_analysis_load_stats *out);
/* Frees the loaded index, if any (a later query loads it again). */
void xa_analysis_svc_unload(void);

/* Commits ctx's open transaction (xa_store_commit) and, when that succeeds and an index is
 * loaded, puts inc — the record as committed — into it (a new row, or its row rewritten in
 * place). The commit's result. */
XA_MUST_CHECK int xa_analysis_svc_commit_incident(struct xa_ctx *ctx,
                                                  const struct xa_incident *inc);

/* Where CompStat counts: the index, or the same aggregation in SQL (the peer tests and
 * benchmarks compare with). */
enum xa_analysis_source { XA_ANALYSIS_INDEX, XA_ANALYSIS_SQL };

#define XA_COMPSTAT_MAX_WEEKS 520
#define XA_COMPSTAT_MAX_MONTHS 120

struct xa_compstat_request {
    int period;      /* enum xa_compstat_period */
    unsigned by;     /* enum xa_compstat_by bits; 0 = totals only */
    int64_t from;    /* a time in the first day (0 = 11 periods before `to`'s) */
    int64_t to;      /* a time in the last day, inclusive (0 = now) */
    int64_t unit_id; /* 0 = the actor's units; else this unit's subtree, in scope */
};

struct xa_compstat_group {
    int64_t unit_id, grid_id; /* 0 when not grouped by */
    int category;             /* 0 when not grouped by */
    int64_t *now, *last;      /* [n_periods] */
    int64_t total_now, total_last;
};

/* CompStat of the actor's units: whole periods from the one containing `from` to the one
 * containing `to`. Everything is arena-owned. */
struct xa_compstat_report {
    int period;
    unsigned by;
    size_t n_periods;
    int64_t from, to;                 /* counted: received_at in [from, to) */
    int64_t last_from, last_to;       /* the same a year before */
    int64_t *start, *last_start;      /* [n_periods + 1]: period bounds, UTC */
    const char **label, **last_label; /* [n_periods]: "2026-W01", "2026-01" */
    struct xa_compstat_group *groups; /* non-empty ones, by unit_id, category, grid_id */
    size_t n_groups;
    int64_t *total_now, *total_last; /* [n_periods], over every group */
};

/* 422 on period, by, from, to (from after to, or more than XA_COMPSTAT_MAX_* periods) or
 * unit (no_such_unit, not_in_scope); 401 without an actor. */
XA_MUST_CHECK int xa_analysis_svc_compstat(struct xa_ctx *ctx, const struct xa_compstat_request *q,
                                           int source, struct xa_compstat_report *out);

#endif
