/*
 * analysis_svc.c - the process's analysis index (load, puts after commits) and CompStat over
 * it or over SQL.
 *
 * State: one index, `loaded` false until the first load. Lock order: commit_mu, then lock.
 * A load builds a new index outside `lock` (holding commit_mu, so no incident commit of this
 * process lands meanwhile) and swaps it in under the write lock. Both CompStat sources end in
 * the same report built the same way (groups sorted by key, all-zero groups dropped), so equal
 * counts give equal reports.
 */
#include "service/analysis_svc.h"

#include "base/log.h"
#include "base/time.h"
#include "core/unit.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PROGRESS_EVERY 65536

static struct {
    pthread_mutex_t commit_mu;
    pthread_rwlock_t lock;
    bool loaded;
    struct xa_index ix;
} g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_RWLOCK_INITIALIZER, false, {0}};

struct loader {
    struct xa_index *ix;
    size_t n, refused, total;
    xa_analysis_progress_fn fn;
    void *arg;
};

static int load_row(void *arg, const struct xa_incident *inc)
{
    struct loader *l = arg;
    if (xa_index_incident_put(l->ix, inc)) {
        if (l->refused++ < 10)
            xa_log(XA_LOG_WARN, "analysis index: incident %lld refused", (long long)inc->id);
    } else {
        l->n++;
    }
    if (l->fn && (l->n + l->refused) % PROGRESS_EVERY == 0)
        l->fn(l->arg, l->n + l->refused, l->total);
    return XA_OK;
}

/* The origin of the projection: the mean of the grid centres (the county's villages and
 * communities); without grids the first located incident sets it (index.h). */
static int set_origin(struct xa_store *s, struct xa_arena *a, struct xa_index *ix)
{
    struct xa_grid *grids;
    size_t n;
    int rc = xa_store_grid_list(s, a, NULL, &grids, &n);
    if (rc || n == 0)
        return rc;
    double lat = 0, lon = 0;
    for (size_t i = 0; i < n; i++) {
        lat += grids[i].center_lat;
        lon += grids[i].center_lon;
    }
    /* a fresh index has no origin to conflict with; bad centres leave it to the first incident */
    return xa_index_set_origin(ix, lat / (double)n, lon / (double)n) == XA_ECONFLICT ? XA_EINTERNAL
                                                                                     : XA_OK;
}

/* Incidents in the store, to size the columns once. */
static int count_incidents(struct xa_store *s, struct xa_arena *a, size_t *out)
{
    struct xa_incident_filter f = {0};
    struct xa_count_row *rows;
    size_t n;
    int rc = xa_store_incident_count(s, a, &f, XA_INCIDENT_BY_STATUS, &rows, &n);
    if (rc)
        return rc;
    *out = 0;
    for (size_t i = 0; i < n; i++)
        *out += (size_t)rows[i].n;
    return XA_OK;
}

int xa_analysis_svc_load(struct xa_store *s, xa_analysis_progress_fn fn, void *arg,
                         struct xa_analysis_load_stats *out)
{
    double t0 = xa_time_mono();
    struct xa_arena a;
    struct xa_index ix;
    xa_arena_init(&a);
    xa_index_init(&ix);
    struct loader l = {.ix = &ix, .fn = fn, .arg = arg};
    pthread_mutex_lock(&g.commit_mu);
    int rc = xa_store_begin(s, false);
    if (rc)
        goto out;
    rc = set_origin(s, &a, &ix);
    if (!rc)
        rc = count_incidents(s, &a, &l.total);
    if (!rc) {
        xa_index_incident_reserve(&ix, l.total + l.total / 16 + 1024);
        if (fn)
            fn(arg, 0, l.total);
        rc = xa_store_incident_scan(s, 0, load_row, &l);
    }
    if (!rc)
        rc = xa_store_commit(s);
    if (rc)
        goto out;
    if (fn && l.n % PROGRESS_EVERY)
        fn(arg, l.n + l.refused, l.total);
    pthread_rwlock_wrlock(&g.lock);
    struct xa_index old = g.ix;
    bool had = g.loaded;
    g.ix = ix;
    g.loaded = true;
    pthread_rwlock_unlock(&g.lock);
    if (had)
        xa_index_release(&old);
    out->n_incidents = l.n;
    out->n_refused = l.refused;
    out->row_bytes = xa_index_incident_bytes();
    out->alloc_bytes = xa_index_incident_alloc_bytes(&ix);
    out->seconds = xa_time_mono() - t0;
    pthread_mutex_unlock(&g.commit_mu);
    xa_arena_release(&a);
    return XA_OK;
out:
    xa_store_rollback(s);
    pthread_mutex_unlock(&g.commit_mu);
    xa_index_release(&ix);
    xa_arena_release(&a);
    return rc;
}

