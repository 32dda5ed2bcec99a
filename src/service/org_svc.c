/*
 * org_svc.c - units and users.
 */
#include "service/org_svc.h"

#include "core/unit.h"
#include "core/validate.h"
#include "core/vocab.h"
#include "service/auth_svc.h"

#include <stdio.h>
#include <string.h>

static bool is_admin(const struct xa_ctx *ctx)
{
    return ctx->actor && ctx->actor->role == XA_ROLE_ADMIN;
}

/* Runs the write of a use case and its audit row in one transaction. */
#define TX_BEGIN(ctx)                                                                              \
    do {                                                                                           \
        rc = xa_store_begin((ctx)->store, true);                                                   \
        if (rc)                                                                                    \
            goto out;                                                                              \
    } while (0)

int xa_org_svc_unit_add(struct xa_ctx *ctx, struct xa_unit *u)
{
    int rc;
    struct xa_unit parent, *pp = NULL;
    if (!is_admin(ctx))
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    TX_BEGIN(ctx);
    if (u->parent_id) {
        rc = xa_store_unit_get(ctx->store, ctx->arena, u->parent_id, &parent);
        if (rc == XA_ENOTFOUND) {
            rc = xa_ctx_fail(ctx, XA_EVALIDATION, "parent_id", "no_such_unit");
            goto out;
        }
        if (rc)
            goto out;
        pp = &parent;
    }
    rc = xa_unit_validate(u, pp, &ctx->verr);
    if (rc)
        goto out;
    rc = xa_store_unit_put(ctx->store, u);
    if (rc == XA_ECONFLICT) {
        xa_ctx_fail(ctx, XA_ECONFLICT, "code", "taken");
        goto out;
    }
    if (rc)
        goto out;
    rc = xa_ctx_audit(ctx, "unit.create", "unit", u->id, NULL,
                      xa_arena_printf(ctx->arena, "{\"code\":\"%s\"}", u->code));
out:
    return xa_ctx_finish(ctx, rc);
}

int xa_org_svc_unit_list(struct xa_ctx *ctx, struct xa_unit **out, size_t *n)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    return xa_store_unit_list(ctx->store, ctx->arena, out, n);
}

int xa_org_svc_unit_find(struct xa_ctx *ctx, const char *code, struct xa_unit *out)
{
    int rc = xa_store_unit_find_code(ctx->store, ctx->arena, code, out);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_ENOTFOUND, "unit", "no_such_unit");
    return rc;
}

int xa_org_svc_user_add(struct xa_ctx *ctx, struct xa_user *u, const char *password)
{
    int rc;
    struct xa_unit unit;
    char *hash = NULL;
    if (!is_admin(ctx))
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    rc = xa_user_validate(u, &ctx->verr);
    const char *pw_problem = xa_user_password_problem(password ? password : "");
    if (pw_problem)
        xa_verr_add(&ctx->verr, "password", pw_problem);
    if (rc || ctx->verr.n)
        return XA_EVALIDATION;
    rc = xa_auth_svc_hash(ctx->arena, password, &hash);
    if (rc)
        return rc;
    u->password_hash = hash;
    u->is_active = true;
    u->created_at = ctx->now;
    TX_BEGIN(ctx);
    rc = xa_store_unit_get(ctx->store, ctx->arena, u->unit_id, &unit);
    if (rc == XA_ENOTFOUND) {
        rc = xa_ctx_fail(ctx, XA_EVALIDATION, "unit_id", "no_such_unit");
        goto out;
    }
    if (rc)
        goto out;
    rc = xa_store_user_put(ctx->store, u);
    if (rc == XA_ECONFLICT) {
        xa_ctx_fail(ctx, XA_ECONFLICT, "username", "taken");
        goto out;
    }
    if (rc)
        goto out;
    rc = xa_ctx_audit(ctx, "user.create", "user", u->id, NULL,
                      xa_arena_printf(ctx->arena, "{\"username\":\"%s\",\"role\":\"%s\"}",
                                      u->username, xa_vocab_code(&xa_vocab_role, u->role)));
out:
    u->password_hash = NULL;
    return xa_ctx_finish(ctx, rc);
}

