/*
 * cmd_bench.c - `xiaoan bench compstat|linkage`: the analysis engine timed in-process, without
 * HTTP, for bench/run.sh, which sets the figures beside their SQL and brute-force peers. Each
 * prints one JSON object on stdout.
 *
 *   compstat  loads the analysis index from --db (timed apart), then runs the CompStat report
 *             station x category x ISO week with year-on-year (the 52 weeks ending with the
 *             week of --to, each beside the same week a year before) --runs times through the
 *             service, as the API does; reports the median, the index's bytes per incident and
 *             a checksum of the cells that the SQL peers compute the same way (bench/README.md).
 *   linkage   builds --n synthetic cases (seeded: hotspots, two years, types, MO tags), indexes
 *             them, and times top-k of --queries cases by the index and, for --brute of them,
 *             by scoring every case; the two must give the same hits.
 */
#include "cli/cli.h"

#include "base/mem.h"
#include "base/time.h"
#include "service/analysis_svc.h"
#include "service/bench_svc.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

static void usage(FILE *f)
{
    fprintf(f,
            "usage: xiaoan bench compstat [--db FILE] --to TIME [--runs N] [--check-sql]\n"
            "       xiaoan bench linkage [--n N] [--seed N] [--k K] [--queries Q] [--brute B]\n"
            "\n"
            "Times the analysis engine in-process and prints one JSON object.\n"
            "  compstat: load the index from the database, then CompStat station x category\n"
            "            x week for the 52 weeks ending with the week of TIME beside the year\n"
            "            before, N runs (default 7), median; --check-sql also runs the same\n"
            "            report as SQL in-process and compares the cells.\n"
            "  linkage:  N synthetic cases (default 1000000, seed 1), top-K (default 20) of Q\n"
            "            queries (default 200) by the index and B (default 5) by brute force.\n");
}

static int by_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The q-quantile of v[n] (sorts v). */
static double quantile(double *v, size_t n, double q)
{
    qsort(v, n, sizeof(*v), by_double);
    size_t i = (size_t)(q * (double)(n - 1) + 0.5);
    return v[i < n ? i : n - 1];
}

static bool parse_u64(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* ---- compstat ---- */

struct sums {
    int64_t cells, total, checksum;
};

/* One cell (unit, category, week, n) into the sums that bench/compstat.sql computes. */
static void add_cell(struct sums *s, int64_t unit_id, int category, int64_t week, int64_t n)
{
    if (!n)
        return;
    s->cells++;
    s->total += n;
    s->checksum += n * ((unit_id * 64 + category) * 8192 + week % 8192);
}

static struct sums report_sums(const struct xa_compstat_report *r)
{
    struct sums s = {0};
    int64_t b0 = xa_compstat_bucket(r->period, r->from), shift = xa_compstat_shift(r->period);
    for (size_t i = 0; i < r->n_groups; i++) {
        const struct xa_compstat_group *g = &r->groups[i];
        for (size_t k = 0; k < r->n_periods; k++) {
            add_cell(&s, g->unit_id, g->category, b0 + (int64_t)k, g->now[k]);
            add_cell(&s, g->unit_id, g->category, b0 + (int64_t)k - shift, g->last[k]);
        }
    }
    return s;
}

static int run_report(struct xa_store *s, const struct xa_compstat_request *q, int source,
                      double *seconds, struct xa_compstat_report *rep, struct xa_arena *a)
{
    struct xa_ctx ctx;
    xa_ctx_init(&ctx, s, a, xa_ctx_cli_actor());
    double t0 = xa_time_mono();
    int rc = xa_analysis_svc_compstat(&ctx, q, source, rep);
    *seconds = xa_time_mono() - t0;
    if (rc)
        xa_cli_report(&ctx, rc, "bench compstat");
    return rc;
}

static int bench_compstat(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},   {"to", required_argument, NULL, 't'},
        {"runs", required_argument, NULL, 'r'}, {"check-sql", no_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0},
    };
    const char *db = XA_CLI_DEFAULT_DB;
    int64_t to = 0;
    uint64_t runs = 7;
    bool check_sql = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd') {
            db = optarg;
        } else if (c == 't' && !xa_time_parse(optarg, &to)) {
        } else if (c == 'r' && parse_u64(optarg, 1, 1000, &runs)) {
        } else if (c == 'c') {
            check_sql = true;
        } else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return XA_CLI_USAGE;
        }
    }
    if (optind != argc || !to) {
        usage(stderr);
        return XA_CLI_USAGE;
    }
    int ret = 1;
    struct xa_store *s = NULL;
    double *t = xa_xmalloc(runs * sizeof(*t));
    if (xa_ctx_connect(db, &s)) {
        fprintf(stderr, "xiaoan bench: cannot open database '%s'\n", db);
        goto out;
    }
    struct xa_analysis_load_stats ls;
    int rc = xa_analysis_svc_load(s, NULL, NULL, &ls);
    if (rc) {
        fprintf(stderr, "xiaoan bench: cannot load the index: %s\n", xa_ctx_store_errmsg(s));
        goto out;
    }
    int64_t from = to - 51 * 7 * DAY;
    struct xa_compstat_request q = {
        .period = XA_COMPSTAT_WEEK,
        .by = XA_COMPSTAT_BY_UNIT | XA_COMPSTAT_BY_CATEGORY,
        .from = from,
        .to = to,
    };
    struct xa_compstat_report rep = {0};
    struct sums sums = {0};
    for (uint64_t i = 0; i < runs; i++) {
        struct xa_arena a;
        xa_arena_init(&a);
        rc = run_report(s, &q, XA_ANALYSIS_INDEX, &t[i], &rep, &a);
        if (!rc && i == 0)
            sums = report_sums(&rep);
        xa_arena_release(&a);
        if (rc)
            goto out;
    }
    double first_s = t[0]; /* before sorting: the run that also warms the caches */
    double median = quantile(t, (size_t)runs, 0.5);
    printf("{\"incidents\":%zu,\"refused\":%zu,\"load_s\":%.3f,\"row_bytes\":%zu,"
           "\"alloc_bytes\":%zu,\"bytes_per_incident\":%.2f,\"runs\":%" PRIu64 ","
           "\"first_ms\":%.3f,\"median_ms\":%.3f,\"groups\":%zu,\"weeks\":%zu,"
           "\"sql_from\":%" PRId64 ",\"sql_to\":%" PRId64 ",\"cells\":%" PRId64
           ",\"total\":%" PRId64 ",\"checksum\":%" PRId64,
           ls.n_incidents, ls.n_refused, ls.seconds, ls.row_bytes, ls.alloc_bytes,
           ls.n_incidents ? (double)ls.alloc_bytes / (double)ls.n_incidents : 0.0, runs,
           first_s * 1e3, median * 1e3, rep.n_groups, rep.n_periods, rep.last_from, rep.to,
           sums.cells, sums.total, sums.checksum);
    if (check_sql) {
        struct xa_arena a;
        double sql_s;
        xa_arena_init(&a);
        rc = run_report(s, &q, XA_ANALYSIS_SQL, &sql_s, &rep, &a);
        struct sums ss = rc ? (struct sums){0} : report_sums(&rep);
        xa_arena_release(&a);
        if (rc)
            goto out;
        printf(",\"sql_ms\":%.3f,\"sql_agrees\":%s", sql_s * 1e3,
               ss.cells == sums.cells && ss.total == sums.total && ss.checksum == sums.checksum
                   ? "true"
                   : "false");
    }
    printf("}\n");
    ret = 0;
