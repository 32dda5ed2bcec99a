/*
 * api_case.c - /api/v1/cases, /property, /attachments, /case-types and /stats/cases: cases
 * (案件, docs/cases.md) over HTTP. Parsing and JSON only; every rule is in service/case_svc.c.
 */
#include "http/api.h"

#include "base/time.h"
#include "service/case_stats_svc.h"
#include "service/case_svc.h"
#include "service/org_svc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FILE_READ_MAX (XA_CASE_ATTACHMENT_MAX + 1)

static json_t *date_json(int32_t d)
{
    if (!d)
        return json_null();
    char s[16];
    snprintf(s, sizeof(s), "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
             (int)(d % 100));
    return json_string(s);
}

/* A person, masked or not as given (api_person.c shares it). */
json_t *xa_api_case_person_json(const struct xa_person *p)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)p->id, "name",
                     xa_req_json_str(p->name), "id_number", xa_req_json_str(p->id_number), "sex",
                     xa_req_json_str(xa_vocab_code(&xa_person_vocab_sex, p->sex)), "birth_date",
                     date_json(p->birth_date), "phone", xa_req_json_str(p->phone), "address",
                     xa_req_json_str(p->address));
}

static json_t *case_json(const struct xa_case *c, int64_t now)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "code", xa_req_json_str(c->code));
    json_object_set_new(o, "status", xa_req_json_str(xa_case_status_code(c->status)));
    json_object_set_new(o, "type", xa_req_json_str(c->type_code));
    json_object_set_new(o, "type_name", xa_req_json_str(c->type_name));
    json_object_set_new(o, "nature",
                        xa_req_json_str(xa_vocab_code(&xa_case_vocab_nature, c->nature)));
    json_object_set_new(o, "is_enterprise", json_boolean(c->is_enterprise));
    json_object_set_new(o, "title", xa_req_json_str(c->title));
    json_object_set_new(o, "summary", xa_req_json_str(c->summary));
    json_object_set_new(o, "incident",
                        c->incident_id ? json_pack("{s:I, s:o}", "id", (json_int_t)c->incident_id,
                                                   "code", xa_req_json_str(c->incident_code))
                                       : json_null());
    json_object_set_new(o, "window_from", xa_req_json_time(c->window_from));
    json_object_set_new(o, "window_to", xa_req_json_time(c->window_to));
    json_object_set_new(o, "address", xa_req_json_str(c->address));
    json_object_set_new(o, "lat", c->has_location ? json_real(c->lat) : json_null());
    json_object_set_new(o, "lon", c->has_location ? json_real(c->lon) : json_null());
    json_object_set_new(o, "grid_id", xa_req_json_id(c->grid_id));
    json_object_set_new(o, "mo_tags", xa_req_json_csv(c->mo_tags));
    json_object_set_new(o, "mo_text", xa_req_json_str(c->mo_text));
    json_object_set_new(o, "unit_id", json_integer(c->unit_id));
    json_object_set_new(o, "unit_name", xa_req_json_str(c->unit_name));
    json_object_set_new(o, "owner", xa_req_json_ref(c->owner_id, c->owner_name));
    json_object_set_new(o, "opened_at", xa_req_json_time(c->opened_at));
    json_object_set_new(o, "opened_by", xa_req_json_ref(c->opened_by, c->opened_by_name));
    json_object_set_new(o, "reported_at", xa_req_json_time(c->reported_at));
    json_object_set_new(o, "first_action_at", xa_req_json_time(c->first_action_at));
    json_object_set_new(o, "analysis_at", xa_req_json_time(c->analysis_at));
    json_object_set_new(o, "solved_at", xa_req_json_time(c->solved_at));
    json_object_set_new(o, "closed_at", xa_req_json_time(c->closed_at));
    json_object_set_new(o, "status_reason", xa_req_json_str(c->status_reason));
    json_object_set_new(o, "solve_reason", xa_req_json_str(c->solve_reason));
    json_object_set_new(o, "loss_fen", json_integer(c->loss_fen));
    json_object_set_new(o, "recovered_fen", json_integer(c->recovered_fen));
    json_object_set_new(o, "n_suspects", json_integer(c->n_suspects));
    json_object_set_new(o, "n_arrests", json_integer(c->n_arrests));
    json_object_set_new(o, "due",
                        json_pack("{s:o, s:o}", "first_action",
                                  xa_req_json_time(c->due_first_action), "analysis",
                                  xa_req_json_time(c->due_analysis)));
    json_object_set_new(o, "due_next", xa_req_json_time(c->due_next));
    int step = xa_case_overdue_step(c, now);
    json_object_set_new(o, "overdue", json_boolean(step != XA_CASE_STEP_NONE));
    json_object_set_new(o, "overdue_step", xa_req_json_str(xa_case_step_code(step)));
    int64_t s = xa_case_solve_s(c);
    json_object_set_new(o, "solve_hours",
                        s >= 0 ? json_real(round((double)s / 36.0) / 100.0) : json_null());
    json_object_set_new(o, "updated_at", xa_req_json_time(c->updated_at));
    return o;
}

