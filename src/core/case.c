/*
 * case.c - cases (案件) as pure rules: vocabularies, the state machine, permissions, deadlines,
 * codes and the checks of a new case and of a property item.
 *
 * States: OPENED -> INVESTIGATING [START] -> SOLVED [SOLVE] -> TRANSFERRED [TRANSFER]
 *         | CLOSED [CLOSE]; OPENED|INVESTIGATING -> SUSPENDED [SUSPEND] | DROPPED [DROP];
 *         SUSPENDED -> INVESTIGATING [RESUME].
 * Invariant: every transition is decided by xa_case_next and every permission by xa_case_may,
 * so the service layer holds no state rules of its own. Deadlines are fixed at opening
 * (xa_case_set_due); due_next follows the work done (xa_case_next_due).
 */
#include "core/case.h"

#include "base/time.h"
#include "core/validate.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define FUTURE_SLACK_S 300
#define TITLE_MAX 100
#define SUMMARY_MAX 4000
#define ADDRESS_MAX 200
#define MO_TEXT_MAX 1000
#define PROPERTY_TEXT_MAX 200
#define SERIAL_MAX 64
#define VALUE_MAX_FEN INT64_C(100000000000) /* 10 亿元 */

static const struct xa_vocab_entry status[] = {
    {XA_CASE_OPENED, "opened", "已立案", "Opened"},
    {XA_CASE_INVESTIGATING, "investigating", "侦查中", "Investigating"},
    {XA_CASE_SOLVED, "solved", "已破案", "Solved"},
    {XA_CASE_TRANSFERRED, "transferred", "已移送起诉", "Transferred"},
    {XA_CASE_CLOSED, "closed", "已结案", "Closed"},
    {XA_CASE_SUSPENDED, "suspended", "已中止", "Suspended"},
    {XA_CASE_DROPPED, "dropped", "已撤案", "Dropped"},
};

static const struct xa_vocab_entry nature[] = {
    {XA_CASE_CRIMINAL, "criminal", "刑事", "Criminal"},
    {XA_CASE_ADMINISTRATIVE, "administrative", "行政", "Administrative"},
};

static const struct xa_vocab_entry person_role[] = {
    {XA_CASE_ROLE_VICTIM, "victim", "被害人/事主", "Victim"},
    {XA_CASE_ROLE_SUSPECT, "suspect", "嫌疑人", "Suspect"},
    {XA_CASE_ROLE_WITNESS, "witness", "证人", "Witness"},
    {XA_CASE_ROLE_REPORTER, "reporter", "报案人", "Reporter"},
};

static const struct xa_vocab_entry arrest_measure[] = {
    {XA_ARREST_CRIMINAL_DETENTION, "criminal_detention", "刑事拘留", "Criminal detention"},
    {XA_ARREST_ADMINISTRATIVE_DETENTION, "administrative_detention", "行政拘留",
     "Administrative detention"},
    {XA_ARREST_BAIL, "bail", "取保候审", "Bail pending trial"},
    {XA_ARREST_RESIDENTIAL_SURVEILLANCE, "residential_surveillance", "监视居住",
     "Residential surveillance"},
    {XA_ARREST_ARREST, "arrest", "逮捕", "Arrest"},
    {XA_ARREST_SUMMONS, "summons", "传唤", "Summons"},
};

static const struct xa_vocab_entry property_category[] = {
    {XA_PROPERTY_EBIKE, "ebike", "电动车", "E-bike"},
    {XA_PROPERTY_MOTORCYCLE, "motorcycle", "摩托车", "Motorcycle"},
    {XA_PROPERTY_BICYCLE, "bicycle", "自行车", "Bicycle"},
    {XA_PROPERTY_PHONE, "phone", "手机", "Phone"},
    {XA_PROPERTY_CASH, "cash", "现金", "Cash"},
    {XA_PROPERTY_JEWELRY, "jewelry", "首饰", "Jewelry"},
    {XA_PROPERTY_ELECTRONICS, "electronics", "电子产品", "Electronics"},
    {XA_PROPERTY_VEHICLE_ITEMS, "vehicle_items", "车内财物", "Items from a vehicle"},
    {XA_PROPERTY_LIVESTOCK, "livestock", "家畜", "Livestock"},
    {XA_PROPERTY_GOODS, "goods", "商品/货物", "Goods"},
    {XA_PROPERTY_SCRAP_METAL, "scrap_metal", "废旧金属", "Scrap metal"},
    {XA_PROPERTY_BANK_TRANSFER, "bank_transfer", "转账资金", "Transferred funds"},
    {XA_PROPERTY_OTHER, "other", "其他", "Other"},
};

