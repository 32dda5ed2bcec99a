/*
 * sqlite_demo.c - the SQLite backend's side of store_demo.h: the table demo_series of the
 * demo county's planted series (migration 005), and the table xa_sqlite_demo_ops.
 *
 * Invariants: those of sqlite_int.h.
 */
#include "store/store_demo.h"

#include "store/sqlite_int.h"

static const char sql_put[] =
    "INSERT INTO demo_series(series_code, name, case_id) VALUES (?, ?, ?)";
static const char sql_list[] = "SELECT series_code, name, case_id FROM demo_series"
                               " ORDER BY series_code, case_id";

static int sq_demo_series_put(struct xa_store *h, const char *code, const char *name,
                              int64_t case_id)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, code);
    b_text(&b, name);
    b_i64(&b, case_id);
    rc = step_done(s, &b);
    release(st);
    return rc;
}

static void read_row(struct reader *r, void *row)
{
    struct xa_demo_series *x = row;
    x->code = r_text(r);
    x->name = r_text(r);
    x->case_id = r_i64(r);
}

static int sq_demo_series_list(struct xa_store *h, struct xa_arena *a, struct xa_demo_series **out,
                               size_t *n)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_list, &st);
    if (rc)
        return rc;
    return collect(s, st, a, sizeof(struct xa_demo_series), read_row, (void **)out, n);
}

const struct xa_store_demo_ops xa_sqlite_demo_ops = {
    .series_put = sq_demo_series_put,
    .series_list = sq_demo_series_list,
};
