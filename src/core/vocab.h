/*
 * vocab.h - the controlled vocabularies of DESIGN §4 as tables of (value, code, 中文, English):
 * incident channels, incident categories, reply methods, roles and unit kinds.
 *
 * The code word is what the API speaks and the store keeps; the labels feed the UI through
 * GET /api/v1/vocab, so the words exist once.
 */
#ifndef XA_VOCAB_H
#define XA_VOCAB_H

#include "base/err.h"

#include <stddef.h>

struct xa_vocab_entry {
    int value; /* > 0 */
    const char *code;
    const char *zh;
    const char *en;
};

struct xa_vocab {
    const char *name; /* "channel", "category", ... */
    const struct xa_vocab_entry *entries;
    size_t n;
};

enum xa_channel {
    XA_CHANNEL_PHONE = 1, /* 110 报警电话 */
    XA_CHANNEL_WALK_IN,   /* 来所报案 */
    XA_CHANNEL_ONLINE,    /* 网上报警 */
    XA_CHANNEL_PATROL,    /* 巡逻发现 */
    XA_CHANNEL_VISIT,     /* 走访发现 */
    XA_CHANNEL_BANK,      /* 银行预警 */
};

enum xa_category {
    XA_CATEGORY_CRIMINAL = 1, /* 刑事 */
    XA_CATEGORY_PUBLIC_ORDER, /* 治安 */
    XA_CATEGORY_DISPUTE,      /* 纠纷 */
    XA_CATEGORY_HELP,         /* 求助 */
    XA_CATEGORY_TRAFFIC,      /* 交通 */
    XA_CATEGORY_FIRE,         /* 火灾 */
    XA_CATEGORY_COMPLAINT,    /* 举报投诉 */
    XA_CATEGORY_OTHER,        /* 其他 */
};

enum xa_reply_method {
    XA_REPLY_PHONE = 1, /* 电话回复 */
    XA_REPLY_SMS,       /* 短信回复 */
    XA_REPLY_IN_PERSON, /* 当面回复 */
    XA_REPLY_ONLINE,    /* 网上回复 */
};

enum xa_role {
    XA_ROLE_ADMIN = 1,    /* 系统管理员 */
    XA_ROLE_LEADER,       /* 所长 / 局领导 */
    XA_ROLE_DESK,         /* 接警员 / 值班民警 */
    XA_ROLE_PATROL,       /* 巡逻民警 / 辅警 */
    XA_ROLE_COMMUNITY,    /* 社区民警 */
    XA_ROLE_INVESTIGATOR, /* 办案民警 */
    XA_ROLE_ANALYST,      /* 综合指挥室 / 情报研判 */
};

enum xa_unit_kind {
    XA_UNIT_BUREAU = 1, /* 分局 */
    XA_UNIT_STATION,    /* 派出所 */
    XA_UNIT_TEAM,       /* 队 / 室 */
};

extern const struct xa_vocab xa_vocab_channel;
extern const struct xa_vocab xa_vocab_category;
extern const struct xa_vocab xa_vocab_reply_method;
extern const struct xa_vocab xa_vocab_role;
extern const struct xa_vocab xa_vocab_unit_kind;
extern const struct xa_vocab xa_vocab_incident_status;

/* Every table above, for listing; *n_out receives the count. */
const struct xa_vocab *const *xa_vocab_all(size_t *n_out);

/* Value of code in v; XA_EVALIDATION when code is NULL or unknown. */
XA_MUST_CHECK int xa_vocab_parse(const struct xa_vocab *v, const char *code, int *out);
/* Code word of value, or NULL when value is not in v. */
const char *xa_vocab_code(const struct xa_vocab *v, int value);
/* Chinese label of value, or NULL. */
const char *xa_vocab_zh(const struct xa_vocab *v, int value);

#endif
