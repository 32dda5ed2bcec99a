/*
 * sqlite.c - the SQLite backend of the store: struct xa_store_ops xa_sqlite_ops.
 *
 * A handle is one connection (SQLITE_OPEN_NOMUTEX: one thread at a time) set up for
 * durability: WAL, and a commit returns only after the log is fsynced past it, so a commit
 * that returned survives a crash (as with synchronous=FULL; the fsync is shared by concurrent
 * commits: group commit, sqlite_sync.c); foreign_keys=ON; busy_timeout 5 s. sq_open() runs
 * every pending migration of migrate.h.
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
#include "store/sqlite_int.h"

#include "base/log.h"
#include "store/migrate.h"

#define BUSY_TIMEOUT_MS 5000
#define USER_LIST_MAX 1000

extern const struct xa_store_ops xa_sqlite_ops;

#define UNIT_SELECT "SELECT u.id, u.parent_id, u.code, u.name, u.kind, u.path FROM units u"

#define USER_SELECT                                                                                \
    "SELECT u.id, u.username, u.name, u.role, u.unit_id, n.name, n.path, u.phone, u.badge,"        \
    " u.is_active, u.password_hash, u.failed_logins, u.locked_until, u.created_at"                 \
    " FROM users u JOIN units n ON n.id = u.unit_id"

#define SESSION_SELECT                                                                             \
    "SELECT token_hash, csrf_token, user_id, created_at, last_seen, expires_at, ip"                \
    " FROM sessions"

#define INCIDENT_SELECT                                                                            \
    "SELECT i.id, i.code, i.status_code, i.unit_id, n.name, i.channel, i.category,"                \
    " i.priority, i.caller_name, i.caller_phone, i.caller_id_number, i.address, i.lat,"            \
    " i.lon, i.narrative, i.occurred_at, i.received_at, i.received_by, r.name, i.status,"          \
    " i.officer_id, o.name, i.dispatched_at, i.on_scene_at, i.handled_at, i.replied_at,"           \
    " i.closed_at, i.result, i.reply_method, i.reply_content, i.replied_by, i.closed_by,"          \
    " i.due_dispatch, i.due_arrive, i.due_result, i.due_reply, i.due_next, i.updated_at,"          \
    " i.grid_id"                                                                                   \
    " FROM incidents i JOIN units n ON n.id = i.unit_id"                                           \
    " LEFT JOIN users r ON r.id = i.received_by LEFT JOIN users o ON o.id = i.officer_id"

#define AUDIT_SELECT                                                                               \
    "SELECT a.id, a.at, a.user_id, a.username, a.action, a.object_type, a.object_id, a.ip,"        \
    " a.reason, a.detail FROM audit a"

/* X(id, sql): every fixed statement of the backend. UNIT_PUT knows the new row's id inside
 * the statement (writers are serialised, so max(id) + 1 is the next one) and so sets the path
 * in the same atomic INSERT. */
