/*
 * cmd_linkage.c - `xiaoan linkage eval`: cross-validate the series-linkage model on labelled
 * crimes in the crimelinkage R package's CSV layout and print its figures as one JSON object.
 *
 * CSV as RFC 4180 (quoted fields, "" inside quotes, CRLF or LF, a UTF-8 BOM); the first row
 * names the columns. A bad row is reported on stderr with its line number and skipped; a file
 * without one usable row is a usage error (exit 2). `xiaoan linkage eval --db FILE` scores the
 * model of a database on the demo's planted series instead. `xiaoan linkage train --db FILE`
 * fits the weights on the confirmed series of the database and stores them (docs/linkage.md).
 */
#include "cli/cli.h"

#include "base/mem.h"
#include "base/time.h"
#include "service/linkage_svc.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_INPUT ((size_t)1 << 30)
#define MAX_BAD_SHOWN 50

static void usage(FILE *f)
{
    fprintf(f,
            "usage: xiaoan linkage train --db FILE [--seed N]\n"
            "       xiaoan linkage eval --db FILE\n"
            "       xiaoan linkage eval --crimes CRIMES.csv --offenders LINKS.csv [--folds N]\n"
            "                           [--seed N] [--model logit|nb] [--calibration]\n"
            "\n"
            "Cross-validates the series-linkage model (串并案) on crimes whose offenders are\n"
            "known and prints {\"crimes\",\"queries\",\"pairs\",\"linked_pairs\",\"auc\",\n"
            "\"average_precision\",\"hit_at_1\",\"hit_at_10\",\"hit_at_20\"} as JSON.\n"
            "\n"
            "CRIMES.csv: crimeID, X, Y (metres), DATE_FROM, TIME_FROM, DATE_TO, TIME_TO (dates\n"
            "YYYY-MM-DD, times HHMM; the ends may be empty or equal to the starts), then any MO\n"
            "columns MO1, MO2, ... (empty or NA when unknown); other columns are ignored.\n"
            "LINKS.csv: offenderID, crimeID; crimes sharing an offender are linked.\n"
            "'-' reads a file from standard input.\n"
            "\n"
            "  --folds N       cross-validation folds by offender group (default 5)\n"
            "  --seed N        seed of the fold assignment (default 1)\n"
            "  --model KIND    logit (logistic regression, default) or nb (naive Bayes)\n"
            "  --calibration   also print a reliability table of the pair probabilities on\n"
            "                  stderr\n");
}

/* ---- CSV ---- */

struct csv {
    const char *p, *end;
    size_t line; /* line of the next row */
    char *cell;  /* fields of the current row, each NUL-terminated */
    size_t cap;
    size_t *off;     /* offset of each field in cell */
    size_t n, n_cap; /* fields */
};

static void cell_put(struct csv *c, size_t *len, char ch)
{
    if (*len + 1 >= c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->cell = xa_xrealloc(c->cell, c->cap);
    }
    c->cell[(*len)++] = ch;
}

/* Reads the next non-empty row into c; 0 at the end. *row_line is its first line; *bad names
 * a syntax problem of the row, which is then still consumed whole. */
static int csv_row(struct csv *c, size_t *row_line, const char **bad)
{
    size_t len = 0;
    *bad = NULL;
    while (c->p < c->end && (*c->p == '\n' || *c->p == '\r')) {
        if (*c->p == '\n')
            c->line++;
        c->p++;
    }
    if (c->p >= c->end)
        return 0;
    *row_line = c->line;
    c->n = 0;
    for (;;) {
        if (c->n == c->n_cap) {
            c->n_cap = c->n_cap ? 2 * c->n_cap : 16;
            c->off = xa_xrealloc(c->off, c->n_cap * sizeof(*c->off));
        }
        c->off[c->n++] = len;
        if (c->p < c->end && *c->p == '"') {
            c->p++;
            for (;;) {
                if (c->p >= c->end) {
                    *bad = "unterminated quoted field";
                    break;
                }
                if (*c->p == '"') {
                    if (c->p + 1 < c->end && c->p[1] == '"') {
                        cell_put(c, &len, '"');
                        c->p += 2;
                        continue;
                    }
                    c->p++;
                    break;
                }
                if (*c->p == '\n')
                    c->line++;
                cell_put(c, &len, *c->p++);
            }
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r') {
                if (!*bad)
                    *bad = "text after a closing quote";
                c->p++;
            }
        } else {
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' && *c->p != '\r')
                cell_put(c, &len, *c->p++);
        }
        cell_put(c, &len, '\0');
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            continue;
        }
        if (c->p < c->end && *c->p == '\r')
            c->p++;
        if (c->p < c->end && *c->p == '\n') {
            c->p++;
            c->line++;
        }
        return 1;
    }
}

