/*
 * store.h - the storage layer's whole API (the model is SQLite's pager.h / VFS).
 *
 * Every SQL statement of Xiao'an lives under store/. A struct xa_store is one connection to one
 * backend, used by one thread at a time; the backend is chosen by the URL given to
 * xa_store_open() and implements struct xa_store_ops. Nothing above store/ knows which one
 * runs, and nothing here exposes a backend's types.
 *
 * Transactions: writes happen between xa_store_begin(s, true) and xa_store_commit(); a
 * service function that fails calls xa_store_rollback(), which accepts "no transaction".
 * Commit is durable when it returns (SQLite: WAL with synchronous=FULL).
 *
 * Results: rows are copied into the caller's arena before a statement is reset, so every
 * string and array handed out is arena-owned and outlives the statement. Functions that return
 * a row fill *out only on XA_OK; _get returns XA_ENOTFOUND when there is no such row.
 * On XA_ESTORE, xa_store_errmsg() says what the backend said.
 */
#ifndef XA_STORE_H
#define XA_STORE_H

#include "base/arena.h"
#include "base/err.h"
#include "core/audit.h"
#include "core/grid.h"
#include "core/incident.h"
#include "core/unit.h"
#include "core/user.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xa_store;

struct xa_store_ops {
    const char *name; /* "sqlite" */
    int (*open)(const char *target, struct xa_store **out);
    void (*close)(struct xa_store *s);
    int (*begin)(struct xa_store *s, bool write);
    int (*commit)(struct xa_store *s);
    int (*rollback)(struct xa_store *s);

    int (*unit_put)(struct xa_store *s, struct xa_unit *u);
    int (*unit_get)(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_unit *out);
    int (*unit_find_code)(struct xa_store *s, struct xa_arena *a, const char *code,
                          struct xa_unit *out);
    int (*unit_list)(struct xa_store *s, struct xa_arena *a, struct xa_unit **out, size_t *n);

    int (*user_put)(struct xa_store *s, struct xa_user *u);
    int (*user_get)(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_user *out);
    int (*user_find_name)(struct xa_store *s, struct xa_arena *a, const char *username,
                          struct xa_user *out);
    int (*user_list)(struct xa_store *s, struct xa_arena *a, const struct xa_user_filter *f,
                     struct xa_user **out, size_t *n);
    int (*user_set_password)(struct xa_store *s, int64_t id, const char *hash);
    int (*user_set_login_state)(struct xa_store *s, int64_t id, int failed_logins,
                                int64_t locked_until);

    int (*session_put)(struct xa_store *s, const struct xa_session *ses);
    int (*session_find)(struct xa_store *s, struct xa_arena *a, const char *token_hash,
                        struct xa_session *out);
    int (*session_touch)(struct xa_store *s, const char *token_hash, int64_t last_seen);
    int (*session_delete)(struct xa_store *s, const char *token_hash);
    int (*session_purge)(struct xa_store *s, int64_t now);

    int (*sla_find)(struct xa_store *s, int category, int priority, struct xa_sla *out);
    int (*sla_put)(struct xa_store *s, int category, int priority, const struct xa_sla *sla);
    int (*sla_list)(struct xa_store *s, struct xa_arena *a, struct xa_sla_rule **out, size_t *n);

    int (*incident_next_seq)(struct xa_store *s, int64_t unit_id, int32_t day, int64_t *out);
    int (*incident_put)(struct xa_store *s, struct xa_incident *inc);
    int (*incident_update)(struct xa_store *s, const struct xa_incident *inc);
    int (*incident_get)(struct xa_store *s, struct xa_arena *a, int64_t id,
                        struct xa_incident *out);
    int (*incident_find_status_code)(struct xa_store *s, struct xa_arena *a, const char *code,
                                     struct xa_incident *out);
    int (*incident_list)(struct xa_store *s, struct xa_arena *a,
                         const struct xa_incident_filter *f, struct xa_incident **out, size_t *n,
                         int64_t *total);
    int (*incident_event_put)(struct xa_store *s, struct xa_incident_event *ev);
    int (*incident_event_list)(struct xa_store *s, struct xa_arena *a, int64_t incident_id,
                               struct xa_incident_event **out, size_t *n);

