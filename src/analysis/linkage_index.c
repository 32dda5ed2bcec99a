/*
 * linkage_index.c - exact top-k linkage candidates through a type, time and space bucket index.
 *
 * Layout: records grouped by case type and parent (every record of a group has the same type
 * contributions, and a pair of one type scores well above a pair of two, so other types are
 * often not searched at all); inside a group sorted by the middle of their time window and cut
 * into slabs of at most SLAB records; each slab has its own grid of square cells over its
 * records' extent, and inside a slab the records are grouped by cell (row-major), each cell's
 * by time middle. Every record has a compact key (MO tags, property classes, suspect codes,
 * position and time from the slab's origin in 40 bytes) that the search reads, and a full copy
 * that only exact scoring reads. A query is best first over rings of cells around its own
 * position in every slab: the ring whose bound is highest is scanned next (so the k-th best
 * score rises early and prunes the rest). The search is bound by memory latency, so the cells
 * of a ring and then the keys of the cells it keeps are fetched together before they are read.
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
#define BATCH 32      /* cells fetched together */

/* One cell of a slab: everything a query reads before its records, two to a cache line. What
 * its records have between them is folded into few bits (cell_add), so one bit may stand for
 * several tags, classes or codes: the bound it gives is looser, never lower. */
struct cell {
    _Alignas(32) uint64_t mo; /* bit t % 64 for every MO tag t */
    uint16_t prop;            /* bit c % 15 for every property class c; CELL_UNTAGGED */
    uint16_t suspect;         /* 4 bits a slot: bit 0 unknown, bit 1 + code % 3 */
    uint32_t n;               /* its records: lo .. lo + n - 1 of the index's arrays */
    uint32_t lo;
    int32_t t_lo, t_hi; /* first and last time middle, seconds after the slab's first */
};

#define CELL_UNTAGGED 0x8000 /* a record without MO tags */

/* What the search reads of a record: all but its type and parent (its slab's) for the
 * categorical contributions, its position rounded to float and its time exactly. */
struct key {
    uint64_t mo[XA_LINKAGE_MO_MAX / 64];
    uint64_t prop;
    float x, y; /* metres from the slab's origin */
    int32_t t;  /* time middle, seconds after the slab's first */
    uint8_t suspect[XA_LINKAGE_N_SUSPECT];
};

struct slab {
    size_t lo, hi;          /* its records */
    int64_t mid_lo, mid_hi; /* their time middles; mid_hi - mid_lo <= INT32_MAX */
    double x0, y0, cell;    /* grid origin and side of a cell, metres */
    double slack;           /* what rounding a key's position to float may be off, metres */
    int gx, gy;             /* cells across and down */
    uint16_t type, parent;  /* of all its records */
    struct cell *cells;     /* gx * gy, row-major (in the index's array) */
    struct cell sum;        /* what all its records have between them */
};

struct xa_linkage_index {
    size_t n;
    struct key *key;            /* by type, slab, cell, time middle */
    struct xa_linkage_rec *rec; /* the same records in full, for exact scores */
    uint32_t *pos;              /* position of rec[i] in the caller's array */
    struct slab *slab;
    size_t n_slab;
    struct cell *cells; /* of every slab, each slab's gx * gy in turn */
    size_t n_cell;
};

/* Larger and smaller of two numbers that are not NaN, inlined (fmax and fmin are calls). */
static inline double dmax(double a, double b)
{
    return a > b ? a : b;
}

static inline double dmin(double a, double b)
{
    return a < b ? a : b;
}

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
    uint16_t type, parent;
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

static int group_mid_cmp(const void *x, const void *y)
{
    const struct sort_item *a = x, *b = y;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    if (a->parent != b->parent)
        return a->parent < b->parent ? -1 : 1;
    if (a->mid != b->mid)
        return a->mid < b->mid ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int same_group(const struct sort_item *a, const struct sort_item *b)
{
    return a->type == b->type && a->parent == b->parent;
}

/* A cell's bit of property class c, and its 4 bits of suspect code `code` in one slot. */
static unsigned cell_prop_bit(int c)
{
    return 1u << (c % 15);
}

static unsigned cell_code_bits(uint8_t code)
{
    return code ? 2u << (code % 3) : 1u;
}

static void cell_add(struct cell *c, const struct xa_linkage_rec *p)
{
    for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++)
        c->mo |= p->mo[w];
    for (uint64_t bits = p->prop; bits; bits &= bits - 1)
        c->prop |= (uint16_t)cell_prop_bit(__builtin_ctzll(bits));
    if (!(p->mo[0] | p->mo[1]))
        c->prop |= CELL_UNTAGGED;
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++)
        c->suspect |= (uint16_t)(cell_code_bits(p->suspect[i]) << (4 * i));
}

