/*
 * case_svc.c - use cases of cases (案件): rules from core/case.c and core/person.c applied to
 * stored records, one transaction per use case with its case event and audit row.
 *
 * Invariants: a case is loaded through load() (404 outside the actor's scope) before any rule
 * runs; every state change goes through xa_case_next and every permission through
 * xa_case_may; due_next is recomputed (xa_case_next_due) whenever the work it follows changes.
 * Attachment files are written (once per SHA-256, atomically by rename) before the row that
 * names them is committed, so a stored row always has its file.
 */
#include "service/case_svc.h"

#include "base/log.h"
#include "base/time.h"
#include "core/incident.h"
#include "core/unit.h"
#include "core/validate.h"
#include "service/linkage_svc.h"
#include "service/series_svc.h"

#include <errno.h>
#include <fcntl.h>
#include <magic.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REASON_MAX 500
#define RESULT_MAX 2000
#define NAME_MAX_CHARS 100
#define FUTURE_SLACK_S 300

void xa_case_svc_mask_person(struct xa_ctx *ctx, struct xa_person *p)
{
    p->phone = xa_ctx_masked(ctx, p->phone, false);
    p->id_number = xa_ctx_masked(ctx, p->id_number, true);
}

/* Loads case id if it lies in the actor's scope; 404 otherwise. */
static int load(struct xa_ctx *ctx, int64_t id, struct xa_case *out, struct xa_unit *unit_out)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    int rc = xa_store_case_get(ctx->store, ctx->arena, id, out);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    if (rc)
        return rc;
    struct xa_unit unit;
    bool visible;
    rc = xa_ctx_unit_visible(ctx, out->unit_id, &unit, &visible);
    if (rc)
        return rc;
    if (!visible)
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    if (unit_out)
        *unit_out = unit;
    return XA_OK;
}

/* Loads a case for op and checks that the actor may do it. */
static int load_for(struct xa_ctx *ctx, int64_t id, int op, struct xa_case *out,
                    struct xa_unit *unit_out)
{
    int rc = load(ctx, id, out, unit_out);
    if (rc)
        return rc;
    const char *reason;
    bool owner = out->owner_id && out->owner_id == ctx->actor->user_id;
    if (xa_case_may(ctx->actor->role, op, owner, &reason))
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, reason);
    return XA_OK;
}

static int put_event(struct xa_ctx *ctx, const struct xa_case *c, int op, int from,
                     const char *note)
{
    struct xa_case_event ev = {
        .case_id = c->id,
        .at = ctx->now,
        .user_id = ctx->actor->user_id,
        .op = op,
        .from_status = from,
        .to_status = c->status,
        .note = note,
    };
    return xa_store_case_event_put(ctx->store, &ev);
}

static int audit(struct xa_ctx *ctx, const char *action, const struct xa_case *c,
                 const char *reason, const char *extra)
{
    const char *detail =
        xa_arena_printf(ctx->arena, "{\"code\":\"%s\",\"status\":\"%s\"%s%s}", c->code,
                        xa_case_status_code(c->status), extra ? "," : "", extra ? extra : "");
    return xa_ctx_audit(ctx, action, "case", c->id, reason, detail);
}

/* Commits, or rolls back on rc; then reloads the case into out when given. */
static int finish(struct xa_ctx *ctx, int rc, int64_t case_id, struct xa_case *out)
{
    rc = xa_ctx_finish(ctx, rc);
    if (rc)
        return rc;
    return out ? xa_store_case_get(ctx->store, ctx->arena, case_id, out) : XA_OK;
}

/* After a committed write that changes what linkage sees: re-index the case and store its
 * suggestions (docs/linkage.md). Its failure is logged, never the case write's. */
static int changed(struct xa_ctx *ctx, int64_t case_id)
{
    if (xa_linkage_svc_case_changed(ctx, case_id))
        xa_log(XA_LOG_WARN, "linkage: suggestions for case %lld failed", (long long)case_id);
    ctx->verr.n = 0;
    ctx->reason = ctx->field = NULL;
    return XA_OK;
}

/* ---- opening ---- */

/* An active investigator within the station: the owner of a case. */
static int check_owner(struct xa_ctx *ctx, const struct xa_unit *station, int64_t owner_id)
{
    struct xa_user u;
    int rc = xa_store_user_get(ctx->store, ctx->arena, owner_id, &u);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "owner_id", "no_such_user");
    if (rc)
        return rc;
    if (!u.is_active)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "owner_id", "user_inactive");
    if (u.role != XA_ROLE_INVESTIGATOR)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "owner_id", "unknown_value");
    if (!u.unit_path || !xa_unit_path_within(u.unit_path, station->path))
        return xa_ctx_fail(ctx, XA_EVALIDATION, "owner_id", "not_in_scope");
    return XA_OK;
}

/* Finds the type of code; 0 when unknown. */
static int type_of(struct xa_ctx *ctx, const char *code, struct xa_case_type *out)
{
    struct xa_case_type *v;
    size_t n;
    int rc = xa_store_case_type_list(ctx->store, ctx->arena, &v, &n);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(v[i].code, code) == 0 && v[i].is_active) {
            *out = v[i];
            return XA_OK;
        }
    }
    return XA_ENOTFOUND;
}