void xa_analysis_svc_unload(void)
{
    pthread_mutex_lock(&g.commit_mu);
    pthread_rwlock_wrlock(&g.lock);
    if (g.loaded)
        xa_index_release(&g.ix);
    g.loaded = false;
    pthread_rwlock_unlock(&g.lock);
    pthread_mutex_unlock(&g.commit_mu);
}

int xa_analysis_svc_commit_incident(struct xa_ctx *ctx, const struct xa_incident *inc)
{
    /* the index follows commits in their order; the wait for the disk is outside the mutex,
     * so concurrent commits share an fsync (store.h, xa_store_commit_visible) */
    pthread_mutex_lock(&g.commit_mu);
    int rc = xa_store_commit_visible(ctx->store);
    if (!rc && g.loaded) {
        pthread_rwlock_wrlock(&g.lock);
        int prc = xa_index_incident_put(&g.ix, inc);
        pthread_rwlock_unlock(&g.lock);
        if (prc)
            xa_log(XA_LOG_WARN, "analysis index: incident %lld refused: %s", (long long)inc->id,
                   xa_strerror(prc));
    }
    pthread_mutex_unlock(&g.commit_mu);
    return rc ? rc : xa_store_commit_durable(ctx->store);
}

/* ---- CompStat ---- */

static int check_request(struct xa_ctx *ctx, const struct xa_compstat_request *q,
                         struct xa_unit *unit)
{
    if (q->period != XA_COMPSTAT_WEEK && q->period != XA_COMPSTAT_MONTH)
        xa_verr_add(&ctx->verr, "period", q->period ? "unknown_value" : "required");
    if (q->by & ~7u)
        xa_verr_add(&ctx->verr, "by", "unknown_value");
    if (q->from && q->to && q->from > q->to)
        xa_verr_add(&ctx->verr, "to", "out_of_range");
    if (q->unit_id) {
        int rc = xa_store_unit_get(ctx->store, ctx->arena, q->unit_id, unit);
        if (rc == XA_ENOTFOUND)
            xa_verr_add(&ctx->verr, "unit", "no_such_unit");
        else if (rc)
            return rc;
        else if (!xa_unit_path_within(unit->path, ctx->actor->scope_path))
            xa_verr_add(&ctx->verr, "unit", "not_in_scope");
    }
    return ctx->verr.n ? XA_EVALIDATION : XA_OK;
}

/* The frame of the report: periods, their bounds and labels. */
static int frame(struct xa_ctx *ctx, const struct xa_compstat_request *q,
                 struct xa_compstat_report *out)
{
    int p = q->period;
    int64_t b1 = xa_compstat_bucket(p, q->to ? q->to : ctx->now);
    int64_t b0 = q->from ? xa_compstat_bucket(p, q->from) : b1 - 11;
    int64_t max = p == XA_COMPSTAT_WEEK ? XA_COMPSTAT_MAX_WEEKS : XA_COMPSTAT_MAX_MONTHS;
    if (b1 < b0)
        return xa_ctx_fail(ctx, XA_EVALIDATION, q->to ? "to" : "from", "out_of_range");
    if (b1 - b0 + 1 > max)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "from", "out_of_range");
    int64_t shift = xa_compstat_shift(p);
    size_t n = (size_t)(b1 - b0 + 1);
    memset(out, 0, sizeof(*out));
    out->period = p;
    out->by = q->by;
    out->n_periods = n;
    out->start = xa_arena_alloc(ctx->arena, (n + 1) * sizeof(*out->start));
    out->last_start = xa_arena_alloc(ctx->arena, (n + 1) * sizeof(*out->last_start));
    out->label = xa_arena_alloc(ctx->arena, n * sizeof(*out->label));
    out->last_label = xa_arena_alloc(ctx->arena, n * sizeof(*out->last_label));
    out->total_now = xa_arena_alloc(ctx->arena, n * sizeof(*out->total_now));
    out->total_last = xa_arena_alloc(ctx->arena, n * sizeof(*out->total_last));
    for (size_t k = 0; k <= n; k++) {
        out->start[k] = xa_compstat_bucket_start(p, b0 + (int64_t)k);
        out->last_start[k] = xa_compstat_bucket_start(p, b0 + (int64_t)k - shift);
        if (k == n)
            break;
        char *l = xa_arena_alloc(ctx->arena, XA_COMPSTAT_LABEL_MAX);
        char *ll = xa_arena_alloc(ctx->arena, XA_COMPSTAT_LABEL_MAX);
        xa_compstat_label(p, b0 + (int64_t)k, l);
        xa_compstat_label(p, b0 + (int64_t)k - shift, ll);
        out->label[k] = l;
        out->last_label[k] = ll;
        out->total_now[k] = out->total_last[k] = 0;
    }
    out->from = out->start[0];
    out->to = out->start[n];
    out->last_from = out->last_start[0];
    out->last_to = out->last_start[n];
    return XA_OK;
}

