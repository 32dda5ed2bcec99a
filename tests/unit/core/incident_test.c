/*
 * incident_test.c - the incident state machine, who may take each step, the rules of a new
 * incident, and the SLA clocks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/incident.h"
#include "core/vocab.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-11-23T17:16:25+08:00 */
#define NOW INT64_C(1795425385)
/* 2000-01-01T00:00:00+08:00 */
#define Y2000 INT64_C(946656000)

struct transition {
    const char *name;
    int from, action;
    bool has_caller;
    int to; /* 0: refused */
    const char *reason;
};

/* Every legal transition (with and without a caller), and refusals with their reasons. */
static const struct transition transitions[] = {
    {"receiving a new call", 0, XA_INCIDENT_RECEIVE, true, XA_INCIDENT_RECEIVED, NULL},
    {"receiving a report without caller", 0, XA_INCIDENT_RECEIVE, false, XA_INCIDENT_RECEIVED,
     NULL},
    {"dispatching a received incident", XA_INCIDENT_RECEIVED, XA_INCIDENT_DISPATCH, true,
     XA_INCIDENT_DISPATCHED, NULL},
    {"dispatching a received incident without caller", XA_INCIDENT_RECEIVED, XA_INCIDENT_DISPATCH,
     false, XA_INCIDENT_DISPATCHED, NULL},
    {"re-dispatching before arrival", XA_INCIDENT_DISPATCHED, XA_INCIDENT_DISPATCH, true,
     XA_INCIDENT_DISPATCHED, NULL},
    {"re-dispatching before arrival without caller", XA_INCIDENT_DISPATCHED, XA_INCIDENT_DISPATCH,
     false, XA_INCIDENT_DISPATCHED, NULL},
    {"re-dispatching from the scene", XA_INCIDENT_ON_SCENE, XA_INCIDENT_DISPATCH, true,
     XA_INCIDENT_DISPATCHED, NULL},
    {"re-dispatching from the scene without caller", XA_INCIDENT_ON_SCENE, XA_INCIDENT_DISPATCH,
     false, XA_INCIDENT_DISPATCHED, NULL},
    {"arriving after dispatch", XA_INCIDENT_DISPATCHED, XA_INCIDENT_ARRIVE, true,
     XA_INCIDENT_ON_SCENE, NULL},
    {"arriving after dispatch without caller", XA_INCIDENT_DISPATCHED, XA_INCIDENT_ARRIVE, false,
     XA_INCIDENT_ON_SCENE, NULL},
    {"handling on scene", XA_INCIDENT_ON_SCENE, XA_INCIDENT_HANDLE, true, XA_INCIDENT_HANDLED,
     NULL},
    {"handling on scene without caller", XA_INCIDENT_ON_SCENE, XA_INCIDENT_HANDLE, false,
     XA_INCIDENT_HANDLED, NULL},
    {"replying after handling", XA_INCIDENT_HANDLED, XA_INCIDENT_REPLY, true, XA_INCIDENT_REPLIED,
     NULL},
    {"replying in person to a caller without phone", XA_INCIDENT_HANDLED, XA_INCIDENT_REPLY, false,
     XA_INCIDENT_REPLIED, NULL},
    {"closing after the reply", XA_INCIDENT_REPLIED, XA_INCIDENT_CLOSE, true, XA_INCIDENT_CLOSED,
     NULL},
    {"closing after the reply without caller", XA_INCIDENT_REPLIED, XA_INCIDENT_CLOSE, false,
     XA_INCIDENT_CLOSED, NULL},
    {"closing a handled incident nobody to reply to", XA_INCIDENT_HANDLED, XA_INCIDENT_CLOSE, false,
     XA_INCIDENT_CLOSED, NULL},

    {"closing a handled incident with a caller needs a reply", XA_INCIDENT_HANDLED,
     XA_INCIDENT_CLOSE, true, 0, "reply_needed"},
    {"closing a closed incident is refused", XA_INCIDENT_CLOSED, XA_INCIDENT_CLOSE, true, 0,
     "illegal_transition"},
    {"dispatching a closed incident is refused", XA_INCIDENT_CLOSED, XA_INCIDENT_DISPATCH, true, 0,
     "illegal_transition"},
    {"dispatching a handled incident is refused", XA_INCIDENT_HANDLED, XA_INCIDENT_DISPATCH, true,
     0, "illegal_transition"},
    {"dispatching a replied incident is refused", XA_INCIDENT_REPLIED, XA_INCIDENT_DISPATCH, true,
     0, "illegal_transition"},
    {"arriving before dispatch is refused", XA_INCIDENT_RECEIVED, XA_INCIDENT_ARRIVE, true, 0,
     "illegal_transition"},
    {"arriving twice is refused", XA_INCIDENT_ON_SCENE, XA_INCIDENT_ARRIVE, true, 0,
     "illegal_transition"},
    {"handling before arrival is refused", XA_INCIDENT_DISPATCHED, XA_INCIDENT_HANDLE, true, 0,
     "illegal_transition"},
    {"handling a received incident is refused", XA_INCIDENT_RECEIVED, XA_INCIDENT_HANDLE, false, 0,
     "illegal_transition"},
    {"replying before handling is refused", XA_INCIDENT_ON_SCENE, XA_INCIDENT_REPLY, true, 0,
     "illegal_transition"},
    {"replying twice is refused", XA_INCIDENT_REPLIED, XA_INCIDENT_REPLY, true, 0,
     "illegal_transition"},
    {"closing a received incident is refused", XA_INCIDENT_RECEIVED, XA_INCIDENT_CLOSE, false, 0,
     "illegal_transition"},
    {"closing on scene is refused", XA_INCIDENT_ON_SCENE, XA_INCIDENT_CLOSE, false, 0,
     "illegal_transition"},
    {"receiving an existing incident is refused", XA_INCIDENT_RECEIVED, XA_INCIDENT_RECEIVE, true,
     0, "illegal_transition"},
    {"dispatching an incident never received is refused", 0, XA_INCIDENT_DISPATCH, true, 0,
     "illegal_transition"},
    {"revealing is not a transition", XA_INCIDENT_DISPATCHED, XA_INCIDENT_REVEAL, true, 0,
     "illegal_transition"},
    {"an unknown action is refused", XA_INCIDENT_RECEIVED, 99, true, 0, "illegal_transition"},
    {"an unknown status is refused", 42, XA_INCIDENT_DISPATCH, true, 0, "illegal_transition"},
};

