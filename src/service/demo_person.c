/*
 * demo_person.c - the persons of the demo county's cases (涉案人员): the 惯犯 (known habitual
 * thieves), the planted series' offenders and the fraud mules' accounts drawn once a build
 * (xa_demo_person_init), and each case's victim or reporter, witnesses, suspects and arrests.
 *
 * Invariants:
 *  1. A person is stored once: an ID number drawn twice is the same victim, a witness or new
 *     suspect left out; a regular or series offender is created on first use and linked again.
 *  2. Every person linked and every arrest leaves a hap (xa_demo_timeline_hap) at its time, so
 *     the case's events show it; a suspect's hap counts towards solving.
 *  3. Arrests are of the case's suspects, after they were linked and before the anchor.
 */
#include "service/demo_int.h"

#include "base/time.h"
#include "core/case.h"
#include "core/person.h"
#include "store/store.h"

#include <string.h>

/* ---- the people drawn once a build ---- */

static const char *const clothing[] = {
    "黑色连帽衫、深色长裤", "灰色夹克、牛仔裤",   "白色短袖T恤、黑色短裤", "蓝色工装外套",
    "迷彩服上衣",           "黑色羽绒服、戴口罩", "格子衬衫、运动鞋",      "红色运动服",
};
static const char *const plate_letters = "ABCDEFGHJKLMNPQRSTUVWXYZ";

static const char *role_zh(int role)
{
    return xa_vocab_zh(&xa_case_vocab_person_role, role);
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

void xa_demo_person_init(struct cgen *cg)
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

/* ---- a case's persons ---- */

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
int xa_demo_person_add_victim(struct cw *w)
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
        xa_demo_timeline_hap(w, w->c.opened_at + 60, XA_CASE_OP_PERSON, w->owner,
                             xa_arena_printf(w->a, "%s: %s", role_zh(role), p.name));
    }
    return rc;
}

int xa_demo_person_add_witness(struct cw *w, int64_t at)
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
        xa_demo_timeline_hap(
            w, at, XA_CASE_OP_PERSON, w->owner,
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
    xa_demo_timeline_hap(w, at, XA_CASE_OP_PERSON, w->owner,
                         xa_arena_printf(w->a, "%s: %s", role_zh(XA_CASE_ROLE_SUSPECT), name));
    w->haps[w->n_haps - 1].suspect = true;
    return XA_OK;
}

/* The suspects of a solved case: the series' offenders, a regular, or new people. */
int xa_demo_person_add_suspects(struct cw *w, int64_t at)
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

int xa_demo_person_add_arrests(struct cw *w, int64_t at)
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
        xa_demo_timeline_hap(w, ar.at, XA_CASE_OP_ARREST, w->owner,
                             xa_arena_printf(w->a, "%s %s", w->suspect_names[i],
                                             xa_vocab_zh(&xa_case_vocab_arrest_measure, measure)));
    }
    return XA_OK;
}
