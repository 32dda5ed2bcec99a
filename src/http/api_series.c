/*
 * api_series.c - /api/v1/series, /cases/{id}/similar and /linkage/model: series linkage
 * (串并案, docs/linkage.md) over HTTP. Parsing and JSON only; the rules are in
 * service/series_svc.c and service/linkage_svc.c.
 */
#include "http/api.h"

#include "service/linkage_svc.h"
#include "service/series_svc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

json_t *xa_api_series_case_ref(const struct xa_case *c)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(c->id));
    json_object_set_new(o, "code", xa_req_json_str(c->code));
    json_object_set_new(o, "title", xa_req_json_str(c->title));
    json_object_set_new(o, "status", xa_req_json_str(xa_case_status_code(c->status)));
    json_object_set_new(o, "type", xa_req_json_str(c->type_code));
    json_object_set_new(o, "type_name", xa_req_json_str(c->type_name));
    json_object_set_new(o, "unit_id", json_integer(c->unit_id));
    json_object_set_new(o, "unit_name", xa_req_json_str(c->unit_name));
    json_object_set_new(o, "owner", xa_req_json_ref(c->owner_id, c->owner_name));
    json_object_set_new(o, "opened_at", xa_req_json_time(c->opened_at));
    json_object_set_new(o, "reported_at", xa_req_json_time(c->reported_at));
    json_object_set_new(o, "window_from", xa_req_json_time(c->window_from));
    json_object_set_new(o, "window_to", xa_req_json_time(c->window_to));
    json_object_set_new(o, "address", xa_req_json_str(c->address));
    json_object_set_new(o, "lat", c->has_location ? json_real(c->lat) : json_null());
    json_object_set_new(o, "lon", c->has_location ? json_real(c->lon) : json_null());
    json_object_set_new(o, "mo_tags", xa_req_json_csv(c->mo_tags));
    json_object_set_new(o, "solved_at", xa_req_json_time(c->solved_at));
    return o;
}

json_t *xa_api_series_ref(int64_t id, const char *code, const char *name)
{
    if (!id)
        return json_null();
    return json_pack("{s:I, s:o, s:o}", "id", (json_int_t)id, "code", xa_req_json_str(code), "name",
                     xa_req_json_str(name));
}

static const char *status_of(const struct xa_series *s)
{
    if (s->n_members && s->n_done == s->n_members)
        return "solved";
    return s->n_solved ? "partly_solved" : "open";
}

static json_t *series_json(const struct xa_series *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "code", xa_req_json_str(s->code));
    json_object_set_new(o, "name", xa_req_json_str(s->name));
    json_object_set_new(o, "status", json_string(status_of(s)));
    json_object_set_new(o, "unit_id", json_integer(s->unit_id));
    json_object_set_new(o, "created_at", xa_req_json_time(s->created_at));
    json_object_set_new(o, "created_by", xa_req_json_ref(s->created_by, s->created_by_name));
    json_object_set_new(o, "updated_at", xa_req_json_time(s->updated_at));
    json_object_set_new(o, "n_members", json_integer(s->n_members));
    json_object_set_new(o, "n_solved", json_integer(s->n_solved));
    json_object_set_new(o, "first_at", xa_req_json_time(s->first_at));
    json_object_set_new(o, "last_at", xa_req_json_time(s->last_at));
    json_object_set_new(o, "types", xa_req_json_csv(s->types));
    return o;
}

static int reply_series(struct xa_req *r, int status, int64_t id)
{
    struct xa_series_detail d;
    int rc = xa_series_svc_get(&r->ctx, id, &d);
    if (rc)
        return rc;
    json_t *o = series_json(&d.s);
    json_t *a = json_array();
    for (size_t i = 0; i < d.n_members; i++)
        json_array_append_new(
            a, json_pack("{s:o, s:o, s:o, s:o}", "case", xa_api_series_case_ref(&d.cases[i]),
                         "added_at", xa_req_json_time(d.members[i].added_at), "added_by",
                         xa_req_json_ref(d.members[i].added_by, d.members[i].added_by_name),
                         "reason", xa_req_json_str(d.members[i].reason)));
    json_object_set_new(o, "members", a);
    a = json_array();
    for (size_t i = 0; i < d.n_notes; i++)
        json_array_append_new(a,
                              json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)d.notes[i].id,
                                        "at", xa_req_json_time(d.notes[i].at), "by",
                                        xa_req_json_ref(d.notes[i].user_id, d.notes[i].user_name),
                                        "text", xa_req_json_str(d.notes[i].text)));
    json_object_set_new(o, "notes", a);
    return xa_req_reply(r, status, o);
}

/* A "to" bound: a date means the whole day. */
static void query_to(struct xa_req *r, const char *name, int64_t *out)
{
    const char *s = xa_req_query(r, name);
    xa_req_query_time(r, name, out);
    if (s && strlen(s) == 10 && *out)
        *out += 86400;
}