static void test_transitions(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(transitions); i++) {
        const struct transition *t = &transitions[i];
        int out = -1;
        const char *reason = NULL;
        int rc = xa_incident_next(t->from, t->action, t->has_caller, &out, &reason);
        if (t->to) {
            if (rc != XA_OK || out != t->to)
                fail_msg("%s: rc %d, status %d", t->name, rc, out);
        } else {
            if (rc != XA_ECONFLICT || out != -1 || !reason || strcmp(reason, t->reason) != 0)
                fail_msg("%s: rc %d, reason %s", t->name, rc, reason ? reason : "(none)");
        }
    }
}

/* nothing outside the table of legal transitions is allowed */
static void test_only_listed_transitions_are_legal(void **state)
{
    (void)state;
    for (int from = 0; from <= XA_INCIDENT_CLOSED + 1; from++) {
        for (int action = 0; action <= XA_INCIDENT_REVEAL + 1; action++) {
            for (int hc = 0; hc <= 1; hc++) {
                int legal_to = 0;
                for (size_t i = 0; i < N(transitions); i++)
                    if (transitions[i].from == from && transitions[i].action == action &&
                        transitions[i].has_caller == (hc == 1))
                        legal_to = transitions[i].to;
                int out = -1;
                const char *reason = NULL;
                int rc = xa_incident_next(from, action, hc == 1, &out, &reason);
                if (legal_to) {
                    assert_int_equal(rc, XA_OK);
                    assert_int_equal(out, legal_to);
                } else if (rc != XA_ECONFLICT || out != -1 || reason == NULL) {
                    fail_msg("from %d action %d caller %d: rc %d", from, action, hc, rc);
                }
            }
        }
    }
}

