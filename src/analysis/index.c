/*
 * index.c - the analysis index's packed columns: puts (append, ordered insert, replace in
 * place), lookups by id, the unit and grid dictionaries and the local projection.
 *
 * Invariants:
 *  1. Every column of a table has the table's capacity; rows 0..n-1 are valid in all of them
 *     and ids ascend strictly, so a row is found by binary search.
 *  2. A put checks everything (id, times, enums, dictionary room) before it changes anything,
 *     so a refused put leaves the index as it was.
 *  3. A dictionary's dense values are handed out in first-seen order and never change, so a
 *     dense value stored in a column stays valid as the dictionary grows.
 */
#include "analysis/index.h"

#include "base/mem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846
#define MIN_CAP 1024

/* One column of a table: where its array pointer lives and the bytes of one row. */
struct col {
    void **p;
    size_t w;
};

#define COL(field)                                                                                 \
    {                                                                                              \
        (void **)&(field), sizeof(*(field))                                                        \
    }

static size_t incident_cols(struct xa_index_incidents *t, struct col *out)
{
    const struct col c[] = {
        COL(t->id),     COL(t->t),        COL(t->t_from),  COL(t->x),
        COL(t->y),      COL(t->unit),     COL(t->grid),    COL(t->category),
        COL(t->status), COL(t->priority), COL(t->channel),
    };
    memcpy(out, c, sizeof(c));
    return sizeof(c) / sizeof(c[0]);
}

#define MAX_COLS 16

static size_t row_bytes(const struct col *c, size_t nc)
{
    size_t b = 0;
    for (size_t i = 0; i < nc; i++)
        b += c[i].w;
    return b;
}

static void cols_resize(const struct col *c, size_t nc, size_t cap)
{
    for (size_t i = 0; i < nc; i++)
        *c[i].p = xa_xrealloc(*c[i].p, cap * c[i].w);
}

static void cols_free(const struct col *c, size_t nc)
{
    for (size_t i = 0; i < nc; i++) {
        free(*c[i].p);
        *c[i].p = NULL;
    }
}

/* Room for row n: grows by half again (see index.h, Memory). */
static void cols_room(const struct col *c, size_t nc, size_t n, size_t *cap)
{
    if (n < *cap)
        return;
    size_t ncap = *cap < MIN_CAP ? MIN_CAP : *cap + *cap / 2;
    cols_resize(c, nc, ncap);
    *cap = ncap;
}

/* Opens row pos of n rows by moving pos..n-1 down one. */
static void cols_open(const struct col *c, size_t nc, size_t pos, size_t n)
{
    for (size_t i = 0; i < nc; i++) {
        char *p = *c[i].p;
        memmove(p + (pos + 1) * c[i].w, p + pos * c[i].w, (n - pos) * c[i].w);
    }
}

/* First row whose id is >= id (n when none). */
static size_t lower_bound(const uint32_t *ids, size_t n, uint32_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Where a put of id goes: *pos, and whether a row of that id is there already. */
static bool place(const uint32_t *ids, size_t n, uint32_t id, size_t *pos)
{
    if (n == 0 || ids[n - 1] < id) {
        *pos = n; /* the common case: a new record, appended */
        return false;
    }
    *pos = lower_bound(ids, n, id);
    return *pos < n && ids[*pos] == id;
}

/* ---- dictionaries ---- */

static uint64_t mix(int64_t id)
{
    uint64_t h = (uint64_t)id * UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 29);
}

static void dict_init(struct xa_index_dict *d)
{
    memset(d, 0, sizeof(*d));
    d->cap = 16;
    d->ids = xa_xcalloc(d->cap, sizeof(*d->ids));
    d->n = 1; /* dense 0 is id 0, never in the slots */
    d->n_slots = 32;
    d->slot = xa_xcalloc(d->n_slots, sizeof(*d->slot));
}

static void dict_release(struct xa_index_dict *d)
{
    free(d->ids);
    free(d->slot);
    memset(d, 0, sizeof(*d));
}

static int32_t dict_find(const struct xa_index_dict *d, int64_t id)
{
    if (id == 0)
        return 0;
    size_t mask = d->n_slots - 1;
    for (size_t i = mix(id) & mask;; i = (i + 1) & mask) {
        uint32_t s = d->slot[i];
        if (s == 0)
            return -1;
        if (d->ids[s - 1] == id)
            return (int32_t)(s - 1);
    }
}