static json_t *property_json(const struct xa_property *p, bool with_case)
{
    json_t *o = json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
        (json_int_t)p->id, "category",
        xa_req_json_str(xa_vocab_code(&xa_case_vocab_property_category, p->category)),
        "description", xa_req_json_str(p->description), "brand", xa_req_json_str(p->brand), "model",
        xa_req_json_str(p->model), "serial", xa_req_json_str(p->serial), "value_fen",
        (json_int_t)p->value_fen, "status",
        xa_req_json_str(xa_vocab_code(&xa_case_vocab_property_status, p->status)), "found_at",
        xa_req_json_time(p->found_at), "returned_at", xa_req_json_time(p->returned_at), "owner",
        xa_req_json_ref(p->owner_person_id, p->owner_name), "holder",
        xa_req_json_ref(p->holder_person_id, p->holder_name), "note", xa_req_json_str(p->note));
    if (with_case)
        json_object_set_new(o, "case",
                            json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)p->case_id, "code",
                                      xa_req_json_str(p->case_code), "title",
                                      xa_req_json_str(p->case_title), "status",
                                      xa_req_json_str(xa_case_status_code(p->case_status))));
    return o;
}

static json_t *desc_json(const struct xa_person_desc *d)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:o}", "height_min",
                     d->height_min ? json_integer(d->height_min) : json_null(), "height_max",
                     d->height_max ? json_integer(d->height_max) : json_null(), "build",
                     xa_req_json_str(xa_vocab_code(&xa_person_vocab_build, d->build)), "clothing",
                     xa_req_json_str(d->clothing), "plate", xa_req_json_str(d->plate));
}

static json_t *arrest_json(const struct xa_arrest *a)
{
    return json_pack("{s:I, s:I, s:o, s:o, s:o, s:o}", "id", (json_int_t)a->id, "person_id",
                     (json_int_t)a->person_id, "at", xa_req_json_time(a->at), "measure",
                     xa_req_json_str(xa_vocab_code(&xa_case_vocab_arrest_measure, a->measure)),
                     "unit_name", xa_req_json_str(a->unit_name), "by",
                     xa_req_json_ref(a->by, a->by_name));
}

static json_t *attachment_json(const struct xa_attachment *a)
{
    return json_pack("{s:I, s:s, s:I, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)a->id, "sha256",
                     a->sha256, "size", (json_int_t)a->size, "mime", a->mime, "name",
                     xa_req_json_str(a->name), "action_id", xa_req_json_id(a->action_id), "at",
                     xa_req_json_time(a->at), "by", xa_req_json_ref(a->by, a->by_name));
}

static json_t *action_json(const struct xa_case_action *x, int64_t now,
                           const struct xa_attachment *att, size_t n_att)
{
    json_t *files = json_array();
    for (size_t i = 0; i < n_att; i++)
        if (att[i].action_id == x->id)
            json_array_append_new(files, attachment_json(&att[i]));
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}", "id", (json_int_t)x->id,
                     "kind", xa_req_json_str(xa_vocab_code(&xa_case_vocab_action_kind, x->kind)),
                     "name", xa_req_json_str(x->name), "due_at", xa_req_json_time(x->due_at),
                     "done_at", xa_req_json_time(x->done_at), "done_by",
                     xa_req_json_ref(x->done_by, x->done_by_name), "result",
                     xa_req_json_str(x->result), "overdue",
                     (int)(!x->done_at && x->due_at && now > x->due_at), "attachments", files);
}

static json_t *event_json(const struct xa_case_event *e)
{
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)e->id, "at",
                     xa_req_json_time(e->at), "action", xa_req_json_str(xa_case_op_code(e->op)),
                     "from", xa_req_json_str(xa_case_status_code(e->from_status)), "to",
                     xa_req_json_str(xa_case_status_code(e->to_status)), "by",
                     xa_req_json_ref(e->user_id, e->user_name), "note", xa_req_json_str(e->note));
}

static json_t *link_json(const struct xa_case_person *l, const struct xa_arrest *ar, size_t n_ar)
{
    json_t *arrests = json_array();
    for (size_t i = 0; i < n_ar; i++)
        if (ar[i].person_id == l->person.id)
            json_array_append_new(arrests, arrest_json(&ar[i]));
    return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "link_id", (json_int_t)l->id, "role",
                     xa_req_json_str(xa_vocab_code(&xa_case_vocab_person_role, l->role)), "person",
                     xa_api_case_person_json(&l->person), "descriptors", desc_json(&l->desc),
                     "note", xa_req_json_str(l->note), "arrests", arrests);
}