/* True when tag is one of the comma-separated codes of list. */
static bool in_list(const char *list, const char *tag, size_t len)
{
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == len && strncmp(p, tag, len) == 0)
            return true;
        p = e ? e + 1 : p + l;
    }
    return false;
}

/* Each MO tag must exist and apply to the type. */
static void check_mo(struct xa_ctx *ctx, const struct xa_case_type *t, const char *tags)
{
    size_t n = 0;
    for (const char *p = tags; p && *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (!len || ++n > XA_CASE_MO_MAX || !t || !in_list(t->mo_tags, p, len)) {
            xa_verr_add(&ctx->verr, "mo_tags", "unknown_value");
            return;
        }
        p = e ? e + 1 : p + len;
    }
}

static int open_actions(struct xa_ctx *ctx, const struct xa_case *c)
{
    struct xa_action_template *v;
    size_t n;
    int rc = xa_store_case_template_list(ctx->store, ctx->arena, c->type_id, &v, &n);
    for (size_t i = 0; i < n && !rc; i++) {
        struct xa_case_action x = {
            .case_id = c->id,
            .kind = v[i].kind,
            .name = v[i].name,
            .due_at = c->opened_at + (int64_t)v[i].due_hours * 3600,
            .sort = v[i].sort,
            .created_at = ctx->now,
        };
        rc = xa_store_case_action_put(ctx->store, &x);
    }
    return rc;
}

/* Appends "已立案 <code>" to the incident's result, with an event on its timeline. */
static int mark_incident(struct xa_ctx *ctx, struct xa_incident *inc, const char *code)
{
    const char *line = xa_arena_printf(ctx->arena, "已立案 %s", code);
    inc->result = inc->result && *inc->result
                      ? xa_arena_printf(ctx->arena, "%s\n%s", inc->result, line)
                      : line;
    inc->updated_at = ctx->now;
    int rc = xa_store_incident_update(ctx->store, inc);
    if (rc)
        return rc;
    /* no incident action means "a case was opened": HANDLE with the status unchanged and the
     * case code as its note is how the timeline shows it */
    struct xa_incident_event ev = {
        .incident_id = inc->id,
        .at = ctx->now,
        .user_id = ctx->actor->user_id,
        .action = XA_INCIDENT_HANDLE,
        .from_status = inc->status,
        .to_status = inc->status,
        .note = line,
    };
    return xa_store_incident_event_put(ctx->store, &ev);
}

int xa_case_svc_open(struct xa_ctx *ctx, const struct xa_case *in, struct xa_case *out)
{
    int rc;
    const char *reason;
    struct xa_case c = *in;
    struct xa_case_type type;
    struct xa_incident inc;
    struct xa_unit station;
    bool has_type = false, has_inc = false;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (xa_case_may(ctx->actor->role, XA_CASE_OP_OPEN, false, &reason))
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, reason);

    rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    c.type_id = 0;
    if (in->type_code) {
        rc = type_of(ctx, in->type_code, &type);
        if (rc == XA_ENOTFOUND)
            xa_verr_add(&ctx->verr, "type", "unknown_value");
        else if (rc)
            goto out;
        else {
            has_type = true;
            c.type_id = type.id;
        }
    }
    if (in->incident_id) {
        rc = xa_store_incident_get(ctx->store, ctx->arena, in->incident_id, &inc);
        if (rc && rc != XA_ENOTFOUND)
            goto out;
        struct xa_unit iu;
        if (!rc && !(rc = xa_store_unit_get(ctx->store, ctx->arena, inc.unit_id, &iu)) &&
            xa_unit_path_within(iu.path, ctx->actor->scope_path))
            has_inc = true;
        else if (rc && rc != XA_ENOTFOUND)
            goto out;
        if (!has_inc)
            xa_verr_add(&ctx->verr, "incident_id", "not_found");
    }
    if (has_inc) {
        if (!c.address)
            c.address = inc.address;
        if (!c.has_location && inc.has_location) {
            c.has_location = true;
            c.lat = inc.lat;
            c.lon = inc.lon;
        }
        c.grid_id = inc.grid_id;
    }
    if (in->type_code || in->mo_tags)
        check_mo(ctx, has_type ? &type : NULL, in->mo_tags);
    if (!in->type_code)
        c.type_id = 0; /* reported as required by the validation */
    else if (!has_type)
        c.type_id = -1; /* already reported as unknown */
    int invalid = xa_case_validate(&c, ctx->now, &ctx->verr);
    rc = xa_ctx_station(ctx, in->unit_id ? in->unit_id : has_inc ? inc.unit_id : 0, &station);
    if (rc && rc != XA_EVALIDATION)
        goto out;
    if (!rc) {
        if (in->owner_id)
            rc = check_owner(ctx, &station, in->owner_id);
        if (rc && rc != XA_EVALIDATION)
            goto out;
    }
    if (invalid || ctx->verr.n) {
        rc = XA_EVALIDATION;
        goto out;
    }
    c.unit_id = station.id;
    c.owner_id = in->owner_id                               ? in->owner_id
                 : ctx->actor->role == XA_ROLE_INVESTIGATOR ? ctx->actor->user_id
                                                            : 0;
    c.status = XA_CASE_OPENED;
    c.opened_at = ctx->now;
    c.opened_by = ctx->actor->user_id;
    c.reported_at = has_inc ? inc.received_at : ctx->now;
    c.first_action_at = c.analysis_at = c.solved_at = c.closed_at = 0;
    c.status_reason = c.solve_reason = NULL;
    c.incident_id = has_inc ? inc.id : 0;
    c.updated_at = ctx->now;
    xa_case_set_due(&c);

    int32_t day = xa_time_day_cn(ctx->now);
    int64_t seq;
    rc = xa_store_case_next_seq(ctx->store, station.id, day, &seq);
    if (rc)
        goto out;
    char *code = xa_arena_alloc(ctx->arena, XA_CASE_CODE_MAX);
    xa_case_code(station.code, day, seq, code);
    c.code = code;
    rc = xa_store_case_put(ctx->store, &c);
    if (!rc)
        rc = open_actions(ctx, &c);
    if (!rc && has_inc)
        rc = mark_incident(ctx, &inc, c.code);
    if (!rc)
        rc = put_event(ctx, &c, XA_CASE_OP_OPEN, 0, NULL);
    if (!rc)
        rc = audit(ctx, "case.open", &c, NULL,
                   has_inc ? xa_arena_printf(ctx->arena, "\"incident\":\"%s\"", inc.code) : NULL);
    rc = finish(ctx, rc, c.id, out);
    return rc ? rc : changed(ctx, c.id);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

