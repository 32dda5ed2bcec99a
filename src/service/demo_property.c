/*
 * demo_property.c - the property of the demo county's cases (涉案财物): what each kind of case
 * lost (the amount of the narrative where it gave one), with plausible IMEIs, frame numbers and
 * accounts, and what of it was found and returned.
 *
 * Invariants:
 *  1. Recovered property is a subset of the items lost, so recovered <= loss; an item is found
 *     before the case ended and before the anchor, and returned after it was found.
 *  2. Property states: LOST -> FOUND (found_at) -> RETURNED (returned_at), written in one row
 *     per item with a hap (xa_demo_timeline_hap) for each step.
 */
#include "service/demo_int.h"

#include "core/case.h"
#include "store/store.h"

#include <stdio.h>
#include <string.h>

/* ---- what was lost ---- */

static const char *const phone_models[][2] = {
    {"华为", "Mate 60"}, {"华为", "nova 12"}, {"小米", "14"},        {"OPPO", "Reno 11"},
    {"vivo", "X100"},    {"荣耀", "90"},      {"苹果", "iPhone 15"},
};
static const char *const moto_brands[] = {"豪爵", "五羊-本田", "钱江", "新大洲本田", "宗申"};
static const char *const banks[] = {"工商银行", "农业银行", "建设银行", "中国银行", "邮储银行"};

#define MAX_ITEMS 6

struct item {
    int category;
    const char *description, *brand, *model, *serial;
    int64_t value_fen;
};

static const char *imei(struct demo *d, struct xa_arena *a)
{
    char s[16];
    snprintf(s, sizeof(s), "86%012lld", (long long)rnd_range(&d->rng, 0, 999999999999LL));
    int sum = 0;
    for (int i = 0; i < 14; i++) {
        int v = s[i] - '0';
        if (i % 2) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
    }
    s[14] = (char)('0' + (10 - sum % 10) % 10);
    s[15] = '\0';
    return xa_arena_strdup(a, s);
}

static void phone_item(struct demo *d, struct xa_arena *a, struct item *it, long yuan)
{
    size_t m = rnd_u64(&d->rng) % N(phone_models);
    *it = (struct item){
        XA_PROPERTY_PHONE,  xa_arena_printf(a, "%s%s手机", phone_models[m][0], phone_models[m][1]),
        phone_models[m][0], phone_models[m][1],
        imei(d, a),         (int64_t)(yuan ? yuan : rnd_range(&d->rng, 1500, 7000)) * 100};
}

static const char *frame_number(struct demo *d, struct xa_arena *a, const char *brand)
{
    static const struct {
        const char *brand, *prefix;
    } pre[] = {{"雅迪", "YD"}, {"爱玛", "AM"}, {"台铃", "TL"},
               {"新日", "XR"}, {"绿源", "LY"}, {"小牛", "NQ"}};
    const char *p = "DD";
    for (size_t i = 0; i < N(pre); i++)
        if (brand && strstr(brand, pre[i].brand))
            p = pre[i].prefix;
    return xa_arena_printf(a, "%s%02d%011lld", p, (int)rnd_range(&d->rng, 18, 25),
                           (long long)rnd_range(&d->rng, 0, 99999999999LL));
}

