/*
 * case.h - cases (案件): small-case fast investigation of DESIGN §2.2 and docs/cases.md.
 *
 * States: OPENED -> INVESTIGATING [START; also by itself when the first action is done]
 *         -> SOLVED [SOLVE: needs a suspect on the case or a reason] -> TRANSFERRED [TRANSFER]
 *                                                                   | CLOSED [CLOSE];
 *         OPENED | INVESTIGATING -> SUSPENDED [SUSPEND, reason] | DROPPED [DROP, reason];
 *         SUSPENDED -> INVESTIGATING [RESUME]. Anything else is refused (409).
 * SLA: the first investigation action is due 24 h after opening (4 h for enterprise cases,
 * 涉企), the linkage analysis (串并研判) 72 h after; due_next is the deadline the open case
 * waits for (xa_case_next_due), 0 when none, so "overdue" is one comparison in any store.
 * Codes: unit code, "A", Shanghai date, per-unit-per-day sequence: "CG-A20261123-0001".
 */
#ifndef XA_CASE_H
#define XA_CASE_H

#include "base/err.h"
#include "core/person.h"
#include "core/vocab.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XA_CASE_FIRST_ACTION_S (24 * 3600)
#define XA_CASE_FIRST_ACTION_ENTERPRISE_S (4 * 3600)
#define XA_CASE_ANALYSIS_S (72 * 3600)
#define XA_CASE_MO_MAX 16

enum xa_case_status {
    XA_CASE_OPENED = 1,    /* 已立案 */
    XA_CASE_INVESTIGATING, /* 侦查中 */
    XA_CASE_SOLVED,        /* 已破案 */
    XA_CASE_TRANSFERRED,   /* 已移送起诉 */
    XA_CASE_CLOSED,        /* 已结案 */
    XA_CASE_SUSPENDED,     /* 已中止 */
    XA_CASE_DROPPED,       /* 已撤案 */
};

/* Operations on a case: transitions, and the other writes that leave an event. */
enum xa_case_op {
    XA_CASE_OP_OPEN = 1, /* 立案 */
    XA_CASE_OP_START,    /* 开始侦查 */
    XA_CASE_OP_SOLVE,    /* 破案 */
    XA_CASE_OP_SUSPEND,  /* 中止 */
    XA_CASE_OP_RESUME,   /* 恢复侦查 */
    XA_CASE_OP_DROP,     /* 撤案 */
    XA_CASE_OP_CLOSE,    /* 结案 */
    XA_CASE_OP_TRANSFER, /* 移送起诉 */
    XA_CASE_OP_ASSIGN,   /* 指派主办民警 (leader) */
    XA_CASE_OP_ACTION,   /* 侦查措施: added or done */
    XA_CASE_OP_PROPERTY, /* 财物: added, found, returned */
    XA_CASE_OP_PERSON,   /* 涉案人员 added */
    XA_CASE_OP_ARREST,   /* 抓获 */
    XA_CASE_OP_ATTACH,   /* 附件 */
};

/* The deadline an open case waits for. */
enum xa_case_step {
    XA_CASE_STEP_NONE = 0,
    XA_CASE_STEP_FIRST_ACTION, /* 首次侦查措施超时 */
    XA_CASE_STEP_ANALYSIS,     /* 串并研判超时 */
};

enum xa_case_nature {
    XA_CASE_CRIMINAL = 1,   /* 刑事 */
    XA_CASE_ADMINISTRATIVE, /* 行政 */
};

enum xa_person_role {
    XA_CASE_ROLE_VICTIM = 1, /* 被害人/事主 */
    XA_CASE_ROLE_SUSPECT,    /* 嫌疑人 */
    XA_CASE_ROLE_WITNESS,    /* 证人 */
    XA_CASE_ROLE_REPORTER,   /* 报案人 */
};

enum xa_arrest_measure {
    XA_ARREST_CRIMINAL_DETENTION = 1, /* 刑事拘留 */
    XA_ARREST_ADMINISTRATIVE_DETENTION,
    XA_ARREST_BAIL,                     /* 取保候审 */
    XA_ARREST_RESIDENTIAL_SURVEILLANCE, /* 监视居住 */
    XA_ARREST_ARREST,                   /* 逮捕 */
    XA_ARREST_SUMMONS,                  /* 传唤 */
};

