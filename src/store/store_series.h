/*
 * store_series.h - the store's tables of series linkage (docs/linkage.md, migration 006):
 * series (串并案) with members and notes, the clue ledger (线索), rejected suggestions and the
 * fitted linkage model; plus the packed case rows the linkage index is loaded from.
 *
 * A backend implements it as the table struct xa_store_series_ops at the end (SQLite:
 * sqlite_series.c), which the functions reach through xa_store_ops.series (store_series.c).
 * Rows are arena-owned; _get returns XA_ENOTFOUND when there is no such row. A pair of cases
 * is passed in either order and stored with the smaller id first.
 */
#ifndef XA_STORE_SERIES_H
#define XA_STORE_SERIES_H

#include "base/arena.h"
#include "base/err.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What series linkage needs of one case. */
struct xa_linkage_case {
    int64_t id, unit_id;
    int status; /* enum xa_case_status */
    bool has_location;
    double lat, lon;
    int64_t window_from, window_to, reported_at; /* window 0 = unknown */
    int64_t type_id, parent_id;                  /* parent 0 = a top-level type */
    const char *mo_tags;                         /* comma-separated codes, NULL = none */
    uint64_t property;                           /* bit c: an item of category c */
    int n_suspects;
    int suspect_sex; /* enum xa_sex when every suspect with a known sex agrees, else 0 */
};

/* Cases for linkage: every case (case_id 0) or one, by id. */
XA_MUST_CHECK int xa_store_linkage_cases(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                                         struct xa_linkage_case **out, size_t *n);

/* Models: _put appends a new version (sets *version); _latest gives the newest
 * (XA_ENOTFOUND when none). model is JSON text. */
struct xa_linkage_model_row {
    int64_t version, trained_at, n_pairs, n_linked;
    const char *model;
};
XA_MUST_CHECK int xa_store_linkage_model_put(struct xa_store *s, struct xa_linkage_model_row *m);
XA_MUST_CHECK int xa_store_linkage_model_latest(struct xa_store *s, struct xa_arena *a,
                                                struct xa_linkage_model_row *out);

/* Rejected suggestions: _put records (XA_ECONFLICT when the pair is there); _exists sets *out;
 * _list gives every pair (a < b) by a, b. */
XA_MUST_CHECK int xa_store_linkage_reject_put(struct xa_store *s, int64_t a, int64_t b, int64_t at,
                                              int64_t user_id, const char *reason);
XA_MUST_CHECK int xa_store_linkage_reject_exists(struct xa_store *s, int64_t a, int64_t b,
                                                 bool *out);
struct xa_case_pair {
    int64_t a, b;
};
XA_MUST_CHECK int xa_store_linkage_reject_list(struct xa_store *s, struct xa_arena *a,
                                               struct xa_case_pair **out, size_t *n);

struct xa_series {
    int64_t id;
    const char *code, *name;
    int64_t unit_id;
    int64_t created_at, created_by;
    const char *created_by_name;
    int64_t updated_at;
    /* derived from the members */
    int64_t n_members, n_solved, n_done; /* done: solved, transferred or closed */
    int64_t first_at, last_at;
    const char *types; /* comma-separated type codes */
};

struct xa_series_filter {
    const char *scope_path; /* a member (or, without members, the series' unit) within; NULL all */
    int64_t unit_id;        /* a member in the unit's subtree; 0 any */
    int64_t case_id;        /* the series of this case; 0 any */
    const char *q;          /* code or name contains */
    int64_t from, to;       /* created_at in [from, to); 0 open */
    int64_t page, per_page;
};

struct xa_series_member {
    int64_t series_id, case_id, added_at, added_by;
    const char *added_by_name, *reason;
    const char *series_code, *series_name; /* joined */
};

struct xa_series_note {
    int64_t id, series_id, at, user_id;
    const char *user_name, *text;
};

/* Series: _put inserts (sets id; code given); _rename writes name and updated_at; _touch
 * updated_at; _delete removes a series with no members or notes left. */
XA_MUST_CHECK int xa_store_series_put(struct xa_store *s, struct xa_series *x);
/* Sets the code of series id (codes derive from the id, known after the insert). */
XA_MUST_CHECK int xa_store_series_set_code(struct xa_store *s, int64_t id, const char *code);
XA_MUST_CHECK int xa_store_series_rename(struct xa_store *s, int64_t id, const char *name,
                                         int64_t at);
XA_MUST_CHECK int xa_store_series_delete(struct xa_store *s, int64_t id);
XA_MUST_CHECK int xa_store_series_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                      struct xa_series *out);
/* Newest first, *total before paging. */
XA_MUST_CHECK int xa_store_series_list(struct xa_store *s, struct xa_arena *a,
                                       const struct xa_series_filter *f, struct xa_series **out,
                                       size_t *n, int64_t *total);
/* Members: _put adds (XA_ECONFLICT: the case is in a series); _remove (XA_ENOTFOUND: not a
 * member); _move moves every member and note of from into to (or only case_id when not 0);
 * _of gives the series of a case (XA_ENOTFOUND: none); _list the members of a series by window
 * start, or (series_id 0) the memberships added in [from, to) of cases in scope / unit. */
XA_MUST_CHECK int xa_store_series_member_put(struct xa_store *s, const struct xa_series_member *m);
XA_MUST_CHECK int xa_store_series_member_remove(struct xa_store *s, int64_t series_id,
                                                int64_t case_id);
XA_MUST_CHECK int xa_store_series_member_move(struct xa_store *s, int64_t from, int64_t to,
                                              int64_t case_id);