static void series_filter(struct xa_req *r, struct xa_series_filter *f)
{
    memset(f, 0, sizeof(*f));
    f->page = 1;
    f->per_page = 20;
    xa_req_query_int(r, "unit", 1, INT64_MAX, &f->unit_id);
    xa_req_query_int(r, "case_id", 1, INT64_MAX, &f->case_id);
    xa_req_query_time(r, "from", &f->from);
    query_to(r, "to", &f->to);
    xa_req_query_int(r, "page", 1, 1000000, &f->page);
    xa_req_query_int(r, "per_page", 1, 200, &f->per_page);
    f->q = xa_req_query(r, "q");
    if (f->q && strlen(f->q) > 100)
        xa_verr_add(&r->ctx.verr, "q", "too_long");
}

int xa_api_series_list(struct xa_req *r)
{
    struct xa_series_filter f;
    series_filter(r, &f);
    const char *status = xa_req_query(r, "status");
    if (status && *status && strcmp(status, "open") && strcmp(status, "partly_solved") &&
        strcmp(status, "solved"))
        xa_verr_add(&r->ctx.verr, "status", "unknown_value");
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_series *items;
    size_t n;
    int64_t total;
    int rc = xa_series_svc_list(&r->ctx, &f, &items, &n, &total);
    if (rc)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        if (!status || !*status || !strcmp(status, status_of(&items[i])))
            json_array_append_new(arr, series_json(&items[i]));
    return xa_req_reply_page(r, arr, total, f.page, f.per_page);
}

int xa_api_series_members(struct xa_req *r)
{
    struct xa_series_filter f;
    series_filter(r, &f);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_series_member *m;
    size_t n;
    int64_t total;
    int rc = xa_series_svc_members(&r->ctx, &f, &m, &n, &total);
    if (rc)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        struct xa_series_detail d;
        json_t *cref = json_null();
        if (!xa_series_svc_get(&r->ctx, m[i].series_id, &d))
            for (size_t j = 0; j < d.n_members; j++)
                if (d.cases[j].id == m[i].case_id) {
                    json_decref(cref);
                    cref = xa_api_series_case_ref(&d.cases[j]);
                }
        json_array_append_new(
            arr, json_pack("{s:o, s:o, s:o}", "series",
                           xa_api_series_ref(m[i].series_id, m[i].series_code, m[i].series_name),
                           "case", cref, "added_at", xa_req_json_time(m[i].added_at)));
    }
    return xa_req_reply(r, 200, json_pack("{s:o, s:I}", "items", arr, "total", (json_int_t)total));
}

int xa_api_series_get(struct xa_req *r)
{
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    return rc ? rc : reply_series(r, 200, id);
}

/* The case_ids array of the body: positive integers. */
static void body_ids(struct xa_req *r, int64_t **out, size_t *n)
{
    json_t *v = json_object_get(r->body, "case_ids");
    *out = NULL;
    *n = 0;
    if (!v) {
        xa_verr_add(&r->ctx.verr, "case_ids", "required");
        return;
    }
    if (!json_is_array(v) || json_array_size(v) > 500) {
        xa_verr_add(&r->ctx.verr, "case_ids", json_is_array(v) ? "too_long" : "wrong_type");
        return;
    }
    *out = xa_arena_alloc(&r->arena, (json_array_size(v) + 1) * sizeof(int64_t));
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e)
    {
        if (!json_is_integer(e) || json_integer_value(e) < 1) {
            xa_verr_add(&r->ctx.verr, "case_ids", "wrong_type");
            return;
        }
        (*out)[(*n)++] = json_integer_value(e);
    }
}

int xa_api_series_create(struct xa_req *r)
{
    static const char *const fields[] = {"name", "case_ids", "note", NULL};
    const char *name = NULL, *note = NULL;
    int64_t *ids;
    size_t n;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "name", true, &name);
    xa_req_body_str(r, "note", false, &note);
    body_ids(r, &ids, &n);
    if (ids && n < 2)
        xa_verr_add(&r->ctx.verr, "case_ids", "too_short");
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    int64_t id;
    int rc = xa_series_svc_create(&r->ctx, name, ids, n, note, &id);
    return rc ? rc : reply_series(r, 201, id);
}

int xa_api_series_rename(struct xa_req *r)
{
    static const char *const fields[] = {"name", NULL};
    const char *name = NULL;
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "name", true, &name);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    rc = xa_series_svc_rename(&r->ctx, id, name);
    return rc ? rc : reply_series(r, 200, id);
}

int xa_api_series_member_add(struct xa_req *r)
{
    static const char *const fields[] = {"case_id", "reason", NULL};
    const char *reason = NULL;
    int64_t id, case_id = 0;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_int(r, "case_id", true, 1, INT64_MAX, &case_id);
    xa_req_body_str(r, "reason", false, &reason);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    rc = xa_series_svc_member_add(&r->ctx, id, case_id, reason);
    return rc ? rc : reply_series(r, 200, id);
}

