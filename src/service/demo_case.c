/*
 * demo_case.c - the demo county's cases (案件, docs/cases.md): a year of small-case work opened
 * from the criminal and public-order incidents of demo_svc.c, a few reported straight to the
 * case teams, and the planted series whose true membership linkage is scored against.
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
 * Steps: xa_demo_case_lead remembers the incidents while demo_svc.c writes them; then
 * xa_demo_case_build plans the cases, sorts them by opening time (codes follow time) and
 * writes each with its history (write_case), then the series (table demo_series); demo_series.c
 * then confirms series and writes the clue ledger from the rows noted here.
 */
#include "service/demo_int.h"

#include "base/mem.h"
#include "base/time.h"
#include "core/case.h"
#include "core/person.h"
#include "store/store.h"
#include "store/store_demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- what each kind of case is ---- */

struct kind_def {
    const char *type; /* case type code */
    int nature;       /* enum xa_case_nature */
    const char *mo;   /* MO tags besides night/daytime */
    double p_open;    /* of the handled incidents, opened as a case */
    double p_solve;   /* solved eventually */
    double solve_days;
    const char *title; /* %s: the place, or the victim as "王某" for frauds */
    const char *mo_text;
    bool timed;    /* night/daytime applies */
    bool by_place; /* the title names the place, not the victim */
};

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

static const char *const clothing[] = {
    "黑色连帽衫、深色长裤", "灰色夹克、牛仔裤",   "白色短袖T恤、黑色短裤", "蓝色工装外套",
    "迷彩服上衣",           "黑色羽绒服、戴口罩", "格子衬衫、运动鞋",      "红色运动服",
};
static const char *const phone_models[][2] = {
    {"华为", "Mate 60"}, {"华为", "nova 12"}, {"小米", "14"},        {"OPPO", "Reno 11"},
    {"vivo", "X100"},    {"荣耀", "90"},      {"苹果", "iPhone 15"},
};
static const char *const moto_brands[] = {"豪爵", "五羊-本田", "钱江", "新大洲本田", "宗申"};
static const char *const plate_letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";
static const char *const banks[] = {"工商银行", "农业银行", "建设银行", "中国银行", "邮储银行"};

/* ---- one build's case state ---- */

/* A case to open: from a lead, or reported straight to the case team (l NULL). */
struct kplan {
    const struct lead *l;
    int kase, station, grid;
    int64_t opened_at;
    uint32_t seq;
};

/* A known habitual offender (惯犯), created in the registry on first use. */
struct regular {
    const char *name, *id_number, *address;
    bool male;
    int height, build, station;
    int64_t person_id;
};

/* The planted series' offenders. */
struct offender {
    const char *name, *id_number, *address, *plate;
    int height, build;
    const char *clothes;
    int64_t person_id;
};

#define N_MULES 12
#define MAX_HAPS 64
#define MAX_ITEMS 6
#define MAX_SUSPECTS 3

struct cgen {
    struct demo *d;
    struct xa_arena *a; /* ctx->arena */
    int64_t type_id[K_COUNT];
    struct regular regulars[N_REGULARS];
    const char *mules[N_MULES]; /* shared receiving accounts of the frauds */
    struct offender ring[3], dogman, spree;
    int64_t ebike_caught_at; /* the ring's arrest, 0 until planned */
    int64_t series_case[SER_COUNT][64];
    size_t n_series_case[SER_COUNT];
    bool stalled[N_STATIONS]; /* the station has a case overdue for its first action */
};

/* Something that happens to a case, replayed in time order to write its events. */
struct hap {
    int64_t at;
    int op;
    int64_t by;
    const char *note, *reason;
    bool suspect; /* OP_PERSON of a suspect */
    int order;
};

static int cmp_hap(const void *pa, const void *pb)
{
    const struct hap *a = pa, *b = pb;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->order - b->order;
}

