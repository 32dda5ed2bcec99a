/*
 * sqlite_int.h - the SQLite backend's internals shared by its files (sqlite.c: connection,
 * migrations, organisation and incidents; sqlite_case.c, sqlite_person.c, sqlite_case_stats.c:
 * cases; sqlite_series.c: series linkage; sqlite_demo.c: the demo's planted series;
 * sqlite_analysis.c: scans for analysis; sqlite_import.c: bulk import). Only files of the
 * SQLite backend include it; nothing above store/ sees sqlite3.h.
 *
 * Invariants (as in sqlite.c):
 *  1. User values reach SQL only through ? bindings. sqlite.c keeps its fixed statements in
 *     s->stmt[] by its enum; the other files prepare theirs with prepare_sql(), cached in
 *     s->fixed[] by the address of their constant text; list queries are assembled from fixed
 *     fragments (struct query) and cached in s->dyn[] by their text.
 *  2. A statement is reset and its bindings cleared (release()) before the function that
 *     stepped it returns, after its rows have been copied into the caller's arena.
 *  3. Columns: an id or optional time that is 0 in the struct is NULL in the row and reads back
 *     as 0; NULL strings stay NULL; enums are integers.
 *  4. A failure keeps sqlite3_errmsg() in s->errmsg and maps the result code (fail()).
 */
#ifndef XA_SQLITE_INT_H
#define XA_SQLITE_INT_H

#include "base/arena.h"
#include "base/mem.h"
#include "store/store.h"

#include <assert.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N_DYN 16        /* cached list queries */
#define N_STMT_MAX 64   /* fixed statements of sqlite.c */
#define N_FIXED 128     /* fixed statements of the other files, keyed by their text's address */
#define QUERY_MAX 2048  /* bytes of an assembled list query */
#define QUERY_PARAMS 24 /* bound values of an assembled list query */
#define PER_PAGE_DEFAULT 20
#define PER_PAGE_MAX 200

/* An assembled list query in the cache; sql is heap-owned. */
struct dyn_stmt {
    char *sql;
    sqlite3_stmt *st;
};

/* A fixed statement of a file other than sqlite.c; sql is that file's constant. */
struct fixed_stmt {
    const char *sql;
    sqlite3_stmt *st;
};

/* Begins with the ops pointer: store.c sees every backend's handle as that pointer alone. */
struct sqlite_store {
    const struct xa_store_ops *ops;
    sqlite3 *db;
    sqlite3_stmt *stmt[N_STMT_MAX];
    struct fixed_stmt fixed[N_FIXED];
    size_t n_fixed;
    struct dyn_stmt dyn[N_DYN];
    unsigned dyn_next; /* slot to evict next */
    /* Owns what a _put hands back without an arena (the new unit's path) until close; units
     * are created rarely, so it stays small. */
    struct xa_arena keep;
    struct wal_sync *sync; /* group commit of this database file (sqlite_sync.c) */
    bool writing;          /* a write transaction is open: this handle holds the write lock */
    bool unsynced;         /* its last write commit is not known durable yet */
    char errmsg[512];
};

/* Group commit (sqlite_sync.c): one struct wal_sync per database file in the process. */
struct wal_sync;
struct wal_sync *xa_sqlite_sync_attach(const char *db_path);
void xa_sqlite_sync_detach(struct wal_sync *w);
/* After a COMMIT: returns once the log is fsynced past it (XA_ESTORE when that fsync fails). */
int xa_sqlite_sync_wait(struct wal_sync *w);
/* The process's writers of the file one at a time: XA_EBUSY after timeout_ms. */
int xa_sqlite_write_lock(struct wal_sync *w, int timeout_ms);
void xa_sqlite_write_unlock(struct wal_sync *w);

static inline struct sqlite_store *S(struct xa_store *h)
{
    return (struct sqlite_store *)(void *)h;
}

/* Keeps the connection's message and maps src (an extended result code) to an XA_E* code. */
static inline int fail(struct sqlite_store *s, int src)
{
    snprintf(s->errmsg, sizeof(s->errmsg), "%s", sqlite3_errmsg(s->db));
    switch (src) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
        return XA_ECONFLICT;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
        return XA_ENOTFOUND;
    default:
        return (src & 0xff) == SQLITE_BUSY ? XA_EBUSY : XA_ESTORE;
    }
}

