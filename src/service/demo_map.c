/*
 * demo_map.c - the demo county's map: 48 grids (网格) on a jittered lattice around the county
 * seat, their names, places, owners and people, where the planted series happen, and the
 * points and addresses of incidents in them.
 *
 * Invariants:
 *  1. The cells tile the county without gaps or overlaps: neighbours share their jittered
 *     corners and edge midpoints, and each cell stays star-shaped around its middle, so a
 *     point of the middle 40 % of the undistorted cell is always inside its ring.
 *  2. A point drawn in a grid (xa_demo_map_scatter) lies inside its polygon.
 *  3. Grids are named, coded and stored station by station, the cells nearest the centre
 *     first; random draws come from d->rng in that order.
 */
#include "service/demo_int.h"

#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the map ---- */

#define CENTER_LAT 30.60
#define CENTER_LON 114.30

/* The county from north (top) to south; the river runs between columns 3 and 4 (河东 lies
 * east of it). Columns 2-5 of rows 1-4 are the county seat's communities, the rest villages. */
static const char *const county_map[MAP_ROWS] = {
    "LQQQQQQQ", "LLCCHHQQ", "LLCCHHHH", "LLCCHHSS", "LLCCHHSS", "LLSSSSSS",
};
/* Cells are small in the seat and large in the countryside (degrees). */
static const double col_w[MAP_COLS] = {0.07, 0.04, 0.02, 0.012, 0.012, 0.02, 0.04, 0.07};
static const double row_h[MAP_ROWS] = {0.045, 0.02, 0.01, 0.01, 0.02, 0.045};

static const char *const compounds[] = {
    "锦绣花园", "阳光小区",   "金桂苑",   "滨江花园",     "翠竹园",   "丽景苑",   "和平小区",
    "电力宿舍", "粮食局宿舍", "教师新村", "盛世华庭",     "桂花园",   "丰收小区", "御景湾",
    "新城家园", "紫荆苑",     "怡和小区", "百合园",       "名都花园", "学府小区", "龙腾小区",
    "康乐小区", "香樟苑",     "水岸名苑", "书香门第",     "天元小区", "中心花园", "绿洲小区",
    "文化新村", "民生小区",   "中央华府", "东方明珠小区",
};
static const char *const streets[] = {
    "人民路", "解放路", "建设路", "文昌路", "中山路",   "新华路", "滨河路", "光明路",
    "朝阳路", "胜利街", "东风路", "长江路", "青山大道", "府前街", "工业路", "复兴路",
};
static const char *const landmarks[] = {
    "农贸市场", "县人民医院", "实验小学",   "第一中学", "汽车客运站", "中心广场",
    "文化公园", "步行街",     "商业街",     "华联超市", "滨河公园",   "体育馆",
    "县图书馆", "第二中学",   "妇幼保健院", "建材市场",
};

static bool point_in_ring(const double ring[RING_N][2], double lon, double lat)
{
    bool in = false;
    for (int i = 0, j = RING_N - 2; i < RING_N - 1; j = i++) {
        double xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
        if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
            in = !in;
    }
    return in;
}

/* A point inside g near (lat, lon) with spread sigma (degrees); the centre itself when the
 * draws keep falling outside. */
void xa_demo_map_scatter(struct demo *d, const struct grid *g, double lat, double lon, double sigma,
                         double *lat_out, double *lon_out)
{
    for (int tries = 0; tries < 12; tries++) {
        double y = lat + rnd_gauss(&d->rng) * sigma;
        double x = lon + rnd_gauss(&d->rng) * sigma * 1.15; /* a degree of lon is shorter */
        if (point_in_ring(g->ring, x, y)) {
            *lat_out = y;
            *lon_out = x;
            return;
        }
    }
    *lat_out = lat;
    *lon_out = lon;
}

/* A point in the middle 40% of the undistorted cell, which the jitter never reaches. */
static void inner_point(struct demo *d, const struct grid *g, double *lat, double *lon)
{
    *lon = g->x0 + (0.3 + 0.4 * rnd_unit(&d->rng)) * (g->x1 - g->x0);
    *lat = g->y0 + (0.3 + 0.4 * rnd_unit(&d->rng)) * (g->y1 - g->y0);
}

static double jitter(struct demo *d, double span)
{
    return (rnd_unit(&d->rng) * 2.0 - 1.0) * span;
}

static double min_adjacent(const double *w, int n, int i)
{
    double m = 1e9;
    if (i > 0 && w[i - 1] < m)
        m = w[i - 1];
    if (i < n && w[i] < m)
        m = w[i];
    return m;
}

/* Cell boundaries: corners moved by up to 18% and edge midpoints by up to 12% of the smaller
 * neighbouring cell, shared between neighbours, so the cells tile the county without gaps or
 * overlaps and each stays star-shaped around its middle. */