static int by_key(const void *x, const void *y)
{
    const struct xa_compstat_group *a = x, *b = y;
    if (a->unit_id != b->unit_id)
        return a->unit_id < b->unit_id ? -1 : 1;
    if (a->category != b->category)
        return a->category < b->category ? -1 : 1;
    return (a->grid_id > b->grid_id) - (a->grid_id < b->grid_id);
}

/* Sorts the groups, drops empty ones and adds up the totals. */
static void finish(struct xa_compstat_report *r)
{
    if (r->n_groups > 1)
        qsort(r->groups, r->n_groups, sizeof(*r->groups), by_key);
    size_t kept = 0;
    for (size_t i = 0; i < r->n_groups; i++) {
        struct xa_compstat_group *gr = &r->groups[i];
        gr->total_now = gr->total_last = 0;
        for (size_t k = 0; k < r->n_periods; k++) {
            gr->total_now += gr->now[k];
            gr->total_last += gr->last[k];
            r->total_now[k] += gr->now[k];
            r->total_last[k] += gr->last[k];
        }
        if (gr->total_now || gr->total_last)
            r->groups[kept++] = *gr;
    }
    r->n_groups = kept;
}

static struct xa_compstat_group *new_groups(struct xa_arena *a, size_t n, size_t n_periods)
{
    struct xa_compstat_group *v = xa_arena_alloc(a, (n ? n : 1) * sizeof(*v));
    for (size_t i = 0; i < n; i++) {
        memset(&v[i], 0, sizeof(v[i]));
        v[i].now = xa_arena_alloc(a, n_periods * sizeof(*v[i].now));
        v[i].last = xa_arena_alloc(a, n_periods * sizeof(*v[i].last));
        memset(v[i].now, 0, n_periods * sizeof(*v[i].now));
        memset(v[i].last, 0, n_periods * sizeof(*v[i].last));
    }
    return v;
}

/* Whether a unit of path counts: in the actor's scope and, when one is asked, in its subtree. */
static bool counted(struct xa_ctx *ctx, const struct xa_unit *unit, const char *path)
{
    return xa_unit_path_within(path, ctx->actor->scope_path) &&
           (!unit->id || xa_unit_path_within(path, unit->path));
}

static int from_index(struct xa_ctx *ctx, const struct xa_unit *unit, struct xa_compstat_report *r)
{
    struct xa_unit *units;
    size_t nu;
    int rc = xa_store_unit_list(ctx->store, ctx->arena, &units, &nu);
    if (rc)
        return rc;
    pthread_rwlock_rdlock(&g.lock);
    while (!g.loaded) {
        pthread_rwlock_unlock(&g.lock);
        struct xa_analysis_load_stats st;
        rc = xa_analysis_svc_load(ctx->store, NULL, NULL, &st);
        if (rc)
            return rc;
        pthread_rwlock_rdlock(&g.lock);
    }
    size_t n_ok = g.ix.units.n;
    uint8_t *ok = xa_arena_alloc(ctx->arena, n_ok);
    memset(ok, 0, n_ok);
    for (size_t i = 0; i < nu; i++) {
        int32_t d = xa_index_unit_find(&g.ix, units[i].id);
        if (d > 0 && counted(ctx, unit, units[i].path))
            ok[d] = 1;
    }
    int64_t b0 = xa_compstat_bucket(r->period, r->from);
    struct xa_compstat_query q = {
        .period = r->period,
        .b0 = b0,
        .b1 = b0 + (int64_t)r->n_periods - 1,
        .by = r->by,
        .unit_ok = ok,
        .n_unit_ok = n_ok,
    };
    struct xa_compstat_result res;
    rc = xa_compstat_run(&g.ix, &q, ctx->arena, &res);
    if (!rc) {
        r->groups = new_groups(ctx->arena, res.n_rows, r->n_periods);
        r->n_groups = res.n_rows;
        for (size_t i = 0; i < res.n_rows; i++) {
            struct xa_compstat_group *gr = &r->groups[i];
            gr->unit_id = xa_index_unit_id(&g.ix, res.rows[i].unit);
            gr->grid_id = xa_index_grid_id(&g.ix, res.rows[i].grid);
            gr->category = res.rows[i].category;
            for (size_t k = 0; k < r->n_periods; k++) {
                gr->now[k] = res.rows[i].now[k];
                gr->last[k] = res.rows[i].last[k];
            }
        }
    }
    pthread_rwlock_unlock(&g.lock);
    if (rc == XA_ETOOBIG)
        return xa_ctx_fail(ctx, XA_EVALIDATION, "by", "out_of_range");
    return rc;
}

