/*
 * api_incident.c - /api/v1/incidents: the call ledger (接处警) over HTTP, and the caller's
 * public status page data at /api/v1/public/status/{code}.
 */
#include "http/api.h"

#include "base/time.h"
#include "core/incident.h"
#include "service/incident_svc.h"

#include <stddef.h>
#include <string.h>

static json_t *incident_json(const struct xa_incident *inc, int64_t now)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(inc->id));
    json_object_set_new(o, "code", xa_req_json_str(inc->code));
    json_object_set_new(o, "status_code", xa_req_json_str(inc->status_code));
    json_object_set_new(o, "status", xa_req_json_str(xa_incident_status_code(inc->status)));
    json_object_set_new(o, "unit_id", xa_req_json_id(inc->unit_id));
    json_object_set_new(o, "unit_name", xa_req_json_str(inc->unit_name));
    json_object_set_new(o, "channel",
                        xa_req_json_str(xa_vocab_code(&xa_vocab_channel, inc->channel)));
    json_object_set_new(o, "category",
                        xa_req_json_str(xa_vocab_code(&xa_vocab_category, inc->category)));
    json_object_set_new(o, "priority", json_integer(inc->priority));
    json_object_set_new(o, "caller_name", xa_req_json_str(inc->caller_name));
    json_object_set_new(o, "caller_phone", xa_req_json_str(inc->caller_phone));
    json_object_set_new(o, "caller_id_number", xa_req_json_str(inc->caller_id_number));
    json_object_set_new(o, "address", xa_req_json_str(inc->address));
    json_object_set_new(o, "lat", inc->has_location ? json_real(inc->lat) : json_null());
    json_object_set_new(o, "lon", inc->has_location ? json_real(inc->lon) : json_null());
    json_object_set_new(o, "narrative", xa_req_json_str(inc->narrative));
    json_object_set_new(o, "occurred_at", xa_req_json_time(inc->occurred_at));
    json_object_set_new(o, "received_at", xa_req_json_time(inc->received_at));
    json_object_set_new(o, "received_by", xa_req_json_ref(inc->received_by, inc->received_by_name));
    json_object_set_new(o, "officer", xa_req_json_ref(inc->officer_id, inc->officer_name));
    json_object_set_new(o, "dispatched_at", xa_req_json_time(inc->dispatched_at));
    json_object_set_new(o, "on_scene_at", xa_req_json_time(inc->on_scene_at));
    json_object_set_new(o, "handled_at", xa_req_json_time(inc->handled_at));
    json_object_set_new(o, "replied_at", xa_req_json_time(inc->replied_at));
    json_object_set_new(o, "closed_at", xa_req_json_time(inc->closed_at));
    json_object_set_new(o, "result", xa_req_json_str(inc->result));
    json_object_set_new(
        o, "reply",
        inc->replied_at
            ? json_pack("{s:o, s:o, s:o, s:o}", "method",
                        xa_req_json_str(xa_vocab_code(&xa_vocab_reply_method, inc->reply_method)),
                        "content", xa_req_json_str(inc->reply_content), "at",
                        xa_req_json_time(inc->replied_at), "by_id", xa_req_json_id(inc->replied_by))
            : json_null());
    json_object_set_new(
        o, "due",
        json_pack("{s:o, s:o, s:o, s:o}", "dispatch", xa_req_json_time(inc->due_dispatch), "arrive",
                  xa_req_json_time(inc->due_arrive), "result", xa_req_json_time(inc->due_result),
                  "reply", xa_req_json_time(inc->due_reply)));
    json_object_set_new(o, "due_next", xa_req_json_time(inc->due_next));
    int step = xa_incident_overdue_step(inc, now);
    json_object_set_new(o, "overdue", json_boolean(step != XA_INCIDENT_STEP_NONE));
    json_object_set_new(o, "overdue_step", xa_req_json_str(xa_incident_step_code(step)));
    int64_t resp = xa_incident_response_s(inc);
    json_object_set_new(o, "response_seconds", resp >= 0 ? json_integer(resp) : json_null());
    json_object_set_new(o, "updated_at", xa_req_json_time(inc->updated_at));
    return o;
}

