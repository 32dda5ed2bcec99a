/*
 * series_svc.c - use cases of series (串并案): confirm, extend, merge, split, annotate, and the
 * check action for open members when one member is solved.
 *
 * Invariants: a case is in at most one series (the store's key on series_members.case_id); a
 * series is checked visible (visible()) before any change; every write is one transaction with
 * its audit row; the solve hook runs inside case_svc's transaction.
 */
#include "service/series_svc.h"

#include "base/time.h"
#include "core/unit.h"

#include <stdio.h>
#include <string.h>

#define NAME_MAX_CHARS 100
#define NOTE_MAX_CHARS 4000
#define REASON_MAX_CHARS 500

bool xa_series_svc_may_write(int role)
{
    return role == XA_ROLE_INVESTIGATOR || role == XA_ROLE_ANALYST || role == XA_ROLE_LEADER;
}

/* A case in the actor's scope, or 404 (422 on field when given). */
static int case_in_scope(struct xa_ctx *ctx, int64_t id, const char *field, struct xa_case *out)
{
    bool ok = false;
    int rc = xa_store_case_get(ctx->store, ctx->arena, id, out);
    if (!rc)
        rc = xa_ctx_unit_visible(ctx, out->unit_id, NULL, &ok);
    if (rc == XA_ENOTFOUND || (!rc && !ok))
        return field ? xa_ctx_fail(ctx, XA_EVALIDATION, field, "not_found")
                     : xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    return rc;
}

/* Loads series id when the actor sees it: a member, or with none its unit, in scope. */
static int visible(struct xa_ctx *ctx, int64_t id, struct xa_series *out)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    int rc = xa_store_series_get(ctx->store, ctx->arena, id, out);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    if (rc)
        return rc;
    if (!ctx->actor->scope_path)
        return XA_OK;
    struct xa_series_filter f = {.scope_path = ctx->actor->scope_path, .per_page = 1};
    struct xa_series_member *m;
    size_t n;
    int64_t total;
    f.from = 0;
    rc = xa_store_series_member_list(ctx->store, ctx->arena, id, &f, &m, &n, &total);
    if (rc)
        return rc;
    bool ok = total > 0;
    if (!ok && out->n_members == 0)
        rc = xa_ctx_unit_visible(ctx, out->unit_id, NULL, &ok);
    if (!rc && !ok)
        rc = xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    return rc;
}

static int may_write(struct xa_ctx *ctx)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (!xa_series_svc_may_write(ctx->actor->role))
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    return XA_OK;
}

static int audit(struct xa_ctx *ctx, const char *action, int64_t id, const char *detail)
{
    return xa_ctx_audit(ctx, action, "series", id, NULL, detail);
}

/* ---- reading ---- */

int xa_series_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_series_detail *out)
{
    struct xa_series_detail d;
    memset(&d, 0, sizeof(d));
    int rc = xa_store_begin(ctx->store, false);
    if (rc)
        return rc;
    int64_t total;
    rc = visible(ctx, id, &d.s);
    if (!rc)
        rc = xa_store_series_member_list(ctx->store, ctx->arena, id, NULL, &d.members, &d.n_members,
                                         &total);
    if (!rc) {
        d.cases = xa_arena_alloc(ctx->arena, (d.n_members + 1) * sizeof(*d.cases));
        for (size_t i = 0; !rc && i < d.n_members; i++)
            rc = xa_store_case_get(ctx->store, ctx->arena, d.members[i].case_id, &d.cases[i]);
    }
    if (!rc)
        rc = xa_store_series_note_list(ctx->store, ctx->arena, id, &d.notes, &d.n_notes);
    xa_store_rollback(ctx->store);
    if (!rc)
        *out = d;
    return rc;
}

int xa_series_svc_list(struct xa_ctx *ctx, const struct xa_series_filter *f, struct xa_series **out,
                       size_t *n, int64_t *total)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_series_filter g = *f;
    g.scope_path = ctx->actor->scope_path;
    return xa_store_series_list(ctx->store, ctx->arena, &g, out, n, total);
}

int xa_series_svc_members(struct xa_ctx *ctx, const struct xa_series_filter *f,
                          struct xa_series_member **out, size_t *n, int64_t *total)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_series_filter g = *f;
    g.scope_path = ctx->actor->scope_path;
    return xa_store_series_member_list(ctx->store, ctx->arena, 0, &g, out, n, total);
}

/* ---- writing ---- */

