/*
 * linkage_svc.c - series linkage use cases over analysis/linkage*: the server's index of cases
 * (loaded at start, kept current after each case write), similar cases with their reasons,
 * suggestions stored as clues, training on the confirmed series, evaluation on the demo.
 *
 * Invariants: the index state g is read and written under g.mu only; positions of g.rec never
 * move (a changed case is rewritten in place and marked dirty until the next rebuild; g.pos
 * finds a case's position by id), and the index covers rec[0, n_ix): the dirty positions
 * (listed in g.dirty_pos) and the newer ones are scored by brute force, so a query equals a
 * scan of every current record and costs the index's time plus at most REBUILD_AT scores. A
 * suggestion is one transaction with its audit row.
 */
#include "service/linkage_svc.h"

#include "analysis/linkage_index.h"
#include "base/idmap.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/time.h"
#include "core/case.h"
#include "core/unit.h"
#include "store/store_demo.h"
#include "store/store_series.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REBUILD_AT 256 /* dirty + appended records that trigger a rebuild of the index */
#define MO_CODE_MAX 32
#define SENTENCE_DIST_M 5000 /* a sentence names the distance below this */
#define SENTENCE_DAYS 60     /* and the days apart below this */

static const struct {
    const char *zh, *en;
} labels[XA_LINKAGE_NF] = {
    [XA_LINKAGE_F_DIST] = {"距离", "distance"},
    [XA_LINKAGE_F_DAYS] = {"时间间隔", "days apart"},
    [XA_LINKAGE_F_TOD] = {"作案时段", "time of day"},
    [XA_LINKAGE_F_WEEKDAY] = {"星期", "weekday"},
    [XA_LINKAGE_F_TYPE] = {"同类案件", "same type"},
    [XA_LINKAGE_F_PARENT] = {"同大类", "same category"},
    [XA_LINKAGE_F_MO] = {"共同手段", "shared MO"},
    [XA_LINKAGE_F_MO_DIFF] = {"不同手段", "different MO"},
    [XA_LINKAGE_F_PROPERTY] = {"被盗财物", "property taken"},
    [XA_LINKAGE_F_SUSPECT] = {"嫌疑人特征", "suspect descriptors"},
};

/* How case fields become records: MO codes to bits, names for the reasons, the origin. */
struct mapping {
    size_t n_mo;
    char mo_code[XA_LINKAGE_MO_MAX][MO_CODE_MAX];
    char *mo_zh[XA_LINKAGE_MO_MAX];
    size_t n_types;
    int64_t *type_id;
    char **type_zh;
    bool has_origin;
    double lat0, lon0;
};

static struct {
    pthread_mutex_t mu;
    bool loaded;
    struct xa_linkage_model_info model;
    struct mapping map;
    struct xa_linkage_rec *rec;
    int64_t *unit; /* unit of each record */
    uint8_t *dirty;
    uint32_t *dirty_pos; /* the n_dirty positions with dirty set */
    struct xa_idmap pos; /* case id -> position in rec */
    size_t n, cap, n_ix, n_dirty;
    struct xa_linkage_index *ix;
} g = {.mu = PTHREAD_MUTEX_INITIALIZER};

void xa_linkage_svc_rec_set_mo(struct xa_linkage_rec *r, unsigned t)
{
    xa_linkage_rec_set_mo(r, t);
}

int xa_linkage_svc_eval(const struct xa_linkage_rec *r, size_t n,
                        const struct xa_linkage_offence *links, size_t n_links,
                        const struct xa_linkage_eval_opts *opts, struct xa_linkage_eval_result *out)
{
    return xa_linkage_eval_run(r, n, links, n_links, opts, out);
}

/* ---- mapping cases to records ---- */

static void mapping_release(struct mapping *m)
{
    for (size_t i = 0; i < m->n_mo; i++)
        free(m->mo_zh[i]);
    for (size_t i = 0; i < m->n_types; i++)
        free(m->type_zh[i]);
    free(m->type_id);
    free(m->type_zh);
    memset(m, 0, sizeof(*m));
}

static int mapping_load(struct xa_store *s, struct xa_arena *a, struct mapping *m)
{
    struct xa_mo_tag *tags;
    struct xa_case_type *types;
    size_t n_tags, n_types;
    int rc = xa_store_case_mo_tag_list(s, a, &tags, &n_tags);
    if (!rc)
        rc = xa_store_case_type_list(s, a, &types, &n_types);
    if (rc)
        return rc;
    memset(m, 0, sizeof(*m));
    for (size_t i = 0; i < n_tags && m->n_mo < XA_LINKAGE_MO_MAX; i++) {
        snprintf(m->mo_code[m->n_mo], MO_CODE_MAX, "%s", tags[i].code);
        m->mo_zh[m->n_mo++] = xa_xstrdup(tags[i].name_zh ? tags[i].name_zh : tags[i].code);
    }
    m->type_id = xa_xmalloc((n_types + 1) * sizeof(*m->type_id));
    m->type_zh = xa_xmalloc((n_types + 1) * sizeof(*m->type_zh));
    for (size_t i = 0; i < n_types; i++) {
        m->type_id[i] = types[i].id;
        m->type_zh[i] = xa_xstrdup(types[i].name_zh ? types[i].name_zh : types[i].code);
    }
    m->n_types = n_types;
    return XA_OK;
}

