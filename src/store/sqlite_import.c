/*
 * sqlite_import.c - the SQLite backend's side of the store's bulk import section (store.h):
 * many incidents inserted a chunk per statement, incident code numbers reserved a range at a
 * time, and a checkpointer that copies the log into the database beside the importing thread;
 * the table xa_sqlite_import_ops.
 *
 * A chunk of rows goes in through one INSERT ... SELECT over xa_incident_rows, an eponymous
 * virtual table that reads the caller's struct xa_incident array (bound with
 * sqlite3_bind_pointer()): one statement run per chunk instead of one per row, and nothing
 * bound per value. The module is registered on a connection when the statement first fails to
 * prepare for want of it; the prepared statement then stays cached, so it is never registered
 * twice (that would free the table a cached statement uses).
 *
 * Invariants: those of sqlite_int.h, and
 *  1. Inserts and reservations run inside the caller's write transaction, so the caller
 *     decides how many rows one durable commit carries.
 *  2. A refused row (a constraint) undoes only its own INSERT: a refused chunk statement is
 *     undone whole by SQLite (statement rollback), then its rows go one statement each up to
 *     the refused one.
 *  3. New rows take ids max(id)+1, +2, ... (INTEGER PRIMARY KEY without AUTOINCREMENT, one
 *     writer), so a chunk's ids are consecutive; near the top of the id range, where SQLite
 *     would pick ids at random, every row goes alone.
 *  4. Between xa_store_import_open() and _close() the importing connection has no automatic
 *     checkpoint: its WAL hook wakes the checkpointer thread, which checkpoints (PASSIVE)
 *     through a connection of its own, and once the log passes LOG_FRAMES_MAX frames waits
 *     for it, so the log starts over and stays bounded; commits stay as durable as ever (the
 *     log is synced at commit). _close() gives the connection back its automatic checkpoint,
 *     cache size and temp store.
 */
#include "store/sqlite_int.h"

#include "base/log.h"

#include <pthread.h>
#include <stdint.h>

#define CHUNK 8192                /* rows per INSERT ... SELECT */
#define IMPORT_CACHE_KIB (-65536) /* PRAGMA cache_size while importing: 64 MiB */
/* Frames of the log after which a commit waits for the checkpointer to catch up, so that the
 * next transaction starts the log over: 256 MiB at 4 KiB pages. Without the wait the log only
 * grows, as every transaction begins while the last one is still being copied. */
#define LOG_FRAMES_MAX 65536

#define INSERT_COLUMNS                                                                             \
    "code, status_code, unit_id, channel, category, priority, caller_name, caller_phone,"          \
    " address, lat, lon, narrative, occurred_at, received_at, received_by, status,"                \
    " due_dispatch, due_arrive, due_result, due_reply, due_next, updated_at, grid_id"

static const char sql_import_rows[] = "INSERT INTO incidents(" INSERT_COLUMNS ")"
                                      " SELECT " INSERT_COLUMNS " FROM xa_incident_rows(?1)";

static const char sql_max_id[] = "SELECT max(id) FROM incidents";

static const char sql_autocheckpoint[] = "PRAGMA wal_autocheckpoint";
static const char sql_cache_size[] = "PRAGMA cache_size";
static const char sql_temp_store[] = "PRAGMA temp_store";

static const char sql_reserve[] =
    "INSERT INTO incident_seq(unit_id, day, n) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (unit_id, day) DO UPDATE SET n = n + ?3 RETURNING n";

/* ---- xa_incident_rows: a caller's array of incidents as a table ---- */

/* The columns, in the order of INSERT_COLUMNS, then the hidden argument. */
enum rows_col {
    R_CODE,
    R_STATUS_CODE,
    R_UNIT_ID,
    R_CHANNEL,
    R_CATEGORY,
    R_PRIORITY,
    R_CALLER_NAME,
    R_CALLER_PHONE,
    R_ADDRESS,
    R_LAT,
    R_LON,
    R_NARRATIVE,
    R_OCCURRED_AT,
    R_RECEIVED_AT,
    R_RECEIVED_BY,
    R_STATUS,
    R_DUE_DISPATCH,
    R_DUE_ARRIVE,
    R_DUE_RESULT,
    R_DUE_REPLY,
    R_DUE_NEXT,
    R_UPDATED_AT,
    R_GRID_ID,
    R_FEED /* HIDDEN: the struct feed, bound as a pointer */
};

