/*
 * linkage_index.c - exact top-k linkage candidates through a type, time and space bucket index.
 *
 * Layout: records copied and grouped by case type (a pair of one type scores well above a pair
 * of two, so the query's own type is searched first and the others often not at all); inside
 * a type sorted by the middle of their time window and cut into slabs of at most SLAB records;
 * each slab has its own grid of square cells over its records' extent, and inside a slab the
 * records are grouped by cell (row-major), each cell's by time middle. A query is best first
 * over rings of cells around its own position in every slab: the ring whose bound is highest
 * is scanned next (so the k-th best score rises early and prunes the rest).
 * Invariant of a query: a record is left unscored only when an upper bound of its score is
 * below the k-th best score found so far (the heap is full); since that k-th score only rises,
 * no skipped record could have entered the result.
 */
#include "analysis/linkage_index.h"

#include "base/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400.0
#define MAX_SIDE 4096 /* cells per side at most */
#define PER_CELL 8    /* records per cell aimed at */
#define SLAB 2048     /* records per time slab */

/* What a cell's records have between them, to bound their categorical contributions. */
struct summary {
    uint64_t mo[XA_LINKAGE_MO_MAX / 64];    /* union of MO tags */
    uint64_t types, parents;                /* bit (code % 64) of every type and parent code */
    uint64_t prop;                          /* union of property classes */
    uint16_t suspect[XA_LINKAGE_N_SUSPECT]; /* per slot: bit 0 unknown, bit 1 + code % 15 */
    uint8_t untagged;                       /* a record without MO tags */
};

/* One cell of a slab: everything a query reads before its records, in one place (a cell is
 * met far from the last one in memory, and its cache misses are most of a query's time). */
struct cell {
    struct summary sum;
    int64_t t_lo, t_hi; /* first and last time middle */
    uint32_t lo, n;     /* its records: lo .. lo + n - 1 of the index's arrays */
};

struct slab {
    size_t lo, hi;          /* its records */
    int64_t mid_lo, mid_hi; /* their time middles */
    double x0, y0, cell;    /* grid origin and side of a cell, metres */
    int gx, gy;             /* cells across and down */
    struct cell *cells;     /* gx * gy, row-major */
    struct summary sum;     /* of all its records */
};

struct xa_linkage_index {
    size_t n;
    struct xa_linkage_rec *rec; /* by type, slab, cell, time middle */
    int64_t *mid;               /* time middle of rec[i] */
    uint32_t *pos;              /* position of rec[i] in the caller's array */
    struct slab *slab;
    size_t n_slab;
};

static int64_t rec_mid(const struct xa_linkage_rec *r)
{
    return r->t_from + (r->t_to - r->t_from) / 2;
}

static int cell_of(double v, double v0, double cell, int g)
{
    double c = floor((v - v0) / cell);
    if (!(c >= 0)) /* also NaN */
        return 0;
    return c >= g ? g - 1 : (int)c;
}

struct sort_item {
    uint32_t cell, pos;
    int64_t mid;
    uint16_t type;
};

static int item_cmp(const void *x, const void *y)
{
    const struct sort_item *a = x, *b = y;
    if (a->cell != b->cell)
        return a->cell < b->cell ? -1 : 1;
    if (a->mid != b->mid)
        return a->mid < b->mid ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int type_mid_cmp(const void *x, const void *y)
{
    const struct sort_item *a = x, *b = y;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    if (a->mid != b->mid)
        return a->mid < b->mid ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static uint16_t suspect_bit(uint8_t code)
{
    return (uint16_t)(code ? 2u << (code % 15) : 1u);
}

static void summary_add(struct summary *cs, const struct xa_linkage_rec *p)
{
    for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++)
        cs->mo[w] |= p->mo[w];
    cs->types |= UINT64_C(1) << (p->type % 64);
    cs->parents |= UINT64_C(1) << (p->parent % 64);
    cs->prop |= p->prop;
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++)
        cs->suspect[i] |= suspect_bit(p->suspect[i]);
    cs->untagged |= !(p->mo[0] | p->mo[1]);
}

/* Grid of the slab over items[lo, hi) (sorted by time middle): cells assigned, items regrouped
 * by cell, records copied out. */