/* Prepares a fixed statement of a file other than sqlite.c once and keeps it until close; sql
 * must be a constant (it is found again by its address). */
static inline int prepare_sql(struct sqlite_store *s, const char *sql, sqlite3_stmt **out)
{
    for (size_t i = 0; i < s->n_fixed; i++) {
        if (s->fixed[i].sql == sql) {
            *out = s->fixed[i].st;
            return XA_OK;
        }
    }
    assert(s->n_fixed < N_FIXED); /* the statements are constants of the backend's files */
    sqlite3_stmt *st = NULL;
    int src = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (src != SQLITE_OK)
        return fail(s, src);
    s->fixed[s->n_fixed].sql = sql;
    s->fixed[s->n_fixed++].st = st;
    *out = st;
    return XA_OK;
}

/* Finds or prepares an assembled query, evicting the oldest cached one when full. */
static inline int prepare_dyn(struct sqlite_store *s, const char *sql, sqlite3_stmt **out)
{
    for (int i = 0; i < N_DYN; i++) {
        if (s->dyn[i].sql && strcmp(s->dyn[i].sql, sql) == 0) {
            *out = s->dyn[i].st;
            return XA_OK;
        }
    }
    sqlite3_stmt *st = NULL;
    int src = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (src != SQLITE_OK)
        return fail(s, src);
    struct dyn_stmt *d = &s->dyn[s->dyn_next];
    s->dyn_next = (s->dyn_next + 1) % N_DYN;
    sqlite3_finalize(d->st);
    free(d->sql);
    d->sql = xa_xstrdup(sql);
    d->st = st;
    *out = st;
    return XA_OK;
}