#define FEED_TYPE "xa_incident_rows"

/* What the statement reads: borrowed for one step. */
struct feed {
    const struct xa_incident *v;
    size_t n;
};

struct rows_cursor {
    sqlite3_vtab_cursor base;
    const struct feed *feed;
    size_t i;
};

static int rows_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                        sqlite3_vtab **out, char **err)
{
    (void)aux;
    (void)argc;
    (void)argv;
    (void)err;
    int src = sqlite3_declare_vtab(db, "CREATE TABLE x(" INSERT_COLUMNS ", feed HIDDEN)");
    if (src != SQLITE_OK)
        return src;
    sqlite3_vtab *t = sqlite3_malloc(sizeof(*t));
    if (!t)
        return SQLITE_NOMEM;
    memset(t, 0, sizeof(*t));
    *out = t;
    return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *t)
{
    sqlite3_free(t);
    return SQLITE_OK;
}

/* Only a scan with the feed given (feed = ?) can run. */
static int rows_best_index(sqlite3_vtab *t, sqlite3_index_info *ii)
{
    (void)t;
    for (int i = 0; i < ii->nConstraint; i++) {
        const struct sqlite3_index_constraint *c = &ii->aConstraint[i];
        if (c->iColumn == R_FEED && c->op == SQLITE_INDEX_CONSTRAINT_EQ && c->usable) {
            ii->aConstraintUsage[i].argvIndex = 1;
            ii->aConstraintUsage[i].omit = 1;
            ii->estimatedCost = CHUNK;
            ii->estimatedRows = CHUNK;
            return SQLITE_OK;
        }
    }
    return SQLITE_CONSTRAINT;
}

static int rows_open(sqlite3_vtab *t, sqlite3_vtab_cursor **out)
{
    (void)t;
    struct rows_cursor *c = sqlite3_malloc(sizeof(*c));
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    *out = &c->base;
    return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *cur)
{
    sqlite3_free(cur);
    return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
                       sqlite3_value **argv)
{
    (void)idx;
    (void)idx_str;
    struct rows_cursor *c = (struct rows_cursor *)cur;
    c->feed = argc == 1 ? sqlite3_value_pointer(argv[0], FEED_TYPE) : NULL;
    c->i = 0;
    return SQLITE_OK;
}

static int rows_next(sqlite3_vtab_cursor *cur)
{
    ((struct rows_cursor *)cur)->i++;
    return SQLITE_OK;
}

static int rows_eof(sqlite3_vtab_cursor *cur)
{
    const struct rows_cursor *c = (const struct rows_cursor *)cur;
    return !c->feed || c->i >= c->feed->n;
}

/* As the binder of sqlite_int.h would bind them: 0 ids and times are NULL, NULL text NULL. */
static void res_text(sqlite3_context *x, const char *v)
{
    if (v)
        sqlite3_result_text(x, v, -1, SQLITE_STATIC);
    else
        sqlite3_result_null(x);
}

static void res_opt(sqlite3_context *x, int64_t v)
{
    if (v)
        sqlite3_result_int64(x, v);
    else
        sqlite3_result_null(x);
}