#define STMTS(X)                                                                                   \
    X(BEGIN_READ, "BEGIN")                                                                         \
    X(BEGIN_WRITE, "BEGIN IMMEDIATE")                                                              \
    X(COMMIT, "COMMIT")                                                                            \
    X(ROLLBACK, "ROLLBACK")                                                                        \
    X(UNIT_PUT, "INSERT INTO units(id, parent_id, code, name, kind, path)"                         \
                " SELECT n.id, ?1, ?2, ?3, ?4,"                                                    \
                " coalesce((SELECT p.path FROM units p WHERE p.id = ?1), '/') || n.id || '/'"      \
                " FROM (SELECT coalesce(max(id), 0) + 1 AS id FROM units) n"                       \
                " RETURNING id, path")                                                             \
    X(UNIT_GET, UNIT_SELECT " WHERE u.id = ?")                                                     \
    X(UNIT_FIND_CODE, UNIT_SELECT " WHERE u.code = ?")                                             \
    X(UNIT_LIST, UNIT_SELECT " ORDER BY u.path")                                                   \
    X(USER_PUT, "INSERT INTO users(username, name, role, unit_id, phone, badge, is_active,"        \
                " password_hash, failed_logins, locked_until, created_at)"                         \
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")                          \
    X(USER_GET, USER_SELECT " WHERE u.id = ?")                                                     \
    X(USER_FIND_NAME, USER_SELECT " WHERE u.username = ?")                                         \
    X(USER_SET_PASSWORD, "UPDATE users SET password_hash = ? WHERE id = ?")                        \
    X(USER_SET_LOGIN_STATE, "UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?")   \
    X(SESSION_PUT, "INSERT INTO sessions(token_hash, csrf_token, user_id, created_at,"             \
                   " last_seen, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?)")                     \
    X(SESSION_FIND, SESSION_SELECT " WHERE token_hash = ?")                                        \
    X(SESSION_TOUCH, "UPDATE sessions SET last_seen = ? WHERE token_hash = ?")                     \
    X(SESSION_DELETE, "DELETE FROM sessions WHERE token_hash = ?")                                 \
    X(SESSION_PURGE, "DELETE FROM sessions WHERE expires_at <= ?")                                 \
    X(SLA_FIND, "SELECT dispatch_s, arrive_s, result_s, reply_s FROM sla_rules"                    \
                " WHERE category IN (0, ?) AND priority IN (0, ?)"                                 \
                " ORDER BY (category <> 0) * 2 + (priority <> 0) DESC LIMIT 1")                    \
    X(SLA_PUT, "INSERT INTO sla_rules(category, priority, dispatch_s, arrive_s, result_s,"         \
               " reply_s) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (category, priority)"              \
               " DO UPDATE SET dispatch_s = excluded.dispatch_s, arrive_s = excluded.arrive_s,"    \
               " result_s = excluded.result_s, reply_s = excluded.reply_s")                        \
    X(INCIDENT_NEXT_SEQ, "INSERT INTO incident_seq(unit_id, day, n) VALUES (?, ?, 1)"              \
                         " ON CONFLICT (unit_id, day) DO UPDATE SET n = n + 1 RETURNING n")        \
    X(INCIDENT_PUT,                                                                                \
      "INSERT INTO incidents(code, status_code, unit_id, channel, category, priority,"             \
      " caller_name, caller_phone, caller_id_number, address, lat, lon, narrative,"                \
      " occurred_at, received_at, received_by, status, officer_id, dispatched_at,"                 \
      " on_scene_at, handled_at, replied_at, closed_at, result, reply_method, reply_content,"      \
      " replied_by, closed_by, due_dispatch, due_arrive, due_result, due_reply, due_next,"         \
      " updated_at, grid_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"     \
      " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")                             \
    X(INCIDENT_UPDATE,                                                                             \
      "UPDATE incidents SET status = ?, officer_id = ?, dispatched_at = ?, on_scene_at = ?,"       \
      " handled_at = ?, replied_at = ?, closed_at = ?, result = ?, reply_method = ?,"              \
      " reply_content = ?, replied_by = ?, closed_by = ?, due_next = ?, updated_at = ?"            \
      " WHERE id = ?")                                                                             \
    X(INCIDENT_GET, INCIDENT_SELECT " WHERE i.id = ?")                                             \
    X(INCIDENT_FIND_STATUS_CODE, INCIDENT_SELECT " WHERE i.status_code = ?")                       \
    X(EVENT_PUT, "INSERT INTO incident_events(incident_id, at, user_id, action, from_status,"      \
                 " to_status, officer_id, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")     \
    X(EVENT_LIST, "SELECT e.id, e.incident_id, e.at, e.user_id, u.name, e.action,"                 \
                  " e.from_status, e.to_status, e.officer_id, o.name, e.note"                      \
                  " FROM incident_events e LEFT JOIN users u ON u.id = e.user_id"                  \
                  " LEFT JOIN users o ON o.id = e.officer_id"                                      \
                  " WHERE e.incident_id = ? ORDER BY e.at, e.id")                                  \
    X(AUDIT_PUT, "INSERT INTO audit(at, user_id, username, action, object_type, object_id,"        \
                 " ip, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")           \
    X(SLA_LIST, "SELECT category, priority, dispatch_s, arrive_s, result_s, reply_s"               \
                " FROM sla_rules ORDER BY category, priority")                                     \
    X(SETTING_GET, "SELECT value FROM settings WHERE key = ?")                                     \
    X(SETTING_PUT, "INSERT INTO settings(key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)"  \
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value,"                      \
                   " updated_at = excluded.updated_at, updated_by = excluded.updated_by")          \
    X(GRID_PUT, "INSERT INTO grids(unit_id, code, name, kind, owner_id, polygon, center_lat,"      \
                " center_lon, households, population) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"       \
                " RETURNING id")

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

_Static_assert(N_STMT <= N_STMT_MAX, "raise N_STMT_MAX in sqlite_int.h");

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

/* ---- connection and transactions ---- */

static int exec_fixed(struct sqlite_store *s, enum stmt_id id)
{
    sqlite3_stmt *st = NULL;
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
    sqlite3_stmt *st = NULL;
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
    int rc;
    int newest = xa_n_migrations ? xa_migrations[xa_n_migrations - 1].number : 0;
    if (user_version(s, &rc) == newest || rc)
        return rc; /* the usual open: up to date, no write lock taken */
    for (int i = 0; i < xa_n_migrations && !rc; i++) {
        const struct xa_migration *m = &xa_migrations[i];
        rc = exec_fixed(s, STMT_BEGIN_WRITE);
        if (rc)
            break;
        int64_t v = user_version(s, &rc);
        if (!rc && v > newest) {
            snprintf(s->errmsg, sizeof(s->errmsg),
                     "database schema %lld is newer than this build's %d", (long long)v, newest);
            rc = XA_ESTORE;
        }
        if (!rc && m->number > v) {
            char set[64];
            snprintf(set, sizeof(set), "PRAGMA user_version = %d", m->number);
            rc = exec_text(s, m->sql);
            if (rc)
                snprintf(s->errmsg, sizeof(s->errmsg), "migration '%s': %s", m->name,
                         sqlite3_errmsg(s->db));
            if (!rc)
                rc = exec_text(s, set);
        }
        if (!rc)
            rc = exec_fixed(s, STMT_COMMIT);
        if (!rc)
            rc = xa_sqlite_sync_wait(s->sync);
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
    /* NORMAL: COMMIT does not fsync the log itself; sq_commit() waits for the shared fsync */
    int rc = exec_text(s, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL");
    if (rc)
        return rc;
    sqlite3_stmt *st = NULL;
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

/* Ends a write transaction's hold on the process's write lock. */
static void end_write(struct sqlite_store *s)
{
    if (s->writing) {
        s->writing = false;
        xa_sqlite_write_unlock(s->sync);
    }
}

static void sq_close(struct xa_store *h)
{
    struct sqlite_store *s = S(h);
    if (!s)
        return;
    for (int i = 0; i < N_STMT; i++)
        sqlite3_finalize(s->stmt[i]);
    for (size_t i = 0; i < s->n_fixed; i++)
        sqlite3_finalize(s->fixed[i].st);
    for (int i = 0; i < N_DYN; i++) {
        sqlite3_finalize(s->dyn[i].st);
        free(s->dyn[i].sql);
    }
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    end_write(s);
    sqlite3_close(s->db);
    xa_sqlite_sync_detach(s->sync);
    xa_arena_release(&s->keep);
    free(s);
}

static int sq_open(const char *target, struct xa_store **out)
{
    struct sqlite_store *s = xa_xcalloc(1, sizeof(*s));
    s->ops = &xa_sqlite_ops;
    xa_arena_init(&s->keep);
    int src = sqlite3_open_v2(
        target, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    int rc = src == SQLITE_OK ? XA_OK : fail(s, src);
    if (!rc)
        rc = configure(s);
    if (!rc) {
        const char *file = sqlite3_db_filename(s->db, "main");
        if (!file || !*file) {
            snprintf(s->errmsg, sizeof(s->errmsg), "not a database file");
            rc = XA_ESTORE;
        } else {
            s->sync = xa_sqlite_sync_attach(file);
        }
    }
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
    struct sqlite_store *s = S(h);
    if (!write)
        return exec_fixed(s, STMT_BEGIN_READ);
    int rc = xa_sqlite_write_lock(s->sync, BUSY_TIMEOUT_MS);
    if (rc) {
        snprintf(s->errmsg, sizeof(s->errmsg), "another writer held the database for %d ms",
                 BUSY_TIMEOUT_MS);
        return rc;
    }
    rc = exec_fixed(s, STMT_BEGIN_WRITE);
    if (rc)
        xa_sqlite_write_unlock(s->sync);
    else
        s->writing = true;
    return rc;
}

/* COMMIT, the write lock handed on; a failed COMMIT is rolled back here. A write commit is
 * then durable only after sq_commit_durable(). */
static int sq_commit_visible(struct xa_store *h)
{
    struct sqlite_store *s = S(h);
    bool writing = s->writing;
    int rc = exec_fixed(s, STMT_COMMIT);
    if (rc && !sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    end_write(s);
    s->unsynced = !rc && writing;
    return rc;
}

/* Returns once the last write commit is on disk: the shared fsync of the log. */
static int sq_commit_durable(struct xa_store *h)
{
    struct sqlite_store *s = S(h);
    if (!s->unsynced)
        return XA_OK;
    s->unsynced = false;
    return xa_sqlite_sync_wait(s->sync);
}

static int sq_commit(struct xa_store *h)
{
    int rc = sq_commit_visible(h);
    return rc ? rc : sq_commit_durable(h);
}

static int sq_rollback(struct xa_store *h)
{
    struct sqlite_store *s = S(h);
    int rc = XA_OK;
    if (!sqlite3_get_autocommit(s->db)) /* else no transaction, or SQLite rolled it back */
        rc = exec_fixed(s, STMT_ROLLBACK);
    end_write(s);
    return rc;
}

static const char *sq_errmsg(struct xa_store *h)
{
    return S(h)->errmsg;
}

/* ---- units ---- */

static void read_unit(struct reader *r, void *row)
{
    struct xa_unit *u = row;
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
    sqlite3_stmt *st = NULL;
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

/* Runs cached statement id keyed by key (or text_key when not NULL) and reads its one row
 * into out with fn: XA_ENOTFOUND when there is none. */
static int stmt_one(struct sqlite_store *s, struct xa_arena *a, enum stmt_id id, int64_t key,
                    const char *text_key, row_fn fn, void *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, id, &st);
    if (rc)
        return rc;
    return one_row(s, st, a, key, text_key, fn, out);
}

static int sq_unit_get(struct xa_store *h, struct xa_arena *a, int64_t id, struct xa_unit *out)
{
    return stmt_one(S(h), a, STMT_UNIT_GET, id, NULL, read_unit, out);
}

static int sq_unit_find_code(struct xa_store *h, struct xa_arena *a, const char *code,
                             struct xa_unit *out)
{
    if (!code)
        return XA_ENOTFOUND;
    return stmt_one(S(h), a, STMT_UNIT_FIND_CODE, 0, code, read_unit, out);
}

static int sq_unit_list(struct xa_store *h, struct xa_arena *a, struct xa_unit **out, size_t *n_out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_UNIT_LIST, &st);
    if (rc)
        return rc;
    return collect(s, st, a, sizeof(**out), read_unit, (void **)out, n_out);
}

/* ---- users and sessions ---- */

static void read_user(struct reader *r, void *row)
{
    struct xa_user *u = row;
    u->id = r_i64(r);
    u->username = r_text(r);
    u->name = r_text(r);
    u->role = r_int(r);
    u->unit_id = r_i64(r);
    u->unit_name = r_text(r);
    u->unit_path = r_text(r);
    u->phone = r_text(r);
    u->badge = r_text(r);
    u->is_active = r_int(r) != 0;
    u->password_hash = r_text(r);
    u->failed_logins = r_int(r);
    u->locked_until = r_i64(r);
    u->created_at = r_i64(r);
}

static int sq_user_put(struct xa_store *h, struct xa_user *u)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_USER_PUT, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, u->username);
    b_text(&b, u->name);
    b_i64(&b, u->role);
    b_opt(&b, u->unit_id);
    b_text(&b, u->phone);
    b_text(&b, u->badge);
    b_i64(&b, u->is_active);
    b_text(&b, u->password_hash);
    b_i64(&b, u->failed_logins);
    b_opt(&b, u->locked_until);
    b_i64(&b, u->created_at);
    rc = step_row(s, &b);
    if (!rc)
        u->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static int sq_user_get(struct xa_store *h, struct xa_arena *a, int64_t id, struct xa_user *out)
{
    return stmt_one(S(h), a, STMT_USER_GET, id, NULL, read_user, out);
}

static int sq_user_find_name(struct xa_store *h, struct xa_arena *a, const char *username,
                             struct xa_user *out)
{
    if (!username)
        return XA_ENOTFOUND;
    return stmt_one(S(h), a, STMT_USER_FIND_NAME, 0, username, read_user, out);
}

static int sq_user_list(struct xa_store *h, struct xa_arena *a, const struct xa_user_filter *f,
                        struct xa_user **out, size_t *n_out)
{
    struct sqlite_store *s = S(h);
    struct query q = {.len = 0};
    if (f->username) {
        size_t len = strlen(f->username);
        if (len && f->username[len - 1] == '*') {
            /* substr, not LIKE: '_' is a wildcard of LIKE and may appear in usernames */
            const char *prefix = xa_arena_strndup(a, f->username, len - 1);
            q_cond(&q, "substr(u.username, 1, length(?)) = ?");
            q_text(&q, prefix);
            q_text(&q, prefix);
        } else {
            q_cond(&q, "u.username = ?");
            q_text(&q, f->username);
        }
    }
    if (f->role) {
        q_cond(&q, "u.role = ?");
        q_int(&q, f->role);
    }
    if (f->unit_id) {
        q_cond(&q, "n.path LIKE (SELECT r.path FROM units r WHERE r.id = ?) || '%'");
        q_int(&q, f->unit_id);
    }
    if (f->scope_path) {
        q_cond(&q, "n.path LIKE ? || '%'");
        q_text(&q, f->scope_path);
    }
    if (f->active_only)
        q_cond(&q, "u.is_active = 1");

    sqlite3_stmt *st = NULL;
    char tail[64];
    snprintf(tail, sizeof(tail), " ORDER BY n.path, u.username LIMIT %d", USER_LIST_MAX);
    int rc = q_run(s, USER_SELECT, &q, tail, &st);
    if (rc)
        return rc;
    return collect(s, st, a, sizeof(**out), read_user, (void **)out, n_out);
}

static int sq_user_set_password(struct xa_store *h, int64_t id, const char *hash)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_USER_SET_PASSWORD, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, hash);
    b_i64(&b, id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int sq_user_set_login_state(struct xa_store *h, int64_t id, int failed_logins,
                                   int64_t locked_until)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_USER_SET_LOGIN_STATE, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, failed_logins);
    b_opt(&b, locked_until);
    b_i64(&b, id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int sq_session_put(struct xa_store *h, const struct xa_session *ses)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_SESSION_PUT, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, ses->token_hash);
    b_text(&b, ses->csrf_token);
    b_opt(&b, ses->user_id);
    b_i64(&b, ses->created_at);
    b_i64(&b, ses->last_seen);
    b_i64(&b, ses->expires_at);
    b_text(&b, ses->ip);
    rc = step_done(s, &b);
    release(st);
    return rc;
}

static int sq_session_find(struct xa_store *h, struct xa_arena *a, const char *token_hash,
                           struct xa_session *out)
{
    struct sqlite_store *s = S(h);
    if (!token_hash)
        return XA_ENOTFOUND;
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_SESSION_FIND, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, token_hash);
    rc = step_row(s, &b);
    if (!rc) {
        struct reader r = {st, a, 0};
        out->token_hash = r_text(&r);
        out->csrf_token = r_text(&r);
        out->user_id = r_i64(&r);
        out->created_at = r_i64(&r);
        out->last_seen = r_i64(&r);
        out->expires_at = r_i64(&r);
        out->ip = r_text(&r);
    }
    release(st);
    return rc;
}

/* Runs a fixed UPDATE/DELETE keyed by a session token; XA_ENOTFOUND when no row changed. */
static int session_change(struct sqlite_store *s, enum stmt_id id, const int64_t *value,
                          const char *token_hash)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, id, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    if (value)
        b_i64(&b, *value);
    b_text(&b, token_hash);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int sq_session_touch(struct xa_store *h, const char *token_hash, int64_t last_seen)
{
    return session_change(S(h), STMT_SESSION_TOUCH, &last_seen, token_hash);
}

static int sq_session_delete(struct xa_store *h, const char *token_hash)
{
    return session_change(S(h), STMT_SESSION_DELETE, NULL, token_hash);
}

static int sq_session_purge(struct xa_store *h, int64_t now)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_SESSION_PURGE, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, now);
    rc = step_done(s, &b);
    release(st);
    return rc;
}

/* ---- SLA rules ---- */

static int sq_sla_find(struct xa_store *h, int category, int priority, struct xa_sla *out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_SLA_FIND, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, category);
    b_i64(&b, priority);
    rc = step_row(s, &b);
    if (!rc) {
        out->dispatch_s = sqlite3_column_int(st, 0);
        out->arrive_s = sqlite3_column_int(st, 1);
        out->result_s = sqlite3_column_int(st, 2);
        out->reply_s = sqlite3_column_int(st, 3);
    }
    release(st);
    return rc;
}

