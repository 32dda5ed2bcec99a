/*
 * import_svc.c - `xiaoan import incidents`: CSV rows into incidents, checked row by row and
 * written in large durable transactions (import_svc.h has the format).
 *
 * Flow: header -> a reader thread parses and checks rows into batches of BATCH_ROWS (struct
 * xa_incident, strings in the batch's arena), N_SLOTS of them in a ring, while the caller's
 * thread, which alone uses the store, writes them in the order read -> write_batch(): within
 * the open write transaction (begun by the first batch after a commit), reserve the code
 * numbers the batch needs and insert its rows through the store's bulk insert -> commit() once
 * the transaction holds XA_IMPORT_BATCH rows, and after the last batch with the audit row.
 * A commit is made visible at once and durable (settle()) just before the next one, by which
 * time the checkpointer has usually synced the log: the fsync does not stop the inserts. The
 * store's import helper (xa_store_import_open) checkpoints beside both threads.
 * Invariants: a row enters a batch only when every rule holds; a row the database refuses (its
 * code taken) is reported and skipped without undoing the others; nothing of a transaction is
 * visible before its commit, and the stats count only durable rows; a slot belongs to the
 * reader until it is handed over (n_filled) and to the writer until it is given back
 * (n_taken).
 */
#include "service/import_svc.h"

#include "base/mem.h"
#include "base/time.h"
#include "core/code.h"
#include "core/incident.h"
#include "core/unit.h"
#include "core/validate.h"
#include "core/vocab.h"
#include "service/analysis_svc.h"

#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define READ_BLOCK ((size_t)1 << 20)
#define MAX_FIELDS 64
#define MAX_CATEGORY 32
#define MAX_RETRIES 64 /* new numbers for a generated code that a given one took */
/* Rows the reader hands to the writer at a time: small, so that the writer starts at once and
 * the batches stay in the processor's caches; the writer commits every XA_IMPORT_BATCH rows. */
#define BATCH_ROWS 8192
#define N_SLOTS 4 /* batches the reader may be ahead */

enum col {
    C_UNIT,
    C_CATEGORY,
    C_RECEIVED_AT,
    C_NARRATIVE,
    C_CODE,
    C_CHANNEL,
    C_PRIORITY,
    C_STATUS,
    C_OCCURRED_AT,
    C_LAT,
    C_LON,
    C_GRID,
    C_ADDRESS,
    C_CALLER_NAME,
    C_CALLER_PHONE,
    N_COLS
};
#define N_REQUIRED 4 /* the first four columns */

static const char *const col_names[N_COLS] = {
    "unit",    "category", "received_at", "narrative",   "code",
    "channel", "priority", "status",      "occurred_at", "lat",
    "lon",     "grid",     "address",     "caller_name", "caller_phone",
};

/* ---- CSV (RFC 4180) over a stream, a block at a time ---- */

struct csv {
    FILE *in;
    char *buf;
    size_t len, pos;
    bool at_end, failed;
    size_t line; /* line of the next character */
    char *cell;  /* the fields of the current row, each NUL-terminated */
    size_t cap, used;
    size_t off[MAX_FIELDS];
    size_t n;
};

static int csv_getc(struct csv *c)
{
    if (c->pos == c->len) {
        if (c->at_end)
            return -1;
        c->len = fread(c->buf, 1, READ_BLOCK, c->in);
        c->pos = 0;
        if (c->len < READ_BLOCK) {
            c->at_end = true;
            c->failed = ferror(c->in) != 0;
        }
        if (c->len == 0)
            return -1;
    }
    return (unsigned char)c->buf[c->pos++];
}

static int csv_peek(struct csv *c)
{
    int ch = csv_getc(c);
    if (ch >= 0)
        c->pos--; /* the block still holds it */
    return ch;
}

static void csv_put(struct csv *c, char ch)
{
    if (c->used == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->cell = xa_xrealloc(c->cell, c->cap);
    }
    c->cell[c->used++] = ch;
}

