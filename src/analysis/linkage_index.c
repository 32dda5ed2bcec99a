/*
 * linkage_index.c - exact top-k linkage candidates through a space-time bucket index.
 *
 * Layout: records copied and sorted by the middle of their time window, cut into slabs of
 * SLAB records; each slab has its own grid of square cells over its records' extent, and
 * inside a slab the records are grouped by cell (row-major), each cell's by time middle;
 * start[c] .. start[c + 1] are cell c's records. A query visits the slabs nearest in time first,
 * and in each slab the cells in rings outward from its own.
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
#define SLAB 8192     /* records per time slab */

/* What a cell's records have between them, to bound their categorical contributions. */
struct summary {
    uint64_t mo[XA_LINKAGE_MO_MAX / 64]; /* union of MO tags */
    uint64_t types, parents;             /* bit (code % 64) of every type and parent code */
    uint64_t prop;                       /* union of property classes */
};

struct slab {
    size_t lo, hi;          /* its records */
    int64_t mid_lo, mid_hi; /* their time middles */
    double x0, y0, cell;
    int gx, gy;
    uint32_t *start;     /* gx * gy + 1 offsets into the index's arrays */
    struct summary *sum; /* per cell */
};

struct xa_linkage_index {
    size_t n;
    struct xa_linkage_rec *rec; /* by slab, cell, time middle */
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

static int mid_cmp(const void *x, const void *y)
{
    const struct sort_item *a = x, *b = y;
    if (a->mid != b->mid)
        return a->mid < b->mid ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
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
    sl->start = xa_xcalloc(n_cells + 1, sizeof(*sl->start));
    sl->sum = xa_xcalloc(n_cells, sizeof(*sl->sum));
    for (size_t i = lo; i < hi; i++) {
        const struct xa_linkage_rec *p = &r[items[i].pos];
        ix->rec[i] = *p;
        ix->mid[i] = items[i].mid;
        ix->pos[i] = items[i].pos;
        sl->start[items[i].cell + 1]++;
        struct summary *cs = &sl->sum[items[i].cell];
        for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++)
            cs->mo[w] |= p->mo[w];
        cs->types |= UINT64_C(1) << (p->type % 64);
        cs->parents |= UINT64_C(1) << (p->parent % 64);
        cs->prop |= p->prop;
    }
    sl->start[0] = (uint32_t)lo;
    for (size_t c = 0; c < n_cells; c++)
        sl->start[c + 1] += sl->start[c];
}