/* a call walks the whole loop, re-dispatched once on the way */
static void test_a_call_walks_the_closed_loop(void **state)
{
    (void)state;
    static const int actions[] = {XA_INCIDENT_RECEIVE,  XA_INCIDENT_DISPATCH, XA_INCIDENT_ARRIVE,
                                  XA_INCIDENT_DISPATCH, XA_INCIDENT_ARRIVE,   XA_INCIDENT_HANDLE,
                                  XA_INCIDENT_REPLY,    XA_INCIDENT_CLOSE};
    static const int want[] = {XA_INCIDENT_RECEIVED,   XA_INCIDENT_DISPATCHED, XA_INCIDENT_ON_SCENE,
                               XA_INCIDENT_DISPATCHED, XA_INCIDENT_ON_SCENE,   XA_INCIDENT_HANDLED,
                               XA_INCIDENT_REPLIED,    XA_INCIDENT_CLOSED};
    int status = 0;
    for (size_t i = 0; i < N(actions); i++) {
        const char *reason = NULL;
        assert_int_equal(xa_incident_next(status, actions[i], true, &status, &reason), XA_OK);
        assert_int_equal(status, want[i]);
    }
}

/* Who may take each action, by role (admin leader desk patrol community investigator
 * analyst): Y always, A only the accountable officer, N never. */
static const struct {
    int action;
    const char *by_role;
} permissions[] = {
    {XA_INCIDENT_RECEIVE, "NYYNNNN"}, {XA_INCIDENT_DISPATCH, "NYYNNNN"},
    {XA_INCIDENT_ARRIVE, "NYNAAAN"},  {XA_INCIDENT_HANDLE, "NYNAAAN"},
    {XA_INCIDENT_REPLY, "NYYNNNN"},   {XA_INCIDENT_CLOSE, "NYYNNNN"},
    {XA_INCIDENT_REVEAL, "NYYAAAN"},
};

static void test_permissions(void **state)
{
    (void)state;
    assert_int_equal(N(permissions), XA_INCIDENT_REVEAL);
    for (size_t i = 0; i < N(permissions); i++) {
        for (int role = XA_ROLE_ADMIN; role <= XA_ROLE_ANALYST; role++) {
            char rule = permissions[i].by_role[role - 1];
            for (int acc = 0; acc <= 1; acc++) {
                const char *reason = NULL;
                int rc = xa_incident_may(role, permissions[i].action, acc == 1, &reason);
                const char *want = rule == 'Y' || (rule == 'A' && acc) ? NULL
                                   : rule == 'A'                       ? "not_accountable"
                                                                       : "role_denied";
                if (want == NULL && rc != XA_OK)
                    fail_msg("role %d action %d accountable %d refused", role,
                             permissions[i].action, acc);
                if (want != NULL && (rc != XA_EFORBIDDEN || !reason || strcmp(reason, want) != 0))
                    fail_msg("role %d action %d accountable %d: rc %d reason %s", role,
                             permissions[i].action, acc, rc, reason ? reason : "(none)");
            }
        }
    }
}

/* unknown roles and actions are denied */
static void test_unknown_roles_and_actions_are_denied(void **state)
{
    (void)state;
    static const struct {
        int role, action;
    } cases[] = {{0, XA_INCIDENT_DISPATCH},
                 {99, XA_INCIDENT_ARRIVE},
                 {XA_ROLE_LEADER, 0},
                 {XA_ROLE_LEADER, 99}};
    for (size_t i = 0; i < N(cases); i++) {
        const char *reason = NULL;
        assert_int_equal(xa_incident_may(cases[i].role, cases[i].action, true, &reason),
                         XA_EFORBIDDEN);
        assert_string_equal(reason, "role_denied");
    }
}

