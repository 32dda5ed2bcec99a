/*
 * grid.h - grids (网格): the villages and communities of a station's area, each owned by one
 * community officer (一村(格)一警, DESIGN §2.5), drawn on the leaders' map (挂图作战).
 *
 * The boundary is a GeoJSON Polygon's coordinates as text, [[[lon,lat],...]] with the ring
 * closed; the centre is kept for labels and quick distance checks.
 */
#ifndef XA_GRID_H
#define XA_GRID_H

#include "base/err.h"

#include <stdint.h>

enum xa_grid_kind {
    XA_GRID_VILLAGE = 1, /* 村 */
    XA_GRID_COMMUNITY,   /* 社区 */
};

struct xa_grid {
    int64_t id;
    int64_t unit_id;       /* the station */
    const char *unit_name; /* joined */
    const char *code;      /* unique: "CG-03" */
    const char *name;      /* "东关村" */
    int kind;              /* enum xa_grid_kind */
    int64_t owner_id;      /* community officer (一格一警); 0 = none yet */
    const char *owner_name; /* joined */
    const char *polygon;   /* GeoJSON Polygon coordinates */
    double center_lat, center_lon;
    int32_t households;
    int32_t population;
};

#endif
