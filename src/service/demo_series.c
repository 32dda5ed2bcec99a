/*
 * demo_series.c - what a year of analysis left in the demo county: the series (串并案) the
 * analysts confirmed and the clue ledger (线索, docs/linkage.md), written through
 * store_series.h after every case (demo_case.c noted them in d->rows).
 *
 * Invariants:
 *  1. Only true links: a confirmed series holds cases of one planted series or of one 惯犯
 *     (whose cases are recorded in demo_series here, under DEMO-REG-<n>); nothing else is linked.
 *  2. Every series, member, note and clue is dated in the past: after the case it names was
 *     opened and before the anchor; a member is added when the series exists.
 *  3. A verified clue of outcome case_solved names a case solved when the clue was closed; one
 *     of outcome series_linked names the series it led to.
 *  4. Draws come after every other draw of d->rng, so the data before them does not change.
 * Which series: DEMO-SM-DOG and DEMO-SCHOOL-EBIKE whole, confirmed after their third case;
 * DEMO-HD-CARDOOR its first three nights only; DEMO-CG-CARDOOR not at all (the engine's to
 * propose); each 惯犯's solved cases, one series a calendar year, from the second.
 */
#include "service/demo_int.h"

#include "base/time.h"
#include "core/vocab.h"
#include "store/store_demo.h"
#include "store/store_series.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sgen {
    struct demo *d;
    struct xa_arena *a;
    int64_t analyst[N_STATIONS];
};

static int64_t officer_id(struct demo *d, size_t i)
{
    return d->off[i].id;
}

static int64_t before_anchor(struct demo *d, int64_t t)
{
    return t < d->anchor ? t : 0;
}

/* A new series of unit station st, created by by at at; *id_out. */
static int new_series(struct sgen *g, int st, const char *name, int64_t at, int64_t by,
                      int64_t *id_out)
{
    struct demo *d = g->d;
    struct xa_series x = {
        .name = name,
        .unit_id = d->st[st].unit.id,
        .created_at = at,
        .created_by = by,
        .updated_at = at,
    };
    int rc = xa_store_series_put(d->s, &x);
    if (rc)
        return rc;
    rc = xa_store_series_set_code(
        d->s, x.id,
        xa_arena_printf(g->a, "CB%04d-%04lld", (int)(xa_time_day_cn(at) / 10000), (long long)x.id));
    if (rc)
        return rc;
    d->sum->n_confirmed++;
    *id_out = x.id;
    return XA_OK;
}

static int add_member(struct sgen *g, int64_t series_id, const struct kase_row *k, int64_t at,
                      int64_t by, const char *reason)
{
    struct xa_series_member m = {
        .series_id = series_id,
        .case_id = k->id,
        .added_at = at,
        .added_by = by,
        .reason = reason,
    };
    int rc = xa_store_series_member_put(g->d->s, &m);
    if (!rc)
        g->d->sum->n_confirmed_cases++;
    return rc;
}

static int add_note(struct sgen *g, int64_t series_id, int64_t at, int64_t by, const char *text)
{
    if (!before_anchor(g->d, at))
        return XA_OK;
    struct xa_series_note x = {.series_id = series_id, .at = at, .user_id = by, .text = text};
    return xa_store_series_note_put(g->d->s, &x);
}

static int put_clue(struct sgen *g, struct xa_clue *c)
{
    struct demo *d = g->d;
    c->kind = XA_CLUE_GENERAL;
    if (!c->assigned_at && c->assignee_id)
        c->assigned_at = c->created_at;
    int rc = xa_store_clue_put(d->s, c);
    if (rc)
        return rc;
    d->sum->n_clues++;
    d->sum->n_clues_verified += c->status == XA_CLUE_VERIFIED;
    d->sum->n_clues_open += c->status == XA_CLUE_OPEN;
    return XA_OK;
}

/* The analysis clue that led to a series: raised by the analyst before at, verified at at. */
static int series_clue(struct sgen *g, const struct kase_row *first, int64_t series_id, int64_t at,
                       int64_t by, int source, const char *content)
{
    struct demo *d = g->d;
    int64_t made = at - rnd_range(&d->rng, HOUR_S, 6 * HOUR_S);
    if (made <= first->opened_at)
        made = first->opened_at + (at - first->opened_at) / 2;
    struct xa_clue c = {
        .source = source,
        .status = XA_CLUE_VERIFIED,
        .outcome = XA_CLUE_SERIES_LINKED,
        .content = content,
        .case_id = first->id,
        .unit_id = d->st[first->station].unit.id,
        .assignee_id = by,
        .created_at = made,
        .created_by = by,
        .closed_at = at,
        .closed_by = by,
        .note = "核查属实，已串并。",
        .series_id = series_id,
    };
    return put_clue(g, &c);
}