static const struct xa_vocab_entry property_status[] = {
    {XA_PROPERTY_LOST, "lost", "被盗/损失", "Lost"},
    {XA_PROPERTY_FOUND, "found", "已追回", "Recovered"},
    {XA_PROPERTY_RETURNED, "returned", "已发还", "Returned"},
};

static const struct xa_vocab_entry action_kind[] = {
    {XA_ACTION_SCENE, "scene", "现场勘查", "Scene examination"},
    {XA_ACTION_CANVASS, "canvass", "走访调查", "Canvass"},
    {XA_ACTION_VIDEO, "video", "视频追踪", "Video tracking"},
    {XA_ACTION_FACE, "face", "人像比对", "Face comparison"},
    {XA_ACTION_EVIDENCE, "evidence", "物证鉴定", "Forensic examination"},
    {XA_ACTION_LINKAGE, "linkage", "串并研判", "Series linkage analysis"},
    {XA_ACTION_FUND_TRACE, "fund_trace", "资金查控", "Fund tracing"},
    {XA_ACTION_PAWN_CHECK, "pawn_check", "销赃渠道排查", "Fence and pawn check"},
    {XA_ACTION_OTHER, "other", "其他措施", "Other measure"},
};

static const struct xa_vocab_entry op[] = {
    {XA_CASE_OP_OPEN, "open", "立案", "Opened"},
    {XA_CASE_OP_START, "start", "开始侦查", "Investigation started"},
    {XA_CASE_OP_SOLVE, "solve", "破案", "Solved"},
    {XA_CASE_OP_SUSPEND, "suspend", "中止", "Suspended"},
    {XA_CASE_OP_RESUME, "resume", "恢复侦查", "Resumed"},
    {XA_CASE_OP_DROP, "drop", "撤案", "Dropped"},
    {XA_CASE_OP_CLOSE, "close", "结案", "Closed"},
    {XA_CASE_OP_TRANSFER, "transfer", "移送起诉", "Transferred"},
    {XA_CASE_OP_ASSIGN, "assign", "指派主办民警", "Assigned"},
    {XA_CASE_OP_ACTION, "action", "侦查措施", "Investigation action"},
    {XA_CASE_OP_PROPERTY, "property", "涉案财物", "Property"},
    {XA_CASE_OP_PERSON, "person", "涉案人员", "Person"},
    {XA_CASE_OP_ARREST, "arrest", "抓获", "Arrest"},
    {XA_CASE_OP_ATTACH, "attachment", "附件", "Attachment"},
};

const struct xa_vocab xa_case_vocab_status = {"case_status", status, COUNT(status)};
const struct xa_vocab xa_case_vocab_nature = {"case_nature", nature, COUNT(nature)};
const struct xa_vocab xa_case_vocab_person_role = {"person_role", person_role, COUNT(person_role)};
const struct xa_vocab xa_case_vocab_arrest_measure = {"arrest_measure", arrest_measure,
                                                      COUNT(arrest_measure)};
const struct xa_vocab xa_case_vocab_property_category = {"property_category", property_category,
                                                         COUNT(property_category)};
const struct xa_vocab xa_case_vocab_property_status = {"property_status", property_status,
                                                       COUNT(property_status)};
const struct xa_vocab xa_case_vocab_action_kind = {"action_kind", action_kind, COUNT(action_kind)};
const struct xa_vocab xa_case_vocab_op = {"case_event", op, COUNT(op)};

static const struct xa_vocab *const all[] = {
    &xa_case_vocab_nature,
    &xa_case_vocab_status,
    &xa_case_vocab_person_role,
    &xa_person_vocab_build,
    &xa_person_vocab_sex,
    &xa_case_vocab_arrest_measure,
    &xa_case_vocab_property_category,
    &xa_case_vocab_property_status,
    &xa_case_vocab_action_kind,
    &xa_case_vocab_op,
};

const struct xa_vocab *const *xa_case_vocab_all(size_t *n_out)
{
    *n_out = COUNT(all);
    return all;
}

bool xa_case_is_open(int s)
{
    return s == XA_CASE_OPENED || s == XA_CASE_INVESTIGATING;
}

static bool has_text(const char *s)
{
    if (!s)
        return false;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return true;
    return false;
}