static int sq_sla_put(struct xa_store *h, int category, int priority, const struct xa_sla *sla)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_SLA_PUT, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, category);
    b_i64(&b, priority);
    b_i64(&b, sla->dispatch_s);
    b_i64(&b, sla->arrive_s);
    b_i64(&b, sla->result_s);
    b_i64(&b, sla->reply_s);
    rc = step_done(s, &b);
    release(st);
    return rc;
}

/* ---- incidents ---- */

static void read_incident(struct reader *r, void *row)
{
    struct xa_incident *inc = row;
    inc->id = r_i64(r);
    inc->code = r_text(r);
    inc->status_code = r_text(r);
    inc->unit_id = r_i64(r);
    inc->unit_name = r_text(r);
    inc->channel = r_int(r);
    inc->category = r_int(r);
    inc->priority = r_int(r);
    inc->caller_name = r_text(r);
    inc->caller_phone = r_text(r);
    inc->caller_id_number = r_text(r);
    inc->address = r_text(r);
    inc->has_location = !r_is_null(r);
    inc->lat = r_real(r);
    inc->lon = r_real(r);
    inc->narrative = r_text(r);
    inc->occurred_at = r_i64(r);
    inc->received_at = r_i64(r);
    inc->received_by = r_i64(r);
    inc->received_by_name = r_text(r);
    inc->status = r_int(r);
    inc->officer_id = r_i64(r);
    inc->officer_name = r_text(r);
    inc->dispatched_at = r_i64(r);
    inc->on_scene_at = r_i64(r);
    inc->handled_at = r_i64(r);
    inc->replied_at = r_i64(r);
    inc->closed_at = r_i64(r);
    inc->result = r_text(r);
    inc->reply_method = r_int(r);
    inc->reply_content = r_text(r);
    inc->replied_by = r_i64(r);
    inc->closed_by = r_i64(r);
    inc->due_dispatch = r_i64(r);
    inc->due_arrive = r_i64(r);
    inc->due_result = r_i64(r);
    inc->due_reply = r_i64(r);
    inc->due_next = r_i64(r);
    inc->updated_at = r_i64(r);
    inc->grid_id = r_i64(r);
}