static struct xa_incident good_incident(void)
{
    return (struct xa_incident){
        .channel = XA_CHANNEL_PHONE,
        .category = XA_CATEGORY_PUBLIC_ORDER,
        .priority = 2,
        .caller_name = "张三",
        .caller_phone = "13812345678",
        .caller_id_number = "11010519491231002X",
        .address = "城关镇人民路 12 号",
        .has_location = true,
        .lat = 29.56,
        .lon = 106.55,
        .narrative = "报警人称其停放在楼下的电动车被盗。",
        .occurred_at = NOW - 3600,
        .received_at = NOW - 60,
    };
}

static char long_text[4100];

static void no_channel(struct xa_incident *i)
{
    i->channel = 0;
}
static void bad_channel(struct xa_incident *i)
{
    i->channel = 7;
}
static void no_category(struct xa_incident *i)
{
    i->category = 0;
}
static void bad_category(struct xa_incident *i)
{
    i->category = -1;
}
static void priority_0(struct xa_incident *i)
{
    i->priority = 0;
}
static void priority_5(struct xa_incident *i)
{
    i->priority = 5;
}
static void no_narrative(struct xa_incident *i)
{
    i->narrative = NULL;
}
static void blank_narrative(struct xa_incident *i)
{
    i->narrative = " \n\t";
}
static void long_narrative(struct xa_incident *i)
{
    i->narrative = long_text;
}
static void bad_utf8_narrative(struct xa_incident *i)
{
    i->narrative = "被盗\xC0\xAF";
}
static void long_caller_name(struct xa_incident *i)
{
    i->caller_name = long_text + 4000 - 51;
}
static void bad_caller_phone(struct xa_incident *i)
{
    i->caller_phone = "12";
}
static void empty_caller_phone(struct xa_incident *i)
{
    i->caller_phone = "";
}
static void bad_id_checksum(struct xa_incident *i)
{
    i->caller_id_number = "110105194912310021";
}
static void long_address(struct xa_incident *i)
{
    i->address = long_text + 4000 - 201;
}
static void bad_lat(struct xa_incident *i)
{
    i->lat = 91;
}
static void bad_lon(struct xa_incident *i)
{
    i->lon = -180.5;
}
static void future_occurrence(struct xa_incident *i)
{
    i->occurred_at = NOW + 301;
}
static void occurred_after_received(struct xa_incident *i)
{
    i->received_at = NOW - 3600;
    i->occurred_at = NOW - 60;
}
static void occurred_just_after_received(struct xa_incident *i)
{
    /* the caller's guess and the desk's clock may differ by a few minutes */
    i->occurred_at = NOW - 30;
}
static void occurred_before_2000(struct xa_incident *i)
{
    i->occurred_at = Y2000 - 1;
}
static void future_receipt(struct xa_incident *i)
{
    i->received_at = NOW + 301;
}

/* edge cases that are fine */
static void no_location(struct xa_incident *i)
{
    i->has_location = false;
    i->lat = 1000;
}
static void no_caller(struct xa_incident *i)
{
    i->caller_name = i->caller_phone = i->caller_id_number = i->address = NULL;
}
static void unknown_occurrence(struct xa_incident *i)
{
    i->occurred_at = 0;
}
static void occurred_in_2000(struct xa_incident *i)
{
    i->occurred_at = Y2000;
}
static void occurred_when_received(struct xa_incident *i)
{
    i->occurred_at = i->received_at;
}
static void clock_slightly_ahead(struct xa_incident *i)
{
    i->received_at = NOW + 300;
    i->occurred_at = NOW + 300;
}
static void max_narrative(struct xa_incident *i)
{
    i->narrative = long_text + 100;
}
static void priority_1(struct xa_incident *i)
{
    i->priority = 1;
}
static void priority_4(struct xa_incident *i)
{
    i->priority = 4;
}

