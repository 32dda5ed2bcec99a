/*
 * api_org.c - GET /api/v1/units, /users, /vocab and /health: what the UI needs to draw forms
 * and pick officers.
 */
#include "http/api.h"

#include "service/case_svc.h"
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

static void add_vocabs(json_t *out, const struct xa_vocab *const *all, size_t nv)
{
    for (size_t i = 0; i < nv; i++) {
        json_t *arr = json_array();
        for (size_t j = 0; j < all[i]->n; j++) {
            const struct xa_vocab_entry *e = &all[i]->entries[j];
            json_array_append_new(
                arr, json_pack("{s:s, s:s, s:s}", "code", e->code, "zh", e->zh, "en", e->en));
        }
        json_object_set_new(out, all[i]->name, arr);
    }
}

/* The vocabularies of core/ and those kept in tables (case types, MO tags). */
int xa_api_org_vocab(struct xa_req *r)
{
    size_t nv;
    json_t *out = json_object();
    const struct xa_vocab *const *core = xa_vocab_all(&nv);
    add_vocabs(out, core, nv);
    const struct xa_vocab *const *cases = xa_case_vocab_all(&nv);
    add_vocabs(out, cases, nv);
    struct xa_case_type *types;
    struct xa_mo_tag *tags;
    size_t nt, nm;
    int rc = xa_case_svc_types(&r->ctx, &types, &nt);
    if (!rc)
        rc = xa_case_svc_mo_tags(&r->ctx, &tags, &nm);
    if (rc) {
        json_decref(out);
        return rc;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < nt; i++)
        if (types[i].is_active)
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:o}", "code", types[i].code,
                                                 "zh", types[i].name_zh, "en", types[i].name_en,
                                                 "parent", xa_req_json_str(types[i].parent_code)));
    json_object_set_new(out, "case_type", arr);
    arr = json_array();
    for (size_t i = 0; i < nm; i++)
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "code", tags[i].code, "zh",
                                             tags[i].name_zh, "en", tags[i].name_en));
    json_object_set_new(out, "mo_tag", arr);
    return xa_req_reply(r, 200, out);
}

int xa_api_org_health(struct xa_req *r)
{
    return xa_req_reply(r, 200, json_pack("{s:b, s:s}", "ok", 1, "version", XA_VERSION));
}

int xa_api_org_grids(struct xa_req *r)
{
    struct xa_grid *grids;
    size_t n;
    int rc = xa_org_svc_grid_list(&r->ctx, &grids, &n);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct xa_grid *g = &grids[i];
        json_t *poly = g->polygon ? json_loads(g->polygon, 0, NULL) : NULL;
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:s, s:s, s:I, s:o, s:o, s:o, s:f, s:f, s:i, s:i}", "id",
                             (json_int_t)g->id, "code", g->code, "name", g->name, "kind",
                             g->kind == XA_GRID_VILLAGE ? "village" : "community", "unit_id",
                             (json_int_t)g->unit_id, "unit_name", xa_req_json_str(g->unit_name),
                             "owner", xa_req_json_ref(g->owner_id, g->owner_name), "polygon",
                             poly ? poly : json_null(), "center_lat", g->center_lat, "center_lon",
                             g->center_lon, "households", (int)g->households, "population",
                             (int)g->population));
    }
    return xa_req_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

int xa_api_org_settings_get(struct xa_req *r)
{
    const char *tile = NULL;
    int rc = xa_org_svc_setting_get(&r->ctx, "map_tile_url", &tile);
    if (rc)
        return rc;
    return xa_req_reply(r, 200, json_pack("{s:o}", "map_tile_url", xa_req_json_str(tile)));
}

int xa_api_org_settings_put(struct xa_req *r)
{
    static const char *const fields[] = {"map_tile_url", NULL};
    xa_req_body_fields(r, fields);
    json_t *v = json_object_get(r->body, "map_tile_url");
    const char *tile = NULL;
    if (!v)
        xa_verr_add(&r->ctx.verr, "map_tile_url", "required");
    else if (!json_is_null(v))
        xa_req_body_str(r, "map_tile_url", false, &tile);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    int rc = xa_org_svc_setting_set(&r->ctx, "map_tile_url", tile);
    if (rc)
        return rc;
    return xa_api_org_settings_get(r);
}