/* ---- reading ---- */

static void mask_links(struct xa_ctx *ctx, struct xa_case_person *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xa_case_svc_mask_person(ctx, &v[i].person);
}

int xa_case_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_case_detail *out)
{
    struct xa_case_detail d;
    memset(&d, 0, sizeof(d));
    int rc = load(ctx, id, &d.c, NULL);
    if (!rc)
        rc = xa_store_case_property_list(ctx->store, ctx->arena, id, NULL, NULL, &d.property,
                                         &d.n_property);
    if (!rc)
        rc = xa_store_case_person_link_list(ctx->store, ctx->arena, id, 0, NULL, &d.persons,
                                            &d.n_persons);
    if (!rc)
        rc = xa_store_case_arrest_list(ctx->store, ctx->arena, id, &d.arrests, &d.n_arrests);
    if (!rc)
        rc = xa_store_case_action_list(ctx->store, ctx->arena, id, &d.actions, &d.n_actions);
    if (!rc)
        rc = xa_store_case_event_list(ctx->store, ctx->arena, id, &d.events, &d.n_events);
    if (!rc)
        rc = xa_store_case_attachment_list(ctx->store, ctx->arena, id, &d.attachments,
                                           &d.n_attachments);
    if (rc)
        return rc;
    mask_links(ctx, d.persons, d.n_persons);
    *out = d;
    return XA_OK;
}

int xa_case_svc_list(struct xa_ctx *ctx, const struct xa_case_filter *f, struct xa_case **out,
                     size_t *n, int64_t *total)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_case_filter g = *f;
    g.scope_path = ctx->actor->scope_path;
    g.now = ctx->now;
    return xa_store_case_list(ctx->store, ctx->arena, &g, out, n, total);
}

/* ---- transitions ---- */

/* Applies op to c (status and the fields it sets) at ctx->now. */
static void apply(struct xa_ctx *ctx, struct xa_case *c, int op, int to, const char *reason)
{
    switch (op) {
    case XA_CASE_OP_SOLVE:
        c->solved_at = ctx->now;
        c->solve_reason = xa_ctx_has_text(reason) ? reason : NULL;
        break;
    case XA_CASE_OP_SUSPEND:
        c->status_reason = reason;
        break;
    case XA_CASE_OP_RESUME:
        c->status_reason = NULL;
        break;
    case XA_CASE_OP_DROP:
        c->status_reason = reason;
        c->closed_at = ctx->now;
        break;
    case XA_CASE_OP_CLOSE:
    case XA_CASE_OP_TRANSFER:
        c->closed_at = ctx->now;
        break;
    default:
        break;
    }
    c->status = to;
    c->updated_at = ctx->now;
    c->due_next = xa_case_next_due(c);
}