static void test_validate(void **state)
{
    (void)state;
    memset(long_text, 'a', sizeof(long_text) - 1); /* 4099 characters */
    static const struct {
        const char *name;
        void (*change)(struct xa_incident *);
        const char *field, *reason; /* NULL: valid */
    } cases[] = {
        {"a complete incident is valid", NULL, NULL, NULL},
        {"a missing channel is required", no_channel, "channel", "required"},
        {"an unknown channel is refused", bad_channel, "channel", "unknown_value"},
        {"a missing category is required", no_category, "category", "required"},
        {"an unknown category is refused", bad_category, "category", "unknown_value"},
        {"priority 0 is out of range", priority_0, "priority", "out_of_range"},
        {"priority 5 is out of range", priority_5, "priority", "out_of_range"},
        {"priority 1 is fine", priority_1, NULL, NULL},
        {"priority 4 is fine", priority_4, NULL, NULL},
        {"the narrative is required", no_narrative, "narrative", "required"},
        {"a blank narrative is empty", blank_narrative, "narrative", "empty"},
        {"4099 characters of narrative are too long", long_narrative, "narrative", "too_long"},
        {"3999 characters of narrative are fine", max_narrative, NULL, NULL},
        {"a narrative of broken UTF-8 is refused", bad_utf8_narrative, "narrative", "bad_format"},
        {"a caller name of 51 characters is too long", long_caller_name, "caller_name", "too_long"},
        {"a bad caller phone is refused", bad_caller_phone, "caller_phone", "bad_phone"},
        {"an empty caller phone is refused", empty_caller_phone, "caller_phone", "bad_phone"},
        {"a caller ID number with a wrong check digit is refused", bad_id_checksum,
         "caller_id_number", "bad_id_checksum"},
        {"an address of 201 characters is too long", long_address, "address", "too_long"},
        {"latitude 91 is refused", bad_lat, "lat", "bad_latitude"},
        {"longitude -180.5 is refused", bad_lon, "lon", "bad_longitude"},
        {"coordinates are ignored without a location", no_location, NULL, NULL},
        {"an incident without caller is fine", no_caller, NULL, NULL},
        {"an unknown time of occurrence is fine", unknown_occurrence, NULL, NULL},
        {"an occurrence in the future is refused", future_occurrence, "occurred_at", "in_future"},
        {"an occurrence after the call is refused", occurred_after_received, "occurred_at",
         "after_received"},
        {"an occurrence minutes after the call is tolerated", occurred_just_after_received, NULL,
         NULL},
        {"an occurrence before 2000 is out of range", occurred_before_2000, "occurred_at",
         "out_of_range"},
        {"an occurrence at 2000-01-01 00:00 is fine", occurred_in_2000, NULL, NULL},
        {"an occurrence at the time of the call is fine", occurred_when_received, NULL, NULL},
        {"a receipt in the future is refused", future_receipt, "received_at", "in_future"},
        {"five minutes of clock drift are tolerated", clock_slightly_ahead, NULL, NULL},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct xa_incident inc = good_incident();
        struct xa_verr ve = {0};
        if (cases[i].change)
            cases[i].change(&inc);
        int rc = xa_incident_validate(&inc, NOW, &ve);
        if (!cases[i].field) {
            if (rc != XA_OK || ve.n != 0)
                fail_msg("%s: rc %d, %s %s", cases[i].name, rc, ve.n ? ve.items[0].field : "",
                         ve.n ? ve.items[0].reason : "");
            continue;
        }
        if (rc != XA_EVALIDATION || ve.n != 1 || strcmp(ve.items[0].field, cases[i].field) ||
            strcmp(ve.items[0].reason, cases[i].reason))
            fail_msg("%s: rc %d, %zu problems, first %s %s", cases[i].name, rc, ve.n,
                     ve.n ? ve.items[0].field : "", ve.n ? ve.items[0].reason : "");
    }
}