enum xa_property_category {
    XA_PROPERTY_EBIKE = 1,
    XA_PROPERTY_MOTORCYCLE,
    XA_PROPERTY_BICYCLE,
    XA_PROPERTY_PHONE,
    XA_PROPERTY_CASH,
    XA_PROPERTY_JEWELRY,
    XA_PROPERTY_ELECTRONICS,
    XA_PROPERTY_VEHICLE_ITEMS,
    XA_PROPERTY_LIVESTOCK,
    XA_PROPERTY_GOODS,
    XA_PROPERTY_SCRAP_METAL,
    XA_PROPERTY_BANK_TRANSFER,
    XA_PROPERTY_OTHER,
};

enum xa_property_status {
    XA_PROPERTY_LOST = 1, /* 被盗/损失 */
    XA_PROPERTY_FOUND,    /* 已追回 */
    XA_PROPERTY_RETURNED, /* 已发还 */
};

enum xa_action_kind {
    XA_ACTION_SCENE = 1,  /* 现场勘查 */
    XA_ACTION_CANVASS,    /* 走访调查 */
    XA_ACTION_VIDEO,      /* 视频追踪 */
    XA_ACTION_FACE,       /* 人像比对 */
    XA_ACTION_EVIDENCE,   /* 物证鉴定 */
    XA_ACTION_LINKAGE,    /* 串并研判 */
    XA_ACTION_FUND_TRACE, /* 资金查控 */
    XA_ACTION_PAWN_CHECK, /* 销赃渠道排查 */
    XA_ACTION_OTHER,      /* 其他措施 */
};

/* A case type (table case_types); two levels, children coded "parent.child". */
struct xa_case_type {
    int64_t id;
    const char *code;
    int64_t parent_id; /* 0 for a top-level type */
    const char *parent_code;
    const char *name_zh, *name_en;
    bool is_active;
    const char *mo_tags; /* comma-separated codes of the MO tags that apply; may be NULL */
};

/* A controlled modus operandi tag (table mo_tags). */
struct xa_mo_tag {
    const char *code;
    const char *name_zh, *name_en;
    const char *types; /* comma-separated type codes it applies to; NULL = any */
};

/* An investigation action every new case of a type receives (type_id 0: every type). */
struct xa_action_template {
    int64_t id;
    int64_t type_id;
    int kind; /* enum xa_action_kind */
    const char *name;
    int due_hours;
    int sort;
};

struct xa_case {
    int64_t id;
    const char *code; /* "CG-A20261123-0001" */
    int status;       /* enum xa_case_status */
    int64_t type_id;
    const char *type_code, *type_name; /* joined */
    int nature;                        /* enum xa_case_nature */
    bool is_enterprise;                /* 涉企: the 4 h first-action SLA */
    const char *title, *summary;
    int64_t incident_id; /* 0 when not opened from an incident */
    const char *incident_code;
    int64_t window_from, window_to; /* when it happened, at the latest; 0 = unknown */
    const char *address;
    bool has_location;
    double lat, lon;
    int64_t grid_id;
    const char *mo_text;
    const char *mo_tags; /* comma-separated MO tag codes; NULL = none */
    int64_t unit_id;
    const char *unit_name, *unit_code;
    int64_t owner_id; /* 主办民警 */
    const char *owner_name;
    int64_t opened_at, opened_by;
    const char *opened_by_name;
    int64_t reported_at;     /* the incident's received_at, else opened_at */
    int64_t first_action_at; /* first investigation action done */
    int64_t analysis_at;     /* first linkage action done */
    int64_t solved_at, closed_at;
    const char *status_reason, *solve_reason;
    int64_t due_first_action, due_analysis, due_next;
    int64_t updated_at;
    /* derived by the store from property, persons and arrests */
    int64_t loss_fen, recovered_fen;
    int64_t n_suspects, n_arrests;
};