static int new_series(struct xa_ctx *ctx, const char *name, int64_t *id_out)
{
    struct xa_series s = {
        .name = name,
        .unit_id = ctx->actor->unit_id,
        .created_at = ctx->now,
        .created_by = ctx->actor->user_id,
        .updated_at = ctx->now,
    };
    int rc = xa_store_series_put(ctx->store, &s);
    if (rc)
        return rc;
    int32_t day = xa_time_day_cn(ctx->now);
    rc = xa_store_series_set_code(
        ctx->store, s.id,
        xa_arena_printf(ctx->arena, "CB%04d-%04lld", (int)(day / 10000), (long long)s.id));
    if (!rc)
        *id_out = s.id;
    return rc;
}

static int add_member(struct xa_ctx *ctx, int64_t series_id, int64_t case_id, const char *reason,
                      const char *field)
{
    struct xa_series_member m = {.series_id = series_id,
                                 .case_id = case_id,
                                 .added_at = ctx->now,
                                 .added_by = ctx->actor->user_id,
                                 .reason = xa_ctx_has_text(reason) ? reason : NULL};
    int rc = xa_store_series_member_put(ctx->store, &m);
    if (rc == XA_ECONFLICT)
        rc = xa_ctx_fail(ctx, XA_ECONFLICT, field, "taken");
    return rc;
}

int xa_series_svc_create(struct xa_ctx *ctx, const char *name, const int64_t *case_ids, size_t n,
                         const char *note, int64_t *id_out)
{
    int rc = may_write(ctx);
    if (rc)
        return rc;
    (void)xa_ctx_check_text(ctx, "name", name, NAME_MAX_CHARS, true);
    (void)xa_ctx_check_text(ctx, "note", note, NOTE_MAX_CHARS, false);
    if (n < 2)
        xa_verr_add(&ctx->verr, "case_ids", "too_short");
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (case_ids[i] == case_ids[j])
                xa_verr_add(&ctx->verr, "case_ids", "taken");
    if (ctx->verr.n)
        return XA_EVALIDATION;
    rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    struct xa_case c;
    for (size_t i = 0; !rc && i < n; i++)
        rc = case_in_scope(ctx, case_ids[i], "case_ids", &c);
    int64_t id = 0;
    if (!rc)
        rc = new_series(ctx, name, &id);
    for (size_t i = 0; !rc && i < n; i++)
        rc = add_member(ctx, id, case_ids[i], NULL, "case_ids");
    if (!rc && xa_ctx_has_text(note)) {
        struct xa_series_note x = {
            .series_id = id, .at = ctx->now, .user_id = ctx->actor->user_id, .text = note};
        rc = xa_store_series_note_put(ctx->store, &x);
    }
    if (!rc)
        rc = audit(ctx, "series.create", id, xa_arena_printf(ctx->arena, "{\"n_members\":%zu}", n));
    rc = xa_ctx_finish(ctx, rc);
    if (!rc)
        *id_out = id;
    return rc;
}

/* Begins a write on a visible series. */
static int begin_on(struct xa_ctx *ctx, int64_t id, struct xa_series *s)
{
    int rc = may_write(ctx);
    if (rc)
        return rc;
    rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = visible(ctx, id, s);
    if (rc)
        xa_store_rollback(ctx->store);
    return rc;
}

int xa_series_svc_rename(struct xa_ctx *ctx, int64_t id, const char *name)
{
    struct xa_series s;
    if (xa_ctx_check_text(ctx, "name", name, NAME_MAX_CHARS, true))
        return XA_EVALIDATION;
    int rc = begin_on(ctx, id, &s);
    if (rc)
        return rc;
    rc = xa_store_series_rename(ctx->store, id, name, ctx->now);
    if (!rc)
        rc = audit(ctx, "series.rename", id, NULL);
    return xa_ctx_finish(ctx, rc);
}

int xa_series_svc_member_add(struct xa_ctx *ctx, int64_t id, int64_t case_id, const char *reason)
{
    struct xa_series s;
    struct xa_case c;
    if (case_id <= 0)
        xa_verr_add(&ctx->verr, "case_id", "required");
    (void)xa_ctx_check_text(ctx, "reason", reason, REASON_MAX_CHARS, false);
    if (ctx->verr.n)
        return XA_EVALIDATION;
    int rc = begin_on(ctx, id, &s);
    if (rc)
        return rc;
    rc = case_in_scope(ctx, case_id, "case_id", &c);
    if (!rc)
        rc = add_member(ctx, id, case_id, reason, "case_id");
    if (!rc)
        rc = xa_store_series_rename(ctx->store, id, s.name, ctx->now);
    if (!rc)
        rc = audit(ctx, "series.member.add", id,
                   xa_arena_printf(ctx->arena, "{\"case_id\":%lld}", (long long)case_id));
    return xa_ctx_finish(ctx, rc);
}

