/*
 * store.h - the storage layer's whole API (the model is SQLite's pager.h / VFS).
 *
 * Every SQL statement of Xiao'an lives under store/. A struct xa_store is one connection to one
 * backend, used by one thread at a time; the backend is chosen by the URL given to
 * xa_store_open() and implements struct xa_store_ops with its sub-tables. Nothing above store/
 * knows which one runs, and nothing here exposes a backend's types.
 *
 * Transactions: writes happen between xa_store_begin(s, true) and xa_store_commit(); a
 * service function that fails calls xa_store_rollback(), which accepts "no transaction".
 * Commit is durable when it returns (SQLite: WAL, and the log fsynced past the commit before
 * xa_store_commit() returns; concurrent commits share that fsync, sqlite_sync.c). Write
 * transactions of one process take turns on an in-process lock; XA_EBUSY after 5 s.
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
#include "core/case.h"
#include "core/grid.h"
#include "core/incident.h"
#include "core/unit.h"
#include "core/user.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xa_store;

/* The sub-tables of struct xa_store_ops, each defined beside the functions it serves: series
 * linkage in store_series.h, the demo's planted series in store_demo.h, analysis and bulk
 * import below. */
struct xa_store_series_ops;
struct xa_store_demo_ops;
struct xa_store_analysis_ops;
struct xa_store_import_ops;

/* Cases (docs/cases.md): a second table, so each backend keeps case SQL in files of its own. */
struct xa_store_case_ops {
    int (*type_list)(struct xa_store *s, struct xa_arena *a, struct xa_case_type **out, size_t *n);
    int (*type_put)(struct xa_store *s, struct xa_case_type *t);
    int (*mo_tag_list)(struct xa_store *s, struct xa_arena *a, struct xa_mo_tag **out, size_t *n);
    int (*template_list)(struct xa_store *s, struct xa_arena *a, int64_t type_id,
                         struct xa_action_template **out, size_t *n);
    int (*template_set)(struct xa_store *s, int64_t type_id, const struct xa_action_template *v,
                        size_t n);
    int (*next_seq)(struct xa_store *s, int64_t unit_id, int32_t day, int64_t *out);
    int (*put)(struct xa_store *s, struct xa_case *c);
    int (*update)(struct xa_store *s, const struct xa_case *c);
    int (*get)(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_case *out);
    int (*list)(struct xa_store *s, struct xa_arena *a, const struct xa_case_filter *f,
                struct xa_case **out, size_t *n, int64_t *total);
    int (*event_put)(struct xa_store *s, struct xa_case_event *ev);
    int (*event_list)(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                      struct xa_case_event **out, size_t *n);
    int (*action_put)(struct xa_store *s, struct xa_case_action *x);
    int (*action_update)(struct xa_store *s, const struct xa_case_action *x);
    int (*action_list)(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                       struct xa_case_action **out, size_t *n);
    int (*property_put)(struct xa_store *s, struct xa_property *p);
    int (*property_update)(struct xa_store *s, const struct xa_property *p);
    int (*property_get)(struct xa_store *s, struct xa_arena *a, int64_t id,
                        struct xa_property *out);
    int (*property_list)(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                         const char *serial, const char *scope_path, struct xa_property **out,
                         size_t *n);
    int (*person_link_put)(struct xa_store *s, struct xa_case_person *cp);
    int (*person_link_list)(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                            int64_t person_id, const char *scope_path, struct xa_case_person **out,
                            size_t *n);
    int (*arrest_put)(struct xa_store *s, struct xa_arrest *ar);
    int (*arrest_list)(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                       struct xa_arrest **out, size_t *n);
    int (*attachment_put)(struct xa_store *s, struct xa_attachment *at);
    int (*attachment_get)(struct xa_store *s, struct xa_arena *a, int64_t id,
                          struct xa_attachment *out);
    int (*attachment_list)(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                           struct xa_attachment **out, size_t *n);
    int (*overdue_count)(struct xa_store *s, struct xa_arena *a, const char *scope_path,
                         int64_t now, struct xa_count_row **out, size_t *n);
    int (*person_put)(struct xa_store *s, struct xa_person *p);
    int (*person_update)(struct xa_store *s, const struct xa_person *p);
    int (*person_get)(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_person *out);
    int (*person_find_id_number)(struct xa_store *s, struct xa_arena *a, const char *id_number,
                                 struct xa_person *out);
    int (*person_list)(struct xa_store *s, struct xa_arena *a, const struct xa_person_filter *f,
                       struct xa_person **out, size_t *n, int64_t *total);
    int (*stats)(struct xa_store *s, struct xa_arena *a, const struct xa_case_stats_query *q,
                 struct xa_case_stats_row **out, size_t *n);
    int (*solve_times)(struct xa_store *s, struct xa_arena *a, const struct xa_case_stats_query *q,
                       struct xa_case_solve_time **out, size_t *n);
};

