/*
 * incident.c - incidents (警情): the closed loop of call intake (DESIGN §2.1) as pure rules.
 *
 * States: (none) -> RECEIVED [RECEIVE] -> DISPATCHED [DISPATCH] -> ON_SCENE [ARRIVE]
 *         -> HANDLED [HANDLE] -> REPLIED [REPLY] -> CLOSED [CLOSE].
 *         DISPATCH from DISPATCHED or ON_SCENE re-dispatches (改派) back to DISPATCHED;
 *         CLOSE from HANDLED only when there is no caller to reply to ("reply_needed").
 * Invariant: every transition is decided by xa_incident_next and every permission by
 * xa_incident_may, so the service layer holds no state rules of its own. Deadlines are fixed
 * at intake (xa_incident_set_due) and due_next follows the status (xa_incident_next_due).
 */
#include "core/incident.h"

#include "base/time.h"
#include "core/validate.h"
#include "core/vocab.h"

#include <ctype.h>

/* Clocks of phones and PCs drift: a few minutes ahead is not yet "the future". */
#define FUTURE_SLACK_S 300
#define NARRATIVE_MAX 4000
#define CALLER_NAME_MAX 50
#define ADDRESS_MAX 200

struct xa_sla xa_incident_sla_default(void)
{
    return (struct xa_sla){
        .dispatch_s = 5 * 60,
        .arrive_s = 15 * 60,
        .result_s = 24 * 3600,
        .reply_s = 72 * 3600,
    };
}

int xa_incident_next(int status, int action, bool has_caller, int *out, const char **reason_out)
{
    int to = 0;
    const char *reason = "illegal_transition";

    switch (action) {
    case XA_INCIDENT_RECEIVE:
        if (status == 0)
            to = XA_INCIDENT_RECEIVED;
        break;
    case XA_INCIDENT_DISPATCH:
        if (status == XA_INCIDENT_RECEIVED || status == XA_INCIDENT_DISPATCHED ||
            status == XA_INCIDENT_ON_SCENE)
            to = XA_INCIDENT_DISPATCHED;
        break;
    case XA_INCIDENT_ARRIVE:
        if (status == XA_INCIDENT_DISPATCHED)
            to = XA_INCIDENT_ON_SCENE;
        break;
    case XA_INCIDENT_HANDLE:
        if (status == XA_INCIDENT_ON_SCENE)
            to = XA_INCIDENT_HANDLED;
        break;
    case XA_INCIDENT_REPLY:
        if (status == XA_INCIDENT_HANDLED)
            to = XA_INCIDENT_REPLIED;
        break;
    case XA_INCIDENT_CLOSE:
        if (status == XA_INCIDENT_REPLIED)
            to = XA_INCIDENT_CLOSED;
        else if (status == XA_INCIDENT_HANDLED && !has_caller)
            to = XA_INCIDENT_CLOSED;
        else if (status == XA_INCIDENT_HANDLED)
            reason = "reply_needed";
        break;
    default: /* REVEAL and unknown actions move nothing */
        break;
    }
    if (!to) {
        if (reason_out)
            *reason_out = reason;
        return XA_ECONFLICT;
    }
    *out = to;
    return XA_OK;
}

static bool is_field_officer(int role)
{
    return role == XA_ROLE_PATROL || role == XA_ROLE_COMMUNITY || role == XA_ROLE_INVESTIGATOR;
}

int xa_incident_may(int role, int action, bool is_accountable, const char **reason_out)
{
    const char *reason = "role_denied";

    switch (action) {
    case XA_INCIDENT_RECEIVE:
    case XA_INCIDENT_DISPATCH:
    case XA_INCIDENT_REPLY:
    case XA_INCIDENT_CLOSE:
        if (role == XA_ROLE_DESK || role == XA_ROLE_LEADER)
            return XA_OK;
        break;
    case XA_INCIDENT_ARRIVE:
    case XA_INCIDENT_HANDLE:
    case XA_INCIDENT_REVEAL:
        if (role == XA_ROLE_LEADER)
            return XA_OK;
        if (action == XA_INCIDENT_REVEAL && role == XA_ROLE_DESK)
            return XA_OK;
        if (is_field_officer(role)) {
            if (is_accountable)
                return XA_OK;
            reason = "not_accountable";
        }
        break;
    default:
        break;
    }
    if (reason_out)
        *reason_out = reason;
    return XA_EFORBIDDEN;
}

static const char *vocab_problem(const struct xa_vocab *v, int value)
{
    if (value == 0)
        return "required";
    return xa_vocab_code(v, value) ? NULL : "unknown_value";
}

static bool is_blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* Adds (field, reason) when reason is set. */
static void check(struct xa_verr *ve, const char *field, const char *reason)
{
    if (reason)
        xa_verr_add(ve, field, reason);
}

