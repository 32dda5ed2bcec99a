/*
 * demo_timeline.c - a demo case's timeline: what happens to it and when (haps, noted by
 * xa_demo_timeline_hap), the actions of its type's template done over the following days, when
 * it is solved, suspended or dropped, and the replay of it all through the state machine into
 * its events.
 *
 * Invariants:
 *  1. Haps are kept only before the anchor; the replay sorts them by time (ties in the order
 *     noted) and writes events one second apart at least.
 *  2. Every status change is decided by xa_case_next; the first action done starts the case.
 * States: OPENED -> INVESTIGATING [the first action done] -> SOLVED -> TRANSFERRED | CLOSED
 *         [when xa_demo_timeline_draw_outcome solves it], or -> SUSPENDED | DROPPED [when it
 *         ends it]; demo_case.c notes them as haps and xa_demo_timeline_replay writes them.
 */
#include "service/demo_int.h"

#include "base/time.h"
#include "core/case.h"
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

/* ---- haps ---- */

/* t, or the next office hours (08:30-18:00 Shanghai) when it falls outside them; never earlier. */
int64_t xa_demo_timeline_office_hours(struct demo *d, int64_t t)
{
    int h = xa_demo_svc_hour(t);
    if (h >= 8 && h < 18)
        return t;
    int64_t day0 = xa_time_day_start_cn(t) + (h >= 18 ? DAY_S : 0);
    int64_t at = day0 + 8 * HOUR_S + 30 * MIN_S + rnd_range(&d->rng, 0, 3 * HOUR_S);
    return at > t ? at : t;
}

void xa_demo_timeline_hap(struct cw *w, int64_t at, int op, int64_t by, const char *note)
{
    if (w->n_haps == MAX_HAPS || at >= w->d->anchor)
        return;
    w->haps[w->n_haps] = (struct hap){at, op, by, note, NULL, false, (int)w->n_haps};
    w->n_haps++;
}

/* ---- actions ---- */

static const char *action_result(struct cw *w, int kind, bool good)
{
    struct demo *d = w->d;
    struct xa_arena *a = w->a;
    uint64_t *r = &d->rng;
    int n = (int)rnd_range(r, 2, 9);
    switch (kind) {
    case XA_ACTION_SCENE:
        if (w->kp->kase == K_CARDOOR)
            return xa_arena_printf(a, "车辆无撬压痕迹，系车门未锁被拉开；提取车门把手指纹%d枚。",
                                   n % 3 + 1);
        return xa_arena_printf(
            a, "已对现场勘查、拍照固定，提取%s%d处。",
            PICK(r, ((const char *const[]){"指纹", "足迹", "工具痕迹", "生物检材"})), n % 4 + 1);
    case XA_ACTION_CANVASS:
        if (!strncmp(w->k->type, "fraud", 5))
            return good ? "已对被害人制作询问笔录，固定聊天记录及转账凭证，梳理出嫌疑人使用的账号"
                          "及联系方式。"
                        : "已对被害人制作询问笔录，固定聊天记录及转账凭证。";
        return good ? xa_arena_printf(a,
                                      "走访周边住户及商户%d户，有群众反映案发时段见一陌生男子"
                                      "在附近徘徊。",
                                      n * 3)
                    : xa_arena_printf(a, "走访周边住户及商户%d户，未发现有价值线索。", n * 3);
    case XA_ACTION_VIDEO:
        return good ? xa_arena_printf(a, "调取周边监控%d路，发现嫌疑人作案后逃离的路线及体貌特征。",
                                      n + 3)
                    : xa_arena_printf(a, "调取周边监控%d路，案发地处于监控盲区，未发现嫌疑人。",
                                      n + 3);
    case XA_ACTION_FACE:
        return good ? "将监控截取的嫌疑人图像进行人像比对，比中本地前科人员一名。"
                    : "将监控截取的嫌疑人图像进行人像比对，未比中。";
    case XA_ACTION_EVIDENCE:
        if (w->kp->kase == K_ASSAULT)
            return good ? "经鉴定，被害人损伤程度为轻伤二级。" : "经鉴定，被害人损伤程度为轻微伤。";
        return good ? "现场提取的痕迹物证经比对，比中前科人员一名。"
                    : "现场提取的痕迹物证已送检，暂未比中。";
    case XA_ACTION_LINKAGE:
        return good ? "经串并研判，与辖区近期同类案件作案手段相似，建议并案侦查。"
                    : "经串并研判，暂未发现可串并案件，纳入同类案件库持续比对。";
    case XA_ACTION_FUND_TRACE:
        return good ? xa_arena_printf(a, "已对涉案账户%d个紧急止付并冻结部分资金。", n % 3 + 1)
                    : "资金已被快速分散转移，止付未成功，已发协查。";
    case XA_ACTION_PAWN_CHECK:
        return good ? xa_arena_printf(a, "排查辖区二手车行、废品收购站%d家，发现涉案物品线索。", n)
                    : xa_arena_printf(a, "排查辖区二手车行、废品收购站%d家，未发现涉案物品。", n);
    default:
        return "已完成。";
    }
}