int xa_org_svc_user_list(struct xa_ctx *ctx, const struct xa_user_filter *f, struct xa_user **out,
                         size_t *n)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_user_filter g = *f;
    g.scope_path = ctx->actor->scope_path;
    int rc = xa_store_user_list(ctx->store, ctx->arena, &g, out, n);
    if (rc)
        return rc;
    for (size_t i = 0; i < *n; i++) {
        struct xa_user *u = &(*out)[i];
        u->password_hash = NULL;
        if (u->phone && !is_admin(ctx)) {
            char *m = xa_arena_alloc(ctx->arena, strlen(u->phone) + 1);
            xa_validate_mask_phone(u->phone, m, strlen(u->phone) + 1);
            u->phone = m;
        }
    }
    return XA_OK;
}

int xa_org_svc_user_passwd(struct xa_ctx *ctx, const char *username, const char *password)
{
    int rc;
    struct xa_user u;
    char *hash = NULL;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    const char *pw_problem = xa_user_password_problem(password ? password : "");
    if (pw_problem)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "password", pw_problem);
    rc = xa_store_user_find_name(ctx->store, ctx->arena, username, &u);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_ENOTFOUND, "username", "no_such_user");
    if (rc)
        return rc;
    if (!is_admin(ctx) && ctx->actor->user_id != u.id)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    rc = xa_auth_svc_hash(ctx->arena, password, &hash);
    if (rc)
        return rc;
    TX_BEGIN(ctx);
    rc = xa_store_user_set_password(ctx->store, u.id, hash);
    if (!rc)
        rc = xa_store_user_set_login_state(ctx->store, u.id, 0, 0);
    if (!rc)
        rc = xa_ctx_audit(ctx, "user.passwd", "user", u.id, NULL, NULL);
out:
    return xa_ctx_finish(ctx, rc);
}

int xa_org_svc_grid_list(struct xa_ctx *ctx, struct xa_grid **out, size_t *n)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    return xa_store_grid_list(ctx->store, ctx->arena, ctx->actor->scope_path, out, n);
}

int xa_org_svc_setting_get(struct xa_ctx *ctx, const char *key, const char **out)
{
    int rc = xa_store_setting_get(ctx->store, ctx->arena, key, out);
    if (rc == XA_ENOTFOUND) {
        *out = NULL;
        return XA_OK;
    }
    return rc;
}

/* A tile URL template: http(s), no quotes or spaces, with the {z} {x} {y} placeholders. */
static const char *tile_url_problem(const char *v)
{
    if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0 && v[0] != '/')
        return "bad_format";
    if (!strstr(v, "{z}") || !strstr(v, "{x}") || !strstr(v, "{y}"))
        return "bad_format";
    if (strpbrk(v, " \"'<>\\") || strlen(v) > 300)
        return "bad_format";
    return NULL;
}

int xa_org_svc_setting_set(struct xa_ctx *ctx, const char *key, const char *value)
{
    if (!is_admin(ctx))
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    if (strcmp(key, "map_tile_url") != 0)
        return xa_ctx_fail(ctx, XA_EVALIDATION, key, "unknown_field");
    const char *problem = value ? tile_url_problem(value) : NULL;
    if (problem)
        return xa_ctx_fail(ctx, XA_EVALIDATION, key, problem);
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = xa_store_setting_put(ctx->store, key, value, ctx->now, ctx->actor->user_id);
    if (!rc)
        rc = xa_ctx_audit(ctx, xa_arena_printf(ctx->arena, "setting.%s", key), "setting", 0, NULL,
                          NULL);
    return xa_ctx_finish(ctx, rc);
}