struct xa_store_ops {
    const char *name; /* "sqlite" */
    int (*open)(const char *target, struct xa_store **out);
    void (*close)(struct xa_store *s);
    int (*begin)(struct xa_store *s, bool write);
    int (*commit)(struct xa_store *s);
    int (*commit_visible)(struct xa_store *s);
    int (*commit_durable)(struct xa_store *s);
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
    int (*incident_list)(struct xa_store *s, struct xa_arena *a, const struct xa_incident_filter *f,
                         struct xa_incident **out, size_t *n, int64_t *total);
    int (*incident_event_put)(struct xa_store *s, struct xa_incident_event *ev);
    int (*incident_event_list)(struct xa_store *s, struct xa_arena *a, int64_t incident_id,
                               struct xa_incident_event **out, size_t *n);

    int (*audit_put)(struct xa_store *s, struct xa_audit *au);
    int (*audit_list)(struct xa_store *s, struct xa_arena *a, const struct xa_audit_filter *f,
                      struct xa_audit **out, size_t *n, int64_t *total);

    int (*incident_count)(struct xa_store *s, struct xa_arena *a,
                          const struct xa_incident_filter *f, int group, struct xa_count_row **out,
                          size_t *n);
    int (*incident_response_times)(struct xa_store *s, struct xa_arena *a,
                                   const struct xa_incident_filter *f, int64_t **out, size_t *n);
    int (*setting_get)(struct xa_store *s, struct xa_arena *a, const char *key, const char **out);
    int (*setting_put)(struct xa_store *s, const char *key, const char *value, int64_t at,
                       int64_t by);

    int (*grid_put)(struct xa_store *s, struct xa_grid *g);
    int (*grid_list)(struct xa_store *s, struct xa_arena *a, const char *scope_path,
                     struct xa_grid **out, size_t *n);

    const struct xa_store_case_ops *cases;
    const struct xa_store_series_ops *series;
    const struct xa_store_demo_ops *demo;
    const struct xa_store_analysis_ops *analysis;
    const struct xa_store_import_ops *import;

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
/* xa_store_commit() in two halves, for a caller that must act in commit order (the analysis
 * index follows commits under a mutex it should not hold through an fsync): _visible commits
 * (others see it, the write lock is handed on; on failure it is rolled back), _durable returns
 * once that commit is on disk. Acknowledge nothing before _durable returned XA_OK. */
XA_MUST_CHECK int xa_store_commit_visible(struct xa_store *s);
XA_MUST_CHECK int xa_store_commit_durable(struct xa_store *s);
/* Rolls back the open transaction, if any. */
void xa_store_rollback(struct xa_store *s);

/* Units. _put inserts u, sets u->id and u->path from the parent (XA_ECONFLICT: code taken,
 * XA_ENOTFOUND: no such parent); the path string is owned by s until xa_store_close().
 * _list returns every unit ordered by path. */
XA_MUST_CHECK int xa_store_unit_put(struct xa_store *s, struct xa_unit *u);
XA_MUST_CHECK int xa_store_unit_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                    struct xa_unit *out);
XA_MUST_CHECK int xa_store_unit_find_code(struct xa_store *s, struct xa_arena *a, const char *code,
                                          struct xa_unit *out);