int xa_case_svc_transition(struct xa_ctx *ctx, int64_t id, int op, const char *reason,
                           struct xa_case *out)
{
    struct xa_case c;
    const char *why;
    int to = 0;
    if (xa_ctx_has_text(reason) && xa_ctx_check_text(ctx, "reason", reason, REASON_MAX, false))
        return XA_EVALIDATION;
    if (op == XA_CASE_OP_OPEN || !xa_case_op_code(op) || op > XA_CASE_OP_TRANSFER)
        return xa_ctx_fail(ctx, XA_EINVAL, NULL, "unknown_value");
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load_for(ctx, id, op, &c, NULL);
    if (rc)
        goto out;
    int from = c.status;
    rc = xa_case_next(from, op, c.n_suspects, reason, &to, &why);
    if (rc == XA_ECONFLICT) {
        rc = xa_ctx_fail(ctx, rc, "status", why);
        goto out;
    }
    if (rc) {
        rc = xa_ctx_fail(ctx, rc, "reason", why);
        goto out;
    }
    apply(ctx, &c, op, to, reason);
    rc = xa_store_case_update(ctx->store, &c);
    if (!rc)
        rc = put_event(ctx, &c, op, from, xa_ctx_has_text(reason) ? reason : NULL);
    if (!rc && op == XA_CASE_OP_SOLVE)
        rc = xa_series_svc_case_solved(ctx, &c);
    if (!rc)
        rc = audit(ctx, xa_arena_printf(ctx->arena, "case.%s", xa_case_op_code(op)), &c,
                   xa_ctx_has_text(reason) ? reason : NULL,
                   xa_arena_printf(ctx->arena, "\"from\":\"%s\"", xa_case_status_code(from)));
    return finish(ctx, rc, id, out);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_case_svc_assign(struct xa_ctx *ctx, int64_t id, int64_t owner_id, struct xa_case *out)
{
    struct xa_case c;
    struct xa_unit station;
    if (owner_id <= 0)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "owner_id", "required");
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load_for(ctx, id, XA_CASE_OP_ASSIGN, &c, &station);
    if (!rc)
        rc = check_owner(ctx, &station, owner_id);
    if (rc)
        goto out;
    c.owner_id = owner_id;
    c.updated_at = ctx->now;
    rc = xa_store_case_update(ctx->store, &c);
    if (!rc)
        rc = put_event(ctx, &c, XA_CASE_OP_ASSIGN, c.status, NULL);
    if (!rc)
        rc = audit(ctx, "case.assign", &c, NULL,
                   xa_arena_printf(ctx->arena, "\"owner_id\":%lld", (long long)owner_id));
    return finish(ctx, rc, id, out);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

/* ---- investigation actions ---- */

static int find_action(struct xa_ctx *ctx, int64_t case_id, int64_t action_id,
                       struct xa_case_action *out)
{
    struct xa_case_action *v;
    size_t n;
    int rc = xa_store_case_action_list(ctx->store, ctx->arena, case_id, &v, &n);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (v[i].id == action_id) {
            *out = v[i];
            return XA_OK;
        }
    }
    return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
}