static void slab_build(struct xa_linkage_index *ix, struct slab *sl, const struct xa_linkage_rec *r,
                       struct sort_item *items, size_t lo, size_t hi)
{
    double xmin = r[items[lo].pos].x, xmax = xmin, ymin = r[items[lo].pos].y, ymax = ymin;
    for (size_t i = lo; i < hi; i++) {
        const struct xa_linkage_rec *p = &r[items[i].pos];
        xmin = fmin(xmin, p->x), xmax = fmax(xmax, p->x);
        ymin = fmin(ymin, p->y), ymax = fmax(ymax, p->y);
    }
    sl->lo = lo;
    sl->hi = hi;
    sl->mid_lo = items[lo].mid;
    sl->mid_hi = items[hi - 1].mid;
    double side = sqrt((double)(hi - lo) / PER_CELL);
    int g = side < 1 ? 1 : side > MAX_SIDE ? MAX_SIDE : (int)ceil(side);
    double extent = fmax(xmax - xmin, ymax - ymin);
    sl->cell = extent > 0 ? extent / g : 1.0;
    sl->x0 = xmin;
    sl->y0 = ymin;
    sl->gx = cell_of(xmax, xmin, sl->cell, MAX_SIDE) + 1;
    sl->gy = cell_of(ymax, ymin, sl->cell, MAX_SIDE) + 1;
    for (size_t i = lo; i < hi; i++) {
        const struct xa_linkage_rec *p = &r[items[i].pos];
        int cx = cell_of(p->x, sl->x0, sl->cell, sl->gx);
        int cy = cell_of(p->y, sl->y0, sl->cell, sl->gy);
        items[i].cell = (uint32_t)(cy * sl->gx + cx);
    }
    qsort(items + lo, hi - lo, sizeof(*items), item_cmp);
    size_t n_cells = (size_t)sl->gx * (size_t)sl->gy;
    sl->cells = xa_xcalloc(n_cells, sizeof(*sl->cells));
    for (size_t i = lo; i < hi; i++) {
        const struct xa_linkage_rec *p = &r[items[i].pos];
        struct cell *c = &sl->cells[items[i].cell];
        ix->rec[i] = *p;
        ix->mid[i] = items[i].mid;
        ix->pos[i] = items[i].pos;
        if (!c->n++) {
            c->lo = (uint32_t)i;
            c->t_lo = items[i].mid;
        }
        c->t_hi = items[i].mid; /* ascending within the cell */
        summary_add(&c->sum, p);
        summary_add(&sl->sum, p);
    }
}

struct xa_linkage_index *xa_linkage_index_new(const struct xa_linkage_rec *r, size_t n)
{
    struct xa_linkage_index *ix = xa_xcalloc(1, sizeof(*ix));
    struct sort_item *items = xa_xmalloc((n ? n : 1) * sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = (struct sort_item){0, (uint32_t)i, rec_mid(&r[i]), r[i].type};
    qsort(items, n, sizeof(*items), type_mid_cmp);
    ix->n = n;
    ix->rec = xa_xmalloc((n ? n : 1) * sizeof(*ix->rec));
    ix->mid = xa_xmalloc((n ? n : 1) * sizeof(*ix->mid));
    ix->pos = xa_xmalloc((n ? n : 1) * sizeof(*ix->pos));
    size_t n_group = 0;
    for (size_t i = 0; i < n; i++)
        n_group += i == 0 || items[i].type != items[i - 1].type;
    /* at most one slab more per type than the records need */
    ix->slab = xa_xcalloc(n / SLAB + n_group + 1, sizeof(*ix->slab));
    for (size_t lo = 0; lo < n;) {
        size_t hi = lo + 1;
        while (hi < n && items[hi].type == items[lo].type)
            hi++;
        for (size_t a = lo; a < hi; a += SLAB)
            slab_build(ix, &ix->slab[ix->n_slab++], r, items, a, a + SLAB < hi ? a + SLAB : hi);
        lo = hi;
    }
    free(items);
    return ix;
}

void xa_linkage_index_free(struct xa_linkage_index *ix)
{
    if (!ix)
        return;
    for (size_t k = 0; k < ix->n_slab; k++) {
        free(ix->slab[k].cells);
    }
    free(ix->slab);
    free(ix->rec);
    free(ix->mid);
    free(ix->pos);
    free(ix);
}

size_t xa_linkage_index_count(const struct xa_linkage_index *ix)
{
    return ix->n;
}

size_t xa_linkage_index_bytes(const struct xa_linkage_index *ix)
{
    size_t b = sizeof(*ix) + ix->n * (sizeof(*ix->rec) + sizeof(*ix->mid) + sizeof(*ix->pos));
    for (size_t k = 0; k < ix->n_slab; k++)
        b += sizeof(ix->slab[k]) +
             (size_t)ix->slab[k].gx * (size_t)ix->slab[k].gy * sizeof(struct cell);
    return b;
}

/* ---- the k best so far: a heap with the worst on top ---- */

struct heap {
    struct xa_linkage_hit *h;
    size_t n, k;
};

static int better(const struct xa_linkage_hit *a, const struct xa_linkage_hit *b)
{
    if (a->score != b->score)
        return a->score > b->score;
    if (a->id != b->id)
        return a->id < b->id;
    return a->pos < b->pos;
}

/* ---- binary heaps: `before(a, b)` when a belongs nearer the top ---- */

typedef int (*before_fn)(const void *a, const void *b);

static void swap_items(void *a, void *b, size_t size)
{
    unsigned char t[32]; /* the largest item: struct xa_linkage_hit */
    memcpy(t, a, size);
    memcpy(a, b, size);
    memcpy(b, t, size);
}

/* Item i of the n in v moved up to its place. */
static void heap_up(void *v, size_t size, size_t i, before_fn before)
{
    unsigned char *b = v;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!before(b + i * size, b + up * size))
            return;
        swap_items(b + i * size, b + up * size, size);
        i = up;
    }
}