static const char *field(const struct csv *c, int i)
{
    return i >= 0 && (size_t)i < c->n ? c->cell + c->off[i] : "";
}

static void csv_release(struct csv *c)
{
    free(c->cell);
    free(c->off);
}

/* Whole file (or stdin for "-") into *out; caller frees. */
static int slurp(const char *path, char **out, size_t *len)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return -1;
    size_t cap = 1 << 16, n = 0;
    char *p = xa_xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap >= MAX_INPUT) {
                n = SIZE_MAX;
                break;
            }
            p = xa_xrealloc(p, cap *= 2);
        }
        size_t got = fread(p + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int err = n == SIZE_MAX || ferror(f);
    if (f != stdin)
        fclose(f);
    if (err) {
        free(p);
        return -1;
    }
    *out = p;
    *len = n;
    return 0;
}

static void csv_open(struct csv *c, const char *text, size_t len)
{
    memset(c, 0, sizeof(*c));
    c->p = text;
    c->end = text + len;
    c->line = 1;
    if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
        c->p += 3;
}

static int column(const struct csv *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcasecmp(field(c, (int)i), name))
            return (int)i;
    return -1;
}

static int is_missing(const char *s)
{
    return !*s || !strcmp(s, "NA");
}

/* ---- crimes ---- */

struct crimes {
    size_t n, cap;
    struct xa_linkage_rec *rec;
    char **id;
    size_t *line; /* of each crime's row */
    char *mo_key[XA_LINKAGE_MO_MAX];
    int n_mo;
    int mo_overflow;
};

static void crimes_release(struct crimes *cr)
{
    for (size_t i = 0; i < cr->n; i++)
        free(cr->id[i]);
    for (int t = 0; t < cr->n_mo; t++)
        free(cr->mo_key[t]);
    free(cr->id);
    free(cr->line);
    free(cr->rec);
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* Shanghai midnight of an ISO date. */
static int parse_date(const char *s, int64_t *out)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    return xa_time_parse(s, out) ? -1 : 0;
}

/* Seconds since midnight of "HHMM", "HMM", "HH:MM" or "HH:MM:SS". */
static int parse_hhmm(const char *s, int64_t *out)
{
    int h = 0, m = 0, sec = 0;
    size_t len = strlen(s);
    if ((len == 3 || len == 4) && strspn(s, "0123456789") == len) {
        int v = (int)strtol(s, NULL, 10);
        h = v / 100;
        m = v % 100;
    } else if ((len == 5 || len == 8) && isdigit((unsigned char)s[0]) &&
               isdigit((unsigned char)s[1]) && s[2] == ':' && isdigit((unsigned char)s[3]) &&
               isdigit((unsigned char)s[4])) {
        h = (s[0] - '0') * 10 + (s[1] - '0');
        m = (s[3] - '0') * 10 + (s[4] - '0');
        if (len == 8) {
            if (s[5] != ':' || !isdigit((unsigned char)s[6]) || !isdigit((unsigned char)s[7]))
                return -1;
            sec = (s[6] - '0') * 10 + (s[7] - '0');
        }
    } else {
        return -1;
    }
    if (h > 24 || m > 59 || sec > 59 || (h == 24 && (m || sec)))
        return -1;
    *out = h * 3600 + m * 60 + sec;
    return 0;
}