static int rows_column(sqlite3_vtab_cursor *cur, sqlite3_context *x, int col)
{
    const struct rows_cursor *c = (const struct rows_cursor *)cur;
    const struct xa_incident *inc = &c->feed->v[c->i];
    switch ((enum rows_col)col) {
    case R_CODE:
        res_text(x, inc->code);
        break;
    case R_STATUS_CODE:
        res_text(x, inc->status_code);
        break;
    case R_UNIT_ID:
        sqlite3_result_int64(x, inc->unit_id);
        break;
    case R_CHANNEL:
        sqlite3_result_int64(x, inc->channel);
        break;
    case R_CATEGORY:
        sqlite3_result_int64(x, inc->category);
        break;
    case R_PRIORITY:
        sqlite3_result_int64(x, inc->priority);
        break;
    case R_CALLER_NAME:
        res_text(x, inc->caller_name);
        break;
    case R_CALLER_PHONE:
        res_text(x, inc->caller_phone);
        break;
    case R_ADDRESS:
        res_text(x, inc->address);
        break;
    case R_LAT:
    case R_LON:
        if (inc->has_location)
            sqlite3_result_double(x, col == R_LAT ? inc->lat : inc->lon);
        else
            sqlite3_result_null(x);
        break;
    case R_NARRATIVE:
        res_text(x, inc->narrative);
        break;
    case R_OCCURRED_AT:
        res_opt(x, inc->occurred_at);
        break;
    case R_RECEIVED_AT:
        sqlite3_result_int64(x, inc->received_at);
        break;
    case R_RECEIVED_BY:
        res_opt(x, inc->received_by);
        break;
    case R_STATUS:
        sqlite3_result_int64(x, inc->status);
        break;
    case R_DUE_DISPATCH:
        res_opt(x, inc->due_dispatch);
        break;
    case R_DUE_ARRIVE:
        res_opt(x, inc->due_arrive);
        break;
    case R_DUE_RESULT:
        res_opt(x, inc->due_result);
        break;
    case R_DUE_REPLY:
        res_opt(x, inc->due_reply);
        break;
    case R_DUE_NEXT:
        res_opt(x, inc->due_next);
        break;
    case R_UPDATED_AT:
        sqlite3_result_int64(x, inc->updated_at);
        break;
    case R_GRID_ID:
        res_opt(x, inc->grid_id);
        break;
    case R_FEED:
        sqlite3_result_null(x);
        break;
    }
    return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *cur, sqlite3_int64 *out)
{
    *out = (sqlite3_int64)((const struct rows_cursor *)cur)->i;
    return SQLITE_OK;
}

static const sqlite3_module rows_module = {
    .iVersion = 0,
    .xCreate = NULL, /* eponymous only */
    .xConnect = rows_connect,
    .xBestIndex = rows_best_index,
    .xDisconnect = rows_disconnect,
    .xOpen = rows_open,
    .xClose = rows_close,
    .xFilter = rows_filter,
    .xNext = rows_next,
    .xEof = rows_eof,
    .xColumn = rows_column,
    .xRowid = rows_rowid,
};

/* The chunk statement, registering the module on the connection's first use. */
static int prepare_rows(struct sqlite_store *s, sqlite3_stmt **out)
{
    if (prepare_sql(s, sql_import_rows, out) == XA_OK)
        return XA_OK;
    int src = sqlite3_create_module_v2(s->db, "xa_incident_rows", &rows_module, NULL, NULL);
    if (src != SQLITE_OK)
        return fail(s, src);
    return prepare_sql(s, sql_import_rows, out);
}

/* ---- the bulk import ---- */