/* What was lost: the amount of the narrative where it gave one. */
static size_t draw_items(struct cw *w, struct item *it)
{
    struct demo *d = w->d;
    struct xa_arena *a = w->a;
    uint64_t *r = &d->rng;
    const struct lead *l = w->kp->l;
    long yuan = l ? l->amount : 0;
    size_t n = 0;
    switch (w->kp->kase) {
    case K_EBIKE: {
        const char *desc = l && l->ebike ? l->ebike : "黑色雅迪牌";
        char brand[32] = "";
        const char *b = strstr(desc, "色");
        snprintf(brand, sizeof(brand), "%s", b ? b + strlen("色") : desc);
        char *pai = strstr(brand, "牌");
        if (pai)
            *pai = '\0';
        it[n++] = (struct item){
            XA_PROPERTY_EBIKE,         xa_arena_printf(a, "%s电动车", desc),
            xa_arena_strdup(a, brand), NULL,
            frame_number(d, a, brand), (int64_t)(yuan ? yuan : rnd_range(r, 1500, 4000)) * 100};
        break;
    }
    case K_EBIKE_BATTERY:
        it[n++] = (struct item){XA_PROPERTY_OTHER,
                                "电动车电瓶（48V）",
                                "天能",
                                NULL,
                                NULL,
                                (int64_t)(yuan ? yuan : 600) * 100};
        break;
    case K_BURGLARY:
        it[n++] = (struct item){XA_PROPERTY_CASH, "现金", NULL, NULL, NULL, (int64_t)yuan * 60};
        it[n++] = (struct item){XA_PROPERTY_JEWELRY,
                                "金项链一条、金戒指一枚",
                                NULL,
                                NULL,
                                NULL,
                                (int64_t)yuan * 40 + rnd_range(r, 10, 40) * 10000};
        break;
    case K_PICKPOCKET:
    case K_PHONE:
        phone_item(d, a, &it[n++], yuan);
        break;
    case K_SHOP:
        it[n++] =
            (struct item){XA_PROPERTY_CASH, "收银台内现金", NULL, NULL, NULL, (int64_t)yuan * 100};
        if (rnd_chance(r, 0.5))
            it[n++] = (struct item){XA_PROPERTY_GOODS,           "香烟8条", NULL, NULL, NULL,
                                    rnd_range(r, 12, 30) * 10000};
        break;
    case K_MOTORCYCLE: {
        const char *b = PICK(r, moto_brands);
        it[n++] =
            (struct item){XA_PROPERTY_MOTORCYCLE,
                          xa_arena_printf(a, "%s牌两轮摩托车", b),
                          b,
                          NULL,
                          xa_arena_printf(a, "162FMJ%08lld", (long long)rnd_range(r, 0, 99999999)),
                          rnd_range(r, 30, 90) * 10000};
        break;
    }
    case K_ENTERPRISE:
        it[n++] = (struct item){XA_PROPERTY_SCRAP_METAL, "铜芯电缆约200米", NULL, NULL, NULL,
                                (int64_t)yuan * 60};
        it[n++] = (struct item){XA_PROPERTY_SCRAP_METAL, "废旧钢材约1吨", NULL, NULL, NULL,
                                (int64_t)yuan * 40};
        break;
    case K_CARDOOR:
        it[n++] = (struct item){XA_PROPERTY_CASH,
                                "车内现金",
                                NULL,
                                NULL,
                                NULL,
                                (int64_t)(yuan ? yuan : rnd_range(r, 3, 30) * 100) * 100};
        if (rnd_chance(r, 0.6))
            it[n++] = (struct item){XA_PROPERTY_VEHICLE_ITEMS, "香烟两条", NULL, NULL, NULL,
                                    rnd_range(r, 4, 9) * 10000};
        break;
    case K_SMASH:
        it[n++] =
            (struct item){XA_PROPERTY_VEHICLE_ITEMS,  "手提包（内有现金及证件）", NULL, NULL, NULL,
                          rnd_range(r, 8, 30) * 10000};
        if (rnd_chance(r, 0.4))
            it[n++] =
                (struct item){XA_PROPERTY_ELECTRONICS,
                              "笔记本电脑",
                              "联想",
                              "ThinkPad",
                              xa_arena_printf(a, "PF%06lld", (long long)rnd_range(r, 0, 999999)),
                              rnd_range(r, 30, 80) * 10000};
        break;
    case K_LIVESTOCK:
        it[n++] = (struct item){XA_PROPERTY_LIVESTOCK,
                                "山羊3只",
                                NULL,
                                NULL,
                                NULL,
                                (int64_t)(yuan ? yuan : 3000) * 100};
        break;
    case K_DOG:
        it[n++] = (struct item){XA_PROPERTY_LIVESTOCK,
                                rnd_chance(r, 0.5) ? "土狗1条" : "土狗2条",
                                NULL,
                                NULL,
                                NULL,
                                rnd_range(r, 6, 25) * 10000};
        break;
    case K_FRAUD_REFUND:
    case K_FRAUD_BRUSHING:
    case K_FRAUD_RELATIVE:
    case K_FRAUD_LOAN:
    case K_FRAUD_POLICE: {
        if (!yuan)
            yuan = rnd_range(r, 20, 400) * 100;
        int parts =
            w->kp->kase == K_FRAUD_BRUSHING ? (int)rnd_range(r, 2, 4) : (int)rnd_range(r, 1, 2);
        bool stopped = w->kp->kase == K_FRAUD_POLICE; /* the bank's warning came in time */
        long left = yuan;
        for (int i = 0; i < parts; i++) {
            long part = i == parts - 1 ? left : left / (parts - i) / 100 * 100;
            left -= part;
            const char *acct = rnd_chance(r, 0.3)
                                   ? w->cg->mules[rnd_u64(r) % N_MULES]
                                   : xa_arena_printf(a, "62%02d%015lld", (int)rnd_range(r, 12, 28),
                                                     (long long)rnd_range(r, 0, 999999999999999LL));
            it[n++] = (struct item){
                XA_PROPERTY_BANK_TRANSFER,
                xa_arena_printf(a, stopped ? "拟转账至%s账户（已劝阻）" : "转账至%s账户",
                                PICK(r, banks)),
                NULL,
                NULL,
                acct,
                stopped ? 0 : (int64_t)part * 100};
        }
        break;
    }
    case K_ROBBERY:
        it[n++] = (struct item){XA_PROPERTY_CASH, "现金", NULL, NULL, NULL, (int64_t)yuan * 100};
        phone_item(d, a, &it[n++], 0);
        break;
    case K_SNATCH:
        it[n++] = (struct item){XA_PROPERTY_OTHER,         "女式挎包", NULL, NULL, NULL,
                                rnd_range(r, 1, 5) * 10000};
        it[n++] =
            (struct item){XA_PROPERTY_CASH, "包内现金", NULL, NULL, NULL, (int64_t)yuan * 100};
        phone_item(d, a, &it[n++], 0);
        break;
    default:
        break;
    }
    return n;
}