struct xa_case_event {
    int64_t id;
    int64_t case_id;
    int64_t at;
    int64_t user_id;
    const char *user_name;
    int op; /* enum xa_case_op */
    int from_status, to_status;
    const char *note;
};

/* An investigation action (侦查措施). */
struct xa_case_action {
    int64_t id;
    int64_t case_id;
    int kind; /* enum xa_action_kind */
    const char *name;
    int64_t due_at;  /* 0 = no deadline */
    int64_t done_at; /* 0 = not yet */
    int64_t done_by;
    const char *done_by_name;
    const char *result;
    int sort;
    int64_t created_at;
};

/* A property item (财物), lost, then found, then returned. */
struct xa_property {
    int64_t id;
    int64_t case_id;
    int category; /* enum xa_property_category */
    const char *description, *brand, *model;
    const char *serial; /* IMEI, frame or engine number */
    int64_t value_fen;
    int status; /* enum xa_property_status */
    int64_t found_at, returned_at;
    int64_t owner_person_id, holder_person_id;
    const char *owner_name, *holder_name; /* joined */
    const char *note;
    int64_t created_at;
    /* joined for serial searches */
    const char *case_code, *case_title;
    int case_status;
    int64_t case_unit_id;
};

/* A person's link to a case, with the role and the description given in this case. */
struct xa_case_person {
    int64_t id; /* link id */
    int64_t case_id;
    int role; /* enum xa_person_role */
    struct xa_person person;
    struct xa_person_desc desc;
    const char *note;
    int64_t added_at, added_by;
    /* joined for a person's records */
    const char *case_code, *case_title;
    int case_status;
    int64_t case_unit_id;
};

/* An arrest (抓获) of a suspect of a case. */
struct xa_arrest {
    int64_t id;
    int64_t case_id;
    int64_t person_id;
    int64_t at;
    int measure; /* enum xa_arrest_measure */
    int64_t unit_id;
    const char *unit_name;
    int64_t by;
    const char *by_name;
};

/* A file kept once by its SHA-256 and linked to a case (and maybe an action). */
struct xa_attachment {
    int64_t id;
    int64_t case_id;
    int64_t action_id;  /* 0 = the case itself */
    const char *sha256; /* 64 hex characters */
    int64_t size;
    const char *mime;
    const char *name;
    int64_t at, by;
    const char *by_name;
};

struct xa_case_filter {
    const char *scope_path;         /* the actor's scope; NULL = all */
    int status;                     /* 0 = any */
    int64_t type_id;                /* 0 = any; a parent type matches its children */
    int64_t unit_id;                /* 0 = any; with its subtree */
    int64_t from, to;               /* opened_at in [from, to); with has_arrest: arrests' at */
    int64_t solved_from, solved_to; /* solved_at in [from, to) */
    const char *mo;                 /* one MO tag code */
    const char *q;                  /* code, title, summary, address */
    const char *serial;             /* any property serial, case-insensitive */
    int64_t person_id;              /* cases where the person appears */
    int64_t owner_id;
    bool overdue;    /* due_next passed at now */
    bool has_arrest; /* at least one arrest (in [from, to) when given) */
    int64_t now;
    const char *sort; /* "opened_at" (default "-opened_at"), "due_next", "code", "status",
                         "solved_at", optionally with '-' */
    int64_t page, per_page;
};

/* Groupings of the case statistics. */
enum xa_case_group {
    XA_CASE_GROUP_NONE = 0,
    XA_CASE_GROUP_STATION, /* the case's unit */
    XA_CASE_GROUP_TYPE,    /* the top-level type of the case's type */
};

/* What the statistics count: cases of units within scope_path and unit_id's subtree (0 = any);
 * [from, to) applies to opened_at, solved_at and arrests' at separately (docs/cases.md). */
struct xa_case_stats_query {
    const char *scope_path;
    int64_t unit_id;
    int64_t from, to;
    int group; /* enum xa_case_group */
};