static json_t *event_json(const struct xa_incident_event *ev)
{
    return json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)ev->id, "at",
        xa_req_json_time(ev->at), "action", xa_req_json_str(xa_incident_action_code(ev->action)),
        "from", xa_req_json_str(xa_incident_status_code(ev->from_status)), "to",
        xa_req_json_str(xa_incident_status_code(ev->to_status)), "user",
        xa_req_json_ref(ev->user_id, ev->user_name), "officer",
        xa_req_json_ref(ev->officer_id, ev->officer_name), "note", xa_req_json_str(ev->note));
}

static int reply_incident(struct xa_req *r, int status, const struct xa_incident *inc)
{
    return xa_req_reply(r, status, incident_json(inc, r->ctx.now));
}

int xa_api_incident_create(struct xa_req *r)
{
    static const char *const fields[] = {
        "channel",          "category", "priority", "caller_name", "caller_phone",
        "caller_id_number", "address",  "lat",      "lon",         "narrative",
        "occurred_at",      "unit_id",  NULL};
    struct xa_incident in;
    memset(&in, 0, sizeof(in));
    int64_t priority = 0, unit_id = 0;
    bool has_lat = false, has_lon = false;
    xa_req_body_fields(r, fields);
    xa_req_body_enum(r, "channel", true, &xa_vocab_channel, &in.channel);
    xa_req_body_enum(r, "category", true, &xa_vocab_category, &in.category);
    xa_req_body_int(r, "priority", false, 1, 4, &priority);
    xa_req_body_str(r, "caller_name", false, &in.caller_name);
    xa_req_body_str(r, "caller_phone", false, &in.caller_phone);
    xa_req_body_str(r, "caller_id_number", false, &in.caller_id_number);
    xa_req_body_str(r, "address", false, &in.address);
    xa_req_body_real(r, "lat", false, &in.lat, &has_lat);
    xa_req_body_real(r, "lon", false, &in.lon, &has_lon);
    xa_req_body_str(r, "narrative", true, &in.narrative);
    xa_req_body_time(r, "occurred_at", false, &in.occurred_at);
    xa_req_body_int(r, "unit_id", false, 1, INT64_MAX, &unit_id);
    if (has_lat != has_lon)
        xa_verr_add(&r->ctx.verr, has_lat ? "lon" : "lat", "lat_lon_pair");
    /* no early return: the service adds the rule checks, so a form shows every problem at once */
    in.priority = (int)priority;
    in.unit_id = unit_id;
    in.has_location = has_lat && has_lon;
    struct xa_incident out;
    int rc = xa_incident_svc_create(&r->ctx, &in, &out);
    if (rc)
        return rc;
    r->location = xa_arena_printf(&r->arena, "/api/v1/incidents/%lld", (long long)out.id);
    return reply_incident(r, 201, &out);
}

