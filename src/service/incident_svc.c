/*
 * incident_svc.c - use cases of the call-intake closed loop.
 *
 * Rules live in core/incident.c (state machine, permissions, deadlines); this file applies them
 * to stored records inside one transaction per use case and writes the timeline and the audit.
 */
#include "service/incident_svc.h"

#include "base/time.h"
#include "core/code.h"
#include "core/unit.h"
#include "core/validate.h"
#include "core/vocab.h"
#include "service/analysis_svc.h"

#include <sodium.h>
#include <string.h>

#define RESULT_MAX 2000
#define REPLY_MAX 1000
#define NOTE_MAX 500
#define REASON_MAX 200

static void mask(struct xa_ctx *ctx, struct xa_incident *inc)
{
    inc->caller_phone = xa_ctx_masked(ctx, inc->caller_phone, false);
    inc->caller_id_number = xa_ctx_masked(ctx, inc->caller_id_number, true);
}

/* Loads incident id if it lies in the actor's scope; 404 otherwise. */
static int load(struct xa_ctx *ctx, int64_t id, struct xa_incident *out, struct xa_unit *unit_out)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    int rc = xa_store_incident_get(ctx->store, ctx->arena, id, out);
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

static int put_event(struct xa_ctx *ctx, const struct xa_incident *inc, int action, int from,
                     const char *note)
{
    struct xa_incident_event ev = {
        .incident_id = inc->id,
        .at = ctx->now,
        .user_id = ctx->actor->user_id,
        .action = action,
        .from_status = from,
        .to_status = inc->status,
        .officer_id = action == XA_INCIDENT_DISPATCH ? inc->officer_id : 0,
        .note = note,
    };
    return xa_store_incident_event_put(ctx->store, &ev);
}

static const char *audit_detail(struct xa_ctx *ctx, const struct xa_incident *inc, int from)
{
    return xa_arena_printf(ctx->arena, "{\"code\":\"%s\",\"from\":\"%s\",\"to\":\"%s\"}", inc->code,
                           from ? xa_incident_status_code(from) : "",
                           xa_incident_status_code(inc->status));
}

int xa_incident_svc_create(struct xa_ctx *ctx, const struct xa_incident *in,
                           struct xa_incident *out)
{
    int rc;
    const char *reason;
    struct xa_unit station;
    struct xa_incident inc = *in;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (xa_incident_may(ctx->actor->role, XA_INCIDENT_RECEIVE, false, &reason))
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, reason);
    inc.received_at = ctx->now;
    inc.received_by = ctx->actor->user_id;
    if (!inc.priority)
        inc.priority = 3;
    /* ctx->verr may already hold the caller's parsing problems: report them with these */
    if (xa_incident_validate(&inc, ctx->now, &ctx->verr) || ctx->verr.n)
        return XA_EVALIDATION;

    struct xa_sla sla;
    rc = xa_store_sla_find(ctx->store, inc.category, inc.priority, &sla);
    if (rc == XA_ENOTFOUND)
        sla = xa_incident_sla_default();
    else if (rc)
        return rc;

    rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = xa_ctx_station(ctx, in->unit_id, &station);
    if (rc)
        goto out;
    inc.unit_id = station.id;
    inc.status = XA_INCIDENT_RECEIVED;
    inc.officer_id = 0;
    inc.updated_at = ctx->now;
    xa_incident_set_due(&inc, &sla);

    int32_t day = xa_time_day_cn(ctx->now);
    int64_t seq;
    rc = xa_store_incident_next_seq(ctx->store, station.id, day, &seq);
    if (rc)
        goto out;
    char *code = xa_arena_alloc(ctx->arena, XA_CODE_MAX);
    xa_code_incident(station.code, day, seq, code);
    inc.code = code;
    for (int attempt = 0; attempt < 4; attempt++) {
        unsigned char rnd[XA_CODE_STATUS_RANDOM_BYTES];
        randombytes_buf(rnd, sizeof(rnd));
        char *sc = xa_arena_alloc(ctx->arena, XA_CODE_STATUS_LEN + 1);
        xa_code_status(rnd, sc);
        inc.status_code = sc;
        inc.id = 0;
        rc = xa_store_incident_put(ctx->store, &inc);
        if (rc != XA_ECONFLICT)
            break; /* a status code collision is the only conflict possible here */
    }
    if (rc)
        goto out;
    rc = put_event(ctx, &inc, XA_INCIDENT_RECEIVE, 0, NULL);
    if (!rc)
        rc = xa_ctx_audit(ctx, "incident.create", "incident", inc.id, NULL,
                          audit_detail(ctx, &inc, 0));
    if (!rc)
        rc = xa_analysis_svc_commit_incident(ctx, &inc); /* commits, then the index */
    if (rc)
        goto out;
    rc = xa_store_incident_get(ctx->store, ctx->arena, inc.id, out);
    if (!rc)
        mask(ctx, out);
    return rc;
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_incident_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_incident *out,
                        struct xa_incident_event **events, size_t *n_events)
{
    int rc = load(ctx, id, out, NULL);
    if (rc)
        return rc;
    rc = xa_store_incident_event_list(ctx->store, ctx->arena, id, events, n_events);
    if (rc)
        return rc;
    mask(ctx, out);
    return XA_OK;
}