/* Reads the next non-empty row: 0 at the end, 1 for a row (first line in *row_line). *bad
 * names a problem of the row ("too many fields", an unterminated quote), which is consumed. */
static int csv_row(struct csv *c, size_t *row_line, const char **bad)
{
    int ch;
    *bad = NULL;
    while ((ch = csv_getc(c)) == '\n' || ch == '\r')
        c->line += ch == '\n';
    if (ch < 0)
        return 0;
    *row_line = c->line;
    c->used = 0;
    c->n = 0;
    bool quoted = false, in_quotes = false;
    c->off[c->n++] = 0;
    for (;; ch = csv_getc(c)) {
        if (in_quotes) {
            if (ch < 0) {
                *bad = "unterminated_quote";
                break;
            }
            if (ch == '"') {
                if (csv_peek(c) == '"') {
                    csv_getc(c);
                    csv_put(c, '"');
                } else {
                    in_quotes = false;
                }
                continue;
            }
            c->line += ch == '\n';
            csv_put(c, (char)ch);
            continue;
        }
        if (ch < 0 || ch == '\n' || ch == '\r') {
            if (ch == '\r' && csv_peek(c) == '\n')
                csv_getc(c);
            if (ch >= 0)
                c->line++;
            break;
        }
        if (ch == ',') {
            csv_put(c, '\0');
            if (c->n == MAX_FIELDS) {
                *bad = "too_many_fields";
                continue;
            }
            c->off[c->n++] = c->used;
            quoted = false;
            continue;
        }
        if (ch == '"' && !quoted && c->used == c->off[c->n - 1]) {
            quoted = in_quotes = true;
            continue;
        }
        csv_put(c, (char)ch);
    }
    csv_put(c, '\0');
    return 1;
}

/* ---- the import ---- */

struct station {
    const char *code;
    int64_t id;
};

struct grid {
    const char *code;
    int64_t id, unit_id;
};

/* Rows read and checked, waiting to be written; strings in its arena. */
struct batch {
    struct xa_incident *v;
    size_t *line;
    bool *generated; /* the row's code was given by assign_codes() */
    size_t n;
    struct xa_arena arena;
};

/* What a transaction has written, counted into the stats once its commit is durable. */
struct pending {
    bool open;
    size_t n_rows; /* good rows of the batches it holds */
    size_t n_imported;
    int64_t first_id, last_id;
    size_t last_line;
};

struct importer {
    struct xa_ctx *ctx;
    const char *name;
    xa_import_bad_fn bad;
    void *arg;
    struct xa_import_stats *st;
    int col[N_COLS]; /* field of each column, -1 when absent */
    struct station *stations;
    size_t n_stations;
    struct grid *grids;
    size_t n_grids;
    struct xa_sla sla[MAX_CATEGORY][5];
    bool have_sla[MAX_CATEGORY][5];
    pthread_mutex_t mu; /* the bad-row function, the stats and the hand-over of batches */
    pthread_cond_t cv;
    struct batch slot[N_SLOTS]; /* batch k in slot k % N_SLOTS */
    size_t n_filled;            /* batches handed to the writer */
    size_t n_taken;             /* batches the writer has given back */
    bool done;                  /* the reader has handed over its last batch */
    bool stop;                  /* the writer failed: the reader stops */
    int read_rc;                /* the reader's failure, with its last batch */
    struct csv *csv;
    struct pending txn;      /* the writer's open transaction */
    struct pending unsynced; /* the writer's last commit, visible, not yet known durable */
};