/* The whole case page. */
static int reply_detail(struct xa_req *r, int status, int64_t id)
{
    struct xa_case_detail d;
    int rc = xa_case_svc_get(&r->ctx, id, &d);
    if (rc)
        return rc;
    json_t *o = case_json(&d.c, r->ctx.now);
    json_t *a = json_array();
    for (size_t i = 0; i < d.n_property; i++)
        json_array_append_new(a, property_json(&d.property[i], false));
    json_object_set_new(o, "property", a);
    a = json_array();
    for (size_t i = 0; i < d.n_persons; i++)
        json_array_append_new(a, link_json(&d.persons[i], d.arrests, d.n_arrests));
    json_object_set_new(o, "persons", a);
    a = json_array();
    for (size_t i = 0; i < d.n_actions; i++)
        json_array_append_new(
            a, action_json(&d.actions[i], r->ctx.now, d.attachments, d.n_attachments));
    json_object_set_new(o, "actions", a);
    a = json_array();
    for (size_t i = 0; i < d.n_events; i++)
        json_array_append_new(a, event_json(&d.events[i]));
    json_object_set_new(o, "events", a);
    a = json_array();
    for (size_t i = 0; i < d.n_attachments; i++)
        json_array_append_new(a, attachment_json(&d.attachments[i]));
    json_object_set_new(o, "attachments", a);
    return xa_req_reply(r, status, o);
}

/* A "to" bound: a date means the whole day (exclusive end = next midnight). */
static void query_to(struct xa_req *r, const char *name, int64_t *out)
{
    const char *s = xa_req_query(r, name);
    xa_req_query_time(r, name, out);
    if (s && strlen(s) == 10 && *out)
        *out += 86400;
}

int xa_api_case_create(struct xa_req *r)
{
    static const char *const fields[] = {"incident_id", "type",     "nature",      "is_enterprise",
                                         "title",       "summary",  "window_from", "window_to",
                                         "address",     "lat",      "lon",         "mo_tags",
                                         "mo_text",     "owner_id", "unit_id",     NULL};
    struct xa_case in;
    memset(&in, 0, sizeof(in));
    int64_t incident = 0, owner = 0, unit = 0;
    bool has_lat = false, has_lon = false;
    xa_req_body_fields(r, fields);
    xa_req_body_int(r, "incident_id", false, 1, INT64_MAX, &incident);
    xa_req_body_str(r, "type", true, &in.type_code);
    xa_req_body_enum(r, "nature", true, &xa_case_vocab_nature, &in.nature);
    json_t *ent = json_object_get(r->body, "is_enterprise");
    if (ent && !json_is_boolean(ent))
        xa_verr_add(&r->ctx.verr, "is_enterprise", "wrong_type");
    in.is_enterprise = ent && json_is_true(ent);
    xa_req_body_str(r, "title", true, &in.title);
    xa_req_body_str(r, "summary", false, &in.summary);
    xa_req_body_time(r, "window_from", false, &in.window_from);
    xa_req_body_time(r, "window_to", false, &in.window_to);
    xa_req_body_str(r, "address", false, &in.address);
    xa_req_body_real(r, "lat", false, &in.lat, &has_lat);
    xa_req_body_real(r, "lon", false, &in.lon, &has_lon);
    if (has_lat != has_lon)
        xa_verr_add(&r->ctx.verr, has_lat ? "lon" : "lat", "lat_lon_pair");
    in.has_location = has_lat && has_lon;
    json_t *mo = json_object_get(r->body, "mo_tags");
    if (mo && !json_is_array(mo)) {
        xa_verr_add(&r->ctx.verr, "mo_tags", "wrong_type");
    } else if (mo && json_array_size(mo)) {
        size_t i;
        json_t *v;
        char *csv = xa_arena_alloc(&r->arena, 1);
        json_array_foreach(mo, i, v)
        {
            if (!json_is_string(v) || !*json_string_value(v) || strchr(json_string_value(v), ',')) {
                xa_verr_add(&r->ctx.verr, "mo_tags", "wrong_type");
                break;
            }
            csv = xa_arena_printf(&r->arena, "%s%s%s", csv, *csv ? "," : "", json_string_value(v));
        }
        in.mo_tags = csv;
    }
    xa_req_body_str(r, "mo_text", false, &in.mo_text);
    xa_req_body_int(r, "owner_id", false, 1, INT64_MAX, &owner);
    xa_req_body_int(r, "unit_id", false, 1, INT64_MAX, &unit);
    in.incident_id = incident;
    in.owner_id = owner;
    in.unit_id = unit;
    struct xa_case out;
    int rc = xa_case_svc_open(&r->ctx, &in, &out);
    if (rc)
        return rc;
    r->location = xa_arena_printf(&r->arena, "/api/v1/cases/%lld", (long long)out.id);
    return reply_detail(r, 201, out.id);
}

