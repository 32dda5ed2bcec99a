/*
 * api.h - the API's route table and its handlers, one file per resource (api_*.c).
 *
 * A handler gets a prepared request (session resolved when the route needs one, CSRF checked
 * on writes, JSON body parsed) and returns XA_OK after xa_req_reply(), or an XA_E* code.
 */
#ifndef XA_API_H
#define XA_API_H

#include "core/case.h"
#include "core/unit.h"
#include "http/request.h"

enum xa_route_flags {
    XA_ROUTE_PUBLIC = 1,  /* no session needed */
    XA_ROUTE_NO_CSRF = 2, /* a write without a session yet (login) */
    XA_ROUTE_RAW_BODY = 4 /* the body is a file, not JSON (r->raw), up to XA_API_RAW_BODY_MAX */
};

typedef int (*xa_handler_fn)(struct xa_req *r);

struct xa_route {
    const char *method;
    const char *pattern; /* "/api/v1/incidents/{id}/dispatch": {name} matches one segment */
    xa_handler_fn fn;
    int flags;
};

extern const struct xa_route xa_api_routes[];
extern const size_t xa_api_n_routes;

#define XA_API_RAW_BODY_MAX (8 * 1024 * 1024)

/* The body limit of method and path: XA_API_RAW_BODY_MAX for a XA_ROUTE_RAW_BODY route, else
 * dflt. */
size_t xa_api_body_max(const char *method, const char *path, size_t dflt);

/* Finds the route for method and path, filling r->params; HEAD finds the GET route. NULL with
 * *path_known set when the path matches some route under another method (405; r->allow then
 * lists the methods it has), clear when nothing matches (404). */
const struct xa_route *xa_api_match(const char *method, const char *path, struct xa_req *r,
                                    bool *path_known);

/* api_session.c */
int xa_api_session_create(struct xa_req *r);
int xa_api_session_get(struct xa_req *r);
int xa_api_session_delete(struct xa_req *r);
/* api_incident.c */
int xa_api_incident_create(struct xa_req *r);
int xa_api_incident_list(struct xa_req *r);
int xa_api_incident_get(struct xa_req *r);
int xa_api_incident_dispatch(struct xa_req *r);
int xa_api_incident_arrive(struct xa_req *r);
int xa_api_incident_handle(struct xa_req *r);
int xa_api_incident_reply(struct xa_req *r);
int xa_api_incident_close(struct xa_req *r);
int xa_api_incident_reveal(struct xa_req *r);
int xa_api_incident_public(struct xa_req *r);
int xa_api_incident_sla_list(struct xa_req *r);
int xa_api_incident_sla_set(struct xa_req *r);
/* api_org.c */
int xa_api_org_units(struct xa_req *r);
int xa_api_org_users(struct xa_req *r);
int xa_api_org_vocab(struct xa_req *r);
int xa_api_org_health(struct xa_req *r);
int xa_api_org_grids(struct xa_req *r);
int xa_api_org_settings_get(struct xa_req *r);
int xa_api_org_settings_put(struct xa_req *r);
/* api_stats.c */
int xa_api_stats_dashboard(struct xa_req *r);
int xa_api_stats_overdue(struct xa_req *r);
/* JSON of a user and of a unit (api_org.c), shared with api_session.c. */
json_t *xa_api_org_user_json(const struct xa_user *u);
json_t *xa_api_org_unit_json(const struct xa_unit *u);
/* api_case.c */
int xa_api_case_create(struct xa_req *r);
int xa_api_case_list(struct xa_req *r);
int xa_api_case_get(struct xa_req *r);
int xa_api_case_start(struct xa_req *r);
int xa_api_case_solve(struct xa_req *r);
int xa_api_case_suspend(struct xa_req *r);
int xa_api_case_resume(struct xa_req *r);
int xa_api_case_drop(struct xa_req *r);
int xa_api_case_close(struct xa_req *r);
int xa_api_case_transfer(struct xa_req *r);
int xa_api_case_assign(struct xa_req *r);
int xa_api_case_action_add(struct xa_req *r);
int xa_api_case_action_done(struct xa_req *r);
int xa_api_case_property_add(struct xa_req *r);
int xa_api_case_property_found(struct xa_req *r);
int xa_api_case_property_return(struct xa_req *r);
int xa_api_case_property_search(struct xa_req *r);
int xa_api_case_person_add(struct xa_req *r);
int xa_api_case_arrest(struct xa_req *r);
int xa_api_case_attach(struct xa_req *r);
int xa_api_case_attachment_get(struct xa_req *r);
int xa_api_case_overdue(struct xa_req *r);
int xa_api_case_types(struct xa_req *r);
int xa_api_case_type_add(struct xa_req *r);
int xa_api_case_templates(struct xa_req *r);
int xa_api_case_templates_set(struct xa_req *r);
int xa_api_case_stats(struct xa_req *r);
/* JSON of a person as given (masked by the service), shared with api_person.c. */
json_t *xa_api_case_person_json(const struct xa_person *p);
/* api_person.c */
int xa_api_person_list(struct xa_req *r);
int xa_api_person_get(struct xa_req *r);
int xa_api_person_reveal(struct xa_req *r);
/* api_compstat.c */
int xa_api_compstat(struct xa_req *r);
/* api_series.c (docs/linkage.md) */
int xa_api_series_list(struct xa_req *r);
int xa_api_series_members(struct xa_req *r);
int xa_api_series_get(struct xa_req *r);
int xa_api_series_create(struct xa_req *r);
int xa_api_series_rename(struct xa_req *r);
int xa_api_series_member_add(struct xa_req *r);
int xa_api_series_member_remove(struct xa_req *r);
int xa_api_series_merge(struct xa_req *r);
int xa_api_series_split(struct xa_req *r);
int xa_api_series_note(struct xa_req *r);
int xa_api_series_similar(struct xa_req *r);
int xa_api_series_model(struct xa_req *r);
/* JSON of a case summary and of a series reference, shared with api_clue.c. */
json_t *xa_api_series_case_ref(const struct xa_case *c);
json_t *xa_api_series_ref(int64_t id, const char *code, const char *name);
/* api_clue.c */
int xa_api_clue_list(struct xa_req *r);
int xa_api_clue_get(struct xa_req *r);
int xa_api_clue_create(struct xa_req *r);
int xa_api_clue_assign(struct xa_req *r);
int xa_api_clue_verify(struct xa_req *r);
int xa_api_clue_reject(struct xa_req *r);
int xa_api_clue_accept(struct xa_req *r);
int xa_api_clue_stats(struct xa_req *r);
/* api_audit.c */
int xa_api_audit_list(struct xa_req *r);

#endif
