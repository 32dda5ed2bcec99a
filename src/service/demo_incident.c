/*
 * demo_incident.c - the demo county's history of incidents: when the calls come (a Poisson
 * count a day, the hotspots' own clocks and the planted series counted back from the anchor),
 * and each call's way through its lifecycle up to the anchor, stored with its events.
 *
 * Invariants: every incident lies inside its grid's polygon, belongs to that grid's station
 * and is dispatched to a patrol or community officer of it; every transition goes through
 * xa_incident_next and leaves an event, so the timeline is one the real service could have
 * written. The last days hold open incidents in every state, some past their deadlines.
 * Criminal and public-order incidents are handed to demo_case.c (xa_demo_case_lead), which
 * opens the cases once every incident is written. d->tmp is released every 512 incidents.
 */
#include "service/demo_int.h"

#include "base/mem.h"
#include "base/time.h"
#include "core/code.h"
#include "core/validate.h"
#include "store/store.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- when the calls come ---- */

static int rnd_poisson(uint64_t *s, double lambda)
{
    double l = exp(-lambda), p = 1.0;
    int k = 0;
    do {
        k++;
        p *= rnd_unit(s);
    } while (p > l);
    return k - 1;
}

/* Calls by hour of day: few at 3-6, peaks at 9-11 and 19-22. */
static const double hour_w[24] = {2.2, 1.6, 1.1, 0.7, 0.5, 0.6, 1.2, 2.4, 3.6, 5.2, 5.6, 5.3,
                                  4.2, 4.0, 4.4, 4.6, 4.8, 5.0, 5.2, 5.9, 6.3, 6.1, 4.8, 3.4};
/* Sunday first. */
static const double weekday_f[7] = {1.0, 0.95, 0.93, 0.95, 0.97, 1.08, 1.12};
static const double month_f[13] = {0,    0.88, 0.9,  0.95, 1.0,  1.05, 1.1,
                                   1.15, 1.15, 1.05, 1.05, 0.95, 0.9};
#define BASE_PER_DAY 52.0