static int by_code(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static void report(struct importer *im, size_t line, const char *field, const char *reason)
{
    pthread_mutex_lock(&im->mu);
    if (im->bad)
        im->bad(im->arg, line, field, reason);
    pthread_mutex_unlock(&im->mu);
}

/* The header: every known column once, the required ones present. */
static int header(struct importer *im, struct csv *c)
{
    struct xa_ctx *ctx = im->ctx;
    for (int k = 0; k < N_COLS; k++)
        im->col[k] = -1;
    for (size_t i = 0; i < c->n; i++) {
        const char *h = c->cell + c->off[i];
        if (i == 0 && (unsigned char)h[0] == 0xEF && (unsigned char)h[1] == 0xBB &&
            (unsigned char)h[2] == 0xBF)
            h += 3; /* UTF-8 BOM */
        int k = 0;
        while (k < N_COLS && strcmp(h, col_names[k]) != 0)
            k++;
        if (k == N_COLS)
            xa_verr_add(&ctx->verr, xa_arena_strdup(ctx->arena, h), "unknown_field");
        else if (im->col[k] >= 0)
            xa_verr_add(&ctx->verr, col_names[k], "taken");
        else
            im->col[k] = (int)i;
    }
    for (int k = 0; k < N_REQUIRED; k++)
        if (im->col[k] < 0)
            xa_verr_add(&ctx->verr, col_names[k], "required");
    if ((im->col[C_LAT] < 0) != (im->col[C_LON] < 0))
        xa_verr_add(&ctx->verr, im->col[C_LAT] < 0 ? "lat" : "lon", "required");
    return ctx->verr.n ? XA_EVALIDATION : XA_OK;
}

/* Stations and grids by code. */
static int load_places(struct importer *im)
{
    struct xa_ctx *ctx = im->ctx;
    struct xa_unit *units;
    struct xa_grid *grids;
    size_t nu, ng;
    int rc = xa_store_unit_list(ctx->store, ctx->arena, &units, &nu);
    if (!rc)
        rc = xa_store_grid_list(ctx->store, ctx->arena, ctx->actor->scope_path, &grids, &ng);
    if (rc)
        return rc;
    im->stations = xa_arena_alloc(ctx->arena, (nu + 1) * sizeof(*im->stations));
    for (size_t i = 0; i < nu; i++)
        if (units[i].kind == XA_UNIT_STATION &&
            xa_unit_path_within(units[i].path, ctx->actor->scope_path))
            im->stations[im->n_stations++] = (struct station){units[i].code, units[i].id};
    im->grids = xa_arena_alloc(ctx->arena, (ng + 1) * sizeof(*im->grids));
    for (size_t i = 0; i < ng; i++)
        im->grids[im->n_grids++] = (struct grid){grids[i].code, grids[i].id, grids[i].unit_id};
    qsort(im->stations, im->n_stations, sizeof(*im->stations), by_code);
    qsort(im->grids, im->n_grids, sizeof(*im->grids), by_code);
    return XA_OK;
}

static const char *field(const struct importer *im, const struct csv *c, int k)
{
    int i = im->col[k];
    if (i < 0 || (size_t)i >= c->n)
        return NULL;
    const char *s = c->cell + c->off[i];
    return *s ? s : NULL;
}

static bool parse_double(const char *s, double *out)
{
    char *end;
    double d = strtod(s, &end);
    if (end == s || *end || !isfinite(d))
        return false;
    *out = d;
    return true;
}

static int sla_of(struct importer *im, int category, int priority, const struct xa_sla **out)
{
    if (category < 0 || category >= MAX_CATEGORY || priority < 0 || priority > 4)
        return XA_EINVAL;
    if (!im->have_sla[category][priority]) {
        int rc =
            xa_store_sla_find(im->ctx->store, category, priority, &im->sla[category][priority]);
        if (rc == XA_ENOTFOUND)
            im->sla[category][priority] = xa_incident_sla_default();
        else if (rc)
            return rc;
        im->have_sla[category][priority] = true;
    }
    *out = &im->sla[category][priority];
    return XA_OK;
}

/* One data row into the batch, or its problems to the bad-row function. */
static int take_row(struct importer *im, struct batch *bt, const struct csv *c, size_t line)
{
    struct xa_ctx *ctx = im->ctx;
    struct xa_verr ve = {0};
    struct xa_incident inc = {0};
    const char *s;

    if ((s = field(im, c, C_UNIT)) == NULL) {
        xa_verr_add(&ve, "unit", "required");
    } else {
        const struct station *st =
            bsearch(&s, im->stations, im->n_stations, sizeof(*im->stations), by_code);
        if (st)
            inc.unit_id = st->id;
        else
            xa_verr_add(&ve, "unit", "no_such_unit");
    }
    static const struct {
        int col;
        const struct xa_vocab *v;
        int def;
    } words[] = {
        {C_CATEGORY, &xa_vocab_category, 0},
        {C_CHANNEL, &xa_vocab_channel, XA_CHANNEL_PHONE},
        {C_STATUS, &xa_vocab_incident_status, XA_INCIDENT_CLOSED},
    };
    int *word_out[] = {&inc.category, &inc.channel, &inc.status};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        *word_out[i] = words[i].def;
        if ((s = field(im, c, words[i].col)) != NULL && xa_vocab_parse(words[i].v, s, word_out[i]))
            xa_verr_add(&ve, col_names[words[i].col], "unknown_value");
        else if (!s && !words[i].def)
            xa_verr_add(&ve, col_names[words[i].col], "required");
    }
    inc.priority = 3;
    if ((s = field(im, c, C_PRIORITY)) != NULL) {
        if (s[0] < '1' || s[0] > '4' || s[1])
            xa_verr_add(&ve, "priority", "out_of_range");
        else
            inc.priority = s[0] - '0';
    }
    if ((s = field(im, c, C_RECEIVED_AT)) == NULL)
        xa_verr_add(&ve, "received_at", "required");
    else if (xa_time_parse(s, &inc.received_at))
        xa_verr_add(&ve, "received_at", "bad_time");
    if ((s = field(im, c, C_OCCURRED_AT)) != NULL && xa_time_parse(s, &inc.occurred_at))
        xa_verr_add(&ve, "occurred_at", "bad_time");
    const char *lat = field(im, c, C_LAT), *lon = field(im, c, C_LON);
    if ((lat == NULL) != (lon == NULL)) {
        xa_verr_add(&ve, lat ? "lon" : "lat", "lat_lon_pair");
    } else if (lat) {
        inc.has_location = true;
        if (!parse_double(lat, &inc.lat))
            xa_verr_add(&ve, "lat", "bad_latitude");
        if (!parse_double(lon, &inc.lon))
            xa_verr_add(&ve, "lon", "bad_longitude");
    }
    if ((s = field(im, c, C_GRID)) != NULL) {
        const struct grid *g = bsearch(&s, im->grids, im->n_grids, sizeof(*im->grids), by_code);
        if (!g || (inc.unit_id && g->unit_id != inc.unit_id))
            xa_verr_add(&ve, "grid", "unknown_value");
        else
            inc.grid_id = g->id;
    }
    if ((s = field(im, c, C_CODE)) != NULL) {
        if (strlen(s) >= XA_CODE_MAX)
            xa_verr_add(&ve, "code", "too_long");
        else if (xa_validate_text(s, XA_CODE_MAX))
            xa_verr_add(&ve, "code", "bad_format");
        inc.code = s;
    }
    inc.narrative = field(im, c, C_NARRATIVE);
    inc.address = field(im, c, C_ADDRESS);
    inc.caller_name = field(im, c, C_CALLER_NAME);
    inc.caller_phone = field(im, c, C_CALLER_PHONE);
    if (ve.n || xa_incident_validate(&inc, ctx->now, &ve)) {
        for (size_t i = 0; i < ve.n; i++)
            report(im, line, ve.items[i].field, ve.items[i].reason);
        pthread_mutex_lock(&im->mu);
        im->st->n_bad++;
        pthread_mutex_unlock(&im->mu);
        return XA_OK;
    }

    const struct xa_sla *sla;
    int rc = sla_of(im, inc.category, inc.priority, &sla);
    if (rc)
        return rc;
    inc.received_by = ctx->actor->user_id;
    inc.updated_at = ctx->now;
    xa_incident_set_due(&inc, sla);
    struct xa_arena *a = &bt->arena;
    inc.code = xa_arena_strdup(a, inc.code);
    inc.narrative = xa_arena_strdup(a, inc.narrative);
    inc.address = xa_arena_strdup(a, inc.address);
    inc.caller_name = xa_arena_strdup(a, inc.caller_name);
    inc.caller_phone = xa_arena_strdup(a, inc.caller_phone);
    bt->line[bt->n] = line;
    bt->v[bt->n++] = inc;
    return XA_OK;
}