static int by_row(const void *x, const void *y)
{
    const struct xa_store_compstat_row *a = x, *b = y;
    if (a->unit_id != b->unit_id)
        return a->unit_id < b->unit_id ? -1 : 1;
    if (a->category != b->category)
        return a->category < b->category ? -1 : 1;
    if (a->grid_id != b->grid_id)
        return a->grid_id < b->grid_id ? -1 : 1;
    return (a->period > b->period) - (a->period < b->period);
}

static bool same_group(const struct xa_store_compstat_row *a, const struct xa_store_compstat_row *b)
{
    return a->unit_id == b->unit_id && a->category == b->category && a->grid_id == b->grid_id;
}

static int from_sql(struct xa_ctx *ctx, const struct xa_unit *unit, struct xa_compstat_report *r)
{
    struct xa_store_compstat_query q = {
        .scope_path = ctx->actor->scope_path,
        .unit_id = unit->id,
        .period = r->period,
        .by = r->by,
    };
    /* last year's periods and this year's: one range when they meet, else two */
    int64_t ranges[2][2] = {{r->last_from, r->last_to}, {r->from, r->to}};
    size_t n_ranges = 2;
    if (r->last_to >= r->from) {
        ranges[0][1] = r->to;
        n_ranges = 1;
    }
    struct xa_store_compstat_row *rows[2] = {NULL, NULL};
    size_t n[2] = {0, 0};
    for (size_t i = 0; i < n_ranges; i++) {
        q.from = ranges[i][0];
        q.to = ranges[i][1];
        int rc = xa_store_incident_compstat(ctx->store, ctx->arena, &q, &rows[i], &n[i]);
        if (rc)
            return rc;
    }
    size_t total = n[0] + n[1];
    struct xa_store_compstat_row *all =
        xa_arena_alloc(ctx->arena, (total ? total : 1) * sizeof(*all));
    if (n[0])
        memcpy(all, rows[0], n[0] * sizeof(*all));
    if (n[1])
        memcpy(all + n[0], rows[1], n[1] * sizeof(*all));
    if (n_ranges == 2 && total > 1)
        qsort(all, total, sizeof(*all), by_row);
    size_t n_groups = 0;
    for (size_t i = 0; i < total; i++)
        n_groups += i == 0 || !same_group(&all[i - 1], &all[i]);
    r->groups = new_groups(ctx->arena, n_groups, r->n_periods);
    int64_t b0 = xa_compstat_bucket(r->period, r->from), shift = xa_compstat_shift(r->period);
    int64_t nb = (int64_t)r->n_periods;
    size_t gi = 0;
    for (size_t i = 0; i < total; i++) {
        const struct xa_store_compstat_row *x = &all[i];
        if (i > 0 && !same_group(&all[i - 1], x))
            gi++;
        struct xa_compstat_group *gr = &r->groups[gi];
        gr->unit_id = x->unit_id;
        gr->category = x->category;
        gr->grid_id = x->grid_id;
        int64_t k = x->period - b0;
        if (k >= 0 && k < nb)
            gr->now[k] += x->n;
        k += shift;
        if (k >= 0 && k < nb)
            gr->last[k] += x->n;
    }
    r->n_groups = n_groups;
    return XA_OK;
}

int xa_analysis_svc_compstat(struct xa_ctx *ctx, const struct xa_compstat_request *q, int source,
                             struct xa_compstat_report *out)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_unit unit = {0};
    int rc = check_request(ctx, q, &unit);
    if (rc)
        return rc;
    struct xa_compstat_report r;
    rc = frame(ctx, q, &r);
    if (rc)
        return rc;
    rc = source == XA_ANALYSIS_SQL ? from_sql(ctx, &unit, &r) : from_index(ctx, &unit, &r);
    if (rc)
        return rc;
    finish(&r);
    *out = r;
    return XA_OK;
}