static int sq_incident_next_seq(struct xa_store *h, int64_t unit_id, int32_t day, int64_t *out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_INCIDENT_NEXT_SEQ, &st);
    if (rc)
        return rc;
    return unit_day_seq(s, st, unit_id, day, out);
}

static int sq_incident_put(struct xa_store *h, struct xa_incident *inc)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_INCIDENT_PUT, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, inc->code);
    b_text(&b, inc->status_code);
    b_opt(&b, inc->unit_id);
    b_i64(&b, inc->channel);
    b_i64(&b, inc->category);
    b_i64(&b, inc->priority);
    b_text(&b, inc->caller_name);
    b_text(&b, inc->caller_phone);
    b_text(&b, inc->caller_id_number);
    b_text(&b, inc->address);
    b_real(&b, inc->has_location, inc->lat);
    b_real(&b, inc->has_location, inc->lon);
    b_text(&b, inc->narrative);
    b_opt(&b, inc->occurred_at);
    b_i64(&b, inc->received_at);
    b_opt(&b, inc->received_by);
    b_i64(&b, inc->status);
    b_opt(&b, inc->officer_id);
    b_opt(&b, inc->dispatched_at);
    b_opt(&b, inc->on_scene_at);
    b_opt(&b, inc->handled_at);
    b_opt(&b, inc->replied_at);
    b_opt(&b, inc->closed_at);
    b_text(&b, inc->result);
    b_i64(&b, inc->reply_method);
    b_text(&b, inc->reply_content);
    b_opt(&b, inc->replied_by);
    b_opt(&b, inc->closed_by);
    b_opt(&b, inc->due_dispatch);
    b_opt(&b, inc->due_arrive);
    b_opt(&b, inc->due_result);
    b_opt(&b, inc->due_reply);
    b_opt(&b, inc->due_next);
    b_i64(&b, inc->updated_at);
    b_opt(&b, inc->grid_id);
    rc = step_row(s, &b);
    if (!rc)
        inc->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static int sq_incident_update(struct xa_store *h, const struct xa_incident *inc)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_INCIDENT_UPDATE, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, inc->status);
    b_opt(&b, inc->officer_id);
    b_opt(&b, inc->dispatched_at);
    b_opt(&b, inc->on_scene_at);
    b_opt(&b, inc->handled_at);
    b_opt(&b, inc->replied_at);
    b_opt(&b, inc->closed_at);
    b_text(&b, inc->result);
    b_i64(&b, inc->reply_method);
    b_text(&b, inc->reply_content);
    b_opt(&b, inc->replied_by);
    b_opt(&b, inc->closed_by);
    b_opt(&b, inc->due_next);
    b_i64(&b, inc->updated_at);
    b_i64(&b, inc->id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int sq_incident_get(struct xa_store *h, struct xa_arena *a, int64_t id,
                           struct xa_incident *out)
{
    return stmt_one(S(h), a, STMT_INCIDENT_GET, id, NULL, read_incident, out);
}

static int sq_incident_find_status_code(struct xa_store *h, struct xa_arena *a, const char *code,
                                        struct xa_incident *out)
{
    if (!code)
        return XA_ENOTFOUND;
    return stmt_one(S(h), a, STMT_INCIDENT_FIND_STATUS_CODE, 0, code, read_incident, out);
}

/* The sort words of incident.h and the columns they order by. */
static const struct {
    const char *word;
    const char *asc, *desc;
} incident_sorts[] = {
    {"received_at", " ORDER BY i.received_at, i.id", " ORDER BY i.received_at DESC, i.id DESC"},
    {"priority", " ORDER BY i.priority, i.id", " ORDER BY i.priority DESC, i.id DESC"},
    /* no deadline sorts after every deadline, either way */
    {"due_next", " ORDER BY i.due_next NULLS LAST, i.id",
     " ORDER BY i.due_next DESC NULLS LAST, i.id DESC"},
    {"status", " ORDER BY i.status, i.id", " ORDER BY i.status DESC, i.id DESC"},
    {"code", " ORDER BY i.code, i.id", " ORDER BY i.code DESC, i.id DESC"},
};

static const char *incident_order(const char *sort)
{
    bool desc = false;
    if (!sort || !*sort)
        sort = "-received_at";
    if (*sort == '-') {
        desc = true;
        sort++;
    }
    for (size_t i = 0; i < sizeof(incident_sorts) / sizeof(incident_sorts[0]); i++) {
        if (strcmp(sort, incident_sorts[i].word) == 0)
            return desc ? incident_sorts[i].desc : incident_sorts[i].asc;
    }
    return NULL;
}

static void incident_where(struct query *q, const struct xa_incident_filter *f)
{
    if (f->scope_path) {
        q_cond(q, "i.unit_id IN (SELECT id FROM units WHERE path LIKE ? || '%')");
        q_text(q, f->scope_path);
    }
    if (f->unit_id) {
        q_cond(q, "i.unit_id IN (SELECT d.id FROM units d JOIN units r"
                  " ON d.path LIKE r.path || '%' WHERE r.id = ?)");
        q_int(q, f->unit_id);
    }
    if (f->status) {
        q_cond(q, "i.status = ?");
        q_int(q, f->status);
    }
    if (f->category) {
        q_cond(q, "i.category = ?");
        q_int(q, f->category);
    }
    if (f->officer_id) {
        q_cond(q, "i.officer_id = ?");
        q_int(q, f->officer_id);
    }
    if (f->from) {
        q_cond(q, "i.received_at >= ?");
        q_int(q, f->from);
    }
    if (f->to) {
        q_cond(q, "i.received_at < ?");
        q_int(q, f->to);
    }
    if (f->overdue) {
        q_cond(q, "i.due_next IS NOT NULL AND i.due_next < ? AND i.status < 6");
        q_int(q, f->now);
    }
    if (f->open_only)
        q_cond(q, "i.status < 6");
    if (f->q && *f->q) {
        /* instr, not FTS5 trigram, which misses terms under three characters ("张三") */
        q_cond(q, "(instr(i.code, ?) > 0 OR instr(i.caller_name, ?) > 0"
                  " OR instr(i.address, ?) > 0 OR instr(i.narrative, ?) > 0)");
        for (int k = 0; k < 4; k++)
            q_text(q, f->q);
    }
}

static int sq_incident_list(struct xa_store *h, struct xa_arena *a,
                            const struct xa_incident_filter *f, struct xa_incident **out,
                            size_t *n_out, int64_t *total_out)
{
    struct sqlite_store *s = S(h);
    const char *order = incident_order(f->sort);
    if (!order) {
        snprintf(s->errmsg, sizeof(s->errmsg), "unknown sort '%s'", f->sort);
        return XA_EINVAL;
    }
    struct query q = {.len = 0};
    incident_where(&q, f);
    int64_t total;
    int rc = q_count(s, "FROM incidents i", &q, &total);
    if (rc)
        return rc;

    char tail[128];
    snprintf(tail, sizeof(tail), "%s LIMIT ? OFFSET ?", order);
    q_page(&q, f->page, f->per_page);
    sqlite3_stmt *st = NULL;
    rc = q_run(s, INCIDENT_SELECT, &q, tail, &st);
    if (rc)
        return rc;
    struct xa_incident *v = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        v = grow(a, v, n, &cap, sizeof(*v));
        read_incident(&(struct reader){st, a, 0}, &v[n++]);
    }
    rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (!rc) {
        *out = v;
        *n_out = n;
        *total_out = total;
    }
    return rc;
}