static void lay_cells(struct demo *d, double cell_ring[N_CELLS][RING_N][2],
                      double cell_box[N_CELLS][4])
{
    double xs[MAP_COLS + 1], ys[MAP_ROWS + 1];
    double total_w = 0, total_h = 0;
    for (int i = 0; i < MAP_COLS; i++)
        total_w += col_w[i];
    for (int j = 0; j < MAP_ROWS; j++)
        total_h += row_h[j];
    xs[0] = CENTER_LON - total_w / 2;
    ys[0] = CENTER_LAT - total_h / 2;
    for (int i = 0; i < MAP_COLS; i++)
        xs[i + 1] = xs[i] + col_w[i];
    for (int j = 0; j < MAP_ROWS; j++)
        ys[j + 1] = ys[j] + row_h[j];

    double vx[MAP_COLS + 1][MAP_ROWS + 1], vy[MAP_COLS + 1][MAP_ROWS + 1];
    double hx[MAP_COLS][MAP_ROWS + 1], hy[MAP_COLS][MAP_ROWS + 1];
    double wx[MAP_COLS + 1][MAP_ROWS], wy[MAP_COLS + 1][MAP_ROWS];
    for (int i = 0; i <= MAP_COLS; i++)
        for (int j = 0; j <= MAP_ROWS; j++) {
            vx[i][j] = xs[i] + jitter(d, 0.18 * min_adjacent(col_w, MAP_COLS, i));
            vy[i][j] = ys[j] + jitter(d, 0.18 * min_adjacent(row_h, MAP_ROWS, j));
        }
    for (int i = 0; i < MAP_COLS; i++)
        for (int j = 0; j <= MAP_ROWS; j++) {
            hx[i][j] = (vx[i][j] + vx[i + 1][j]) / 2 + jitter(d, 0.08 * col_w[i]);
            hy[i][j] =
                (vy[i][j] + vy[i + 1][j]) / 2 + jitter(d, 0.12 * min_adjacent(row_h, MAP_ROWS, j));
        }
    for (int i = 0; i <= MAP_COLS; i++)
        for (int j = 0; j < MAP_ROWS; j++) {
            wx[i][j] =
                (vx[i][j] + vx[i][j + 1]) / 2 + jitter(d, 0.12 * min_adjacent(col_w, MAP_COLS, i));
            wy[i][j] = (vy[i][j] + vy[i][j + 1]) / 2 + jitter(d, 0.08 * row_h[j]);
        }
    for (int c = 0; c < MAP_COLS; c++)
        for (int r = 0; r < MAP_ROWS; r++) {
            double(*ring)[2] = cell_ring[r * MAP_COLS + c];
            /* counter-clockwise from the south-west corner (RFC 7946) */
            const double pts[RING_N][2] = {
                {vx[c][r], vy[c][r]},
                {hx[c][r], hy[c][r]},
                {vx[c + 1][r], vy[c + 1][r]},
                {wx[c + 1][r], wy[c + 1][r]},
                {vx[c + 1][r + 1], vy[c + 1][r + 1]},
                {hx[c][r + 1], hy[c][r + 1]},
                {vx[c][r + 1], vy[c][r + 1]},
                {wx[c][r], wy[c][r]},
                {vx[c][r], vy[c][r]},
            };
            memcpy(ring, pts, sizeof(pts));
            double *box = cell_box[r * MAP_COLS + c];
            box[0] = xs[c];
            box[1] = xs[c + 1];
            box[2] = ys[r];
            box[3] = ys[r + 1];
        }
}

struct cell_ref {
    int cell;
    double dist;
};

static int cmp_cell(const void *pa, const void *pb)
{
    const struct cell_ref *a = pa, *b = pb;
    if (a->dist != b->dist)
        return a->dist < b->dist ? -1 : 1;
    return a->cell - b->cell;
}

/* Fisher-Yates over indexes. */
static void shuffle(struct demo *d, size_t *ix, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ix[i] = i;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)rnd_range(&d->rng, 0, (int64_t)i - 1);
        size_t t = ix[i - 1];
        ix[i - 1] = ix[j];
        ix[j] = t;
    }
}

static const char *ring_text(struct xa_arena *a, const double ring[RING_N][2])
{
    char buf[RING_N * 48 + 8];
    size_t n = 0;
    n += (size_t)snprintf(buf + n, sizeof(buf) - n, "[[");
    for (int i = 0; i < RING_N; i++)
        n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s[%.6f,%.6f]", i ? "," : "", ring[i][0],
                              ring[i][1]);
    snprintf(buf + n, sizeof(buf) - n, "]]");
    return xa_arena_strdup(a, buf);
}