/* Extent and grid of slab sl over items[lo, hi) (one group, sorted by time middle). */
static void slab_plan(struct slab *sl, const struct xa_linkage_rec *r,
                      const struct sort_item *items, size_t lo, size_t hi)
{
    double xmin = r[items[lo].pos].x, xmax = xmin, ymin = r[items[lo].pos].y, ymax = ymin;
    for (size_t i = lo; i < hi; i++) {
        const struct xa_linkage_rec *p = &r[items[i].pos];
        xmin = fmin(xmin, p->x), xmax = fmax(xmax, p->x);
        ymin = fmin(ymin, p->y), ymax = fmax(ymax, p->y);
    }
    memset(sl, 0, sizeof(*sl));
    sl->lo = lo;
    sl->hi = hi;
    sl->mid_lo = items[lo].mid;
    sl->mid_hi = items[hi - 1].mid;
    sl->type = items[lo].type;
    sl->parent = items[lo].parent;
    double side = sqrt((double)(hi - lo) / PER_CELL);
    int g = side < 1 ? 1 : side > MAX_SIDE ? MAX_SIDE : (int)ceil(side);
    double extent = fmax(xmax - xmin, ymax - ymin);
    sl->cell = extent > 0 ? extent / g : 1.0;
    sl->x0 = xmin;
    sl->y0 = ymin;
    /* a float is within 2^-24 of its value relatively: twice that on each axis, and more */
    sl->slack = 1e-6 * (extent + 1);
    sl->gx = cell_of(xmax, xmin, sl->cell, MAX_SIDE) + 1;
    sl->gy = cell_of(ymax, ymin, sl->cell, MAX_SIDE) + 1;
}

/* Slab sl's records into its cells: items regrouped by cell, keys made, records copied out. */
static void slab_fill(struct xa_linkage_index *ix, struct slab *sl, const struct xa_linkage_rec *r,
                      struct sort_item *items)
{
    for (size_t i = sl->lo; i < sl->hi; i++) {
        const struct xa_linkage_rec *p = &r[items[i].pos];
        int cx = cell_of(p->x, sl->x0, sl->cell, sl->gx);
        int cy = cell_of(p->y, sl->y0, sl->cell, sl->gy);
        items[i].cell = (uint32_t)(cy * sl->gx + cx);
    }
    qsort(items + sl->lo, sl->hi - sl->lo, sizeof(*items), item_cmp);
    for (size_t i = sl->lo; i < sl->hi; i++) {
        const struct xa_linkage_rec *p = &r[items[i].pos];
        struct cell *c = &sl->cells[items[i].cell];
        struct key *k = &ix->key[i];
        memcpy(k->mo, p->mo, sizeof(k->mo));
        k->prop = p->prop;
        k->x = (float)(p->x - sl->x0);
        k->y = (float)(p->y - sl->y0);
        k->t = (int32_t)(items[i].mid - sl->mid_lo);
        memcpy(k->suspect, p->suspect, sizeof(k->suspect));
        ix->rec[i] = *p;
        ix->pos[i] = items[i].pos;
        if (!c->n++) {
            c->lo = (uint32_t)i;
            c->t_lo = k->t;
        }
        c->t_hi = k->t; /* ascending within the cell */
        cell_add(c, p);
        cell_add(&sl->sum, p);
    }
}

