/*
 * demo_case.c - the demo county's cases (案件, docs/cases.md): a year of small-case work opened
 * from the criminal and public-order incidents of demo_incident.c, a few reported straight to
 * the case teams, and the planted series whose true membership linkage is scored against. This
 * file holds what each kind of case is, which cases are opened and when, and each case's record;
 * its persons are drawn in demo_person.c, its property in demo_property.c, and its actions,
 * outcome and events in demo_timeline.c.
 *
 * Invariants:
 *  1. A case lies in the grid of its incident, belongs to that grid's station and is owned by
 *     an investigator of it, who does its actions; it is opened after the incident was handled.
 *  2. Every status change is decided by xa_case_next and leaves an event; the events, actions,
 *     persons, arrests and property of a case are in time order and before the anchor. The
 *     first action done starts the case (OPENED -> INVESTIGATING); a solved case has a suspect.
 *  3. Recovered property is a subset of the items lost, so recovered <= loss.
 *  4. Clearance lands near the seeds' 60-65 %: each kind has its chance to be solved and a
 *     median time to solve; what would be solved after the anchor is still open.
 * Steps: xa_demo_case_lead remembers the incidents while demo_incident.c writes them; then
 * xa_demo_case_build plans the cases, sorts them by opening time (codes follow time) and
 * writes each with its history (write_case), then the series (table demo_series); demo_series.c
 * then confirms series and writes the clue ledger from the rows noted here.
 */
#include "service/demo_int.h"

#include "base/mem.h"
#include "base/time.h"
#include "core/case.h"
#include "store/store.h"
#include "store/store_demo.h"

#include <stdlib.h>
#include <string.h>

/* ---- what each kind of case is ---- */