int xa_api_case_list(struct xa_req *r)
{
    struct xa_case_filter f = {.page = 1, .per_page = 20};
    const char *type = xa_req_query(r, "type");
    xa_req_query_enum(r, "status", &xa_case_vocab_status, &f.status);
    xa_req_query_int(r, "unit", 1, INT64_MAX, &f.unit_id);
    xa_req_query_time(r, "from", &f.from);
    query_to(r, "to", &f.to);
    xa_req_query_time(r, "solved_from", &f.solved_from);
    query_to(r, "solved_to", &f.solved_to);
    xa_req_query_int(r, "person_id", 1, INT64_MAX, &f.person_id);
    xa_req_query_bool(r, "overdue", &f.overdue);
    xa_req_query_bool(r, "has_arrest", &f.has_arrest);
    xa_req_query_int(r, "page", 1, 1000000, &f.page);
    xa_req_query_int(r, "per_page", 1, 200, &f.per_page);
    const char *owner = xa_req_query(r, "owner");
    if (owner && strcmp(owner, "me") == 0)
        f.owner_id = r->actor.user_id;
    else
        xa_req_query_int(r, "owner", 1, INT64_MAX, &f.owner_id);
    f.mo = xa_req_query(r, "mo");
    f.q = xa_req_query(r, "q");
    f.serial = xa_req_query(r, "serial");
    if (f.q && strlen(f.q) > 100)
        xa_verr_add(&r->ctx.verr, "q", "too_long");
    f.sort = xa_req_query(r, "sort");
    if (f.sort) {
        static const char *const sorts[] = {"opened_at", "due_next",  "code",
                                            "status",    "solved_at", NULL};
        const char *s = f.sort[0] == '-' ? f.sort + 1 : f.sort;
        bool ok = false;
        for (const char *const *p = sorts; *p && !ok; p++)
            ok = strcmp(*p, s) == 0;
        if (!ok)
            xa_verr_add(&r->ctx.verr, "sort", "unknown_value");
    }
    if (type && *type) {
        struct xa_case_type *types;
        size_t n;
        int rc = xa_case_svc_types(&r->ctx, &types, &n);
        if (rc)
            return rc;
        for (size_t i = 0; i < n && !f.type_id; i++)
            if (strcmp(types[i].code, type) == 0)
                f.type_id = types[i].id;
        if (!f.type_id)
            xa_verr_add(&r->ctx.verr, "type", "unknown_value");
    }
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_case *items;
    size_t n;
    int64_t total;
    int rc = xa_case_svc_list(&r->ctx, &f, &items, &n, &total);
    if (rc)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, case_json(&items[i], r->ctx.now));
    return xa_req_reply_page(r, arr, total, f.page, f.per_page);
}

int xa_api_case_get(struct xa_req *r)
{
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    return rc ? rc : reply_detail(r, 200, id);
}

static int transition(struct xa_req *r, int op, bool with_reason)
{
    static const char *const none[] = {NULL};
    static const char *const reason_only[] = {"reason", NULL};
    int64_t id;
    const char *reason = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, with_reason ? reason_only : none);
    if (with_reason)
        xa_req_body_str(r, "reason", false, &reason);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_case out;
    rc = xa_case_svc_transition(&r->ctx, id, op, reason, &out);
    return rc ? rc : reply_detail(r, 200, id);
}

int xa_api_case_start(struct xa_req *r)
{
    return transition(r, XA_CASE_OP_START, false);
}

int xa_api_case_solve(struct xa_req *r)
{
    return transition(r, XA_CASE_OP_SOLVE, true);
}

int xa_api_case_suspend(struct xa_req *r)
{
    return transition(r, XA_CASE_OP_SUSPEND, true);
}

int xa_api_case_resume(struct xa_req *r)
{
    return transition(r, XA_CASE_OP_RESUME, false);
}

int xa_api_case_drop(struct xa_req *r)
{
    return transition(r, XA_CASE_OP_DROP, true);
}

int xa_api_case_close(struct xa_req *r)
{
    return transition(r, XA_CASE_OP_CLOSE, false);
}

int xa_api_case_transfer(struct xa_req *r)
{
    return transition(r, XA_CASE_OP_TRANSFER, false);
}