int xa_api_incident_list(struct xa_req *r)
{
    struct xa_incident_filter f = {.page = 1, .per_page = 20};
    int64_t unit = 0, officer = 0;
    const char *officer_q = xa_req_query(r, "officer");
    xa_req_query_enum(r, "status", &xa_vocab_incident_status, &f.status);
    xa_req_query_enum(r, "category", &xa_vocab_category, &f.category);
    xa_req_query_int(r, "unit", 1, INT64_MAX, &unit);
    if (officer_q && strcmp(officer_q, "me") == 0)
        officer = r->actor.user_id;
    else
        xa_req_query_int(r, "officer", 1, INT64_MAX, &officer);
    xa_req_query_time(r, "from", &f.from);
    xa_req_query_time(r, "to", &f.to);
    xa_req_query_bool(r, "overdue", &f.overdue);
    xa_req_query_bool(r, "open", &f.open_only);
    xa_req_query_int(r, "page", 1, 1000000, &f.page);
    xa_req_query_int(r, "per_page", 1, 200, &f.per_page);
    f.q = xa_req_query(r, "q");
    if (f.q && (!*f.q || strlen(f.q) > 100)) {
        if (*f.q)
            xa_verr_add(&r->ctx.verr, "q", "too_long");
        f.q = NULL;
    }
    f.sort = xa_req_query(r, "sort");
    if (f.sort) {
        static const char *const sorts[] = {"received_at", "priority", "due_next",
                                            "status",      "code",     NULL};
        const char *s = f.sort[0] == '-' ? f.sort + 1 : f.sort;
        bool ok = false;
        for (const char *const *p = sorts; *p && !ok; p++)
            ok = strcmp(*p, s) == 0;
        if (!ok)
            xa_verr_add(&r->ctx.verr, "sort", "unknown_value");
    }
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    f.unit_id = unit;
    f.officer_id = officer;
    struct xa_incident *items;
    size_t n;
    int64_t total;
    int rc = xa_incident_svc_list(&r->ctx, &f, &items, &n, &total);
    if (rc)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, incident_json(&items[i], r->ctx.now));
    return xa_req_reply_page(r, arr, total, f.page, f.per_page);
}

int xa_api_incident_get(struct xa_req *r)
{
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    struct xa_incident inc;
    struct xa_incident_event *events;
    size_t n;
    rc = xa_incident_svc_get(&r->ctx, id, &inc, &events, &n);
    if (rc)
        return rc;
    json_t *o = incident_json(&inc, r->ctx.now);
    json_t *tl = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(tl, event_json(&events[i]));
    json_object_set_new(o, "timeline", tl);
    return xa_req_reply(r, 200, o);
}

int xa_api_incident_dispatch(struct xa_req *r)
{
    static const char *const fields[] = {"officer_id", "note", NULL};
    int64_t id, officer = 0;
    const char *note = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_int(r, "officer_id", true, 1, INT64_MAX, &officer);
    xa_req_body_str(r, "note", false, &note);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_incident out;
    rc = xa_incident_svc_dispatch(&r->ctx, id, officer, note, &out);
    return rc ? rc : reply_incident(r, 200, &out);
}

int xa_api_incident_arrive(struct xa_req *r)
{
    static const char *const fields[] = {NULL};
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_incident out;
    rc = xa_incident_svc_arrive(&r->ctx, id, &out);
    return rc ? rc : reply_incident(r, 200, &out);
}

int xa_api_incident_handle(struct xa_req *r)
{
    static const char *const fields[] = {"result", NULL};
    int64_t id;
    const char *result = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "result", true, &result);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_incident out;
    rc = xa_incident_svc_handle(&r->ctx, id, result, &out);
    return rc ? rc : reply_incident(r, 200, &out);
}

int xa_api_incident_reply(struct xa_req *r)
{
    static const char *const fields[] = {"method", "content", NULL};
    int64_t id;
    const char *method = NULL, *content = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "method", true, &method);
    xa_req_body_str(r, "content", true, &content);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_incident out;
    rc = xa_incident_svc_reply(&r->ctx, id, method, content, &out);
    return rc ? rc : reply_incident(r, 200, &out);
}

int xa_api_incident_close(struct xa_req *r)
{
    static const char *const fields[] = {"note", NULL};
    int64_t id;
    const char *note = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "note", false, &note);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_incident out;
    rc = xa_incident_svc_close(&r->ctx, id, note, &out);
    return rc ? rc : reply_incident(r, 200, &out);
}

int xa_api_incident_reveal(struct xa_req *r)
{
    static const char *const fields[] = {"field", "reason", NULL};
    int64_t id;
    const char *field = NULL, *reason = NULL, *value = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "field", true, &field);
    xa_req_body_str(r, "reason", false, &reason);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    rc = xa_incident_svc_reveal(&r->ctx, id, field, reason, &value);
    if (rc)
        return rc;
    return xa_req_reply(r, 200, json_pack("{s:s, s:s}", "field", field, "value", value));
}