#define CRIM XA_CASE_CRIMINAL
#define ADM XA_CASE_ADMINISTRATIVE
static const struct kind_def kinds[K_COUNT] = {
    [K_EBIKE] = {"theft.ebike", CRIM, "cut_lock", 0.95, 0.60, 6, "%s电动车被盗案",
                 "嫌疑人趁车主离开，剪断车锁后将电动车骑走。", true, true},
    [K_EBIKE_BATTERY] = {"theft.ebike", CRIM, NULL, 0.85, 0.5, 6, "%s电动车电瓶被盗案",
                         "嫌疑人拆开电动车座垫下电池仓，盗走电瓶。", true, true},
    [K_BURGLARY] = {"theft.burglary", CRIM, "lock_pick", 0.97, 0.62, 9, "%s入室盗窃案",
                    "嫌疑人趁户主外出，撬开防盗门锁芯入室，翻找现金及首饰。", true, true},
    [K_PICKPOCKET] = {"theft.pickpocket", CRIM, "crowd", 0.9, 0.55, 7, "%s扒窃手机案",
                      "嫌疑人在人多拥挤处贴身靠近被害人，从衣兜内扒走手机。", true, true},
    [K_PHONE] = {"theft.phone", CRIM, "distraction", 0.9, 0.62, 5, "%s手机被盗案",
                 "嫌疑人趁被害人不备，将正在充电的手机顺手拿走。", true, true},
    [K_SHOP] = {"theft.shop", CRIM, "lock_pick", 0.95, 0.75, 6, "%s门市被盗案",
                "嫌疑人夜间撬开卷闸门锁，盗走收银台内现金。", true, true},
    [K_MOTORCYCLE] = {"theft.motorcycle", CRIM, "wire_jump", 0.95, 0.65, 8, "%s摩托车被盗案",
                      "嫌疑人破坏电门锁后接线启动，将摩托车骑走。", true, true},
    [K_ENTERPRISE] = {"theft.enterprise", CRIM, "scrap_metal", 0.98, 0.85, 8, "%s工地财物被盗案",
                      "嫌疑人夜间翻越围挡进入工地，盗走电缆及废旧钢材，疑销往废品回收站。", true,
                      true},
    [K_CARDOOR] = {"theft.car_door", CRIM, "car_door", 0.95, 0.66, 6, "%s拉车门盗窃案",
                   "嫌疑人在停车场逐一拉拽车门，对未锁车辆入内翻找现金、香烟等财物。", true, true},
    [K_SMASH] = {"theft.car_door", CRIM, "smash_window", 0.95, 0.6, 7, "%s砸车窗盗窃案",
                 "嫌疑人用尖锐物砸碎车窗玻璃，盗走车内财物。", true, true},
    [K_LIVESTOCK] = {"theft.livestock", CRIM, NULL, 0.95, 0.55, 10, "%s家畜被盗案",
                     "嫌疑人夜间驾驶三轮车进村，撬开羊圈将山羊装车运走。", true, true},
    [K_DOG] = {"theft.livestock", CRIM, "poison_bait", 0.9, 0.5, 10, "%s投毒偷狗案",
               "嫌疑人夜间以掺有药物的肉块诱毒家犬后盗走。", true, true},
    [K_FRAUD_REFUND] = {"fraud.telecom.shopping", CRIM, "impersonate_service", 0.95, 0.36, 20,
                        "%s被冒充电商客服诈骗案",
                        "嫌疑人冒充电商客服，以退款为由诱导被害人下载会议软件共享屏幕后转账。",
                        false, false},
    [K_FRAUD_BRUSHING] = {"fraud.telecom.brushing", CRIM, "brushing", 0.95, 0.34, 25,
                          "%s被刷单返利诈骗案",
                          "嫌疑人以兼职刷单返利为诱饵，先小额返利取信，后以任务未完成为由诱导"
                          "被害人连续转账。",
                          false, false},
    [K_FRAUD_RELATIVE] = {"fraud.telecom", CRIM, NULL, 0.95, 0.42, 18, "%s被冒充亲友诈骗案",
                          "嫌疑人盗用被害人亲戚微信头像及昵称，以急需用钱为由借款。", false, false},
    [K_FRAUD_LOAN] = {"fraud.telecom.loan", CRIM, "impersonate_service", 0.95, 0.36, 22,
                      "%s被贷款诈骗案",
                      "嫌疑人以无抵押低息贷款为诱饵，以解冻费、保证金等名义诱导被害人转账。", false,
                      false},
    [K_FRAUD_POLICE] = {"fraud.telecom.impersonation", CRIM, "impersonate_police", 0.45, 0.3, 30,
                        "%s被冒充公检法诈骗案",
                        "嫌疑人冒充公安民警，称被害人涉嫌洗钱，要求将存款转入“安全账户”。", false,
                        false},
    [K_ROBBERY] = {"robbery", CRIM, NULL, 1.0, 0.92, 3, "%s抢劫案",
                   "嫌疑人持刀拦截独行被害人，抢走现金及手机后逃离。", true, true},
    [K_SNATCH] = {"snatching", CRIM, "distraction", 1.0, 0.8, 5, "%s抢夺案",
                  "嫌疑人骑摩托车从被害人身后靠近，抢走挎包后加速逃离。", true, true},
    [K_ASSAULT] = {"assault", CRIM, NULL, 0.9, 0.96, 2, "%s故意伤害案",
                   "双方因琐事发生口角，嫌疑人持械殴打被害人致伤。", true, true},
    [K_ADM_FIGHT] = {"affray", ADM, NULL, 0.4, 0.97, 1, "%s聚众斗殴案",
                     "双方因酒后琐事纠集多人互殴，民警到场制止。", true, true},
    [K_ADM_PROVOKE] = {"provocation", ADM, NULL, 0.25, 0.95, 1, "%s寻衅滋事案",
                       "违法行为人酒后无故滋事，摔砸物品。", true, true},
    [K_ADM_BEAT] = {"assault", ADM, NULL, 0.3, 0.96, 1, "%s殴打他人案",
                    "双方因琐事发生争执，违法行为人推搡、殴打被害人。", true, true},
    [K_ADM_GAMBLE] = {"other", ADM, NULL, 0.25, 1.0, 0.2, "%s赌博案",
                      "违法行为人在民房内聚众赌博，以打麻将方式赌博。", false, true},
};
#undef CRIM
#undef ADM

