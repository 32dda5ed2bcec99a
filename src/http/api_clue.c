/*
 * api_clue.c - /api/v1/clues and /stats/clues: the clue ledger (线索, docs/linkage.md) over
 * HTTP. Parsing and JSON only; the rules are in service/clue_svc.c.
 */
#include "http/api.h"

#include "base/time.h"
#include "service/clue_svc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static json_t *case_ref(struct xa_req *r, int64_t id)
{
    struct xa_case c;
    if (!id || xa_clue_svc_case(&r->ctx, id, &c))
        return json_null();
    return xa_api_series_case_ref(&c);
}

static json_t *clue_json(struct xa_req *r, const struct xa_clue *k)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(k->id));
    json_object_set_new(o, "kind", xa_req_json_str(xa_vocab_code(&xa_clue_vocab_kind, k->kind)));
    json_object_set_new(o, "source",
                        xa_req_json_str(xa_vocab_code(&xa_clue_vocab_source, k->source)));
    json_object_set_new(o, "status",
                        xa_req_json_str(xa_vocab_code(&xa_clue_vocab_status, k->status)));
    json_object_set_new(o, "outcome",
                        xa_req_json_str(xa_vocab_code(&xa_clue_vocab_outcome, k->outcome)));
    json_object_set_new(o, "content", xa_req_json_str(k->content));
    json_object_set_new(o, "case", case_ref(r, k->case_id));
    json_object_set_new(o, "other_case", case_ref(r, k->other_id));
    bool lk = k->kind == XA_CLUE_LINKAGE;
    json_object_set_new(o, "probability",
                        lk ? json_real(round(10000 / (1 + exp(-k->score))) / 10000) : json_null());
    json_t *reasons = lk && k->reasons ? json_loads(k->reasons, 0, NULL) : NULL;
    json_object_set_new(o, "reasons", reasons ? reasons : json_array());
    json_object_set_new(o, "unit_id", json_integer(k->unit_id));
    json_object_set_new(o, "unit_name", xa_req_json_str(k->unit_name));
    json_object_set_new(o, "assignee", xa_req_json_ref(k->assignee_id, k->assignee_name));
    json_object_set_new(o, "created_at", xa_req_json_time(k->created_at));
    json_object_set_new(o, "created_by", xa_req_json_ref(k->created_by, k->created_by_name));
    json_object_set_new(o, "assigned_at", xa_req_json_time(k->assigned_at));
    json_object_set_new(o, "closed_at", xa_req_json_time(k->closed_at));
    json_object_set_new(o, "closed_by", xa_req_json_ref(k->closed_by, k->closed_by_name));
    json_object_set_new(o, "note", xa_req_json_str(k->note));
    json_object_set_new(o, "reason", xa_req_json_str(k->reason));
    struct xa_series s;
    json_object_set_new(o, "series",
                        k->series_id && !xa_clue_svc_series(&r->ctx, k->series_id, &s)
                            ? xa_api_series_ref(s.id, s.code, s.name)
                            : json_null());
    return o;
}

static int reply_clue(struct xa_req *r, int status, const struct xa_clue *k)
{
    return xa_req_reply(r, status, clue_json(r, k));
}

/* A "to" bound: a date means the whole day. */
static void query_to(struct xa_req *r, const char *name, int64_t *out)
{
    const char *s = xa_req_query(r, name);
    xa_req_query_time(r, name, out);
    if (s && strlen(s) == 10 && *out)
        *out += 86400;
}

int xa_api_clue_list(struct xa_req *r)
{
    struct xa_clue_filter f = {.page = 1, .per_page = 20};
    xa_req_query_enum(r, "status", &xa_clue_vocab_status, &f.status);
    xa_req_query_enum(r, "kind", &xa_clue_vocab_kind, &f.kind);
    xa_req_query_enum(r, "source", &xa_clue_vocab_source, &f.source);
    xa_req_query_enum(r, "outcome", &xa_clue_vocab_outcome, &f.outcome);
    xa_req_query_int(r, "case_id", 1, INT64_MAX, &f.case_id);
    xa_req_query_int(r, "unit", 1, INT64_MAX, &f.unit_id);
    xa_req_query_time(r, "from", &f.from);
    query_to(r, "to", &f.to);
    xa_req_query_int(r, "page", 1, 1000000, &f.page);
    xa_req_query_int(r, "per_page", 1, 200, &f.per_page);
    const char *as = xa_req_query(r, "assignee");
    if (as && strcmp(as, "me") == 0)
        f.assignee_id = r->actor.user_id;
    else
        xa_req_query_int(r, "assignee", 1, INT64_MAX, &f.assignee_id);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_clue *items;
    size_t n;
    int64_t total;
    int rc = xa_clue_svc_list(&r->ctx, &f, &items, &n, &total);
    if (rc)
        return rc;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, clue_json(r, &items[i]));
    return xa_req_reply_page(r, arr, total, f.page, f.per_page);
}

int xa_api_clue_get(struct xa_req *r)
{
    int64_t id;
    struct xa_clue k;
    int rc = xa_req_param_id(r, 0, &id);
    if (!rc)
        rc = xa_clue_svc_get(&r->ctx, id, &k);
    return rc ? rc : reply_clue(r, 200, &k);
}

int xa_api_clue_create(struct xa_req *r)
{
    static const char *const fields[] = {"source", "content", "case_id", "assignee_id", NULL};
    struct xa_clue in;
    memset(&in, 0, sizeof(in));
    xa_req_body_fields(r, fields);
    xa_req_body_enum(r, "source", true, &xa_clue_vocab_source, &in.source);
    xa_req_body_str(r, "content", true, &in.content);
    xa_req_body_int(r, "case_id", false, 1, INT64_MAX, &in.case_id);
    xa_req_body_int(r, "assignee_id", false, 1, INT64_MAX, &in.assignee_id);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_clue k;
    int rc = xa_clue_svc_create(&r->ctx, &in, &k);
    return rc ? rc : reply_clue(r, 201, &k);
}