/* Where the planted series happen: a compound of the 城关 community nearest the centre, three
 * neighbouring villages of 石门, and the two schools among the landmarks. */
static void pick_series_places(struct demo *d)
{
    for (size_t i = 0; i < d->n_grids && d->ser_cardoor < 0; i++)
        if (d->grid[i].station == 0 && d->grid[i].urban && (int)i != d->hot_ebike)
            d->ser_cardoor = (int)i;
    int first = -1;
    for (size_t i = 0; i < d->n_grids && first < 0; i++)
        if (d->grid[i].station == 4)
            first = (int)i;
    d->ser_dog[0] = first;
    for (int k = 1; k < 3 && first >= 0; k++) {
        int best = -1, best_dist = 1 << 20;
        for (size_t i = 0; i < d->n_grids; i++) {
            const struct grid *g = &d->grid[i], *g0 = &d->grid[first];
            int dist =
                (g->col - g0->col) * (g->col - g0->col) + (g->row - g0->row) * (g->row - g0->row);
            if (g->station != 4 || (int)i == first || (k == 2 && (int)i == d->ser_dog[1]))
                continue;
            if (dist < best_dist) {
                best = (int)i;
                best_dist = dist;
            }
        }
        d->ser_dog[k] = best;
    }
    /* the first two schools still on the map (the night market may have taken one's place) */
    static const char *const schools[] = {"实验小学", "第一中学", "第二中学"};
    int n = 0;
    d->ser_school[0] = d->ser_school[1] = -1;
    for (size_t k = 0; k < N(schools) && n < 2; k++)
        for (size_t i = 0; i < d->n_grids; i++)
            for (int p = 0; p < N_PLACES; p++)
                if (n < 2 && d->grid[i].places[p].name &&
                    !strcmp(d->grid[i].places[p].name, schools[k])) {
                    d->ser_school[n] = (int)i;
                    d->ser_school_place[n++] = p;
                }
}

/* Names the cells of each station (communities nearest the centre first), gives each its
 * places, owner and people, and stores them. */