static int mo_tag(struct crimes *cr, int col, const char *value)
{
    char key[256];
    snprintf(key, sizeof(key), "%d\x1f%s", col, value);
    for (int t = 0; t < cr->n_mo; t++)
        if (!strcmp(cr->mo_key[t], key))
            return t;
    if (cr->n_mo == XA_LINKAGE_MO_MAX) {
        cr->mo_overflow = 1;
        return -1;
    }
    cr->mo_key[cr->n_mo] = xa_xstrdup(key);
    return cr->n_mo++;
}

static int id_cmp(const void *x, const void *y)
{
    return strcmp(**(char *const *const *)x, **(char *const *const *)y);
}

static void bad_row(const char *file, size_t line, const char *why, size_t *n_bad)
{
    if (++*n_bad <= MAX_BAD_SHOWN)
        fprintf(stderr, "xiaoan linkage eval: %s:%zu: %s; row skipped\n", file, line, why);
}

/* A crimeID seen before makes its later rows bad. */
static void drop_repeats(struct crimes *cr, const char *file, size_t *n_bad)
{
    char ***by_id = xa_xmalloc((cr->n ? cr->n : 1) * sizeof(*by_id));
    uint8_t *drop = xa_xcalloc(cr->n ? cr->n : 1, 1);
    for (size_t i = 0; i < cr->n; i++)
        by_id[i] = &cr->id[i];
    qsort(by_id, cr->n, sizeof(*by_id), id_cmp);
    for (size_t i = 1; i < cr->n; i++)
        if (!strcmp(*by_id[i - 1], *by_id[i])) {
            size_t a = (size_t)(by_id[i - 1] - cr->id), b = (size_t)(by_id[i] - cr->id);
            drop[a > b ? a : b] = 1;
            if (a > b) /* keep the earlier row as the one compared with the next */
                by_id[i] = by_id[i - 1];
        }
    size_t m = 0;
    for (size_t i = 0; i < cr->n; i++) {
        if (drop[i]) {
            bad_row(file, cr->line[i], "crimeID seen on an earlier row", n_bad);
            free(cr->id[i]);
            continue;
        }
        cr->rec[m] = cr->rec[i];
        cr->rec[m].id = (int64_t)m;
        cr->id[m] = cr->id[i];
        cr->line[m++] = cr->line[i];
    }
    cr->n = m;
    free(drop);
    free(by_id);
}

/* One crime row into a record; a reason when the row is bad. */
static const char *crime_row(struct crimes *cr, const struct csv *c, const int *col,
                             const int *mo_col, int n_mo_col, struct xa_linkage_rec *r)
{
    int64_t d_from, d_to, t_from = 0, t_to;
    const char *s_tf = field(c, col[4]), *s_dt = field(c, col[5]), *s_tt = field(c, col[6]);
    memset(r, 0, sizeof(*r));
    if (!*field(c, col[0]))
        return "empty crimeID";
    if (parse_double(field(c, col[1]), &r->x) || parse_double(field(c, col[2]), &r->y))
        return "X and Y must be numbers (metres)";
    if (parse_date(field(c, col[3]), &d_from))
        return "DATE_FROM must be a date YYYY-MM-DD";
    if (!is_missing(s_tf) && parse_hhmm(s_tf, &t_from))
        return "TIME_FROM must be a time HHMM";
    d_to = d_from;
    if (!is_missing(s_dt) && parse_date(s_dt, &d_to))
        return "DATE_TO must be a date YYYY-MM-DD or empty";
    if (!is_missing(s_tt)) {
        if (parse_hhmm(s_tt, &t_to))
            return "TIME_TO must be a time HHMM or empty";
    } else if (is_missing(s_tf)) {
        t_to = 86399; /* no times: the whole day(s) */
    } else {
        t_to = d_to == d_from ? t_from : 86399;
    }
    r->t_from = d_from + t_from;
    r->t_to = d_to + t_to;
    if (r->t_to < r->t_from) {
        if (d_to != d_from)
            return "the time window ends before it starts";
        r->t_to += 86400; /* 1800 to 0230 on one date: over midnight */
    }
    for (int k = 0; k < n_mo_col; k++) {
        const char *v = field(c, mo_col[k]);
        if (is_missing(v))
            continue;
        int t = mo_tag(cr, mo_col[k], v);
        if (t >= 0)
            xa_linkage_svc_rec_set_mo(r, (unsigned)t);
    }
    return NULL;
}