int xa_api_case_assign(struct xa_req *r)
{
    static const char *const fields[] = {"owner_id", NULL};
    int64_t id, owner = 0;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_int(r, "owner_id", true, 1, INT64_MAX, &owner);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_case out;
    rc = xa_case_svc_assign(&r->ctx, id, owner, &out);
    return rc ? rc : reply_detail(r, 200, id);
}

int xa_api_case_action_add(struct xa_req *r)
{
    static const char *const fields[] = {"kind", "name", "due_at", NULL};
    int64_t id, due = 0;
    int kind = 0;
    const char *name = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_enum(r, "kind", true, &xa_case_vocab_action_kind, &kind);
    xa_req_body_str(r, "name", false, &name);
    xa_req_body_time(r, "due_at", false, &due);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_case_action out;
    rc = xa_case_svc_action_add(&r->ctx, id, kind, name, due, &out);
    return rc ? rc : xa_req_reply(r, 201, action_json(&out, r->ctx.now, NULL, 0));
}

int xa_api_case_action_done(struct xa_req *r)
{
    static const char *const fields[] = {"result", NULL};
    int64_t id, action;
    const char *result = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (!rc)
        rc = xa_req_param_id(r, 1, &action);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "result", true, &result);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_case_action out;
    rc = xa_case_svc_action_done(&r->ctx, id, action, result, &out);
    return rc ? rc : xa_req_reply(r, 200, action_json(&out, r->ctx.now, NULL, 0));
}

int xa_api_case_property_add(struct xa_req *r)
{
    static const char *const fields[] = {"category", "description", "brand",           "model",
                                         "serial",   "value_fen",   "owner_person_id", NULL};
    struct xa_property in;
    memset(&in, 0, sizeof(in));
    int64_t id, owner = 0;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_enum(r, "category", true, &xa_case_vocab_property_category, &in.category);
    xa_req_body_str(r, "description", true, &in.description);
    xa_req_body_str(r, "brand", false, &in.brand);
    xa_req_body_str(r, "model", false, &in.model);
    xa_req_body_str(r, "serial", false, &in.serial);
    xa_req_body_int(r, "value_fen", true, 0, INT64_C(100000000000), &in.value_fen);
    xa_req_body_int(r, "owner_person_id", false, 1, INT64_MAX, &owner);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    in.owner_person_id = owner;
    struct xa_property out;
    rc = xa_case_svc_property_add(&r->ctx, id, &in, &out);
    return rc ? rc : xa_req_reply(r, 201, property_json(&out, false));
}

int xa_api_case_property_found(struct xa_req *r)
{
    static const char *const fields[] = {"holder_person_id", "note", NULL};
    int64_t id, holder = 0;
    const char *note = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_int(r, "holder_person_id", false, 1, INT64_MAX, &holder);
    xa_req_body_str(r, "note", false, &note);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_property out;
    rc = xa_case_svc_property_found(&r->ctx, id, holder, note, &out);
    return rc ? rc : xa_req_reply(r, 200, property_json(&out, true));
}

int xa_api_case_property_return(struct xa_req *r)
{
    static const char *const fields[] = {NULL};
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_property out;
    rc = xa_case_svc_property_return(&r->ctx, id, &out);
    return rc ? rc : xa_req_reply(r, 200, property_json(&out, true));
}

int xa_api_case_property_search(struct xa_req *r)
{
    struct xa_property *v;
    size_t n;
    int rc = xa_case_svc_property_search(&r->ctx, xa_req_query(r, "serial"), &v, &n);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, property_json(&v[i], true));
    return xa_req_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