static int sq_incident_event_put(struct xa_store *h, struct xa_incident_event *ev)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_EVENT_PUT, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_opt(&b, ev->incident_id);
    b_i64(&b, ev->at);
    b_opt(&b, ev->user_id);
    b_i64(&b, ev->action);
    b_i64(&b, ev->from_status);
    b_i64(&b, ev->to_status);
    b_opt(&b, ev->officer_id);
    b_text(&b, ev->note);
    rc = step_row(s, &b);
    if (!rc)
        ev->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static int sq_incident_event_list(struct xa_store *h, struct xa_arena *a, int64_t incident_id,
                                  struct xa_incident_event **out, size_t *n_out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_EVENT_LIST, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, incident_id);
    if (b.rc != SQLITE_OK) {
        rc = fail(s, b.rc);
        release(st);
        return rc;
    }
    struct xa_incident_event *v = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        v = grow(a, v, n, &cap, sizeof(*v));
        struct reader r = {st, a, 0};
        struct xa_incident_event *ev = &v[n++];
        ev->id = r_i64(&r);
        ev->incident_id = r_i64(&r);
        ev->at = r_i64(&r);
        ev->user_id = r_i64(&r);
        ev->user_name = r_text(&r);
        ev->action = r_int(&r);
        ev->from_status = r_int(&r);
        ev->to_status = r_int(&r);
        ev->officer_id = r_i64(&r);
        ev->officer_name = r_text(&r);
        ev->note = r_text(&r);
    }
    rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (!rc) {
        *out = v;
        *n_out = n;
    }
    return rc;
}