/* When an action other than the first is done: within its deadline mostly (5 % late), in
 * office hours unless it cannot wait (video is copied before it is overwritten). */
static int64_t action_time(struct demo *d, const struct xa_case *c, int kind, int due_hours)
{
    uint64_t *r = &d->rng;
    double f = rnd_chance(r, 0.05) ? 1.05 + 0.6 * rnd_unit(r) : 0.15 + 0.8 * rnd_unit(r);
    int64_t due = c->opened_at + (int64_t)due_hours * HOUR_S;
    int64_t t = c->opened_at + (int64_t)(f * due_hours * HOUR_S);
    if (kind == XA_ACTION_VIDEO || kind == XA_ACTION_FUND_TRACE)
        return t;
    int64_t office = xa_demo_timeline_office_hours(d, t);
    return office <= due || t > due ? office : t; /* stays late rather than miss the deadline */
}

/* The template's actions: the first done soon after opening (a few late, the newest
 * stalled), the rest over the following days, by the owner. */
int xa_demo_timeline_add_actions(struct cw *w, int64_t first_at, bool stall_analysis)
{
    struct demo *d = w->d;
    uint64_t *r = &d->rng;
    struct xa_action_template *tp;
    size_t n;
    int rc = xa_store_case_template_list(d->s, w->a, w->c.type_id, &tp, &n);
    if (rc)
        return rc;
    int64_t limit = w->end_at ? w->end_at : d->anchor;
    for (size_t i = 0; i < n; i++) {
        struct xa_case_action x = {
            .case_id = w->c.id,
            .kind = tp[i].kind,
            .name = tp[i].name,
            .due_at = w->c.opened_at + (int64_t)tp[i].due_hours * HOUR_S,
            .sort = tp[i].sort,
            .created_at = w->c.opened_at,
        };
        int64_t done = 0;
        if (first_at)
            done = i == 0 ? first_at : action_time(d, &w->c, tp[i].kind, tp[i].due_hours);
        if (tp[i].kind == XA_ACTION_LINKAGE && stall_analysis && i > 0)
            done = 0;
        if (done && w->solve_at && done > w->solve_at && tp[i].kind != XA_ACTION_EVIDENCE)
            done = w->solve_at - rnd_range(r, 10 * MIN_S, 2 * HOUR_S);
        if (done && done <= first_at && i > 0)
            done = first_at + (int64_t)i * 60;
        if (done && done < limit) {
            bool good = w->solve_at && rnd_chance(r, 0.7);
            if (tp[i].kind == XA_ACTION_LINKAGE) /* thefts come in series; the rest seldom */
                good = !strncmp(w->k->type, "theft", 5) && rnd_chance(r, w->solve_at ? 0.4 : 0.2);
            x.done_at = done;
            x.done_by = w->owner;
            x.result = action_result(w, tp[i].kind, good);
            if (tp[i].kind == XA_ACTION_LINKAGE && (!w->c.analysis_at || done < w->c.analysis_at))
                w->c.analysis_at = done;
            xa_demo_timeline_hap(w, done, XA_CASE_OP_ACTION, w->owner,
                                 xa_arena_printf(w->a, "%s: %s", x.name, x.result));
        }
        rc = xa_store_case_action_put(d->s, &x);
        if (rc)
            return rc;
        d->sum->n_actions++;
    }
    return XA_OK;
}

/* ---- outcome and events ---- */