static int mo_bit(const struct mapping *m, const char *code, size_t len)
{
    for (size_t i = 0; i < m->n_mo; i++)
        if (strlen(m->mo_code[i]) == len && memcmp(m->mo_code[i], code, len) == 0)
            return (int)i;
    return -1;
}

static const char *type_zh(const struct mapping *m, int64_t id)
{
    for (size_t i = 0; i < m->n_types; i++)
        if (m->type_id[i] == id)
            return m->type_zh[i];
    return "?";
}

/* The record of case c (false when it has no location). */
static bool to_rec(struct mapping *m, const struct xa_linkage_case *c, struct xa_linkage_rec *r)
{
    if (!c->has_location || !isfinite(c->lat) || !isfinite(c->lon))
        return false;
    if (!m->has_origin) {
        m->has_origin = true;
        m->lat0 = c->lat;
        m->lon0 = c->lon;
    }
    memset(r, 0, sizeof(*r));
    r->id = c->id;
    xa_linkage_project(m->lat0, m->lon0, c->lat, c->lon, &r->x, &r->y);
    r->t_from = c->window_from ? c->window_from : c->reported_at;
    r->t_to = c->window_to ? c->window_to : r->t_from;
    if (r->t_to < r->t_from)
        r->t_to = r->t_from;
    r->type = (uint16_t)(c->type_id > 0 && c->type_id < 65536 ? c->type_id : 0);
    r->parent = (uint16_t)(c->parent_id > 0 && c->parent_id < 65536 ? c->parent_id : 0);
    for (const char *p = c->mo_tags; p && *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int bit = mo_bit(m, p, len);
        if (bit >= 0)
            xa_linkage_rec_set_mo(r, (unsigned)bit);
        p = e ? e + 1 : p + len;
    }
    r->prop = c->property;
    r->suspect[XA_LINKAGE_SUSPECT_SEX] = (uint8_t)c->suspect_sex;
    r->suspect[XA_LINKAGE_SUSPECT_GROUP] = (uint8_t)(c->n_suspects > 3 ? 3 : c->n_suspects);
    return true;
}

/* ---- the model as text: "intercept V", "w NAME V", "mo CODE V" lines ---- */

static char *model_format(const struct mapping *m, const struct xa_linkage_model *md)
{
    size_t cap = 4096 + m->n_mo * 64, len = 0;
    char *s = xa_xmalloc(cap);
    len += (size_t)snprintf(s + len, cap - len, "intercept %.17g\n", md->intercept);
    for (int j = 0; j < XA_LINKAGE_NF; j++)
        len += (size_t)snprintf(s + len, cap - len, "w %s %.17g\n", xa_linkage_feature_name(j),
                                md->w[j]);
    for (size_t t = 0; t < m->n_mo; t++)
        len +=
            (size_t)snprintf(s + len, cap - len, "mo %s %.17g\n", m->mo_code[t], md->mo_rarity[t]);
    return s;
}

static int model_parse(const struct mapping *m, const char *text, struct xa_linkage_model *out)
{
    xa_linkage_model_default(out);
    memset(out->mo_rarity, 0, sizeof(out->mo_rarity));
    double fallback = 1.0;
    for (const char *p = text; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char line[160], name[64];
        double v;
        snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) ? len : sizeof(line) - 1), p);
        if (sscanf(line, "intercept %lf", &v) == 1) {
            out->intercept = v;
        } else if (sscanf(line, "w %63s %lf", name, &v) == 2) {
            for (int j = 0; j < XA_LINKAGE_NF; j++)
                if (!strcmp(name, xa_linkage_feature_name(j)))
                    out->w[j] = v;
        } else if (sscanf(line, "mo %63s %lf", name, &v) == 2) {
            int bit = mo_bit(m, name, strlen(name));
            if (bit >= 0)
                out->mo_rarity[bit] = v;
            if (v > fallback)
                fallback = v;
        } else if (len) {
            return XA_EINVAL;
        }
        p = e ? e + 1 : p + len;
    }
    /* a tag added after training is as rare as the rarest seen */
    for (size_t t = 0; t < XA_LINKAGE_MO_MAX; t++)
        if (out->mo_rarity[t] <= 0)
            out->mo_rarity[t] = fallback;
    return XA_OK;
}

static void model_load(struct xa_store *s, struct xa_arena *a, const struct mapping *m,
                       struct xa_linkage_model_info *out)
{
    struct xa_linkage_model_row row;
    memset(out, 0, sizeof(*out));
    xa_linkage_model_default(&out->model);
    if (xa_store_linkage_model_latest(s, a, &row) || model_parse(m, row.model, &out->model)) {
        xa_linkage_model_default(&out->model);
        return;
    }
    out->trained = true;
    out->version = row.version;
    out->trained_at = row.trained_at;
    out->n_pairs = row.n_pairs;
    out->n_linked = row.n_linked;
    out->model.n_pairs = (size_t)row.n_pairs;
    out->model.n_linked = (size_t)row.n_linked;
}

/* ---- the index (g.mu held) ---- */