static int read_crimes(const char *file, struct crimes *cr)
{
    static const char *const need[] = {"crimeID",   "X",       "Y",      "DATE_FROM",
                                       "TIME_FROM", "DATE_TO", "TIME_TO"};
    char *text = NULL;
    size_t len, line, n_bad = 0;
    const char *bad;
    struct csv c;
    int col[7], mo_col[XA_LINKAGE_MO_MAX], n_mo_col = 0, rc = XA_CLI_USAGE;
    if (slurp(file, &text, &len)) {
        fprintf(stderr, "xiaoan linkage eval: cannot read '%s'\n", file);
        return XA_CLI_USAGE;
    }
    csv_open(&c, text, len);
    if (!csv_row(&c, &line, &bad) || bad) {
        fprintf(stderr, "xiaoan linkage eval: %s: no header row\n", file);
        goto out;
    }
    size_t n_cols = c.n;
    for (int i = 0; i < 7; i++)
        if ((col[i] = column(&c, need[i])) < 0) {
            fprintf(stderr, "xiaoan linkage eval: %s: no column '%s'\n", file, need[i]);
            goto out;
        }
    for (size_t i = 0; i < c.n && n_mo_col < XA_LINKAGE_MO_MAX; i++) {
        const char *h = field(&c, (int)i);
        if ((h[0] == 'M' || h[0] == 'm') && (h[1] == 'O' || h[1] == 'o') && h[2] &&
            strspn(h + 2, "0123456789") == strlen(h + 2))
            mo_col[n_mo_col++] = (int)i;
    }
    while (csv_row(&c, &line, &bad)) {
        char why[96];
        if (!bad && c.n != n_cols) {
            snprintf(why, sizeof(why), "%zu fields where the header has %zu", c.n, n_cols);
            bad = why;
        }
        struct xa_linkage_rec r;
        if (!bad)
            bad = crime_row(cr, &c, col, mo_col, n_mo_col, &r);
        if (bad) {
            bad_row(file, line, bad, &n_bad);
            continue;
        }
        if (cr->n == cr->cap) {
            cr->cap = cr->cap ? 2 * cr->cap : 1024;
            cr->rec = xa_xrealloc(cr->rec, cr->cap * sizeof(*cr->rec));
            cr->id = xa_xrealloc(cr->id, cr->cap * sizeof(*cr->id));
            cr->line = xa_xrealloc(cr->line, cr->cap * sizeof(*cr->line));
        }
        r.id = (int64_t)cr->n;
        cr->rec[cr->n] = r;
        cr->line[cr->n] = line;
        cr->id[cr->n++] = xa_xstrdup(field(&c, col[0]));
    }
    drop_repeats(cr, file, &n_bad);
    if (n_bad > MAX_BAD_SHOWN)
        fprintf(stderr, "xiaoan linkage eval: %s: %zu bad rows in all\n", file, n_bad);
    if (cr->mo_overflow)
        fprintf(stderr,
                "xiaoan linkage eval: %s: more than %d distinct MO values; the rest are "
                "ignored\n",
                file, XA_LINKAGE_MO_MAX);
    if (!cr->n) {
        fprintf(stderr, "xiaoan linkage eval: %s: no usable rows\n", file);
        goto out;
    }
    rc = 0;
out:
    csv_release(&c);
    free(text);
    return rc;
}

/* crimeID -> position, by binary search over the ids sorted once. */
struct id_index {
    char ***by_id; /* pointers into crimes.id, sorted */
    char **base;
    size_t n;
};

