/*
 * sqlite_analysis.c - the SQLite backend's side of the store's analysis section (store.h):
 * streaming incidents in id order into the analysis index, and CompStat as one GROUP BY, the
 * peer that the index's counts are checked and timed against; the table
 * xa_sqlite_analysis_ops.
 *
 * Invariants: those of sqlite_int.h. The period expressions compute the numbers of
 * analysis/compstat.h exactly (floor division, Shanghai = UTC + 28800 s, no DST).
 */
#include "store/sqlite_int.h"

static const char sql_scan[] =
    "SELECT id, unit_id, grid_id, channel, category, priority, status, lat, lon, occurred_at,"
    " received_at FROM incidents WHERE id > ? ORDER BY id";

/* Weeks since Monday 1970-01-05 00:00 Shanghai (345600 s after the epoch, less 8 h). */
#define LOCAL_WEEK0 "(received_at + 28800 - 345600)"
#define WEEK_OF "((" LOCAL_WEEK0 " - ((" LOCAL_WEEK0 " % 604800) + 604800) % 604800) / 604800)"
#define MONTH_OF                                                                                   \
    "(CAST(strftime('%Y', received_at + 28800, 'unixepoch') AS INTEGER) * 12"                      \
    " + CAST(strftime('%m', received_at + 28800, 'unixepoch') AS INTEGER) - 1)"
#define COMPSTAT_WHERE                                                                             \
    " FROM incidents WHERE received_at >= ?1 AND received_at < ?2"                                 \
    " AND (?3 IS NULL OR unit_id IN (SELECT u.id FROM units u WHERE u.path LIKE ?3 || '%'))"       \
    " AND (?4 = 0 OR unit_id IN (SELECT d.id FROM units d JOIN units r"                            \
    " ON d.path LIKE r.path || '%' WHERE r.id = ?4))"                                              \
    " GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"

static int sq_incident_scan(struct xa_store *h, int64_t after_id, xa_store_incident_fn fn,
                            void *arg)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_scan, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, after_id);
    rc = bound(s, &b);
    if (rc)
        return rc;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        struct xa_incident inc = {0};
        struct reader r = {st, NULL, 0};
        inc.id = r_i64(&r);
        inc.unit_id = r_i64(&r);
        inc.grid_id = r_i64(&r);
        inc.channel = r_int(&r);
        inc.category = r_int(&r);
        inc.priority = r_int(&r);
        inc.status = r_int(&r);
        inc.has_location = !r_is_null(&r);
        inc.lat = r_real(&r);
        inc.lon = r_real(&r);
        inc.occurred_at = r_i64(&r);
        inc.received_at = r_i64(&r);
        rc = fn(arg, &inc);
        if (rc)
            break;
    }
    if (!rc && src != SQLITE_DONE)
        rc = fail(s, src);
    release(st);
    return rc;
}

static void read_compstat(struct reader *r, void *row)
{
    struct xa_store_compstat_row *x = row;
    x->unit_id = r_i64(r);
    x->category = r_int(r);
    x->grid_id = r_i64(r);
    x->period = r_i64(r);
    x->n = r_i64(r);
}

static int sq_incident_compstat(struct xa_store *h, struct xa_arena *a,
                                const struct xa_store_compstat_query *q,
                                struct xa_store_compstat_row **out, size_t *n)
{
    struct sqlite_store *s = S(h);
    if ((q->period != 1 && q->period != 2) || (q->by & ~7u)) {
        snprintf(s->errmsg, sizeof(s->errmsg), "bad compstat query (period %d, by %u)", q->period,
                 q->by);
        return XA_EINVAL;
    }
    char sql[QUERY_MAX];
    snprintf(sql, sizeof(sql), "SELECT %s, %s, %s, %s, count(*)%s", q->by & 1 ? "unit_id" : "0",
             q->by & 2 ? "category" : "0", q->by & 4 ? "coalesce(grid_id, 0)" : "0",
             q->period == 1 ? WEEK_OF : MONTH_OF, COMPSTAT_WHERE);
    sqlite3_stmt *st = NULL;
    int rc = prepare_dyn(s, sql, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, q->from);
    b_i64(&b, q->to);
    b_text(&b, q->scope_path);
    b_i64(&b, q->unit_id);
    rc = bound(s, &b);
    return rc ? rc : collect(s, st, a, sizeof(**out), read_compstat, (void **)out, n);
}

const struct xa_store_analysis_ops xa_sqlite_analysis_ops = {
    .incident_scan = sq_incident_scan,
    .incident_compstat = sq_incident_compstat,
};