static int cmp_kplan(const void *pa, const void *pb)
{
    const struct kplan *a = pa, *b = pb;
    if (a->opened_at != b->opened_at)
        return a->opened_at < b->opened_at ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

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

/* ---- people ---- */

static const char *role_zh(int role)
{
    return xa_vocab_zh(&xa_case_vocab_person_role, role);
}

static bool is_night(int64_t t)
{
    int h = xa_demo_svc_hour(t);
    return h >= 20 || h < 6;
}

/* t, or the next office hours (08:30-18:00 Shanghai) when it falls outside them; never earlier. */
static int64_t office_hours(struct demo *d, int64_t t)
{
    int h = xa_demo_svc_hour(t);
    if (h >= 8 && h < 18)
        return t;
    int64_t day0 = xa_time_day_start_cn(t) + (h >= 18 ? DAY_S : 0);
    int64_t at = day0 + 8 * HOUR_S + 30 * MIN_S + rnd_range(&d->rng, 0, 3 * HOUR_S);
    return at > t ? at : t;
}

static const char *plate(struct demo *d, struct xa_arena *a)
{
    uint64_t *r = &d->rng;
    return xa_arena_printf(a, "鄂K·%c%04d%c", plate_letters[rnd_u64(r) % 24],
                           (int)rnd_range(r, 0, 9999), "0123456789"[rnd_u64(r) % 10]);
}

static const char *home_address(struct demo *d, struct xa_arena *a, int station)
{
    uint64_t *r = &d->rng;
    const struct grid *g = NULL;
    for (int tries = 0; tries < 8 && !g; tries++) {
        const struct grid *c = &d->grid[rnd_u64(r) % d->n_grids];
        if (station < 0 || c->station == station)
            g = c;
    }
    if (!g)
        g = &d->grid[0];
    const char *town = d->st[g->station].def->town;
    if (g->urban)
        return xa_arena_printf(a, "青山县%s%s%d号", town, g->street, (int)rnd_range(r, 1, 300));
    return xa_arena_printf(a, "青山县%s%s%d组%d号", town, g->name, (int)rnd_range(r, 1, 9),
                           (int)rnd_range(r, 1, 60));
}

static void init_people(struct cgen *cg)
{
    struct demo *d = cg->d;
    uint64_t *r = &d->rng;
    for (int i = 0; i < N_REGULARS; i++) {
        struct regular *g = &cg->regulars[i];
        g->male = rnd_chance(r, 0.9);
        g->name = xa_demo_svc_name(d, cg->a, g->male);
        d->regular_name[i] = g->name;
        g->id_number = xa_demo_svc_id_number(d, cg->a, 1970, 2004, g->male);
        g->station = i % N_STATIONS;
        g->address = home_address(d, cg->a, g->station);
        g->height = (int)(g->male ? 168 + rnd_gauss(r) * 5 : 157 + rnd_gauss(r) * 4);
        g->build = (int)rnd_range(r, XA_BUILD_SLIM, XA_BUILD_HEAVY);
    }
    for (int i = 0; i < N_MULES; i++)
        cg->mules[i] = xa_arena_printf(cg->a, "62%02d%015lld", (int)rnd_range(r, 12, 28),
                                       (long long)rnd_range(r, 0, 999999999999999LL));
    for (int i = 0; i < 3; i++) {
        struct offender *o = &cg->ring[i];
        o->name = xa_demo_svc_name(d, cg->a, true);
        o->id_number = xa_demo_svc_id_number(d, cg->a, 1990, 2005, true);
        o->address = home_address(d, cg->a, 0);
        o->height = (int)rnd_range(r, 165, 180);
        o->build = (int)rnd_range(r, XA_BUILD_SLIM, XA_BUILD_MEDIUM);
        o->clothes = clothing[i];
        o->plate = i == 0 ? plate(d, cg->a) : NULL;
    }
    cg->spree = (struct offender){
        .name = xa_demo_svc_name(d, cg->a, true),
        .id_number = xa_demo_svc_id_number(d, cg->a, 1988, 2003, true),
        .address = home_address(d, cg->a, 1),
        .height = 168,
        .build = XA_BUILD_MEDIUM,
        .clothes = "深色连帽衫、戴口罩",
    };
    struct offender *o = &cg->dogman;
    o->name =
        xa_arena_printf(cg->a, "罗%s", PICK(r, ((const char *const[]){"满仓", "春生", "金生"})));
    o->id_number = xa_demo_svc_id_number(d, cg->a, 1972, 1985, true);
    o->address = home_address(d, cg->a, 4);
    o->height = 171;
    o->build = XA_BUILD_SLIM;
    o->clothes = "黑色皮夹克，骑红色摩托车";
    o->plate = plate(d, cg->a);
}

/* ---- writing ---- */

struct cw {
    struct cgen *cg;
    struct demo *d;
    struct xa_arena *a; /* d->tmp */
    const struct kplan *kp;
    const struct kind_def *k;
    struct xa_case c;
    int64_t owner;
    struct hap haps[MAX_HAPS];
    size_t n_haps;
    int64_t solve_at; /* planned; 0 = not solved before the anchor */
    int64_t end_at;   /* suspended or dropped */
    int end_op;
    const char *end_reason;
    int64_t suspects[MAX_SUSPECTS];
    const char *suspect_names[MAX_SUSPECTS];
    size_t n_suspects;
    int64_t victim;
    int regular;              /* 1 + index of the 惯犯 among the suspects, 0 none */
    const char *walk_in_name; /* the victim of a case without an incident */
    bool walk_in_male;
};

static void hap(struct cw *w, int64_t at, int op, int64_t by, const char *note)
{
    if (w->n_haps == MAX_HAPS || at >= w->d->anchor)
        return;
    w->haps[w->n_haps] = (struct hap){at, op, by, note, NULL, false, (int)w->n_haps};
    w->n_haps++;
}

static int put_person(struct cw *w, struct xa_person *p)
{
    struct demo *d = w->d;
    if (p->id_number) {
        int32_t today = xa_time_day_cn(d->anchor);
        if (xa_person_id_info(p->id_number, today, &p->birth_date, &p->sex, &(const char *){0}))
            return XA_EINTERNAL;
    }
    p->updated_at = p->created_at;
    if (xa_person_validate(p, xa_time_day_cn(d->anchor), &d->ctx->verr))
        return XA_EINTERNAL;
    int rc = xa_store_case_person_put(d->s, p);
    if (!rc)
        d->sum->n_persons++;
    return rc;
}

static int link_person(struct cw *w, int64_t person_id, int role, const struct xa_person_desc *desc,
                       const char *note, int64_t at)
{
    struct xa_case_person cp = {
        .case_id = w->c.id,
        .role = role,
        .person = {.id = person_id},
        .note = note,
        .added_at = at,
        .added_by = w->owner,
    };
    if (desc) {
        if (xa_person_desc_validate(desc, &w->d->ctx->verr))
            return XA_EINTERNAL;
        cp.desc = *desc;
    }
    return xa_store_case_person_link_put(w->d->s, &cp);
}

/* The victim: the caller when there was one, else someone the officer met. */
static int add_victim(struct cw *w)
{
    struct demo *d = w->d;
    uint64_t *r = &d->rng;
    const struct lead *l = w->kp->l;
    struct xa_person p = {.created_at = w->c.opened_at};
    if (l && l->caller_name) {
        p.name = l->caller_name;
        p.phone = l->caller_phone;
        p.id_number = l->caller_id_number;
        if (!p.id_number && rnd_chance(r, 0.75))
            p.id_number =
                xa_demo_svc_id_number(d, w->a, 1950, 2004, !xa_demo_svc_is_female_name(p.name));
    } else {
        bool male = l ? rnd_chance(r, 0.55) : w->walk_in_male;
        p.name = l ? xa_demo_svc_name(d, w->a, male) : w->walk_in_name;
        p.phone = xa_demo_svc_mobile(d, w->a);
        p.id_number = xa_demo_svc_id_number(d, w->a, 1950, 2004, male);
    }
    if (!p.address && rnd_chance(r, 0.8))
        p.address = home_address(d, w->a, w->kp->station);
    int rc = put_person(w, &p);
    if (rc == XA_ECONFLICT) { /* the same ID number drawn twice: the same person */
        struct xa_person old;
        rc = xa_store_case_person_find_id_number(d->s, w->a, p.id_number, &old);
        p.id = old.id;
    }
    /* gambling and brawls have a reporter, the rest a victim */
    int role = w->kp->kase == K_ADM_GAMBLE || w->kp->kase == K_ADM_FIGHT ? XA_CASE_ROLE_REPORTER
                                                                         : XA_CASE_ROLE_VICTIM;
    if (!rc)
        rc = link_person(w, p.id, role, NULL, w->kp->kase == K_ENTERPRISE ? "施工单位负责人" : NULL,
                         w->c.opened_at);
    if (!rc) {
        w->victim = role == XA_CASE_ROLE_VICTIM ? p.id : 0;
        hap(w, w->c.opened_at + 60, XA_CASE_OP_PERSON, w->owner,
            xa_arena_printf(w->a, "%s: %s", role_zh(role), p.name));
    }
    return rc;
}

static int add_witness(struct cw *w, int64_t at)
{
    struct demo *d = w->d;
    uint64_t *r = &d->rng;
    static const char *const notes[] = {"小区保安", "邻居", "附近商户", "路过群众", "同行人员"};
    bool male = rnd_chance(r, 0.6);
    struct xa_person p = {
        .name = xa_demo_svc_name(d, w->a, male),
        .phone = xa_demo_svc_mobile(d, w->a),
        .id_number = rnd_chance(r, 0.4) ? xa_demo_svc_id_number(d, w->a, 1955, 2004, male) : NULL,
        .created_at = at,
    };
    int rc = put_person(w, &p);
    if (rc == XA_ECONFLICT)
        return XA_OK; /* an ID number drawn twice; leave this witness out */
    if (!rc)
        rc = link_person(w, p.id, XA_CASE_ROLE_WITNESS, NULL, PICK(r, notes), at);
    if (!rc)
        hap(w, at, XA_CASE_OP_PERSON, w->owner,
            xa_arena_printf(w->a, "%s: %s", role_zh(XA_CASE_ROLE_WITNESS), p.name));
    return rc;
}

/* A suspect with the description given in this case; *id_out is the person. */
static int add_suspect(struct cw *w, const char *name, const char *id_number, const char *address,
                       int height, int build, const char *clothes, const char *plate_seen,
                       int64_t *person_id, int64_t at)
{
    struct demo *d = w->d;
    int rc = XA_OK;
    if (!*person_id) {
        struct xa_person p = {.name = name,
                              .id_number = id_number,
                              .address = address,
                              .phone =
                                  rnd_chance(&d->rng, 0.6) ? xa_demo_svc_mobile(d, w->a) : NULL,
                              .created_at = at};
        rc = put_person(w, &p);
        if (rc)
            return rc == XA_ECONFLICT ? XA_OK : rc;
        *person_id = p.id;
    }
    for (size_t i = 0; i < w->n_suspects; i++)
        if (w->suspects[i] == *person_id)
            return XA_OK;
    struct xa_person_desc desc = {
        .height_min = height - 3,
        .height_max = height + 3,
        .build = build,
        .clothing = clothes,
        .plate = plate_seen,
    };
    rc = link_person(w, *person_id, XA_CASE_ROLE_SUSPECT, &desc, NULL, at);
    if (rc)
        return rc;
    w->suspect_names[w->n_suspects] = name;
    w->suspects[w->n_suspects++] = *person_id;
    hap(w, at, XA_CASE_OP_PERSON, w->owner,
        xa_arena_printf(w->a, "%s: %s", role_zh(XA_CASE_ROLE_SUSPECT), name));
    w->haps[w->n_haps - 1].suspect = true;
    return XA_OK;
}

/* The suspects of a solved case: the series' offenders, a regular, or new people. */
static int add_suspects(struct cw *w, int64_t at)
{
    struct demo *d = w->d;
    struct cgen *cg = w->cg;
    uint64_t *r = &d->rng;
    const struct lead *l = w->kp->l;
    int series = l ? l->series : SER_NONE;
    if (series == SER_EBIKE) {
        for (int i = 0; i < 3; i++) {
            struct offender *o = &cg->ring[i];
            int rc = add_suspect(w, o->name, o->id_number, o->address, o->height, o->build,
                                 o->clothes, o->plate, &o->person_id, at + i);
            if (rc)
                return rc;
        }
        return XA_OK;
    }
    if (series == SER_DOG || series == SER_SPREE) {
        struct offender *o = series == SER_DOG ? &cg->dogman : &cg->spree;
        return add_suspect(w, o->name, o->id_number, o->address, o->height, o->build, o->clothes,
                           o->plate, &o->person_id, at);
    }
    bool theft = !strncmp(w->k->type, "theft", 5);
    if (theft && rnd_chance(r, 0.3)) {
        int gi = w->kp->station + N_STATIONS * (int)(rnd_u64(r) % 4);
        struct regular *g = &cg->regulars[gi];
        w->regular = gi + 1;
        return add_suspect(w, g->name, g->id_number, g->address, g->height, g->build,
                           PICK(r, clothing), NULL, &g->person_id, at);
    }
    double u = rnd_unit(r);
    int n = u < 0.75 ? 1 : u < 0.93 ? 2 : 3;
    if (w->kp->kase == K_ADM_FIGHT || w->kp->kase == K_ADM_GAMBLE)
        n = (int)rnd_range(r, 2, 3);
    for (int i = 0; i < n; i++) {
        bool male = rnd_chance(r, w->kp->kase == K_ADM_GAMBLE ? 0.7 : 0.92);
        int64_t pid = 0;
        int height = (int)(male ? 170 + rnd_gauss(r) * 5 : 158 + rnd_gauss(r) * 4);
        bool vehicle =
            w->kp->kase == K_SNATCH || w->kp->kase == K_LIVESTOCK || w->kp->kase == K_ENTERPRISE;
        int rc = add_suspect(w, xa_demo_svc_name(d, w->a, male),
                             xa_demo_svc_id_number(d, w->a, 1966, 2006, male),
                             home_address(d, w->a, rnd_chance(r, 0.7) ? w->kp->station : -1),
                             height, (int)rnd_range(r, 1, 3), PICK(r, clothing),
                             vehicle && i == 0 ? plate(d, w->a) : NULL, &pid, at + i);
        if (rc)
            return rc;
    }
    return XA_OK;
}

static int add_arrests(struct cw *w, int64_t at)
{
    struct demo *d = w->d;
    uint64_t *r = &d->rng;
    for (size_t i = 0; i < w->n_suspects; i++) {
        if (!rnd_chance(r, 0.9))
            continue;
        int measure;
        if (w->k->nature == XA_CASE_ADMINISTRATIVE)
            measure = rnd_chance(r, 0.7) ? XA_ARREST_ADMINISTRATIVE_DETENTION : XA_ARREST_SUMMONS;
        else
            measure = rnd_chance(r, 0.85) ? XA_ARREST_CRIMINAL_DETENTION : XA_ARREST_SUMMONS;
        struct xa_arrest ar = {
            .case_id = w->c.id,
            .person_id = w->suspects[i],
            .at = at + (int64_t)i * 60,
            .measure = measure,
            .unit_id = w->c.unit_id,
            .by = w->owner,
        };
        if (ar.at >= d->anchor)
            continue;
        int rc = xa_store_case_arrest_put(d->s, &ar);
        if (rc)
            return rc;
        d->sum->n_arrests++;
        hap(w, ar.at, XA_CASE_OP_ARREST, w->owner,
            xa_arena_printf(w->a, "%s %s", w->suspect_names[i],
                            xa_vocab_zh(&xa_case_vocab_arrest_measure, measure)));
    }
    return XA_OK;
}

/* ---- property ---- */

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

static int add_property(struct cw *w)
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
                int64_t ret = office_hours(d, found + rnd_range(r, 1 * DAY_S, 10 * DAY_S));
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
        hap(w, p.created_at, XA_CASE_OP_PROPERTY, w->owner,
            xa_arena_printf(w->a, "登记损失财物: %s", p.description));
        if (p.found_at) {
            d->sum->recovered_fen += p.value_fen;
            hap(w, p.found_at, XA_CASE_OP_PROPERTY, w->owner,
                xa_arena_printf(w->a, "追回财物: %s", p.description));
        }
        if (p.returned_at)
            hap(w, p.returned_at, XA_CASE_OP_PROPERTY, w->owner,
                xa_arena_printf(w->a, "发还财物: %s", p.description));
    }
    return XA_OK;
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
    int64_t office = office_hours(d, t);
    return office <= due || t > due ? office : t; /* stays late rather than miss the deadline */
}