struct xa_linkage_index *xa_linkage_index_new(const struct xa_linkage_rec *r, size_t n)
{
    struct xa_linkage_index *ix = xa_xcalloc(1, sizeof(*ix));
    struct sort_item *items = xa_xmalloc((n ? n : 1) * sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = (struct sort_item){0, (uint32_t)i, rec_mid(&r[i]), r[i].type, r[i].parent};
    qsort(items, n, sizeof(*items), group_mid_cmp);
    /* slabs of one group, of at most SLAB records, none spanning more time than a key says */
    size_t cap = n / SLAB + 16;
    ix->slab = xa_xmalloc(cap * sizeof(*ix->slab));
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && b - a < SLAB && same_group(&items[b], &items[a]) &&
               items[b].mid - items[a].mid <= INT32_MAX)
            b++;
        if (ix->n_slab == cap)
            ix->slab = xa_xrealloc(ix->slab, (cap *= 2) * sizeof(*ix->slab));
        slab_plan(&ix->slab[ix->n_slab++], r, items, a, b);
        ix->n_cell += (size_t)ix->slab[ix->n_slab - 1].gx * (size_t)ix->slab[ix->n_slab - 1].gy;
        a = b;
    }
    /* the search reads these at random: huge pages spare it most TLB misses */
    ix->n = n;
    ix->cells = xa_xhuge_calloc(ix->n_cell, sizeof(*ix->cells));
    ix->key = xa_xhuge_calloc(n, sizeof(*ix->key));
    ix->rec = xa_xhuge_calloc(n, sizeof(*ix->rec));
    ix->pos = xa_xmalloc((n ? n : 1) * sizeof(*ix->pos));
    struct cell *next = ix->cells;
    for (size_t k = 0; k < ix->n_slab; k++) {
        struct slab *sl = &ix->slab[k];
        sl->cells = next;
        next += (size_t)sl->gx * (size_t)sl->gy;
        slab_fill(ix, sl, r, items);
    }
    free(items);
    return ix;
}

void xa_linkage_index_free(struct xa_linkage_index *ix)
{
    if (!ix)
        return;
    free(ix->cells);
    free(ix->slab);
    free(ix->key);
    free(ix->rec);
    free(ix->pos);
    free(ix);
}

size_t xa_linkage_index_count(const struct xa_linkage_index *ix)
{
    return ix->n;
}