int xa_case_svc_action_add(struct xa_ctx *ctx, int64_t case_id, int kind, const char *name,
                           int64_t due_at, struct xa_case_action *out)
{
    struct xa_case c;
    if (!xa_vocab_code(&xa_case_vocab_action_kind, kind))
        xa_verr_add(&ctx->verr, "kind", kind ? "unknown_value" : "required");
    (void)xa_ctx_check_text(ctx, "name", name, NAME_MAX_CHARS, false);
    if (due_at && due_at < ctx->now - 366 * 86400)
        xa_verr_add(&ctx->verr, "due_at", "out_of_range");
    if (ctx->verr.n)
        return XA_EVALIDATION;
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load_for(ctx, case_id, XA_CASE_OP_ACTION, &c, NULL);
    if (rc)
        goto out;
    if (!xa_case_is_open(c.status) && c.status != XA_CASE_SOLVED) {
        rc = xa_ctx_fail(ctx, XA_ECONFLICT, "status", "illegal_transition");
        goto out;
    }
    struct xa_case_action x = {
        .case_id = case_id,
        .kind = kind,
        .name = xa_ctx_has_text(name) ? name : xa_vocab_zh(&xa_case_vocab_action_kind, kind),
        .due_at = due_at,
        .sort = 100,
        .created_at = ctx->now,
    };
    rc = xa_store_case_action_put(ctx->store, &x);
    if (!rc)
        rc = put_event(ctx, &c, XA_CASE_OP_ACTION, c.status, x.name);
    if (!rc)
        rc = audit(ctx, "case.action.add", &c, NULL,
                   xa_arena_printf(ctx->arena, "\"action_id\":%lld", (long long)x.id));
    rc = finish(ctx, rc, case_id, NULL);
    return rc ? rc : find_action(ctx, case_id, x.id, out);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_case_svc_action_done(struct xa_ctx *ctx, int64_t case_id, int64_t action_id,
                            const char *result, struct xa_case_action *out)
{
    struct xa_case c;
    struct xa_case_action x;
    if (xa_ctx_check_text(ctx, "result", result, RESULT_MAX, true))
        return XA_EVALIDATION;
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load_for(ctx, case_id, XA_CASE_OP_ACTION, &c, NULL);
    if (!rc)
        rc = find_action(ctx, case_id, action_id, &x);
    if (rc)
        goto out;
    if (x.done_at || (!xa_case_is_open(c.status) && c.status != XA_CASE_SOLVED)) {
        rc = xa_ctx_fail(ctx, XA_ECONFLICT, x.done_at ? "done_at" : "status", "illegal_transition");
        goto out;
    }
    x.done_at = ctx->now;
    x.done_by = ctx->actor->user_id;
    x.result = result;
    rc = xa_store_case_action_update(ctx->store, &x);
    if (rc)
        goto out;
    int from = c.status;
    if (!c.first_action_at)
        c.first_action_at = ctx->now;
    if (x.kind == XA_ACTION_LINKAGE && !c.analysis_at)
        c.analysis_at = ctx->now;
    if (c.status == XA_CASE_OPENED) {
        int to;
        const char *why;
        if (!xa_case_next(c.status, XA_CASE_OP_START, c.n_suspects, NULL, &to, &why))
            c.status = to;
    }
    c.updated_at = ctx->now;
    c.due_next = xa_case_next_due(&c);
    rc = xa_store_case_update(ctx->store, &c);
    if (!rc && from != c.status)
        rc = put_event(ctx, &c, XA_CASE_OP_START, from, NULL);
    if (!rc)
        rc = put_event(ctx, &c, XA_CASE_OP_ACTION, c.status,
                       xa_arena_printf(ctx->arena, "%s: %s", x.name, result));
    if (!rc)
        rc = audit(ctx, "case.action.done", &c, NULL,
                   xa_arena_printf(ctx->arena, "\"action_id\":%lld", (long long)x.id));
    rc = finish(ctx, rc, case_id, NULL);
    return rc ? rc : find_action(ctx, case_id, action_id, out);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

/* ---- property ---- */

/* A registered person, or a 422 on field. */
static int check_person(struct xa_ctx *ctx, const char *field, int64_t id)
{
    struct xa_person p;
    int rc = xa_store_case_person_get(ctx->store, ctx->arena, id, &p);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_EVALIDATION, field, "not_found");
    return rc;
}

int xa_case_svc_property_add(struct xa_ctx *ctx, int64_t case_id, const struct xa_property *in,
                             struct xa_property *out)
{
    struct xa_case c;
    struct xa_property p = *in;
    if (xa_case_property_validate(&p, &ctx->verr) || ctx->verr.n)
        return XA_EVALIDATION;
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load_for(ctx, case_id, XA_CASE_OP_PROPERTY, &c, NULL);
    if (!rc && p.owner_person_id)
        rc = check_person(ctx, "owner_person_id", p.owner_person_id);
    if (rc)
        goto out;
    p.id = 0;
    p.case_id = case_id;
    p.status = XA_PROPERTY_LOST;
    p.found_at = p.returned_at = 0;
    p.holder_person_id = 0;
    p.created_at = ctx->now;
    rc = xa_store_case_property_put(ctx->store, &p);
    if (!rc)
        rc = put_event(ctx, &c, XA_CASE_OP_PROPERTY, c.status,
                       xa_arena_printf(ctx->arena, "登记损失财物: %s", p.description));
    if (!rc)
        rc = audit(ctx, "case.property.add", &c, NULL,
                   xa_arena_printf(ctx->arena, "\"property_id\":%lld", (long long)p.id));
    rc = finish(ctx, rc, case_id, NULL);
    if (!rc)
        rc = changed(ctx, case_id);
    return rc ? rc : xa_store_case_property_get(ctx->store, ctx->arena, p.id, out);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

static int property_step(struct xa_ctx *ctx, int64_t property_id, int to, int64_t holder,
                         const char *note, struct xa_property *out)
{
    struct xa_property p;
    struct xa_case c;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = xa_store_case_property_get(ctx->store, ctx->arena, property_id, &p);
    if (rc == XA_ENOTFOUND)
        rc = xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    if (!rc)
        rc = load_for(ctx, p.case_id, XA_CASE_OP_PROPERTY, &c, NULL);
    if (!rc && holder)
        rc = check_person(ctx, "holder_person_id", holder);
    if (rc)
        goto out;
    int next;
    if (xa_case_property_next(p.status, to, &next)) {
        rc = xa_ctx_fail(ctx, XA_ECONFLICT, "status", "illegal_transition");
        goto out;
    }
    p.status = next;
    if (to == XA_PROPERTY_FOUND) {
        p.found_at = ctx->now;
        p.holder_person_id = holder;
        if (xa_ctx_has_text(note))
            p.note = note;
    } else {
        p.returned_at = ctx->now;
    }
    rc = xa_store_case_property_update(ctx->store, &p);
    if (!rc)
        rc = put_event(ctx, &c, XA_CASE_OP_PROPERTY, c.status,
                       xa_arena_printf(ctx->arena, "%s: %s",
                                       to == XA_PROPERTY_FOUND ? "追回财物" : "发还财物",
                                       p.description));
    if (!rc)
        rc = audit(ctx, to == XA_PROPERTY_FOUND ? "case.property.found" : "case.property.return",
                   &c, NULL, xa_arena_printf(ctx->arena, "\"property_id\":%lld", (long long)p.id));
    rc = finish(ctx, rc, c.id, NULL);
    return rc ? rc : xa_store_case_property_get(ctx->store, ctx->arena, p.id, out);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_case_svc_property_found(struct xa_ctx *ctx, int64_t property_id, int64_t holder_person_id,
                               const char *note, struct xa_property *out)
{
    if (xa_ctx_check_text(ctx, "note", note, REASON_MAX, false))
        return XA_EVALIDATION;
    return property_step(ctx, property_id, XA_PROPERTY_FOUND, holder_person_id, note, out);
}

int xa_case_svc_property_return(struct xa_ctx *ctx, int64_t property_id, struct xa_property *out)
{
    return property_step(ctx, property_id, XA_PROPERTY_RETURNED, 0, NULL, out);
}

int xa_case_svc_property_search(struct xa_ctx *ctx, const char *serial, struct xa_property **out,
                                size_t *n)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (!xa_ctx_has_text(serial))
        return xa_ctx_fail(ctx, XA_EVALIDATION, "serial", "required");
    return xa_store_case_property_list(ctx->store, ctx->arena, 0, serial, ctx->actor->scope_path,
                                       out, n);
}

/* ---- persons and arrests ---- */

/* Upper-case X in an ID number, as the registry keeps it. */
static const char *canonical_id(struct xa_ctx *ctx, const char *id)
{
    if (!id)
        return NULL;
    char *s = xa_arena_strdup(ctx->arena, id);
    for (char *p = s; *p; p++)
        if (*p == 'x')
            *p = 'X';
    return s;
}

/* The registered person of in (by id, by ID number with a merge, or new), into *out. */
static int resolve_person(struct xa_ctx *ctx, const struct xa_person *in,
                          struct xa_case_person_added *res, struct xa_person *out)
{
    int rc;
    if (in->id) {
        rc = xa_store_case_person_get(ctx->store, ctx->arena, in->id, out);
        return rc == XA_ENOTFOUND ? xa_ctx_fail(ctx, XA_EVALIDATION, "person_id", "not_found") : rc;
    }
    struct xa_person given = *in;
    given.id_number = canonical_id(ctx, in->id_number);
    given.name = xa_ctx_has_text(in->name) ? in->name : NULL;
    given.phone = xa_ctx_has_text(in->phone) ? in->phone : NULL;
    given.address = xa_ctx_has_text(in->address) ? in->address : NULL;
    if (given.id_number) {
        const char *why;
        if (xa_person_id_info(given.id_number, xa_time_day_cn(ctx->now), &given.birth_date,
                              &given.sex, &why))
            return xa_ctx_fail(ctx, XA_EVALIDATION, "id_number", why);
        rc = xa_store_case_person_find_id_number(ctx->store, ctx->arena, given.id_number, out);
        if (rc && rc != XA_ENOTFOUND)
            return rc;
        if (!rc) {
            bool changed;
            res->merged = true;
            res->n_conflicts = xa_person_merge(out, &given, res->conflicts, &changed);
            if (changed) {
                out->updated_at = ctx->now;
                rc = xa_store_case_person_update(ctx->store, out);
            }
            return rc;
        }
    }
    given.created_at = given.updated_at = ctx->now;
    rc = xa_store_case_person_put(ctx->store, &given);
    if (!rc)
        *out = given;
    return rc;
}

int xa_case_svc_person_add(struct xa_ctx *ctx, int64_t case_id, const struct xa_case_person *in,
                           struct xa_case_person_added *out)
{
    struct xa_case c;
    struct xa_case_person_added res;
    memset(&res, 0, sizeof(res));
    if (!xa_vocab_code(&xa_case_vocab_person_role, in->role))
        xa_verr_add(&ctx->verr, "role", in->role ? "unknown_value" : "required");
    int invalid = in->person.id
                      ? XA_OK
                      : xa_person_validate(&in->person, xa_time_day_cn(ctx->now), &ctx->verr);
    invalid |= xa_person_desc_validate(&in->desc, &ctx->verr);
    (void)xa_ctx_check_text(ctx, "note", in->note, REASON_MAX, false);
    if (invalid || ctx->verr.n)
        return XA_EVALIDATION;
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load_for(ctx, case_id, XA_CASE_OP_PERSON, &c, NULL);
    if (rc)
        goto out;
    struct xa_case_person link = *in;
    rc = resolve_person(ctx, &in->person, &res, &link.person);
    if (rc)
        goto out;
    link.case_id = case_id;
    link.added_at = ctx->now;
    link.added_by = ctx->actor->user_id;
    link.note = xa_ctx_has_text(in->note) ? in->note : NULL;
    rc = xa_store_case_person_link_put(ctx->store, &link);
    if (rc == XA_ECONFLICT) {
        rc = xa_ctx_fail(ctx, XA_ECONFLICT, "role", "taken");
        goto out;
    }
    if (!rc)
        rc = put_event(ctx, &c, XA_CASE_OP_PERSON, c.status,
                       xa_arena_printf(ctx->arena, "%s: %s",
                                       xa_vocab_zh(&xa_case_vocab_person_role, in->role),
                                       link.person.name ? link.person.name : "?"));
    if (!rc)
        rc = audit(ctx, "case.person.add", &c, NULL,
                   xa_arena_printf(ctx->arena, "\"person_id\":%lld,\"role\":\"%s\"",
                                   (long long)link.person.id,
                                   xa_vocab_code(&xa_case_vocab_person_role, in->role)));
    rc = finish(ctx, rc, case_id, NULL);
    if (!rc)
        rc = changed(ctx, case_id);
    if (rc)
        return rc;
    struct xa_case_person *v;
    size_t n;
    rc = xa_store_case_person_link_list(ctx->store, ctx->arena, case_id, 0, NULL, &v, &n);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (v[i].id == link.id)
            res.link = v[i];
    xa_case_svc_mask_person(ctx, &res.link.person);
    *out = res;
    return XA_OK;
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_case_svc_arrest(struct xa_ctx *ctx, int64_t case_id, int64_t person_id, int64_t at,
                       int measure, struct xa_arrest *out)
{
    struct xa_case c;
    const int64_t epoch_2000 = xa_time_days_from_civil(2000, 1, 1) * 86400 - XA_TIME_CN_OFFSET;
    if (person_id <= 0)
        xa_verr_add(&ctx->verr, "person_id", "required");
    if (!at)
        xa_verr_add(&ctx->verr, "at", "required");
    else if (at > ctx->now + FUTURE_SLACK_S)
        xa_verr_add(&ctx->verr, "at", "in_future");
    else if (at < epoch_2000)
        xa_verr_add(&ctx->verr, "at", "out_of_range");
    if (!xa_vocab_code(&xa_case_vocab_arrest_measure, measure))
        xa_verr_add(&ctx->verr, "measure", measure ? "unknown_value" : "required");
    if (ctx->verr.n)
        return XA_EVALIDATION;
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load_for(ctx, case_id, XA_CASE_OP_ARREST, &c, NULL);
    if (rc)
        goto out;
    struct xa_case_person *v;
    size_t n;
    rc = xa_store_case_person_link_list(ctx->store, ctx->arena, case_id, 0, NULL, &v, &n);
    if (rc)
        goto out;
    const char *name = NULL;
    for (size_t i = 0; i < n && !name; i++)
        if (v[i].person.id == person_id && v[i].role == XA_CASE_ROLE_SUSPECT)
            name = v[i].person.name ? v[i].person.name : "";
    if (!name) {
        rc = xa_ctx_fail(ctx, XA_EVALIDATION, "person_id", "not_found");
        goto out;
    }
    struct xa_arrest ar = {
        .case_id = case_id,
        .person_id = person_id,
        .at = at,
        .measure = measure,
        .unit_id = c.unit_id,
        .by = ctx->actor->user_id,
    };
    rc = xa_store_case_arrest_put(ctx->store, &ar);
    if (!rc)
        rc = put_event(ctx, &c, XA_CASE_OP_ARREST, c.status,
                       xa_arena_printf(ctx->arena, "%s %s", name,
                                       xa_vocab_zh(&xa_case_vocab_arrest_measure, measure)));
    if (!rc)
        rc = audit(ctx, "case.arrest", &c, NULL,
                   xa_arena_printf(ctx->arena, "\"person_id\":%lld", (long long)person_id));
    rc = finish(ctx, rc, case_id, NULL);
    if (rc)
        return rc;
    struct xa_arrest *list;
    rc = xa_store_case_arrest_list(ctx->store, ctx->arena, case_id, &list, &n);
    for (size_t i = 0; !rc && i < n; i++)
        if (list[i].id == ar.id)
            *out = list[i];
    return rc;
out:
    xa_store_rollback(ctx->store);
    return rc;
}

/* ---- attachments ---- */

static const char *const allowed_mime[] = {"image/jpeg", "image/png", "application/pdf",
                                           "text/plain"};

/* The MIME type of the bytes (libmagic), or NULL when it is not one we keep. */
static const char *sniff(const void *data, size_t len)
{
    magic_t m = magic_open(MAGIC_MIME_TYPE);
    const char *found = NULL;
    if (m && magic_load(m, NULL) == 0) {
        const char *t = magic_buffer(m, data, len);
        for (size_t i = 0; t && i < sizeof(allowed_mime) / sizeof(allowed_mime[0]); i++)
            if (strcmp(t, allowed_mime[i]) == 0)
                found = allowed_mime[i];
    }
    if (m)
        magic_close(m);
    return found;
}

/* Writes data to path unless a file is there already (same hash, same bytes). */
static int keep_file(const char *dir, const char *sub, const char *path, const void *data,
                     size_t len)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && (size_t)sb.st_size == len)
        return XA_OK;
    if ((mkdir(dir, 0700) != 0 && errno != EEXIST) || (mkdir(sub, 0700) != 0 && errno != EEXIST))
        return XA_EINTERNAL;
    char tmp[1200];
    snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return XA_EINTERNAL;
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            return XA_EINTERNAL;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return XA_EINTERNAL;
    }
    return XA_OK;
}