/* When the case is solved, suspended or dropped; 0 when not before the anchor. */
void xa_demo_timeline_draw_outcome(struct cw *w, int64_t first_at)
{
    struct demo *d = w->d;
    uint64_t *r = &d->rng;
    const struct lead *l = w->kp->l;
    int series = l ? l->series : SER_NONE;
    bool caught =
        l && (l->channel == XA_CHANNEL_PATROL || (series == SER_DOG && l->member == SER_DOG_N - 1));
    double p = w->k->p_solve;
    if (series == SER_CARDOOR)
        p = 0;
    else if (series == SER_DOG)
        p = caught ? 1 : 0;
    else if (series == SER_SPREE)
        p = 0.12;
    else if (series == SER_EBIKE)
        p = (l->member == 2 || l->member == 5 || l->member == 6 || l->member == 8) ? 1 : 0;
    bool solve = rnd_chance(r, p);
    int64_t at = 0;
    if (caught) {
        at = first_at + rnd_range(r, 20 * MIN_S, 3 * HOUR_S);
    } else if (series == SER_EBIKE && solve && w->cg->ebike_caught_at) {
        at = w->cg->ebike_caught_at + (l->member == 8 ? 0 : rnd_range(r, 1 * DAY_S, 3 * DAY_S));
    } else if (solve) {
        double days = w->k->solve_days * exp(rnd_gauss(r) * 0.8);
        at = w->c.reported_at + (int64_t)(days * DAY_S);
        if (at <= first_at + HOUR_S)
            at = first_at + rnd_range(r, 1 * HOUR_S, 8 * HOUR_S);
    }
    if (at && at < d->anchor) {
        w->solve_at = at;
        return;
    }
    /* not solved (yet): a few dropped early, some old ones suspended */
    int64_t opened = w->c.opened_at;
    static const char *const drop_reasons[] = {
        "经查，报警人所称被盗财物系其家人取走，不构成案件，撤销案件。",
        "经调查，系民间经济纠纷，不属于刑事案件，撤销案件。",
        "经查，被盗物品已在他处找到，报警人申请撤案。",
    };
    static const char *const suspend_reasons[] = {
        "经全面侦查，暂无进一步线索，中止侦查，待发现新线索后恢复。",
        "嫌疑人身份暂无法查明，现有证据不足，中止侦查。",
    };
    if (series == SER_NONE && rnd_chance(r, 0.03) && first_at) {
        int64_t t =
            xa_demo_timeline_office_hours(d, first_at + rnd_range(r, 1 * DAY_S, 10 * DAY_S));
        if (t < d->anchor) {
            w->end_at = t;
            w->end_op = XA_CASE_OP_DROP;
            w->end_reason = PICK(r, drop_reasons);
        }
        return;
    }
    if (series == SER_NONE && first_at && rnd_chance(r, 0.25)) {
        int64_t t =
            xa_demo_timeline_office_hours(d, opened + rnd_range(r, 60 * DAY_S, 120 * DAY_S));
        if (t < d->anchor) {
            w->end_at = t;
            w->end_op = XA_CASE_OP_SUSPEND;
            w->end_reason = !strncmp(w->k->type, "fraud", 5)
                                ? "涉案资金已被转至境外账户，嫌疑人身份无法查明，中止侦查。"
                                : PICK(r, suspend_reasons);
        }
    }
}

static int cmp_hap(const void *pa, const void *pb)
{
    const struct hap *a = pa, *b = pb;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->order - b->order;
}

/* Replays the haps in time order through the state machine into events, and fills the case's
 * lifecycle fields. */
int xa_demo_timeline_replay(struct cw *w)
{
    struct demo *d = w->d;
    struct xa_case *c = &w->c;
    qsort(w->haps, w->n_haps, sizeof(w->haps[0]), cmp_hap);
    int status = 0;
    int64_t n_suspects = 0, last = 0;
    for (size_t i = 0; i < w->n_haps; i++) {
        struct hap *h = &w->haps[i];
        int64_t at = h->at > last ? h->at : last + 1; /* strictly increasing */
        last = at;
        int from = status, to = status;
        bool transition = h->op == XA_CASE_OP_OPEN || h->op == XA_CASE_OP_START ||
                          h->op == XA_CASE_OP_SOLVE || h->op == XA_CASE_OP_SUSPEND ||
                          h->op == XA_CASE_OP_DROP || h->op == XA_CASE_OP_CLOSE ||
                          h->op == XA_CASE_OP_TRANSFER || h->op == XA_CASE_OP_RESUME;
        if (transition) {
            const char *why;
            if (xa_case_next(status, h->op, n_suspects, h->reason, &to, &why))
                return XA_EINTERNAL;
        }
        n_suspects += h->suspect;
        /* the first action done starts the case by itself, as xa_case_svc does */
        if (h->op == XA_CASE_OP_ACTION && status == XA_CASE_OPENED) {
            struct xa_case_event st = {
                .case_id = c->id,
                .at = at,
                .user_id = h->by,
                .op = XA_CASE_OP_START,
                .from_status = XA_CASE_OPENED,
                .to_status = XA_CASE_INVESTIGATING,
            };
            int rc = xa_store_case_event_put(d->s, &st);
            if (rc)
                return rc;
            from = to = status = XA_CASE_INVESTIGATING;
        }
        struct xa_case_event ev = {
            .case_id = c->id,
            .at = at,
            .user_id = h->by,
            .op = h->op,
            .from_status = from,
            .to_status = to,
            .note = h->reason ? h->reason : h->note,
        };
        int rc = xa_store_case_event_put(d->s, &ev);
        if (rc)
            return rc;
        status = to;
        c->updated_at = at;
        switch (h->op) {
        case XA_CASE_OP_SOLVE:
            c->solved_at = at;
            break;
        case XA_CASE_OP_CLOSE:
        case XA_CASE_OP_TRANSFER:
            c->closed_at = at;
            break;
        case XA_CASE_OP_SUSPEND:
        case XA_CASE_OP_DROP:
            c->status_reason = h->reason;
            break;
        default:
            break;
        }
    }
    c->status = status;
    c->due_next = xa_case_next_due(c);
    return XA_OK;
}