static inline void release(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Binds parameters left to right; the first failure sticks in rc. Strings are bound
 * SQLITE_STATIC: they outlive the step, and release() clears them. */
struct binder {
    sqlite3_stmt *st;
    int i;
    int rc;
};

static inline void b_i64(struct binder *b, int64_t v)
{
    if (b->rc == SQLITE_OK)
        b->rc = sqlite3_bind_int64(b->st, ++b->i, v);
}

/* 0 (no reference, no time) is NULL. */
static inline void b_opt(struct binder *b, int64_t v)
{
    if (b->rc == SQLITE_OK)
        b->rc = v ? sqlite3_bind_int64(b->st, ++b->i, v) : sqlite3_bind_null(b->st, ++b->i);
}

static inline void b_text(struct binder *b, const char *v)
{
    if (b->rc == SQLITE_OK)
        b->rc = v ? sqlite3_bind_text(b->st, ++b->i, v, -1, SQLITE_STATIC)
                  : sqlite3_bind_null(b->st, ++b->i);
}

static inline void b_real(struct binder *b, bool has, double v)
{
    if (b->rc == SQLITE_OK)
        b->rc = has ? sqlite3_bind_double(b->st, ++b->i, v) : sqlite3_bind_null(b->st, ++b->i);
}

/* Steps a bound statement once; *has_row says whether it gave a row. */
static inline int step(struct sqlite_store *s, struct binder *b, bool *has_row)
{
    *has_row = false;
    if (b->rc != SQLITE_OK)
        return fail(s, b->rc);
    int src = sqlite3_step(b->st);
    *has_row = src == SQLITE_ROW;
    return src == SQLITE_ROW || src == SQLITE_DONE ? XA_OK : fail(s, src);
}

/* Steps a bound statement that should give a row: XA_ENOTFOUND when there is none. */
static inline int step_row(struct sqlite_store *s, struct binder *b)
{
    bool has_row;
    int rc = step(s, b, &has_row);
    return rc ? rc : has_row ? XA_OK : XA_ENOTFOUND;
}

/* Runs a bound statement that returns no row. */
static inline int step_done(struct sqlite_store *s, struct binder *b)
{
    bool has_row;
    return step(s, b, &has_row);
}

/* Runs a bound UPDATE or DELETE: XA_ENOTFOUND when it touched no row. */
static inline int step_change(struct sqlite_store *s, struct binder *b)
{
    int rc = step_done(s, b);
    if (!rc && sqlite3_changes(s->db) == 0)
        rc = XA_ENOTFOUND;
    return rc;
}

/* Reads the columns of a row left to right, copying text into the arena. */
struct reader {
    sqlite3_stmt *st;
    struct xa_arena *a;
    int i;
};

static inline int64_t r_i64(struct reader *r)
{
    return sqlite3_column_int64(r->st, r->i++); /* NULL reads as 0 */
}

static inline int r_int(struct reader *r)
{
    return sqlite3_column_int(r->st, r->i++);
}

static inline const char *r_text(struct reader *r)
{
    const unsigned char *p = sqlite3_column_text(r->st, r->i);
    int len = sqlite3_column_bytes(r->st, r->i++);
    return p ? xa_arena_strndup(r->a, (const char *)p, (size_t)len) : NULL;
}

static inline bool r_is_null(const struct reader *r)
{
    return sqlite3_column_type(r->st, r->i) == SQLITE_NULL;
}

static inline double r_real(struct reader *r)
{
    return sqlite3_column_double(r->st, r->i++);
}

/* Makes room for row n of an arena array of capacity *cap, doubling as needed. */
static inline void *grow(struct xa_arena *a, void *p, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return p;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *q = xa_arena_alloc(a, ncap * size);
    if (n)
        memcpy(q, p, n * size);
    *cap = ncap;
    return q;
}

/* A list query assembled from fixed fragments: the text and the values of its ? marks. */
struct query {
    char sql[QUERY_MAX];
    size_t len;
    bool has_where;
    int n;
    struct {
        const char *text; /* NULL: an integer */
        int64_t i;
    } p[QUERY_PARAMS];
};

static inline void q_add(struct query *q, const char *frag)
{
    size_t n = strlen(frag);
    assert(q->len + n < sizeof(q->sql)); /* fragments are constants of this file */
    memcpy(q->sql + q->len, frag, n + 1);
    q->len += n;
}

/* Adds a condition, ANDed with those before it. */
static inline void q_cond(struct query *q, const char *cond)
{
    q_add(q, q->has_where ? " AND " : " WHERE ");
    q_add(q, cond);
    q->has_where = true;
}

static inline void q_int(struct query *q, int64_t v)
{
    assert(q->n < QUERY_PARAMS);
    q->p[q->n].text = NULL;
    q->p[q->n++].i = v;
}

static inline void q_text(struct query *q, const char *v)
{
    assert(q->n < QUERY_PARAMS && v);
    q->p[q->n++].text = v;
}

/* Prepares head + q's conditions + tail and binds q's values; the caller steps and releases. */
static inline int q_run(struct sqlite_store *s, const char *head, const struct query *q,
                        const char *tail, sqlite3_stmt **out)
{
    char sql[QUERY_MAX + 1024];
    int len = snprintf(sql, sizeof(sql), "%s%s%s", head, q->sql, tail);
    if (len < 0 || (size_t)len >= sizeof(sql))
        return XA_EINTERNAL; /* head and tail are constants of this file: a bug */
    sqlite3_stmt *st = NULL;
    int rc = prepare_dyn(s, sql, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    for (int i = 0; i < q->n; i++) {
        if (q->p[i].text)
            b_text(&b, q->p[i].text);
        else
            b_i64(&b, q->p[i].i);
    }
    if (b.rc != SQLITE_OK) {
        rc = fail(s, b.rc);
        release(st);
        return rc;
    }
    *out = st;
    return XA_OK;
}

/* count(*) of "FROM ... WHERE ..." into *total. */
static inline int q_count(struct sqlite_store *s, const char *from, const struct query *q,
                          int64_t *total)
{
    char head[256];
    snprintf(head, sizeof(head), "SELECT count(*) %s", from);
    sqlite3_stmt *st = NULL;
    int rc = q_run(s, head, q, "", &st);
    if (rc)
        return rc;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW)
        *total = sqlite3_column_int64(st, 0);
    else
        rc = fail(s, src);
    release(st);
    return rc;
}

/* LIMIT and OFFSET for a 1-based page of per_page rows (0 = default, clamped to 1..max). */
static inline void q_page(struct query *q, int64_t page, int64_t per_page)
{
    if (per_page == 0)
        per_page = PER_PAGE_DEFAULT;
    else if (per_page < 1)
        per_page = 1;
    else if (per_page > PER_PAGE_MAX)
        per_page = PER_PAGE_MAX;
    if (page < 1)
        page = 1;
    if (page - 1 > INT64_MAX / per_page)
        page = INT64_MAX / per_page;
    q_int(q, per_page);
    q_int(q, (page - 1) * per_page);
}

/* Reads one row into *row (of the caller's struct type). */
typedef void (*row_fn)(struct reader *r, void *row);

/* Steps st (bound, or released by the caller on a bind failure) to the end, reading each row
 * with fn into an arena array of elements of size bytes; releases st. */
static inline int collect(struct sqlite_store *s, sqlite3_stmt *st, struct xa_arena *a, size_t size,
                          row_fn fn, void **out, size_t *n_out)
{
    char *v = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        v = grow(a, v, n, &cap, size);
        struct reader r = {st, a, 0};
        fn(&r, v + n * size);
        n++;
    }
    int rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (!rc) {
        *out = v;
        *n_out = n;
    }
    return rc;
}