static void state_free(void)
{
    xa_linkage_index_free(g.ix);
    free(g.rec);
    free(g.unit);
    free(g.dirty);
    free(g.dirty_pos);
    xa_idmap_clear(&g.pos);
    mapping_release(&g.map);
    g.ix = NULL;
    g.rec = NULL;
    g.unit = NULL;
    g.dirty = NULL;
    g.dirty_pos = NULL;
    g.n = g.cap = g.n_ix = g.n_dirty = 0;
    g.loaded = false;
}

static void rebuild(void)
{
    xa_linkage_index_free(g.ix);
    g.ix = xa_linkage_index_new(g.rec, g.n);
    g.n_ix = g.n;
    for (size_t i = 0; i < g.n_dirty; i++)
        g.dirty[g.dirty_pos[i]] = 0;
    g.n_dirty = 0;
}

static void put_rec(const struct xa_linkage_rec *r, int64_t unit)
{
    uint32_t i;
    if (xa_idmap_get(&g.pos, r->id, &i)) {
        g.rec[i] = *r;
        g.unit[i] = unit;
        if (i < g.n_ix && !g.dirty[i]) {
            g.dirty[i] = 1;
            g.dirty_pos[g.n_dirty++] = i;
        }
        return;
    }
    if (g.n == g.cap) {
        size_t cap = g.cap ? g.cap * 2 : 1024;
        g.rec = xa_xrealloc(g.rec, cap * sizeof(*g.rec));
        g.unit = xa_xrealloc(g.unit, cap * sizeof(*g.unit));
        g.dirty = xa_xrealloc(g.dirty, cap);
        g.dirty_pos = xa_xrealloc(g.dirty_pos, cap * sizeof(*g.dirty_pos));
        memset(g.dirty + g.cap, 0, cap - g.cap);
        g.cap = cap;
    }
    xa_idmap_put(&g.pos, r->id, (uint32_t)g.n);
    g.rec[g.n] = *r;
    g.unit[g.n++] = unit;
}

static const struct xa_linkage_rec *find_rec(int64_t id, size_t *pos)
{
    uint32_t i;
    if (!xa_idmap_get(&g.pos, id, &i))
        return NULL;
    if (pos)
        *pos = i;
    return &g.rec[i];
}

/* Brute-force hit of position i for q, unless it is q's own record. */
static void add_scored(const struct xa_linkage_rec *q, size_t i, struct xa_linkage_hit *h,
                       size_t *n_hit)
{
    if (g.rec[i].id != q->id)
        h[(*n_hit)++] = (struct xa_linkage_hit){
            g.rec[i].id, (uint32_t)i, xa_linkage_score(&g.model.model, q, &g.rec[i], NULL)};
}

static int hit_cmp(const void *x, const void *y)
{
    const struct xa_linkage_hit *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->id < b->id ? -1 : a->id > b->id;
}

/* The best k current records for q (q itself excluded) into out (k slots). */
static size_t topk(const struct xa_linkage_rec *q, size_t k, struct xa_linkage_hit *out)
{
    if (g.n - g.n_ix + g.n_dirty > REBUILD_AT)
        rebuild();
    size_t want = k + g.n_dirty, n_hit = 0;
    struct xa_linkage_hit *h = xa_xmalloc((want + g.n - g.n_ix + g.n_dirty + 1) * sizeof(*h));
    size_t got = g.ix ? xa_linkage_index_topk(g.ix, &g.model.model, q, want, h) : 0;
    for (size_t i = 0; i < got; i++)
        if (!g.dirty[h[i].pos])
            h[n_hit++] = h[i];
    for (size_t i = 0; i < g.n_dirty; i++)
        add_scored(q, g.dirty_pos[i], h, &n_hit);
    for (size_t i = g.n_ix; i < g.n; i++)
        add_scored(q, i, h, &n_hit);
    qsort(h, n_hit, sizeof(*h), hit_cmp);
    if (n_hit > k)
        n_hit = k;
    memcpy(out, h, n_hit * sizeof(*h));
    free(h);
    return n_hit;
}

int xa_linkage_svc_load(const char *target)
{
    struct xa_store *s = NULL;
    struct xa_arena a;
    xa_arena_init(&a);
    int rc = xa_store_open(target, &s);
    struct xa_linkage_case *cases = NULL;
    size_t n = 0;
    double t0 = xa_time_mono();
    pthread_mutex_lock(&g.mu);
    state_free();
    if (!rc)
        rc = xa_store_begin(s, false);
    if (!rc)
        rc = mapping_load(s, &a, &g.map);
    if (!rc)
        rc = xa_store_linkage_cases(s, &a, 0, &cases, &n);
    if (!rc) {
        model_load(s, &a, &g.map, &g.model);
        for (size_t i = 0; i < n; i++) {
            struct xa_linkage_rec r;
            if (to_rec(&g.map, &cases[i], &r))
                put_rec(&r, cases[i].unit_id);
        }
        rebuild();
        g.loaded = true;
        xa_log(XA_LOG_INFO, "linkage: %zu cases indexed in %.2f s, %zu bytes per case, %s model",
               g.n, xa_time_mono() - t0, g.n ? xa_linkage_index_bytes(g.ix) / g.n : 0,
               g.model.trained ? "trained" : "default");
    }
    if (s)
        xa_store_rollback(s);
    pthread_mutex_unlock(&g.mu);
    xa_store_close(s);
    xa_arena_release(&a);
    return rc;
}