/* Item i of the n in v moved down to its place. */
static void heap_down(void *v, size_t size, size_t n, size_t i, before_fn before)
{
    unsigned char *b = v;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < n && before(b + l * size, b + w * size))
            w = l;
        if (r < n && before(b + r * size, b + w * size))
            w = r;
        if (w == i)
            return;
        swap_items(b + i * size, b + w * size, size);
        i = w;
    }
}

/* The k best so far keep the worst on top. */
static int worse(const void *a, const void *b)
{
    return better(b, a);
}

static void offer(struct heap *hp, const struct xa_linkage_hit *c)
{
    if (hp->n < hp->k) {
        hp->h[hp->n] = *c;
        heap_up(hp->h, sizeof(*hp->h), hp->n++, worse);
    } else if (better(c, &hp->h[0])) {
        hp->h[0] = *c;
        heap_down(hp->h, sizeof(*hp->h), hp->n, 0, worse);
    }
}

static int hit_cmp(const void *x, const void *y)
{
    const struct xa_linkage_hit *a = x, *b = y;
    return better(a, b) ? -1 : better(b, a) ? 1 : 0;
}

static size_t finish(struct heap *hp)
{
    qsort(hp->h, hp->n, sizeof(*hp->h), hit_cmp);
    return hp->n;
}

/* A bound prunes only when it is clearly below the k-th score: the margin covers rounding in
 * adding the bound's terms in another order than the score's. */
static int below(const struct heap *hp, double bound)
{
    if (hp->n < hp->k)
        return 0;
    return bound + 1e-9 * (1 + fabs(bound)) < hp->h[0].score;
}

size_t xa_linkage_index_brute(const struct xa_linkage_rec *r, size_t n,
                              const struct xa_linkage_model *m, const struct xa_linkage_rec *q,
                              size_t k, struct xa_linkage_hit *out)
{
    struct heap hp = {out, 0, k};
    if (!k)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].id == q->id)
            continue;
        struct xa_linkage_hit c = {r[i].id, (uint32_t)i, xa_linkage_score(m, q, &r[i], NULL)};
        offer(&hp, &c);
    }
    return finish(&hp);
}

/* Best possible sum of the intercept and every contribution but distance and time apart, for
 * records with at most the MO tags, types, parents, property classes and suspect codes of
 * summary cs. */
static double categorical_bound(const struct xa_linkage_query *qp, const struct summary *cs)
{
    const struct xa_linkage_rec *q = qp->q;
    int agree = 0;
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++) {
        if (!q->suspect[i])
            continue;
        uint16_t seen = cs->suspect[i];
        agree += seen & suspect_bit(q->suspect[i]) ? 1 : seen & 1 ? 0 : -1;
    }
    int type = q->type && (cs->types >> (q->type % 64)) & 1;
    int parent = q->parent && (cs->parents >> (q->parent % 64)) & 1;
    int prop = q->prop && (cs->prop & q->prop);
    return xa_linkage_query_bound(qp, cs->mo, cs->untagged, type, parent, prop != 0, agree);
}

struct query {
    const struct xa_linkage_index *ix;
    struct xa_linkage_query qp; /* the model and the query case, prepared */
    struct heap hp;
    int64_t qmid;
    size_t scored;
};