/* ---- audit ---- */

static int sq_audit_put(struct xa_store *h, struct xa_audit *au)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_AUDIT_PUT, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, au->at);
    b_opt(&b, au->user_id);
    b_text(&b, au->username);
    b_text(&b, au->action);
    b_text(&b, au->object_type);
    b_opt(&b, au->object_id);
    b_text(&b, au->ip);
    b_text(&b, au->reason);
    b_text(&b, au->detail);
    rc = step_row(s, &b);
    if (!rc)
        au->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static int sq_audit_list(struct xa_store *h, struct xa_arena *a, const struct xa_audit_filter *f,
                         struct xa_audit **out, size_t *n_out, int64_t *total_out)
{
    struct sqlite_store *s = S(h);
    struct query q = {.len = 0};
    if (f->user_id) {
        q_cond(&q, "a.user_id = ?");
        q_int(&q, f->user_id);
    }
    if (f->username) {
        q_cond(&q, "a.username = ?");
        q_text(&q, f->username);
    }
    if (f->action && *f->action) {
        /* substr, not LIKE: '_' is a LIKE wildcard and appears in action names */
        q_cond(&q, "substr(a.action, 1, length(?)) = ?");
        q_text(&q, f->action);
        q_text(&q, f->action);
    }
    if (f->object_type) {
        q_cond(&q, "a.object_type = ?");
        q_text(&q, f->object_type);
    }
    if (f->object_id) {
        q_cond(&q, "a.object_id = ?");
        q_int(&q, f->object_id);
    }
    if (f->scope_path) {
        q_cond(&q, "a.user_id IN (SELECT u.id FROM users u JOIN units n ON n.id = u.unit_id"
                   " WHERE n.path LIKE ? || '%')");
        q_text(&q, f->scope_path);
    }
    if (f->from) {
        q_cond(&q, "a.at >= ?");
        q_int(&q, f->from);
    }
    if (f->to) {
        q_cond(&q, "a.at < ?");
        q_int(&q, f->to);
    }
    int64_t total;
    int rc = q_count(s, "FROM audit a", &q, &total);
    if (rc)
        return rc;

