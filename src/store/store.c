/*
 * store.c - the store's dispatch (SQLite's os.c): xa_store_open() picks the backend from the
 * target, and every other function of store.h is a one-line call through the handle's ops
 * table or one of its sub-tables (those of store_series.h and store_demo.h: store_series.c).
 *
 * Invariant: a handle, and a bulk import helper, is known here only by the table it begins
 * with (store_int.h); each backend keeps the rest private.
 */
#include "store/store.h"

#include "store/store_int.h"

#include <string.h>

/* Defined by sqlite.c. */
extern const struct xa_store_ops xa_sqlite_ops;

/* Targets name their backend by a prefix; anything without one is a SQLite file path. */
static const struct {
    const char *prefix;
    const struct xa_store_ops *ops;
} backends[] = {
    {"sqlite:", &xa_sqlite_ops},
};

int xa_store_open(const char *target, struct xa_store **out)
{
    if (!target || !*target)
        return XA_EINVAL;
    for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
        size_t len = strlen(backends[i].prefix);
        if (strncmp(target, backends[i].prefix, len) == 0)
            return backends[i].ops->open(target + len, out);
    }
    if (strstr(target, "://"))
        return XA_EINVAL; /* a URL of a backend this build lacks ("postgresql://...") */
    return xa_sqlite_ops.open(target, out);
}

void xa_store_close(struct xa_store *s)
{
    if (s)
        s->ops->close(s);
}

const char *xa_store_errmsg(struct xa_store *s)
{
    return s ? s->ops->errmsg(s) : "no database connection";
}

int xa_store_begin(struct xa_store *s, bool write)
{
    return s->ops->begin(s, write);
}

int xa_store_commit(struct xa_store *s)
{
    return s->ops->commit(s);
}

int xa_store_commit_visible(struct xa_store *s)
{
    return s->ops->commit_visible(s);
}

int xa_store_commit_durable(struct xa_store *s)
{
    return s->ops->commit_durable(s);
}

void xa_store_rollback(struct xa_store *s)
{
    (void)s->ops->rollback(s);
}

int xa_store_unit_put(struct xa_store *s, struct xa_unit *u)
{
    return s->ops->unit_put(s, u);
}

int xa_store_unit_get(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_unit *out)
{
    return s->ops->unit_get(s, a, id, out);
}

int xa_store_unit_find_code(struct xa_store *s, struct xa_arena *a, const char *code,
                            struct xa_unit *out)
{
    return s->ops->unit_find_code(s, a, code, out);
}

int xa_store_unit_list(struct xa_store *s, struct xa_arena *a, struct xa_unit **out, size_t *n)
{
    return s->ops->unit_list(s, a, out, n);
}

int xa_store_user_put(struct xa_store *s, struct xa_user *u)
{
    return s->ops->user_put(s, u);
}

int xa_store_user_get(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_user *out)
{
    return s->ops->user_get(s, a, id, out);
}

int xa_store_user_find_name(struct xa_store *s, struct xa_arena *a, const char *username,
                            struct xa_user *out)
{
    return s->ops->user_find_name(s, a, username, out);
}

int xa_store_user_list(struct xa_store *s, struct xa_arena *a, const struct xa_user_filter *f,
                       struct xa_user **out, size_t *n)
{
    return s->ops->user_list(s, a, f, out, n);
}

int xa_store_user_set_password(struct xa_store *s, int64_t id, const char *hash)
{
    return s->ops->user_set_password(s, id, hash);
}

int xa_store_user_set_login_state(struct xa_store *s, int64_t id, int failed_logins,
                                  int64_t locked_until)
{
    return s->ops->user_set_login_state(s, id, failed_logins, locked_until);
}

int xa_store_session_put(struct xa_store *s, const struct xa_session *ses)
{
    return s->ops->session_put(s, ses);
}

int xa_store_session_find(struct xa_store *s, struct xa_arena *a, const char *token_hash,
                          struct xa_session *out)
{
    return s->ops->session_find(s, a, token_hash, out);
}

int xa_store_session_touch(struct xa_store *s, const char *token_hash, int64_t last_seen)
{
    return s->ops->session_touch(s, token_hash, last_seen);
}

int xa_store_session_delete(struct xa_store *s, const char *token_hash)
{
    return s->ops->session_delete(s, token_hash);
}

int xa_store_session_purge(struct xa_store *s, int64_t now)
{
    return s->ops->session_purge(s, now);
}

int xa_store_sla_find(struct xa_store *s, int category, int priority, struct xa_sla *out)
{
    return s->ops->sla_find(s, category, priority, out);
}

int xa_store_sla_put(struct xa_store *s, int category, int priority, const struct xa_sla *sla)
{
    return s->ops->sla_put(s, category, priority, sla);
}

int xa_store_incident_next_seq(struct xa_store *s, int64_t unit_id, int32_t day, int64_t *out)
{
    return s->ops->incident_next_seq(s, unit_id, day, out);
}

int xa_store_incident_put(struct xa_store *s, struct xa_incident *inc)
{
    return s->ops->incident_put(s, inc);
}