static long find_crime(const struct id_index *ix, const char *id)
{
    char *key = (char *)id, **kp = &key;
    char ***hit = bsearch(&kp, ix->by_id, ix->n, sizeof(*ix->by_id), id_cmp);
    return hit ? (long)(*hit - ix->base) : -1;
}

struct offender_row {
    char *offender;
    uint32_t crime;
};

static int offender_cmp(const void *x, const void *y)
{
    const struct offender_row *a = x, *b = y;
    return strcmp(a->offender, b->offender);
}

static int read_links(const char *file, const struct crimes *cr, struct xa_linkage_offence **out,
                      size_t *n_out)
{
    char *text = NULL;
    size_t len, line, n_bad = 0, n = 0, cap = 0, unknown = 0;
    const char *bad;
    struct csv c;
    struct offender_row *rows = NULL;
    int rc = XA_CLI_USAGE;
    struct id_index ix = {xa_xmalloc(cr->n * sizeof(char **)), cr->id, cr->n};
    for (size_t i = 0; i < cr->n; i++)
        ix.by_id[i] = &cr->id[i];
    qsort(ix.by_id, ix.n, sizeof(*ix.by_id), id_cmp);
    if (slurp(file, &text, &len)) {
        fprintf(stderr, "xiaoan linkage eval: cannot read '%s'\n", file);
        free(ix.by_id);
        return XA_CLI_USAGE;
    }
    csv_open(&c, text, len);
    int c_off = -1, c_crime = -1;
    size_t n_cols = 0;
    if (!csv_row(&c, &line, &bad) || bad || (c_off = column(&c, "offenderID")) < 0 ||
        (c_crime = column(&c, "crimeID")) < 0) {
        fprintf(stderr, "xiaoan linkage eval: %s: need a header with offenderID and crimeID\n",
                file);
        goto out;
    }
    n_cols = c.n;
    while (csv_row(&c, &line, &bad)) {
        char why[96];
        if (!bad && c.n != n_cols) {
            snprintf(why, sizeof(why), "%zu fields where the header has %zu", c.n, n_cols);
            bad = why;
        }
        if (!bad && (is_missing(field(&c, c_off)) || is_missing(field(&c, c_crime))))
            bad = "empty offenderID or crimeID";
        if (bad) {
            bad_row(file, line, bad, &n_bad);
            continue;
        }
        long crime = find_crime(&ix, field(&c, c_crime));
        if (crime < 0) { /* a link to a crime outside the file: not an error */
            unknown++;
            continue;
        }
        if (n == cap)
            rows = xa_xrealloc(rows, (cap = cap ? 2 * cap : 1024) * sizeof(*rows));
        rows[n++] = (struct offender_row){xa_xstrdup(field(&c, c_off)), (uint32_t)crime};
    }
    if (n_bad > MAX_BAD_SHOWN)
        fprintf(stderr, "xiaoan linkage eval: %s: %zu bad rows in all\n", file, n_bad);
    if (unknown)
        fprintf(stderr,
                "xiaoan linkage eval: %s: %zu links name crimes not in the crimes file; "
                "ignored\n",
                file, unknown);
    if (!n) {
        fprintf(stderr, "xiaoan linkage eval: %s: no usable rows\n", file);
        goto out;
    }
    /* offender ids as numbers: rank among the distinct ids */
    qsort(rows, n, sizeof(*rows), offender_cmp);
    *out = xa_xmalloc(n * sizeof(**out));
    uint32_t id = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && strcmp(rows[i - 1].offender, rows[i].offender))
            id++;
        (*out)[i] = (struct xa_linkage_offence){rows[i].crime, id};
    }
    *n_out = n;
    rc = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(rows[i].offender);
    free(rows);
    free(ix.by_id);
    csv_release(&c);
    free(text);
    return rc;
}

/* ---- the command ---- */