int xa_api_series_member_remove(struct xa_req *r)
{
    int64_t id, case_id;
    int rc = xa_req_param_id(r, 0, &id);
    if (!rc)
        rc = xa_req_param_id(r, 1, &case_id);
    if (!rc)
        rc = xa_series_svc_member_remove(&r->ctx, id, case_id);
    return rc ? rc : reply_series(r, 200, id);
}

int xa_api_series_merge(struct xa_req *r)
{
    static const char *const fields[] = {"other_id", NULL};
    int64_t id, other = 0;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_int(r, "other_id", true, 1, INT64_MAX, &other);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    rc = xa_series_svc_merge(&r->ctx, id, other);
    return rc ? rc : reply_series(r, 200, id);
}

int xa_api_series_split(struct xa_req *r)
{
    static const char *const fields[] = {"case_ids", "name", NULL};
    const char *name = NULL;
    int64_t id, *ids;
    size_t n;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "name", false, &name);
    body_ids(r, &ids, &n);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    int64_t nid;
    rc = xa_series_svc_split(&r->ctx, id, ids, n, name, &nid);
    return rc ? rc : reply_series(r, 201, nid);
}

int xa_api_series_note(struct xa_req *r)
{
    static const char *const fields[] = {"text", NULL};
    const char *text = NULL;
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "text", true, &text);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_series_note x;
    rc = xa_series_svc_note_add(&r->ctx, id, text, &x);
    if (rc)
        return rc;
    return xa_req_reply(
        r, 201,
        json_pack("{s:I, s:o, s:o, s:o}", "id", (json_int_t)x.id, "at", xa_req_json_time(x.at),
                  "by", xa_req_json_ref(x.user_id, x.user_name), "text", xa_req_json_str(x.text)));
}

static json_t *reasons_json(const struct xa_linkage_match *m)
{
    json_t *a = json_array();
    for (int j = 0; j < XA_LINKAGE_NF; j++) {
        const struct xa_linkage_reason *x = &m->reasons[j];
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:s, s:f}", "feature", x->name,
                                           "label_zh", x->label_zh, "label_en", x->label_en,
                                           "value_text", x->value_text, "value_text_en",
                                           x->value_text_en, "contribution", x->contribution));
    }
    return a;
}

static json_t *model_json(void)
{
    struct xa_linkage_model_info mi;
    xa_linkage_svc_model(&mi);
    return json_pack("{s:s, s:o, s:o, s:I, s:I}", "source", mi.trained ? "trained" : "default",
                     "version", mi.trained ? json_integer(mi.version) : json_null(), "trained_at",
                     xa_req_json_time(mi.trained_at), "n_pairs", (json_int_t)mi.n_pairs, "n_linked",
                     (json_int_t)mi.n_linked);
}

int xa_api_series_similar(struct xa_req *r)
{
    int64_t id, k = 10;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_query_int(r, "k", 1, 50, &k);
    double min_p = 0;
    const char *mp = xa_req_query(r, "min_p");
    if (mp && *mp) {
        char *end;
        min_p = strtod(mp, &end);
        if (*end || !(min_p >= 0 && min_p <= 1))
            xa_verr_add(&r->ctx.verr, "min_p", "out_of_range");
    }
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_linkage_match *m;
    size_t n, hidden;
    rc = xa_linkage_svc_similar(&r->ctx, id, (size_t)k, min_p, &m, &n, &hidden);
    if (rc)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            arr, json_pack("{s:o, s:f, s:f, s:o, s:s, s:o, s:b, s:b, s:o}", "case",
                           xa_api_series_case_ref(&m[i].c), "probability",
                           round(m[i].probability * 10000) / 10000, "log_odds",
                           round(m[i].score * 1000) / 1000, "reasons", reasons_json(&m[i]),
                           "sentence", m[i].sentence, "series",
                           xa_api_series_ref(m[i].series_id, m[i].series_code, m[i].series_name),
                           "same_series", (int)m[i].same_series, "rejected", (int)m[i].rejected,
                           "clue_id", xa_req_json_id(m[i].clue_id)));
    return xa_req_reply(r, 200,
                        json_pack("{s:I, s:o, s:o, s:I}", "case_id", (json_int_t)id, "model",
                                  model_json(), "items", arr, "n_hidden", (json_int_t)hidden));
}

int xa_api_series_model(struct xa_req *r)
{
    struct xa_linkage_model_info mi;
    xa_linkage_svc_model(&mi);
    json_t *w = json_object();
    for (int j = 0; j < XA_LINKAGE_NF; j++)
        json_object_set_new(w, xa_linkage_feature_name(j), json_real(mi.model.w[j]));
    json_t *o = model_json();
    json_object_set_new(o, "kind", json_string("logit"));
    json_object_set_new(o, "intercept", json_real(mi.model.intercept));
    json_object_set_new(o, "weights", w);
    json_object_set_new(o, "suggest_min_p", json_real(XA_LINKAGE_SUGGEST_MIN_P));
    json_object_set_new(o, "suggest_k", json_integer(XA_LINKAGE_SUGGEST_K));
    return xa_req_reply(r, 200, o);
}
