/*
 * api.c - the route table and the matcher. Routes are few and fixed; a linear scan over
 * segment patterns is simpler than a trie and fast enough.
 */
#include "http/api.h"

#include <stdio.h>
#include <string.h>

const struct xa_route xa_api_routes[] = {
    {"GET", "/api/v1/health", xa_api_org_health, XA_ROUTE_PUBLIC},
    {"POST", "/api/v1/session", xa_api_session_create, XA_ROUTE_PUBLIC | XA_ROUTE_NO_CSRF},
    {"GET", "/api/v1/session", xa_api_session_get, 0},
    {"DELETE", "/api/v1/session", xa_api_session_delete, 0},
    {"GET", "/api/v1/vocab", xa_api_org_vocab, XA_ROUTE_PUBLIC},
    {"GET", "/api/v1/units", xa_api_org_units, 0},
    {"GET", "/api/v1/users", xa_api_org_users, 0},
    {"GET", "/api/v1/grids", xa_api_org_grids, 0},
    {"GET", "/api/v1/settings", xa_api_org_settings_get, 0},
    {"PUT", "/api/v1/settings", xa_api_org_settings_put, 0},
    {"GET", "/api/v1/stats/dashboard", xa_api_stats_dashboard, 0},
    {"GET", "/api/v1/stats/compstat", xa_api_compstat, 0},
    {"GET", "/api/v1/incidents/overdue-summary", xa_api_stats_overdue, 0},
    {"GET", "/api/v1/audit", xa_api_audit_list, 0},
    {"GET", "/api/v1/sla", xa_api_incident_sla_list, 0},
    {"PUT", "/api/v1/sla", xa_api_incident_sla_set, 0},
    {"POST", "/api/v1/incidents", xa_api_incident_create, 0},
    {"GET", "/api/v1/incidents", xa_api_incident_list, 0},
    {"GET", "/api/v1/incidents/{id}", xa_api_incident_get, 0},
    {"POST", "/api/v1/incidents/{id}/dispatch", xa_api_incident_dispatch, 0},
    {"POST", "/api/v1/incidents/{id}/arrive", xa_api_incident_arrive, 0},
    {"POST", "/api/v1/incidents/{id}/handle", xa_api_incident_handle, 0},
    {"POST", "/api/v1/incidents/{id}/reply", xa_api_incident_reply, 0},
    {"POST", "/api/v1/incidents/{id}/close", xa_api_incident_close, 0},
    {"POST", "/api/v1/incidents/{id}/reveal", xa_api_incident_reveal, 0},
    {"GET", "/api/v1/public/status/{code}", xa_api_incident_public, XA_ROUTE_PUBLIC},
    {"GET", "/api/v1/case-types", xa_api_case_types, 0},
    {"POST", "/api/v1/case-types", xa_api_case_type_add, 0},
    {"GET", "/api/v1/case-types/{id}/actions", xa_api_case_templates, 0},
    {"PUT", "/api/v1/case-types/{id}/actions", xa_api_case_templates_set, 0},
    {"POST", "/api/v1/cases", xa_api_case_create, 0},
    {"GET", "/api/v1/cases", xa_api_case_list, 0},
    {"GET", "/api/v1/cases/overdue-summary", xa_api_case_overdue, 0},
    {"GET", "/api/v1/cases/{id}", xa_api_case_get, 0},
    {"POST", "/api/v1/cases/{id}/start", xa_api_case_start, 0},
    {"POST", "/api/v1/cases/{id}/solve", xa_api_case_solve, 0},
    {"POST", "/api/v1/cases/{id}/suspend", xa_api_case_suspend, 0},
    {"POST", "/api/v1/cases/{id}/resume", xa_api_case_resume, 0},
    {"POST", "/api/v1/cases/{id}/drop", xa_api_case_drop, 0},
    {"POST", "/api/v1/cases/{id}/close", xa_api_case_close, 0},
    {"POST", "/api/v1/cases/{id}/transfer", xa_api_case_transfer, 0},
    {"POST", "/api/v1/cases/{id}/assign", xa_api_case_assign, 0},
    {"POST", "/api/v1/cases/{id}/actions", xa_api_case_action_add, 0},
    {"POST", "/api/v1/cases/{id}/actions/{action_id}/done", xa_api_case_action_done, 0},
    {"POST", "/api/v1/cases/{id}/property", xa_api_case_property_add, 0},
    {"POST", "/api/v1/cases/{id}/persons", xa_api_case_person_add, 0},
    {"POST", "/api/v1/cases/{id}/arrests", xa_api_case_arrest, 0},
    {"POST", "/api/v1/cases/{id}/attachments", xa_api_case_attach, XA_ROUTE_RAW_BODY},
    {"GET", "/api/v1/attachments/{id}", xa_api_case_attachment_get, 0},
    {"GET", "/api/v1/property", xa_api_case_property_search, 0},
    {"POST", "/api/v1/property/{id}/found", xa_api_case_property_found, 0},
    {"POST", "/api/v1/property/{id}/return", xa_api_case_property_return, 0},
    {"GET", "/api/v1/persons", xa_api_person_list, 0},
    {"GET", "/api/v1/persons/{id}", xa_api_person_get, 0},
    {"POST", "/api/v1/persons/{id}/reveal", xa_api_person_reveal, 0},
    {"GET", "/api/v1/stats/cases", xa_api_case_stats, 0},
    {"GET", "/api/v1/cases/{id}/similar", xa_api_series_similar, 0},
    {"GET", "/api/v1/linkage/model", xa_api_series_model, 0},
    {"GET", "/api/v1/series", xa_api_series_list, 0},
    {"POST", "/api/v1/series", xa_api_series_create, 0},
    {"GET", "/api/v1/series/members", xa_api_series_members, 0},
    {"GET", "/api/v1/series/{id}", xa_api_series_get, 0},
    {"PATCH", "/api/v1/series/{id}", xa_api_series_rename, 0},
    {"POST", "/api/v1/series/{id}/members", xa_api_series_member_add, 0},
    {"DELETE", "/api/v1/series/{id}/members/{case_id}", xa_api_series_member_remove, 0},
    {"POST", "/api/v1/series/{id}/merge", xa_api_series_merge, 0},
    {"POST", "/api/v1/series/{id}/split", xa_api_series_split, 0},
    {"POST", "/api/v1/series/{id}/notes", xa_api_series_note, 0},
    {"GET", "/api/v1/clues", xa_api_clue_list, 0},
    {"POST", "/api/v1/clues", xa_api_clue_create, 0},
    {"GET", "/api/v1/clues/{id}", xa_api_clue_get, 0},
    {"POST", "/api/v1/clues/{id}/assign", xa_api_clue_assign, 0},
    {"POST", "/api/v1/clues/{id}/verify", xa_api_clue_verify, 0},
    {"POST", "/api/v1/clues/{id}/reject", xa_api_clue_reject, 0},
    {"POST", "/api/v1/clues/{id}/accept", xa_api_clue_accept, 0},
    {"GET", "/api/v1/stats/clues", xa_api_clue_stats, 0},
};
const size_t xa_api_n_routes = sizeof(xa_api_routes) / sizeof(xa_api_routes[0]);