static int cmp_plan(const void *pa, const void *pb)
{
    const struct plan *a = pa, *b = pb;
    if (a->t != b->t)
        return a->t < b->t ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int64_t in_hours(struct demo *d, int64_t day0, const double *w)
{
    size_t h = rnd_pick(&d->rng, w, 24);
    return day0 + (int64_t)h * HOUR_S + rnd_range(&d->rng, 0, HOUR_S - 1);
}

/* When the calls come: a Poisson count per day shaped by weekday and month, the hour by
 * the daily profile; and the hotspots' own clocks. */
static struct plan *plan_calls(struct demo *d, size_t *n_out)
{
    size_t cap = (size_t)(d->days + 1) * 80 + 64, n = 0;
    struct plan *pl = xa_xmalloc(cap * sizeof(*pl));
#define ADD(time, k)                                                                               \
    do {                                                                                           \
        int64_t t_ = (time);                                                                       \
        if (t_ >= d->start && t_ < d->anchor) {                                                    \
            if (n == cap)                                                                          \
                pl = xa_xrealloc(pl, (cap *= 2) * sizeof(*pl));                                    \
            pl[n] = (struct plan){t_, (uint32_t)n, (k), ser_, mem_, occ_};                         \
            n++;                                                                                   \
        }                                                                                          \
    } while (0)
    int ser_ = SER_NONE, mem_ = 0;
    int64_t occ_ = 0;
    for (int i = 0; i <= d->days; i++) { /* the last day is today, up to now */
        int64_t day0 = d->start + (int64_t)i * DAY_S;
        int32_t ymd = xa_time_day_cn(day0);
        int month = ymd / 100 % 100;
        int wd = (int)(((day0 + XA_TIME_CN_OFFSET) / DAY_S + 4) % 7);
        int left = d->days - i; /* days before today */
        double lambda = BASE_PER_DAY * weekday_f[wd] * month_f[month];
        int count = rnd_poisson(&d->rng, lambda);
        for (int c = 0; c < count; c++)
            ADD(in_hours(d, day0, hour_w), PLAN_BASE);
        /* 拉车门 at 幸福小区 22:00-02:00, a spree in the last weeks */
        ser_ = left <= 45 ? SER_SPREE : SER_NONE;
        if (rnd_chance(&d->rng, left <= 45 ? 0.7 : 0.2))
            ADD(day0 + 22 * HOUR_S + rnd_range(&d->rng, 0, 4 * HOUR_S - 1), PLAN_CARDOOR);
        ser_ = SER_NONE;
        /* e-bikes at the night market, busy from spring to autumn */
        if (rnd_chance(&d->rng, month >= 4 && month <= 10 ? 0.35 : 0.1))
            ADD(day0 + 18 * HOUR_S + 30 * MIN_S + rnd_range(&d->rng, 0, 5 * HOUR_S - 1),
                PLAN_EBIKE);
        /* 杨树湾村 quarrels in the daytime */
        if (rnd_chance(&d->rng, 0.3))
            ADD(day0 + 8 * HOUR_S + rnd_range(&d->rng, 0, 12 * HOUR_S - 1), PLAN_DISPUTE);
        /* dogs stolen at night in winter, reported in the morning */
        if ((month >= 11 || month <= 2) && rnd_chance(&d->rng, 0.18))
            ADD(day0 + 6 * HOUR_S + rnd_range(&d->rng, 0, 150 * MIN_S), PLAN_DOG);
    }
    /* The planted series, counted back from today so that every build has them. */
    int64_t today0 = xa_time_day_start_cn(d->anchor);
    ser_ = SER_CARDOOR; /* nights in one compound, found in the morning */
    for (mem_ = 0; mem_ < SER_CARDOOR_N; mem_++) {
        int64_t day0 = today0 - (27 - 4 * mem_ + rnd_range(&d->rng, 0, 1)) * DAY_S;
        occ_ = day0 + 23 * HOUR_S + 30 * MIN_S + rnd_range(&d->rng, 0, 4 * HOUR_S);
        ADD(day0 + DAY_S + 6 * HOUR_S + 40 * MIN_S + rnd_range(&d->rng, 0, 110 * MIN_S),
            PLAN_SER_CARDOOR);
    }
    ser_ = SER_DOG; /* poisoned at night, missed at dawn; the last one caught in the act */
    for (mem_ = 0; mem_ < SER_DOG_N; mem_++) {
        int64_t day0 = today0 - (40 - 5 * mem_ + rnd_range(&d->rng, 0, 1)) * DAY_S;
        occ_ = day0 + 1 * HOUR_S + rnd_range(&d->rng, 0, 210 * MIN_S);
        ADD(mem_ == SER_DOG_N - 1 ? occ_ + rnd_range(&d->rng, 5 * MIN_S, 20 * MIN_S)
                                  : day0 + 6 * HOUR_S + rnd_range(&d->rng, 0, 150 * MIN_S),
            PLAN_SER_DOG);
    }
    ser_ = SER_EBIKE; /* school days, while the owners are inside */
    for (mem_ = 0; mem_ < SER_EBIKE_N; mem_++) {
        int64_t day0 = today0 - (45 - 4 * mem_ + rnd_range(&d->rng, 0, 1)) * DAY_S;
        int wd = (int)(((day0 + XA_TIME_CN_OFFSET) / DAY_S + 4) % 7);
        day0 -= (wd == 6 ? 1 : wd == 0 ? 2 : 0) * DAY_S; /* back to Friday */
        occ_ = day0 + (rnd_chance(&d->rng, 0.5) ? 8 * HOUR_S + 30 * MIN_S : 14 * HOUR_S) +
               rnd_range(&d->rng, 0, 150 * MIN_S);
        ADD(occ_ + rnd_range(&d->rng, 20 * MIN_S, 150 * MIN_S), PLAN_SER_EBIKE);
    }
#undef ADD
    qsort(pl, n, sizeof(*pl), cmp_plan);
    *n_out = n;
    return pl;
}

/* ---- one incident, from the call to its close ---- */

/* The officer on duty at the desk of station st at t: two desks on 12-hour shifts. */
static size_t desk_on_duty(const struct station *st, int64_t t)
{
    return st->desk[(size_t)((t + XA_TIME_CN_OFFSET + 4 * HOUR_S) / (12 * HOUR_S)) % st->n_desk];
}

/* Who goes: the grid's community officer (一村一警) for neighbourhood matters, else a patrol. */
static size_t pick_officer(struct demo *d, const struct draft *dr, int category)
{
    const struct station *st = &d->st[dr->g->station];
    double p_comm = 0.12;
    if (!dr->hot) {
        switch (category) {
        case XA_CATEGORY_DISPUTE:
            p_comm = 0.55;
            break;
        case XA_CATEGORY_COMPLAINT:
            p_comm = 0.4;
            break;
        case XA_CATEGORY_HELP:
        case XA_CATEGORY_OTHER:
            p_comm = 0.3;
            break;
        default:
            break;
        }
        if (!dr->g->urban)
            p_comm += 0.15;
    }
    if (rnd_chance(&d->rng, p_comm))
        return dr->g->owner;
    return st->patrol[rnd_u64(&d->rng) % st->n_patrol];
}

/* One step of the lifecycle, as the service would take it, remembered for the timeline. */
struct ev {
    int action, from, to;
    int64_t at, user_id, officer_id;
    const char *note;
};

static int apply(struct xa_incident *inc, struct ev *evs, size_t *n_ev, int action, int64_t at,
                 int64_t user_id, int64_t officer_id, const char *note)
{
    bool has_caller = inc->caller_phone && *inc->caller_phone;
    int to;
    const char *why;
    if (xa_incident_next(inc->status, action, has_caller, &to, &why))
        return XA_EINTERNAL;
    switch (action) {
    case XA_INCIDENT_DISPATCH:
        inc->officer_id = officer_id;
        inc->dispatched_at = at;
        break;
    case XA_INCIDENT_ARRIVE:
        if (!inc->on_scene_at)
            inc->on_scene_at = at;
        break;
    case XA_INCIDENT_HANDLE:
        inc->result = note;
        inc->handled_at = at;
        break;
    case XA_INCIDENT_REPLY:
        inc->reply_content = note;
        inc->replied_at = at;
        inc->replied_by = user_id;
        break;
    case XA_INCIDENT_CLOSE:
        inc->closed_at = at;
        inc->closed_by = user_id;
        break;
    default:
        break;
    }
    evs[(*n_ev)++] = (struct ev){
        action, inc->status, to, at, user_id, action == XA_INCIDENT_DISPATCH ? officer_id : 0,
        note};
    inc->status = to;
    inc->updated_at = at;
    return XA_OK;
}

/* Step times after received_at: mostly on time, a few late so the response statistics vary. */
struct times {
    int64_t dispatch, redispatch, arrive, handle, reply, close;
};

static void draw_times(struct demo *d, const struct xa_incident *inc, bool urban, int category,
                       struct times *t)
{
    uint64_t *r = &d->rng;
    int64_t recv = inc->received_at;
    double u = rnd_unit(r);
    t->dispatch =
        recv + (rnd_chance(r, 0.05) ? rnd_range(r, 6 * MIN_S, 20 * MIN_S)
                                    : MIN_S + (int64_t)(u * u * 4 * MIN_S) + rnd_range(r, 0, 59));
    t->redispatch = rnd_chance(r, 0.025) ? t->dispatch + rnd_range(r, 2 * MIN_S, 8 * MIN_S) : 0;
    int64_t from = t->redispatch ? t->redispatch : t->dispatch;
    int64_t drive =
        urban ? rnd_range(r, 3 * MIN_S, 10 * MIN_S) : rnd_range(r, 5 * MIN_S, 16 * MIN_S);
    if (inc->priority <= 2)
        drive = drive * 3 / 4;
    if (rnd_chance(r, 0.05))
        drive += rnd_range(r, 10 * MIN_S, 30 * MIN_S);
    t->arrive = from + drive;
    static const int handle_min[][2] = {
        [XA_CATEGORY_CRIMINAL] = {60, 600},  [XA_CATEGORY_PUBLIC_ORDER] = {20, 120},
        [XA_CATEGORY_DISPUTE] = {30, 240},   [XA_CATEGORY_HELP] = {20, 180},
        [XA_CATEGORY_TRAFFIC] = {20, 90},    [XA_CATEGORY_FIRE] = {30, 180},
        [XA_CATEGORY_COMPLAINT] = {30, 180}, [XA_CATEGORY_OTHER] = {10, 60},
    };
    if (rnd_chance(r, 0.03))
        t->handle = recv + rnd_range(r, 25 * HOUR_S, 48 * HOUR_S);
    else
        t->handle = t->arrive +
                    rnd_range(r, handle_min[category][0] * MIN_S, handle_min[category][1] * MIN_S);
    u = rnd_unit(r);
    if (rnd_chance(r, 0.04))
        t->reply = recv + rnd_range(r, 73 * HOUR_S, 120 * HOUR_S);
    else
        t->reply = t->handle + 20 * MIN_S + (int64_t)(u * u * 46 * HOUR_S);
    if (t->reply <= t->handle)
        t->reply = t->handle + 30 * MIN_S;
    t->close = t->reply + rnd_range(r, 5 * MIN_S, 12 * HOUR_S);
}

static int reply_method(struct demo *d, int channel, bool has_phone)
{
    double u = rnd_unit(&d->rng);
    if (!has_phone)
        return XA_REPLY_IN_PERSON;
    if (channel == XA_CHANNEL_ONLINE)
        return u < 0.7 ? XA_REPLY_ONLINE : XA_REPLY_PHONE;
    if (channel == XA_CHANNEL_WALK_IN)
        return u < 0.5 ? XA_REPLY_IN_PERSON : XA_REPLY_PHONE;
    return u < 0.8 ? XA_REPLY_PHONE : XA_REPLY_SMS;
}

static const char *reply_text(struct demo *d, int method, int category)
{
    static const char *const by_phone[] = {
        "已电话告知报警人处理结果，报警人表示满意。",
        "已电话回访报警人，告知处理结果，报警人表示满意。",
        "已电话告知报警人处理情况，报警人基本满意。",
    };
    switch (method) {
    case XA_REPLY_SMS:
        return "已短信告知报警人处理结果及查询码。";
    case XA_REPLY_IN_PERSON:
        return "已当面向报警人反馈处理结果，报警人表示感谢。";
    case XA_REPLY_ONLINE:
        return "已通过网上报警平台回复处理结果。";
    default:
        if (category == XA_CATEGORY_CRIMINAL && rnd_chance(&d->rng, 0.6))
            return "已电话告知报警人案件侦办进展，报警人表示理解。";
        return PICK(&d->rng, by_phone);
    }
}

/* The state where a recent incident is left open (CLOSED: let it run to the end). Some stall
 * on purpose so the leaders' overdue lists are not empty; from_end counts back from the
 * newest incident, which always waits for dispatch. */
static int stop_state(struct demo *d, int64_t age, size_t from_end)
{
    double u = rnd_unit(&d->rng);
    if (from_end == 0 || from_end == 3)
        return XA_INCIDENT_RECEIVED;
    if (from_end == 1 || from_end == 2 || from_end == 5)
        return XA_INCIDENT_DISPATCHED;
    if (age < 3 * HOUR_S && u < 0.08)
        return XA_INCIDENT_RECEIVED;
    if (age < 3 * HOUR_S && u < 0.2)
        return XA_INCIDENT_DISPATCHED;
    if (age < 30 * HOUR_S && u < 0.1)
        return XA_INCIDENT_ON_SCENE;
    if (age < 6 * DAY_S && u < 0.1)
        return XA_INCIDENT_HANDLED;
    if (age < 3 * DAY_S && u < 0.18)
        return XA_INCIDENT_REPLIED;
    return XA_INCIDENT_CLOSED;
}

static int priority_of(struct demo *d, int category, const struct tmpl *tm)
{
    double u = rnd_unit(&d->rng);
    switch (category) {
    case XA_CATEGORY_FIRE:
        return u < 0.6 ? 1 : 2;
    case XA_CATEGORY_CRIMINAL:
        return u < 0.05 ? 1 : u < 0.4 ? 2 : 3;
    case XA_CATEGORY_HELP:
        if (strstr(tm->text, "走失") || strstr(tm->text, "幼儿") || strstr(tm->text, "疾病"))
            return u < 0.3 ? 1 : 2;
        return u < 0.1 ? 2 : 3;
    case XA_CATEGORY_COMPLAINT:
    case XA_CATEGORY_OTHER:
        return u < 0.3 ? 4 : 3;
    default:
        return u < 0.03 ? 1 : u < 0.13 ? 2 : u < 0.95 ? 3 : 4;
    }
}

static int put_incident(struct demo *d, const struct plan *p, size_t from_end)
{
    struct xa_ctx *ctx = d->ctx;
    struct xa_arena *a = &d->tmp;
    uint64_t *r = &d->rng;
    struct xa_incident inc = {0};
    struct draft dr;
    struct fill f;
    double progress = (double)(p->t - d->start) / (double)(d->anchor - d->start);
    xa_demo_call_compose(d, p, progress, &inc, &dr, &f);
    const struct grid *g = dr.g;
    const struct station *st = &d->st[g->station];
    xa_demo_call_caller(d, p, &inc);
    inc.unit_id = st->unit.id;
    inc.priority = priority_of(d, inc.category, dr.tm);
    inc.narrative = xa_demo_call_expand(a, dr.tm->text, &f);
    inc.address = dr.address;
    inc.grid_id = g->id;
    inc.has_location = true;
    xa_demo_map_scatter(d, g, dr.pl->lat, dr.pl->lon, dr.sigma, &inc.lat, &inc.lon);
    inc.received_at = p->t;
    inc.received_by = d->off[desk_on_duty(st, p->t)].id;
    xa_incident_set_due(&inc, &d->sla);
    if (xa_incident_validate(&inc, ctx->now, &ctx->verr))
        return XA_EINTERNAL; /* a template or generator bug, not the user's input */

    /* the lifecycle, cut at the anchor and at the planned stop */
    struct times t;
    draw_times(d, &inc, xa_demo_svc_stations[g->station].urban, inc.category, &t);
    int stop = stop_state(d, d->anchor - p->t, from_end);
    size_t officer = pick_officer(d, &dr, inc.category);
    const char *result = xa_demo_call_result(d, dr.tm, inc.category);
    bool has_phone = inc.caller_phone != NULL;
    bool replies = has_phone || inc.channel == XA_CHANNEL_WALK_IN;
    int method = reply_method(d, inc.channel, has_phone);
    const char *reply = reply_text(d, method, inc.category);
    struct ev evs[8];
    size_t n_ev = 0;
    int rc = apply(&inc, evs, &n_ev, XA_INCIDENT_RECEIVE, p->t, inc.received_by, 0, NULL);
#define DUE(step) (!rc && stop > inc.status && (step) < d->anchor)
    if (DUE(t.dispatch))
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_DISPATCH, t.dispatch,
                   d->off[desk_on_duty(st, t.dispatch)].id, d->off[officer].id, NULL);
    if (t.redispatch && inc.status == XA_INCIDENT_DISPATCHED && DUE(t.redispatch)) {
        /* 改派: another patrol of the station takes over */
        size_t j = 0;
        while (j < st->n_patrol && st->patrol[j] != officer)
            j++;
        j = j < st->n_patrol ? (j + 1 + rnd_u64(r) % (st->n_patrol - 1)) % st->n_patrol
                             : rnd_u64(r) % st->n_patrol;
        officer = st->patrol[j];
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_DISPATCH, t.redispatch,
                   d->off[desk_on_duty(st, t.redispatch)].id, d->off[officer].id,
                   "原处警民警处置其他警情，改派就近民警");
    }
    if (DUE(t.arrive) && inc.status == XA_INCIDENT_DISPATCHED)
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_ARRIVE, t.arrive, d->off[officer].id, 0, NULL);
    if (DUE(t.handle) && inc.status == XA_INCIDENT_ON_SCENE)
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_HANDLE, t.handle, d->off[officer].id, 0, result);
    if (replies && DUE(t.reply) && inc.status == XA_INCIDENT_HANDLED) {
        inc.reply_method = method;
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_REPLY, t.reply,
                   d->off[desk_on_duty(st, t.reply)].id, 0, reply);
    }
    if (!replies && inc.status == XA_INCIDENT_HANDLED)
        t.close = t.handle + rnd_range(r, 10 * MIN_S, 6 * HOUR_S);
    if (DUE(t.close) &&
        (inc.status == XA_INCIDENT_REPLIED || (!replies && inc.status == XA_INCIDENT_HANDLED)))
        rc = apply(&inc, evs, &n_ev, XA_INCIDENT_CLOSE, t.close,
                   d->off[desk_on_duty(st, t.close)].id, 0, NULL);