void xa_linkage_svc_unload(void)
{
    pthread_mutex_lock(&g.mu);
    state_free();
    pthread_mutex_unlock(&g.mu);
}

void xa_linkage_svc_model(struct xa_linkage_model_info *out)
{
    pthread_mutex_lock(&g.mu);
    if (g.loaded) {
        *out = g.model;
    } else {
        memset(out, 0, sizeof(*out));
        xa_linkage_model_default(&out->model);
    }
    pthread_mutex_unlock(&g.mu);
}

/* ---- reasons (g.mu held) ---- */

static const char *join_mo(struct xa_arena *a, const struct xa_linkage_rec *p,
                           const struct xa_linkage_rec *q, bool zh)
{
    char *s = xa_arena_strdup(a, "");
    for (size_t t = 0; t < g.map.n_mo; t++)
        if (xa_linkage_rec_has_mo(p, (unsigned)t) && xa_linkage_rec_has_mo(q, (unsigned)t))
            s = xa_arena_printf(a, "%s%s%s", s, *s ? (zh ? "、" : ", ") : "",
                                zh ? g.map.mo_zh[t] : g.map.mo_code[t]);
    return s;
}

static bool is_night(const struct xa_linkage_rec *r)
{
    int64_t mid = r->t_from + (r->t_to - r->t_from) / 2 + XA_TIME_CN_OFFSET;
    int h = (int)(((mid % 86400) + 86400) % 86400 / 3600);
    return h >= 19 || h < 6;
}

static int reason_cmp(const void *x, const void *y)
{
    const struct xa_linkage_reason *a = x, *b = y;
    if (a->contribution != b->contribution)
        return a->contribution > b->contribution ? -1 : 1;
    return a->feature - b->feature;
}

static void explain(struct xa_arena *a, const struct xa_linkage_rec *p,
                    const struct xa_linkage_rec *q, struct xa_linkage_match *out)
{
    double f[XA_LINKAGE_NF], c[XA_LINKAGE_NF];
    xa_linkage_features(&g.model.model, p, q, f);
    out->case_id = q->id;
    out->score = xa_linkage_score(&g.model.model, p, q, c);
    out->probability = xa_linkage_prob(out->score);
    for (int j = 0; j < XA_LINKAGE_NF; j++) {
        struct xa_linkage_reason *r = &out->reasons[j];
        r->feature = j;
        r->name = xa_linkage_feature_name(j);
        r->label_zh = labels[j].zh;
        r->label_en = labels[j].en;
        r->contribution = round(c[j] * 1000) / 1000;
        double v = f[j];
        switch (j) {
        case XA_LINKAGE_F_DIST: {
            double d = 100.0 * expm1(v);
            if (d < 1000) {
                r->value_text = xa_arena_printf(a, "相距 %.0f 米", d);
                r->value_text_en = xa_arena_printf(a, "%.0f m apart", d);
            } else {
                r->value_text = xa_arena_printf(a, "相距 %.1f 公里", d / 1000);
                r->value_text_en = xa_arena_printf(a, "%.1f km apart", d / 1000);
            }
            break;
        }
        case XA_LINKAGE_F_DAYS: {
            double d = round(expm1(v));
            r->value_text =
                xa_arena_printf(a, "间隔 %.0f %s", d, is_night(p) && is_night(q) ? "晚" : "天");
            r->value_text_en = xa_arena_printf(a, "%.0f days apart", d);
            break;
        }
        case XA_LINKAGE_F_TOD:
            r->value_text = xa_arena_printf(a, "作案时段重合 %.0f%%", v * 100);
            r->value_text_en = xa_arena_printf(a, "hours overlap %.0f%%", v * 100);
            break;
        case XA_LINKAGE_F_WEEKDAY:
            r->value_text = xa_arena_printf(a, "星期重合 %.0f%%", v * 100);
            r->value_text_en = xa_arena_printf(a, "weekdays overlap %.0f%%", v * 100);
            break;
        case XA_LINKAGE_F_TYPE:
            r->value_text =
                v > 0 ? xa_arena_printf(a, "同为%s", type_zh(&g.map, p->type)) : "类别不同";
            r->value_text_en = v > 0 ? "same type" : "different type";
            break;
        case XA_LINKAGE_F_PARENT:
            r->value_text = v > 0 ? xa_arena_printf(a, "同属%s", type_zh(&g.map, p->parent)) : "—";
            r->value_text_en = v > 0 ? "same category" : "—";
            break;
        case XA_LINKAGE_F_MO:
            r->value_text = join_mo(a, p, q, true);
            r->value_text_en = join_mo(a, p, q, false);
            if (!*r->value_text)
                r->value_text = r->value_text_en = "—";
            break;
        case XA_LINKAGE_F_MO_DIFF:
            r->value_text = xa_arena_printf(a, "%.0f 项手段不同", v);
            r->value_text_en = xa_arena_printf(a, "%.0f MO tags differ", v);
            break;
        case XA_LINKAGE_F_PROPERTY:
            r->value_text = xa_arena_printf(a, "被盗财物类别重合 %.0f%%", v * 100);
            r->value_text_en = xa_arena_printf(a, "property classes overlap %.0f%%", v * 100);
            break;
        default:
            r->value_text = xa_arena_printf(a, "嫌疑人特征 %+.0f", v);
            r->value_text_en = xa_arena_printf(a, "suspect descriptors %+.0f", v);
            break;
        }
    }
    qsort(out->reasons, XA_LINKAGE_NF, sizeof(out->reasons[0]), reason_cmp);
    /* place and time first when near (an officer reads them before anything else), then
     * every other feature that speaks for a link */
    char *s = xa_arena_strdup(a, "可能同一作案人: ");
    bool first = true;
    bool near[XA_LINKAGE_NF] = {0};
    near[XA_LINKAGE_F_DIST] = 100.0 * expm1(f[XA_LINKAGE_F_DIST]) < SENTENCE_DIST_M;
    near[XA_LINKAGE_F_DAYS] = expm1(f[XA_LINKAGE_F_DAYS]) < SENTENCE_DAYS;
    for (int pass = 0; pass < 2; pass++)
        for (int j = 0; j < XA_LINKAGE_NF; j++) {
            const struct xa_linkage_reason *r = &out->reasons[j];
            bool is_near = near[r->feature];
            if (pass == 0 ? !is_near : (is_near || r->contribution <= 0))
                continue;
            s = xa_arena_printf(a, "%s%s%s%s%s", s, first ? "" : ", ",
                                r->feature == XA_LINKAGE_F_MO ? r->label_zh : "",
                                r->feature == XA_LINKAGE_F_MO ? ": " : "", r->value_text);
            first = false;
        }
    out->sentence = s;
}