int xa_incident_svc_list(struct xa_ctx *ctx, const struct xa_incident_filter *f,
                         struct xa_incident **out, size_t *n, int64_t *total)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_incident_filter g = *f;
    g.scope_path = ctx->actor->scope_path;
    g.now = ctx->now;
    int rc = xa_store_incident_list(ctx->store, ctx->arena, &g, out, n, total);
    if (rc)
        return rc;
    for (size_t i = 0; i < *n; i++)
        mask(ctx, &(*out)[i]);
    return XA_OK;
}

/* What a transition brings beyond the action itself. */
struct step_args {
    int64_t officer_id;
    const char *text; /* result, reply content or note */
    int reply_method;
};

static int check_officer(struct xa_ctx *ctx, const struct xa_unit *station, int64_t officer_id,
                         const struct xa_incident *inc)
{
    struct xa_user officer;
    if (officer_id <= 0)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "officer_id", "required");
    int rc = xa_store_user_get(ctx->store, ctx->arena, officer_id, &officer);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "officer_id", "no_such_user");
    if (rc)
        return rc;
    if (!officer.is_active)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "officer_id", "user_inactive");
    if (!xa_user_is_dispatchable(officer.role))
        return xa_ctx_fail(ctx, XA_EVALIDATION, "officer_id", "not_an_officer");
    if (!officer.unit_path || !xa_unit_path_within(officer.unit_path, station->path))
        return xa_ctx_fail(ctx, XA_EVALIDATION, "officer_id", "not_in_scope");
    if (inc->officer_id == officer_id &&
        (inc->status == XA_INCIDENT_DISPATCHED || inc->status == XA_INCIDENT_ON_SCENE))
        return xa_ctx_fail(ctx, XA_ECONFLICT, "officer_id", "illegal_transition");
    return XA_OK;
}