int xa_demo_map_build(struct demo *d)
{
    struct xa_arena *a = d->ctx->arena;
    double cell_ring[N_CELLS][RING_N][2], cell_box[N_CELLS][4];
    size_t comp_ix[N(compounds)], street_ix[N(streets)], land_ix[N(landmarks)];
    size_t n_comp = 0, n_street = 0, n_land = 0;
    lay_cells(d, cell_ring, cell_box);
    shuffle(d, comp_ix, N(compounds));
    shuffle(d, street_ix, N(streets));
    shuffle(d, land_ix, N(landmarks));

    for (int k = 0; k < N_STATIONS; k++) {
        const struct station_def *def = &xa_demo_svc_stations[k];
        struct cell_ref cells[N_CELLS];
        size_t n_cells = 0, n_comm_names = 0, n_vill_names = 0;
        for (int r = 0; r < MAP_ROWS; r++)
            for (int c = 0; c < MAP_COLS; c++) {
                if (county_map[MAP_ROWS - 1 - r][c] != def->letter)
                    continue;
                int cell = r * MAP_COLS + c;
                double dx = (cell_box[cell][0] + cell_box[cell][1]) / 2 - CENTER_LON;
                double dy = (cell_box[cell][2] + cell_box[cell][3]) / 2 - CENTER_LAT;
                cells[n_cells++] = (struct cell_ref){cell, dx * dx * 0.74 + dy * dy};
            }
        qsort(cells, n_cells, sizeof(cells[0]), cmp_cell);
        for (size_t i = 0; i < n_cells; i++) {
            int cell = cells[i].cell, c = cell % MAP_COLS, r = cell / MAP_COLS;
            struct grid *g = &d->grid[d->n_grids];
            memset(g, 0, sizeof(*g));
            g->station = k;
            g->col = c;
            g->row = r;
            g->urban = c >= 2 && c <= 5 && r >= 1 && r <= 4;
            g->name = g->urban ? def->communities[n_comm_names++] : def->villages[n_vill_names++];
            g->code = xa_arena_printf(a, "%s-%02zu", def->code, i + 1);
            memcpy(g->ring, cell_ring[cell], sizeof(g->ring));
            g->x0 = cell_box[cell][0];
            g->x1 = cell_box[cell][1];
            g->y0 = cell_box[cell][2];
            g->y1 = cell_box[cell][3];
            if (g->urban) {
                g->street = streets[street_ix[n_street++ % N(streets)]];
                g->places[0] = (struct place){PL_COMPOUND, compounds[comp_ix[n_comp++]], 0, 0, 0};
                g->places[1] = (struct place){PL_COMPOUND, compounds[comp_ix[n_comp++]], 0, 0, 0};
                g->places[2] = (struct place){PL_STREET, g->street, 0, 0, 0};
                g->places[3] = (struct place){PL_LANDMARK,
                                              landmarks[land_ix[n_land++ % N(landmarks)]], 0, 0, 0};
                g->households = (int32_t)rnd_range(&d->rng, 1200, 3600);
                g->population = (int32_t)(g->households * (2.5 + 0.5 * rnd_unit(&d->rng)));
            } else {
                g->n_groups = (int)rnd_range(&d->rng, 5, 12);
                g->places[0] = (struct place){PL_CENTRE, NULL, 0, 0, 0};
                int first = (int)rnd_range(&d->rng, 1, g->n_groups);
                for (int p = 1; p < N_PLACES; p++)
                    g->places[p] =
                        (struct place){PL_GROUP, NULL, (first + 3 * p - 1) % g->n_groups + 1, 0, 0};
                g->households = (int32_t)rnd_range(&d->rng, 260, 720);
                g->population = (int32_t)(g->households * (3.1 + 0.7 * rnd_unit(&d->rng)));
            }
            for (int p = 0; p < N_PLACES; p++)
                inner_point(d, g, &g->places[p].lat, &g->places[p].lon);
            if (!strcmp(g->name, "幸福社区")) {
                g->places[0].name = "幸福小区";
                d->hot_cardoor = (int)d->n_grids;
            } else if (!strcmp(g->name, "南街社区")) {
                g->places[3].name = "南门夜市";
                d->hot_ebike = (int)d->n_grids;
            } else if (!strcmp(g->name, "杨树湾村")) {
                d->hot_dispute = (int)d->n_grids;
            }
            const struct station *st = &d->st[k];
            g->owner = st->community[i % st->n_community];
            d->grid_w[d->n_grids] = g->population;
            d->n_grids++;
        }
    }

    pick_series_places(d);
    for (size_t i = 0; i < d->n_grids; i++) {
        struct grid *g = &d->grid[i];
        struct xa_grid row = {
            .unit_id = d->st[g->station].unit.id,
            .code = g->code,
            .name = g->name,
            .kind = g->urban ? XA_GRID_COMMUNITY : XA_GRID_VILLAGE,
            .owner_id = d->off[g->owner].id,
            .polygon = ring_text(a, (const double(*)[2])g->ring),
            .center_lat = (g->y0 + g->y1) / 2,
            .center_lon = (g->x0 + g->x1) / 2,
            .households = g->households,
            .population = g->population,
        };
        int rc = xa_store_grid_put(d->s, &row);
        if (rc)
            return rc;
        g->id = row.id;
        d->sum->n_grids++;
    }
    return XA_OK;
}

/* The phrase for {p} and the address of an incident at place p of grid g. */
void xa_demo_map_describe(struct demo *d, const struct grid *g, const struct place *p,
                          const char **phrase, const char **address)
{
    struct xa_arena *a = &d->tmp;
    const char *town = xa_demo_svc_stations[g->station].town;
    int b = (int)rnd_range(&d->rng, 1, 18), n = (int)rnd_range(&d->rng, 1, 260);
    switch (p->kind) {
    case PL_COMPOUND:
        if (rnd_chance(&d->rng, 0.5)) {
            *phrase = xa_arena_printf(a, "%s%d栋楼下", p->name, b);
            *address = xa_arena_printf(a, "%s%s%d栋门口", town, p->name, b);
        } else {
            *phrase = xa_arena_printf(a, "%s", p->name);
            *address = xa_arena_printf(
                a, "%s%s%d栋%d单元%d%02d室", town, p->name, b, (int)rnd_range(&d->rng, 1, 3),
                (int)rnd_range(&d->rng, 1, 11), (int)rnd_range(&d->rng, 1, 4));
        }
        break;
    case PL_STREET:
        *phrase = xa_arena_printf(a, "%s%d号", p->name, n);
        *address = xa_arena_printf(a, "%s%s%d号", town, p->name, n);
        break;
    case PL_LANDMARK:
        *phrase = xa_arena_printf(a, "%s", p->name);
        *address = xa_arena_printf(a, "%s%s%s", town, g->street, p->name);
        break;
    case PL_CENTRE:
        *phrase = xa_arena_printf(a, "%s村委会", g->name);
        *address = xa_arena_printf(a, "%s%s村委会旁", town, g->name);
        break;
    default:
        *phrase = xa_arena_printf(a, "%s%d组", g->name, p->group);
        *address = xa_arena_printf(a, "%s%s%d组%d号", town, g->name, p->group,
                                   (int)rnd_range(&d->rng, 1, 60));
        break;
    }
}