XA_MUST_CHECK int xa_store_unit_list(struct xa_store *s, struct xa_arena *a, struct xa_unit **out,
                                     size_t *n);

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
XA_MUST_CHECK int xa_store_user_set_login_state(struct xa_store *s, int64_t id, int failed_logins,
                                                int64_t locked_until);

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
                                               int64_t incident_id, struct xa_incident_event **out,
                                               size_t *n);

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
XA_MUST_CHECK int xa_store_grid_list(struct xa_store *s, struct xa_arena *a, const char *scope_path,
                                     struct xa_grid **out, size_t *n);

/* ---- cases (docs/cases.md) ----
 * Rows come back with their names joined (type code and name, unit, owner, incident code,
 * persons' names); loss_fen, recovered_fen, n_suspects and n_arrests of a case are derived from
 * its property, persons and arrests. Times are whatever the caller gives: a demo generator may
 * write history by setting the *_at fields itself. */

/* Case types, each with the MO tags that apply to it (its own, its ancestors' and the tags
 * for any type), ordered by code. _type_put inserts t (XA_ECONFLICT: code taken). */
XA_MUST_CHECK int xa_store_case_type_list(struct xa_store *s, struct xa_arena *a,
                                          struct xa_case_type **out, size_t *n);
XA_MUST_CHECK int xa_store_case_type_put(struct xa_store *s, struct xa_case_type *t);
/* Every MO tag with the type codes it applies to, in display order. */
XA_MUST_CHECK int xa_store_case_mo_tag_list(struct xa_store *s, struct xa_arena *a,
                                            struct xa_mo_tag **out, size_t *n);
/* The action templates a new case of type_id receives (its own, its ancestors', and those
 * for every type), by sort; _template_set replaces the type's own (type_id 0: every type). */
XA_MUST_CHECK int xa_store_case_template_list(struct xa_store *s, struct xa_arena *a,
                                              int64_t type_id, struct xa_action_template **out,
                                              size_t *n);
XA_MUST_CHECK int xa_store_case_template_set(struct xa_store *s, int64_t type_id,
                                             const struct xa_action_template *v, size_t n);

/* Cases. _next_seq: 1, 2, 3 ... per (unit, Shanghai day). _put inserts c with its MO tags
 * (c->mo_tags, comma-separated; XA_ENOTFOUND for an unknown tag or reference) and sets c->id;
 * _update writes the lifecycle fields (status, owner, first_action_at, analysis_at, solved_at,
 * closed_at, reasons, due_next, updated_at). _list applies f and paging, *total before paging. */
XA_MUST_CHECK int xa_store_case_next_seq(struct xa_store *s, int64_t unit_id, int32_t day,
                                         int64_t *out);
XA_MUST_CHECK int xa_store_case_put(struct xa_store *s, struct xa_case *c);
XA_MUST_CHECK int xa_store_case_update(struct xa_store *s, const struct xa_case *c);
XA_MUST_CHECK int xa_store_case_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                    struct xa_case *out);
XA_MUST_CHECK int xa_store_case_list(struct xa_store *s, struct xa_arena *a,
                                     const struct xa_case_filter *f, struct xa_case **out,
                                     size_t *n, int64_t *total);
/* Timeline of a case, oldest first, user names joined. */
XA_MUST_CHECK int xa_store_case_event_put(struct xa_store *s, struct xa_case_event *ev);
XA_MUST_CHECK int xa_store_case_event_list(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                                           struct xa_case_event **out, size_t *n);
/* Investigation actions: _put sets x->id; _update writes done_at, done_by and result. _list is
 * by sort, then id. */
XA_MUST_CHECK int xa_store_case_action_put(struct xa_store *s, struct xa_case_action *x);
XA_MUST_CHECK int xa_store_case_action_update(struct xa_store *s, const struct xa_case_action *x);
XA_MUST_CHECK int xa_store_case_action_list(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                                            struct xa_case_action **out, size_t *n);
/* Property: _update writes status, found_at, returned_at, holder and note. _list gives the
 * items of case_id, or (case_id 0) every item whose serial equals serial ignoring case, of
 * cases within scope_path (NULL = all), with the case's code, title and status joined. */
