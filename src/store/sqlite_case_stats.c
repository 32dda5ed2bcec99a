/*
 * sqlite_case_stats.c - the SQLite backend's case statistics (docs/cases.md, 案件统计):
 * cases opened (with their loss and recovered value), cases solved, arrests, and the times to
 * solve, each over its own time column, grouped by nothing, by the case's unit, or by the
 * top-level type of the case's type.
 *
 * Invariants: those of sqlite_int.h. Every statement binds ?1 from, ?2 to (a half-open
 * interval), ?3 the scope path (NULL = all) and ?4 a unit whose subtree counts (0 = any).
 */
#include "store/sqlite_int.h"

#define FROM_CASES                                                                                 \
    " FROM cases c JOIN case_types t ON t.id = c.type_id"                                          \
    " LEFT JOIN case_types tp ON tp.id = t.parent_id"
#define SCOPE                                                                                      \
    " AND (?3 IS NULL OR c.unit_id IN (SELECT u.id FROM units u WHERE u.path LIKE ?3 || '%'))"     \
    " AND (?4 = 0 OR c.unit_id IN (SELECT d.id FROM units d JOIN units r"                          \
    " ON d.path LIKE r.path || '%' WHERE r.id = ?4))"
#define KEY_NONE "0"
#define KEY_STATION "c.unit_id"
#define KEY_TYPE                                                                                   \
    "CASE WHEN tp.parent_id IS NOT NULL THEN tp.parent_id WHEN t.parent_id IS NOT NULL"            \
    " THEN t.parent_id ELSE t.id END"

#define OPENED(K)                                                                                  \
    "SELECT " K ", count(*), sum((SELECT coalesce(sum(p.value_fen), 0) FROM property p"            \
    " WHERE p.case_id = c.id)), sum((SELECT coalesce(sum(p.value_fen), 0) FROM property p"         \
    " WHERE p.case_id = c.id AND p.status >= 2))" FROM_CASES                                       \
    " WHERE c.opened_at >= ?1 AND c.opened_at < ?2" SCOPE " GROUP BY 1 ORDER BY 1"
#define SOLVED(K)                                                                                  \
    "SELECT " K ", count(*), 0, 0" FROM_CASES                                                      \
    " WHERE c.solved_at >= ?1 AND c.solved_at < ?2" SCOPE " GROUP BY 1 ORDER BY 1"
#define ARRESTS(K)                                                                                 \
    "SELECT " K ", count(*), 0, 0 FROM arrests a JOIN cases c ON c.id = a.case_id"                 \
    " JOIN case_types t ON t.id = c.type_id LEFT JOIN case_types tp ON tp.id = t.parent_id"        \
    " WHERE a.at >= ?1 AND a.at < ?2" SCOPE " GROUP BY 1 ORDER BY 1"
#define TIMES(K)                                                                                   \
    "SELECT " K ", c.solved_at - c.reported_at" FROM_CASES                                         \
    " WHERE c.solved_at >= ?1 AND c.solved_at < ?2" SCOPE " ORDER BY 1, 2"

/* Indexed by enum xa_case_group. */
static const char *const sql_opened[] = {OPENED(KEY_NONE), OPENED(KEY_STATION), OPENED(KEY_TYPE)};
static const char *const sql_solved[] = {SOLVED(KEY_NONE), SOLVED(KEY_STATION), SOLVED(KEY_TYPE)};
static const char *const sql_arrests[] = {ARRESTS(KEY_NONE), ARRESTS(KEY_STATION),
                                          ARRESTS(KEY_TYPE)};
static const char *const sql_times[] = {TIMES(KEY_NONE), TIMES(KEY_STATION), TIMES(KEY_TYPE)};
static const char sql_unit_name[] = "SELECT code, name FROM units WHERE id = ?";
static const char sql_type_name[] = "SELECT code, name_zh FROM case_types WHERE id = ?";

/* One grouped count: key, count, loss, recovered. */
struct counted {
    int64_t key, n, loss, recovered;
};

static void read_counted(struct reader *r, void *row)
{
    struct counted *c = row;
    c->key = r_i64(r);
    c->n = r_i64(r);
    c->loss = r_i64(r);
    c->recovered = r_i64(r);
}