/* ---- suggestions ---- */

/* JSON text of s with quotes and backslashes escaped (our own words and vocabulary names). */
static const char *json_text(struct xa_arena *a, const char *s)
{
    size_t n = strlen(s);
    char *o = xa_arena_alloc(a, 2 * n + 3), *p = o;
    *p++ = '"';
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            *p++ = '\\';
        *p++ = (unsigned char)*s < 0x20 ? ' ' : *s;
    }
    *p++ = '"';
    *p = '\0';
    return o;
}

static const char *reasons_json(struct xa_arena *a, const struct xa_linkage_match *m)
{
    char *s = xa_arena_strdup(a, "[");
    for (int j = 0; j < XA_LINKAGE_NF; j++) {
        const struct xa_linkage_reason *r = &m->reasons[j];
        s = xa_arena_printf(a,
                            "%s%s{\"feature\":\"%s\",\"label_zh\":%s,\"label_en\":%s,"
                            "\"value_text\":%s,\"value_text_en\":%s,\"contribution\":%.3f}",
                            s, j ? "," : "", r->name, json_text(a, r->label_zh),
                            json_text(a, r->label_en), json_text(a, r->value_text),
                            json_text(a, r->value_text_en), r->contribution);
    }
    return xa_arena_printf(a, "%s]", s);
}

/* Whether the pair may still be proposed: no linkage clue, not in one series, not rejected. */
static int proposable(struct xa_ctx *ctx, int64_t a, int64_t b, bool *out)
{
    bool has;
    int rc = xa_store_clue_pair_exists(ctx->store, a, b, &has);
    if (rc || has) {
        *out = false;
        return rc;
    }
    rc = xa_store_linkage_reject_exists(ctx->store, a, b, &has);
    if (rc || has) {
        *out = false;
        return rc;
    }
    int64_t sa = 0, sb = 0;
    rc = xa_store_series_member_of(ctx->store, a, &sa);
    if (rc && rc != XA_ENOTFOUND)
        return rc;
    rc = xa_store_series_member_of(ctx->store, b, &sb);
    if (rc && rc != XA_ENOTFOUND)
        return rc;
    *out = !(sa && sa == sb);
    return XA_OK;
}

int xa_linkage_svc_case_changed(struct xa_ctx *ctx, int64_t case_id)
{
    struct xa_linkage_case *rows;
    size_t n_rows;
    struct xa_linkage_match m[XA_LINKAGE_SUGGEST_K];
    size_t n_m = 0;
    pthread_mutex_lock(&g.mu);
    if (!g.loaded) {
        pthread_mutex_unlock(&g.mu);
        return XA_OK;
    }
    int rc = xa_store_linkage_cases(ctx->store, ctx->arena, case_id, &rows, &n_rows);
    struct xa_linkage_rec r;
    if (!rc && n_rows == 1 && to_rec(&g.map, &rows[0], &r)) {
        put_rec(&r, rows[0].unit_id);
        struct xa_linkage_hit h[XA_LINKAGE_SUGGEST_K];
        size_t n_h = topk(&r, XA_LINKAGE_SUGGEST_K, h);
        for (size_t i = 0; i < n_h; i++)
            if (xa_linkage_prob(h[i].score) >= XA_LINKAGE_SUGGEST_MIN_P)
                explain(ctx->arena, &r, &g.rec[h[i].pos], &m[n_m++]);
    }
    pthread_mutex_unlock(&g.mu);
    if (rc || !n_m)
        return rc;

    struct xa_case c;
    rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = xa_store_case_get(ctx->store, ctx->arena, case_id, &c);
    for (size_t i = 0; !rc && i < n_m; i++) {
        bool ok;
        rc = proposable(ctx, case_id, m[i].case_id, &ok);
        if (rc || !ok)
            continue;
        struct xa_clue k = {
            .kind = XA_CLUE_LINKAGE,
            .source = XA_CLUE_ANALYSIS,
            .status = XA_CLUE_OPEN,
            .content = m[i].sentence,
            .case_id = case_id,
            .other_id = m[i].case_id,
            .score = m[i].score,
            .reasons = reasons_json(ctx->arena, &m[i]),
            .unit_id = c.unit_id,
            .assignee_id = c.owner_id,
            .created_at = ctx->now,
            .assigned_at = c.owner_id ? ctx->now : 0,
        };
        rc = xa_store_clue_put(ctx->store, &k);
        if (!rc)
            rc = xa_ctx_audit(ctx, "clue.suggest", "clue", k.id, NULL,
                              xa_arena_printf(ctx->arena, "{\"case_id\":%lld,\"other_id\":%lld}",
                                              (long long)case_id, (long long)m[i].case_id));
    }
    return xa_ctx_finish(ctx, rc);
}

