/*
 * compstat.h - CompStat counts (DESIGN §2.9: "什么犯罪突出就打击什么犯罪") from the analysis
 * index: incidents counted by (station, category, grid — any of them) x period, each period
 * beside the same period a year before.
 *
 * Periods are read in Asia/Shanghai and numbered on one line each:
 *   WEEK   ISO weeks, Monday 00:00 to Monday 00:00; week 0 starts Monday 1970-01-05. Labelled
 *          by ISO week-numbering year and week ("2026-W01" .. "2026-W53": a week belongs to
 *          the year of its Thursday). A year ago is 52 weeks before: 364 days, the same
 *          weekdays, within a week of the calendar date. So after a 53-week ISO year (2026,
 *          2032) week N compares with week N + 1 of the year before, and W53 with W01 of its
 *          own year.
 *   MONTH  calendar months; month b is year b / 12, month b % 12 + 1. A year ago is 12 months
 *          before.
 * An incident counts in the period of its received_at (the time the call was taken).
 */
#ifndef XA_COMPSTAT_H
#define XA_COMPSTAT_H

#include "analysis/index.h"
#include "base/arena.h"
#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

enum xa_compstat_period {
    XA_COMPSTAT_WEEK = 1,
    XA_COMPSTAT_MONTH = 2,
};

/* What a count is grouped by: an OR of these (0 = one row of totals). */
enum xa_compstat_by {
    XA_COMPSTAT_BY_UNIT = 1,
    XA_COMPSTAT_BY_CATEGORY = 2,
    XA_COMPSTAT_BY_GRID = 4,
};

#define XA_COMPSTAT_LABEL_MAX 16
#define XA_COMPSTAT_MAX_CELLS (1u << 24) /* groups x periods of one count */

/* The period containing UTC time t. */
int64_t xa_compstat_bucket(int period, int64_t t);
/* UTC start of period b (the end of b is the start of b + 1). */
int64_t xa_compstat_bucket_start(int period, int64_t b);
/* Periods back to "the same period last year": 52 weeks, or 12 months. */
int64_t xa_compstat_shift(int period);
/* "2026-W01" or "2026-01" into out (XA_COMPSTAT_LABEL_MAX bytes). */
void xa_compstat_label(int period, int64_t b, char *out);

struct xa_compstat_query {
    int period;             /* enum xa_compstat_period */
    int64_t b0, b1;         /* periods b0..b1, inclusive, b0 <= b1 */
    unsigned by;            /* enum xa_compstat_by bits */
    const uint8_t *unit_ok; /* per dense unit of the index: non-zero = counted; NULL = all */
    size_t n_unit_ok;       /* entries of unit_ok; units past it are not counted */
};

/* One group: dense keys of the index (those not grouped by are 0) and its counts. */
struct xa_compstat_row {
    uint16_t unit, grid;
    uint8_t category;
    uint32_t *now;  /* [n_buckets]: periods b0..b1 */
    uint32_t *last; /* [n_buckets]: the same periods a year before */
};

struct xa_compstat_result {
    size_t n_buckets;
    struct xa_compstat_row *rows; /* groups with a count in either row, by dense key */
    size_t n_rows;
};

/* Counts the incidents of ix for q; rows and counts are allocated from a. XA_EINVAL for a
 * bad period, by or range; XA_ETOOBIG when groups x periods pass XA_COMPSTAT_MAX_CELLS. */
XA_MUST_CHECK int xa_compstat_run(const struct xa_index *ix, const struct xa_compstat_query *q,
                                  struct xa_arena *a, struct xa_compstat_result *out);

#endif