/* ---- what was found and returned ---- */

/* Chance that an item of a category is found, solved or not. */
static double p_found(int category, bool solved)
{
    switch (category) {
    case XA_PROPERTY_EBIKE:
    case XA_PROPERTY_MOTORCYCLE:
        return solved ? 0.75 : 0.05;
    case XA_PROPERTY_BANK_TRANSFER:
        return solved ? 0.35 : 0.12; /* frozen in time (止付冻结) */
    case XA_PROPERTY_SCRAP_METAL:
        return solved ? 0.75 : 0.0;
    case XA_PROPERTY_LIVESTOCK:
        return solved ? 0.3 : 0.0;
    default:
        return solved ? 0.5 : 0.0;
    }
}

int xa_demo_property_add(struct cw *w)
{
    struct demo *d = w->d;
    uint64_t *r = &d->rng;
    struct item it[MAX_ITEMS];
    size_t n = draw_items(w, it);
    for (size_t i = 0; i < n; i++) {
        struct xa_property p = {
            .case_id = w->c.id,
            .category = it[i].category,
            .description = it[i].description,
            .brand = it[i].brand,
            .model = it[i].model,
            .serial = it[i].serial,
            .value_fen = it[i].value_fen,
            .status = XA_PROPERTY_LOST,
            .owner_person_id = w->victim,
            .created_at = w->c.opened_at + 120,
        };
        if (xa_case_property_validate(&p, &d->ctx->verr))
            return XA_EINTERNAL;
        bool solved = w->solve_at != 0;
        int64_t from = solved ? w->solve_at : w->c.opened_at + rnd_range(r, 1, 20) * DAY_S;
        if (p.value_fen && rnd_chance(r, p_found(p.category, solved))) {
            int64_t found = from + rnd_range(r, 30 * MIN_S, 2 * DAY_S);
            if (w->end_at && found > w->end_at)
                found = 0;
            if (found && found < d->anchor) {
                p.status = XA_PROPERTY_FOUND;
                p.found_at = found;
                p.holder_person_id = solved && w->n_suspects ? w->suspects[0] : 0;
                p.note = p.category == XA_PROPERTY_BANK_TRANSFER ? "涉案资金已冻结"
                         : solved                                ? "从嫌疑人处追缴"
                                                                 : "在废弃处找到";
                int64_t ret =
                    xa_demo_timeline_office_hours(d, found + rnd_range(r, 1 * DAY_S, 10 * DAY_S));
                if (ret < d->anchor && rnd_chance(r, 0.9)) {
                    p.status = XA_PROPERTY_RETURNED;
                    p.returned_at = ret;
                }
            }
        }
        int rc = xa_store_case_property_put(d->s, &p);
        if (rc)
            return rc;
        d->sum->n_property++;
        d->sum->loss_fen += p.value_fen;
        xa_demo_timeline_hap(w, p.created_at, XA_CASE_OP_PROPERTY, w->owner,
                             xa_arena_printf(w->a, "登记损失财物: %s", p.description));
        if (p.found_at) {
            d->sum->recovered_fen += p.value_fen;
            xa_demo_timeline_hap(w, p.found_at, XA_CASE_OP_PROPERTY, w->owner,
                                 xa_arena_printf(w->a, "追回财物: %s", p.description));
        }
        if (p.returned_at)
            xa_demo_timeline_hap(w, p.returned_at, XA_CASE_OP_PROPERTY, w->owner,
                                 xa_arena_printf(w->a, "发还财物: %s", p.description));
    }
    return XA_OK;
}
