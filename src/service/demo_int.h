/*
 * demo_int.h - the demo county's internals shared by its files: demo_svc.c (stations, people,
 * organisation, the run), demo_map.c (grids, places, points and addresses), demo_call.c (what
 * the calls say: templates, text, picking and filling them), demo_incident.c (when the calls
 * come and each incident's lifecycle), demo_case.c (the kinds of case, which cases are opened
 * from those incidents and when, each case's record, and the planted series), demo_person.c
 * (the cases' victims, witnesses, suspects and arrests), demo_property.c (what they lost, found
 * and returned), demo_timeline.c (each case's actions, outcome and events) and demo_series.c
 * (the series analysts confirmed and the clue ledger). Only these files include it.
 *
 * Invariants:
 *  1. Every random choice comes from the one splitmix64 stream d->rng, drawn in a fixed order,
 *     so the rows are a function of (seed, days, anchor).
 *  2. Arena ownership: d->ctx->arena lives for the whole build; d->tmp is released every few
 *     hundred incidents, so what a lead keeps is copied into d->ctx->arena.
 */
#ifndef XA_DEMO_INT_H
#define XA_DEMO_INT_H

#include "base/arena.h"
#include "core/case.h"
#include "core/incident.h"
#include "core/unit.h"
#include "service/ctx.h"
#include "service/demo_svc.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAY_S 86400
#define HOUR_S 3600
#define MIN_S 60

/* ---- random numbers: splitmix64, one stream for everything ---- */

static inline uint64_t rnd_u64(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static inline double rnd_unit(uint64_t *s)
{
    return (double)(rnd_u64(s) >> 11) * 0x1.0p-53;
}

/* Uniform integer in [lo, hi]. */
static inline int64_t rnd_range(uint64_t *s, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rnd_u64(s) % (uint64_t)(hi - lo + 1));
}

static inline bool rnd_chance(uint64_t *s, double p)
{
    return rnd_unit(s) < p;
}