XA_MUST_CHECK int xa_store_series_member_of(struct xa_store *s, int64_t case_id, int64_t *out);
XA_MUST_CHECK int xa_store_series_member_list(struct xa_store *s, struct xa_arena *a,
                                              int64_t series_id, const struct xa_series_filter *f,
                                              struct xa_series_member **out, size_t *n,
                                              int64_t *total);
XA_MUST_CHECK int xa_store_series_note_put(struct xa_store *s, struct xa_series_note *x);
XA_MUST_CHECK int xa_store_series_note_list(struct xa_store *s, struct xa_arena *a,
                                            int64_t series_id, struct xa_series_note **out,
                                            size_t *n);

enum xa_clue_kind { XA_CLUE_GENERAL = 1, XA_CLUE_LINKAGE };
enum xa_clue_source { XA_CLUE_CASE = 1, XA_CLUE_VISIT, XA_CLUE_PUBLIC, XA_CLUE_ANALYSIS };
enum xa_clue_status { XA_CLUE_OPEN = 1, XA_CLUE_VERIFIED, XA_CLUE_NOT_VERIFIED };
enum xa_clue_outcome { XA_CLUE_CASE_SOLVED = 1, XA_CLUE_SERIES_LINKED, XA_CLUE_OTHER };

struct xa_clue {
    int64_t id;
    int kind, source, status, outcome; /* outcome 0 = none */
    const char *content;
    int64_t case_id, other_id; /* 0 = none */
    double score;              /* log-odds of a linkage clue */
    const char *reasons;       /* JSON array of a linkage clue, NULL otherwise */
    int64_t unit_id;
    const char *unit_name; /* joined */
    int64_t assignee_id;
    const char *assignee_name;
    int64_t created_at, created_by;
    const char *created_by_name;
    int64_t assigned_at, closed_at, closed_by;
    const char *closed_by_name;
    const char *note, *reason;
    int64_t series_id;
};

struct xa_clue_filter {
    const char *scope_path;
    int64_t unit_id;
    int status, kind, source, outcome;
    int64_t assignee_id, case_id;
    int64_t from, to; /* created_at in [from, to) */
    int64_t page, per_page;
};

/* Clues: _put inserts (sets id; XA_ECONFLICT: a linkage clue of that pair exists); _update
 * writes status, outcome, assignee, assigned_at, closed_*, note, reason, series_id; _pair_exists
 * tells whether a linkage clue of the pair exists. _list is newest first. */
XA_MUST_CHECK int xa_store_clue_put(struct xa_store *s, struct xa_clue *c);
XA_MUST_CHECK int xa_store_clue_update(struct xa_store *s, const struct xa_clue *c);
XA_MUST_CHECK int xa_store_clue_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                    struct xa_clue *out);
XA_MUST_CHECK int xa_store_clue_pair_exists(struct xa_store *s, int64_t a, int64_t b, bool *out);
XA_MUST_CHECK int xa_store_clue_list(struct xa_store *s, struct xa_arena *a,
                                     const struct xa_clue_filter *f, struct xa_clue **out,
                                     size_t *n, int64_t *total);

/* The backend's side of this header (xa_store_ops.series), one entry per function above. */
struct xa_store_series_ops {
    int (*linkage_cases)(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                         struct xa_linkage_case **out, size_t *n);
    int (*linkage_model_put)(struct xa_store *s, struct xa_linkage_model_row *m);
    int (*linkage_model_latest)(struct xa_store *s, struct xa_arena *a,
                                struct xa_linkage_model_row *out);
    int (*linkage_reject_put)(struct xa_store *s, int64_t a, int64_t b, int64_t at, int64_t user_id,
                              const char *reason);
    int (*linkage_reject_exists)(struct xa_store *s, int64_t a, int64_t b, bool *out);
    int (*linkage_reject_list)(struct xa_store *s, struct xa_arena *a, struct xa_case_pair **out,
                               size_t *n);
    int (*put)(struct xa_store *s, struct xa_series *x);
    int (*set_code)(struct xa_store *s, int64_t id, const char *code);
    int (*rename)(struct xa_store *s, int64_t id, const char *name, int64_t at);
    int (*delete)(struct xa_store *s, int64_t id);
    int (*get)(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_series *out);
    int (*list)(struct xa_store *s, struct xa_arena *a, const struct xa_series_filter *f,
                struct xa_series **out, size_t *n, int64_t *total);
    int (*member_put)(struct xa_store *s, const struct xa_series_member *m);
    int (*member_remove)(struct xa_store *s, int64_t series_id, int64_t case_id);
    int (*member_move)(struct xa_store *s, int64_t from, int64_t to, int64_t case_id);
    int (*member_of)(struct xa_store *s, int64_t case_id, int64_t *out);
    int (*member_list)(struct xa_store *s, struct xa_arena *a, int64_t series_id,
                       const struct xa_series_filter *f, struct xa_series_member **out, size_t *n,
                       int64_t *total);
    int (*note_put)(struct xa_store *s, struct xa_series_note *x);
    int (*note_list)(struct xa_store *s, struct xa_arena *a, int64_t series_id,
                     struct xa_series_note **out, size_t *n);
    int (*clue_put)(struct xa_store *s, struct xa_clue *c);
    int (*clue_update)(struct xa_store *s, const struct xa_clue *c);
    int (*clue_get)(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_clue *out);
    int (*clue_pair_exists)(struct xa_store *s, int64_t a, int64_t b, bool *out);
    int (*clue_list)(struct xa_store *s, struct xa_arena *a, const struct xa_clue_filter *f,
                     struct xa_clue **out, size_t *n, int64_t *total);
};

#endif