int xa_case_svc_attach(struct xa_ctx *ctx, const char *data_dir, int64_t case_id, int64_t action_id,
                       const char *name, const void *data, size_t len, struct xa_attachment *out)
{
    struct xa_case c;
    struct xa_case_action x;
    if (len > XA_CASE_ATTACHMENT_MAX)
        return xa_ctx_fail(ctx, XA_ETOOBIG, NULL, "body_too_large");
    if (len == 0)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "body", "empty");
    if (xa_ctx_check_text(ctx, "name", name, NAME_MAX_CHARS, false))
        return XA_EVALIDATION;
    const char *mime = sniff(data, len);
    if (!mime)
        return xa_ctx_fail(ctx, XA_EMEDIA, "body", "bad_format");
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load_for(ctx, case_id, XA_CASE_OP_ATTACH, &c, NULL);
    if (!rc && action_id)
        rc = find_action(ctx, case_id, action_id, &x);
    if (rc)
        goto out;
    const char *sub = xa_arena_printf(ctx->arena, "%s/%.2s", data_dir, hex);
    const char *path = xa_arena_printf(ctx->arena, "%s/%s", sub, hex);
    rc = keep_file(data_dir, sub, path, data, len);
    if (rc)
        goto out;
    struct xa_attachment at = {
        .case_id = case_id,
        .action_id = action_id,
        .sha256 = hex,
        .size = (int64_t)len,
        .mime = mime,
        .name = xa_ctx_has_text(name) ? name : NULL,
        .at = ctx->now,
        .by = ctx->actor->user_id,
    };
    rc = xa_store_case_attachment_put(ctx->store, &at);
    if (!rc)
        rc = put_event(ctx, &c, XA_CASE_OP_ATTACH, c.status, at.name ? at.name : mime);
    if (!rc)
        rc = audit(ctx, "case.attach", &c, NULL,
                   xa_arena_printf(ctx->arena, "\"sha256\":\"%s\",\"size\":%zu", hex, len));
    rc = finish(ctx, rc, case_id, NULL);
    return rc ? rc : xa_store_case_attachment_get(ctx->store, ctx->arena, at.id, out);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_case_svc_attachment_get(struct xa_ctx *ctx, const char *data_dir, int64_t id,
                               struct xa_attachment *out, const char **path_out)
{
    struct xa_case c;
    struct xa_attachment at;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    int rc = xa_store_case_attachment_get(ctx->store, ctx->arena, id, &at);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    if (!rc)
        rc = load(ctx, at.case_id, &c, NULL);
    if (rc)
        return rc;
    *out = at;
    *path_out = xa_arena_printf(ctx->arena, "%s/%.2s/%s", data_dir, at.sha256, at.sha256);
    return XA_OK;
}