static int parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    if (!s || !*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static void print_calibration(const struct xa_linkage_eval_result *res)
{
    fprintf(stderr, "calibration of the pair probabilities (held out): brier %.6f, ece %.6f\n",
            res->brier, res->ece);
    fprintf(stderr, "  %-11s %9s %10s %10s\n", "p", "pairs", "mean p", "linked");
    for (int b = 0; b < XA_LINKAGE_EVAL_BINS; b++)
        fprintf(stderr, "  %.1f - %.1f  %9zu %10.4f %10.4f\n", b / 10.0, (b + 1) / 10.0,
                res->reliability[b].n, res->reliability[b].mean_p, res->reliability[b].rate);
}

static void print_result(const char *label, const struct xa_linkage_eval_result *res)
{
    printf("\"%s\":{\"crimes\":%zu,\"queries\":%zu,\"pairs\":%zu,\"linked_pairs\":%zu,"
           "\"auc\":%.4f,\"average_precision\":%.4f,\"hit_at_1\":%.4f,\"hit_at_10\":%.4f,"
           "\"hit_at_20\":%.4f}",
           label, res->crimes, res->queries, res->pairs, res->linked_pairs, res->auc,
           res->average_precision, res->hit_at_1, res->hit_at_10, res->hit_at_20);
}

/* `eval --db` and `train --db`: the database's cases. */
static int with_db(const char *db, bool train, uint64_t seed)
{
    struct xa_store *s = NULL;
    struct xa_arena a;
    struct xa_ctx ctx;
    int rc = xa_ctx_connect(db, &s);
    if (rc) {
        fprintf(stderr, "xiaoan linkage: cannot open database '%s': %s\n", db, xa_strerror(rc));
        return 1;
    }
    xa_arena_init(&a);
    xa_ctx_init(&ctx, s, &a, xa_ctx_cli_actor());
    int ret = 0;
    if (train) {
        struct xa_linkage_model_info mi;
        rc = xa_linkage_svc_train(&ctx, seed, &mi);
        if (rc) {
            fprintf(stderr, "xiaoan linkage train: %s\n",
                    ctx.reason ? ctx.reason : xa_ctx_store_errmsg(s));
            ret = rc == XA_EINVAL ? XA_CLI_USAGE : 1;
        } else {
            printf("{\"version\":%lld,\"n_pairs\":%lld,\"n_linked\":%lld,\"n_rejected\":%lld,"
                   "\"intercept\":%.6f,\"weights\":{",
                   (long long)mi.version, (long long)mi.n_pairs, (long long)mi.n_linked,
                   (long long)mi.n_rejected, mi.model.intercept);
            for (int j = 0; j < XA_LINKAGE_NF; j++)
                printf("%s\"%s\":%.6f", j ? "," : "", xa_linkage_feature_name(j), mi.model.w[j]);
            printf("}}\n");
        }
    } else {
        struct xa_linkage_eval_result fixed, cv;
        rc = xa_linkage_svc_eval_demo(&ctx, &fixed, &cv);
        if (rc) {
            fprintf(stderr, "xiaoan linkage eval: %s\n",
                    ctx.reason ? ctx.reason : xa_ctx_store_errmsg(s));
            ret = rc == XA_EINVAL ? XA_CLI_USAGE : 1;
        } else {
            printf("{");
            print_result("model", &fixed);
            printf(",");
            print_result("cross_validated", &cv);
            printf("}\n");
        }
    }
    xa_arena_release(&a);
    xa_ctx_disconnect(s);
    return ret;
}

static int train(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"seed", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    uint64_t seed = 1;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 's':
            if (parse_u64(optarg, 0, UINT64_MAX, &seed)) {
                fprintf(stderr, "xiaoan linkage train: --seed must be a whole number\n");
                return XA_CLI_USAGE;
            }
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return XA_CLI_USAGE;
        }
    }
    if (optind != argc || !db) {
        usage(stderr);
        return XA_CLI_USAGE;
    }
    return with_db(db, true, seed);
}

