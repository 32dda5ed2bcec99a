/*
 * api_person.c - /api/v1/persons: the person registry (人员), masked, with each person's case
 * records, and unmasking for a stated reason.
 */
#include "http/api.h"

#include "service/person_svc.h"

#include <string.h>

int xa_api_person_list(struct xa_req *r)
{
    struct xa_person_filter f = {.page = 1, .per_page = 20};
    f.id_number = xa_req_query(r, "id_number");
    f.name = xa_req_query(r, "name");
    f.phone = xa_req_query(r, "phone");
    xa_req_query_int(r, "page", 1, 1000000, &f.page);
    xa_req_query_int(r, "per_page", 1, 200, &f.per_page);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_person *v;
    size_t n;
    int64_t total;
    int rc = xa_person_svc_list(&r->ctx, &f, &v, &n, &total);
    if (rc)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = xa_api_case_person_json(&v[i]);
        json_object_set_new(o, "n_cases", json_integer(v[i].n_cases));
        json_array_append_new(items, o);
    }
    return xa_req_reply(r, 200,
                        json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total",
                                  (json_int_t)total, "page", (json_int_t)f.page, "per_page",
                                  (json_int_t)f.per_page));
}

int xa_api_person_get(struct xa_req *r)
{
    int64_t id;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    struct xa_person p;
    struct xa_case_person *rec;
    size_t n;
    rc = xa_person_svc_get(&r->ctx, id, &p, &rec, &n);
    if (rc)
        return rc;
    json_t *o = xa_api_case_person_json(&p);
    json_t *records = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            records,
            json_pack("{s:{s:I, s:o, s:o, s:o}, s:o, s:o}", "case", "id",
                      (json_int_t)rec[i].case_id, "code", xa_req_json_str(rec[i].case_code),
                      "title", xa_req_json_str(rec[i].case_title), "status",
                      xa_req_json_str(xa_case_status_code(rec[i].case_status)), "role",
                      xa_req_json_str(xa_vocab_code(&xa_case_vocab_person_role, rec[i].role)),
                      "added_at", xa_req_json_time(rec[i].added_at)));
    json_object_set_new(o, "n_cases", json_integer((json_int_t)n));
    json_object_set_new(o, "records", records);
    return xa_req_reply(r, 200, o);
}

int xa_api_person_reveal(struct xa_req *r)
{
    static const char *const fields[] = {"reason", NULL};
    int64_t id;
    const char *reason = NULL;
    int rc = xa_req_param_id(r, 0, &id);
    if (rc)
        return rc;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "reason", false, &reason);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_person p;
    rc = xa_person_svc_reveal(&r->ctx, id, reason, &p);
    return rc ? rc : xa_req_reply(r, 200, xa_api_case_person_json(&p));
}