size_t xa_linkage_index_bytes(const struct xa_linkage_index *ix)
{
    return sizeof(*ix) + ix->n * (sizeof(*ix->key) + sizeof(*ix->rec) + sizeof(*ix->pos)) +
           ix->n_slab * sizeof(*ix->slab) + ix->n_cell * sizeof(*ix->cells);
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
static inline __attribute__((always_inline)) void heap_up(void *v, size_t size, size_t i,
                                                          before_fn before)
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
static inline __attribute__((always_inline)) void heap_down(void *v, size_t size, size_t n,
                                                            size_t i, before_fn before)
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
 * records of slab sl with at most what cell c has (a cell, or the slab's sum): the tags of the
 * query whose bits the cell has may be shared, and so on. */
static double cell_bound(const struct xa_linkage_query *qp, const struct slab *sl,
                         const struct cell *c)
{
    const struct xa_linkage_rec *q = qp->q;
    uint64_t mo[XA_LINKAGE_MO_MAX / 64] = {0};
    for (int w = 0; w < XA_LINKAGE_MO_MAX / 64; w++)
        for (uint64_t bits = q->mo[w]; bits; bits &= bits - 1) {
            int t = __builtin_ctzll(bits); /* tag 64 * w + t, bit t of the cell */
            mo[w] |= (c->mo >> t & 1) << t;
        }
    int agree = 0;
    for (int i = 0; i < XA_LINKAGE_N_SUSPECT; i++) {
        if (!q->suspect[i])
            continue;
        unsigned seen = c->suspect >> (4 * i) & 15u;
        agree += seen & cell_code_bits(q->suspect[i]) ? 1 : seen & 1 ? 0 : -1;
    }
    int prop = 0;
    for (uint64_t bits = q->prop; bits && !prop; bits &= bits - 1)
        prop = (c->prop & cell_prop_bit(__builtin_ctzll(bits))) != 0;
    int type = q->type && q->type == sl->type;
    int parent = q->type != sl->type && q->parent && q->parent == sl->parent;
    return xa_linkage_query_bound(qp, mo, (c->prop & CELL_UNTAGGED) != 0, type, parent, prop,
                                  agree);
}

struct query {
    const struct xa_linkage_index *ix;
    struct xa_linkage_query qp; /* the model and the query case, prepared */
    struct heap hp;
    int64_t qmid;
    size_t scored;
    /* the slab being scanned: the query's position and time from its origin */
    const struct slab *sl;
    double qx, qy;
    int64_t qt;
};

/* Distance and days contributions at most, at least `metres` and `seconds` apart. */
static double space_time(const struct query *s, double metres, int64_t seconds)
{
    return xa_linkage_query_space_time(&s->qp, metres, (double)seconds);
}

/* The k-th best score so far, or -INFINITY while there are fewer than k. */
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
    double gap = ceil(DAY * expm1(fmin(l, 64)) * (1 + 1e-9)) + 1;
    return gap < 0x1p62 ? (int64_t)gap : INT64_MAX; /* 2^62 s: beyond any time */
}

/* Record i of the slab being scanned, whose distance and days together contribute at most
 * cell_st: bounded by its key's exact categorical contributions, then with its own distance
 * and time, then scored. */
static void score_at(struct query *s, size_t i, double cell_st)
{
    const struct key *k = &s->ix->key[i];
    const struct slab *sl = s->sl;
    double cat =
        xa_linkage_query_categorical(&s->qp, k->mo, k->prop, k->suspect, sl->type, sl->parent);
    if (below(&s->hp, cat + cell_st))
        return;
    double dx = k->x - s->qx, dy = k->y - s->qy;
    int64_t gap = k->t - s->qt;
    double d = dmax(0, sqrt(dx * dx + dy * dy) - sl->slack);
    if (below(&s->hp, cat + space_time(s, d, gap < 0 ? -gap : gap)))
        return;
    const struct xa_linkage_rec *r = &s->ix->rec[i];
    double score;
    if (r->id == s->qp.q->id || !xa_linkage_score_above(&s->qp, r, kth(s), INFINITY, &score))
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
    const struct key *key = s->ix->key;
    double seen = kth(s);
    int64_t limit = gap_limit(s, above);
    for (size_t i = a; i < hi; i++) {
        if (kth(s) != seen)
            seen = kth(s), limit = gap_limit(s, above);
        if (key[i].t - s->qt > limit)
            break;
        score_at(s, i, space_time);
    }
    for (size_t i = a; i-- > lo;) {
        if (kth(s) != seen)
            seen = kth(s), limit = gap_limit(s, above);
        if (s->qt - key[i].t > limit)
            break;
        score_at(s, i, space_time);
    }
}

/* Distance from the query to cell (cx, cy) of a slab at least: none of the cell's memory read. */
static double cell_distance(const struct query *s, const struct slab *sl, int cx, int cy)
{
    double rx0 = sl->x0 + cx * sl->cell, ry0 = sl->y0 + cy * sl->cell;
    double dx = dmax(0, dmax(rx0 - s->qp.q->x, s->qp.q->x - (rx0 + sl->cell)));
    double dy = dmax(0, dmax(ry0 - s->qp.q->y, s->qp.q->y - (ry0 + sl->cell)));
    /* shrink a little: a record on a cell edge may have been rounded into this cell */
    return dmax(0, sqrt(dx * dx + dy * dy) - 1e-6 * (sl->cell + 1));
}

/* A cell left to scan, with its distance from the query and, once its bits are read, its
 * categorical bound and its distance and days bound. */
struct todo {
    const struct cell *c;
    double d, cb, st;
};

/* Cells of a batch of one slab, fetched already: bounded by their folded bits and time spans;
 * the keys of those left fetched; then each walked outward in time from the query's (bounded
 * again first: the k-th score may have risen since). */
static void scan_cells(struct query *s, struct todo *t, int n)
{
    const struct key *key = s->ix->key;
    int kept = 0;
    for (int i = 0; i < n; i++) {
        const struct cell *c = t[i].c;
        if (!c->n)
            continue;
        double cb = cell_bound(&s->qp, s->sl, c);
        double st = space_time(s, t[i].d, gap_to(s->qt, c->t_lo, c->t_hi));
        if (below(&s->hp, cb + st))
            continue;
        uintptr_t p = (uintptr_t)&key[c->lo] & ~(uintptr_t)63, end = (uintptr_t)&key[c->lo + c->n];
        for (; p < end; p += 64)
            __builtin_prefetch((const void *)p);
        t[kept++] = (struct todo){c, t[i].d, cb, st};
    }
    for (int i = 0; i < kept; i++) {
        const struct cell *c = t[i].c;
        if (below(&s->hp, t[i].cb + t[i].st))
            continue;
        size_t lo = c->lo, hi = lo + c->n, a = lo,
               b = hi; /* first record at or after the query's time */
        while (a < b) {
            size_t h = a + (b - a) / 2;
            if (key[h].t < s->qt)
                a = h + 1;
            else
                b = h;
        }
        walk_cell(s, lo, a, hi, t[i].cb + space_time(s, t[i].d, 0), t[i].st);
    }
}

/* Ring r of slab sl: the cells r cells around the query's own (cx, cy) in either direction.
 * Cells too far for the slab's categorical bound `base` and time gap are passed over without
 * reading them; the others are fetched together, so that their cache misses overlap. */
static void scan_ring(struct query *s, const struct slab *sl, int cx, int cy, int r, double base)
{
    int64_t gap = gap_to(s->qmid, sl->mid_lo, sl->mid_hi);
    struct todo todo[BATCH];
    int n = 0;
    s->sl = sl;
    s->qx = s->qp.q->x - sl->x0;
    s->qy = s->qp.q->y - sl->y0;
    s->qt = s->qmid - sl->mid_lo;
    for (int y = cy - r; y <= cy + r; y++) {
        if (y < 0 || y >= sl->gy)
            continue;
        int edge = y == cy - r || y == cy + r;
        for (int x = cx - r; x <= cx + r; x += edge ? 1 : 2 * r) {
            if (x >= 0 && x < sl->gx) {
                double d = cell_distance(s, sl, x, y);
                if (!below(&s->hp, base + space_time(s, d, gap))) {
                    todo[n].c = &sl->cells[(size_t)y * (size_t)sl->gx + (size_t)x];
                    todo[n].d = d;
                    __builtin_prefetch(todo[n++].c);
                }
                if (n == BATCH) {
                    scan_cells(s, todo, n);
                    n = 0;
                }
            }
            if (!r)
                break;
        }
    }
    scan_cells(s, todo, n);
}

/* A ring of a slab waiting its turn, with an upper bound of its records' scores. */
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

/* Bound of ring r of slab i, around the query's cell (cx, cy), given base, the bound of its
 * records' categorical contributions: its cells lie outside the block of cells fewer than r
 * rings around (cx, cy), so at least as far from the query as that block's nearest side (0
 * when the query is off the block). */
static struct unit slab_ring(const struct query *s, uint32_t i, int r, int cx, int cy, double base)
{
    const struct slab *sl = &s->ix->slab[i];
    double d = 0;
    if (r > 0) {
        double c = sl->cell, x = s->qp.q->x - sl->x0, y = s->qp.q->y - sl->y0;
        double near = dmin(dmin(x - (cx - r + 1) * c, (cx + r) * c - x),
                           dmin(y - (cy - r + 1) * c, (cy + r) * c - y));
        d = dmax(0, near - 1e-6 * (c + 1));
    }
    double st = space_time(s, d, gap_to(s->qmid, sl->mid_lo, sl->mid_hi));
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
        const struct slab *sl = &ix->slab[i];
        base[i] = cell_bound(&s.qp, sl, &sl->sum);
        struct unit u = slab_ring(&s, i, 0, cell_of(q->x, sl->x0, sl->cell, sl->gx),
                                  cell_of(q->y, sl->y0, sl->cell, sl->gy), base[i]);
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
        scan_ring(&s, sl, cx, cy, u.ring, base[u.slab]);
        int rmax = cx;
        rmax = sl->gx - 1 - cx > rmax ? sl->gx - 1 - cx : rmax;
        rmax = cy > rmax ? cy : rmax;
        rmax = sl->gy - 1 - cy > rmax ? sl->gy - 1 - cy : rmax;
        if (u.ring < rmax)
            units_push(&h, slab_ring(&s, u.slab, u.ring + 1, cx, cy, base[u.slab]));
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