static int step(struct xa_ctx *ctx, int64_t id, int action, const struct step_args *args,
                struct xa_incident *out)
{
    int rc;
    const char *reason;
    struct xa_incident inc;
    struct xa_unit station;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load(ctx, id, &inc, &station);
    if (rc)
        goto out;
    bool accountable = inc.officer_id && inc.officer_id == ctx->actor->user_id;
    rc = xa_incident_may(ctx->actor->role, action, accountable, &reason);
    if (rc) {
        rc = xa_ctx_fail(ctx, rc, NULL, reason);
        goto out;
    }
    bool has_caller = inc.caller_phone && *inc.caller_phone;
    int from = inc.status, to;
    rc = xa_incident_next(from, action, has_caller, &to, &reason);
    if (rc) {
        rc = xa_ctx_fail(ctx, rc, NULL, reason);
        goto out;
    }
    switch (action) {
    case XA_INCIDENT_DISPATCH:
        rc = check_officer(ctx, &station, args->officer_id, &inc);
        if (rc)
            goto out;
        inc.officer_id = args->officer_id;
        inc.dispatched_at = ctx->now;
        break;
    case XA_INCIDENT_ARRIVE:
        if (!inc.on_scene_at)
            inc.on_scene_at = ctx->now; /* response time counts the first arrival */
        break;
    case XA_INCIDENT_HANDLE:
        inc.result = args->text;
        inc.handled_at = ctx->now;
        break;
    case XA_INCIDENT_REPLY:
        inc.reply_method = args->reply_method;
        inc.reply_content = args->text;
        inc.replied_at = ctx->now;
        inc.replied_by = ctx->actor->user_id;
        break;
    case XA_INCIDENT_CLOSE:
        inc.closed_at = ctx->now;
        inc.closed_by = ctx->actor->user_id;
        break;
    }
    inc.status = to;
    inc.updated_at = ctx->now;
    inc.due_next = xa_incident_next_due(&inc);
    rc = xa_store_incident_update(ctx->store, &inc);
    if (!rc)
        rc = put_event(ctx, &inc, action, from, args->text);
    if (!rc) {
        const char *act =
            xa_arena_printf(ctx->arena, "incident.%s", xa_incident_action_code(action));
        rc = xa_ctx_audit(ctx, act, "incident", inc.id, NULL, audit_detail(ctx, &inc, from));
    }
    if (!rc)
        rc = xa_analysis_svc_commit_incident(ctx, &inc); /* the new status, in place */
    if (rc)
        goto out;
    rc = xa_store_incident_get(ctx->store, ctx->arena, id, out);
    if (!rc)
        mask(ctx, out);
    return rc;
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_incident_svc_dispatch(struct xa_ctx *ctx, int64_t id, int64_t officer_id, const char *note,
                             struct xa_incident *out)
{
    if (xa_ctx_check_text(ctx, "note", note, NOTE_MAX, false))
        return XA_EVALIDATION;
    struct step_args args = {.officer_id = officer_id, .text = xa_ctx_has_text(note) ? note : NULL};
    return step(ctx, id, XA_INCIDENT_DISPATCH, &args, out);
}

int xa_incident_svc_arrive(struct xa_ctx *ctx, int64_t id, struct xa_incident *out)
{
    struct step_args args = {0};
    return step(ctx, id, XA_INCIDENT_ARRIVE, &args, out);
}

int xa_incident_svc_handle(struct xa_ctx *ctx, int64_t id, const char *result,
                           struct xa_incident *out)
{
    if (xa_ctx_check_text(ctx, "result", result, RESULT_MAX, true))
        return XA_EVALIDATION;
    struct step_args args = {.text = result};
    return step(ctx, id, XA_INCIDENT_HANDLE, &args, out);
}

int xa_incident_svc_reply(struct xa_ctx *ctx, int64_t id, const char *method, const char *content,
                          struct xa_incident *out)
{
    int m = 0;
    if (!method)
        xa_verr_add(&ctx->verr, "method", "required");
    else if (xa_vocab_parse(&xa_vocab_reply_method, method, &m))
        xa_verr_add(&ctx->verr, "method", "unknown_value");
    (void)xa_ctx_check_text(ctx, "content", content, REPLY_MAX, true);
    if (ctx->verr.n)
        return XA_EVALIDATION;
    struct step_args args = {.text = content, .reply_method = m};
    return step(ctx, id, XA_INCIDENT_REPLY, &args, out);
}

int xa_incident_svc_close(struct xa_ctx *ctx, int64_t id, const char *note, struct xa_incident *out)
{
    if (xa_ctx_check_text(ctx, "note", note, NOTE_MAX, false))
        return XA_EVALIDATION;
    struct step_args args = {.text = xa_ctx_has_text(note) ? note : NULL};
    return step(ctx, id, XA_INCIDENT_CLOSE, &args, out);
}

int xa_incident_svc_reveal(struct xa_ctx *ctx, int64_t id, const char *field, const char *reason,
                           const char **value_out)
{
    int rc;
    const char *why;
    struct xa_incident inc;
    if (!field || (strcmp(field, "caller_phone") != 0 && strcmp(field, "caller_id_number") != 0))
        xa_verr_add(&ctx->verr, "field", field ? "unknown_value" : "required");
    if (!xa_ctx_has_text(reason))
        xa_verr_add(&ctx->verr, "reason", "reason_required");
    else if ((why = xa_validate_text(reason, REASON_MAX)) != NULL)
        xa_verr_add(&ctx->verr, "reason", why);
    if (ctx->verr.n)
        return XA_EVALIDATION;
    rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load(ctx, id, &inc, NULL);
    if (rc)
        goto out;
    bool accountable = inc.officer_id && inc.officer_id == ctx->actor->user_id;
    rc = xa_incident_may(ctx->actor->role, XA_INCIDENT_REVEAL, accountable, &why);
    if (rc) {
        rc = xa_ctx_fail(ctx, rc, NULL, why);
        goto out;
    }
    const char *value =
        strcmp(field, "caller_phone") == 0 ? inc.caller_phone : inc.caller_id_number;
    if (!value || !*value) {
        rc = xa_ctx_fail(ctx, XA_ENOTFOUND, field, "no_value");
        goto out;
    }
    rc = xa_ctx_audit(ctx, xa_arena_printf(ctx->arena, "incident.reveal.%s", field), "incident",
                      inc.id, reason, xa_arena_printf(ctx->arena, "{\"code\":\"%s\"}", inc.code));
    if (!rc)
        rc = xa_store_commit(ctx->store);
    if (rc)
        goto out;
    *value_out = value;
    return XA_OK;
out:
    xa_store_rollback(ctx->store);
    return rc;
}

int xa_incident_svc_public(struct xa_ctx *ctx, const char *status_code, struct xa_incident *out)
{
    char code[XA_CODE_STATUS_LEN + 1];
    struct xa_incident inc;
    if (!status_code || xa_code_status_normalize(status_code, code))
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    int rc = xa_store_incident_find_status_code(ctx->store, ctx->arena, code, &inc);
    if (rc == XA_ENOTFOUND)
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    if (rc)
        return rc;
    memset(out, 0, sizeof(*out));
    out->status_code = inc.status_code;
    out->unit_name = inc.unit_name;
    out->category = inc.category;
    out->status = inc.status;
    out->received_at = inc.received_at;
    out->dispatched_at = inc.dispatched_at;
    out->on_scene_at = inc.on_scene_at;
    out->handled_at = inc.handled_at;
    out->replied_at = inc.replied_at;
    out->closed_at = inc.closed_at;
    out->reply_method = inc.reply_method;
    out->reply_content = inc.reply_content;
    return XA_OK;
}

int xa_incident_svc_sla_list(struct xa_ctx *ctx, struct xa_sla_rule **out, size_t *n)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    return xa_store_sla_list(ctx->store, ctx->arena, out, n);
}