XA_MUST_CHECK int xa_store_case_property_put(struct xa_store *s, struct xa_property *p);
XA_MUST_CHECK int xa_store_case_property_update(struct xa_store *s, const struct xa_property *p);
XA_MUST_CHECK int xa_store_case_property_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                             struct xa_property *out);
XA_MUST_CHECK int xa_store_case_property_list(struct xa_store *s, struct xa_arena *a,
                                              int64_t case_id, const char *serial,
                                              const char *scope_path, struct xa_property **out,
                                              size_t *n);
/* A person's link to a case (cp->person.id, role, descriptors); XA_ECONFLICT when the person
 * already has that role in the case. _list: the links of case_id, or (case_id 0) those of
 * person_id in cases within scope_path, with the person and the case joined. */
XA_MUST_CHECK int xa_store_case_person_link_put(struct xa_store *s, struct xa_case_person *cp);
XA_MUST_CHECK int xa_store_case_person_link_list(struct xa_store *s, struct xa_arena *a,
                                                 int64_t case_id, int64_t person_id,
                                                 const char *scope_path,
                                                 struct xa_case_person **out, size_t *n);
/* Arrests of a case, by time, with the unit's and the officer's names. */
XA_MUST_CHECK int xa_store_case_arrest_put(struct xa_store *s, struct xa_arrest *ar);
XA_MUST_CHECK int xa_store_case_arrest_list(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                                            struct xa_arrest **out, size_t *n);
/* Attachments (the file itself is kept by the service under the data directory). */
XA_MUST_CHECK int xa_store_case_attachment_put(struct xa_store *s, struct xa_attachment *at);
XA_MUST_CHECK int xa_store_case_attachment_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                               struct xa_attachment *out);
XA_MUST_CHECK int xa_store_case_attachment_list(struct xa_store *s, struct xa_arena *a,
                                                int64_t case_id, struct xa_attachment **out,
                                                size_t *n);
/* Open cases past their deadline at now, counted per (key1 unit id, key2 enum xa_case_step). */
XA_MUST_CHECK int xa_store_case_overdue_count(struct xa_store *s, struct xa_arena *a,
                                              const char *scope_path, int64_t now,
                                              struct xa_count_row **out, size_t *n);

/* Persons: _put sets p->id (XA_ECONFLICT: the ID number is taken); _update writes every field.
 * _list orders by name, with n_cases. */
XA_MUST_CHECK int xa_store_case_person_put(struct xa_store *s, struct xa_person *p);
XA_MUST_CHECK int xa_store_case_person_update(struct xa_store *s, const struct xa_person *p);
XA_MUST_CHECK int xa_store_case_person_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                           struct xa_person *out);
XA_MUST_CHECK int xa_store_case_person_find_id_number(struct xa_store *s, struct xa_arena *a,
                                                      const char *id_number, struct xa_person *out);
XA_MUST_CHECK int xa_store_case_person_list(struct xa_store *s, struct xa_arena *a,
                                            const struct xa_person_filter *f,
                                            struct xa_person **out, size_t *n, int64_t *total);

/* Statistics of docs/cases.md: the counted figures per group of q->group (one row without a
 * group), ordered by key; and the times to solve of the cases solved in the period, ascending
 * per key. */
XA_MUST_CHECK int xa_store_case_stats(struct xa_store *s, struct xa_arena *a,
                                      const struct xa_case_stats_query *q,
                                      struct xa_case_stats_row **out, size_t *n);
XA_MUST_CHECK int xa_store_case_solve_times(struct xa_store *s, struct xa_arena *a,
                                            const struct xa_case_stats_query *q,
                                            struct xa_case_solve_time **out, size_t *n);

/* ---- analysis (the in-memory index of analysis/ and the SQL peers of its reports) ---- */

/* Called by xa_store_incident_scan() for each row; a non-zero return stops the scan and is
 * returned by it. inc is borrowed for the call and carries only what analysis reads: id,
 * unit_id, grid_id, channel, category, priority, status, location, occurred_at, received_at
 * (strings are NULL, other fields 0). */
typedef int (*xa_store_incident_fn)(void *arg, const struct xa_incident *inc);

/* Streams every incident with id > after_id in ascending id order through fn, one row at a
 * time (nothing is gathered), inside the caller's transaction if one is open. */
