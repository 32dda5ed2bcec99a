/*
 * org_svc.h - the organisation: units (单位) and users (用户).
 *
 * Only an administrator (or the command line) adds units and users and sets passwords; any
 * logged-in user may list units, and users within their own scope (a desk officer picks whom
 * to dispatch from this list).
 */
#ifndef XA_ORG_SVC_H
#define XA_ORG_SVC_H

#include "service/ctx.h"

/* Adds a unit under u->parent_id (0: the bureau, which must be the first unit). Sets u->id
 * and u->path. 422 on bad fields, 409 "taken" on a duplicate code. */
XA_MUST_CHECK int xa_org_svc_unit_add(struct xa_ctx *ctx, struct xa_unit *u);
/* Every unit, ordered by path; arena-owned. */
XA_MUST_CHECK int xa_org_svc_unit_list(struct xa_ctx *ctx, struct xa_unit **out, size_t *n);
/* A unit by its code; 404 when missing. */
XA_MUST_CHECK int xa_org_svc_unit_find(struct xa_ctx *ctx, const char *code, struct xa_unit *out);

/* Adds a user with a password (hashed here). Sets u->id. 422 on bad fields or a weak password,
 * 409 "taken" on a duplicate username. */
XA_MUST_CHECK int xa_org_svc_user_add(struct xa_ctx *ctx, struct xa_user *u, const char *password);
/* Users matching f within the actor's scope; phones masked unless the actor is an admin. */
XA_MUST_CHECK int xa_org_svc_user_list(struct xa_ctx *ctx, const struct xa_user_filter *f,
                                       struct xa_user **out, size_t *n);
/* Sets the password of username (admin or the user themselves); also lifts a login lock. */
XA_MUST_CHECK int xa_org_svc_user_passwd(struct xa_ctx *ctx, const char *username,
                                         const char *password);

/* Grids (网格) of the stations in the actor's scope, by code. */
XA_MUST_CHECK int xa_org_svc_grid_list(struct xa_ctx *ctx, struct xa_grid **out, size_t *n);

/* Settings. Known keys: "map_tile_url" (an intranet tile server URL template with {z} {x} {y},
 * or NULL for none). _get gives NULL for a key never set; _set is for admins and audited. */
XA_MUST_CHECK int xa_org_svc_setting_get(struct xa_ctx *ctx, const char *key, const char **out);
XA_MUST_CHECK int xa_org_svc_setting_set(struct xa_ctx *ctx, const char *key, const char *value);

#endif