    int (*audit_put)(struct xa_store *s, struct xa_audit *au);
    int (*audit_list)(struct xa_store *s, struct xa_arena *a, const struct xa_audit_filter *f,
                      struct xa_audit **out, size_t *n, int64_t *total);

    int (*incident_count)(struct xa_store *s, struct xa_arena *a,
                          const struct xa_incident_filter *f, int group,
                          struct xa_count_row **out, size_t *n);
    int (*incident_response_times)(struct xa_store *s, struct xa_arena *a,
                                   const struct xa_incident_filter *f, int64_t **out, size_t *n);
    int (*setting_get)(struct xa_store *s, struct xa_arena *a, const char *key, const char **out);
    int (*setting_put)(struct xa_store *s, const char *key, const char *value, int64_t at,
                       int64_t by);

    int (*grid_put)(struct xa_store *s, struct xa_grid *g);
    int (*grid_list)(struct xa_store *s, struct xa_arena *a, const char *scope_path,
                     struct xa_grid **out, size_t *n);

    const char *(*errmsg)(struct xa_store *s);
};

/* Opens target: "sqlite:PATH" or a plain PATH (SQLite). Creates the database when missing and
 * runs every pending numbered migration. Caller closes with xa_store_close(). */
XA_MUST_CHECK int xa_store_open(const char *target, struct xa_store **out);
/* Closes the connection; NULL is a no-op. */
void xa_store_close(struct xa_store *s);
/* The backend's last error text; borrowed until the next call on s. */
const char *xa_store_errmsg(struct xa_store *s);

/* Transactions. A write transaction takes the write lock at begin (no upgrade deadlocks). */
XA_MUST_CHECK int xa_store_begin(struct xa_store *s, bool write);
XA_MUST_CHECK int xa_store_commit(struct xa_store *s);
/* Rolls back the open transaction, if any. */
void xa_store_rollback(struct xa_store *s);

/* Units. _put inserts u, sets u->id and u->path from the parent (XA_ECONFLICT: code taken,
 * XA_ENOTFOUND: no such parent); the path string is owned by s until xa_store_close().
 * _list returns every unit ordered by path. */
XA_MUST_CHECK int xa_store_unit_put(struct xa_store *s, struct xa_unit *u);
XA_MUST_CHECK int xa_store_unit_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                    struct xa_unit *out);
XA_MUST_CHECK int xa_store_unit_find_code(struct xa_store *s, struct xa_arena *a,
                                          const char *code, struct xa_unit *out);
XA_MUST_CHECK int xa_store_unit_list(struct xa_store *s, struct xa_arena *a,
                                     struct xa_unit **out, size_t *n);

/* Users. _put inserts u (with password_hash) and sets u->id; XA_ECONFLICT when the username is
 * taken. Rows come back with unit_name and unit_path joined. _list orders by unit path, then
 * username. */
XA_MUST_CHECK int xa_store_user_put(struct xa_store *s, struct xa_user *u);
XA_MUST_CHECK int xa_store_user_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                    struct xa_user *out);
XA_MUST_CHECK int xa_store_user_find_name(struct xa_store *s, struct xa_arena *a,
                                          const char *username, struct xa_user *out);
XA_MUST_CHECK int xa_store_user_list(struct xa_store *s, struct xa_arena *a,
                                     const struct xa_user_filter *f, struct xa_user **out,
                                     size_t *n);
XA_MUST_CHECK int xa_store_user_set_password(struct xa_store *s, int64_t id, const char *hash);
XA_MUST_CHECK int xa_store_user_set_login_state(struct xa_store *s, int64_t id,
                                                int failed_logins, int64_t locked_until);

/* Sessions, keyed by the SHA-256 hex of the token. _purge deletes expired ones. */
XA_MUST_CHECK int xa_store_session_put(struct xa_store *s, const struct xa_session *ses);
XA_MUST_CHECK int xa_store_session_find(struct xa_store *s, struct xa_arena *a,
                                        const char *token_hash, struct xa_session *out);
XA_MUST_CHECK int xa_store_session_touch(struct xa_store *s, const char *token_hash,
                                         int64_t last_seen);
XA_MUST_CHECK int xa_store_session_delete(struct xa_store *s, const char *token_hash);
XA_MUST_CHECK int xa_store_session_purge(struct xa_store *s, int64_t now);