    q_page(&q, f->page, f->per_page);
    sqlite3_stmt *st = NULL;
    rc = q_run(s, AUDIT_SELECT, &q, " ORDER BY a.at DESC, a.id DESC LIMIT ? OFFSET ?", &st);
    if (rc)
        return rc;
    struct xa_audit *v = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        v = grow(a, v, n, &cap, sizeof(*v));
        struct reader r = {st, a, 0};
        struct xa_audit *au = &v[n++];
        au->id = r_i64(&r);
        au->at = r_i64(&r);
        au->user_id = r_i64(&r);
        au->username = r_text(&r);
        au->action = r_text(&r);
        au->object_type = r_text(&r);
        au->object_id = r_i64(&r);
        au->ip = r_text(&r);
        au->reason = r_text(&r);
        au->detail = r_text(&r);
    }
    rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (!rc) {
        *out = v;
        *n_out = n;
        *total_out = total;
    }
    return rc;
}

/* ---- grouped counts for dashboards ---- */

static int sq_incident_count(struct xa_store *h, struct xa_arena *a,
                             const struct xa_incident_filter *f, int group,
                             struct xa_count_row **out, size_t *n_out)
{
    static const struct {
        int group;
        const char *keys; /* key1, key2 */
        const char *by;
    } groups[] = {
        {XA_INCIDENT_BY_STATUS, "i.status, 0", " GROUP BY 1 ORDER BY 1"},
        {XA_INCIDENT_BY_CATEGORY, "i.category, 0", " GROUP BY 1 ORDER BY 1"},
        /* the Shanghai calendar day as YYYYMMDD */
        {XA_INCIDENT_BY_DAY_CATEGORY,
         "CAST(strftime('%Y%m%d', i.received_at + 28800, 'unixepoch') AS INTEGER), i.category",
         " GROUP BY 1, 2 ORDER BY 1, 2"},
        {XA_INCIDENT_BY_UNIT_STATUS, "i.unit_id, i.status", " GROUP BY 1, 2 ORDER BY 1, 2"},
    };
    struct sqlite_store *s = S(h);
    size_t g = 0;
    while (g < sizeof(groups) / sizeof(groups[0]) && groups[g].group != group)
        g++;
    if (g == sizeof(groups) / sizeof(groups[0])) {
        snprintf(s->errmsg, sizeof(s->errmsg), "unknown grouping %d", group);
        return XA_EINVAL;
    }
    char head[256];
    snprintf(head, sizeof(head), "SELECT %s, count(*) FROM incidents i", groups[g].keys);
    struct query q = {.len = 0};
    incident_where(&q, f);
    sqlite3_stmt *st = NULL;
    int rc = q_run(s, head, &q, groups[g].by, &st);
    if (rc)
        return rc;
    struct xa_count_row *v = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        v = grow(a, v, n, &cap, sizeof(*v));
        v[n].key1 = sqlite3_column_int64(st, 0);
        v[n].key2 = sqlite3_column_int64(st, 1);
        v[n++].n = sqlite3_column_int64(st, 2);
    }
    rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (!rc) {
        *out = v;
        *n_out = n;
    }
    return rc;
}

static int sq_incident_response_times(struct xa_store *h, struct xa_arena *a,
                                      const struct xa_incident_filter *f, int64_t **out,
                                      size_t *n_out)
{
    struct sqlite_store *s = S(h);
    struct query q = {.len = 0};
    incident_where(&q, f);
    q_cond(&q, "i.on_scene_at IS NOT NULL");
    sqlite3_stmt *st = NULL;
    int rc =
        q_run(s, "SELECT i.on_scene_at - i.received_at FROM incidents i", &q, " ORDER BY 1", &st);
    if (rc)
        return rc;
    int64_t *v = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        v = grow(a, v, n, &cap, sizeof(*v));
        v[n++] = sqlite3_column_int64(st, 0);
    }
    rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (!rc) {
        *out = v;
        *n_out = n;
    }
    return rc;
}