int xa_store_incident_update(struct xa_store *s, const struct xa_incident *inc)
{
    return s->ops->incident_update(s, inc);
}

int xa_store_incident_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                          struct xa_incident *out)
{
    return s->ops->incident_get(s, a, id, out);
}

int xa_store_incident_find_status_code(struct xa_store *s, struct xa_arena *a, const char *code,
                                       struct xa_incident *out)
{
    return s->ops->incident_find_status_code(s, a, code, out);
}

int xa_store_incident_list(struct xa_store *s, struct xa_arena *a,
                           const struct xa_incident_filter *f, struct xa_incident **out, size_t *n,
                           int64_t *total)
{
    return s->ops->incident_list(s, a, f, out, n, total);
}

int xa_store_incident_event_put(struct xa_store *s, struct xa_incident_event *ev)
{
    return s->ops->incident_event_put(s, ev);
}

int xa_store_incident_event_list(struct xa_store *s, struct xa_arena *a, int64_t incident_id,
                                 struct xa_incident_event **out, size_t *n)
{
    return s->ops->incident_event_list(s, a, incident_id, out, n);
}

int xa_store_audit_put(struct xa_store *s, struct xa_audit *au)
{
    return s->ops->audit_put(s, au);
}

int xa_store_audit_list(struct xa_store *s, struct xa_arena *a, const struct xa_audit_filter *f,
                        struct xa_audit **out, size_t *n, int64_t *total)
{
    return s->ops->audit_list(s, a, f, out, n, total);
}

int xa_store_sla_list(struct xa_store *s, struct xa_arena *a, struct xa_sla_rule **out, size_t *n)
{
    return s->ops->sla_list(s, a, out, n);
}

int xa_store_incident_count(struct xa_store *s, struct xa_arena *a,
                            const struct xa_incident_filter *f, int group,
                            struct xa_count_row **out, size_t *n)
{
    return s->ops->incident_count(s, a, f, group, out, n);
}

int xa_store_incident_response_times(struct xa_store *s, struct xa_arena *a,
                                     const struct xa_incident_filter *f, int64_t **out, size_t *n)
{
    return s->ops->incident_response_times(s, a, f, out, n);
}

int xa_store_setting_get(struct xa_store *s, struct xa_arena *a, const char *key, const char **out)
{
    return s->ops->setting_get(s, a, key, out);
}

int xa_store_setting_put(struct xa_store *s, const char *key, const char *value, int64_t at,
                         int64_t by)
{
    return s->ops->setting_put(s, key, value, at, by);
}

int xa_store_grid_put(struct xa_store *s, struct xa_grid *g)
{
    return s->ops->grid_put(s, g);
}

int xa_store_grid_list(struct xa_store *s, struct xa_arena *a, const char *scope_path,
                       struct xa_grid **out, size_t *n)
{
    return s->ops->grid_list(s, a, scope_path, out, n);
}

int xa_store_case_type_list(struct xa_store *s, struct xa_arena *a, struct xa_case_type **out,
                            size_t *n)
{
    return s->ops->cases->type_list(s, a, out, n);
}

int xa_store_case_type_put(struct xa_store *s, struct xa_case_type *t)
{
    return s->ops->cases->type_put(s, t);
}

int xa_store_case_mo_tag_list(struct xa_store *s, struct xa_arena *a, struct xa_mo_tag **out,
                              size_t *n)
{
    return s->ops->cases->mo_tag_list(s, a, out, n);
}

int xa_store_case_template_list(struct xa_store *s, struct xa_arena *a, int64_t type_id,
                                struct xa_action_template **out, size_t *n)
{
    return s->ops->cases->template_list(s, a, type_id, out, n);
}

int xa_store_case_template_set(struct xa_store *s, int64_t type_id,
                               const struct xa_action_template *v, size_t n)
{
    return s->ops->cases->template_set(s, type_id, v, n);
}

int xa_store_case_next_seq(struct xa_store *s, int64_t unit_id, int32_t day, int64_t *out)
{
    return s->ops->cases->next_seq(s, unit_id, day, out);
}

int xa_store_case_put(struct xa_store *s, struct xa_case *c)
{
    return s->ops->cases->put(s, c);
}

int xa_store_case_update(struct xa_store *s, const struct xa_case *c)
{
    return s->ops->cases->update(s, c);
}

int xa_store_case_get(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_case *out)
{
    return s->ops->cases->get(s, a, id, out);
}

int xa_store_case_list(struct xa_store *s, struct xa_arena *a, const struct xa_case_filter *f,
                       struct xa_case **out, size_t *n, int64_t *total)
{
    return s->ops->cases->list(s, a, f, out, n, total);
}

int xa_store_case_event_put(struct xa_store *s, struct xa_case_event *ev)
{
    return s->ops->cases->event_put(s, ev);
}

int xa_store_case_event_list(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                             struct xa_case_event **out, size_t *n)
{
    return s->ops->cases->event_list(s, a, case_id, out, n);
}