/* ---- overdue, types and templates ---- */

int xa_case_svc_overdue(struct xa_ctx *ctx, struct xa_count_row **out, size_t *n)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    return xa_store_case_overdue_count(ctx->store, ctx->arena, ctx->actor->scope_path, ctx->now,
                                       out, n);
}

int xa_case_svc_types(struct xa_ctx *ctx, struct xa_case_type **out, size_t *n)
{
    return xa_store_case_type_list(ctx->store, ctx->arena, out, n);
}

int xa_case_svc_mo_tags(struct xa_ctx *ctx, struct xa_mo_tag **out, size_t *n)
{
    return xa_store_case_mo_tag_list(ctx->store, ctx->arena, out, n);
}

/* "parent.child" codes: 2-64 of a-z 0-9 _ and dots, starting with the parent's code. */
static bool good_type_code(const char *code, const char *parent)
{
    size_t len = code ? strlen(code) : 0;
    if (len < 2 || len > 64)
        return false;
    for (const char *p = code; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '.'))
            return false;
    if (!parent)
        return strchr(code, '.') == NULL;
    size_t pl = strlen(parent);
    return len > pl + 1 && strncmp(code, parent, pl) == 0 && code[pl] == '.' &&
           !strchr(code + pl + 1, '.');
}

int xa_case_svc_type_add(struct xa_ctx *ctx, const struct xa_case_type *in,
                         struct xa_case_type *out)
{
    struct xa_case_type t = *in, parent;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (ctx->actor->role != XA_ROLE_ADMIN)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    t.parent_id = 0;
    if (in->parent_code) {
        rc = type_of(ctx, in->parent_code, &parent);
        if (rc == XA_ENOTFOUND)
            xa_verr_add(&ctx->verr, "parent", "unknown_value");
        else if (rc)
            goto out;
        else
            t.parent_id = parent.id;
    }
    if (!in->code)
        xa_verr_add(&ctx->verr, "code", "required");
    else if (!good_type_code(in->code, in->parent_code))
        xa_verr_add(&ctx->verr, "code", "bad_format");
    (void)xa_ctx_check_text(ctx, "name_zh", in->name_zh, 32, true);
    (void)xa_ctx_check_text(ctx, "name_en", in->name_en, 64, true);
    if (ctx->verr.n) {
        rc = XA_EVALIDATION;
        goto out;
    }
    t.is_active = true;
    rc = xa_store_case_type_put(ctx->store, &t);
    if (rc == XA_ECONFLICT) {
        rc = xa_ctx_fail(ctx, XA_EVALIDATION, "code", "taken");
        goto out;
    }
    if (!rc)
        rc = xa_ctx_audit(ctx, "case_type.add", "case_type", t.id, NULL,
                          xa_arena_printf(ctx->arena, "{\"code\":\"%s\"}", t.code));
    if (!rc)
        rc = xa_store_commit(ctx->store);
    if (rc)
        goto out;
    return type_of(ctx, t.code, out);
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_case_svc_templates(struct xa_ctx *ctx, int64_t type_id, struct xa_action_template **out,
                          size_t *n)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_case_type *v;
    size_t nv;
    int rc = xa_store_case_type_list(ctx->store, ctx->arena, &v, &nv);
    bool found = false;
    for (size_t i = 0; !rc && i < nv; i++)
        found |= v[i].id == type_id;
    if (!rc && !found)
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    return rc ? rc : xa_store_case_template_list(ctx->store, ctx->arena, type_id, out, n);
}