/* SLA rules per (category, priority); 0 in either is a wildcard. _find picks the most specific
 * rule (both > category only > priority only > wildcard), XA_ENOTFOUND when none matches. */
XA_MUST_CHECK int xa_store_sla_find(struct xa_store *s, int category, int priority,
                                    struct xa_sla *out);
XA_MUST_CHECK int xa_store_sla_put(struct xa_store *s, int category, int priority,
                                   const struct xa_sla *sla);
/* Every rule, ordered by category then priority. */
XA_MUST_CHECK int xa_store_sla_list(struct xa_store *s, struct xa_arena *a,
                                    struct xa_sla_rule **out, size_t *n);

/* Incidents. _next_seq returns 1, 2, 3 ... per (unit, Shanghai day). _put inserts and sets
 * inc->id (XA_ECONFLICT on a duplicate code or status code); _update writes the lifecycle
 * fields (status, officer, step times, result, reply, due_next, updated_at). Rows come back
 * with unit_name, officer_name and received_by_name joined. _list applies the filter and
 * paging and sets *total to the count before paging. */
XA_MUST_CHECK int xa_store_incident_next_seq(struct xa_store *s, int64_t unit_id, int32_t day,
                                             int64_t *out);
XA_MUST_CHECK int xa_store_incident_put(struct xa_store *s, struct xa_incident *inc);
XA_MUST_CHECK int xa_store_incident_update(struct xa_store *s, const struct xa_incident *inc);
XA_MUST_CHECK int xa_store_incident_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                        struct xa_incident *out);
XA_MUST_CHECK int xa_store_incident_find_status_code(struct xa_store *s, struct xa_arena *a,
                                                     const char *code, struct xa_incident *out);
XA_MUST_CHECK int xa_store_incident_list(struct xa_store *s, struct xa_arena *a,
                                         const struct xa_incident_filter *f,
                                         struct xa_incident **out, size_t *n, int64_t *total);
/* Timeline: _event_put appends (sets ev->id); _event_list returns events oldest first with
 * user_name and officer_name joined. */
XA_MUST_CHECK int xa_store_incident_event_put(struct xa_store *s, struct xa_incident_event *ev);
XA_MUST_CHECK int xa_store_incident_event_list(struct xa_store *s, struct xa_arena *a,
                                               int64_t incident_id,
                                               struct xa_incident_event **out, size_t *n);

/* Audit log: append only (the backend refuses UPDATE and DELETE on it). _list is newest first. */
XA_MUST_CHECK int xa_store_audit_put(struct xa_store *s, struct xa_audit *au);
XA_MUST_CHECK int xa_store_audit_list(struct xa_store *s, struct xa_arena *a,
                                      const struct xa_audit_filter *f, struct xa_audit **out,
                                      size_t *n, int64_t *total);

/* Counts of the incidents matching f (paging and sort ignored) per group of
 * enum xa_incident_group, ordered by key1, key2. */
XA_MUST_CHECK int xa_store_incident_count(struct xa_store *s, struct xa_arena *a,
                                          const struct xa_incident_filter *f, int group,
                                          struct xa_count_row **out, size_t *n);
/* Response times (on_scene_at - received_at, seconds) of the incidents matching f that have an
 * arrival, in ascending order. */
XA_MUST_CHECK int xa_store_incident_response_times(struct xa_store *s, struct xa_arena *a,
                                                   const struct xa_incident_filter *f,
                                                   int64_t **out, size_t *n);

/* Settings: _get gives XA_ENOTFOUND for a key never set; a NULL value clears it. */
XA_MUST_CHECK int xa_store_setting_get(struct xa_store *s, struct xa_arena *a, const char *key,
                                       const char **out);
XA_MUST_CHECK int xa_store_setting_put(struct xa_store *s, const char *key, const char *value,
                                       int64_t at, int64_t by);

/* Grids. _put inserts g and sets g->id (XA_ECONFLICT: code taken, XA_ENOTFOUND: no such unit
 * or owner). _list returns the grids of stations within scope_path (NULL = all), by code. */
XA_MUST_CHECK int xa_store_grid_put(struct xa_store *s, struct xa_grid *g);
XA_MUST_CHECK int xa_store_grid_list(struct xa_store *s, struct xa_arena *a,
                                     const char *scope_path, struct xa_grid **out, size_t *n);

#endif