int xa_store_case_action_put(struct xa_store *s, struct xa_case_action *x)
{
    return s->ops->cases->action_put(s, x);
}

int xa_store_case_action_update(struct xa_store *s, const struct xa_case_action *x)
{
    return s->ops->cases->action_update(s, x);
}

int xa_store_case_action_list(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                              struct xa_case_action **out, size_t *n)
{
    return s->ops->cases->action_list(s, a, case_id, out, n);
}

int xa_store_case_property_put(struct xa_store *s, struct xa_property *p)
{
    return s->ops->cases->property_put(s, p);
}

int xa_store_case_property_update(struct xa_store *s, const struct xa_property *p)
{
    return s->ops->cases->property_update(s, p);
}

int xa_store_case_property_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                               struct xa_property *out)
{
    return s->ops->cases->property_get(s, a, id, out);
}

int xa_store_case_property_list(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                                const char *serial, const char *scope_path,
                                struct xa_property **out, size_t *n)
{
    return s->ops->cases->property_list(s, a, case_id, serial, scope_path, out, n);
}

int xa_store_case_person_link_put(struct xa_store *s, struct xa_case_person *cp)
{
    return s->ops->cases->person_link_put(s, cp);
}

int xa_store_case_person_link_list(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                                   int64_t person_id, const char *scope_path,
                                   struct xa_case_person **out, size_t *n)
{
    return s->ops->cases->person_link_list(s, a, case_id, person_id, scope_path, out, n);
}

int xa_store_case_arrest_put(struct xa_store *s, struct xa_arrest *ar)
{
    return s->ops->cases->arrest_put(s, ar);
}

int xa_store_case_arrest_list(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                              struct xa_arrest **out, size_t *n)
{
    return s->ops->cases->arrest_list(s, a, case_id, out, n);
}

int xa_store_case_attachment_put(struct xa_store *s, struct xa_attachment *at)
{
    return s->ops->cases->attachment_put(s, at);
}

int xa_store_case_attachment_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                                 struct xa_attachment *out)
{
    return s->ops->cases->attachment_get(s, a, id, out);
}

int xa_store_case_attachment_list(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                                  struct xa_attachment **out, size_t *n)
{
    return s->ops->cases->attachment_list(s, a, case_id, out, n);
}

int xa_store_case_overdue_count(struct xa_store *s, struct xa_arena *a, const char *scope_path,
                                int64_t now, struct xa_count_row **out, size_t *n)
{
    return s->ops->cases->overdue_count(s, a, scope_path, now, out, n);
}

int xa_store_case_person_put(struct xa_store *s, struct xa_person *p)
{
    return s->ops->cases->person_put(s, p);
}

int xa_store_case_person_update(struct xa_store *s, const struct xa_person *p)
{
    return s->ops->cases->person_update(s, p);
}

int xa_store_case_person_get(struct xa_store *s, struct xa_arena *a, int64_t id,
                             struct xa_person *out)
{
    return s->ops->cases->person_get(s, a, id, out);
}

int xa_store_case_person_find_id_number(struct xa_store *s, struct xa_arena *a,
                                        const char *id_number, struct xa_person *out)
{
    return s->ops->cases->person_find_id_number(s, a, id_number, out);
}

int xa_store_case_person_list(struct xa_store *s, struct xa_arena *a,
                              const struct xa_person_filter *f, struct xa_person **out, size_t *n,
                              int64_t *total)
{
    return s->ops->cases->person_list(s, a, f, out, n, total);
}

int xa_store_case_stats(struct xa_store *s, struct xa_arena *a, const struct xa_case_stats_query *q,
                        struct xa_case_stats_row **out, size_t *n)
{
    return s->ops->cases->stats(s, a, q, out, n);
}

int xa_store_case_solve_times(struct xa_store *s, struct xa_arena *a,
                              const struct xa_case_stats_query *q, struct xa_case_solve_time **out,
                              size_t *n)
{
    return s->ops->cases->solve_times(s, a, q, out, n);
}

int xa_store_incident_scan(struct xa_store *s, int64_t after_id, xa_store_incident_fn fn, void *arg)
{
    return s->ops->analysis->incident_scan(s, after_id, fn, arg);
}

int xa_store_incident_compstat(struct xa_store *s, struct xa_arena *a,
                               const struct xa_store_compstat_query *q,
                               struct xa_store_compstat_row **out, size_t *n)
{
    return s->ops->analysis->incident_compstat(s, a, q, out, n);
}

int xa_store_incident_import(struct xa_store *s, struct xa_incident *v, size_t n, size_t *n_done)
{
    return s->ops->import->incident_import(s, v, n, n_done);
}

int xa_store_incident_seq_reserve(struct xa_store *s, int64_t unit_id, int32_t day, int64_t k,
                                  int64_t *out)
{
    return s->ops->import->incident_seq_reserve(s, unit_id, day, k, out);
}

int xa_store_import_open(struct xa_store *s, struct xa_store_import **out)
{
    return s->ops->import->open(s, out);
}

void xa_store_import_close(struct xa_store_import *imp)
{
    if (imp)
        imp->ops->close(imp);
}
