/*
 * api_session.c - POST/GET/DELETE /api/v1/session: login, who am I, logout.
 *
 * The session token travels only in an HttpOnly SameSite=Strict cookie; the CSRF token is in
 * the body, and the client sends it back in X-CSRF-Token on every write.
 */
#include "http/api.h"

#include "service/auth_svc.h"

#include <string.h>

static const char *cookie(struct xa_req *r, const char *token, long max_age)
{
    return xa_arena_printf(&r->arena,
                           "xa_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld", token,
                           max_age);
}

int xa_api_session_create(struct xa_req *r)
{
    static const char *const fields[] = {"username", "password", NULL};
    const char *username = NULL, *password = NULL;
    xa_req_body_fields(r, fields);
    xa_req_body_str(r, "username", true, &username);
    xa_req_body_str(r, "password", true, &password);
    if (r->ctx.verr.n)
        return XA_EVALIDATION;
    struct xa_login login;
    int rc = xa_auth_svc_login(&r->ctx, username, password, r->ip, &login);
    if (rc)
        return rc;
    r->set_cookie[r->n_cookies++] = cookie(r, login.token, login.expires_at - r->ctx.now);
    return xa_req_reply(r, 200,
                        json_pack("{s:o, s:s, s:o}", "user", xa_api_org_user_json(&login.user),
                                  "csrf_token", login.csrf_token, "expires_at",
                                  xa_req_json_time(login.expires_at)));
}

int xa_api_session_get(struct xa_req *r)
{
    struct xa_user u = {
        .id = r->actor.user_id,
        .username = r->actor.username,
        .name = r->actor.name,
        .role = r->actor.role,
        .unit_id = r->actor.unit_id,
        .unit_name = r->actor.unit_name,
        .is_active = true,
    };
    return xa_req_reply(r, 200,
                        json_pack("{s:o, s:s, s:o}", "user", xa_api_org_user_json(&u),
                                  "csrf_token", r->csrf_token, "sees_all",
                                  json_boolean(r->actor.scope_path == NULL)));
}

int xa_api_session_delete(struct xa_req *r)
{
    int rc = xa_auth_svc_logout(&r->ctx, r->session_token);
    if (rc)
        return rc;
    r->set_cookie[r->n_cookies++] = cookie(r, "", 0);
    return xa_req_reply(r, 200, json_pack("{s:b}", "ok", 1));
}
