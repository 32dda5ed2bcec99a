/*
 * clue_svc.c - use cases of the clue ledger (线索): record, assign, verify or reject a clue;
 * accept a linkage suggestion into a series; count the ledger.
 *
 * Invariants: only an open clue changes; a rejected linkage clue's pair is in
 * linkage_rejections in the same transaction; the counters are the totals of the list queries
 * their drill-down links run, so each figure equals its drill-down.
 */
#include "service/clue_svc.h"

#include "core/unit.h"
#include "service/series_svc.h"

#include <string.h>

#define NOTE_MAX_CHARS 2000
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct xa_vocab_entry kinds[] = {
    {XA_CLUE_GENERAL, "general", "一般线索", "general"},
    {XA_CLUE_LINKAGE, "linkage", "串并线索", "linkage"},
};
static const struct xa_vocab_entry sources[] = {
    {XA_CLUE_CASE, "case", "案件", "case"},
    {XA_CLUE_VISIT, "visit", "走访", "visit"},
    {XA_CLUE_PUBLIC, "public", "群众", "public"},
    {XA_CLUE_ANALYSIS, "analysis", "研判", "analysis"},
};
static const struct xa_vocab_entry statuses[] = {
    {XA_CLUE_OPEN, "open", "待核查", "open"},
    {XA_CLUE_VERIFIED, "verified", "已查实", "verified"},
    {XA_CLUE_NOT_VERIFIED, "not_verified", "未查实", "not verified"},
};
static const struct xa_vocab_entry outcomes[] = {
    {XA_CLUE_CASE_SOLVED, "case_solved", "破案", "case solved"},
    {XA_CLUE_SERIES_LINKED, "series_linked", "串并", "series linked"},
    {XA_CLUE_OTHER, "other", "其他", "other"},
};
const struct xa_vocab xa_clue_vocab_kind = {"clue_kind", kinds, COUNT(kinds)};
const struct xa_vocab xa_clue_vocab_source = {"clue_source", sources, COUNT(sources)};
const struct xa_vocab xa_clue_vocab_status = {"clue_status", statuses, COUNT(statuses)};
const struct xa_vocab xa_clue_vocab_outcome = {"clue_outcome", outcomes, COUNT(outcomes)};

static int load(struct xa_ctx *ctx, int64_t id, struct xa_clue *out)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_unit u;
    bool ok = false;
    int rc = xa_store_clue_get(ctx->store, ctx->arena, id, out);
    if (!rc)
        rc = xa_ctx_unit_visible(ctx, out->unit_id, &u, &ok);
    if (rc == XA_ENOTFOUND || (!rc && !ok))
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    return rc;
}

/* Begins a write on an open clue the actor may settle (assignee, leader, analyst). */
static int begin_settle(struct xa_ctx *ctx, int64_t id, bool assign, struct xa_clue *k)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    int role = ctx->actor->role;
    bool boss = role == XA_ROLE_LEADER || role == XA_ROLE_ANALYST;
    if (!boss && (assign || role == XA_ROLE_ADMIN))
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load(ctx, id, k);
    if (!rc && !boss && k->assignee_id != ctx->actor->user_id &&
        !(!k->assignee_id && k->created_by == ctx->actor->user_id))
        rc = xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "not_accountable");
    if (!rc && k->status != XA_CLUE_OPEN)
        rc = xa_ctx_fail(ctx, XA_ECONFLICT, "status", "illegal_transition");
    if (rc)
        xa_store_rollback(ctx->store);
    return rc;
}

static int audit(struct xa_ctx *ctx, const char *action, const struct xa_clue *k,
                 const char *reason)
{
    return xa_ctx_audit(ctx, action, "clue", k->id, reason,
                        xa_arena_printf(ctx->arena, "{\"status\":\"%s\"}",
                                        xa_vocab_code(&xa_clue_vocab_status, k->status)));
}

static int finish(struct xa_ctx *ctx, int rc, int64_t id, struct xa_clue *out)
{
    rc = xa_ctx_finish(ctx, rc);
    if (rc)
        return rc;
    return out ? xa_store_clue_get(ctx->store, ctx->arena, id, out) : XA_OK;
}

/* An active user whose unit lies within the clue unit's station subtree; 422 otherwise. */
static int check_assignee(struct xa_ctx *ctx, const struct xa_unit *unit, int64_t id)
{
    struct xa_user u;
    int rc = xa_store_user_get(ctx->store, ctx->arena, id, &u);
    if (rc == XA_ENOTFOUND || (!rc && (!u.is_active || !u.unit_path ||
                                       (!xa_unit_path_within(u.unit_path, unit->path) &&
                                        !xa_unit_path_within(unit->path, u.unit_path)))))
        return xa_ctx_fail(ctx, XA_EVALIDATION, "assignee_id", "not_found");
    return rc;
}