/* ---- SLA rules and settings ---- */

static int sq_sla_list(struct xa_store *h, struct xa_arena *a, struct xa_sla_rule **out,
                       size_t *n_out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_SLA_LIST, &st);
    if (rc)
        return rc;
    struct xa_sla_rule *v = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        v = grow(a, v, n, &cap, sizeof(*v));
        struct reader r = {st, a, 0};
        v[n].category = r_int(&r);
        v[n].priority = r_int(&r);
        v[n].sla.dispatch_s = r_int(&r);
        v[n].sla.arrive_s = r_int(&r);
        v[n].sla.result_s = r_int(&r);
        v[n++].sla.reply_s = r_int(&r);
    }
    rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (!rc) {
        *out = v;
        *n_out = n;
    }
    return rc;
}

static int sq_setting_get(struct xa_store *h, struct xa_arena *a, const char *key, const char **out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_SETTING_GET, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, key);
    rc = step_row(s, &b);
    if (!rc)
        *out = r_text(&(struct reader){st, a, 0});
    release(st);
    return rc;
}

static int sq_setting_put(struct xa_store *h, const char *key, const char *value, int64_t at,
                          int64_t by)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_SETTING_PUT, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, key);
    b_text(&b, value);
    b_i64(&b, at);
    b_opt(&b, by);
    rc = step_done(s, &b);
    release(st);
    return rc;
}

/* ---- grids ---- */

static int sq_grid_put(struct xa_store *h, struct xa_grid *g)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare(s, STMT_GRID_PUT, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, g->unit_id);
    b_text(&b, g->code);
    b_text(&b, g->name);
    b_i64(&b, g->kind);
    b_opt(&b, g->owner_id);
    b_text(&b, g->polygon);
    b_real(&b, true, g->center_lat);
    b_real(&b, true, g->center_lon);
    b_i64(&b, g->households);
    b_i64(&b, g->population);
    rc = step_row(s, &b);
    if (!rc)
        g->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static int sq_grid_list(struct xa_store *h, struct xa_arena *a, const char *scope_path,
                        struct xa_grid **out, size_t *n_out)
{
    struct sqlite_store *s = S(h);
    struct query q = {.len = 0};
    if (scope_path) {
        q_cond(&q, "n.path LIKE ? || '%'");
        q_text(&q, scope_path);
    }
    sqlite3_stmt *st = NULL;
    int rc = q_run(s,
                   "SELECT g.id, g.unit_id, n.name, g.code, g.name, g.kind, g.owner_id, o.name,"
                   " g.polygon, g.center_lat, g.center_lon, g.households, g.population"
                   " FROM grids g JOIN units n ON n.id = g.unit_id"
                   " LEFT JOIN users o ON o.id = g.owner_id",
                   &q, " ORDER BY g.code", &st);
    if (rc)
        return rc;
    struct xa_grid *v = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        v = grow(a, v, n, &cap, sizeof(*v));
        struct reader r = {st, a, 0};
        struct xa_grid *g = &v[n++];
        g->id = r_i64(&r);
        g->unit_id = r_i64(&r);
        g->unit_name = r_text(&r);
        g->code = r_text(&r);
        g->name = r_text(&r);
        g->kind = r_int(&r);
        g->owner_id = r_i64(&r);
        g->owner_name = r_text(&r);
        g->polygon = r_text(&r);
        g->center_lat = r_real(&r);
        g->center_lon = r_real(&r);
        g->households = r_int(&r);
        g->population = r_int(&r);
    }
    rc = src == SQLITE_DONE ? XA_OK : fail(s, src);
    release(st);
    if (!rc) {
        *out = v;
        *n_out = n;
    }
    return rc;
}

const struct xa_store_ops xa_sqlite_ops = {
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .commit_visible = sq_commit_visible,
    .commit_durable = sq_commit_durable,
    .rollback = sq_rollback,
    .unit_put = sq_unit_put,
    .unit_get = sq_unit_get,
    .unit_find_code = sq_unit_find_code,
    .unit_list = sq_unit_list,
    .user_put = sq_user_put,
    .user_get = sq_user_get,
    .user_find_name = sq_user_find_name,
    .user_list = sq_user_list,
    .user_set_password = sq_user_set_password,
    .user_set_login_state = sq_user_set_login_state,
    .session_put = sq_session_put,
    .session_find = sq_session_find,
    .session_touch = sq_session_touch,
    .session_delete = sq_session_delete,
    .session_purge = sq_session_purge,
    .sla_find = sq_sla_find,
    .sla_put = sq_sla_put,
    .incident_next_seq = sq_incident_next_seq,
    .incident_put = sq_incident_put,
    .incident_update = sq_incident_update,
    .incident_get = sq_incident_get,
    .incident_find_status_code = sq_incident_find_status_code,
    .incident_list = sq_incident_list,
    .incident_event_put = sq_incident_event_put,
    .incident_event_list = sq_incident_event_list,
    .audit_put = sq_audit_put,
    .audit_list = sq_audit_list,
    .sla_list = sq_sla_list,
    .incident_count = sq_incident_count,
    .incident_response_times = sq_incident_response_times,
    .setting_get = sq_setting_get,
    .setting_put = sq_setting_put,
    .grid_put = sq_grid_put,
    .grid_list = sq_grid_list,
    .cases = &xa_sqlite_case_ops,
    .series = &xa_sqlite_series_ops,
    .demo = &xa_sqlite_demo_ops,
    .analysis = &xa_sqlite_analysis_ops,
    .import = &xa_sqlite_import_ops,
    .errmsg = sq_errmsg,
};