static const char *const series_codes[SER_COUNT] = {
    [SER_CARDOOR] = "DEMO-CG-CARDOOR",
    [SER_DOG] = "DEMO-SM-DOG",
    [SER_EBIKE] = "DEMO-SCHOOL-EBIKE",
    [SER_SPREE] = "DEMO-HD-CARDOOR",
};
static const char *const series_names[SER_COUNT] = {
    [SER_CARDOOR] = "城关小区夜间拉车门系列盗窃案",
    [SER_DOG] = "石门三村投毒偷狗系列案",
    [SER_EBIKE] = "两所学校周边盗窃电动车团伙案",
    [SER_SPREE] = "幸福小区拉车门系列盗窃案",
};

/* ---- leads ---- */

static const char *dup(struct demo *d, const char *s)
{
    return s ? xa_arena_strdup(d->ctx->arena, s) : NULL;
}

void xa_demo_case_lead(struct demo *d, const struct xa_incident *inc, const struct lead *l)
{
    if (d->n_leads == d->cap_leads) {
        d->cap_leads = d->cap_leads ? d->cap_leads * 2 : 1024;
        d->leads = xa_xrealloc(d->leads, d->cap_leads * sizeof(*d->leads));
    }
    struct lead *x = &d->leads[d->n_leads++];
    *x = *l;
    x->incident_id = inc->id;
    x->channel = inc->channel;
    x->category = inc->category;
    x->status = inc->status;
    x->occurred_at = inc->occurred_at ? inc->occurred_at : inc->received_at;
    x->received_at = inc->received_at;
    x->handled_at = inc->handled_at;
    x->replied_at = inc->replied_at;
    x->closed_at = inc->closed_at;
    x->caller_name = inc->channel == XA_CHANNEL_BANK ? NULL : dup(d, inc->caller_name);
    x->caller_phone = inc->channel == XA_CHANNEL_BANK ? NULL : dup(d, inc->caller_phone);
    x->caller_id_number = dup(d, inc->caller_id_number);
    x->narrative = dup(d, inc->narrative);
    x->address = dup(d, inc->address);
    x->phrase = dup(d, l->phrase);
    x->ebike = dup(d, l->ebike);
    x->result = dup(d, inc->result);
    x->lat = inc->lat;
    x->lon = inc->lon;
}

/* ---- one case ---- */

static bool is_night(int64_t t)
{
    int h = xa_demo_svc_hour(t);
    return h >= 20 || h < 6;
}

static const char *victim_label(struct demo *d, struct xa_arena *a, const struct lead *l,
                                const char *walk_in_name)
{
    const char *name = l ? l->caller_name : walk_in_name;
    if (name) {
        char sur[8];
        size_t len = strlen(name) >= 6 ? 3 : strlen(name);
        memcpy(sur, name, len);
        sur[len] = '\0';
        return xa_arena_printf(a, "%s某", sur);
    }
    return xa_arena_printf(a, "%s某",
                           PICK(&d->rng, ((const char *const[]){"王", "李", "张", "刘", "陈"})));
}

static const char *mo_tags(struct cw *w, int64_t t)
{
    const char *base = w->k->mo;
    const char *tod = w->k->timed ? (is_night(t) ? "night" : "daytime") : NULL;
    const struct lead *l = w->kp->l;
    if (l && l->series == SER_DOG)
        base = "poison_bait";
    if (l && l->series == SER_EBIKE)
        base = "cut_lock";
    if (base && tod)
        return xa_arena_printf(w->a, "%s,%s", base, tod);
    return base ? base : tod;
}

static const char *mo_text(struct cw *w)
{
    const struct lead *l = w->kp->l;
    int series = l ? l->series : SER_NONE;
    switch (series) {
    case SER_CARDOOR:
        return "监控显示一名男子（身高约1.70米，偏瘦，戴黑色鸭舌帽、穿深色连帽衫）凌晨在小区内"
               "逐一拉拽车门，对未锁车辆入内翻找现金、香烟后步行离开。";
    case SER_DOG:
        return "嫌疑人夜间骑摩托车进村，以掺有药物的肉包子诱毒家犬后装袋带走，村民夜里听到摩托车"
               "声。";
    case SER_EBIKE:
        return "多名男子结伙作案，一人望风，一人用液压剪剪断车锁，另一人将电动车骑走，专挑学校"
               "门口停放的电动车下手。";
    case SER_SPREE:
        return "嫌疑人深夜在小区地面停车场逐一拉拽车门，专挑未锁车辆，翻找现金、香烟。";
    default:
        return w->k->mo_text;
    }
}