int xa_clue_svc_create(struct xa_ctx *ctx, const struct xa_clue *in, struct xa_clue *out)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (ctx->actor->role == XA_ROLE_ADMIN)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    if (!xa_vocab_code(&xa_clue_vocab_source, in->source))
        xa_verr_add(&ctx->verr, "source", in->source ? "unknown_value" : "required");
    (void)xa_ctx_check_text(ctx, "content", in->content, XA_CLUE_CONTENT_MAX, true);
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    struct xa_clue k = {
        .kind = XA_CLUE_GENERAL,
        .source = in->source,
        .status = XA_CLUE_OPEN,
        .content = in->content,
        .unit_id = ctx->actor->unit_id,
        .created_at = ctx->now,
        .created_by = ctx->actor->user_id,
    };
    struct xa_unit unit;
    bool ok = false;
    if (in->case_id) {
        struct xa_case c;
        rc = xa_store_case_get(ctx->store, ctx->arena, in->case_id, &c);
        if (!rc)
            rc = xa_ctx_unit_visible(ctx, c.unit_id, &unit, &ok);
        if (rc == XA_ENOTFOUND || (!rc && !ok))
            rc = xa_ctx_fail(ctx, XA_EVALIDATION, "case_id", "not_found");
        else if (!rc) {
            k.case_id = c.id;
            k.unit_id = c.unit_id;
        }
    }
    if (rc && rc != XA_EVALIDATION)
        goto out;
    if (!k.case_id)
        rc = xa_store_unit_get(ctx->store, ctx->arena, k.unit_id, &unit);
    if (rc && rc != XA_EVALIDATION)
        goto out;
    if (in->assignee_id) {
        int r2 = check_assignee(ctx, &unit, in->assignee_id);
        if (r2 && r2 != XA_EVALIDATION) {
            rc = r2;
            goto out;
        }
        k.assignee_id = in->assignee_id;
        k.assigned_at = ctx->now;
    }
    if (ctx->verr.n) {
        rc = XA_EVALIDATION;
        goto out;
    }
    rc = xa_store_clue_put(ctx->store, &k);
    if (!rc)
        rc = audit(ctx, "clue.create", &k, NULL);
    return finish(ctx, rc, k.id, out);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_clue_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_clue *out)
{
    return load(ctx, id, out);
}

int xa_clue_svc_list(struct xa_ctx *ctx, const struct xa_clue_filter *f, struct xa_clue **out,
                     size_t *n, int64_t *total)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_clue_filter g = *f;
    g.scope_path = ctx->actor->scope_path;
    return xa_store_clue_list(ctx->store, ctx->arena, &g, out, n, total);
}

int xa_clue_svc_assign(struct xa_ctx *ctx, int64_t id, int64_t assignee_id, struct xa_clue *out)
{
    struct xa_clue k;
    struct xa_unit unit;
    if (assignee_id <= 0)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "assignee_id", "required");
    int rc = begin_settle(ctx, id, true, &k);
    if (rc)
        return rc;
    rc = xa_store_unit_get(ctx->store, ctx->arena, k.unit_id, &unit);
    if (!rc)
        rc = check_assignee(ctx, &unit, assignee_id);
    if (!rc) {
        k.assignee_id = assignee_id;
        k.assigned_at = ctx->now;
        rc = xa_store_clue_update(ctx->store, &k);
    }
    if (!rc)
        rc = audit(ctx, "clue.assign", &k, NULL);
    return finish(ctx, rc, id, out);
}

int xa_clue_svc_verify(struct xa_ctx *ctx, int64_t id, int outcome, const char *note,
                       int64_t series_id, struct xa_clue *out)
{
    struct xa_clue k;
    if (!xa_vocab_code(&xa_clue_vocab_outcome, outcome))
        xa_verr_add(&ctx->verr, "outcome", outcome ? "unknown_value" : "required");
    (void)xa_ctx_check_text(ctx, "note", note, NOTE_MAX_CHARS, false);
    if (ctx->verr.n)
        return XA_EVALIDATION;
    int rc = begin_settle(ctx, id, false, &k);
    if (rc)
        return rc;
    if (series_id) {
        struct xa_series s;
        rc = xa_store_series_get(ctx->store, ctx->arena, series_id, &s);
        if (rc == XA_ENOTFOUND)
            rc = xa_ctx_fail(ctx, XA_EVALIDATION, "series_id", "not_found");
    }
    if (!rc) {
        k.status = XA_CLUE_VERIFIED;
        k.outcome = outcome;
        k.note = xa_ctx_has_text(note) ? note : NULL;
        k.series_id = series_id;
        k.closed_at = ctx->now;
        k.closed_by = ctx->actor->user_id;
        rc = xa_store_clue_update(ctx->store, &k);
    }
    if (!rc)
        rc = audit(ctx, "clue.verify", &k, NULL);
    return finish(ctx, rc, id, out);
}