/* ---- similar cases ---- */

/* The candidate's case, series and clue of the pair with case_id (in series own). */
static int decorate(struct xa_ctx *ctx, int64_t case_id, int64_t own, struct xa_linkage_match *m)
{
    int rc = xa_store_case_get(ctx->store, ctx->arena, m->case_id, &m->c);
    if (!rc) {
        rc = xa_store_series_member_of(ctx->store, m->case_id, &m->series_id);
        if (rc == XA_ENOTFOUND) {
            m->series_id = 0;
            rc = XA_OK;
        }
    }
    if (!rc && m->series_id) {
        struct xa_series s;
        rc = xa_store_series_get(ctx->store, ctx->arena, m->series_id, &s);
        if (!rc) {
            m->series_code = s.code;
            m->series_name = s.name;
        }
    }
    m->same_series = own && own == m->series_id;
    struct xa_clue_filter f = {.case_id = case_id, .kind = XA_CLUE_LINKAGE, .per_page = 200};
    struct xa_clue *v;
    size_t n;
    int64_t total;
    if (!rc)
        rc = xa_store_clue_list(ctx->store, ctx->arena, &f, &v, &n, &total);
    for (size_t i = 0; !rc && i < n; i++)
        if (v[i].case_id == m->case_id || v[i].other_id == m->case_id)
            m->clue_id = v[i].id;
    if (!rc)
        rc = xa_store_linkage_reject_exists(ctx->store, case_id, m->case_id, &m->rejected);
    return rc;
}

int xa_linkage_svc_similar(struct xa_ctx *ctx, int64_t case_id, size_t k, double min_p,
                           struct xa_linkage_match **out, size_t *n, size_t *n_hidden)
{
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    struct xa_case c;
    int rc = xa_store_case_get(ctx->store, ctx->arena, case_id, &c);
    bool ok = false;
    if (!rc)
        rc = xa_ctx_unit_visible(ctx, c.unit_id, NULL, &ok);
    if (rc == XA_ENOTFOUND || (!rc && !ok))
        return xa_ctx_fail(ctx, XA_ENOTFOUND, NULL, "not_found");
    if (rc)
        return rc;
    struct xa_linkage_hit *h = xa_xmalloc(XA_LINKAGE_SIMILAR_POOL * sizeof(*h));
    struct xa_linkage_rec q;
    int64_t *units = xa_arena_alloc(ctx->arena, XA_LINKAGE_SIMILAR_POOL * sizeof(int64_t));
    struct xa_linkage_rec *cand =
        xa_arena_alloc(ctx->arena, XA_LINKAGE_SIMILAR_POOL * sizeof(*cand));
    size_t n_h = 0;
    pthread_mutex_lock(&g.mu);
    const struct xa_linkage_rec *self = g.loaded ? find_rec(case_id, NULL) : NULL;
    if (self) {
        q = *self;
        n_h = topk(&q, XA_LINKAGE_SIMILAR_POOL, h);
        for (size_t i = 0; i < n_h; i++) {
            units[i] = g.unit[h[i].pos];
            cand[i] = g.rec[h[i].pos];
        }
    }
    pthread_mutex_unlock(&g.mu);
    struct xa_linkage_match *res = xa_arena_alloc(ctx->arena, (k + 1) * sizeof(*res));
    size_t got = 0, hidden = 0;
    for (size_t i = 0; !rc && i < n_h; i++) {
        double p = xa_linkage_prob(h[i].score);
        bool vis = false;
        rc = xa_ctx_unit_visible(ctx, units[i], NULL, &vis);
        if (rc)
            break;
        if (!vis) {
            hidden += p >= XA_LINKAGE_SUGGEST_MIN_P;
            continue;
        }
        if (got < k && p >= min_p) {
            pthread_mutex_lock(&g.mu);
            explain(ctx->arena, &q, &cand[i], &res[got++]);
            pthread_mutex_unlock(&g.mu);
        }
    }
    free(h);
    int64_t own = 0;
    if (!rc) {
        rc = xa_store_series_member_of(ctx->store, case_id, &own);
        rc = rc == XA_ENOTFOUND ? XA_OK : rc;
    }
    for (size_t i = 0; !rc && i < got; i++)
        rc = decorate(ctx, case_id, own, &res[i]);
    if (rc)
        return rc;
    *out = res;
    *n = got;
    *n_hidden = hidden;
    return XA_OK;
}