int xa_case_svc_templates_set(struct xa_ctx *ctx, int64_t type_id,
                              const struct xa_action_template *v, size_t n)
{
    struct xa_action_template *cur;
    size_t ncur;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (ctx->actor->role != XA_ROLE_ADMIN)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    int rc = xa_case_svc_templates(ctx, type_id, &cur, &ncur);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (!xa_vocab_code(&xa_case_vocab_action_kind, v[i].kind))
            xa_verr_add(&ctx->verr, "items.kind", "unknown_value");
        if (!xa_ctx_has_text(v[i].name) || xa_validate_text(v[i].name, NAME_MAX_CHARS))
            xa_verr_add(&ctx->verr, "items.name", "required");
        if (v[i].due_hours < 1 || v[i].due_hours > 8760)
            xa_verr_add(&ctx->verr, "items.due_hours", "out_of_range");
    }
    if (n > 50)
        xa_verr_add(&ctx->verr, "items", "too_long");
    if (ctx->verr.n)
        return XA_EVALIDATION;
    rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = xa_store_case_template_set(ctx->store, type_id, v, n);
    if (!rc)
        rc = xa_ctx_audit(ctx, "case_type.templates", "case_type", type_id, NULL,
                          xa_arena_printf(ctx->arena, "{\"n\":%zu}", n));
    return xa_ctx_finish(ctx, rc);
}
