/*
 * store_demo.h - the store's table of the demo county's planted series (demo_series, migration
 * 005): which cases `xiaoan demo` made the work of one offender, so series linkage can be
 * scored against the truth. Only the demo generator writes it.
 *
 * A backend implements it as the table struct xa_store_demo_ops at the end (SQLite:
 * sqlite_demo.c), which the functions reach through xa_store_ops.demo (store_series.c).
 */
#ifndef XA_STORE_DEMO_H
#define XA_STORE_DEMO_H

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* One case of a planted series. */
struct xa_demo_series {
    const char *code; /* "DEMO-SM-DOG" */
    const char *name; /* "石门三村投毒偷狗系列案" */
    int64_t case_id;
};

/* Records case_id as a member of the series code (named name); XA_ECONFLICT when it is one
 * already, XA_ENOTFOUND for an unknown case. Strings are copied. */
XA_MUST_CHECK int xa_store_demo_series_put(struct xa_store *s, const char *code, const char *name,
                                           int64_t case_id);
/* Every member of every series, by code then case id; arena-owned. */
XA_MUST_CHECK int xa_store_demo_series_list(struct xa_store *s, struct xa_arena *a,
                                            struct xa_demo_series **out, size_t *n);

/* The backend's side of this header (xa_store_ops.demo). */
struct xa_store_demo_ops {
    int (*series_put)(struct xa_store *s, const char *code, const char *name, int64_t case_id);
    int (*series_list)(struct xa_store *s, struct xa_arena *a, struct xa_demo_series **out,
                       size_t *n);
};

#endif