/* The largest id of the table, 0 when it is empty. */
static int max_id(struct sqlite_store *s, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_max_id, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    rc = step_row(s, &b);
    if (!rc)
        *out = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

/* One chunk in one statement: XA_OK with every id set, or the statement's failure with
 * nothing of the chunk left in the table (*refused: a constraint refused one of its rows).
 * *top is the largest id before and after. */
static int insert_chunk(struct sqlite_store *s, struct xa_incident *v, size_t n, int64_t *top,
                        bool *refused)
{
    sqlite3_stmt *st = NULL;
    *refused = false;
    int rc = prepare_rows(s, &st);
    if (rc)
        return rc;
    struct feed feed = {v, n};
    int src = sqlite3_bind_pointer(st, 1, &feed, FEED_TYPE, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(st);
    *refused = (src & 0xff) == SQLITE_CONSTRAINT;
    rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (rc)
        return rc;
    assert(sqlite3_last_insert_rowid(s->db) == *top + (int64_t)n);
    for (size_t i = 0; i < n; i++)
        v[i].id = *top + 1 + (int64_t)i;
    *top += (int64_t)n;
    return XA_OK;
}

static int sq_incident_import(struct xa_store *h, struct xa_incident *v, size_t n, size_t *n_done)
{
    *n_done = 0;
    struct sqlite_store *s = S(h);
    int64_t top = 0;
    int rc = max_id(s, &top);
    while (!rc && *n_done < n) {
        size_t k = n - *n_done < CHUNK ? n - *n_done : CHUNK;
        struct xa_incident *c = v + *n_done;
        if (k > 1 && top <= INT64_MAX - (int64_t)k) {
            bool refused;
            rc = insert_chunk(s, c, k, &top, &refused);
            if (!rc) {
                *n_done += k;
                continue;
            }
            if (!refused)
                return rc;
        }
        /* the chunk was refused (or must go a row at a time): rows alone up to the refused one */
        for (size_t i = 0; i < k; i++) {
            rc = xa_store_incident_put(h, &c[i]); /* the one-row insert of every write */
            if (rc)
                return rc;
            top = c[i].id > top ? c[i].id : top;
            (*n_done)++;
        }
    }
    return rc;
}

static int sq_incident_seq_reserve(struct xa_store *h, int64_t unit_id, int32_t day, int64_t k,
                                   int64_t *out)
{
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

/* ---- the checkpointer of a bulk import ---- */

/* A struct xa_store_import: begins with its table, as store.h asks. */
struct sqlite_import {
    const struct xa_store_import_ops *ops;
    struct sqlite_store *s;
    sqlite3 *db;        /* the checkpointer's own connection */
    int autocheckpoint; /* the importing connection's settings, given back at close */
    int cache_size, temp_store;
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    uint64_t n_commits; /* commits of the importing connection (wal hook) */
    uint64_t n_done;    /* commits whose frames a checkpoint has copied */
    bool quit;
};

/* The importing connection's WAL hook, in place of its automatic checkpoint: wakes the
 * checkpointer, and waits for it when the log has grown long. */
static int on_commit(void *arg, sqlite3 *db, const char *name, int n_frames)
{
    (void)db;
    (void)name;
    struct sqlite_import *imp = arg;
    pthread_mutex_lock(&imp->mu);
    uint64_t mine = ++imp->n_commits;
    pthread_cond_broadcast(&imp->cv);
    while (n_frames >= LOG_FRAMES_MAX && imp->n_done < mine)
        pthread_cond_wait(&imp->cv, &imp->mu);
    pthread_mutex_unlock(&imp->mu);
    return SQLITE_OK;
}

/* Copies the log into the database after each commit, and once more when told to quit. A
 * checkpoint that fails is left to the next one, or to the last connection's close. */
static void *checkpointer(void *arg)
{
    struct sqlite_import *imp = arg;
    pthread_mutex_lock(&imp->mu);
    for (;;) {
        while (imp->n_done == imp->n_commits && !imp->quit)
            pthread_cond_wait(&imp->cv, &imp->mu);
        if (imp->n_done == imp->n_commits)
            break;
        uint64_t upto = imp->n_commits;
        pthread_mutex_unlock(&imp->mu);
        int src = sqlite3_wal_checkpoint_v2(imp->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        if (src != SQLITE_OK && src != SQLITE_BUSY)
            xa_log(XA_LOG_WARN, "import: checkpoint: %s", sqlite3_errmsg(imp->db));
        pthread_mutex_lock(&imp->mu);
        imp->n_done = upto;
        pthread_cond_broadcast(&imp->cv);
    }
    pthread_mutex_unlock(&imp->mu);
    return NULL;
}

/* The value of a pragma that reads one integer. */
static int pragma_int(struct sqlite_store *s, const char *sql, int *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    rc = step_row(s, &b);
    if (!rc)
        *out = sqlite3_column_int(st, 0);
    release(st);
    return rc;
}

/* Sets a pragma that reads one integer (sql is its query) to v. */
static int set_pragma(struct sqlite_store *s, const char *sql, int v)
{
    char set[64];
    snprintf(set, sizeof(set), "%s = %d", sql, v);
    int src = sqlite3_exec(s->db, set, NULL, NULL, NULL);
    return src == SQLITE_OK ? XA_OK : fail(s, src);
}

/* The importing connection's settings: saved into imp, or given back from it. */
static int save_settings(struct sqlite_store *s, struct sqlite_import *imp)
{
    int rc = pragma_int(s, sql_autocheckpoint, &imp->autocheckpoint);
    if (!rc)
        rc = pragma_int(s, sql_cache_size, &imp->cache_size);
    if (!rc)
        rc = pragma_int(s, sql_temp_store, &imp->temp_store);
    return rc;
}

static void restore_settings(struct sqlite_store *s, const struct sqlite_import *imp)
{
    sqlite3_wal_autocheckpoint(s->db, imp->autocheckpoint); /* its own hook again */
    (void)set_pragma(s, sql_cache_size, imp->cache_size);
    (void)set_pragma(s, sql_temp_store, imp->temp_store);
}

static int sq_import_open(struct xa_store *h, struct xa_store_import **out)
{
    struct sqlite_store *s = S(h);
    const char *file = sqlite3_db_filename(s->db, "main");
    if (!file || !*file) {
        *out = NULL; /* a database in memory has no log to copy */
        return XA_OK;
    }
    struct sqlite_import *imp = xa_xcalloc(1, sizeof(*imp));
    imp->ops = &xa_sqlite_import_ops;
    imp->s = s;
    int rc = save_settings(s, imp);
    bool saved = rc == XA_OK, started = false;
    /* the pages a transaction dirties stay in memory until its commit, rather than going to
     * the log early and coming back; a statement's undo journal stays in memory, not in a
     * temporary file (neither touches the database's durability) */
    if (!rc)
        rc = set_pragma(s, sql_cache_size, IMPORT_CACHE_KIB);
    if (!rc)
        rc = set_pragma(s, sql_temp_store, 2);
    if (rc)
        goto out;
    /* the checkpoint syncs the log before it copies and the database after */
    int src = sqlite3_open_v2(file, &imp->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_exec(imp->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
    if (src != SQLITE_OK) {
        snprintf(s->errmsg, sizeof(s->errmsg), "checkpointer: %s",
                 imp->db ? sqlite3_errmsg(imp->db) : "out of memory");
        rc = XA_ESTORE;
        goto out;
    }
    pthread_mutex_init(&imp->mu, NULL);
    pthread_cond_init(&imp->cv, NULL);
    started = pthread_create(&imp->th, NULL, checkpointer, imp) == 0;
    if (!started) {
        snprintf(s->errmsg, sizeof(s->errmsg), "checkpointer: no thread");
        pthread_cond_destroy(&imp->cv);
        pthread_mutex_destroy(&imp->mu);
        rc = XA_ESTORE;
        goto out;
    }
    sqlite3_wal_hook(s->db, on_commit, imp);
    *out = (struct xa_store_import *)(void *)imp;
out:
    if (!started) {
        if (saved)
            restore_settings(s, imp);
        sqlite3_close(imp->db);
        free(imp);
    }
    return rc;
}

static void sq_import_close(struct xa_store_import *h)
{
    struct sqlite_import *imp = (struct sqlite_import *)(void *)h;
    restore_settings(imp->s, imp);
    pthread_mutex_lock(&imp->mu);
    imp->quit = true;
    pthread_cond_broadcast(&imp->cv);
    pthread_mutex_unlock(&imp->mu);
    pthread_join(imp->th, NULL);
    sqlite3_close(imp->db);
    pthread_cond_destroy(&imp->cv);
    pthread_mutex_destroy(&imp->mu);
    free(imp);
}

const struct xa_store_import_ops xa_sqlite_import_ops = {
    .incident_import = sq_incident_import,
    .incident_seq_reserve = sq_incident_seq_reserve,
    .open = sq_import_open,
    .close = sq_import_close,
};