/* The case's opening from its incident shows in the incident's result, as the service does. */
static int note_incident(struct cw *w)
{
    struct demo *d = w->d;
    const struct lead *l = w->kp->l;
    if (!l)
        return XA_OK;
    struct xa_incident inc;
    int rc = xa_store_incident_get(d->s, w->a, l->incident_id, &inc);
    if (rc)
        return rc;
    const char *line = xa_arena_printf(w->a, "已立案 %s", w->c.code);
    inc.result =
        inc.result && *inc.result ? xa_arena_printf(w->a, "%s\n%s", inc.result, line) : line;
    if (inc.updated_at < w->c.opened_at)
        inc.updated_at = w->c.opened_at;
    rc = xa_store_incident_update(d->s, &inc);
    if (rc)
        return rc;
    /* the status the incident had then: opened after it was handled */
    int64_t t = w->c.opened_at;
    int status = l->closed_at && t > l->closed_at     ? XA_INCIDENT_CLOSED
                 : l->replied_at && t > l->replied_at ? XA_INCIDENT_REPLIED
                                                      : XA_INCIDENT_HANDLED;
    struct xa_incident_event ev = {
        .incident_id = inc.id,
        .at = t,
        .user_id = w->c.opened_by,
        .action = XA_INCIDENT_HANDLE,
        .from_status = status,
        .to_status = status,
        .note = line,
    };
    return xa_store_incident_event_put(d->s, &ev);
}

