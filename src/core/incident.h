/*
 * incident.h - incidents (警情): the call-intake closed loop of DESIGN §2.1.
 *
 * States: RECEIVED -> DISPATCHED [DISPATCH] -> ON_SCENE [ARRIVE] -> HANDLED [HANDLE]
 *         -> REPLIED [REPLY] -> CLOSED [CLOSE].
 * DISPATCH again from DISPATCHED or ON_SCENE hands the incident to another officer (改派):
 * the status returns to DISPATCHED and the event is kept. CLOSE straight from HANDLED is only
 * for incidents with nobody to reply to (no caller phone, e.g. found on patrol).
 * Invariant: once dispatched an incident has exactly one accountable officer (officer_id).
 * SLA: four deadlines fixed at intake from received_at (xa_incident_set_due); due_next is the
 * deadline of the step the current status waits for, 0 when none (xa_incident_next_due), so
 * "overdue" is one comparison in any store.
 */
#ifndef XA_INCIDENT_H
#define XA_INCIDENT_H

#include "base/err.h"
#include "core/user.h"

#include <stdbool.h>
#include <stdint.h>

enum xa_incident_status {
    XA_INCIDENT_RECEIVED = 1, /* 已接警 */
    XA_INCIDENT_DISPATCHED,   /* 已派警 */
    XA_INCIDENT_ON_SCENE,     /* 已到场 */
    XA_INCIDENT_HANDLED,      /* 已处置 */
    XA_INCIDENT_REPLIED,      /* 已回复 */
    XA_INCIDENT_CLOSED,       /* 已办结 */
};

enum xa_incident_action {
    XA_INCIDENT_RECEIVE = 1, /* 接警 */
    XA_INCIDENT_DISPATCH,    /* 派警 / 改派 */
    XA_INCIDENT_ARRIVE,      /* 到场 */
    XA_INCIDENT_HANDLE,      /* 处置完毕, with a result */
    XA_INCIDENT_REPLY,       /* 回复报警人 */
    XA_INCIDENT_CLOSE,       /* 办结 */
    XA_INCIDENT_REVEAL,      /* 查看完整号码 (not a transition; audited) */
};

/* The step an SLA clock times. */
enum xa_incident_step {
    XA_INCIDENT_STEP_NONE = 0,
    XA_INCIDENT_STEP_DISPATCH, /* 派警超时 */
    XA_INCIDENT_STEP_ARRIVE,   /* 到场超时 */
    XA_INCIDENT_STEP_RESULT,   /* 处置超时 */
    XA_INCIDENT_STEP_REPLY,    /* 回复超时 */
};

/* Seconds from received_at to each deadline. */
struct xa_sla {
    int32_t dispatch_s; /* default 5 min */
    int32_t arrive_s;   /* default 15 min */
    int32_t result_s;   /* default 24 h */
    int32_t reply_s;    /* default 72 h */
};

/* An SLA rule for a (category, priority); 0 in either is a wildcard. */
struct xa_sla_rule {
    int category;
    int priority;
    struct xa_sla sla;
};

struct xa_incident {
    int64_t id;
    const char *code;        /* "CQ01-20261123-0042" */
    const char *status_code; /* caller's code, 10 chars */
    int64_t unit_id;         /* owning station */
    const char *unit_name;   /* joined for display */
    int channel;             /* enum xa_channel */
    int category;            /* enum xa_category */
    int priority;            /* 1 (most urgent) .. 4 */
    const char *caller_name; /* NULL when unknown */
    const char *caller_phone;
    const char *caller_id_number;
    const char *address;
    int64_t grid_id; /* 网格 the place lies in; 0 when unknown */
    bool has_location;
    double lat, lon; /* WGS84, valid when has_location */
    const char *narrative;
    int64_t occurred_at; /* 0 when unknown */
    int64_t received_at;
    int64_t received_by;
    const char *received_by_name;
    int status; /* enum xa_incident_status */
    int64_t officer_id; /* accountable officer, 0 before dispatch */
    const char *officer_name;
    int64_t dispatched_at, on_scene_at, handled_at, replied_at, closed_at; /* 0 = not yet */
    const char *result;
    int reply_method; /* enum xa_reply_method, 0 = none */
    const char *reply_content;
    int64_t replied_by, closed_by;
    int64_t due_dispatch, due_arrive, due_result, due_reply;
    int64_t due_next; /* xa_incident_next_due() */
    int64_t updated_at;
};