int xa_api_clue_assign(struct xa_req *r)
{
    static const char *const fields[] = {"assignee_id", NULL};
    int64_t id, who_id = 0;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_int(r, "assignee_id", true, 1, INT64_MAX, &who_id);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_clue k;
    rc = xa_clue_svc_assign(&r->ctx, id, who_id, &k);
    return rc ? rc : reply_clue(r, 200, &k);
}

int xa_api_clue_verify(struct xa_req *r)
{
    static const char *const fields[] = {"outcome", "note", "series_id", NULL};
    int64_t id, series = 0;
    int outcome = 0;
    const char *note = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_enum(r, "outcome", true, &xa_clue_vocab_outcome, &outcome);
    xa_req_body_str(r, "note", false, &note);
    xa_req_body_int(r, "series_id", false, 1, INT64_MAX, &series);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_clue k;
    rc = xa_clue_svc_verify(&r->ctx, id, outcome, note, series, &k);
    return rc ? rc : reply_clue(r, 200, &k);
}

int xa_api_clue_reject(struct xa_req *r)
{
    static const char *const fields[] = {"reason", NULL};
    int64_t id;
    const char *reason = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "reason", true, &reason);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_clue k;
    rc = xa_clue_svc_reject(&r->ctx, id, reason, &k);
    return rc ? rc : reply_clue(r, 200, &k);
}

int xa_api_clue_accept(struct xa_req *r)
{
    static const char *const fields[] = {"name", NULL};
    int64_t id;
    const char *name = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "name", false, &name);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_clue k;
    rc = xa_clue_svc_accept(&r->ctx, id, name, &k);
    return rc ? rc : reply_clue(r, 200, &k);
}

static json_t *date_text(int64_t t)
{
    char s[16];
    int32_t d = xa_time_day_cn(t);
    snprintf(s, sizeof(s), "%04d-%02d-%02d", (int)(d / 10000), (int)(d / 100 % 100),
             (int)(d % 100));
    return json_string(s);
}

int xa_api_clue_stats(struct xa_req *r)
{
    int64_t unit = 0, from = 0, to = 0;
    xa_req_query_int(r, "unit", 1, INT64_MAX, &unit);
    xa_req_query_time(r, "from", &from);
    query_to(r, "to", &to);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    if (!from) {
        int32_t d = xa_time_day_cn(r->ctx.now);
        from = xa_time_day_start_cn(r->ctx.now) -
               (int64_t)(xa_time_days_from_civil(d / 10000, (unsigned)(d / 100 % 100),
                                                 (unsigned)(d % 100)) -
                         xa_time_days_from_civil(d / 10000, 1, 1)) *
                   86400;
    }
    if (!to)
        to = xa_time_day_start_cn(r->ctx.now) + 86400;
    struct xa_clue_stats st;
    int rc = xa_clue_svc_stats(&r->ctx, unit, from, to, &st);
    if (rc)
        return rc;
    json_t *f = date_text(from), *t = date_text(to - 1);
    const char *fs = json_string_value(f), *ts = json_string_value(t);
    char u[32] = "";
    if (unit)
        snprintf(u, sizeof(u), "&unit=%lld", (long long)unit);
    struct xa_arena *a = &r->arena;
    json_t *drill = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "clues",
        xa_arena_printf(a, "/api/v1/clues?from=%s&to=%s%s", fs, ts, u), "verified",
        xa_arena_printf(a, "/api/v1/clues?status=verified&from=%s&to=%s%s", fs, ts, u),
        "not_verified",
        xa_arena_printf(a, "/api/v1/clues?status=not_verified&from=%s&to=%s%s", fs, ts, u), "open",
        xa_arena_printf(a, "/api/v1/clues?status=open&from=%s&to=%s%s", fs, ts, u), "case_solved",
        xa_arena_printf(a, "/api/v1/clues?outcome=case_solved&from=%s&to=%s%s", fs, ts, u),
        "series_linked",
        xa_arena_printf(a, "/api/v1/clues?outcome=series_linked&from=%s&to=%s%s", fs, ts, u),
        "cases_in_series", xa_arena_printf(a, "/api/v1/series/members?from=%s&to=%s%s", fs, ts, u),
        "series", xa_arena_printf(a, "/api/v1/series?from=%s&to=%s%s", fs, ts, u));
    json_t *o = json_pack(
        "{s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I}, s:I, s:I, s:I, s:I, s:o}",
        "from", f, "to", t, "unit_id", xa_req_json_id(unit), "clues", (json_int_t)st.clues,
        "verified", (json_int_t)st.verified, "not_verified", (json_int_t)st.not_verified, "open",
        (json_int_t)st.open, "by_source", "case", (json_int_t)st.by_source[XA_CLUE_CASE], "visit",
        (json_int_t)st.by_source[XA_CLUE_VISIT], "public", (json_int_t)st.by_source[XA_CLUE_PUBLIC],
        "analysis", (json_int_t)st.by_source[XA_CLUE_ANALYSIS], "case_solved",
        (json_int_t)st.case_solved, "series_linked", (json_int_t)st.series_linked,
        "cases_in_series", (json_int_t)st.cases_in_series, "series", (json_int_t)st.series, "drill",
        drill);
    return xa_req_reply(r, 200, o);
}