/* A row that needs a code: its station, Shanghai day and place in the batch. */
struct need {
    int64_t unit_id;
    int32_t day;
    uint32_t i;
};

static int by_unit_day(const void *x, const void *y)
{
    const struct need *a = x, *b = y;
    if (a->unit_id != b->unit_id)
        return a->unit_id < b->unit_id ? -1 : 1;
    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

static const char *station_code(const struct importer *im, int64_t id)
{
    for (size_t i = 0; i < im->n_stations; i++)
        if (im->stations[i].id == id)
            return im->stations[i].code;
    return "?";
}

/* Gives codes to the rows without one: one reservation per (station, day) of the batch. */
static int assign_codes(struct importer *im, struct batch *bt)
{
    size_t n = 0;
    for (size_t i = 0; i < bt->n; i++) {
        n += bt->v[i].code == NULL;
        bt->generated[i] = false;
    }
    if (!n)
        return XA_OK;
    struct need *need = xa_arena_alloc(&bt->arena, n * sizeof(*need));
    n = 0;
    for (size_t i = 0; i < bt->n; i++)
        if (!bt->v[i].code)
            need[n++] =
                (struct need){bt->v[i].unit_id, xa_time_day_cn(bt->v[i].received_at), (uint32_t)i};
    qsort(need, n, sizeof(*need), by_unit_day);
    for (size_t g = 0; g < n;) {
        size_t e = g;
        while (e < n && need[e].unit_id == need[g].unit_id && need[e].day == need[g].day)
            e++;
        int64_t first;
        int rc = xa_store_incident_seq_reserve(im->ctx->store, need[g].unit_id, need[g].day,
                                               (int64_t)(e - g), &first);
        if (rc)
            return rc;
        const char *unit = station_code(im, need[g].unit_id);
        for (size_t j = g; j < e; j++) {
            char *code = xa_arena_alloc(&bt->arena, XA_CODE_MAX);
            xa_code_incident(unit, need[j].day, first + (int64_t)(j - g), code);
            bt->v[need[j].i].code = code;
            bt->generated[need[j].i] = true;
        }
        g = e;
    }
    return XA_OK;
}

/* The next free number of the row's station and day, after a given code took its own. */
static int next_code(struct importer *im, struct batch *bt, struct xa_incident *inc)
{
    int32_t day = xa_time_day_cn(inc->received_at);
    int64_t seq;
    int rc = xa_store_incident_seq_reserve(im->ctx->store, inc->unit_id, day, 1, &seq);
    if (rc)
        return rc;
    char *code = xa_arena_alloc(&bt->arena, XA_CODE_MAX);
    xa_code_incident(station_code(im, inc->unit_id), day, seq, code);
    inc->code = code;
    return XA_OK;
}

static void json_text(struct xa_arena *a, const char *s, const char **out)
{
    size_t len = strlen(s);
    char *p = xa_arena_alloc(a, 6 * len + 1), *q = p;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            *q++ = '\\';
            *q++ = (char)ch;
        } else if (ch < 0x20) {
            q += snprintf(q, 7, "\\u%04x", ch);
        } else {
            *q++ = (char)ch;
        }
    }
    *q = '\0';
    *out = p;
}

