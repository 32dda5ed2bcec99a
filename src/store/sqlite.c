/*
 * sqlite.c - the SQLite backend of the store: struct xa_store_ops xa_sqlite_ops.
 *
 * A handle is one connection (SQLITE_OPEN_NOMUTEX: one thread at a time) set up for
 * durability: WAL with synchronous=FULL, so a COMMIT that returned survives a crash;
 * foreign_keys=ON; busy_timeout 5 s. sq_open() runs every pending migration of migrate.h.
 *
 * Invariants:
 *  1. User values reach SQL only through ? bindings. Fixed statements are prepared on first
 *     use and kept in s->stmt[] by enum stmt_id; list queries are assembled from the fixed
 *     fragments of this file (struct query) and kept in a small cache keyed by their text.
 *  2. A statement is reset and its bindings cleared before the function that stepped it
 *     returns, after its rows have been copied into the caller's arena (release()).
 *  3. Columns: an id or optional time that is 0 in the struct is NULL in the row and reads
 *     back as 0; NULL strings stay NULL; enums are integers; no location is NULL lat/lon.
 *  4. A failure keeps sqlite3_errmsg() in s->errmsg and maps the result code (fail()):
 *     unique or primary key -> XA_ECONFLICT, foreign key -> XA_ENOTFOUND, busy -> XA_EBUSY,
 *     anything else -> XA_ESTORE.
 */
#include "store/store.h"

#include "base/arena.h"
#include "base/log.h"
#include "base/mem.h"
#include "store/migrate.h"

#include <assert.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUSY_TIMEOUT_MS 5000
#define N_DYN 16           /* cached list queries */
#define QUERY_MAX 2048     /* bytes of an assembled list query */
#define QUERY_PARAMS 24    /* bound values of an assembled list query */
#define PER_PAGE_DEFAULT 20
#define PER_PAGE_MAX 200
#define USER_LIST_MAX 1000

extern const struct xa_store_ops xa_sqlite_ops;

#define UNIT_SELECT "SELECT u.id, u.parent_id, u.code, u.name, u.kind, u.path FROM units u"

#define USER_SELECT                                                                            \
    "SELECT u.id, u.username, u.name, u.role, u.unit_id, n.name, n.path, u.phone, u.badge,"  \
    " u.is_active, u.password_hash, u.failed_logins, u.locked_until, u.created_at"           \
    " FROM users u JOIN units n ON n.id = u.unit_id"

#define SESSION_SELECT                                                                         \
    "SELECT token_hash, csrf_token, user_id, created_at, last_seen, expires_at, ip"          \
    " FROM sessions"

#define INCIDENT_SELECT                                                                        \
    "SELECT i.id, i.code, i.status_code, i.unit_id, n.name, i.channel, i.category,"          \
    " i.priority, i.caller_name, i.caller_phone, i.caller_id_number, i.address, i.lat,"     \
    " i.lon, i.narrative, i.occurred_at, i.received_at, i.received_by, r.name, i.status,"   \
    " i.officer_id, o.name, i.dispatched_at, i.on_scene_at, i.handled_at, i.replied_at,"    \
    " i.closed_at, i.result, i.reply_method, i.reply_content, i.replied_by, i.closed_by,"   \
    " i.due_dispatch, i.due_arrive, i.due_result, i.due_reply, i.due_next, i.updated_at"    \
    " FROM incidents i JOIN units n ON n.id = i.unit_id"                                     \
    " LEFT JOIN users r ON r.id = i.received_by LEFT JOIN users o ON o.id = i.officer_id"

#define AUDIT_SELECT                                                                           \
    "SELECT a.id, a.at, a.user_id, a.username, a.action, a.object_type, a.object_id, a.ip,"  \
    " a.reason, a.detail FROM audit a"