int xa_series_svc_member_remove(struct xa_ctx *ctx, int64_t id, int64_t case_id)
{
    struct xa_series s;
    int rc = begin_on(ctx, id, &s);
    if (rc)
        return rc;
    rc = xa_store_series_member_remove(ctx->store, id, case_id);
    if (rc == XA_ENOTFOUND)
        rc = xa_ctx_fail(ctx, XA_ENOTFOUND, "case_id", "not_found");
    if (!rc)
        rc = xa_store_series_rename(ctx->store, id, s.name, ctx->now);
    if (!rc)
        rc = audit(ctx, "series.member.remove", id,
                   xa_arena_printf(ctx->arena, "{\"case_id\":%lld}", (long long)case_id));
    return xa_ctx_finish(ctx, rc);
}

/* Merge inside a transaction: other's members and notes into id, other deleted. */
static int merge_tx(struct xa_ctx *ctx, int64_t id, int64_t other)
{
    int rc = xa_store_series_member_move(ctx->store, other, id, 0);
    if (!rc)
        rc = xa_store_series_delete(ctx->store, other);
    if (!rc)
        rc = audit(ctx, "series.merge", id,
                   xa_arena_printf(ctx->arena, "{\"other_id\":%lld}", (long long)other));
    return rc;
}

int xa_series_svc_merge(struct xa_ctx *ctx, int64_t id, int64_t other)
{
    struct xa_series s, o;
    if (other <= 0)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "other_id", "required");
    if (other == id)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "other_id", "out_of_range");
    int rc = begin_on(ctx, id, &s);
    if (rc)
        return rc;
    rc = visible(ctx, other, &o);
    if (rc == XA_ENOTFOUND)
        rc = xa_ctx_fail(ctx, XA_EVALIDATION, "other_id", "not_found");
    if (!rc)
        rc = merge_tx(ctx, id, other);
    if (!rc)
        rc = xa_store_series_rename(ctx->store, id, s.name, ctx->now);
    return xa_ctx_finish(ctx, rc);
}

int xa_series_svc_split(struct xa_ctx *ctx, int64_t id, const int64_t *case_ids, size_t n,
                        const char *name, int64_t *id_out)
{
    struct xa_series s;
    if (!n)
        xa_verr_add(&ctx->verr, "case_ids", "required");
    (void)xa_ctx_check_text(ctx, "name", name, NAME_MAX_CHARS, false);
    if (ctx->verr.n)
        return XA_EVALIDATION;
    int rc = begin_on(ctx, id, &s);
    if (rc)
        return rc;
    for (size_t i = 0; !rc && i < n; i++) {
        int64_t sid = 0;
        rc = xa_store_series_member_of(ctx->store, case_ids[i], &sid);
        if (rc == XA_ENOTFOUND || (!rc && sid != id))
            rc = xa_ctx_fail(ctx, XA_EVALIDATION, "case_ids", "not_found");
    }
    if (!rc && (int64_t)n >= s.n_members)
        rc = xa_ctx_fail(ctx, XA_EVALIDATION, "case_ids", "out_of_range");
    int64_t nid = 0;
    if (!rc)
        rc = new_series(
            ctx, xa_ctx_has_text(name) ? name : xa_arena_printf(ctx->arena, "%s (拆分)", s.name),
            &nid);
    for (size_t i = 0; !rc && i < n; i++)
        rc = xa_store_series_member_move(ctx->store, id, nid, case_ids[i]);
    if (!rc)
        rc = xa_store_series_rename(ctx->store, id, s.name, ctx->now);
    if (!rc)
        rc = audit(ctx, "series.split", id,
                   xa_arena_printf(ctx->arena, "{\"new_id\":%lld}", (long long)nid));
    rc = xa_ctx_finish(ctx, rc);
    if (!rc)
        *id_out = nid;
    return rc;
}