/* The k-th best score so far, or -INFINITY while there are fewer than k. */
/* Distance and days contributions at most, at least `metres` and `seconds` apart. */
static double space_time(const struct query *s, double metres, int64_t seconds)
{
    return xa_linkage_space_time_max(s->qp.m, metres, (double)seconds);
}

static double kth(const struct query *s)
{
    return s->hp.n < s->hp.k ? -INFINITY : s->hp.h[0].score;
}

/* A time gap beyond which a record with at most `above` from every other contribution is
 * below the k-th score: INT64_MAX when there is none. Widened against rounding, so it prunes
 * no record that below() would keep. */
static int64_t gap_limit(const struct query *s, double above)
{
    double t = kth(s);
    if (isinf(t))
        return INT64_MAX;
    double need = t - above - 2e-9 * (1 + fabs(t) + fabs(above));
    double l = xa_linkage_contribution_limit(s->qp.m, XA_LINKAGE_F_DAYS, need);
    if (l < 0)
        return -1;
    if (l > 40) /* e^40 days: beyond any time */
        return INT64_MAX;
    return (int64_t)ceil(DAY * expm1(l) * (1 + 1e-9)) + 1;
}

static void score_at(struct query *s, size_t i, double space_time_max)
{
    const struct xa_linkage_rec *r = &s->ix->rec[i];
    double score;
    if (r->id == s->qp.q->id || !xa_linkage_score_above(&s->qp, r, kth(s), space_time_max, &score))
        return;
    struct xa_linkage_hit c = {r->id, s->ix->pos[i], score};
    s->scored++;
    offer(&s->hp, &c);
}

static int64_t gap_to(int64_t t, int64_t lo, int64_t hi)
{
    return t < lo ? lo - t : t > hi ? t - hi : 0;
}

/* Records lo .. hi - 1 of one cell from position a (the first at or after the query's time
 * middle) outward in time both ways, while their time gap may still let them in: `above` bounds
 * every contribution of theirs but days apart, space_time their distance and days together. */
static void walk_cell(struct query *s, size_t lo, size_t a, size_t hi, double above,
                      double space_time)
{
    const int64_t *mid = s->ix->mid;
    double seen = kth(s);
    int64_t limit = gap_limit(s, above);
    for (size_t i = a; i < hi; i++) {
        if (kth(s) != seen)
            seen = kth(s), limit = gap_limit(s, above);
        if (mid[i] - s->qmid > limit)
            break;
        score_at(s, i, space_time);
    }
    for (size_t i = a; i-- > lo;) {
        if (kth(s) != seen)
            seen = kth(s), limit = gap_limit(s, above);
        if (s->qmid - mid[i] > limit)
            break;
        score_at(s, i, space_time);
    }
}

/* One cell of a slab: first bounded by its summary and its ring's distance (no logarithm),
 * then by its own distance and time span, then record by record. */
static void scan_cell(struct query *s, const struct slab *sl, int cx, int cy, double ring_st)
{
    const struct xa_linkage_index *ix = s->ix;
    const struct cell *c = &sl->cells[(size_t)cy * (size_t)sl->gx + (size_t)cx];
    if (!c->n)
        return;
    double cb = categorical_bound(&s->qp, &c->sum);
    if (below(&s->hp, cb + ring_st))
        return;
    double rx0 = sl->x0 + cx * sl->cell, ry0 = sl->y0 + cy * sl->cell;
    double dx = fmax(0, fmax(rx0 - s->qp.q->x, s->qp.q->x - (rx0 + sl->cell)));
    double dy = fmax(0, fmax(ry0 - s->qp.q->y, s->qp.q->y - (ry0 + sl->cell)));
    /* shrink a little: a record on a cell edge may have been rounded into this cell */
    double d = fmax(0, sqrt(dx * dx + dy * dy) - 1e-6 * (sl->cell + 1));
    double st = space_time(s, d, gap_to(s->qmid, c->t_lo, c->t_hi));
    if (below(&s->hp, cb + st))
        return;
    size_t lo = c->lo, hi = lo + c->n, a = lo, b = hi; /* first record with mid >= qmid */
    while (a < b) {
        size_t h = a + (b - a) / 2;
        if (ix->mid[h] < s->qmid)
            a = h + 1;
        else
            b = h;
    }
    walk_cell(s, lo, a, hi, cb + space_time(s, d, 0), st);
}