XA_MUST_CHECK int xa_store_incident_scan(struct xa_store *s, int64_t after_id,
                                         xa_store_incident_fn fn, void *arg);

/* CompStat in SQL, the peer of analysis/compstat.h: incidents received in [from, to) counted
 * per (unit, category, grid, period) with GROUP BY; the keys not in `by` are 0 in the rows. */
struct xa_store_compstat_query {
    const char *scope_path; /* the actor's scope; NULL = all */
    int64_t unit_id;        /* 0 = any; else this unit's subtree */
    int period;             /* 1 ISO week (Monday, Shanghai), 2 calendar month (Shanghai) */
    unsigned by;            /* OR of 1 unit, 2 category, 4 grid */
    int64_t from, to;       /* received_at in [from, to) */
};
/* A period's number is that of analysis/compstat.h: weeks since Monday 1970-01-05 (Shanghai),
 * or year * 12 + month - 1. */
struct xa_store_compstat_row {
    int64_t unit_id, grid_id;
    int category;
    int64_t period;
    int64_t n;
};
/* Every non-empty group, ordered by unit_id, category, grid_id, period; arena-owned. */
XA_MUST_CHECK int xa_store_incident_compstat(struct xa_store *s, struct xa_arena *a,
                                             const struct xa_store_compstat_query *q,
                                             struct xa_store_compstat_row **out, size_t *n);

/* The backend's side of this section (xa_store_ops.analysis). */
struct xa_store_analysis_ops {
    int (*incident_scan)(struct xa_store *s, int64_t after_id, xa_store_incident_fn fn, void *arg);
    int (*incident_compstat)(struct xa_store *s, struct xa_arena *a,
                             const struct xa_store_compstat_query *q,
                             struct xa_store_compstat_row **out, size_t *n);
};

/* ---- bulk import ---- */

/* Inserts the n incidents of v in order inside the caller's write transaction, many rows per
 * statement, and sets each one's id (ascending). Reads code, status_code (may be NULL),
 * unit_id, channel, category, priority, caller_name, caller_phone, address, location,
 * narrative, occurred_at, received_at, received_by, status, due_*, updated_at, grid_id. Stops
 * at the first refused row, whose INSERT alone is undone: *n_done rows went in before it, and
 * the error says why (XA_ECONFLICT: its code is taken; XA_ENOTFOUND: its unit or grid is gone). */
XA_MUST_CHECK int xa_store_incident_import(struct xa_store *s, struct xa_incident *v, size_t n,
                                           size_t *n_done);
/* Reserves k consecutive incident sequence numbers of (unit, Shanghai day) at once, the bulk
 * form of xa_store_incident_next_seq(): *out is the first of them. XA_EINVAL when k < 1. */
XA_MUST_CHECK int xa_store_incident_seq_reserve(struct xa_store *s, int64_t unit_id, int32_t day,
                                                int64_t k, int64_t *out);
/* A bulk import's helper, opened before its first transaction and closed after its last. On
 * SQLite it is a thread with its own connection that copies the log into the database after
 * each commit, in place of the importing connection's automatic checkpoint, so the importing
 * thread goes on inserting; durability is unchanged (each commit still waits for its log
 * fsync). *out is NULL when there is nothing to help (a backend without a helper, a database
 * in memory). Caller closes with xa_store_import_close(), which waits for a last checkpoint.
 * A helper begins with its backend's import table, as a handle begins with its ops. */
struct xa_store_import;
XA_MUST_CHECK int xa_store_import_open(struct xa_store *s, struct xa_store_import **out);
/* Accepts NULL. */
void xa_store_import_close(struct xa_store_import *imp);

/* The backend's side of this section (xa_store_ops.import). */
struct xa_store_import_ops {
    int (*incident_import)(struct xa_store *s, struct xa_incident *v, size_t n, size_t *n_done);
    int (*incident_seq_reserve)(struct xa_store *s, int64_t unit_id, int32_t day, int64_t k,
                                int64_t *out);
    int (*open)(struct xa_store *s, struct xa_store_import **out);
    void (*close)(struct xa_store_import *imp);
};

#endif