/* X(id, sql): every fixed statement of the backend. */
#define STMTS(X)                                                                               \
    X(BEGIN_READ, "BEGIN")                                                                     \
    X(BEGIN_WRITE, "BEGIN IMMEDIATE")                                                          \
    X(COMMIT, "COMMIT")                                                                        \
    X(ROLLBACK, "ROLLBACK")                                                                    \
    /* The new row's id is known inside the statement, so its path is set in the same      */ \
    /* atomic INSERT (writers are serialised, so max(id) + 1 is the next id).               */ \
    X(UNIT_PUT, "INSERT INTO units(id, parent_id, code, name, kind, path)"                    \
                " SELECT n.id, ?1, ?2, ?3, ?4,"                                                \
                " coalesce((SELECT p.path FROM units p WHERE p.id = ?1), '/') || n.id || '/'" \
                " FROM (SELECT coalesce(max(id), 0) + 1 AS id FROM units) n"                  \
                " RETURNING id, path")                                                         \
    X(UNIT_GET, UNIT_SELECT " WHERE u.id = ?")                                                 \
    X(UNIT_FIND_CODE, UNIT_SELECT " WHERE u.code = ?")                                         \
    X(UNIT_LIST, UNIT_SELECT " ORDER BY u.path")                                               \
    X(USER_PUT, "INSERT INTO users(username, name, role, unit_id, phone, badge, is_active,"   \
                " password_hash, failed_logins, locked_until, created_at)"                    \
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")                      \
    X(USER_GET, USER_SELECT " WHERE u.id = ?")                                                 \
    X(USER_FIND_NAME, USER_SELECT " WHERE u.username = ?")                                     \
    X(USER_SET_PASSWORD, "UPDATE users SET password_hash = ? WHERE id = ?")                    \
    X(USER_SET_LOGIN_STATE, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?") \
    X(SESSION_PUT, "INSERT INTO sessions(token_hash, csrf_token, user_id, created_at,"         \
                   " last_seen, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?)")                 \
    X(SESSION_FIND, SESSION_SELECT " WHERE token_hash = ?")                                    \
    X(SESSION_TOUCH, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?")                 \
    X(SESSION_DELETE, "DELETE FROM sessions WHERE token_hash = ?")                             \
    X(SESSION_PURGE, "DELETE FROM sessions WHERE expires_at <= ?")                             \
    X(SLA_FIND, "SELECT dispatch_s, arrive_s, result_s, reply_s FROM sla_rules"               \
                " WHERE category IN (0, ?) AND priority IN (0, ?)"                            \
                " ORDER BY (category <> 0) * 2 + (priority <> 0) DESC LIMIT 1")               \
    X(SLA_PUT, "INSERT INTO sla_rules(category, priority, dispatch_s, arrive_s, result_s,"    \
               " reply_s) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (category, priority)"         \
               " DO UPDATE SET dispatch_s = excluded.dispatch_s, arrive_s = excluded.arrive_s," \
               " result_s = excluded.result_s, reply_s = excluded.reply_s")                   \
    X(INCIDENT_NEXT_SEQ, "INSERT INTO incident_seq(unit_id, day, n) VALUES (?, ?, 1)"         \
                         " ON CONFLICT (unit_id, day) DO UPDATE SET n = n + 1 RETURNING n")   \
    X(INCIDENT_PUT,                                                                            \
      "INSERT INTO incidents(code, status_code, unit_id, channel, category, priority,"        \
      " caller_name, caller_phone, caller_id_number, address, lat, lon, narrative,"           \
      " occurred_at, received_at, received_by, status, officer_id, dispatched_at,"            \
      " on_scene_at, handled_at, replied_at, closed_at, result, reply_method, reply_content," \
      " replied_by, closed_by, due_dispatch, due_arrive, due_result, due_reply, due_next,"   \
      " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"  \
      " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")                                 \
    X(INCIDENT_UPDATE,                                                                         \
      "UPDATE incidents SET status = ?, officer_id = ?, dispatched_at = ?, on_scene_at = ?,"  \
      " handled_at = ?, replied_at = ?, closed_at = ?, result = ?, reply_method = ?,"         \
      " reply_content = ?, replied_by = ?, closed_by = ?, due_next = ?, updated_at = ?"       \
      " WHERE id = ?")                                                                         \
    X(INCIDENT_GET, INCIDENT_SELECT " WHERE i.id = ?")                                         \
    X(INCIDENT_FIND_STATUS_CODE, INCIDENT_SELECT " WHERE i.status_code = ?")                   \
    X(EVENT_PUT, "INSERT INTO incident_events(incident_id, at, user_id, action, from_status," \
                 " to_status, officer_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id") \
    X(EVENT_LIST, "SELECT e.id, e.incident_id, e.at, e.user_id, u.name, e.action,"            \
                  " e.from_status, e.to_status, e.officer_id, o.name, e.note"                 \
                  " FROM incident_events e LEFT JOIN users u ON u.id = e.user_id"             \
                  " LEFT JOIN users o ON o.id = e.officer_id"                                 \
                  " WHERE e.incident_id = ? ORDER BY e.at, e.id")                              \
    X(AUDIT_PUT, "INSERT INTO audit(at, user_id, username, action, object_type, object_id,"  \
                 " ip, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")

enum stmt_id {
#define STMT_ENUM(id, sql) STMT_##id,
    STMTS(STMT_ENUM)
#undef STMT_ENUM
        N_STMT
};

static const char *const stmt_sql[N_STMT] = {
#define STMT_SQL(id, sql) [STMT_##id] = sql,
    STMTS(STMT_SQL)
#undef STMT_SQL
};

/* An assembled list query in the cache; sql is heap-owned. */
struct dyn_stmt {
    char *sql;
    sqlite3_stmt *st;
};

/* Begins with the ops pointer: store.c sees every backend's handle as that pointer alone. */
struct sqlite_store {
    const struct xa_store_ops *ops;
    sqlite3 *db;
    sqlite3_stmt *stmt[N_STMT];
    struct dyn_stmt dyn[N_DYN];
    unsigned dyn_next; /* slot to evict next */
    /* Owns what a _put hands back without an arena (the new unit's path) until close; units
     * are created rarely, so it stays small. */
    struct xa_arena keep;
    char errmsg[512];
};

static struct sqlite_store *S(struct xa_store *h)
{
    return (struct sqlite_store *)(void *)h;
}

/* Keeps the connection's message and maps src (an extended result code) to an XA_E* code. */
static int fail(struct sqlite_store *s, int src)
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

static int prepare(struct sqlite_store *s, enum stmt_id id, sqlite3_stmt **out)
{
    if (!s->stmt[id]) {
        int src = sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
                                     &s->stmt[id], NULL);
        if (src != SQLITE_OK)
            return fail(s, src);
    }
    *out = s->stmt[id];
    return XA_OK;
}

/* Finds or prepares an assembled query, evicting the oldest cached one when full. */
static int prepare_dyn(struct sqlite_store *s, const char *sql, sqlite3_stmt **out)
{
    for (int i = 0; i < N_DYN; i++) {
        if (s->dyn[i].sql && strcmp(s->dyn[i].sql, sql) == 0) {
            *out = s->dyn[i].st;
            return XA_OK;
        }
    }
    sqlite3_stmt *st;
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

static void release(sqlite3_stmt *st)
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

static void b_i64(struct binder *b, int64_t v)
{
    if (b->rc == SQLITE_OK)
        b->rc = sqlite3_bind_int64(b->st, ++b->i, v);
}

/* 0 (no reference, no time) is NULL. */
static void b_opt(struct binder *b, int64_t v)
{
    if (b->rc == SQLITE_OK)
        b->rc = v ? sqlite3_bind_int64(b->st, ++b->i, v) : sqlite3_bind_null(b->st, ++b->i);
}

static void b_text(struct binder *b, const char *v)
{
    if (b->rc == SQLITE_OK)
        b->rc = v ? sqlite3_bind_text(b->st, ++b->i, v, -1, SQLITE_STATIC)
                  : sqlite3_bind_null(b->st, ++b->i);
}

static void b_real(struct binder *b, bool has, double v)
{
    if (b->rc == SQLITE_OK)
        b->rc = has ? sqlite3_bind_double(b->st, ++b->i, v) : sqlite3_bind_null(b->st, ++b->i);
}

/* Steps a bound statement once: XA_OK on a row, XA_ENOTFOUND when there is none. */
static int step_row(struct sqlite_store *s, struct binder *b)
{
    if (b->rc != SQLITE_OK)
        return fail(s, b->rc);
    int src = sqlite3_step(b->st);
    if (src == SQLITE_ROW)
        return XA_OK;
    return src == SQLITE_DONE ? XA_ENOTFOUND : fail(s, src);
}

/* Runs a bound statement that returns no row. */
static int step_done(struct sqlite_store *s, struct binder *b)
{
    int rc = step_row(s, b);
    return rc == XA_ENOTFOUND ? XA_OK : rc;
}

/* Runs a bound UPDATE or DELETE: XA_ENOTFOUND when it touched no row. */
static int step_change(struct sqlite_store *s, struct binder *b)
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

static int64_t r_i64(struct reader *r)
{
    return sqlite3_column_int64(r->st, r->i++); /* NULL reads as 0 */
}

static int r_int(struct reader *r)
{
    return sqlite3_column_int(r->st, r->i++);
}

static const char *r_text(struct reader *r)
{
    const unsigned char *p = sqlite3_column_text(r->st, r->i);
    int len = sqlite3_column_bytes(r->st, r->i++);
    return p ? xa_arena_strndup(r->a, (const char *)p, (size_t)len) : NULL;
}

static bool r_is_null(const struct reader *r)
{
    return sqlite3_column_type(r->st, r->i) == SQLITE_NULL;
}

static double r_real(struct reader *r)
{
    return sqlite3_column_double(r->st, r->i++);
}

/* Makes room for row n of an arena array of capacity *cap, doubling as needed. */
static void *grow(struct xa_arena *a, void *p, size_t n, size_t *cap, size_t size)
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

static void q_add(struct query *q, const char *frag)
{
    size_t n = strlen(frag);
    assert(q->len + n < sizeof(q->sql)); /* fragments are constants of this file */
    memcpy(q->sql + q->len, frag, n + 1);
    q->len += n;
}

/* Adds a condition, ANDed with those before it. */
static void q_cond(struct query *q, const char *cond)
{
    q_add(q, q->has_where ? " AND " : " WHERE ");
    q_add(q, cond);
    q->has_where = true;
}

static void q_int(struct query *q, int64_t v)
{
    assert(q->n < QUERY_PARAMS);
    q->p[q->n].text = NULL;
    q->p[q->n++].i = v;
}

static void q_text(struct query *q, const char *v)
{
    assert(q->n < QUERY_PARAMS && v);
    q->p[q->n++].text = v;
}

/* Prepares head + q's conditions + tail and binds q's values; the caller steps and releases. */
static int q_run(struct sqlite_store *s, const char *head, const struct query *q,
                 const char *tail, sqlite3_stmt **out)
{
    char sql[QUERY_MAX + 1024];
    int len = snprintf(sql, sizeof(sql), "%s%s%s", head, q->sql, tail);
    assert(len > 0 && (size_t)len < sizeof(sql));
    sqlite3_stmt *st;
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
static int q_count(struct sqlite_store *s, const char *from, const struct query *q,
                   int64_t *total)
{
    char head[256];
    snprintf(head, sizeof(head), "SELECT count(*) %s", from);
    sqlite3_stmt *st;
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
static void q_page(struct query *q, int64_t page, int64_t per_page)
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

/* ---- connection and transactions ---- */

static int exec_fixed(struct sqlite_store *s, enum stmt_id id)
{
    sqlite3_stmt *st;
    int rc = prepare(s, id, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    rc = step_done(s, &b);
    release(st);
    return rc;
}

static int exec_text(struct sqlite_store *s, const char *sql)
{
    int src = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return src == SQLITE_OK ? XA_OK : fail(s, src);
}

static int64_t user_version(struct sqlite_store *s, int *rc)
{
    sqlite3_stmt *st;
    int64_t v = 0;
    int src = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
    if (src == SQLITE_OK) {
        src = sqlite3_step(st);
        if (src == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
            src = SQLITE_OK;
        }
    }
    *rc = src == SQLITE_OK ? XA_OK : fail(s, src);
    sqlite3_finalize(st);
    return v;
}

/* Applies every migration numbered above user_version, each in its own transaction that also
 * sets user_version; the version is read again under the write lock, so two processes opening
 * one new database do not both migrate it. */
static int migrate(struct sqlite_store *s)
{
    int rc = XA_OK;
    int newest = xa_n_migrations ? xa_migrations[xa_n_migrations - 1].number : 0;
    for (int i = 0; i < xa_n_migrations && !rc; i++) {
        const struct xa_migration *m = &xa_migrations[i];
        rc = exec_fixed(s, STMT_BEGIN_WRITE);
        if (rc)
            break;
        int64_t v = user_version(s, &rc);
        if (!rc && v > newest) {
            snprintf(s->errmsg, sizeof(s->errmsg),
                     "database schema %lld is newer than this build's %d", (long long)v,
                     newest);
            rc = XA_ESTORE;
        }
        if (!rc && m->number > v) {
            char set[64];
            snprintf(set, sizeof(set), "PRAGMA user_version = %d", m->number);
            rc = exec_text(s, m->sql);
            if (rc) {
                char why[sizeof(s->errmsg)];
                memcpy(why, s->errmsg, sizeof(why));
                snprintf(s->errmsg, sizeof(s->errmsg), "migration '%s': %s", m->name, why);
            }
            if (!rc)
                rc = exec_text(s, set);
        }
        if (!rc)
            rc = exec_fixed(s, STMT_COMMIT);
        if (rc && !sqlite3_get_autocommit(s->db))
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    return rc;
}

/* Sets up the connection as the file comment says; journal_mode answers with the mode it got. */
static int configure(struct sqlite_store *s)
{
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    int rc = exec_text(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL");
    if (rc)
        return rc;
    sqlite3_stmt *st;
    int src = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
    if (src == SQLITE_OK && (src = sqlite3_step(st)) == SQLITE_ROW) {
        const char *mode = (const char *)sqlite3_column_text(st, 0);
        src = SQLITE_OK;
        if (!mode || strcmp(mode, "wal") != 0) {
            snprintf(s->errmsg, sizeof(s->errmsg), "journal mode is '%s', not 'wal'",
                     mode ? mode : "");
            rc = XA_ESTORE;
        }
    }
    if (src != SQLITE_OK)
        rc = fail(s, src);
    sqlite3_finalize(st);
    return rc;
}

static void sq_close(struct xa_store *h)
{
    struct sqlite_store *s = S(h);
    if (!s)
        return;
    for (int i = 0; i < N_STMT; i++)
        sqlite3_finalize(s->stmt[i]);
    for (int i = 0; i < N_DYN; i++) {
        sqlite3_finalize(s->dyn[i].st);
        free(s->dyn[i].sql);
    }
    sqlite3_close(s->db);
    xa_arena_release(&s->keep);
    free(s);
}

static int sq_open(const char *target, struct xa_store **out)
{
    struct sqlite_store *s = xa_xcalloc(1, sizeof(*s));
    s->ops = &xa_sqlite_ops;
    xa_arena_init(&s->keep);
    int src = sqlite3_open_v2(target, &s->db,
                              SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                              NULL);
    int rc = src == SQLITE_OK ? XA_OK : fail(s, src);
    if (!rc)
        rc = configure(s);
    if (!rc)
        rc = migrate(s);
    if (rc) {
        xa_log(XA_LOG_ERROR, "cannot open database '%s': %s", target, s->errmsg);
        sq_close((struct xa_store *)(void *)s);
        return rc;
    }
    *out = (struct xa_store *)(void *)s;
    return XA_OK;
}

static int sq_begin(struct xa_store *h, bool write)
{
    return exec_fixed(S(h), write ? STMT_BEGIN_WRITE : STMT_BEGIN_READ);
}

static int sq_commit(struct xa_store *h)
{
    return exec_fixed(S(h), STMT_COMMIT);
}

static int sq_rollback(struct xa_store *h)
{
    struct sqlite_store *s = S(h);
    if (sqlite3_get_autocommit(s->db))
        return XA_OK; /* no transaction, or SQLite already rolled it back */
    return exec_fixed(s, STMT_ROLLBACK);
}

static const char *sq_errmsg(struct xa_store *h)
{
    return S(h)->errmsg;
}

/* ---- units ---- */

static void read_unit(struct reader *r, struct xa_unit *u)
{
    u->id = r_i64(r);
    u->parent_id = r_i64(r);
    u->code = r_text(r);
    u->name = r_text(r);
    u->kind = r_int(r);
    u->path = r_text(r);
}

static int sq_unit_put(struct xa_store *h, struct xa_unit *u)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st;
    int rc = prepare(s, STMT_UNIT_PUT, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_opt(&b, u->parent_id);
    b_text(&b, u->code);
    b_text(&b, u->name);
    b_i64(&b, u->kind);
    rc = step_row(s, &b);
    if (!rc) {
        u->id = sqlite3_column_int64(st, 0);
        u->path = r_text(&(struct reader){st, &s->keep, 1});
    }
    release(st);
    return rc;
}

static int unit_one(struct sqlite_store *s, struct xa_arena *a, enum stmt_id id, int64_t key,
                    const char *text_key, struct xa_unit *out)
{
    sqlite3_stmt *st;
    int rc = prepare(s, id, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    if (text_key)
        b_text(&b, text_key);
    else
        b_i64(&b, key);
    rc = step_row(s, &b);
    if (!rc)
        read_unit(&(struct reader){st, a, 0}, out);
    release(st);
    return rc;
}

static int sq_unit_get(struct xa_store *h, struct xa_arena *a, int64_t id, struct xa_unit *out)
{
    return unit_one(S(h), a, STMT_UNIT_GET, id, NULL, out);
}

static int sq_unit_find_code(struct xa_store *h, struct xa_arena *a, const char *code,
                             struct xa_unit *out)
{
    if (!code)
        return XA_ENOTFOUND;
    return unit_one(S(h), a, STMT_UNIT_FIND_CODE, 0, code, out);
}

static int sq_unit_list(struct xa_store *h, struct xa_arena *a, struct xa_unit **out,
                        size_t *n_out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st;
    int rc = prepare(s, STMT_UNIT_LIST, &st);
    if (rc)
        return rc;
    struct xa_unit *v = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        v = grow(a, v, n, &cap, sizeof(*v));
        read_unit(&(struct reader){st, a, 0}, &v[n++]);
    }
    rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (!rc) {
        *out = v;
        *n_out = n;
    }
    return rc;
}