static int write_case(struct cgen *cg, const struct kplan *kp)
{
    struct demo *d = cg->d;
    uint64_t *r = &d->rng;
    const struct lead *l = kp->l;
    const struct station *st = &d->st[kp->station];
    const struct grid *g = &d->grid[kp->grid];
    struct cw *w = xa_arena_alloc(&d->tmp, sizeof(*w));
    memset(w, 0, sizeof(*w));
    w->cg = cg;
    w->d = d;
    w->a = &d->tmp;
    w->kp = kp;
    w->k = &kinds[kp->kase];
    w->owner = d->off[st->investigator[rnd_u64(r) % st->n_investigator]].id;
    int series = l ? l->series : SER_NONE;
    if (!l) {
        w->walk_in_male = rnd_chance(r, 0.55);
        w->walk_in_name = xa_demo_svc_name(d, w->a, w->walk_in_male);
    }

    struct xa_case *c = &w->c;
    int32_t day = xa_time_day_cn(kp->opened_at);
    int64_t seq;
    int rc = xa_store_case_next_seq(d->s, st->unit.id, day, &seq);
    if (rc)
        return rc;
    char *code = xa_arena_alloc(w->a, XA_CASE_CODE_MAX);
    xa_case_code(st->def->code, day, seq, code);
    c->code = code;
    c->type_id = cg->type_id[kp->kase];
    c->nature = w->k->nature;
    c->is_enterprise = kp->kase == K_ENTERPRISE;
    const char *where = l && l->phrase ? l->phrase : g->name;
    c->title = xa_arena_printf(w->a, w->k->title,
                               w->k->by_place ? where : victim_label(d, w->a, l, w->walk_in_name));
    c->summary =
        l ? l->narrative : xa_arena_printf(w->a, "被害人到派出所案件办理队报案。%s", w->k->mo_text);
    c->incident_id = l ? l->incident_id : 0;
    int64_t occurred = l ? l->occurred_at : kp->opened_at - rnd_range(r, 2 * HOUR_S, 3 * DAY_S);
    int64_t reported = l ? l->received_at : kp->opened_at;
    bool overnight = l && !l->series && xa_demo_svc_hour(reported) >= 5 &&
                     (kp->kase == K_SHOP || kp->kase == K_LIVESTOCK || kp->kase == K_ENTERPRISE ||
                      kp->kase == K_DOG);
    if (overnight) { /* "夜间被盗", found in the morning: between closing time and dawn */
        int64_t day0 = xa_time_day_start_cn(reported);
        c->window_from = day0 - 2 * HOUR_S + rnd_range(r, 0, 3 * HOUR_S);
        c->window_to = day0 + 5 * HOUR_S + rnd_range(r, 0, 2 * HOUR_S);
        if (c->window_to > reported)
            c->window_to = reported;
        occurred = c->window_from + (c->window_to - c->window_from) / 2;
    } else {
        bool later = w->k->timed && (is_night(occurred) || kp->kase == K_DOG ||
                                     kp->kase == K_BURGLARY || kp->kase == K_ENTERPRISE);
        c->window_from = occurred - (later ? rnd_range(r, 1 * HOUR_S, 5 * HOUR_S) : 10 * MIN_S);
        c->window_to = occurred + (later ? rnd_range(r, 1 * HOUR_S, 4 * HOUR_S) : 0);
    }
    if (c->window_to > reported)
        c->window_to = reported;
    if (c->window_from > c->window_to)
        c->window_from = c->window_to;
    c->address = l ? l->address : xa_arena_printf(w->a, "%s%s", st->def->town, g->name);
    c->has_location = true;
    c->lat = l ? l->lat : g->places[0].lat;
    c->lon = l ? l->lon : g->places[0].lon;
    c->grid_id = g->id;
    c->mo_tags = mo_tags(w, occurred);
    c->mo_text = mo_text(w);
    c->unit_id = st->unit.id;
    c->owner_id = w->owner;
    c->opened_at = kp->opened_at;
    c->opened_by = rnd_chance(r, 0.85) ? w->owner : d->off[st->leader].id;
    c->reported_at = reported;
    c->status = XA_CASE_OPENED;
    c->updated_at = c->opened_at;
    xa_case_set_due(c);
    if (xa_case_validate(c, d->anchor, &d->ctx->verr))
        return XA_EINTERNAL;

    /* the work: first action, outcome */
    int64_t age = d->anchor - c->opened_at;
    bool caught =
        l && (l->channel == XA_CHANNEL_PATROL || (series == SER_DOG && l->member == SER_DOG_N - 1));
    int64_t first_at;
    if (caught)
        first_at = c->opened_at + rnd_range(r, 5 * MIN_S, 20 * MIN_S);
    else if (!strncmp(w->k->type, "fraud", 5)) /* stop the payments first (止付) */
        first_at = c->opened_at + rnd_range(r, 10 * MIN_S, 210 * MIN_S);
    else if (c->is_enterprise)
        first_at = c->opened_at + (rnd_chance(r, 0.05) ? rnd_range(r, 4 * HOUR_S + 60, 8 * HOUR_S)
                                                       : rnd_range(r, 20 * MIN_S, 3 * HOUR_S));
    else
        first_at = c->opened_at + (rnd_chance(r, 0.04) ? rnd_range(r, 24 * HOUR_S + 60, 40 * HOUR_S)
                                                       : rnd_range(r, 20 * MIN_S, 8 * HOUR_S));
    /* stalled: overdue for its first action; every station's leader has one to supervise */
    if (age < 4 * DAY_S && age > 25 * HOUR_S &&
        (rnd_chance(r, 0.12) || !cg->stalled[kp->station])) {
        first_at = 0;
        cg->stalled[kp->station] = true;
    }
    if (first_at >= d->anchor)
        first_at = 0;
    bool stall_analysis = age < 8 * DAY_S && age > 73 * HOUR_S && rnd_chance(r, 0.15);
    if (first_at)
        xa_demo_timeline_draw_outcome(w, first_at);
    if (w->solve_at && w->solve_at <= first_at)
        w->solve_at = first_at + rnd_range(r, 10 * MIN_S, HOUR_S);
    if (w->solve_at >= d->anchor)
        w->solve_at = 0;

    rc = xa_store_case_put(d->s, c);
    if (rc)
        return rc;
    xa_demo_timeline_hap(w, c->opened_at, XA_CASE_OP_OPEN, c->opened_by, NULL);

    rc = xa_demo_person_add_victim(w);
    if (!rc && rnd_chance(r, kp->kase >= K_ROBBERY ? 0.6 : 0.25) && first_at)
        rc = xa_demo_person_add_witness(w, first_at + rnd_range(r, 10 * MIN_S, 6 * HOUR_S));
    if (!rc && w->solve_at) {
        int64_t at = w->solve_at - rnd_range(r, 30 * MIN_S, 4 * HOUR_S);
        if (at <= first_at)
            at = first_at + 1;
        rc = xa_demo_person_add_suspects(w, at);
        if (!rc)
            rc =
                xa_demo_person_add_arrests(w, at + rnd_range(r, 5 * MIN_S, 20 * MIN_S) < w->solve_at
                                                  ? at + rnd_range(r, 5 * MIN_S, 20 * MIN_S)
                                                  : at);
    }
    if (!rc)
        rc = xa_demo_property_add(w);
    if (!rc)
        rc = xa_demo_timeline_add_actions(w, first_at, stall_analysis);
    if (rc)
        return rc;
    if (first_at)
        c->first_action_at = first_at;

    /* the transitions after the work */
    if (w->solve_at && w->n_suspects) {
        xa_demo_timeline_hap(w, w->solve_at, XA_CASE_OP_SOLVE, w->owner, NULL);
        int64_t next;
        int op;
        if (c->nature == XA_CASE_ADMINISTRATIVE) {
            op = XA_CASE_OP_CLOSE;
            next =
                xa_demo_timeline_office_hours(d, w->solve_at + rnd_range(r, 4 * HOUR_S, 3 * DAY_S));
        } else {
            op = rnd_chance(r, 0.85) ? XA_CASE_OP_TRANSFER : XA_CASE_OP_CLOSE;
            next =
                xa_demo_timeline_office_hours(d, w->solve_at + rnd_range(r, 7 * DAY_S, 40 * DAY_S));
        }
        xa_demo_timeline_hap(w, next, op, w->owner, NULL);
    } else if (w->end_at) {
        xa_demo_timeline_hap(w, w->end_at, w->end_op, w->owner, NULL);
        w->haps[w->n_haps - 1].reason = w->end_reason;
    }
    rc = xa_demo_timeline_replay(w);
    if (rc)
        return rc;
    rc = xa_store_case_update(d->s, c);
    if (rc)
        return rc;

    struct xa_demo_summary *sum = d->sum;
    sum->n_cases++;
    if (xa_case_is_open(c->status)) {
        sum->n_cases_open++;
        if (xa_case_overdue_step(c, d->ctx->now))
            sum->n_case_overdue++;
    }
    if (c->solved_at)
        sum->n_solved++;
    if (series)
        cg->series_case[series][cg->n_series_case[series]++] = c->id;
    if (d->n_rows == d->cap_rows) {
        d->cap_rows = d->cap_rows ? d->cap_rows * 2 : 1024;
        d->rows = xa_xrealloc(d->rows, d->cap_rows * sizeof(*d->rows));
    }
    d->rows[d->n_rows++] = (struct kase_row){
        .id = c->id,
        .owner = w->owner,
        .opened_at = c->opened_at,
        .solved_at = c->solved_at,
        .station = kp->station,
        .kase = kp->kase,
        .status = c->status,
        .series = series,
        .member = l ? l->member : 0,
        .regular = c->solved_at ? w->regular : 0,
        .title = dup(d, c->title),
    };
    return note_incident(w);
}