/* Binds st's one key (text_key, or key when text_key is NULL), steps it to the row it must
 * give (XA_ENOTFOUND when none), reads that row with fn into out; releases st. */
static inline int one_row(struct sqlite_store *s, sqlite3_stmt *st, struct xa_arena *a, int64_t key,
                          const char *text_key, row_fn fn, void *out)
{
    struct binder b = {st, 0, SQLITE_OK};
    if (text_key)
        b_text(&b, text_key);
    else
        b_i64(&b, key);
    int rc = step_row(s, &b);
    if (!rc)
        fn(&(struct reader){st, a, 0}, out);
    release(st);
    return rc;
}

/* Steps st, a prepared "next sequence number of (unit, day)" query (incident and case codes),
 * into *out; releases st. */
static inline int unit_day_seq(struct sqlite_store *s, sqlite3_stmt *st, int64_t unit_id,
                               int32_t day, int64_t *out)
{
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, unit_id);
    b_i64(&b, day);
    int rc = step_row(s, &b);
    if (!rc)
        *out = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

/* Fails with the binder's error (releasing its statement) when a bind went wrong. */
static inline int bound(struct sqlite_store *s, struct binder *b)
{
    if (b->rc == SQLITE_OK)
        return XA_OK;
    int rc = fail(s, b->rc);
    release(b->st);
    return rc;
}

/* sqlite_person.c and sqlite_case_stats.c: entries of xa_sqlite_case_ops (sqlite_case.c). */
int xa_sqlite_person_put(struct xa_store *h, struct xa_person *p);
int xa_sqlite_person_update(struct xa_store *h, const struct xa_person *p);
int xa_sqlite_person_get(struct xa_store *h, struct xa_arena *a, int64_t id, struct xa_person *out);
int xa_sqlite_person_find_id_number(struct xa_store *h, struct xa_arena *a, const char *id_number,
                                    struct xa_person *out);
int xa_sqlite_person_list(struct xa_store *h, struct xa_arena *a, const struct xa_person_filter *f,
                          struct xa_person **out, size_t *n, int64_t *total);
/* Reads the person columns of PERSON_COLUMNS into p (a struct xa_person; a row_fn). */
void xa_sqlite_person_read(struct reader *r, void *p);
#define PERSON_COLUMNS                                                                             \
    "p.id, p.name, p.id_number, p.sex, p.birth_date, p.phone, p.address, p.created_at,"            \
    " p.updated_at"
int xa_sqlite_case_stats_get(struct xa_store *h, struct xa_arena *a,
                             const struct xa_case_stats_query *q, struct xa_case_stats_row **out,
                             size_t *n);
int xa_sqlite_case_stats_solve_times(struct xa_store *h, struct xa_arena *a,
                                     const struct xa_case_stats_query *q,
                                     struct xa_case_solve_time **out, size_t *n);
/* The sub-tables of xa_sqlite_ops (sqlite.c), each defined by the file named. */
extern const struct xa_store_case_ops xa_sqlite_case_ops;         /* sqlite_case.c */
extern const struct xa_store_series_ops xa_sqlite_series_ops;     /* sqlite_series.c */
extern const struct xa_store_demo_ops xa_sqlite_demo_ops;         /* sqlite_demo.c */
extern const struct xa_store_analysis_ops xa_sqlite_analysis_ops; /* sqlite_analysis.c */
extern const struct xa_store_import_ops xa_sqlite_import_ops;     /* sqlite_import.c */

#endif