int xa_case_next(int from, int o, int64_t n_suspects, const char *reason, int *out,
                 const char **reason_out)
{
    int to = 0;
    switch (o) {
    case XA_CASE_OP_OPEN:
        if (from == 0)
            to = XA_CASE_OPENED;
        break;
    case XA_CASE_OP_START:
        if (from == XA_CASE_OPENED)
            to = XA_CASE_INVESTIGATING;
        break;
    case XA_CASE_OP_SOLVE:
        if (from == XA_CASE_INVESTIGATING)
            to = XA_CASE_SOLVED;
        break;
    case XA_CASE_OP_SUSPEND:
        if (xa_case_is_open(from))
            to = XA_CASE_SUSPENDED;
        break;
    case XA_CASE_OP_DROP:
        if (xa_case_is_open(from))
            to = XA_CASE_DROPPED;
        break;
    case XA_CASE_OP_RESUME:
        if (from == XA_CASE_SUSPENDED)
            to = XA_CASE_INVESTIGATING;
        break;
    case XA_CASE_OP_CLOSE:
        if (from == XA_CASE_SOLVED)
            to = XA_CASE_CLOSED;
        break;
    case XA_CASE_OP_TRANSFER:
        if (from == XA_CASE_SOLVED)
            to = XA_CASE_TRANSFERRED;
        break;
    default:
        break;
    }
    if (!to) {
        *reason_out = "illegal_transition";
        return XA_ECONFLICT;
    }
    bool need_reason = o == XA_CASE_OP_SUSPEND || o == XA_CASE_OP_DROP ||
                       (o == XA_CASE_OP_SOLVE && n_suspects <= 0);
    if (need_reason && !has_text(reason)) {
        *reason_out = "reason_required";
        return XA_EVALIDATION;
    }
    *out = to;
    return XA_OK;
}

int xa_case_may(int role, int o, bool is_owner, const char **reason_out)
{
    bool ok;
    switch (o) {
    case XA_CASE_OP_OPEN:
        ok = role == XA_ROLE_INVESTIGATOR || role == XA_ROLE_LEADER || role == XA_ROLE_DESK;
        break;
    case XA_CASE_OP_ASSIGN:
        ok = role == XA_ROLE_LEADER;
        break;
    default:
        if (role == XA_ROLE_INVESTIGATOR && !is_owner) {
            *reason_out = "not_accountable";
            return XA_EFORBIDDEN;
        }
        ok = role == XA_ROLE_INVESTIGATOR || role == XA_ROLE_LEADER;
        break;
    }
    if (!ok) {
        *reason_out = "role_denied";
        return XA_EFORBIDDEN;
    }
    return XA_OK;
}

int xa_case_validate(const struct xa_case *c, int64_t now, struct xa_verr *ve)
{
    struct xa_verr local = {0};
    const char *why;
    const int64_t epoch_2000 = xa_time_days_from_civil(2000, 1, 1) * 86400 - XA_TIME_CN_OFFSET;

    if (!c->type_id)
        xa_verr_add(&local, "type", "required");
    if (!c->nature)
        xa_verr_add(&local, "nature", "required");
    else if (!xa_vocab_code(&xa_case_vocab_nature, c->nature))
        xa_verr_add(&local, "nature", "unknown_value");
    if (!c->title)
        xa_verr_add(&local, "title", "required");
    else if (!has_text(c->title))
        xa_verr_add(&local, "title", "empty");
    else if ((why = xa_validate_text(c->title, TITLE_MAX)) != NULL)
        xa_verr_add(&local, "title", why);
    if ((why = xa_validate_text(c->summary, SUMMARY_MAX)) != NULL)
        xa_verr_add(&local, "summary", why);
    if ((why = xa_validate_text(c->address, ADDRESS_MAX)) != NULL)
        xa_verr_add(&local, "address", why);
    if ((why = xa_validate_text(c->mo_text, MO_TEXT_MAX)) != NULL)
        xa_verr_add(&local, "mo_text", why);
    if (c->has_location) {
        if ((why = xa_validate_lat(c->lat)) != NULL)
            xa_verr_add(&local, "lat", why);
        if ((why = xa_validate_lon(c->lon)) != NULL)
            xa_verr_add(&local, "lon", why);
    }
    const struct {
        const char *field;
        int64_t t;
    } win[] = {{"window_from", c->window_from}, {"window_to", c->window_to}};
    for (size_t i = 0; i < COUNT(win); i++) {
        if (!win[i].t)
            continue;
        if (win[i].t > now + FUTURE_SLACK_S)
            xa_verr_add(&local, win[i].field, "in_future");
        else if (win[i].t < epoch_2000)
            xa_verr_add(&local, win[i].field, "out_of_range");
    }
    if (c->window_from && c->window_to && c->window_from > c->window_to)
        xa_verr_add(&local, "window_to", "out_of_range");

    for (size_t i = 0; i < local.n; i++)
        xa_verr_add(ve, local.items[i].field, local.items[i].reason);
    return xa_verr_rc(&local);
}