int xa_linkage_svc_pair(struct xa_ctx *ctx, int64_t a, int64_t b, struct xa_linkage_match *out)
{
    int rc = XA_ENOTFOUND;
    pthread_mutex_lock(&g.mu);
    const struct xa_linkage_rec *p = g.loaded ? find_rec(a, NULL) : NULL;
    const struct xa_linkage_rec *q = g.loaded ? find_rec(b, NULL) : NULL;
    if (p && q) {
        explain(ctx->arena, p, q, out);
        rc = XA_OK;
    }
    pthread_mutex_unlock(&g.mu);
    return rc;
}

/* ---- training and evaluation ---- */

/* Located cases of the store as records (same order as the store: by id). */
static int load_recs(struct xa_ctx *ctx, struct mapping *m, struct xa_linkage_rec **out, size_t *n)
{
    struct xa_linkage_case *rows;
    size_t n_rows;
    int rc = mapping_load(ctx->store, ctx->arena, m);
    if (!rc)
        rc = xa_store_linkage_cases(ctx->store, ctx->arena, 0, &rows, &n_rows);
    if (rc)
        return rc;
    struct xa_linkage_rec *r = xa_arena_alloc(ctx->arena, (n_rows + 1) * sizeof(*r));
    size_t k = 0;
    for (size_t i = 0; i < n_rows; i++)
        k += to_rec(m, &rows[i], &r[k]);
    *out = r;
    *n = k;
    return XA_OK;
}

static long pos_of(const struct xa_linkage_rec *r, size_t n, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && r[lo].id == id ? (long)lo : -1;
}

int xa_linkage_svc_train(struct xa_ctx *ctx, uint64_t seed, struct xa_linkage_model_info *out)
{
    struct mapping m;
    struct xa_linkage_rec *r;
    size_t n;
    struct xa_series_member *mem;
    size_t n_mem;
    int64_t total;
    memset(&m, 0, sizeof(m));
    int rc = xa_store_begin(ctx->store, true);
    if (rc)
        return rc;
    rc = load_recs(ctx, &m, &r, &n);
    if (!rc) {
        struct xa_series_filter f = {.per_page = 200};
        /* every membership: page through the whole ledger */
        rc = xa_store_series_member_list(ctx->store, ctx->arena, 0, &f, &mem, &n_mem, &total);
        struct xa_series_member *all =
            xa_arena_alloc(ctx->arena, ((size_t)total + 1) * sizeof(*all));
        size_t n_all = 0;
        for (int64_t page = 1; !rc && n_all < (size_t)total; page++) {
            f.page = page;
            rc = xa_store_series_member_list(ctx->store, ctx->arena, 0, &f, &mem, &n_mem, &total);
            if (!rc && !n_mem)
                break;
            for (size_t i = 0; !rc && i < n_mem && n_all < (size_t)total; i++)
                all[n_all++] = mem[i];
        }
        mem = all;
        n_mem = n_all;
    }
    struct xa_linkage_pair *lk = NULL;
    size_t n_lk = 0;
    if (!rc) {
        lk = xa_arena_alloc(ctx->arena, (n_mem * n_mem / 2 + 1) * sizeof(*lk));
        for (size_t i = 0; i < n_mem; i++)
            for (size_t j = 0; j < n_mem; j++) {
                if (mem[i].series_id != mem[j].series_id || mem[i].case_id >= mem[j].case_id)
                    continue;
                long a = pos_of(r, n, mem[i].case_id), b = pos_of(r, n, mem[j].case_id);
                if (a >= 0 && b >= 0)
                    lk[n_lk++] = (struct xa_linkage_pair){(uint32_t)a, (uint32_t)b};
            }
        if (!n_lk)
            rc = xa_ctx_fail(ctx, XA_EINVAL, NULL, "no_confirmed_series");
    }
    /* rejected suggestions: checked negatives, weighted above presumed ones (analysis/linkage.h) */
    struct xa_linkage_pair *rej = NULL;
    size_t n_rej = 0;
    if (!rc) {
        struct xa_case_pair *cp;
        size_t n_cp;
        rc = xa_store_linkage_reject_list(ctx->store, ctx->arena, &cp, &n_cp);
        rej = xa_arena_alloc(ctx->arena, (n_cp + 1) * sizeof(*rej));
        for (size_t i = 0; !rc && i < n_cp; i++) {
            long a = pos_of(r, n, cp[i].a), b = pos_of(r, n, cp[i].b);
            if (a >= 0 && b >= 0 && a != b)
                rej[n_rej++] = (struct xa_linkage_pair){(uint32_t)a, (uint32_t)b};
        }
    }
    struct xa_linkage_model model;
    if (!rc) {
        struct xa_linkage_train_opts o = {
            .kind = XA_LINKAGE_LOGIT, .seed = seed, .rejected = rej, .n_rejected = n_rej};
        rc = xa_linkage_train(r, n, lk, n_lk, &o, &model);
        if (rc)
            rc = xa_ctx_fail(ctx, XA_EINVAL, NULL, "fit_failed");
    }
    if (!rc) {
        char *text = model_format(&m, &model);
        struct xa_linkage_model_row row = {.trained_at = ctx->now,
                                           .n_pairs = (int64_t)model.n_pairs,
                                           .n_linked = (int64_t)model.n_linked,
                                           .model = xa_arena_strdup(ctx->arena, text)};
        free(text);
        rc = xa_store_linkage_model_put(ctx->store, &row);
        if (!rc)
            rc = xa_ctx_audit(ctx, "linkage.train", "linkage_model", row.version, NULL,
                              xa_arena_printf(ctx->arena,
                                              "{\"n_pairs\":%lld,\"n_linked\":%lld,"
                                              "\"n_rejected\":%lld}",
                                              (long long)row.n_pairs, (long long)row.n_linked,
                                              (long long)n_rej));
        if (!rc) {
            memset(out, 0, sizeof(*out));
            out->trained = true;
            out->version = row.version;
            out->trained_at = row.trained_at;
            out->n_pairs = row.n_pairs;
            out->n_linked = row.n_linked;
            out->n_rejected = (int64_t)n_rej;
            out->model = model;
        }
    }
    mapping_release(&m);
    return xa_ctx_finish(ctx, rc);
}