#undef DUE
    if (rc)
        return rc;
    inc.due_next = xa_incident_next_due(&inc);

    int32_t day = xa_time_day_cn(p->t);
    int64_t seq;
    rc = xa_store_incident_next_seq(d->s, st->unit.id, day, &seq);
    if (rc)
        return rc;
    char *code = xa_arena_alloc(a, XA_CODE_MAX);
    xa_code_incident(st->def->code, day, seq, code);
    inc.code = code;
    for (int attempt = 0; attempt < 4; attempt++) {
        unsigned char rnd[XA_CODE_STATUS_RANDOM_BYTES];
        uint64_t bits = rnd_u64(r);
        for (size_t i = 0; i < sizeof(rnd); i++)
            rnd[i] = (unsigned char)(bits >> (8 * i));
        char *sc = xa_arena_alloc(a, XA_CODE_STATUS_LEN + 1);
        xa_code_status(rnd, sc);
        inc.status_code = sc;
        rc = xa_store_incident_put(d->s, &inc);
        if (rc != XA_ECONFLICT)
            break; /* only the status code can collide */
    }
    if (rc)
        return rc;
    for (size_t i = 0; i < n_ev; i++) {
        struct xa_incident_event ev = {
            .incident_id = inc.id,
            .at = evs[i].at,
            .user_id = evs[i].user_id,
            .action = evs[i].action,
            .from_status = evs[i].from,
            .to_status = evs[i].to,
            .officer_id = evs[i].officer_id,
            .note = evs[i].note,
        };
        rc = xa_store_incident_event_put(d->s, &ev);
        if (rc)
            return rc;
    }
    if (xa_demo_call_kase(dr.tm)) {
        struct lead l = {
            .kase = xa_demo_call_kase(dr.tm),
            .series = p->series,
            .member = p->member,
            .station = g->station,
            .grid = (int)(g - d->grid),
            .officer = officer,
            .phrase = dr.phrase,
            .amount = dr.amount,
            .ebike = f.v[3],
        };
        xa_demo_case_lead(d, &inc, &l);
    }
    d->sum->n_incidents++;
    d->sum->n_events += n_ev;
    if (inc.status != XA_INCIDENT_CLOSED) {
        d->sum->n_open++;
        if (inc.due_next && inc.due_next < ctx->now)
            d->sum->n_overdue++;
    }
    return XA_OK;
}

int xa_demo_incident_build(struct demo *d)
{
    size_t n;
    struct plan *pl = plan_calls(d, &n);
    int rc = XA_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        rc = put_incident(d, &pl[i], n - 1 - i);
        if (i % 512 == 511)
            xa_arena_release(&d->tmp);
    }
    free(pl);
    return rc;
}