out:
    free(t);
    xa_analysis_svc_unload();
    xa_ctx_disconnect(s);
    return ret;
}

static int bench_linkage(int argc, char **argv)
{
    static const struct option opts[] = {
        {"n", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},
        {"k", required_argument, NULL, 'k'},
        {"queries", required_argument, NULL, 'q'},
        {"brute", required_argument, NULL, 'b'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    uint64_t n = 1000000, seed = 1, k = 20, nq = 200, nb = 5;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        bool ok = (c == 'n' && parse_u64(optarg, 2, UINT32_MAX - 1, &n)) ||
                  (c == 's' && parse_u64(optarg, 0, UINT64_MAX, &seed)) ||
                  (c == 'k' && parse_u64(optarg, 1, 1000, &k)) ||
                  (c == 'q' && parse_u64(optarg, 1, 100000, &nq)) ||
                  (c == 'b' && parse_u64(optarg, 0, 100000, &nb));
        if (c == 'h') {
            usage(stdout);
            return 0;
        }
        if (!ok) {
            usage(stderr);
            return XA_CLI_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return XA_CLI_USAGE;
    }
    struct xa_bench_linkage_opts o = {n, seed, k, nq, nb < nq ? nb : nq};
    struct xa_bench_linkage_result res;
    xa_bench_svc_linkage(&o, &res);
    printf("{\"cases\":%" PRIu64 ",\"seed\":%" PRIu64 ",\"k\":%" PRIu64 ",\"build_s\":%.3f,"
           "\"bytes_per_case\":%.1f,\"queries\":%" PRIu64
           ",\"median_ms\":%.4f,\"p99_ms\":%.4f,\"scored_mean\":%.0f,"
           "\"brute_queries\":%" PRIu64 ",\"brute_median_ms\":%.3f,\"agree\":%s}\n",
           n, seed, k, res.build_s, res.bytes_per_case, nq, res.median_ms, res.p99_ms,
           res.scored_mean, o.brute, res.brute_median_ms, res.agree ? "true" : "false");
    return res.agree ? 0 : 1;
}

int xa_cmd_bench(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "compstat"))
        return bench_compstat(argc - 1, argv + 1);
    if (argc >= 2 && !strcmp(argv[1], "linkage"))
        return bench_linkage(argc - 1, argv + 1);
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return XA_CLI_USAGE;
}