/* a caller ID number is checked against the Shanghai day of now */
static void test_validate_checks_birth_against_the_day_of_now(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        const char *reason;
    } cases[] = {
        {"11010120261123001X", NULL},           /* born on the day of the call */
        {"110101202611240015", "bad_id_birth"}, /* born tomorrow */
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct xa_incident inc = good_incident();
        struct xa_verr ve = {0};
        inc.caller_id_number = cases[i].id;
        int rc = xa_incident_validate(&inc, NOW, &ve);
        if (!cases[i].reason) {
            assert_int_equal(rc, XA_OK);
            continue;
        }
        assert_int_equal(rc, XA_EVALIDATION);
        assert_int_equal(ve.n, 1);
        assert_string_equal(ve.items[0].field, "caller_id_number");
        assert_string_equal(ve.items[0].reason, cases[i].reason);
    }
}

/* every problem is reported at once, after those already collected */
static void test_validate_collects_every_problem(void **state)
{
    (void)state;
    struct xa_incident inc = {0};
    struct xa_verr ve = {0};
    xa_verr_add(&ve, "body", "unknown_field");
    inc.caller_phone = "x";
    inc.has_location = true;
    inc.lat = 100;
    inc.lon = 200;
    inc.occurred_at = NOW + 3600;
    static const char *const want[][2] = {
        {"body", "unknown_field"},    {"channel", "required"},   {"category", "required"},
        {"priority", "out_of_range"}, {"narrative", "required"}, {"caller_phone", "bad_phone"},
        {"lat", "bad_latitude"},      {"lon", "bad_longitude"},  {"occurred_at", "in_future"},
    };
    assert_int_equal(xa_incident_validate(&inc, NOW, &ve), XA_EVALIDATION);
    assert_int_equal(ve.n, N(want));
    for (size_t i = 0; i < N(want); i++) {
        assert_string_equal(ve.items[i].field, want[i][0]);
        assert_string_equal(ve.items[i].reason, want[i][1]);
    }
}

/* the default SLA is 5 min, 15 min, 24 h and 72 h */
static void test_default_sla(void **state)
{
    (void)state;
    struct xa_sla sla = xa_incident_sla_default();
    assert_int_equal(sla.dispatch_s, 300);
    assert_int_equal(sla.arrive_s, 900);
    assert_int_equal(sla.result_s, 86400);
    assert_int_equal(sla.reply_s, 259200);
}

/* deadlines count from the call; due_next follows the status */
static void test_deadlines_follow_the_status(void **state)
{
    (void)state;
    const struct xa_sla sla = {60, 600, 6000, 60000};
    static const struct {
        int status;
        const char *phone;
        int64_t due_offset; /* from received_at; -1: none */
        int step;           /* overdue one second after the deadline */
    } cases[] = {
        {XA_INCIDENT_RECEIVED, "110", 60, XA_INCIDENT_STEP_DISPATCH},
        {XA_INCIDENT_DISPATCHED, "110", 600, XA_INCIDENT_STEP_ARRIVE},
        {XA_INCIDENT_ON_SCENE, "110", 6000, XA_INCIDENT_STEP_RESULT},
        {XA_INCIDENT_HANDLED, "13812345678", 60000, XA_INCIDENT_STEP_REPLY},
        {XA_INCIDENT_HANDLED, NULL, -1, XA_INCIDENT_STEP_NONE},
        {XA_INCIDENT_HANDLED, "", -1, XA_INCIDENT_STEP_NONE},
        {XA_INCIDENT_REPLIED, "110", -1, XA_INCIDENT_STEP_NONE},
        {XA_INCIDENT_CLOSED, "110", -1, XA_INCIDENT_STEP_NONE},
        {0, "110", -1, XA_INCIDENT_STEP_NONE},
    };
    for (size_t i = 0; i < N(cases); i++) {
        struct xa_incident inc = {
            .received_at = NOW, .status = cases[i].status, .caller_phone = cases[i].phone};
        xa_incident_set_due(&inc, &sla);
        assert_int_equal(inc.due_dispatch, NOW + 60);
        assert_int_equal(inc.due_arrive, NOW + 600);
        assert_int_equal(inc.due_result, NOW + 6000);
        assert_int_equal(inc.due_reply, NOW + 60000);
        int64_t due = cases[i].due_offset < 0 ? 0 : NOW + cases[i].due_offset;
        assert_int_equal(xa_incident_next_due(&inc), due);
        assert_int_equal(inc.due_next, due);
        /* on the deadline itself nothing is late yet */
        assert_int_equal(xa_incident_overdue_step(&inc, due ? due : NOW + 1000000),
                         due ? XA_INCIDENT_STEP_NONE : cases[i].step);
        assert_int_equal(xa_incident_overdue_step(&inc, (due ? due : NOW + 1000000) + 1),
                         cases[i].step);
        assert_int_equal(xa_incident_overdue_step(&inc, NOW), XA_INCIDENT_STEP_NONE);
    }
}