int xa_api_incident_public(struct xa_req *r)
{
    struct xa_incident inc;
    int rc = xa_incident_svc_public(&r->ctx, r->n_params ? r->params[0] : NULL, &inc);
    if (rc)
        return rc;
    static const struct {
        const char *step;
        size_t off;
    } steps[] = {
        {"received", offsetof(struct xa_incident, received_at)},
        {"dispatched", offsetof(struct xa_incident, dispatched_at)},
        {"on_scene", offsetof(struct xa_incident, on_scene_at)},
        {"handled", offsetof(struct xa_incident, handled_at)},
        {"replied", offsetof(struct xa_incident, replied_at)},
        {"closed", offsetof(struct xa_incident, closed_at)},
    };
    json_t *arr = json_array();
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        int64_t at;
        memcpy(&at, (const char *)&inc + steps[i].off, sizeof(at));
        json_array_append_new(arr, json_pack("{s:s, s:o, s:b}", "step", steps[i].step, "at",
                                             xa_req_json_time(at), "done", at != 0));
    }
    json_t *reply =
        inc.replied_at
            ? json_pack("{s:o, s:o, s:o}", "method",
                        xa_req_json_str(xa_vocab_code(&xa_vocab_reply_method, inc.reply_method)),
                        "content", xa_req_json_str(inc.reply_content), "at",
                        xa_req_json_time(inc.replied_at))
            : json_null();
    return xa_req_reply(
        r, 200,
        json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "status_code", inc.status_code, "status",
                  xa_req_json_str(xa_incident_status_code(inc.status)), "category",
                  xa_req_json_str(xa_vocab_code(&xa_vocab_category, inc.category)), "unit_name",
                  xa_req_json_str(inc.unit_name), "steps", arr, "reply", reply));
}

static json_t *sla_rule_json(const struct xa_sla_rule *r)
{
    return json_pack("{s:o, s:o, s:i, s:i, s:i, s:i}", "category",
                     r->category ? xa_req_json_str(xa_vocab_code(&xa_vocab_category, r->category))
                                 : json_null(),
                     "priority", r->priority ? json_integer(r->priority) : json_null(),
                     "dispatch_s", (int)r->sla.dispatch_s, "arrive_s", (int)r->sla.arrive_s,
                     "result_s", (int)r->sla.result_s, "reply_s", (int)r->sla.reply_s);
}

int xa_api_incident_sla_list(struct xa_req *r)
{
    struct xa_sla_rule *rules;
    size_t n;
    int rc = xa_incident_svc_sla_list(&r->ctx, &rules, &n);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, sla_rule_json(&rules[i]));
    struct xa_sla_rule def = {.sla = xa_incident_sla_default()};
    return xa_req_reply(r, 200,
                        json_pack("{s:o, s:o}", "items", items, "default", sla_rule_json(&def)));
}

int xa_api_incident_sla_set(struct xa_req *r)
{
    static const char *const fields[] = {"category", "priority", "dispatch_s", "arrive_s",
                                         "result_s", "reply_s",  NULL};
    struct xa_sla_rule rule;
    memset(&rule, 0, sizeof(rule));
    int64_t priority = 0, d = 0, a = 0, res = 0, rep = 0;
    xa_req_body_fields(r, fields);
    xa_req_body_enum(r, "category", false, &xa_vocab_category, &rule.category);
    xa_req_body_int(r, "priority", false, 1, 4, &priority);
    xa_req_body_int(r, "dispatch_s", true, 60, 30 * 86400, &d);
    xa_req_body_int(r, "arrive_s", true, 60, 30 * 86400, &a);
    xa_req_body_int(r, "result_s", true, 60, 30 * 86400, &res);
    xa_req_body_int(r, "reply_s", true, 60, 30 * 86400, &rep);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    rule.priority = (int)priority;
    rule.sla = (struct xa_sla){(int32_t)d, (int32_t)a, (int32_t)res, (int32_t)rep};
    int rc = xa_incident_svc_sla_set(&r->ctx, &rule);
    if (rc)
        return rc;
    return xa_req_reply(r, 200, sla_rule_json(&rule));
}