/* ---- the planted series ---- */

struct planted {
    int series;
    size_t n_confirm; /* members confirmed: all (0) or the first n */
    const char *name;
    const char *clue;
    const char *notes[3]; /* at creation, after the middle member, after the first solve */
};

static const struct planted planted[] = {
    {SER_DOG,
     0,
     "石门三村投毒偷狗串案",
     "石门相邻三村接连发生夜间毒杀看家犬后盗狗案件，时段、手法一致，建议串并侦查。",
     {"三起案件均发生在石门相邻村庄，夜间投放毒饵毒杀看家犬后盗走，作案时段、手法一致，串并侦查。",
      "走访村民反映，案发前后夜间有一辆红色摩托车在村道出入，已调取村口监控比对车辆。",
      "嫌疑人当场被抓获，对其余各案逐一比对作案时间、地点，深挖余罪。"}},
    {SER_EBIKE,
     0,
     "两所学校周边盗窃电动车串案",
     "两所学校周边上课时段连续发生电动车被盗，车锁均被剪断，疑为同一团伙，建议串并。",
     {"两所学校门口上课时段连续发生电动车被盗，均为剪断车锁后推走，疑为同一团伙所为，串并侦查。",
      "调取学校门口监控，发现三名男子结伙作案，另有一辆面包车接应，车牌已查明。",
      "团伙三人已落网，对系列案件逐一核对被盗车辆去向，深挖余罪。"}},
    {SER_SPREE,
     3,
     "幸福小区夜间拉车门串案",
     "幸福小区地面停车场连续多晚发生拉车门盗窃，均为未锁车辆，建议串并。",
     {"幸福小区近期夜间连续发生拉车门盗窃，均为未锁车辆、翻找现金香烟，疑为同一人所为，先行串"
      "并；后续案件待比对。",
      NULL, NULL}},
};

static int confirm_planted(struct sgen *g, const struct planted *p)
{
    struct demo *d = g->d;
    uint64_t *r = &d->rng;
    const struct kase_row *m[64];
    size_t n = 0;
    for (size_t i = 0; i < d->n_rows && n < N(m); i++)
        if (d->rows[i].series == p->series)
            m[n++] = &d->rows[i];
    if (p->n_confirm && n > p->n_confirm)
        n = p->n_confirm;
    if (n < 2)
        return XA_OK;
    size_t k0 = n < 3 ? n - 1 : 2; /* confirmed after the third case */
    int st = m[0]->station;
    int64_t by = g->analyst[st];
    int64_t at = m[k0]->opened_at + rnd_range(r, 6 * HOUR_S, DAY_S);
    if (!before_anchor(d, at))
        return XA_OK;
    int64_t id;
    int rc = new_series(g, st, p->name, at, by, &id);
    for (size_t i = 0; !rc && i <= k0; i++)
        rc = add_member(g, id, m[i], at, by, i == 0 ? NULL : "时段、地点、手法一致");
    if (!rc)
        rc = add_note(g, id, at + rnd_range(r, 60, 30 * MIN_S), by, p->notes[0]);
    if (!rc)
        rc = series_clue(g, m[0], id, at, by, XA_CLUE_ANALYSIS, p->clue);
    int64_t first_solve = 0;
    for (size_t i = k0 + 1; !rc && i < n; i++) {
        /* the owner (or the analyst) adds a new case on the day it is opened */
        int64_t t = m[i]->opened_at + rnd_range(r, HOUR_S, 8 * HOUR_S);
        if (t <= at)
            t = at + MIN_S;
        if (!before_anchor(d, t))
            continue;
        bool owner = rnd_chance(r, 0.5);
        rc = add_member(g, id, m[i], t, owner ? m[i]->owner : by, "同一系列，新发案件");
        if (!rc && i == n / 2 + 1 && p->notes[1])
            rc = add_note(g, id, t + rnd_range(r, DAY_S, 2 * DAY_S), by, p->notes[1]);
    }
    for (size_t i = 0; i < n; i++)
        if (m[i]->solved_at && (!first_solve || m[i]->solved_at < first_solve))
            first_solve = m[i]->solved_at;
    if (!rc && first_solve && p->notes[2])
        rc = add_note(g, id,
                      (first_solve > at ? first_solve : at) + rnd_range(r, HOUR_S, 6 * HOUR_S), by,
                      p->notes[2]);
    return rc;
}

/* ---- the 惯犯' series ---- */