/* Matches path against pattern, collecting {param} segments (borrowed slices copied into the
 * request arena). */
static bool match(const char *pattern, const char *path, struct xa_req *r)
{
    const char *p = pattern, *s = path;
    size_t n = 0;
    const char *params[XA_REQ_MAX_PARAMS];
    while (*p && *s) {
        if (*p == '{') {
            const char *seg = s;
            while (*s && *s != '/')
                s++;
            if (s == seg || n == XA_REQ_MAX_PARAMS)
                return false;
            params[n++] = r ? xa_arena_strndup(&r->arena, seg, (size_t)(s - seg)) : NULL;
            while (*p && *p != '}')
                p++;
            if (*p)
                p++;
            continue;
        }
        if (*p != *s)
            return false;
        p++;
        s++;
    }
    if (*s == '/' && s[1] == '\0')
        s++; /* a trailing slash is the same resource */
    if (*p || *s)
        return false;
    if (r) {
        memcpy(r->params, params, n * sizeof(params[0]));
        r->n_params = n;
    }
    return true;
}

size_t xa_api_body_max(const char *method, const char *path, size_t dflt)
{
    for (size_t i = 0; i < xa_api_n_routes; i++) {
        const struct xa_route *rt = &xa_api_routes[i];
        if ((rt->flags & XA_ROUTE_RAW_BODY) && strcmp(rt->method, method) == 0 &&
            match(rt->pattern, path, NULL))
            return XA_API_RAW_BODY_MAX;
    }
    return dflt;
}

const struct xa_route *xa_api_match(const char *method, const char *path, struct xa_req *r,
                                    bool *path_known)
{
    const char *want = strcmp(method, "HEAD") == 0 ? "GET" : method;
    char allow[64] = "";
    *path_known = false;
    for (size_t i = 0; i < xa_api_n_routes; i++) {
        const struct xa_route *rt = &xa_api_routes[i];
        if (!match(rt->pattern, path, NULL))
            continue;
        *path_known = true;
        if (strcmp(rt->method, want) == 0) {
            match(rt->pattern, path, r);
            return rt;
        }
        size_t len = strlen(allow);
        snprintf(allow + len, sizeof(allow) - len, "%s%s%s", len ? ", " : "", rt->method,
                 strcmp(rt->method, "GET") == 0 ? ", HEAD" : "");
    }
    if (*path_known)
        r->allow = xa_arena_strdup(&r->arena, allow);
    return NULL;
}