int xa_clue_svc_reject(struct xa_ctx *ctx, int64_t id, const char *reason, struct xa_clue *out)
{
    struct xa_clue k;
    if (xa_ctx_check_text(ctx, "reason", reason, NOTE_MAX_CHARS, true))
        return XA_EVALIDATION;
    int rc = begin_settle(ctx, id, false, &k);
    if (rc)
        return rc;
    k.status = XA_CLUE_NOT_VERIFIED;
    k.reason = reason;
    k.closed_at = ctx->now;
    k.closed_by = ctx->actor->user_id;
    rc = xa_store_clue_update(ctx->store, &k);
    if (!rc && k.kind == XA_CLUE_LINKAGE) {
        rc = xa_store_linkage_reject_put(ctx->store, k.case_id, k.other_id, ctx->now,
                                         ctx->actor->user_id, reason);
        if (rc == XA_ECONFLICT)
            rc = XA_OK;
    }
    if (!rc)
        rc = audit(ctx, "clue.reject", &k, reason);
    return finish(ctx, rc, id, out);
}

int xa_clue_svc_accept(struct xa_ctx *ctx, int64_t id, const char *name, struct xa_clue *out)
{
    struct xa_clue k;
    if (xa_ctx_check_text(ctx, "name", name, 100, false))
        return XA_EVALIDATION;
    int rc = begin_settle(ctx, id, false, &k);
    if (rc)
        return rc;
    if (k.kind != XA_CLUE_LINKAGE)
        rc = xa_ctx_fail(ctx, XA_ECONFLICT, "kind", "illegal_transition");
    int64_t sid = 0;
    if (!rc)
        rc =
            xa_series_svc_link_tx(ctx, k.case_id, k.other_id, name,
                                  xa_arena_printf(ctx->arena, "线索 #%lld", (long long)k.id), &sid);
    if (!rc) {
        k.status = XA_CLUE_VERIFIED;
        k.outcome = XA_CLUE_SERIES_LINKED;
        k.series_id = sid;
        k.closed_at = ctx->now;
        k.closed_by = ctx->actor->user_id;
        rc = xa_store_clue_update(ctx->store, &k);
    }
    if (!rc)
        rc = audit(ctx, "clue.accept", &k, NULL);
    return finish(ctx, rc, id, out);
}

int xa_clue_svc_stats(struct xa_ctx *ctx, int64_t unit_id, int64_t from, int64_t to,
                      struct xa_clue_stats *out)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_clue_stats st;
    memset(&st, 0, sizeof(st));
    struct xa_clue_filter f = {.unit_id = unit_id, .from = from, .to = to, .per_page = 1};
    struct xa_clue *items;
    size_t n;
    int rc = xa_clue_svc_list(ctx, &f, &items, &n, &st.clues);
    struct {
        int *field, value;
        int64_t *out;
    } q[] = {
        {&f.status, XA_CLUE_VERIFIED, &st.verified},
        {&f.status, XA_CLUE_NOT_VERIFIED, &st.not_verified},
        {&f.status, XA_CLUE_OPEN, &st.open},
        {&f.outcome, XA_CLUE_CASE_SOLVED, &st.case_solved},
        {&f.outcome, XA_CLUE_SERIES_LINKED, &st.series_linked},
        {&f.source, XA_CLUE_CASE, &st.by_source[XA_CLUE_CASE]},
        {&f.source, XA_CLUE_VISIT, &st.by_source[XA_CLUE_VISIT]},
        {&f.source, XA_CLUE_PUBLIC, &st.by_source[XA_CLUE_PUBLIC]},
        {&f.source, XA_CLUE_ANALYSIS, &st.by_source[XA_CLUE_ANALYSIS]},
    };
    for (size_t i = 0; !rc && i < COUNT(q); i++) {
        f.status = f.outcome = f.source = 0;
        *q[i].field = q[i].value;
        rc = xa_clue_svc_list(ctx, &f, &items, &n, q[i].out);
    }
    struct xa_series_filter sf = {.unit_id = unit_id, .from = from, .to = to, .per_page = 1};
    struct xa_series_member *m;
    struct xa_series *s;
    if (!rc)
        rc = xa_series_svc_members(ctx, &sf, &m, &n, &st.cases_in_series);
    if (!rc)
        rc = xa_series_svc_list(ctx, &sf, &s, &n, &st.series);
    if (!rc)
        *out = st;
    return rc;
}

int xa_clue_svc_case(struct xa_ctx *ctx, int64_t id, struct xa_case *out)
{
    return xa_store_case_get(ctx->store, ctx->arena, id, out);
}

int xa_clue_svc_series(struct xa_ctx *ctx, int64_t id, struct xa_series *out)
{
    return xa_store_series_get(ctx->store, ctx->arena, id, out);
}