struct xa_linkage_index *xa_linkage_index_new(const struct xa_linkage_rec *r, size_t n)
{
    struct xa_linkage_index *ix = xa_xcalloc(1, sizeof(*ix));
    struct sort_item *items = xa_xmalloc((n ? n : 1) * sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = (struct sort_item){0, (uint32_t)i, rec_mid(&r[i])};
    qsort(items, n, sizeof(*items), mid_cmp);
    ix->n = n;
    ix->rec = xa_xmalloc((n ? n : 1) * sizeof(*ix->rec));
    ix->mid = xa_xmalloc((n ? n : 1) * sizeof(*ix->mid));
    ix->pos = xa_xmalloc((n ? n : 1) * sizeof(*ix->pos));
    ix->n_slab = (n + SLAB - 1) / SLAB;
    ix->slab = xa_xcalloc(ix->n_slab ? ix->n_slab : 1, sizeof(*ix->slab));
    for (size_t k = 0; k < ix->n_slab; k++)
        slab_build(ix, &ix->slab[k], r, items, k * SLAB, k * SLAB + SLAB < n ? k * SLAB + SLAB : n);
    free(items);
    return ix;
}

void xa_linkage_index_free(struct xa_linkage_index *ix)
{
    if (!ix)
        return;
    for (size_t k = 0; k < ix->n_slab; k++) {
        free(ix->slab[k].start);
        free(ix->slab[k].sum);
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

static void sift_down(struct heap *hp, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, w = i;
        if (l < hp->n && better(&hp->h[w], &hp->h[l]))
            w = l;
        if (r < hp->n && better(&hp->h[w], &hp->h[r]))
            w = r;
        if (w == i)
            return;
        struct xa_linkage_hit t = hp->h[i];
        hp->h[i] = hp->h[w];
        hp->h[w] = t;
        i = w;
    }
}

static void offer(struct heap *hp, const struct xa_linkage_hit *c)
{
    if (hp->n < hp->k) {
        size_t i = hp->n++;
        hp->h[i] = *c;
        while (i > 0) {
            size_t p = (i - 1) / 2;
            if (!better(&hp->h[p], &hp->h[i]))
                break;
            struct xa_linkage_hit t = hp->h[i];
            hp->h[i] = hp->h[p];
            hp->h[p] = t;
            i = p;
        }
    } else if (better(c, &hp->h[0])) {
        hp->h[0] = *c;
        sift_down(hp, 0);
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
 * records with at most the MO tags, types, parents and property classes of summary cs (NULL:
 * any). */
static double base_bound(const struct xa_linkage_model *m, const struct xa_linkage_rec *q,
                         const struct summary *cs)
{
    double mo = 0;
    int any_mo = 0, known = 0;
    for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++) {
        uint64_t bits = q->mo[w] & (cs ? cs->mo[w] : UINT64_MAX);
        any_mo |= q->mo[w] != 0;
        while (bits) {
            int t = w * 64 + __builtin_ctzll(bits);
            mo += m->mo_rarity[t] > 0 ? m->mo_rarity[t] : 0;
            bits &= bits - 1;
        }
    }
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++)
        known += q->suspect[i] != 0;
    int type = q->type && (!cs || (cs->types >> (q->type % 64)) & 1);
    int parent = q->parent && (!cs || (cs->parents >> (q->parent % 64)) & 1);
    int prop = q->prop && (!cs || (cs->prop & q->prop));
    double b = m->intercept;
    b += xa_linkage_contribution_max(m, XA_LINKAGE_F_TOD, 0, 1);
    b += xa_linkage_contribution_max(m, XA_LINKAGE_F_WEEKDAY, 0, 1);
    b += xa_linkage_contribution_max(m, XA_LINKAGE_F_TYPE, 0, type);
    b += xa_linkage_contribution_max(m, XA_LINKAGE_F_PARENT, 0, parent);
    b += xa_linkage_contribution_max(m, XA_LINKAGE_F_MO, 0, mo);
    b += xa_linkage_contribution_max(m, XA_LINKAGE_F_MO_DIFF, 0, any_mo ? XA_LINKAGE_MO_MAX : 0);
    b += xa_linkage_contribution_max(m, XA_LINKAGE_F_PROPERTY, 0, prop);
    b += xa_linkage_contribution_max(m, XA_LINKAGE_F_SUSPECT, -known, known);
    return b;
}

static double dist_bound(const struct xa_linkage_model *m, double d)
{
    return xa_linkage_contribution_max(m, XA_LINKAGE_F_DIST, log1p(d / 100.0), INFINITY);
}

static double days_bound(const struct xa_linkage_model *m, int64_t gap)
{
    return xa_linkage_contribution_max(m, XA_LINKAGE_F_DAYS, log1p((double)gap / DAY), INFINITY);
}

struct query {
    const struct xa_linkage_index *ix;
    const struct xa_linkage_model *m;
    const struct xa_linkage_rec *q;
    struct heap hp;
    int64_t qmid;
    double base;
    size_t scored;
};

static void score_at(struct query *s, size_t i)
{
    const struct xa_linkage_index *ix = s->ix;
    if (ix->rec[i].id == s->q->id || below(&s->hp, xa_linkage_score_bound(s->m, s->q, &ix->rec[i])))
        return;
    struct xa_linkage_hit c = {ix->rec[i].id, ix->pos[i],
                               xa_linkage_score(s->m, s->q, &ix->rec[i], NULL)};
    s->scored++;
    offer(&s->hp, &c);
}

static int64_t gap_to(int64_t t, int64_t lo, int64_t hi)
{
    return t < lo ? lo - t : t > hi ? t - hi : 0;
}

static void scan_cell(struct query *s, const struct slab *sl, int cx, int cy)
{
    const struct xa_linkage_index *ix = s->ix;
    size_t c = (size_t)cy * (size_t)sl->gx + (size_t)cx, lo = sl->start[c], hi = sl->start[c + 1];
    if (lo == hi)
        return;
    double rx0 = sl->x0 + cx * sl->cell, ry0 = sl->y0 + cy * sl->cell;
    double dx = fmax(0, fmax(rx0 - s->q->x, s->q->x - (rx0 + sl->cell)));
    double dy = fmax(0, fmax(ry0 - s->q->y, s->q->y - (ry0 + sl->cell)));
    /* shrink a little: a record on a cell edge may have been rounded into this cell */
    double d = fmax(0, sqrt(dx * dx + dy * dy) - 1e-6 * (sl->cell + 1));
    double days = days_bound(s->m, gap_to(s->qmid, ix->mid[lo], ix->mid[hi - 1]));
    double db = dist_bound(s->m, d);
    if (below(&s->hp, s->base + db + days))
        return;
    double cb = base_bound(s->m, s->q, &sl->sum[c]) + db;
    if (below(&s->hp, cb + days))
        return;
    size_t a = lo, b = hi; /* first record with mid >= qmid */
    while (a < b) {
        size_t h = a + (b - a) / 2;
        if (ix->mid[h] < s->qmid)
            a = h + 1;
        else
            b = h;
    }
    for (size_t i = a; i < hi; i++) {
        if (below(&s->hp, cb + days_bound(s->m, ix->mid[i] - s->qmid)))
            break;
        score_at(s, i);
    }
    for (size_t i = a; i-- > lo;) {
        if (below(&s->hp, cb + days_bound(s->m, s->qmid - ix->mid[i])))
            break;
        score_at(s, i);
    }
}

/* The cells of one slab in rings outward from the query's cell, while they may hold a better
 * record: every cell of ring r is at least r - 1 cells away, even from a query off the grid. */
static void scan_slab(struct query *s, const struct slab *sl, double days)
{
    int cx = cell_of(s->q->x, sl->x0, sl->cell, sl->gx);
    int cy = cell_of(s->q->y, sl->y0, sl->cell, sl->gy);
    int rmax = cx;
    rmax = sl->gx - 1 - cx > rmax ? sl->gx - 1 - cx : rmax;
    rmax = cy > rmax ? cy : rmax;
    rmax = sl->gy - 1 - cy > rmax ? sl->gy - 1 - cy : rmax;
    for (int r = 0; r <= rmax; r++) {
        if (r > 1 && below(&s->hp, s->base + dist_bound(s->m, (r - 1) * sl->cell) + days))
            break;
        for (int y = cy - r; y <= cy + r; y++) {
            if (y < 0 || y >= sl->gy)
                continue;
            int edge = y == cy - r || y == cy + r;
            for (int x = cx - r; x <= cx + r; x += edge ? 1 : 2 * r) {
                if (x >= 0 && x < sl->gx)
                    scan_cell(s, sl, x, y);
                if (!r)
                    break;
            }
        }
    }
}

size_t xa_linkage_index_topk_stats(const struct xa_linkage_index *ix,
                                   const struct xa_linkage_model *m, const struct xa_linkage_rec *q,
                                   size_t k, struct xa_linkage_hit *out, size_t *n_scored)
{
    struct query s = {ix, m, q, {out, 0, k}, rec_mid(q), 0, 0};
    *n_scored = 0;
    if (!k || !ix->n)
        return 0;
    s.base = base_bound(m, q, NULL);
    double dist0 = dist_bound(m, 0);
    /* slabs outward in time from the first one not wholly before q, nearest first */
    size_t a = 0, b = ix->n_slab;
    while (a < b) {
        size_t h = a + (b - a) / 2;
        if (ix->slab[h].mid_hi < s.qmid)
            a = h + 1;
        else
            b = h;
    }
    size_t right = a, left = a; /* next to visit: slab[right], slab[left - 1] */
    int open_r = 1, open_l = 1;
    while ((open_r && right < ix->n_slab) || (open_l && left > 0)) {
        int64_t gr = open_r && right < ix->n_slab
                         ? gap_to(s.qmid, ix->slab[right].mid_lo, ix->slab[right].mid_hi)
                         : INT64_MAX;
        int64_t gl = open_l && left > 0
                         ? gap_to(s.qmid, ix->slab[left - 1].mid_lo, ix->slab[left - 1].mid_hi)
                         : INT64_MAX;
        int go_right = gr <= gl;
        const struct slab *sl = go_right ? &ix->slab[right] : &ix->slab[left - 1];
        double days = days_bound(m, go_right ? gr : gl);
        if (below(&s.hp, s.base + dist0 + days)) {
            /* slabs further out that way are further in time: none can do better */
            if (go_right)
                open_r = 0;
            else
                open_l = 0;
            continue;
        }
        scan_slab(&s, sl, days);
        if (go_right)
            right++;
        else
            left--;
    }
    *n_scored = s.scored;
    return finish(&s.hp);
}

size_t xa_linkage_index_topk(const struct xa_linkage_index *ix, const struct xa_linkage_model *m,
                             const struct xa_linkage_rec *q, size_t k, struct xa_linkage_hit *out)
{
    size_t scored;
    return xa_linkage_index_topk_stats(ix, m, q, k, out, &scored);
}
