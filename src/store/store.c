/*
 * store.c - the store's dispatch (SQLite's os.c): xa_store_open() picks the backend from the
 * target, and every other function is a one-line call through the handle's ops table.
 *
 * Invariant: every backend's handle begins with its ops pointer, as every SQLite VFS file
 * begins with its io_methods, so this file knows a struct xa_store as that pointer alone and
 * each backend keeps the rest of its handle private.
 */
#include "store/store.h"

#include <string.h>

struct xa_store {
    const struct xa_store_ops *ops;
};

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