static int audit(struct importer *im)
{
    struct xa_ctx *ctx = im->ctx;
    const struct xa_import_stats *st = im->st;
    const char *name;
    json_text(ctx->arena, im->name ? im->name : "-", &name);
    const char *detail = xa_arena_printf(
        ctx->arena,
        "{\"file\":\"%s\",\"rows\":%zu,\"imported\":%zu,\"bad\":%zu,\"first_id\":%lld,"
        "\"last_id\":%lld}",
        name, st->n_rows, st->n_imported, st->n_bad, (long long)st->first_id,
        (long long)st->last_id);
    return xa_ctx_audit(ctx, "incident.import", "incident", st->last_id, NULL, detail);
}

static void count(struct xa_import_stats *st, const struct pending *p)
{
    st->n_imported += p->n_imported;
    if (p->first_id && !st->first_id)
        st->first_id = p->first_id;
    if (p->last_id)
        st->last_id = p->last_id;
    if (p->last_line)
        st->last_line = p->last_line;
}

/* Waits until the last commit is durable (the store's log fsync, which the checkpointer's own
 * sync of the log has usually done by then) and counts its rows into the stats. */
static int settle(struct importer *im)
{
    struct pending *u = &im->unsynced;
    if (!u->open)
        return XA_OK;
    int rc = xa_store_commit_durable(im->ctx->store);
    if (!rc)
        count(im->st, u);
    *u = (struct pending){0};
    return rc;
}