/* ---- planning ---- */

static int cmp_kplan(const void *pa, const void *pb)
{
    const struct kplan *a = pa, *b = pb;
    if (a->opened_at != b->opened_at)
        return a->opened_at < b->opened_at ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* When a lead's case is opened: after the incident was handled, before the reply. 0: not. */
static int64_t opening_time(struct demo *d, const struct lead *l)
{
    uint64_t *r = &d->rng;
    if (!l->handled_at)
        return 0;
    int64_t t = l->handled_at + rnd_range(r, 10 * MIN_S, 2 * HOUR_S);
    if (l->replied_at && t >= l->replied_at)
        t = l->handled_at + (l->replied_at - l->handled_at) / 2;
    if (t == l->closed_at)
        t--; /* the incident's timeline keeps one event a second */
    return t < d->anchor && t > l->handled_at ? t : 0;
}

/* A few cases come to the case teams without a call: fraud victims sent by the anti-fraud
 * centre and enterprises reporting thefts from their sites. */
static void plan_walk_ins(struct demo *d, struct kplan **pl, size_t *n, size_t *cap)
{
    uint64_t *r = &d->rng;
    for (int i = 0; i < d->days; i++) {
        if (!rnd_chance(r, 0.15))
            continue;
        int64_t day0 = d->start + (int64_t)i * DAY_S;
        int64_t t = day0 + rnd_range(r, 8 * HOUR_S + 30 * MIN_S, 17 * HOUR_S);
        size_t gi = rnd_u64(r) % d->n_grids;
        static const int kk[] = {K_FRAUD_BRUSHING, K_FRAUD_REFUND, K_FRAUD_LOAN, K_ENTERPRISE};
        int k = kk[rnd_u64(r) % N(kk)];
        if (t >= d->anchor)
            continue;
        if (*n == *cap)
            *pl = xa_xrealloc(*pl, (*cap *= 2) * sizeof(**pl));
        (*pl)[(*n)++] = (struct kplan){NULL, k, d->grid[gi].station, (int)gi, t, (uint32_t)*n};
    }
}

static int put_series(struct cgen *cg)
{
    struct demo *d = cg->d;
    for (int s = 1; s < SER_COUNT; s++) {
        if (cg->n_series_case[s])
            d->sum->n_series++;
        for (size_t i = 0; i < cg->n_series_case[s]; i++) {
            int rc = xa_store_demo_series_put(d->s, series_codes[s], series_names[s],
                                              cg->series_case[s][i]);
            if (rc)
                return rc;
            d->sum->n_series_cases++;
        }
    }
    return XA_OK;
}

int xa_demo_case_build(struct demo *d)
{
    uint64_t *r = &d->rng;
    struct cgen *cg = xa_arena_alloc(d->ctx->arena, sizeof(*cg));
    memset(cg, 0, sizeof(*cg));
    cg->d = d;
    cg->a = d->ctx->arena;
    struct xa_case_type *types;
    size_t n_types;
    int rc = xa_store_case_type_list(d->s, d->ctx->arena, &types, &n_types);
    if (rc)
        return rc;
    for (int k = 1; k < K_COUNT; k++) {
        for (size_t i = 0; i < n_types; i++)
            if (!strcmp(types[i].code, kinds[k].type))
                cg->type_id[k] = types[i].id;
        if (!cg->type_id[k])
            return XA_EINTERNAL;
    }
    xa_demo_person_init(cg);

    size_t cap = d->n_leads + 64, n = 0;
    struct kplan *pl = xa_xmalloc(cap * sizeof(*pl));
    for (size_t i = 0; i < d->n_leads; i++) {
        const struct lead *l = &d->leads[i];
        bool open = l->series ? true : rnd_chance(r, kinds[l->kase].p_open);
        int64_t t = opening_time(d, l);
        if (!open || !t)
            continue;
        pl[n] = (struct kplan){l, l->kase, l->station, l->grid, t, (uint32_t)n};
        n++;
        /* the e-bike ring is caught a few days after its ninth theft */
        if (l->series == SER_EBIKE && l->member == 8)
            cg->ebike_caught_at = t + rnd_range(r, 2 * DAY_S, 4 * DAY_S);
    }
    plan_walk_ins(d, &pl, &n, &cap);
    qsort(pl, n, sizeof(*pl), cmp_kplan);
    for (size_t i = 0; i < n && !rc; i++) {
        rc = write_case(cg, &pl[i]);
        if (i % 256 == 255)
            xa_arena_release(&d->tmp);
    }
    free(pl);
    if (!rc)
        rc = put_series(cg);
    if (!rc)
        rc = xa_demo_series_build(d);
    return rc;
}