static void dict_insert_slot(struct xa_index_dict *d, int64_t id, uint32_t dense)
{
    size_t mask = d->n_slots - 1, i = mix(id) & mask;
    while (d->slot[i])
        i = (i + 1) & mask;
    d->slot[i] = dense + 1;
}

/* Whether id has or can get a dense value. */
static bool dict_has_room(const struct xa_index_dict *d, int64_t id)
{
    return dict_find(d, id) >= 0 || d->n <= XA_INDEX_DICT_MAX;
}

/* Dense value of id, added when new (the caller checked dict_has_room). */
static uint16_t dict_get(struct xa_index_dict *d, int64_t id)
{
    int32_t v = dict_find(d, id);
    if (v >= 0)
        return (uint16_t)v;
    if (d->n == d->cap) {
        d->cap *= 2;
        d->ids = xa_xrealloc(d->ids, d->cap * sizeof(*d->ids));
    }
    uint32_t dense = (uint32_t)d->n++;
    d->ids[dense] = id;
    if (2 * d->n > d->n_slots) {
        free(d->slot);
        d->n_slots *= 2;
        d->slot = xa_xcalloc(d->n_slots, sizeof(*d->slot));
        for (uint32_t k = 1; k < dense; k++)
            dict_insert_slot(d, d->ids[k], k);
    }
    dict_insert_slot(d, id, dense);
    return (uint16_t)dense;
}

/* ---- the index ---- */

void xa_index_init(struct xa_index *ix)
{
    memset(ix, 0, sizeof(*ix));
    dict_init(&ix->units);
    dict_init(&ix->grids);
}

void xa_index_release(struct xa_index *ix)
{
    struct col c[MAX_COLS];
    cols_free(c, incident_cols(&ix->inc, c));
    dict_release(&ix->units);
    dict_release(&ix->grids);
    memset(ix, 0, sizeof(*ix));
}

static void origin(struct xa_index *ix, double lat, double lon)
{
    ix->has_origin = true;
    ix->lat0 = lat;
    ix->lon0 = lon;
    ix->cos_lat0 = cos(lat * PI / 180);
}

int xa_index_set_origin(struct xa_index *ix, double lat, double lon)
{
    if (ix->has_origin && (ix->lat0 != lat || ix->lon0 != lon))
        return XA_ECONFLICT;
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180))
        return XA_EINVAL;
    origin(ix, lat, lon);
    return XA_OK;
}

void xa_index_project(const struct xa_index *ix, double lat, double lon, float *x, float *y)
{
    double dlon = lon - ix->lon0;
    if (dlon > 180)
        dlon -= 360;
    else if (dlon < -180)
        dlon += 360;
    *x = (float)(XA_INDEX_EARTH_R * dlon * PI / 180 * ix->cos_lat0);
    *y = (float)(XA_INDEX_EARTH_R * (lat - ix->lat0) * PI / 180);
}

/* x, y of a place, NaN without one; the first located record fixes a missing origin. */
static void locate(struct xa_index *ix, bool has, double lat, double lon, float *x, float *y)
{
    if (!has) {
        *x = *y = NAN;
        return;
    }
    if (!ix->has_origin)
        origin(ix, lat, lon); /* the puts checked lat and lon */
    xa_index_project(ix, lat, lon, x, y);
}

int32_t xa_index_unit_find(const struct xa_index *ix, int64_t unit_id)
{
    return dict_find(&ix->units, unit_id);
}

int32_t xa_index_grid_find(const struct xa_index *ix, int64_t grid_id)
{
    return dict_find(&ix->grids, grid_id);
}

int64_t xa_index_unit_id(const struct xa_index *ix, uint16_t dense)
{
    return dense < ix->units.n ? ix->units.ids[dense] : 0;
}

int64_t xa_index_grid_id(const struct xa_index *ix, uint16_t dense)
{
    return dense < ix->grids.n ? ix->grids.ids[dense] : 0;
}