/* Ends the open transaction. The one before it is made durable first, so this commit's fsync
 * overlaps the next transaction's inserts instead of stopping them; the last one is durable
 * before it returns and holds the audit row. The stats count durable rows only. */
static int commit(struct importer *im, bool last)
{
    struct xa_ctx *ctx = im->ctx;
    struct pending *p = &im->txn;
    int rc = settle(im);
    if (rc)
        return rc;
    if (!last) {
        rc = xa_store_commit_visible(ctx->store);
        if (!rc) {
            im->unsynced = *p;
            *p = (struct pending){0};
        }
        return rc;
    }
    struct xa_import_stats *st = im->st;
    /* the writer's fields only: the reader may be counting n_rows and n_bad */
    size_t n_imported = st->n_imported, last_line = st->last_line;
    int64_t first_id = st->first_id, last_id = st->last_id;
    count(st, p);
    rc = audit(im);
    if (!rc)
        rc = xa_store_commit(ctx->store);
    if (rc) {
        st->n_imported = n_imported;
        st->first_id = first_id;
        st->last_id = last_id;
        st->last_line = last_line;
        return rc;
    }
    *p = (struct pending){0};
    return XA_OK;
}

/* Writes a batch into the open transaction (beginning one when none is), and commits when the
 * transaction holds XA_IMPORT_BATCH rows or this is the last batch. A failure rolls the
 * transaction back. */