int xa_incident_svc_sla_set(struct xa_ctx *ctx, const struct xa_sla_rule *rule)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    if (ctx->actor->role != XA_ROLE_ADMIN)
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, "role_denied");
    const struct {
        const char *field;
        int32_t v;
    } steps[] = {
        {"dispatch_s", rule->sla.dispatch_s},
        {"arrive_s", rule->sla.arrive_s},
        {"result_s", rule->sla.result_s},
        {"reply_s", rule->sla.reply_s},
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (steps[i].v < 60 || steps[i].v > 30 * 86400)
            xa_verr_add(&ctx->verr, steps[i].field, "out_of_range");
        else if (i > 0 && steps[i].v < steps[i - 1].v)
            xa_verr_add(&ctx->verr, steps[i].field, "out_of_range");
    }
    if (rule->category && !xa_vocab_code(&xa_vocab_category, rule->category))
        xa_verr_add(&ctx->verr, "category", "unknown_value");
    if (rule->priority < 0 || rule->priority > 4)
        xa_verr_add(&ctx->verr, "priority", "out_of_range");
    if (ctx->verr.n)
        return XA_EVALIDATION;
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = xa_store_sla_put(ctx->store, rule->category, rule->priority, &rule->sla);
    if (!rc)
        rc = xa_ctx_audit(
            ctx, "sla.set", "sla", 0, NULL,
            xa_arena_printf(ctx->arena,
                            "{\"category\":\"%s\",\"priority\":%d,\"dispatch_s\":%d,"
                            "\"arrive_s\":%d,\"result_s\":%d,\"reply_s\":%d}",
                            rule->category ? xa_vocab_code(&xa_vocab_category, rule->category)
                                           : "*",
                            rule->priority, (int)rule->sla.dispatch_s, (int)rule->sla.arrive_s,
                            (int)rule->sla.result_s, (int)rule->sla.reply_s));
    return xa_ctx_finish(ctx, rc);
}