int xa_series_svc_note_add(struct xa_ctx *ctx, int64_t id, const char *text,
                           struct xa_series_note *out)
{
    struct xa_series s;
    if (xa_ctx_check_text(ctx, "text", text, NOTE_MAX_CHARS, true))
        return XA_EVALIDATION;
    int rc = begin_on(ctx, id, &s);
    if (rc)
        return rc;
    struct xa_series_note x = {
        .series_id = id, .at = ctx->now, .user_id = ctx->actor->user_id, .text = text};
    rc = xa_store_series_note_put(ctx->store, &x);
    if (!rc)
        rc = xa_store_series_rename(ctx->store, id, s.name, ctx->now);
    if (!rc)
        rc = audit(ctx, "series.note", id, NULL);
    rc = xa_ctx_finish(ctx, rc);
    if (!rc) {
        x.user_name = ctx->actor->name;
        *out = x;
    }
    return rc;
}

int xa_series_svc_link_tx(struct xa_ctx *ctx, int64_t a, int64_t b, const char *name,
                          const char *reason, int64_t *id_out)
{
    int64_t sa = 0, sb = 0;
    int rc = xa_store_series_member_of(ctx->store, a, &sa);
    if (rc && rc != XA_ENOTFOUND)
        return rc;
    rc = xa_store_series_member_of(ctx->store, b, &sb);
    if (rc && rc != XA_ENOTFOUND)
        return rc;
    rc = XA_OK;
    if (sa && sa == sb) {
        *id_out = sa;
        return XA_OK;
    }
    if (sa && sb) {
        int64_t keep = sa < sb ? sa : sb, drop = sa < sb ? sb : sa;
        rc = merge_tx(ctx, keep, drop);
        *id_out = keep;
        return rc;
    }
    if (sa || sb) {
        int64_t sid = sa ? sa : sb;
        rc = add_member(ctx, sid, sa ? b : a, reason, "case_id");
        if (!rc)
            rc = audit(ctx, "series.member.add", sid,
                       xa_arena_printf(ctx->arena, "{\"case_id\":%lld}", (long long)(sa ? b : a)));
        *id_out = sid;
        return rc;
    }
    struct xa_case c;
    rc = xa_store_case_get(ctx->store, ctx->arena, a < b ? a : b, &c);
    int64_t sid = 0;
    if (!rc)
        rc = new_series(
            ctx,
            xa_ctx_has_text(name)
                ? name
                : xa_arena_printf(ctx->arena, "%s串案 %s", c.type_name ? c.type_name : "", c.code),
            &sid);
    if (!rc)
        rc = add_member(ctx, sid, a, reason, "case_id");
    if (!rc)
        rc = add_member(ctx, sid, b, reason, "case_id");
    if (!rc)
        rc = audit(ctx, "series.create", sid, "{\"n_members\":2}");
    *id_out = sid;
    return rc;
}

int xa_series_svc_case_solved(struct xa_ctx *ctx, const struct xa_case *c)
{
    int64_t sid = 0;
    int rc = xa_store_series_member_of(ctx->store, c->id, &sid);
    if (rc == XA_ENOTFOUND)
        return XA_OK;
    struct xa_series_member *m;
    size_t n;
    int64_t total;
    if (!rc)
        rc = xa_store_series_member_list(ctx->store, ctx->arena, sid, NULL, &m, &n, &total);
    for (size_t i = 0; !rc && i < n; i++) {
        struct xa_case o;
        if (m[i].case_id == c->id)
            continue;
        rc = xa_store_case_get(ctx->store, ctx->arena, m[i].case_id, &o);
        if (rc || !(xa_case_is_open(o.status) || o.status == XA_CASE_SUSPENDED))
            continue;
        struct xa_case_action x = {
            .case_id = o.id,
            .kind = XA_ACTION_LINKAGE,
            .name = XA_SERIES_CHECK_ACTION,
            .due_at = ctx->now + XA_SERIES_CHECK_HOURS * 3600,
            .sort = 100,
            .created_at = ctx->now,
        };
        rc = xa_store_case_action_put(ctx->store, &x);
        struct xa_case_event ev = {
            .case_id = o.id,
            .at = ctx->now,
            .user_id = ctx->actor ? ctx->actor->user_id : 0,
            .op = XA_CASE_OP_ACTION,
            .from_status = o.status,
            .to_status = o.status,
            .note = xa_arena_printf(ctx->arena, "%s (%s)", XA_SERIES_CHECK_ACTION, c->code),
        };
        if (!rc)
            rc = xa_store_case_event_put(ctx->store, &ev);
    }
    if (!rc)
        rc = audit(ctx, "series.member.solved", sid,
                   xa_arena_printf(ctx->arena, "{\"case_id\":%lld}", (long long)c->id));
    return rc;
}