/* The template's actions: the first done soon after opening (a few late, the newest
 * stalled), the rest over the following days, by the owner. */
static int add_actions(struct cw *w, int64_t first_at, bool stall_analysis)
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
            hap(w, done, XA_CASE_OP_ACTION, w->owner,
                xa_arena_printf(w->a, "%s: %s", x.name, x.result));
        }
        rc = xa_store_case_action_put(d->s, &x);
        if (rc)
            return rc;
        d->sum->n_actions++;
    }
    return XA_OK;
}

/* ---- one case ---- */

static int note_incident(struct cw *w);

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

/* When the case is solved, suspended or dropped; 0 when not before the anchor. */
static void draw_outcome(struct cw *w, int64_t first_at)
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
        int64_t t = office_hours(d, first_at + rnd_range(r, 1 * DAY_S, 10 * DAY_S));
        if (t < d->anchor) {
            w->end_at = t;
            w->end_op = XA_CASE_OP_DROP;
            w->end_reason = PICK(r, drop_reasons);
        }
        return;
    }
    if (series == SER_NONE && first_at && rnd_chance(r, 0.25)) {
        int64_t t = office_hours(d, opened + rnd_range(r, 60 * DAY_S, 120 * DAY_S));
        if (t < d->anchor) {
            w->end_at = t;
            w->end_op = XA_CASE_OP_SUSPEND;
            w->end_reason = !strncmp(w->k->type, "fraud", 5)
                                ? "涉案资金已被转至境外账户，嫌疑人身份无法查明，中止侦查。"
                                : PICK(r, suspend_reasons);
        }
    }
}