/* Ring r of a slab: the cells r cells around the query's own (cx, cy) in either direction. */
static void scan_ring(struct query *s, const struct slab *sl, int cx, int cy, int r, double ring_st)
{
    for (int y = cy - r; y <= cy + r; y++) {
        if (y < 0 || y >= sl->gy)
            continue;
        int edge = y == cy - r || y == cy + r;
        for (int x = cx - r; x <= cx + r; x += edge ? 1 : 2 * r) {
            if (x >= 0 && x < sl->gx)
                scan_cell(s, sl, x, y, ring_st);
            if (!r)
                break;
        }
    }
}

/* A ring of a slab waiting its turn, with an upper bound of its records' scores: every cell of
 * ring r is at least r - 1 cells away, even from a query off the grid. */
struct unit {
    double bound;
    uint32_t slab;
    int ring;
};

static int unit_before(const void *x, const void *y)
{
    const struct unit *a = x, *b = y;
    if (a->bound != b->bound)
        return a->bound > b->bound;
    if (a->slab != b->slab)
        return a->slab < b->slab;
    return a->ring < b->ring;
}

struct units {
    struct unit *u; /* max-heap by unit_before */
    size_t n;
};

static void units_push(struct units *h, struct unit u)
{
    h->u[h->n] = u;
    heap_up(h->u, sizeof(*h->u), h->n++, unit_before);
}

static struct unit units_pop(struct units *h)
{
    struct unit top = h->u[0];
    h->u[0] = h->u[--h->n];
    heap_down(h->u, sizeof(*h->u), h->n, 0, unit_before);
    return top;
}

/* Bound of ring r of slab i given base, the bound of its records' categorical contributions. */
static struct unit slab_ring(const struct query *s, uint32_t i, int r, double base)
{
    const struct slab *sl = &s->ix->slab[i];
    double st =
        space_time(s, r > 1 ? (r - 1) * sl->cell : 0, gap_to(s->qmid, sl->mid_lo, sl->mid_hi));
    return (struct unit){base + st, i, r};
}

/* Best first over the rings of all slabs: the ring with the highest bound is scanned next, and
 * the ring outside it takes its place, until the best bound left is below the k-th score. */
size_t xa_linkage_index_topk_stats(const struct xa_linkage_index *ix,
                                   const struct xa_linkage_model *m, const struct xa_linkage_rec *q,
                                   size_t k, struct xa_linkage_hit *out, size_t *n_scored)
{
    struct query s = {.ix = ix, .hp = {out, 0, k}, .qmid = rec_mid(q)};
    *n_scored = 0;
    if (!k || !ix->n)
        return 0;
    xa_linkage_query_prepare(&s.qp, m, q);
    /* one ring per slab waits at any time; a slab's categorical bound is kept with it */
    struct units h = {xa_xmalloc(ix->n_slab * sizeof(*h.u)), 0};
    double *base = xa_xmalloc(ix->n_slab * sizeof(*base));
    for (uint32_t i = 0; i < ix->n_slab; i++) {
        base[i] = categorical_bound(&s.qp, &ix->slab[i].sum);
        struct unit u = slab_ring(&s, i, 0, base[i]);
        if (!below(&s.hp, u.bound))
            units_push(&h, u);
    }
    while (h.n) {
        struct unit u = units_pop(&h);
        if (below(&s.hp, u.bound))
            break; /* every ring still waiting is bounded lower still */
        const struct slab *sl = &ix->slab[u.slab];
        int cx = cell_of(q->x, sl->x0, sl->cell, sl->gx);
        int cy = cell_of(q->y, sl->y0, sl->cell, sl->gy);
        scan_ring(&s, sl, cx, cy, u.ring, u.bound - base[u.slab]);
        int rmax = cx;
        rmax = sl->gx - 1 - cx > rmax ? sl->gx - 1 - cx : rmax;
        rmax = cy > rmax ? cy : rmax;
        rmax = sl->gy - 1 - cy > rmax ? sl->gy - 1 - cy : rmax;
        if (u.ring < rmax)
            units_push(&h, slab_ring(&s, u.slab, u.ring + 1, base[u.slab]));
    }
    free(h.u);
    free(base);
    *n_scored = s.scored;
    return finish(&s.hp);
}

size_t xa_linkage_index_topk(const struct xa_linkage_index *ix, const struct xa_linkage_model *m,
                             const struct xa_linkage_rec *q, size_t k, struct xa_linkage_hit *out)
{
    size_t scored;
    return xa_linkage_index_topk_stats(ix, m, q, k, out, &scored);
}