int xa_api_case_person_add(struct xa_req *r)
{
    static const char *const fields[] = {"role",    "person_id",   "name", "id_number", "phone",
                                         "address", "descriptors", "note", NULL};
    static const char *const desc_fields[] = {"height_min", "height_max", "build",
                                              "clothing",   "plate",      NULL};
    struct xa_case_person in;
    memset(&in, 0, sizeof(in));
    int64_t id, person = 0;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_enum(r, "role", true, &xa_case_vocab_person_role, &in.role);
    xa_req_body_int(r, "person_id", false, 1, INT64_MAX, &person);
    xa_req_body_str(r, "name", false, &in.person.name);
    xa_req_body_str(r, "id_number", false, &in.person.id_number);
    xa_req_body_str(r, "phone", false, &in.person.phone);
    xa_req_body_str(r, "address", false, &in.person.address);
    xa_req_body_str(r, "note", false, &in.note);
    json_t *d = json_object_get(r->body, "descriptors");
    if (d && !json_is_null(d)) {
        if (!json_is_object(d)) {
            xa_verr_add(&r->ctx.verr, "descriptors", "wrong_type");
        } else {
            /* read the nested object with the same helpers */
            json_t *outer = r->body;
            r->body = d;
            int64_t hmin = 0, hmax = 0;
            xa_req_body_fields(r, desc_fields);
            xa_req_body_int(r, "height_min", false, 0, 300, &hmin);
            xa_req_body_int(r, "height_max", false, 0, 300, &hmax);
            xa_req_body_enum(r, "build", false, &xa_person_vocab_build, &in.desc.build);
            xa_req_body_str(r, "clothing", false, &in.desc.clothing);
            xa_req_body_str(r, "plate", false, &in.desc.plate);
            r->body = outer;
            in.desc.height_min = (int)hmin;
            in.desc.height_max = (int)hmax;
        }
    }
    if (!person && !in.person.name && !in.person.id_number)
        xa_verr_add(&r->ctx.verr, "name", "required");
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    in.person.id = person;
    struct xa_case_person_added out;
    rc = xa_case_svc_person_add(&r->ctx, id, &in, &out);
    if (rc)
        return rc;
    json_t *conflicts = json_array();
    for (size_t i = 0; i < out.n_conflicts; i++)
        json_array_append_new(conflicts,
                              json_pack("{s:s, s:o, s:o}", "field", out.conflicts[i].field,
                                        "stored", xa_req_json_str(out.conflicts[i].stored), "given",
                                        xa_req_json_str(out.conflicts[i].given)));
    return xa_req_reply(
        r, 201,
        json_pack("{s:I, s:o, s:o, s:o, s:b, s:o}", "link_id", (json_int_t)out.link.id, "person",
                  xa_api_case_person_json(&out.link.person), "role",
                  xa_req_json_str(xa_vocab_code(&xa_case_vocab_person_role, out.link.role)),
                  "descriptors", desc_json(&out.link.desc), "merged", (int)out.merged, "conflicts",
                  conflicts));
}

int xa_api_case_arrest(struct xa_req *r)
{
    static const char *const fields[] = {"person_id", "at", "measure", NULL};
    int64_t id, person = 0, at = 0;
    int measure = 0;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_int(r, "person_id", true, 1, INT64_MAX, &person);
    xa_req_body_time(r, "at", true, &at);
    xa_req_body_enum(r, "measure", true, &xa_case_vocab_arrest_measure, &measure);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_arrest out;
    rc = xa_case_svc_arrest(&r->ctx, id, person, at, measure, &out);
    return rc ? rc : xa_req_reply(r, 201, arrest_json(&out));
}

int xa_api_case_attach(struct xa_req *r)
{
    int64_t id, action = 0;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_query_int(r, "action_id", 1, INT64_MAX, &action);
    const char *name = xa_req_query(r, "name");
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_attachment out;
    rc = xa_case_svc_attach(&r->ctx, r->data_dir, id, action, name, r->raw, r->raw_len, &out);
    return rc ? rc : xa_req_reply(r, 201, attachment_json(&out));
}

int xa_api_case_attachment_get(struct xa_req *r)
{
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    struct xa_attachment at;
    const char *path;
    rc = xa_case_svc_attachment_get(&r->ctx, r->data_dir, id, &at, &path);
    if (rc)
        return rc;
    FILE *f = fopen(path, "rb");
    if (!f)
        return xa_ctx_fail(&r->ctx, XA_ENOTFOUND, NULL, "not_found");
    char *buf = xa_arena_alloc(&r->arena, (size_t)at.size + 1);
    size_t got = fread(buf, 1, (size_t)at.size + 1, f);
    fclose(f);
    if (got != (size_t)at.size)
        return xa_ctx_fail(&r->ctx, XA_EINTERNAL, NULL, "internal");
    r->out_bytes = buf;
    r->out_len = got;
    r->out_type = at.mime;
    r->status = 200;
    return XA_OK;
}

int xa_api_case_overdue(struct xa_req *r)
{
    struct xa_count_row *rows;
    size_t n;
    int rc = xa_case_svc_overdue(&r->ctx, &rows, &n);
    if (rc)
        return rc;
    struct xa_unit *units;
    size_t nu;
    rc = xa_org_svc_unit_list(&r->ctx, &units, &nu);
    if (rc)
        return rc;
    json_t *items = json_array();
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        for (size_t k = 0; k < nu && !name; k++)
            if (units[k].id == rows[i].key1)
                name = units[k].name;
        json_array_append_new(items,
                              json_pack("{s:I, s:o, s:o, s:I}", "unit_id", (json_int_t)rows[i].key1,
                                        "unit_name", xa_req_json_str(name), "step",
                                        xa_req_json_str(xa_case_step_code((int)rows[i].key2)),
                                        "count", (json_int_t)rows[i].n));
        total += rows[i].n;
    }
    return xa_req_reply(r, 200,
                        json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)total));
}