static int write_batch(struct importer *im, struct batch *bt, bool last)
{
    struct xa_ctx *ctx = im->ctx;
    struct pending *p = &im->txn;
    size_t retries = 0;
    int rc = XA_OK;
    if (!p->open) {
        rc = xa_store_begin(ctx->store, true);
        if (rc)
            return rc;
        *p = (struct pending){.open = true};
    }
    rc = assign_codes(im, bt);
    for (size_t i = 0; !rc && i < bt->n;) {
        size_t done;
        rc = xa_store_incident_import(ctx->store, bt->v + i, bt->n - i, &done);
        if (done) {
            if (!p->first_id)
                p->first_id = bt->v[i].id;
            p->last_id = bt->v[i + done - 1].id;
        }
        p->n_imported += done;
        i += done;
        if (rc == XA_ECONFLICT && bt->generated[i] && retries++ < MAX_RETRIES) {
            rc = next_code(im, bt, &bt->v[i]); /* a code given in the file took the number */
            continue;
        }
        retries = 0;
        if (rc == XA_ECONFLICT || rc == XA_ENOTFOUND) {
            report(im, bt->line[i], rc == XA_ECONFLICT ? "code" : "unit",
                   rc == XA_ECONFLICT ? "taken" : "no_such_unit");
            pthread_mutex_lock(&im->mu);
            im->st->n_bad++;
            pthread_mutex_unlock(&im->mu);
            i++;
            rc = XA_OK;
        }
    }
    p->n_rows += bt->n;
    if (bt->n)
        p->last_line = bt->line[bt->n - 1];
    if (!rc && (last || p->n_rows >= XA_IMPORT_BATCH))
        rc = commit(im, last);
    if (rc && p->open) {
        xa_store_rollback(ctx->store);
        *p = (struct pending){0};
    }
    return rc;
}

/* The reader thread: batches into the free slots in turn, each handed to the writer when full
 * and at the end (the last batch, maybe empty, with `done`). Stops when the writer fails. */
static void *reader(void *arg)
{
    struct importer *im = arg;
    struct csv *c = im->csv;
    size_t line, rows = 0, bad = 0, good = 0;
    const char *problem;
    bool more = true;
    int rc = XA_OK;
    for (size_t k = 0; more && !rc; k++) {
        pthread_mutex_lock(&im->mu);
        while (k - im->n_taken == N_SLOTS && !im->stop)
            pthread_cond_wait(&im->cv, &im->mu);
        bool stop = im->stop;
        pthread_mutex_unlock(&im->mu);
        if (stop)
            break;
        struct batch *bt = &im->slot[k % N_SLOTS];
        xa_arena_release(&bt->arena); /* the strings of the batch the slot held before */
        bt->n = 0;
        /* a batch ends where a transaction does, so each holds XA_IMPORT_BATCH rows */
        size_t room = XA_IMPORT_BATCH - good % XA_IMPORT_BATCH;
        room = room < BATCH_ROWS ? room : BATCH_ROWS;
        while (bt->n < room && (more = csv_row(c, &line, &problem)) != 0) {
            rows++;
            if (problem) {
                report(im, line, "row", problem);
                bad++;
                continue;
            }
            rc = take_row(im, bt, c, line);
            if (rc)
                break;
        }
        if (!rc && !more && c->failed)
            rc = XA_EINVAL;
        good += bt->n;
        pthread_mutex_lock(&im->mu);
        im->st->n_rows += rows;
        im->st->n_bad += bad;
        rows = bad = 0;
        im->read_rc = rc;
        im->n_filled = k + 1;
        im->done = !more || rc;
        pthread_cond_broadcast(&im->cv);
        pthread_mutex_unlock(&im->mu);
    }
    pthread_mutex_lock(&im->mu);
    im->done = true;
    pthread_cond_broadcast(&im->cv);
    pthread_mutex_unlock(&im->mu);
    return NULL;
}

/* The writer (the caller's thread, which owns the store connection): batches in the order
 * read, XA_IMPORT_BATCH rows per transaction, the last with the audit row. */
static int write_all(struct importer *im)
{
    int rc = XA_OK;
    for (size_t k = 0;; k++) {
        pthread_mutex_lock(&im->mu);
        while (k == im->n_filled && !im->done)
            pthread_cond_wait(&im->cv, &im->mu);
        bool have = k < im->n_filled;
        bool last = im->done && k + 1 == im->n_filled;
        int read_rc = im->read_rc;
        pthread_mutex_unlock(&im->mu);
        if (!have)
            return XA_OK; /* the reader stopped without a batch: cannot happen unless stopped */
        if (read_rc && last) {
            /* the batch that failed to read is not written, nor the open transaction */
            if (im->txn.open)
                xa_store_rollback(im->ctx->store);
            im->txn = (struct pending){0};
            return read_rc;
        }
        rc = write_batch(im, &im->slot[k % N_SLOTS], last);
        pthread_mutex_lock(&im->mu);
        im->n_taken = k + 1;
        im->stop = rc != XA_OK;
        pthread_cond_broadcast(&im->cv);
        pthread_mutex_unlock(&im->mu);
        if (rc || last)
            return rc;
    }
}