static inline double rnd_gauss(uint64_t *s)
{
    double u1 = 1.0 - rnd_unit(s), u2 = rnd_unit(s);
    return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* Index drawn with probability proportional to w[i]. */
static inline size_t rnd_pick(uint64_t *s, const double *w, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    double x = rnd_unit(s) * sum;
    for (size_t i = 0; i < n; i++) {
        if (x < w[i])
            return i;
        x -= w[i];
    }
    return n - 1;
}

#define PICK(s, arr) ((arr)[rnd_u64(s) % N(arr)])

/* ---- the county ---- */

#define N_STATIONS 5
#define MAP_COLS 8
#define MAP_ROWS 6
#define N_CELLS (MAP_COLS * MAP_ROWS)
#define RING_N 9 /* 4 corners, 4 edge midpoints, closing point */
#define N_PLACES 4
#define MAX_OFFICERS 96

struct station_def {
    char letter; /* on the county map */
    const char *code, *name, *town;
    bool urban; /* county seat: shorter drives */
    int n_patrol, n_community;
    const char *const *communities, *const *villages;
};

struct officer {
    int64_t id;
    const char *username, *name;
    int role;
    int station; /* -1: the bureau */
    const char *unit_name;
};

struct station {
    const struct station_def *def;
    struct xa_unit unit, sq, aj, zh;
    size_t leader, desk[4], patrol[8], community[8], investigator[4];
    size_t n_desk, n_patrol, n_community, n_investigator;
};

enum place_kind { PL_COMPOUND = 1, PL_STREET, PL_LANDMARK, PL_CENTRE, PL_GROUP };

struct place {
    int kind;
    const char *name; /* compound, street or landmark; NULL in villages */
    int group;        /* 组 of a village */
    double lat, lon;
};

struct grid {
    int station;
    int col, row;
    bool urban;
    const char *name, *code, *street;
    double ring[RING_N][2]; /* lon, lat */
    double x0, x1, y0, y1;  /* the undistorted cell */
    struct place places[N_PLACES];
    int n_groups;
    size_t owner;
    int64_t id;
    int32_t households, population;
};

/* What kind of case an incident template describes (0: none). The case generator maps each
 * to a case type, MO tags, property and how likely and how fast it is solved. */
enum demo_kase {
    K_NONE = 0,
    K_EBIKE,          /* 盗窃电动车 */
    K_EBIKE_BATTERY,  /* 电动车电瓶 */
    K_BURGLARY,       /* 入室盗窃 */
    K_PICKPOCKET,     /* 扒窃手机 */
    K_PHONE,          /* 顺手牵羊拿走手机 */
    K_SHOP,           /* 门市盗窃 */
    K_MOTORCYCLE,     /* 盗窃摩托车 */
    K_ENTERPRISE,     /* 工地电缆、废旧钢材 (涉企) */
    K_CARDOOR,        /* 拉车门 */
    K_SMASH,          /* 砸车窗 */
    K_LIVESTOCK,      /* 家畜 */
    K_DOG,            /* 偷狗 */
    K_FRAUD_REFUND,   /* 冒充客服退款 */
    K_FRAUD_BRUSHING, /* 刷单 */
    K_FRAUD_RELATIVE, /* 冒充亲友借钱 */
    K_FRAUD_LOAN,     /* 贷款 */
    K_FRAUD_POLICE,   /* 冒充公检法 (bank warning) */
    K_ROBBERY,        /* 抢劫 */
    K_SNATCH,         /* 抢夺 */
    K_ASSAULT,        /* 故意伤害 */
    K_ADM_FIGHT,      /* 聚众斗殴 (治安) */
    K_ADM_PROVOKE,    /* 寻衅滋事 (治安) */
    K_ADM_BEAT,       /* 殴打他人 (治安) */
    K_ADM_GAMBLE,     /* 赌博 (治安) */
    K_COUNT
};

/* The planted series whose true membership is recorded (table demo_series). */
enum demo_series {
    SER_NONE = 0,
    SER_CARDOOR, /* 6 night car-door thefts in one 城关 compound over 3 weeks */
    SER_DOG,     /* dog poisonings across 3 neighbouring 石门 villages */
    SER_EBIKE,   /* an e-bike ring near two schools */
    SER_SPREE,   /* the 幸福小区 car-door spree of the last weeks */
    SER_COUNT
};

#define SER_CARDOOR_N 6
#define SER_DOG_N 8
#define SER_EBIKE_N 10
#define N_REGULARS 20 /* known habitual thieves (惯犯), 4 a station */

/* A narrative with placeholders (struct fill) and the result an officer would write. */
struct tmpl {
    const char *text;
    int amin, amax;     /* range of {a} */
    const char *result; /* NULL: a generic result of the category */
};

/* A case as demo_series.c needs it, noted by demo_case.c when the case is written. */
struct kase_row {
    int64_t id, owner, opened_at, solved_at;
    int station, kase, status;
    int series, member; /* enum demo_series and the index in it (series 0: none) */
    int regular;        /* 1 + the index of the 惯犯 who did it, 0: someone else */
    const char *title;  /* d->ctx->arena */
};

/* An incident that may become a case: what the case generator needs of it, after it is
 * stored. Strings are owned by d->ctx->arena. */
struct lead {
    int64_t incident_id;
    int kase;   /* enum demo_kase */
    int series; /* enum demo_series */
    int member; /* index in the series */
    int station, grid;
    int channel, category, status;
    int64_t occurred_at, received_at, handled_at, replied_at, closed_at;
    size_t officer;
    const char *caller_name, *caller_phone, *caller_id_number;
    const char *narrative, *address, *phrase;
    double lat, lon;
    long amount;        /* {a}, yuan */
    const char *ebike;  /* {c}: "白色雅迪牌" */
    const char *result; /* the incident's result */
};

struct demo {
    struct xa_ctx *ctx;
    struct xa_store *s;
    struct xa_arena tmp; /* per batch of incidents */
    uint64_t rng;
    int days;
    int64_t anchor, start;
    const char *hash;
    struct xa_sla sla;
    struct xa_unit bureau;
    struct station st[N_STATIONS];
    struct grid grid[N_CELLS];
    size_t n_grids;
    double grid_w[N_CELLS];
    struct officer off[MAX_OFFICERS];
    size_t n_off;
    int hot_cardoor, hot_ebike, hot_dispute; /* grid indexes */
    int ser_cardoor, ser_dog[3], ser_school[2];
    int ser_school_place[2]; /* index of the school in places[] */
    struct lead *leads;      /* heap-owned */
    size_t n_leads, cap_leads;
    struct xa_demo_summary *sum;
    struct kase_row *rows; /* every case written, in opening order; heap-owned */
    size_t n_rows, cap_rows;
    const char *regular_name[N_REGULARS];
};

/* ---- one call, from its plan (demo_incident.c) to its words (demo_call.c) ---- */

enum plan_kind {
    PLAN_BASE,
    PLAN_CARDOOR,
    PLAN_EBIKE,
    PLAN_DISPUTE,
    PLAN_DOG,
    PLAN_SER_CARDOOR,
    PLAN_SER_DOG,
    PLAN_SER_EBIKE
};

struct plan {
    int64_t t;
    uint32_t seq; /* tie-break: plans at the same second keep their drawing order */
    int kind;
    int series, member;  /* enum demo_series and the index in it */
    int64_t occurred_at; /* planted series: when it happened; 0 = drawn in xa_demo_call_compose() */
};

/* Values of the placeholders of a template, in the order of FILL_KEYS: {p} place, {a} amount
 * in yuan, {n} a number (age), {c} an e-bike, {v} a person as "王某", {x} what a dispute is
 * about. */
#define FILL_KEYS "pancvx"
struct fill {
    const char *v[sizeof(FILL_KEYS) - 1];
};

/* One incident before it is stored: its grid, place and what it is about. */
struct draft {
    const struct grid *g;
    const struct place *pl;
    const struct tmpl *tm;
    double sigma;
    const char *phrase; /* overrides the place's phrase */
    const char *address;
    bool hot;    /* planted: keep the patrol on it */
    long amount; /* {a}, yuan */
};

/* ---- one case, from its plan (demo_case.c) to its persons, property and timeline ---- */

/* What a kind of case (enum demo_kase) is; demo_case.c holds the table of them. */
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

/* A case being written: its plan, record and what happens to it until written. */
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

/* demo_svc.c: the five stations, 城关 first; d->st[k].def is &xa_demo_svc_stations[k]. */
extern const struct station_def xa_demo_svc_stations[N_STATIONS];
/* demo_svc.c: the surnames names are drawn from, commonest first; at least 30. */
extern const char *const xa_demo_svc_surnames[];
/* demo_svc.c: a plausible Chinese name; arena-owned. */
const char *xa_demo_svc_name(struct demo *d, struct xa_arena *a, bool male);
/* demo_svc.c: a mobile number; arena-owned. */
const char *xa_demo_svc_mobile(struct demo *d, struct xa_arena *a);
/* demo_svc.c: a valid resident ID number (GB 11643) of this county's region, born in
 * [y_lo, y_hi], of the given sex; arena-owned. */
const char *xa_demo_svc_id_number(struct demo *d, struct xa_arena *a, int y_lo, int y_hi,
                                  bool male);
/* demo_svc.c: whether a name's given name is one of the women's names it draws from. */
bool xa_demo_svc_is_female_name(const char *name);
/* demo_svc.c: the Shanghai hour (0-23) of t. */
int xa_demo_svc_hour(int64_t t);

/* demo_map.c: lays out, names and stores the grids with their places and owners (after the
 * users), and picks the hotspots and the planted series' places (d->hot_*, d->ser_*; -1 when
 * one is missing). An error of the store. */
XA_MUST_CHECK int xa_demo_map_build(struct demo *d);
/* demo_map.c: a point inside g near (lat, lon) with spread sigma (degrees); the centre itself
 * when the draws keep falling outside. */
void xa_demo_map_scatter(struct demo *d, const struct grid *g, double lat, double lon, double sigma,
                         double *lat_out, double *lon_out);
/* demo_map.c: the phrase for {p} and the address of an incident at place p of grid g; both
 * owned by d->tmp. */
void xa_demo_map_describe(struct demo *d, const struct grid *g, const struct place *p,
                          const char **phrase, const char **address);

/* demo_call.c: the kind of case (enum demo_kase) template t describes; K_NONE for none. */
int xa_demo_call_kase(const struct tmpl *t);
/* demo_call.c: what plan p is about (progress: how far into the history, 0..1): fills dr,
 * f and inc's category, channel and occurred_at. Strings are owned by d->tmp. */
void xa_demo_call_compose(struct demo *d, const struct plan *p, double progress,
                          struct xa_incident *inc, struct draft *dr, struct fill *f);
/* demo_call.c: the caller of inc by its channel: name, phone (NULL when anonymous) and the ID
 * number of walk-ins; owned by d->tmp. */
void xa_demo_call_caller(struct demo *d, const struct plan *p, struct xa_incident *inc);
/* demo_call.c: t with its placeholders replaced by f's values; arena-owned. */
const char *xa_demo_call_expand(struct xa_arena *a, const char *t, const struct fill *f);
/* demo_call.c: the result an officer writes for a call of template tm in category; static. */
const char *xa_demo_call_result(struct demo *d, const struct tmpl *tm, int category);

/* demo_incident.c: plans the calls from d->start to the anchor and stores each incident with
 * its events, handing the possible cases to xa_demo_case_lead. An error of the store;
 * XA_EINTERNAL when a generated incident breaks a rule (a generator bug). */
XA_MUST_CHECK int xa_demo_incident_build(struct demo *d);

/* demo_case.c: remembers a stored incident as a lead if it may become a case. */
void xa_demo_case_lead(struct demo *d, const struct xa_incident *inc, const struct lead *l);
/* demo_case.c: opens the year's cases from the leads (and a few walk-in reports), runs each
 * along its timeline up to the anchor, and records the planted series. XA_ESTORE from the
 * store; XA_EINTERNAL when a generated record breaks a rule (a generator bug). */
XA_MUST_CHECK int xa_demo_case_build(struct demo *d);
/* demo_person.c: draws the 惯犯, the planted series' offenders and the mule accounts into cg,
 * owned by cg->a; each is stored on first use. */
void xa_demo_person_init(struct cgen *cg);
/* demo_person.c: stores and links the case's victim (the caller when there was one, else someone
 * the officer met), or the reporter of gambling and brawls. An error of the store. */
XA_MUST_CHECK int xa_demo_person_add_victim(struct cw *w);
/* demo_person.c: a witness found at time at; an ID number drawn twice leaves it out. An error
 * of the store. */
XA_MUST_CHECK int xa_demo_person_add_witness(struct cw *w, int64_t at);
/* demo_person.c: the suspects of a solved case, linked from at: the series' offenders, a
 * regular (w->regular) or new people, into w->suspects. An error of the store. */
XA_MUST_CHECK int xa_demo_person_add_suspects(struct cw *w, int64_t at);
/* demo_person.c: most of w's suspects arrested from at on, before the anchor. An error of the
 * store. */
XA_MUST_CHECK int xa_demo_person_add_arrests(struct cw *w, int64_t at);
/* demo_property.c: stores what the case lost, found and returned, owned by its victim, and adds
 * it to d->sum. Call after the outcome is drawn and the suspects added. XA_EINTERNAL when an item
 * breaks a rule; an error of the store. */
XA_MUST_CHECK int xa_demo_property_add(struct cw *w);
/* demo_timeline.c: t, or the next office hours (08:30-18:00 Shanghai) when it falls outside
 * them; never earlier. */
int64_t xa_demo_timeline_office_hours(struct demo *d, int64_t t);
/* demo_timeline.c: notes that op happened to the case at time at by user by; ignored at or
 * after the anchor or when w->haps is full. note is borrowed for the case's writing. */
void xa_demo_timeline_hap(struct cw *w, int64_t at, int op, int64_t by, const char *note);
/* demo_timeline.c: stores the actions of the case type's template, the first done at first_at
 * (0: none done), the analysis left undone when stall_analysis. An error of the store. */
XA_MUST_CHECK int xa_demo_timeline_add_actions(struct cw *w, int64_t first_at, bool stall_analysis);
/* demo_timeline.c: when the case is solved (w->solve_at), suspended or dropped (w->end_*);
 * left 0 when not before the anchor. */
void xa_demo_timeline_draw_outcome(struct cw *w, int64_t first_at);
/* demo_timeline.c: replays the haps in time order through the state machine into events, and
 * fills the case's lifecycle fields. XA_EINTERNAL when a transition is refused (a generator
 * bug); an error of the store. */
XA_MUST_CHECK int xa_demo_timeline_replay(struct cw *w);
/* demo_series.c: after every case, the series the analysts confirmed by the anchor (the older
 * planted series, part of the latest spree, the 惯犯' cases, recorded in demo_series too) and
 * the clue ledger of the whole history. Draws at the end of d->rng. XA_ESTORE from the store. */
XA_MUST_CHECK int xa_demo_series_build(struct demo *d);

#endif
