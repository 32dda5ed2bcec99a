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