/* After a failure: the audit row alone, recording what went in before it. */
static void audit_alone(struct importer *im)
{
    struct xa_ctx *ctx = im->ctx;
    if (xa_store_begin(ctx->store, true))
        return;
    if (audit(im) || xa_store_commit(ctx->store))
        xa_store_rollback(ctx->store);
}

int xa_import_svc_incidents(struct xa_ctx *ctx, FILE *in, const char *name, xa_import_bad_fn bad,
                            void *arg, struct xa_import_stats *out)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    memset(out, 0, sizeof(*out));
    const char *reason;
    if (!ctx->actor)
        return xa_ctx_fail(ctx, XA_EUNAUTH, NULL, "login_required");
    /* a migration is an administrator's work; otherwise whoever may take calls */
    if (ctx->actor->role != XA_ROLE_ADMIN &&
        xa_incident_may(ctx->actor->role, XA_INCIDENT_RECEIVE, false, &reason))
        return xa_ctx_fail(ctx, XA_EFORBIDDEN, NULL, reason);

    struct csv c = {.in = in, .line = 1};
    c.buf = xa_xmalloc(READ_BLOCK);
    struct importer im = {.ctx = ctx, .name = name, .bad = bad, .arg = arg, .st = out, .csv = &c};
    pthread_mutex_init(&im.mu, NULL);
    pthread_cond_init(&im.cv, NULL);
    for (int k = 0; k < N_SLOTS; k++) {
        xa_arena_init(&im.slot[k].arena);
        im.slot[k].v = xa_xmalloc(BATCH_ROWS * sizeof(*im.slot[k].v));
        im.slot[k].line = xa_xmalloc(BATCH_ROWS * sizeof(*im.slot[k].line));
        im.slot[k].generated = xa_xmalloc(BATCH_ROWS * sizeof(*im.slot[k].generated));
    }
    int rc = load_places(&im);
    /* every (category, priority) deadline now, so the reader never touches the store */
    const struct xa_sla *sla;
    for (int cat = 1; !rc && cat < MAX_CATEGORY; cat++)
        for (int prio = 1; !rc && prio <= 4; prio++)
            rc = sla_of(&im, cat, prio, &sla);
    size_t line;
    const char *problem;
    if (!rc && !csv_row(&c, &line, &problem))
        rc = XA_EINVAL;
    if (!rc)
        rc = header(&im, &c);
    struct xa_store_import *helper = NULL;
    if (!rc)
        rc = xa_store_import_open(ctx->store, &helper);
    if (!rc) {
        pthread_t th;
        if (pthread_create(&th, NULL, reader, &im) != 0) {
            rc = XA_EINTERNAL;
        } else {
            rc = write_all(&im);
            pthread_join(th, NULL);
        }
        int src = settle(&im); /* after a failure: the commit before it */
        if (!rc)
            rc = src;
        if (rc && out->n_imported)
            audit_alone(&im); /* the failed transaction is gone */
    }
    xa_store_import_close(helper);
    if (out->n_imported)
        xa_analysis_svc_unload(); /* rows this process's index has not seen */
    for (int k = 0; k < N_SLOTS; k++) {
        xa_arena_release(&im.slot[k].arena);
        free(im.slot[k].v);
        free(im.slot[k].line);
        free(im.slot[k].generated);
    }
    pthread_cond_destroy(&im.cv);
    pthread_mutex_destroy(&im.mu);
    free(c.buf);
    free(c.cell);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    out->seconds = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return rc;
}