void xa_case_set_due(struct xa_case *c)
{
    c->due_first_action = c->opened_at + (c->is_enterprise ? XA_CASE_FIRST_ACTION_ENTERPRISE_S
                                                           : XA_CASE_FIRST_ACTION_S);
    c->due_analysis = c->opened_at + XA_CASE_ANALYSIS_S;
    c->due_next = xa_case_next_due(c);
}

int64_t xa_case_next_due(const struct xa_case *c)
{
    if (!xa_case_is_open(c->status))
        return 0;
    if (!c->first_action_at)
        return c->due_first_action;
    if (!c->analysis_at)
        return c->due_analysis;
    return 0;
}

int xa_case_overdue_step(const struct xa_case *c, int64_t now)
{
    if (!xa_case_is_open(c->status))
        return XA_CASE_STEP_NONE;
    if (!c->first_action_at && c->due_first_action && now > c->due_first_action)
        return XA_CASE_STEP_FIRST_ACTION;
    if (!c->analysis_at && c->due_analysis && now > c->due_analysis)
        return XA_CASE_STEP_ANALYSIS;
    return XA_CASE_STEP_NONE;
}

int64_t xa_case_solve_s(const struct xa_case *c)
{
    return c->solved_at ? c->solved_at - c->reported_at : -1;
}

void xa_case_code(const char *unit_code, int32_t yyyymmdd, int64_t seq, char *out)
{
    snprintf(out, XA_CASE_CODE_MAX, "%s-A%08" PRId32 "-%04" PRId64, unit_code, yyyymmdd, seq);
}

int xa_case_property_validate(const struct xa_property *p, struct xa_verr *ve)
{
    struct xa_verr local = {0};
    const char *why;
    if (!p->category)
        xa_verr_add(&local, "category", "required");
    else if (!xa_vocab_code(&xa_case_vocab_property_category, p->category))
        xa_verr_add(&local, "category", "unknown_value");
    if (!p->description)
        xa_verr_add(&local, "description", "required");
    else if (!has_text(p->description))
        xa_verr_add(&local, "description", "empty");
    else if ((why = xa_validate_text(p->description, PROPERTY_TEXT_MAX)) != NULL)
        xa_verr_add(&local, "description", why);
    if ((why = xa_validate_text(p->brand, PROPERTY_TEXT_MAX)) != NULL)
        xa_verr_add(&local, "brand", why);
    if ((why = xa_validate_text(p->model, PROPERTY_TEXT_MAX)) != NULL)
        xa_verr_add(&local, "model", why);
    if ((why = xa_validate_text(p->serial, SERIAL_MAX)) != NULL)
        xa_verr_add(&local, "serial", why);
    if (p->value_fen < 0 || p->value_fen > VALUE_MAX_FEN)
        xa_verr_add(&local, "value_fen", "out_of_range");
    for (size_t i = 0; i < local.n; i++)
        xa_verr_add(ve, local.items[i].field, local.items[i].reason);
    return xa_verr_rc(&local);
}

int xa_case_property_next(int from, int to, int *out)
{
    if ((to == XA_PROPERTY_FOUND && from == XA_PROPERTY_LOST) ||
        (to == XA_PROPERTY_RETURNED && from == XA_PROPERTY_FOUND)) {
        *out = to;
        return XA_OK;
    }
    return XA_ECONFLICT;
}

int64_t xa_case_percentile(const int64_t *sorted, size_t n, int p)
{
    if (n == 0 || p <= 0 || p > 100)
        return -1;
    size_t rank = ((size_t)p * n + 99) / 100; /* ceil(p/100 * n), 1-based */
    if (rank < 1)
        rank = 1;
    return sorted[rank - 1];
}

const char *xa_case_status_code(int s)
{
    return xa_vocab_code(&xa_case_vocab_status, s);
}

const char *xa_case_op_code(int o)
{
    return xa_vocab_code(&xa_case_vocab_op, o);
}

const char *xa_case_step_code(int step)
{
    switch (step) {
    case XA_CASE_STEP_FIRST_ACTION:
        return "first_action";
    case XA_CASE_STEP_ANALYSIS:
        return "analysis";
    default:
        return NULL;
    }
}
