/*
 * api_audit.c - GET /api/v1/audit: the audit log for administrators and leaders.
 */
#include "http/api.h"

#include "service/audit_svc.h"

int xa_api_audit_list(struct xa_req *r)
{
    struct xa_audit_filter f = {.page = 1, .per_page = 50};
    f.username = xa_req_query(r, "user");
    if (f.username && !*f.username)
        f.username = NULL;
    f.action = xa_req_query(r, "action");
    if (f.action && !*f.action)
        f.action = NULL;
    f.object_type = xa_req_query(r, "object_type");
    if (f.object_type && !*f.object_type)
        f.object_type = NULL;
    xa_req_query_int(r, "object_id", 1, INT64_MAX, &f.object_id);
    xa_req_query_time(r, "from", &f.from);
    xa_req_query_time(r, "to", &f.to);
    xa_req_query_int(r, "page", 1, 1000000, &f.page);
    xa_req_query_int(r, "per_page", 1, 200, &f.per_page);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_audit *rows;
    size_t n;
    int64_t total;
    int rc = xa_audit_svc_list(&r->ctx, &f, &rows, &n, &total);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct xa_audit *a = &rows[i];
        json_t *detail = a->detail ? json_loads(a->detail, 0, NULL) : NULL;
        json_array_append_new(
            items, json_pack("{s:I, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
                             (json_int_t)a->id, "at", xa_req_json_time(a->at), "user_id",
                             xa_req_json_id(a->user_id), "username", xa_req_json_str(a->username),
                             "action", a->action, "object_type", xa_req_json_str(a->object_type),
                             "object_id", xa_req_json_id(a->object_id), "ip",
                             xa_req_json_str(a->ip), "reason", xa_req_json_str(a->reason),
                             "detail", detail ? detail : json_null()));
    }
    return xa_req_reply(r, 200,
                        json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total",
                                  (json_int_t)total, "page", (json_int_t)f.page, "per_page",
                                  (json_int_t)f.per_page));
}