static bool rel_time(int64_t t, int32_t *out)
{
    int64_t r = t - XA_INDEX_T0;
    if (r < INT32_MIN || r > INT32_MAX)
        return false;
    *out = (int32_t)r;
    return true;
}

static bool byte_enum(int v)
{
    return v >= 0 && v <= 255;
}

static bool place_ok(bool has, double lat, double lon)
{
    return !has || (lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180);
}

void xa_index_incident_reserve(struct xa_index *ix, size_t n)
{
    struct col c[MAX_COLS];
    size_t nc = incident_cols(&ix->inc, c);
    if (n > ix->inc.cap) {
        cols_resize(c, nc, n);
        ix->inc.cap = n;
    }
}

int xa_index_incident_put(struct xa_index *ix, const struct xa_incident *inc)
{
    int32_t t, t_from;
    if (inc->id < 1 || inc->id > UINT32_MAX || inc->unit_id <= 0 || inc->grid_id < 0)
        return XA_EINVAL;
    if (!rel_time(inc->received_at, &t) ||
        !rel_time(inc->occurred_at ? inc->occurred_at : inc->received_at, &t_from))
        return XA_EINVAL;
    if (!byte_enum(inc->category) || !byte_enum(inc->status) || !byte_enum(inc->priority) ||
        !byte_enum(inc->channel) || !place_ok(inc->has_location, inc->lat, inc->lon))
        return XA_EINVAL;
    if (!dict_has_room(&ix->units, inc->unit_id) || !dict_has_room(&ix->grids, inc->grid_id))
        return XA_ETOOBIG;

    struct xa_index_incidents *tb = &ix->inc;
    struct col c[MAX_COLS];
    size_t nc = incident_cols(tb, c), pos;
    uint32_t id = (uint32_t)inc->id;
    if (!place(tb->id, tb->n, id, &pos)) {
        cols_room(c, nc, tb->n, &tb->cap);
        if (pos < tb->n)
            cols_open(c, nc, pos, tb->n);
        tb->n++;
    }
    tb->id[pos] = id;
    tb->t[pos] = t;
    tb->t_from[pos] = t_from;
    locate(ix, inc->has_location, inc->lat, inc->lon, &tb->x[pos], &tb->y[pos]);
    tb->unit[pos] = dict_get(&ix->units, inc->unit_id);
    tb->grid[pos] = dict_get(&ix->grids, inc->grid_id);
    tb->category[pos] = (uint8_t)inc->category;
    tb->status[pos] = (uint8_t)inc->status;
    tb->priority[pos] = (uint8_t)inc->priority;
    tb->channel[pos] = (uint8_t)inc->channel;
    if (inc->category > ix->category_max)
        ix->category_max = (uint8_t)inc->category;
    return XA_OK;
}

int xa_index_incident_find(const struct xa_index *ix, int64_t id, size_t *out)
{
    if (id < 1 || id > UINT32_MAX)
        return XA_ENOTFOUND;
    size_t pos = lower_bound(ix->inc.id, ix->inc.n, (uint32_t)id);
    if (pos == ix->inc.n || ix->inc.id[pos] != (uint32_t)id)
        return XA_ENOTFOUND;
    *out = pos;
    return XA_OK;
}

int xa_index_incident_set_status(struct xa_index *ix, int64_t id, int status)
{
    size_t pos;
    if (!byte_enum(status))
        return XA_EINVAL;
    int rc = xa_index_incident_find(ix, id, &pos);
    if (!rc)
        ix->inc.status[pos] = (uint8_t)status;
    return rc;
}

size_t xa_index_incident_bytes(void)
{
    struct xa_index_incidents t;
    struct col c[MAX_COLS];
    return row_bytes(c, incident_cols(&t, c));
}

size_t xa_index_incident_alloc_bytes(const struct xa_index *ix)
{
    return ix->inc.cap * xa_index_incident_bytes();
}

size_t xa_index_alloc_bytes(const struct xa_index *ix)
{
    const struct xa_index_dict *d[] = {&ix->units, &ix->grids};
    size_t b = xa_index_incident_alloc_bytes(ix);
    for (size_t i = 0; i < 2; i++)
        b += d[i]->cap * sizeof(*d[i]->ids) + d[i]->n_slots * sizeof(*d[i]->slot);
    return b;
}