static int run(struct sqlite_store *s, struct xa_arena *a, const char *sql,
               const struct xa_case_stats_query *q, row_fn fn, size_t size, void **out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, q->from);
    b_i64(&b, q->to ? q->to : INT64_MAX);
    b_text(&b, q->scope_path);
    b_i64(&b, q->unit_id);
    rc = bound(s, &b);
    return rc ? rc : collect(s, st, a, size, fn, out, n);
}

/* The row of key in *rows, appended when missing. */
static struct xa_case_stats_row *row_of(struct xa_arena *a, struct xa_case_stats_row **rows,
                                        size_t *n, size_t *cap, int64_t key)
{
    for (size_t i = 0; i < *n; i++)
        if ((*rows)[i].key_id == key)
            return &(*rows)[i];
    *rows = grow(a, *rows, *n, cap, sizeof(**rows));
    struct xa_case_stats_row *r = &(*rows)[(*n)++];
    memset(r, 0, sizeof(*r));
    r->key_id = key;
    return r;
}

static int name_row(struct sqlite_store *s, struct xa_arena *a, int group,
                    struct xa_case_stats_row *row)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, group == XA_CASE_GROUP_STATION ? sql_unit_name : sql_type_name, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, row->key_id);
    rc = step_row(s, &b);
    if (!rc) {
        struct reader r = {st, a, 0};
        row->key = r_text(&r);
        row->name = r_text(&r);
    }
    release(st);
    return rc;
}

static int by_key(const void *x, const void *y)
{
    const struct xa_case_stats_row *p = x, *q = y;
    if (p->key && q->key)
        return strcmp(p->key, q->key);
    return (p->key_id > q->key_id) - (p->key_id < q->key_id);
}

int xa_sqlite_case_stats_get(struct xa_store *h, struct xa_arena *a,
                             const struct xa_case_stats_query *q, struct xa_case_stats_row **out,
                             size_t *n_out)
{
    struct sqlite_store *s = S(h);
    int g = q->group;
    if (g < XA_CASE_GROUP_NONE || g > XA_CASE_GROUP_TYPE) {
        snprintf(s->errmsg, sizeof(s->errmsg), "unknown grouping %d", g);
        return XA_EINVAL;
    }
    struct xa_case_stats_row *rows = NULL;
    size_t n = 0, cap = 0;
    const char *const *sqls[] = {sql_opened, sql_solved, sql_arrests};
    for (int k = 0; k < 3; k++) {
        struct counted *v;
        size_t nv;
        int rc = run(s, a, sqls[k][g], q, read_counted, sizeof(*v), (void **)&v, &nv);
        if (rc)
            return rc;
        for (size_t i = 0; i < nv; i++) {
            struct xa_case_stats_row *r = row_of(a, &rows, &n, &cap, v[i].key);
            if (k == 0) {
                r->opened = v[i].n;
                r->loss_fen = v[i].loss;
                r->recovered_fen = v[i].recovered;
            } else if (k == 1) {
                r->solved = v[i].n;
            } else {
                r->arrests = v[i].n;
            }
        }
    }
    if (g == XA_CASE_GROUP_NONE && n == 0)
        row_of(a, &rows, &n, &cap, 0);
    for (size_t i = 0; i < n && g != XA_CASE_GROUP_NONE; i++) {
        int rc = name_row(s, a, g, &rows[i]);
        if (rc)
            return rc;
    }
    if (n > 1)
        qsort(rows, n, sizeof(*rows), by_key);
    *out = rows;
    *n_out = n;
    return XA_OK;
}

static void read_time(struct reader *r, void *row)
{
    struct xa_case_solve_time *t = row;
    t->key_id = r_i64(r);
    t->seconds = r_i64(r);
}

int xa_sqlite_case_stats_solve_times(struct xa_store *h, struct xa_arena *a,
                                     const struct xa_case_stats_query *q,
                                     struct xa_case_solve_time **out, size_t *n)
{
    struct sqlite_store *s = S(h);
    if (q->group < XA_CASE_GROUP_NONE || q->group > XA_CASE_GROUP_TYPE) {
        snprintf(s->errmsg, sizeof(s->errmsg), "unknown grouping %d", q->group);
        return XA_EINVAL;
    }
    return run(s, a, sql_times[q->group], q, read_time, sizeof(**out), (void **)out, n);
}