/* One step of the timeline: every transition, with who and when. */
struct xa_incident_event {
    int64_t id;
    int64_t incident_id;
    int64_t at;
    int64_t user_id;
    const char *user_name; /* joined */
    int action;            /* enum xa_incident_action */
    int from_status;       /* 0 for RECEIVE */
    int to_status;
    int64_t officer_id;    /* DISPATCH: the officer now accountable */
    const char *officer_name;
    const char *note;      /* result, reply content, or NULL */
};

struct xa_incident_filter {
    const char *scope_path; /* the actor's scope; NULL = all */
    int status;             /* 0 = any */
    int category;           /* 0 = any */
    int64_t unit_id;        /* 0 = any; with its subtree */
    int64_t officer_id;     /* 0 = any */
    int64_t from, to;       /* received_at in [from, to); 0 = open */
    bool overdue;           /* due_next passed at `now` */
    bool open_only;         /* status before CLOSED */
    int64_t now;
    const char *q;          /* free text over code, caller name, address, narrative */
    const char *sort;       /* "received_at", "-received_at" (default), "priority", "due_next",
                               "status", "code" (optionally with '-') */
    int64_t page;           /* 1-based */
    int64_t per_page;       /* 1..200 */
};

/* Groupings for counting incidents (dashboards, overdue boards). */
enum xa_incident_group {
    XA_INCIDENT_BY_STATUS = 1,   /* key1 = status */
    XA_INCIDENT_BY_CATEGORY,     /* key1 = category */
    XA_INCIDENT_BY_DAY_CATEGORY, /* key1 = Shanghai day as YYYYMMDD, key2 = category */
    XA_INCIDENT_BY_UNIT_STATUS,  /* key1 = unit id, key2 = status */
};

/* One group of a count. */
struct xa_count_row {
    int64_t key1, key2;
    int64_t n;
};

/* The default SLA (5 min, 15 min, 24 h, 72 h). */
struct xa_sla xa_incident_sla_default(void);

/* New status for action from status, or XA_ECONFLICT with *reason_out = "illegal_transition"
 * or "reply_needed". has_caller: the incident has a caller phone to reply to. */
XA_MUST_CHECK int xa_incident_next(int status, int action, bool has_caller, int *out,
                                   const char **reason_out);

/* XA_OK when a user of role may take action; XA_EFORBIDDEN with *reason_out "role_denied", or
 * "not_accountable" when only the accountable officer may and is_accountable is false. */
XA_MUST_CHECK int xa_incident_may(int role, int action, bool is_accountable,
                                  const char **reason_out);

/* Checks a new incident's fields against the rules of DESIGN §2.1 at time now. */
XA_MUST_CHECK int xa_incident_validate(const struct xa_incident *inc, int64_t now,
                                       struct xa_verr *ve);

/* Sets the four due_* deadlines from received_at and sla, and due_next. */
void xa_incident_set_due(struct xa_incident *inc, const struct xa_sla *sla);
/* Deadline of the step the current status waits for; 0 when none. */
int64_t xa_incident_next_due(const struct xa_incident *inc);
/* The step a status waits for (RECEIVED -> DISPATCH ... HANDLED -> REPLY), else STEP_NONE. */
int xa_incident_status_step(int status);
/* The step that is overdue at now, or XA_INCIDENT_STEP_NONE. */
int xa_incident_overdue_step(const struct xa_incident *inc, int64_t now);
/* Response time (received -> on scene) in seconds, or -1 before arrival. */
int64_t xa_incident_response_s(const struct xa_incident *inc);

/* Code words: "received", "dispatch", "dispatch_overdue"-style step words ("dispatch",
 * "arrive", "result", "reply"). NULL for an unknown value. */
const char *xa_incident_status_code(int status);
const char *xa_incident_action_code(int action);
const char *xa_incident_step_code(int step);
XA_MUST_CHECK int xa_incident_status_parse(const char *s, int *out);

#endif