/* ---- case types ---- */

static json_t *type_json(const struct xa_case_type *t)
{
    return json_pack("{s:I, s:s, s:o, s:o, s:s, s:s, s:b, s:o}", "id", (json_int_t)t->id, "code",
                     t->code, "parent", xa_req_json_str(t->parent_code), "parent_id",
                     xa_req_json_id(t->parent_id), "name_zh", t->name_zh, "name_en", t->name_en,
                     "is_active", (int)t->is_active, "mo_tags", xa_req_json_csv(t->mo_tags));
}

int xa_api_case_types(struct xa_req *r)
{
    struct xa_case_type *v;
    size_t n;
    int rc = xa_case_svc_types(&r->ctx, &v, &n);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, type_json(&v[i]));
    return xa_req_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

int xa_api_case_type_add(struct xa_req *r)
{
    static const char *const fields[] = {"code", "parent", "name_zh", "name_en", NULL};
    struct xa_case_type in;
    memset(&in, 0, sizeof(in));
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "code", true, &in.code);
    xa_req_body_str(r, "parent", false, &in.parent_code);
    xa_req_body_str(r, "name_zh", true, &in.name_zh);
    xa_req_body_str(r, "name_en", true, &in.name_en);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_case_type out;
    int rc = xa_case_svc_type_add(&r->ctx, &in, &out);
    return rc ? rc : xa_req_reply(r, 201, type_json(&out));
}

static int reply_templates(struct xa_req *r, int64_t type_id)
{
    struct xa_action_template *v;
    size_t n;
    int rc = xa_case_svc_templates(&r->ctx, type_id, &v, &n);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items,
            json_pack("{s:I, s:o, s:b, s:o, s:s, s:i, s:i}", "id", (json_int_t)v[i].id, "type_id",
                      xa_req_json_id(v[i].type_id), "inherited", (int)(v[i].type_id != type_id),
                      "kind", xa_req_json_str(xa_vocab_code(&xa_case_vocab_action_kind, v[i].kind)),
                      "name", v[i].name, "due_hours", v[i].due_hours, "sort", v[i].sort));
    return xa_req_reply(r, 200, json_pack("{s:o, s:I}", "items", items, "total", (json_int_t)n));
}

int xa_api_case_templates(struct xa_req *r)
{
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    return rc ? rc : reply_templates(r, id);
}

int xa_api_case_templates_set(struct xa_req *r)
{
    static const char *const fields[] = {"items", NULL};
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    json_t *items = json_object_get(r->body, "items");
    if (!items || !json_is_array(items))
        xa_verr_add(&r->ctx.verr, "items", items ? "wrong_type" : "required");
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    size_t n = json_array_size(items);
    struct xa_action_template *v = xa_arena_alloc(&r->arena, (n ? n : 1) * sizeof(*v));
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(items, i);
        json_t *kind = json_object_get(it, "kind"), *name = json_object_get(it, "name");
        json_t *due = json_object_get(it, "due_hours");
        if (!json_is_object(it) || !json_is_string(kind) || !json_is_string(name) ||
            !json_is_integer(due)) {
            xa_verr_add(&r->ctx.verr, "items", "wrong_type");
            break;
        }
        if (xa_vocab_parse(&xa_case_vocab_action_kind, json_string_value(kind), &v[i].kind))
            xa_verr_add(&r->ctx.verr, "items.kind", "unknown_value");
        v[i].name = json_string_value(name);
        json_int_t h = json_integer_value(due);
        v[i].due_hours = h < 0 || h > 100000 ? 0 : (int)h;
        v[i].sort = (int)(i + 1) * 10;
    }
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    rc = xa_case_svc_templates_set(&r->ctx, id, v, n);
    return rc ? rc : reply_templates(r, id);
}

/* ---- statistics ---- */

static json_t *ratio_json(double v)
{
    return v < 0 ? json_null() : json_real(v);
}

static json_t *figures_json(const struct xa_case_figures *f, json_t *o)
{
    json_object_set_new(o, "opened", json_integer(f->opened));
    json_object_set_new(o, "solved", json_integer(f->solved));
    json_object_set_new(o, "clearance_rate", ratio_json(f->clearance_rate));
    json_object_set_new(o, "arrests", json_integer(f->arrests));
    json_object_set_new(o, "loss_fen", json_integer(f->loss_fen));
    json_object_set_new(o, "recovered_fen", json_integer(f->recovered_fen));
    json_object_set_new(o, "recovery_rate", ratio_json(f->recovery_rate));
    json_object_set_new(o, "solve_hours_median", ratio_json(f->solve_hours_median));
    json_object_set_new(o, "solve_hours_p90", ratio_json(f->solve_hours_p90));
    return o;
}