/* Figures of the fixed model m over every pair of r against the planted offences. */
static int score_fixed(const struct xa_linkage_model *md, const struct xa_linkage_rec *r, size_t n,
                       const struct xa_linkage_offence *lk, size_t n_lk,
                       struct xa_linkage_eval_result *out)
{
    size_t np = n * (n - 1) / 2;
    double *sc = xa_xmalloc(np * sizeof(double));
    uint8_t *y = xa_xcalloc(np ? np : 1, 1);
    int64_t *grp = xa_xmalloc(n * sizeof(int64_t));
    for (size_t i = 0; i < n; i++)
        grp[i] = -1;
    for (size_t i = 0; i < n_lk; i++)
        grp[lk[i].crime] = lk[i].offender;
    memset(out, 0, sizeof(*out));
    size_t k = 0, hits[3] = {0}, queries = 0, linked = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++, k++) {
            sc[k] = xa_linkage_score(md, &r[i], &r[j], NULL);
            y[k] = grp[i] >= 0 && grp[i] == grp[j];
            linked += y[k];
        }
    for (size_t i = 0; i < n; i++) {
        if (grp[i] < 0)
            continue;
        /* rank of the best linked partner of i among all others */
        double best = -INFINITY;
        for (size_t j = 0; j < n; j++)
            if (j != i && grp[j] == grp[i]) {
                double s = xa_linkage_score(md, &r[i], &r[j], NULL);
                best = s > best ? s : best;
            }
        if (best == -INFINITY)
            continue;
        queries++;
        size_t above = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i && grp[j] != grp[i] && xa_linkage_score(md, &r[i], &r[j], NULL) > best)
                above++;
        hits[0] += above < 1;
        hits[1] += above < 10;
        hits[2] += above < 20;
    }
    int rc = xa_linkage_eval_auc(sc, y, np, &out->auc, &out->average_precision);
    out->crimes = n;
    out->pairs = np;
    out->linked_pairs = linked;
    out->queries = queries;
    if (queries) {
        out->hit_at_1 = (double)hits[0] / (double)queries;
        out->hit_at_10 = (double)hits[1] / (double)queries;
        out->hit_at_20 = (double)hits[2] / (double)queries;
    }
    free(sc);
    free(y);
    free(grp);
    return rc;
}

int xa_linkage_svc_eval_demo(struct xa_ctx *ctx, struct xa_linkage_eval_result *fixed,
                             struct xa_linkage_eval_result *cv)
{
    struct mapping m;
    struct xa_linkage_rec *r;
    size_t n;
    struct xa_demo_series *ds;
    size_t n_ds;
    memset(&m, 0, sizeof(m));
    int rc = xa_store_begin(ctx->store, false);
    if (rc)
        return rc;
    rc = load_recs(ctx, &m, &r, &n);
    if (!rc)
        rc = xa_store_demo_series_list(ctx->store, ctx->arena, &ds, &n_ds);
    struct xa_linkage_model_info info;
    if (!rc)
        model_load(ctx->store, ctx->arena, &m, &info);
    xa_store_rollback(ctx->store);
    if (!rc && n > XA_LINKAGE_EVAL_MAX_CRIMES)
        rc = xa_ctx_fail(ctx, XA_EINVAL, NULL, "too_many_cases");
    struct xa_linkage_offence *lk = NULL;
    size_t n_lk = 0;
    if (!rc) {
        lk = xa_arena_alloc(ctx->arena, (n_ds + 1) * sizeof(*lk));
        for (size_t i = 0; i < n_ds; i++) {
            long p = pos_of(r, n, ds[i].case_id);
            if (p < 0)
                continue;
            /* the series index (by code order) is the offender */
            uint32_t off = 0;
            for (size_t j = 1; j <= i; j++)
                off += strcmp(ds[j].code, ds[j - 1].code) != 0;
            lk[n_lk++] = (struct xa_linkage_offence){(uint32_t)p, off};
        }
        if (!n_lk)
            rc = xa_ctx_fail(ctx, XA_EINVAL, NULL, "no_planted_series");
    }
    if (!rc)
        rc = score_fixed(&info.model, r, n, lk, n_lk, fixed);
    if (!rc) {
        struct xa_linkage_eval_opts o = {.folds = 4, .seed = 1};
        if (xa_linkage_eval_run(r, n, lk, n_lk, &o, cv))
            memset(cv, 0, sizeof(*cv));
    }
    mapping_release(&m);
    return rc;
}