static int regular_series(struct sgen *g, int reg)
{
    struct demo *d = g->d;
    uint64_t *r = &d->rng;
    const char *code = xa_arena_printf(g->a, "DEMO-REG-%02d", reg + 1);
    const char *truth = xa_arena_printf(g->a, "惯犯%s系列盗窃案", d->regular_name[reg]);
    const struct kase_row *first = NULL, *prev = NULL;
    int64_t id = 0, at = 0;
    int year = 0, rc = XA_OK;
    for (size_t i = 0; !rc && i < d->n_rows; i++) {
        const struct kase_row *k = &d->rows[i];
        if (k->regular != reg + 1)
            continue;
        rc = xa_store_demo_series_put(d->s, code, truth, k->id);
        if (rc)
            return rc;
        d->sum->n_series_cases++;
        if (!first) {
            first = k;
            d->sum->n_series++;
        }
        int y = xa_time_day_cn(k->opened_at) / 10000;
        if (y != year) { /* a new year's first case: the next one starts a series */
            year = y;
            id = 0;
            prev = k;
            continue;
        }
        int64_t t = k->solved_at + rnd_range(r, HOUR_S, DAY_S);
        if (!id && t < prev->solved_at)
            t = prev->solved_at + HOUR_S;
        if (id && t <= at)
            t = at + MIN_S;
        if (!before_anchor(d, t))
            continue;
        int st = k->station;
        if (!id) {
            at = t;
            const char *name =
                xa_arena_printf(g->a, "惯犯%s%d年系列盗窃案", d->regular_name[reg], year);
            rc = new_series(g, st, name, at, k->owner, &id);
            if (!rc)
                rc = add_member(g, id, prev, at, k->owner, NULL);
            if (!rc)
                rc = add_member(g, id, k, at, k->owner, "嫌疑人到案后供述");
            if (!rc)
                rc = add_note(
                    g, id, at + rnd_range(r, 60, HOUR_S), g->analyst[st],
                    xa_arena_printf(g->a,
                                    "%s系本所掌握的盗窃惯犯，到案后供述多起盗窃，逐案核对作案时"
                                    "间、地点和被盗物品后串并。",
                                    d->regular_name[reg]));
            if (!rc)
                rc = series_clue(g, k, id, at, k->owner, XA_CLUE_CASE,
                                 xa_arena_printf(g->a,
                                                 "嫌疑人%s到案后供述另有多起盗窃，建议串并核查。",
                                                 d->regular_name[reg]));
        } else {
            rc = add_member(g, id, k, t, k->owner, "嫌疑人到案后供述");
        }
    }
    return rc;
}

/* ---- the clue ledger ---- */

static const char *const case_clues[] = {
    "被害人补充反映，案发前曾见一名穿深色外套的男子在附近徘徊。",
    "被害人提供了被盗财物的购买凭证和照片，可用于比对。",
    "事主反映邻居家监控可能拍到案发时段情况，建议调取。",
    "被害人称其手机定位显示被盗手机曾在县城二手市场附近出现。",
};
static const char *const visit_clues[] = {
    "走访中群众反映，近期有陌生男子夜间骑无牌摩托车在村里转悠。",
    "走访中店主反映，有人低价兜售来路不明的电动车电瓶。",
    "网格员走访发现，出租屋内一名租户近期常在深夜外出，形迹可疑。",
    "走访中群众反映，废品收购站近期收购过成捆的电缆。",
};
static const char *const public_clues[] = {
    "群众来电举报，有人在微信群里低价出售二手手机，疑似赃物。",
    "群众举报，某出租屋内经常有人聚集打牌赌钱。",
    "群众反映，有人在小区停车场逐一拉拽车门。",
    "群众举报，有人冒充客服打电话要求转账退款。",
};
static const char *const analysis_clues[] = {
    "研判发现，案发时段附近基站出现同一可疑号码，建议核查机主。",
    "研判发现，涉案收款账户与此前一起诈骗案件资金流向有交集，建议核查。",
    "研判发现，案发前后同一车辆多次经过卡口，建议核查车主。",
};
static const char *const reject_reasons[] = {
    "经核查，所反映人员有不在场证明，与本案无关。",
    "经调取监控，未发现可疑人员。",
    "经核查，线索内容不属实。",
    "经核查，系正常交易，与案件无关。",
};

