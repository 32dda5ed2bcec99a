/*
 * sqlite_import.c - the SQLite backend's side of the store's bulk import section (store.h):
 * many incidents inserted through one prepared statement, and incident code numbers reserved
 * a range at a time.
 *
 * Invariants: those of sqlite_int.h; both run inside the caller's write transaction, so the
 * caller decides how many rows one durable commit (WAL, synchronous=FULL) carries. A refused
 * row (a constraint) undoes only its own INSERT: the transaction and the rows before it stay.
 * A store of another backend is refused with XA_EINTERNAL, as in sqlite_analysis.c.
 */
#include "store/sqlite_int.h"

static const char sql_import[] =
    "INSERT INTO incidents(code, status_code, unit_id, channel, category, priority, caller_name,"
    " caller_phone, address, lat, lon, narrative, occurred_at, received_at, received_by, status,"
    " due_dispatch, due_arrive, due_result, due_reply, due_next, updated_at, grid_id)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

static const char sql_reserve[] =
    "INSERT INTO incident_seq(unit_id, day, n) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (unit_id, day) DO UPDATE SET n = n + ?3 RETURNING n";

static bool is_sqlite(struct xa_store *h)
{
    return strcmp(S(h)->ops->name, "sqlite") == 0;
}

int xa_store_incident_import(struct xa_store *h, struct xa_incident *v, size_t n, size_t *n_done)
{
    *n_done = 0;
    if (!is_sqlite(h))
        return XA_EINTERNAL;
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_import, &st);
    if (rc)
        return rc;
    /* the table and its six indexes are written all over: keep their pages in memory rather
     * than reading them back from the WAL (a connection that imports keeps the larger cache) */
    int src = sqlite3_exec(s->db, "PRAGMA cache_size = -262144", NULL, NULL, NULL);
    if (src != SQLITE_OK)
        return fail(s, src);
    for (size_t i = 0; i < n; i++) {
        struct xa_incident *inc = &v[i];
        struct binder b = {st, 0, SQLITE_OK};
        b_text(&b, inc->code);
        b_text(&b, inc->status_code);
        b_i64(&b, inc->unit_id);
        b_i64(&b, inc->channel);
        b_i64(&b, inc->category);
        b_i64(&b, inc->priority);
        b_text(&b, inc->caller_name);
        b_text(&b, inc->caller_phone);
        b_text(&b, inc->address);
        b_real(&b, inc->has_location, inc->lat);
        b_real(&b, inc->has_location, inc->lon);
        b_text(&b, inc->narrative);
        b_opt(&b, inc->occurred_at);
        b_i64(&b, inc->received_at);
        b_opt(&b, inc->received_by);
        b_i64(&b, inc->status);
        b_opt(&b, inc->due_dispatch);
        b_opt(&b, inc->due_arrive);
        b_opt(&b, inc->due_result);
        b_opt(&b, inc->due_reply);
        b_opt(&b, inc->due_next);
        b_i64(&b, inc->updated_at);
        b_opt(&b, inc->grid_id);
        rc = step_done(s, &b);
        release(st);
        if (rc)
            return rc;
        inc->id = sqlite3_last_insert_rowid(s->db);
        (*n_done)++;
    }
    return XA_OK;
}

int xa_store_incident_seq_reserve(struct xa_store *h, int64_t unit_id, int32_t day, int64_t k,
                                  int64_t *out)
{
    if (!is_sqlite(h))
        return XA_EINTERNAL;
    if (k < 1)
        return XA_EINVAL;
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_reserve, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, unit_id);
    b_i64(&b, day);
    b_i64(&b, k);
    rc = step_row(s, &b);
    if (!rc)
        *out = sqlite3_column_int64(st, 0) - k + 1;
    release(st);
    return rc;
}
