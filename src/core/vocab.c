/*
 * vocab.c - the controlled vocabularies of DESIGN §4 as static tables.
 *
 * Invariant: in every table the entry at index i has value i + 1 and its code is unique, so
 * the values equal the enums of vocab.h and incident.h; vocab_test checks both. Tables are a
 * handful of rows, so lookups are linear scans.
 */
#include "core/vocab.h"

#include "core/incident.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct xa_vocab_entry channel[] = {
    {XA_CHANNEL_PHONE, "phone", "110报警电话", "110 call"},
    {XA_CHANNEL_WALK_IN, "walk_in", "来所报案", "Walk-in report"},
    {XA_CHANNEL_ONLINE, "online", "网上报警", "Online report"},
    {XA_CHANNEL_PATROL, "patrol", "巡逻发现", "Found on patrol"},
    {XA_CHANNEL_VISIT, "visit", "走访发现", "Found on a visit"},
    {XA_CHANNEL_BANK, "bank", "银行预警", "Bank alert"},
};

static const struct xa_vocab_entry category[] = {
    {XA_CATEGORY_CRIMINAL, "criminal", "刑事", "Criminal"},
    {XA_CATEGORY_PUBLIC_ORDER, "public_order", "治安", "Public order"},
    {XA_CATEGORY_DISPUTE, "dispute", "纠纷", "Dispute"},
    {XA_CATEGORY_HELP, "help", "求助", "Help"},
    {XA_CATEGORY_TRAFFIC, "traffic", "交通", "Traffic"},
    {XA_CATEGORY_FIRE, "fire", "火灾", "Fire"},
    {XA_CATEGORY_COMPLAINT, "complaint", "举报投诉", "Report / complaint"},
    {XA_CATEGORY_OTHER, "other", "其他", "Other"},
};

static const struct xa_vocab_entry reply_method[] = {
    {XA_REPLY_PHONE, "phone", "电话回复", "By phone"},
    {XA_REPLY_SMS, "sms", "短信回复", "By SMS"},
    {XA_REPLY_IN_PERSON, "in_person", "当面回复", "In person"},
    {XA_REPLY_ONLINE, "online", "网上回复", "Online"},
};

static const struct xa_vocab_entry role[] = {
    {XA_ROLE_ADMIN, "admin", "系统管理员", "Administrator"},
    {XA_ROLE_LEADER, "leader", "领导", "Leader"},
    {XA_ROLE_DESK, "desk", "接警员", "Desk officer"},
    {XA_ROLE_PATROL, "patrol", "巡逻民警", "Patrol officer"},
    {XA_ROLE_COMMUNITY, "community", "社区民警", "Community officer"},
    {XA_ROLE_INVESTIGATOR, "investigator", "办案民警", "Investigator"},
    {XA_ROLE_ANALYST, "analyst", "研判分析员", "Analyst"},
};

static const struct xa_vocab_entry unit_kind[] = {
    {XA_UNIT_BUREAU, "bureau", "分局", "Bureau"},
    {XA_UNIT_STATION, "station", "派出所", "Police station"},
    {XA_UNIT_TEAM, "team", "队/室", "Team"},
};

static const struct xa_vocab_entry incident_status[] = {
    {XA_INCIDENT_RECEIVED, "received", "已接警", "Received"},
    {XA_INCIDENT_DISPATCHED, "dispatched", "已派警", "Dispatched"},
    {XA_INCIDENT_ON_SCENE, "on_scene", "已到场", "On scene"},
    {XA_INCIDENT_HANDLED, "handled", "已处置", "Handled"},
    {XA_INCIDENT_REPLIED, "replied", "已回复", "Replied"},
    {XA_INCIDENT_CLOSED, "closed", "已办结", "Closed"},
};

const struct xa_vocab xa_vocab_channel = {"channel", channel, COUNT(channel)};
const struct xa_vocab xa_vocab_category = {"category", category, COUNT(category)};
const struct xa_vocab xa_vocab_reply_method = {"reply_method", reply_method, COUNT(reply_method)};
const struct xa_vocab xa_vocab_role = {"role", role, COUNT(role)};
const struct xa_vocab xa_vocab_unit_kind = {"unit_kind", unit_kind, COUNT(unit_kind)};
const struct xa_vocab xa_vocab_incident_status = {"incident_status", incident_status,
                                                  COUNT(incident_status)};

static const struct xa_vocab *const all[] = {
    &xa_vocab_channel, &xa_vocab_category,  &xa_vocab_reply_method,
    &xa_vocab_role,    &xa_vocab_unit_kind, &xa_vocab_incident_status,
};

const struct xa_vocab *const *xa_vocab_all(size_t *n_out)
{
    *n_out = COUNT(all);
    return all;
}

static const struct xa_vocab_entry *entry(const struct xa_vocab *v, int value)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->entries[i].value == value)
            return &v->entries[i];
    return NULL;
}

int xa_vocab_parse(const struct xa_vocab *v, const char *code, int *out)
{
    if (!code)
        return XA_EVALIDATION;
    for (size_t i = 0; i < v->n; i++) {
        if (strcmp(v->entries[i].code, code) == 0) {
            *out = v->entries[i].value;
            return XA_OK;
        }
    }
    return XA_EVALIDATION;
}

const char *xa_vocab_code(const struct xa_vocab *v, int value)
{
    const struct xa_vocab_entry *e = entry(v, value);
    return e ? e->code : NULL;
}

const char *xa_vocab_zh(const struct xa_vocab *v, int value)
{
    const struct xa_vocab_entry *e = entry(v, value);
    return e ? e->zh : NULL;
}
