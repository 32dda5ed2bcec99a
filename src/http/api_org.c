/*
 * api_org.c - GET /api/v1/units, /users, /vocab and /health: what the UI needs to draw forms
 * and pick officers.
 */
#include "http/api.h"

#include "service/org_svc.h"

#include <string.h>

json_t *xa_api_org_user_json(const struct xa_user *u)
{
    return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}", "id", (json_int_t)u->id,
                     "username", u->username, "name", xa_req_json_str(u->name), "role",
                     xa_req_json_str(xa_vocab_code(&xa_vocab_role, u->role)), "unit_id",
                     xa_req_json_id(u->unit_id), "unit_name", xa_req_json_str(u->unit_name),
                     "phone", xa_req_json_str(u->phone), "badge", xa_req_json_str(u->badge),
                     "locked_until", xa_req_json_time(u->locked_until), "is_active",
                     (int)u->is_active);
}

json_t *xa_api_org_unit_json(const struct xa_unit *u)
{
    return json_pack("{s:I, s:o, s:s, s:s, s:o, s:s}", "id", (json_int_t)u->id, "parent_id",
                     xa_req_json_id(u->parent_id), "code", u->code, "name", u->name, "kind",
                     xa_req_json_str(xa_vocab_code(&xa_vocab_unit_kind, u->kind)), "path",
                     u->path ? u->path : "");
}

int xa_api_org_units(struct xa_req *r)
{
    struct xa_unit *units;
    size_t n;
    int rc = xa_org_svc_unit_list(&r->ctx, &units, &n);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, xa_api_org_unit_json(&units[i]));
    return xa_req_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

int xa_api_org_users(struct xa_req *r)
{
    struct xa_user_filter f = {.active_only = true};
    int64_t unit = 0;
    f.username = xa_req_query(r, "username");
    if (f.username && !*f.username)
        f.username = NULL;
    xa_req_query_enum(r, "role", &xa_vocab_role, &f.role);
    xa_req_query_int(r, "unit", 1, INT64_MAX, &unit);
    bool all = false;
    xa_req_query_bool(r, "include_inactive", &all);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    f.unit_id = unit;
    f.active_only = !all;
    struct xa_user *users;
    size_t n;
    int rc = xa_org_svc_user_list(&r->ctx, &f, &users, &n);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, xa_api_org_user_json(&users[i]));
    return xa_req_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

int xa_api_org_vocab(struct xa_req *r)
{
    size_t nv;
    const struct xa_vocab *const *all = xa_vocab_all(&nv);
    json_t *out = json_object();
    for (size_t i = 0; i < nv; i++) {
        json_t *arr = json_array();
        for (size_t j = 0; j < all[i]->n; j++) {
            const struct xa_vocab_entry *e = &all[i]->entries[j];
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "code", e->code, "zh", e->zh,
                                                 "en", e->en));
        }
        json_object_set_new(out, all[i]->name, arr);
    }
    return xa_req_reply(r, 200, out);
}

int xa_api_org_health(struct xa_req *r)
{
    return xa_req_reply(r, 200, json_pack("{s:b, s:s}", "ok", 1, "version", XA_VERSION));
}