/* Replays the haps in time order through the state machine into events, and fills the case's
 * lifecycle fields. */
static int replay(struct cw *w)
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
        draw_outcome(w, first_at);
    if (w->solve_at && w->solve_at <= first_at)
        w->solve_at = first_at + rnd_range(r, 10 * MIN_S, HOUR_S);
    if (w->solve_at >= d->anchor)
        w->solve_at = 0;

    rc = xa_store_case_put(d->s, c);
    if (rc)
        return rc;
    hap(w, c->opened_at, XA_CASE_OP_OPEN, c->opened_by, NULL);

    rc = add_victim(w);
    if (!rc && rnd_chance(r, kp->kase >= K_ROBBERY ? 0.6 : 0.25) && first_at)
        rc = add_witness(w, first_at + rnd_range(r, 10 * MIN_S, 6 * HOUR_S));
    if (!rc && w->solve_at) {
        int64_t at = w->solve_at - rnd_range(r, 30 * MIN_S, 4 * HOUR_S);
        if (at <= first_at)
            at = first_at + 1;
        rc = add_suspects(w, at);
        if (!rc)
            rc = add_arrests(w, at + rnd_range(r, 5 * MIN_S, 20 * MIN_S) < w->solve_at
                                    ? at + rnd_range(r, 5 * MIN_S, 20 * MIN_S)
                                    : at);
    }
    if (!rc)
        rc = add_property(w);
    if (!rc)
        rc = add_actions(w, first_at, stall_analysis);
    if (rc)
        return rc;
    if (first_at)
        c->first_action_at = first_at;

    /* the transitions after the work */
    if (w->solve_at && w->n_suspects) {
        hap(w, w->solve_at, XA_CASE_OP_SOLVE, w->owner, NULL);
        int64_t next;
        int op;
        if (c->nature == XA_CASE_ADMINISTRATIVE) {
            op = XA_CASE_OP_CLOSE;
            next = office_hours(d, w->solve_at + rnd_range(r, 4 * HOUR_S, 3 * DAY_S));
        } else {
            op = rnd_chance(r, 0.85) ? XA_CASE_OP_TRANSFER : XA_CASE_OP_CLOSE;
            next = office_hours(d, w->solve_at + rnd_range(r, 7 * DAY_S, 40 * DAY_S));
        }
        hap(w, next, op, w->owner, NULL);
    } else if (w->end_at) {
        hap(w, w->end_at, w->end_op, w->owner, NULL);
        w->haps[w->n_haps - 1].reason = w->end_reason;
    }
    rc = replay(w);
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
    init_people(cg);

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