/* One clue about case k of source src, raised by by; its outcome from what befell the case. */
static int case_clue(struct sgen *g, const struct kase_row *k, int src, int64_t by)
{
    struct demo *d = g->d;
    uint64_t *r = &d->rng;
    const char *const *pool = src == XA_CLUE_CASE     ? case_clues
                              : src == XA_CLUE_VISIT  ? visit_clues
                              : src == XA_CLUE_PUBLIC ? public_clues
                                                      : analysis_clues;
    size_t n_pool = src == XA_CLUE_CASE     ? N(case_clues)
                    : src == XA_CLUE_VISIT  ? N(visit_clues)
                    : src == XA_CLUE_PUBLIC ? N(public_clues)
                                            : N(analysis_clues);
    const char *text = pool[rnd_u64(r) % n_pool];
    int64_t made = k->opened_at + rnd_range(r, 2 * HOUR_S, 10 * DAY_S);
    if (k->solved_at && made >= k->solved_at)
        made = k->opened_at + (k->solved_at - k->opened_at) / 2;
    double u = rnd_unit(r);
    int64_t close = made + rnd_range(r, 6 * HOUR_S, 12 * DAY_S);
    if (!before_anchor(d, made) || made <= k->opened_at)
        return XA_OK;
    struct xa_clue c = {
        .source = src,
        .status = XA_CLUE_OPEN,
        .content = xa_arena_printf(g->a, "%s（%s）", text, k->title),
        .case_id = k->id,
        .unit_id = d->st[k->station].unit.id,
        .assignee_id = k->owner,
        .created_at = made,
        .created_by = by,
        .assigned_at = made + (by == k->owner ? 0 : rnd_range(r, 10 * MIN_S, 4 * HOUR_S)),
    };
    if (c.assigned_at >= d->anchor)
        c.assigned_at = made;
    bool recent = d->anchor - made < 45 * DAY_S;
    if (k->solved_at && u < 0.45) { /* it led to the solve */
        c.status = XA_CLUE_VERIFIED;
        c.outcome = XA_CLUE_CASE_SOLVED;
        c.closed_at = k->solved_at - rnd_range(r, 0, 30 * MIN_S);
        c.note = "线索属实，据此查明嫌疑人，案件告破。";
    } else if (recent && u < 0.85) {
        /* still being checked */
    } else if (u < 0.6 && before_anchor(d, close)) {
        c.status = XA_CLUE_VERIFIED;
        c.outcome = XA_CLUE_OTHER;
        c.closed_at = close;
        c.note = "线索属实，已纳入侦查。";
    } else if (before_anchor(d, close)) {
        c.status = XA_CLUE_NOT_VERIFIED;
        c.closed_at = close;
        c.reason = reject_reasons[rnd_u64(r) % N(reject_reasons)];
    }
    if (c.status != XA_CLUE_OPEN) {
        if (c.closed_at <= c.assigned_at)
            c.closed_at = c.assigned_at + 1;
        if (c.closed_at >= d->anchor) { /* still being checked */
            c.status = XA_CLUE_OPEN;
            c.outcome = 0;
            c.closed_at = 0;
            c.note = c.reason = NULL;
        } else {
            c.closed_by = k->owner;
        }
    }
    return put_clue(g, &c);
}

static int ledger(struct sgen *g)
{
    struct demo *d = g->d;
    uint64_t *r = &d->rng;
    int rc = XA_OK;
    for (size_t i = 0; !rc && i < d->n_rows; i++) {
        const struct kase_row *k = &d->rows[i];
        const struct station *st = &d->st[k->station];
        double u = rnd_unit(r);
        if (u < 0.035)
            rc = case_clue(g, k, XA_CLUE_CASE, k->owner);
        else if (u < 0.055)
            rc = case_clue(g, k, XA_CLUE_VISIT,
                           officer_id(d, st->community[rnd_u64(r) % st->n_community]));
        else if (u < 0.07)
            rc = case_clue(g, k, XA_CLUE_PUBLIC, officer_id(d, st->desk[rnd_u64(r) % st->n_desk]));
        else if (u < 0.08)
            rc = case_clue(g, k, XA_CLUE_ANALYSIS, g->analyst[k->station]);
    }
    return rc;
}

int xa_demo_series_build(struct demo *d)
{
    struct sgen g = {.d = d, .a = d->ctx->arena};
    for (size_t i = 0; i < d->n_off; i++)
        if (d->off[i].role == XA_ROLE_ANALYST && d->off[i].station >= 0)
            g.analyst[d->off[i].station] = d->off[i].id;
    for (int k = 0; k < N_STATIONS; k++)
        if (!g.analyst[k])
            return XA_EINTERNAL;
    int rc = XA_OK;
    for (size_t i = 0; !rc && i < N(planted); i++)
        rc = confirm_planted(&g, &planted[i]);
    for (int reg = 0; !rc && reg < N_REGULARS; reg++)
        rc = regular_series(&g, reg);
    if (!rc)
        rc = ledger(&g);
    return rc;
}
