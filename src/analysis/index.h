/*
 * index.h - the analysis index: a columnar in-memory copy of what analysis reads of incidents,
 * in packed arrays (struct of arrays), one array per column.
 *
 * It is filled from the store at start and kept current by the service layer after every
 * committed write (service/analysis_svc.h owns the one loaded index, its lock and its loader);
 * this module is the data structure alone: no SQL, no I/O, no locking, no global state.
 *
 * Columns of an incident (XA_INDEX_INCIDENT_BYTES = 28 bytes a row):
 *   id        uint32   the store's id (ids above UINT32_MAX are refused)
 *   t         int32    received_at, seconds since XA_INDEX_T0 (2000-01-01 00:00 Shanghai), so
 *                      Shanghai days and weeks start at multiples of 86400 s; covers 1931-2068
 *   t_from    int32    start of the time window: occurred_at, or received_at when unknown (the
 *                      window of an incident ends at t)
 *   x, y      float32  metres east and north of the index's origin (equirectangular projection
 *                      around the county centre, R = 6371008.8 m: at county scale, < 50 km,
 *                      its error is well under 0.1 %; float32 keeps ~4 mm at 50 km); NaN when
 *                      the incident has no location
 *   unit      uint16   dense index of the station (xa_index_unit_id() gives the store id)
 *   grid      uint16   dense index of the grid, 0 = none
 *   category, status, priority, channel   uint8, the values of core/vocab.h and core/incident.h
 * Rows are kept in ascending id order, so a row is found by binary search and an update (a
 * status change) rewrites its columns in place. Appends at the end are the common case; a late
 * put of a smaller id is inserted in order; a put of an id already present replaces the row.
 *
 * Memory: columns grow by half again (x1.5) when full, not by doubling, so the allocation
 * stays under 1.5 x 28 = 42 bytes per incident at its worst moment, inside the 48-byte
 * budget of DESIGN §6; xa_index_incident_reserve() sizes it for a known count at load.
 *
 * Cases have their in-memory copy in the linkage service (service/linkage_svc.c): packed
 * records of analysis/linkage.h (time window, projected place, type and parent, MO tag
 * bitset, property classes, suspect descriptors), loaded at start and kept current after every
 * case write, under analysis/linkage_index.h's index; linkage is all analysis reads of cases.
 */
#ifndef XA_INDEX_H
#define XA_INDEX_H

#include "base/err.h"
#include "core/incident.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XA_INDEX_T0 INT64_C(946656000) /* 2000-01-01T00:00:00+08:00 */
#define XA_INDEX_EARTH_R 6371008.8     /* mean Earth radius, metres */
#define XA_INDEX_DICT_MAX 65535        /* dense values of a uint16 column; 0 is "none" */
#define XA_INDEX_INCIDENT_BYTES 28     /* bytes of one incident row over all its columns */

/* Store ids <-> dense uint16 values of a column; dense 0 is id 0 ("none"). */
struct xa_index_dict {
    int64_t *ids; /* ids[dense] */
    size_t n;     /* dense values in use, including 0 */
    size_t cap;
    uint32_t *slot; /* open addressing over ids: dense + 1, 0 = empty */
    size_t n_slots; /* a power of two >= 2 n */
};

struct xa_index_incidents {
    size_t n, cap;
    uint32_t *id;
    int32_t *t, *t_from;
    float *x, *y;
    uint16_t *unit, *grid;
    uint8_t *category, *status, *priority, *channel;
};

struct xa_index {
    bool has_origin;
    double lat0, lon0, cos_lat0; /* the projection's origin */
    struct xa_index_dict units, grids;
    uint8_t category_max; /* largest category stored, so counts can size their keys */
    struct xa_index_incidents inc;
};

/* An empty index without an origin; release with xa_index_release(). */
void xa_index_init(struct xa_index *ix);
void xa_index_release(struct xa_index *ix);

/* Sets the projection's origin (the county centre). Without one, the first located record
 * put sets it. Only before any located record is stored: XA_ECONFLICT after. */
XA_MUST_CHECK int xa_index_set_origin(struct xa_index *ix, double lat, double lon);
/* Metres east (x) and north (y) of the origin. */
void xa_index_project(const struct xa_index *ix, double lat, double lon, float *x, float *y);

/* Seconds since XA_INDEX_T0 as stored (times outside int32 are refused by the puts). */
static inline int64_t xa_index_time(int32_t t)
{
    return XA_INDEX_T0 + t;
}

/* Dense value of a unit or grid id, or -1 when the index has never seen it. */
int32_t xa_index_unit_find(const struct xa_index *ix, int64_t unit_id);
int32_t xa_index_grid_find(const struct xa_index *ix, int64_t grid_id);
/* Store id of a dense value (0 for 0). */
int64_t xa_index_unit_id(const struct xa_index *ix, uint16_t dense);
int64_t xa_index_grid_id(const struct xa_index *ix, uint16_t dense);

/* Makes room for n incidents in all (no-op when there is room). */
void xa_index_incident_reserve(struct xa_index *ix, size_t n);
/* Stores inc (id, unit_id, grid_id, received_at, occurred_at, location, category, status,
 * priority, channel are read; nothing else), replacing the row of the same id if any.
 * XA_EINVAL for an id outside 1..UINT32_MAX, a time outside the int32 range of XA_INDEX_T0,
 * an enum outside 0..255 or no unit; XA_ETOOBIG when a dictionary is full. On failure the
 * index is unchanged. */
XA_MUST_CHECK int xa_index_incident_put(struct xa_index *ix, const struct xa_incident *inc);
/* Row of incident id: XA_ENOTFOUND when absent. */
XA_MUST_CHECK int xa_index_incident_find(const struct xa_index *ix, int64_t id, size_t *out);
/* Changes the status column of incident id in place; XA_ENOTFOUND when absent. */
XA_MUST_CHECK int xa_index_incident_set_status(struct xa_index *ix, int64_t id, int status);

/* Bytes of one row over all the columns of its table (XA_INDEX_INCIDENT_BYTES for incidents). */
size_t xa_index_incident_bytes(void);
/* Bytes the index has allocated for its incident columns (capacity, not only rows). */
size_t xa_index_incident_alloc_bytes(const struct xa_index *ix);
/* Bytes allocated in all: the columns and the dictionaries. */
size_t xa_index_alloc_bytes(const struct xa_index *ix);

#endif