/* The counted figures of one group (key_id 0, key and name NULL for XA_CASE_GROUP_NONE). */
struct xa_case_stats_row {
    int64_t key_id;         /* unit id or top-level type id */
    const char *key, *name; /* unit code and name, or type code and Chinese name */
    int64_t opened, solved, arrests;
    int64_t loss_fen, recovered_fen; /* of the cases opened in the period */
};

/* Time to solve of one case solved in the period. */
struct xa_case_solve_time {
    int64_t key_id;
    int64_t seconds;
};

/* Person registry filter (GET /api/v1/persons). */
struct xa_person_filter {
    const char *id_number; /* exact */
    const char *name;      /* substring */
    const char *phone;     /* exact */
    int64_t page, per_page;
};

/* Vocabulary tables of cases for GET /api/v1/vocab. */
extern const struct xa_vocab xa_case_vocab_status;
extern const struct xa_vocab xa_case_vocab_nature;
extern const struct xa_vocab xa_case_vocab_person_role;
extern const struct xa_vocab xa_case_vocab_arrest_measure;
extern const struct xa_vocab xa_case_vocab_property_category;
extern const struct xa_vocab xa_case_vocab_property_status;
extern const struct xa_vocab xa_case_vocab_action_kind;
extern const struct xa_vocab xa_case_vocab_op;

/* Every case vocabulary (with sex and build of person.h); *n_out receives the count. */
const struct xa_vocab *const *xa_case_vocab_all(size_t *n_out);

/* New status for op from status, or XA_ECONFLICT with *reason_out "illegal_transition".
 * n_suspects and reason are those of the case and the request: SOLVE without either, and
 * SUSPEND or DROP without a reason, give XA_EVALIDATION with *reason_out "reason_required". */
XA_MUST_CHECK int xa_case_next(int status, int op, int64_t n_suspects, const char *reason, int *out,
                               const char **reason_out);

/* XA_OK when a user of role may do op on a case: OPEN investigator, leader, desk; ASSIGN
 * leader; everything else the owner investigator or a leader. XA_EFORBIDDEN with
 * *reason_out "role_denied" or "not_accountable" (an investigator who is not the owner). */
XA_MUST_CHECK int xa_case_may(int role, int op, bool is_owner, const char **reason_out);

/* True for OPENED and INVESTIGATING: the case still waits for work (and may be overdue). */
bool xa_case_is_open(int status);

/* Checks a new case's fields at time now into ve (every bad field). type_id must be set by
 * the caller from the type code (0 reports "type" required). */
XA_MUST_CHECK int xa_case_validate(const struct xa_case *c, int64_t now, struct xa_verr *ve);

/* Sets due_first_action and due_analysis from opened_at and is_enterprise, and due_next. */
void xa_case_set_due(struct xa_case *c);
/* The deadline an open case waits for (first action, then analysis); 0 when none. */
int64_t xa_case_next_due(const struct xa_case *c);
/* The step overdue at now, or XA_CASE_STEP_NONE. */
int xa_case_overdue_step(const struct xa_case *c, int64_t now);
/* Time to solve (solved_at - reported_at) in seconds, or -1 while unsolved. */
int64_t xa_case_solve_s(const struct xa_case *c);

/* "<unit_code>-A<yyyymmdd>-<seq, at least 4 digits>" into out (XA_CASE_CODE_MAX bytes). */
#define XA_CASE_CODE_MAX 48
void xa_case_code(const char *unit_code, int32_t yyyymmdd, int64_t seq, char *out);

/* Checks a property item (category, description 1-200, value 0..10^11 fen, serial, brand,
 * model) into ve. */
XA_MUST_CHECK int xa_case_property_validate(const struct xa_property *p, struct xa_verr *ve);
/* New property status for found (to FOUND) or returned (to RETURNED); XA_ECONFLICT otherwise. */
XA_MUST_CHECK int xa_case_property_next(int status, int to, int *out);

/* Nearest-rank percentile (0 < p <= 100) of n sorted values; -1 when n is 0. */
int64_t xa_case_percentile(const int64_t *sorted, size_t n, int p);

/* Code words. NULL for an unknown value. */
const char *xa_case_status_code(int status);
const char *xa_case_op_code(int op);
const char *xa_case_step_code(int step);

#endif