int xa_incident_validate(const struct xa_incident *inc, int64_t now, struct xa_verr *ve)
{
    struct xa_verr local = {0};
    const int64_t epoch_2000 = xa_time_days_from_civil(2000, 1, 1) * 86400 - XA_TIME_CN_OFFSET;

    check(&local, "channel", vocab_problem(&xa_vocab_channel, inc->channel));
    check(&local, "category", vocab_problem(&xa_vocab_category, inc->category));
    if (inc->priority < 1 || inc->priority > 4)
        xa_verr_add(&local, "priority", "out_of_range");

    if (!inc->narrative)
        xa_verr_add(&local, "narrative", "required");
    else if (is_blank(inc->narrative))
        xa_verr_add(&local, "narrative", "empty");
    else
        check(&local, "narrative", xa_validate_text(inc->narrative, NARRATIVE_MAX));

    check(&local, "caller_name", xa_validate_text(inc->caller_name, CALLER_NAME_MAX));
    if (inc->caller_phone)
        check(&local, "caller_phone", xa_validate_phone(inc->caller_phone));
    if (inc->caller_id_number)
        check(&local, "caller_id_number",
              xa_validate_id_number(inc->caller_id_number, xa_time_day_cn(now)));
    check(&local, "address", xa_validate_text(inc->address, ADDRESS_MAX));
    if (inc->has_location) {
        check(&local, "lat", xa_validate_lat(inc->lat));
        check(&local, "lon", xa_validate_lon(inc->lon));
    }

    if (inc->occurred_at != 0) {
        if (inc->occurred_at > now + FUTURE_SLACK_S)
            xa_verr_add(&local, "occurred_at", "in_future");
        else if (inc->received_at != 0 && inc->occurred_at > inc->received_at + FUTURE_SLACK_S)
            xa_verr_add(&local, "occurred_at", "after_received");
        else if (inc->occurred_at < epoch_2000)
            xa_verr_add(&local, "occurred_at", "out_of_range");
    }
    if (inc->received_at > now + FUTURE_SLACK_S)
        xa_verr_add(&local, "received_at", "in_future");
    else if (inc->received_at != 0 && inc->received_at < epoch_2000)
        xa_verr_add(&local, "received_at", "out_of_range");

    for (size_t i = 0; i < local.n; i++)
        xa_verr_add(ve, local.items[i].field, local.items[i].reason);
    return xa_verr_rc(&local);
}

void xa_incident_set_due(struct xa_incident *inc, const struct xa_sla *sla)
{
    struct xa_sla def = xa_incident_sla_default();
    if (!sla)
        sla = &def;
    inc->due_dispatch = inc->received_at + sla->dispatch_s;
    inc->due_arrive = inc->received_at + sla->arrive_s;
    inc->due_result = inc->received_at + sla->result_s;
    inc->due_reply = inc->received_at + sla->reply_s;
    inc->due_next = xa_incident_next_due(inc);
}

int64_t xa_incident_next_due(const struct xa_incident *inc)
{
    switch (inc->status) {
    case XA_INCIDENT_RECEIVED:
        return inc->due_dispatch;
    case XA_INCIDENT_DISPATCHED:
        return inc->due_arrive;
    case XA_INCIDENT_ON_SCENE:
        return inc->due_result;
    case XA_INCIDENT_HANDLED:
        return inc->caller_phone && *inc->caller_phone ? inc->due_reply : 0;
    default:
        return 0;
    }
}

int xa_incident_status_step(int status)
{
    switch (status) {
    case XA_INCIDENT_RECEIVED:
        return XA_INCIDENT_STEP_DISPATCH;
    case XA_INCIDENT_DISPATCHED:
        return XA_INCIDENT_STEP_ARRIVE;
    case XA_INCIDENT_ON_SCENE:
        return XA_INCIDENT_STEP_RESULT;
    case XA_INCIDENT_HANDLED:
        return XA_INCIDENT_STEP_REPLY;
    default:
        return XA_INCIDENT_STEP_NONE;
    }
}

int xa_incident_overdue_step(const struct xa_incident *inc, int64_t now)
{
    int64_t due = xa_incident_next_due(inc);
    if (!due || now <= due)
        return XA_INCIDENT_STEP_NONE;
    return xa_incident_status_step(inc->status);
}

int64_t xa_incident_response_s(const struct xa_incident *inc)
{
    return inc->on_scene_at ? inc->on_scene_at - inc->received_at : -1;
}

const char *xa_incident_status_code(int status)
{
    return xa_vocab_code(&xa_vocab_incident_status, status);
}

const char *xa_incident_action_code(int action)
{
    static const char *const words[] = {
        [XA_INCIDENT_RECEIVE] = "receive", [XA_INCIDENT_DISPATCH] = "dispatch",
        [XA_INCIDENT_ARRIVE] = "arrive",   [XA_INCIDENT_HANDLE] = "handle",
        [XA_INCIDENT_REPLY] = "reply",     [XA_INCIDENT_CLOSE] = "close",
        [XA_INCIDENT_REVEAL] = "reveal",
    };
    if (action < XA_INCIDENT_RECEIVE || action > XA_INCIDENT_REVEAL)
        return NULL;
    return words[action];
}

const char *xa_incident_step_code(int step)
{
    static const char *const words[] = {
        [XA_INCIDENT_STEP_DISPATCH] = "dispatch",
        [XA_INCIDENT_STEP_ARRIVE] = "arrive",
        [XA_INCIDENT_STEP_RESULT] = "result",
        [XA_INCIDENT_STEP_REPLY] = "reply",
    };
    if (step < XA_INCIDENT_STEP_DISPATCH || step > XA_INCIDENT_STEP_REPLY)
        return NULL;
    return words[step];
}

int xa_incident_status_parse(const char *s, int *out)
{
    return xa_vocab_parse(&xa_vocab_incident_status, s, out);
}