/* without an SLA the default applies */
static void test_set_due_without_sla_uses_the_default(void **state)
{
    (void)state;
    struct xa_incident inc = {.received_at = NOW, .status = XA_INCIDENT_RECEIVED};
    xa_incident_set_due(&inc, NULL);
    assert_int_equal(inc.due_dispatch, NOW + 300);
    assert_int_equal(inc.due_arrive, NOW + 900);
    assert_int_equal(inc.due_result, NOW + 86400);
    assert_int_equal(inc.due_reply, NOW + 259200);
    assert_int_equal(inc.due_next, NOW + 300);
}

/* response time runs from the call to arrival */
static void test_response_time(void **state)
{
    (void)state;
    struct xa_incident inc = {.received_at = NOW};
    assert_int_equal(xa_incident_response_s(&inc), -1);
    inc.on_scene_at = NOW + 437;
    assert_int_equal(xa_incident_response_s(&inc), 437);
    inc.on_scene_at = NOW;
    assert_int_equal(xa_incident_response_s(&inc), 0);
}

/* status, action and step words, and status words read back */
static void test_code_words(void **state)
{
    (void)state;
    static const char *const statuses[] = {NULL,      "received", "dispatched", "on_scene",
                                           "handled", "replied",  "closed"};
    static const char *const actions[] = {NULL,     "receive", "dispatch", "arrive",
                                          "handle", "reply",   "close",    "reveal"};
    static const char *const steps[] = {NULL, "dispatch", "arrive", "result", "reply"};
    for (int s = 1; s < (int)N(statuses); s++) {
        int back = 0;
        assert_string_equal(xa_incident_status_code(s), statuses[s]);
        assert_int_equal(xa_incident_status_parse(statuses[s], &back), XA_OK);
        assert_int_equal(back, s);
    }
    for (int a = 1; a < (int)N(actions); a++)
        assert_string_equal(xa_incident_action_code(a), actions[a]);
    for (int s = 1; s < (int)N(steps); s++)
        assert_string_equal(xa_incident_step_code(s), steps[s]);
    static const int bad[] = {-1, 0, 8, 100};
    for (size_t i = 0; i < N(bad); i++) {
        assert_null(xa_incident_action_code(bad[i]));
        assert_null(xa_incident_step_code(bad[i] == 8 ? 5 : bad[i]));
        assert_null(xa_incident_status_code(bad[i] == 8 ? 7 : bad[i]));
    }
    int out = -3;
    assert_int_equal(xa_incident_status_parse("open", &out), XA_EVALIDATION);
    assert_int_equal(xa_incident_status_parse("Closed", &out), XA_EVALIDATION);
    assert_int_equal(xa_incident_status_parse(NULL, &out), XA_EVALIDATION);
    assert_int_equal(out, -3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_only_listed_transitions_are_legal),
        cmocka_unit_test(test_a_call_walks_the_closed_loop),
        cmocka_unit_test(test_permissions),
        cmocka_unit_test(test_unknown_roles_and_actions_are_denied),
        cmocka_unit_test(test_validate),
        cmocka_unit_test(test_validate_checks_birth_against_the_day_of_now),
        cmocka_unit_test(test_validate_collects_every_problem),
        cmocka_unit_test(test_default_sla),
        cmocka_unit_test(test_deadlines_follow_the_status),
        cmocka_unit_test(test_set_due_without_sla_uses_the_default),
        cmocka_unit_test(test_response_time),
        cmocka_unit_test(test_code_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