static int eval(int argc, char **argv)
{
    static const struct option opts[] = {
        {"crimes", required_argument, NULL, 'c'},
        {"offenders", required_argument, NULL, 'o'},
        {"folds", required_argument, NULL, 'f'},
        {"seed", required_argument, NULL, 's'},
        {"model", required_argument, NULL, 'm'},
        {"calibration", no_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {"db", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0},
    };
    const char *crimes_file = NULL, *links_file = NULL, *db = NULL;
    struct xa_linkage_eval_opts eo = {.folds = 5, .seed = 1};
    int show_cal = 0, c;
    uint64_t v;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            crimes_file = optarg;
            break;
        case 'o':
            links_file = optarg;
            break;
        case 'f':
            if (parse_u64(optarg, 2, 64, &v)) {
                fprintf(stderr, "xiaoan linkage eval: --folds must be 2 to 64\n");
                return XA_CLI_USAGE;
            }
            eo.folds = (unsigned)v;
            break;
        case 's':
            if (parse_u64(optarg, 0, UINT64_MAX, &v)) {
                fprintf(stderr, "xiaoan linkage eval: --seed must be a whole number\n");
                return XA_CLI_USAGE;
            }
            eo.seed = v;
            break;
        case 'm':
            if (!strcmp(optarg, "logit")) {
                eo.train.kind = XA_LINKAGE_LOGIT;
            } else if (!strcmp(optarg, "nb")) {
                eo.train.kind = XA_LINKAGE_NB;
            } else {
                fprintf(stderr, "xiaoan linkage eval: --model must be logit or nb\n");
                return XA_CLI_USAGE;
            }
            break;
        case 'k':
            show_cal = 1;
            break;
        case 'd':
            db = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return XA_CLI_USAGE;
        }
    }
    if (db && optind == argc && !crimes_file && !links_file)
        return with_db(db, false, 0);
    if (optind != argc || !crimes_file || !links_file) {
        usage(stderr);
        return XA_CLI_USAGE;
    }
    if (!strcmp(crimes_file, "-") && !strcmp(links_file, "-")) {
        fprintf(stderr, "xiaoan linkage eval: only one of the files can be standard input\n");
        return XA_CLI_USAGE;
    }
    struct crimes cr = {0};
    struct xa_linkage_offence *links = NULL;
    size_t n_links = 0;
    int ret = read_crimes(crimes_file, &cr);
    if (!ret)
        ret = read_links(links_file, &cr, &links, &n_links);
    if (!ret && cr.n > XA_LINKAGE_EVAL_MAX_CRIMES) {
        fprintf(stderr, "xiaoan linkage eval: %zu crimes; at most %d can be evaluated\n", cr.n,
                XA_LINKAGE_EVAL_MAX_CRIMES);
        ret = XA_CLI_USAGE;
    }
    struct xa_linkage_eval_result res;
    if (!ret && xa_linkage_svc_eval(cr.rec, cr.n, links, n_links, &eo, &res)) {
        fprintf(stderr, "xiaoan linkage eval: no model could be fitted: the offenders must link "
                        "crimes in every fold's training part (fewer --folds?)\n");
        ret = XA_CLI_USAGE;
    }
    if (!ret) {
        printf("{\"crimes\":%zu,\"queries\":%zu,\"pairs\":%zu,\"linked_pairs\":%zu,"
               "\"auc\":%.4f,\"average_precision\":%.4f,\"hit_at_1\":%.4f,\"hit_at_10\":%.4f,"
               "\"hit_at_20\":%.4f}\n",
               res.crimes, res.queries, res.pairs, res.linked_pairs, res.auc, res.average_precision,
               res.hit_at_1, res.hit_at_10, res.hit_at_20);
        if (show_cal)
            print_calibration(&res);
    }
    free(links);
    crimes_release(&cr);
    return ret;
}

int xa_cmd_linkage(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? XA_CLI_USAGE : 0;
    }
    if (!strcmp(argv[1], "eval"))
        return eval(argc - 1, argv + 1);
    if (!strcmp(argv[1], "train"))
        return train(argc - 1, argv + 1);
    fprintf(stderr, "xiaoan linkage: unknown subcommand '%s'\n", argv[1]);
    usage(stderr);
    return XA_CLI_USAGE;
}