static json_t *day_json(int64_t t)
{
    return date_json(xa_time_day_cn(t));
}

static json_t *change_json(double now, double last)
{
    bool ok;
    double v = xa_case_stats_svc_change(now, last, &ok);
    return ok && now >= 0 && last >= 0 ? json_real(v) : json_null();
}

int xa_api_case_stats(struct xa_req *r)
{
    struct xa_case_stats_query q = {0};
    const char *by = xa_req_query(r, "by");
    int64_t from = 0, to = 0;
    xa_req_query_int(r, "unit", 1, INT64_MAX, &q.unit_id);
    xa_req_query_time(r, "from", &from);
    xa_req_query_time(r, "to", &to);
    if (by && strcmp(by, "station") == 0)
        q.group = XA_CASE_GROUP_STATION;
    else if (by && strcmp(by, "type") == 0)
        q.group = XA_CASE_GROUP_TYPE;
    else if (by && *by)
        xa_verr_add(&r->ctx.verr, "by", "unknown_value");
    int64_t today = xa_time_day_start_cn(r->ctx.now);
    q.from = from ? xa_time_day_start_cn(from) : 0;
    q.to = (to ? xa_time_day_start_cn(to) : today) + 86400;
    if (!from) {
        int32_t d = xa_time_day_cn(r->ctx.now);
        q.from = xa_time_days_from_civil(d / 10000, 1, 1) * 86400 - XA_TIME_CN_OFFSET;
    }
    if (q.from >= q.to)
        xa_verr_add(&r->ctx.verr, "to", "out_of_range");
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_case_stats s;
    int rc = xa_case_stats_svc_get(&r->ctx, &q, &s);
    if (rc)
        return rc;
    json_t *o = json_object();
    json_object_set_new(o, "from", day_json(s.from));
    json_object_set_new(o, "to", day_json(s.to - 86400));
    json_object_set_new(o, "unit_id", xa_req_json_id(q.unit_id));
    figures_json(&s.now, o);
    json_t *ly = json_object();
    json_object_set_new(ly, "from", day_json(s.ly_from));
    json_object_set_new(ly, "to", day_json(s.ly_to - 86400));
    json_object_set_new(o, "last_year", figures_json(&s.last_year, ly));
    const struct xa_case_figures *a = &s.now, *b = &s.last_year;
    json_object_set_new(
        o, "change",
        json_pack("{s:o, s:o, s:o, s:o, s:o, s:o}", "opened",
                  change_json((double)a->opened, (double)b->opened), "solved",
                  change_json((double)a->solved, (double)b->solved), "clearance_rate",
                  change_json(a->clearance_rate, b->clearance_rate), "arrests",
                  change_json((double)a->arrests, (double)b->arrests), "loss_fen",
                  change_json((double)a->loss_fen, (double)b->loss_fen), "recovered_fen",
                  change_json((double)a->recovered_fen, (double)b->recovered_fen)));
    json_t *rows = json_array();
    for (size_t i = 0; i < s.n_rows; i++) {
        const struct xa_case_figures *f = &s.rows[i];
        json_t *row = json_pack("{s:o, s:o}", "key", xa_req_json_str(f->key), "name",
                                xa_req_json_str(f->name));
        json_object_set_new(row, "unit_id",
                            q.group == XA_CASE_GROUP_STATION ? json_integer(f->key_id)
                                                             : json_null());
        json_array_append_new(rows, figures_json(f, row));
    }
    json_object_set_new(o, "rows", rows);
    json_object_set_new(
        o, "definitions",
        json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "opened",
                  "立案数 = 立案时间在期内的案件数", "solved",
                  "破案数 = 破案时间在期内的案件数(不论何时立案)", "clearance_rate",
                  "破案率 = 期内破案数 ÷ 期内立案数(保留4位小数)", "arrests",
                  "抓获数 = 抓获时间在期内的抓获记录数", "loss_fen",
                  "损失金额 = 期内立案案件全部财物价值之和(分)", "recovered_fen",
                  "挽损金额 = 期内立案案件中已追回或已发还财物价值之和(分)", "recovery_rate",
                  "挽损率 = 挽损金额 ÷ 损失金额(保留4位小数)", "solve_hours_median",
                  "破案用时中位数 = 期内破案案件(破案时间 − 报案时间)按最近秩法的第50百分位(小时)",
                  "solve_hours_p90", "破案用时P90 = 同上按最近秩法的第90百分位(小时)", "change",
                  "同比 = (本期 − 去年同期) ÷ 去年同期(去年同期为0时为空)"));
    return xa_req_reply(r, 200, o);
}
