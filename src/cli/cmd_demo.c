/*
 * cmd_demo.c - `xiaoan demo`: build the demo county into a new database and print its logins.
 */
#include "cli/cli.h"

#include "base/msg.h"
#include "base/time.h"
#include "core/user.h"
#include "service/auth_svc.h"
#include "service/demo_svc.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f,
            "usage: xiaoan demo [--db FILE] [--seed N] [--password P] [--days N]\n"
            "\n"
            "Creates the demo county 青山县 (a bureau, five police stations with their teams,\n"
            "48 grids, about seventy officers, N days of incidents and the cases opened from\n"
            "them, default %d (two years, so this year compares with the last), with planted\n"
            "series, the series analysts confirmed and a clue ledger) in a new database, then\n"
            "exits; `xiaoan serve` shows it. The same seed (default 1) gives the same county.\n"
            "Every demo user has the password P (default %s).\n",
            XA_DEMO_DEFAULT_DAYS, XA_DEMO_DEFAULT_PASSWORD);
}

/* Whole decimal number in [lo, hi]. */
static bool parse_num(const char *s, unsigned long long lo, unsigned long long hi,
                      unsigned long long *out)
{
    char *end;
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static void print_summary(const char *db, const struct xa_demo_opts *o,
                          const struct xa_demo_summary *sum, double secs)
{
    char anchor[XA_TIME_TEXT_MAX];
    xa_time_format(sum->anchor, anchor);
    printf("created the demo county 青山县 in '%s' (seed %" PRIu64 ", %d days to %s, %.1f s)\n", db,
           o->seed, o->days, anchor, secs);
    printf("  units %zu, grids %zu, users %zu\n", sum->n_units, sum->n_grids, sum->n_users);
    printf("  incidents %zu (%zu timeline events), open %zu, overdue %zu\n", sum->n_incidents,
           sum->n_events, sum->n_open, sum->n_overdue);
    printf("  cases %zu, solved %zu (%.0f%%), open %zu, overdue %zu; %zu arrests\n", sum->n_cases,
           sum->n_solved, sum->n_cases ? 100.0 * (double)sum->n_solved / (double)sum->n_cases : 0.0,
           sum->n_cases_open, sum->n_case_overdue, sum->n_arrests);
    printf("  loss %.0f yuan, recovered %.0f yuan; %zu planted series of %zu cases (demo_series)\n",
           (double)sum->loss_fen / 100, (double)sum->recovered_fen / 100, sum->n_series,
           sum->n_series_cases);
    printf("  confirmed series %zu of %zu cases; clues %zu, verified %zu, open %zu\n",
           sum->n_confirmed, sum->n_confirmed_cases, sum->n_clues, sum->n_clues_verified,
           sum->n_clues_open);
    printf("\nlogins (password for all: %s)\n", o->password);
    printf("  %-14s %-8s %-13s %s\n", "username", "name", "role", "unit");
    for (size_t i = 0; i < sum->n_logins; i++) {
        const struct xa_demo_login *l = &sum->logins[i];
        /* pad by display width: a Chinese character is 3 bytes and 2 columns */
        int pad = 8 - (int)strlen(l->name) / 3 * 2;
        printf("  %-14s %s%*s %-13s %s\n", l->username, l->name, pad > 0 ? pad : 0, "", l->role,
               l->unit_name);
    }
    printf("  (more: desk6.. patrol6.. community6.. investigator6.. analyst2..; "
           "`xiaoan user list --db %s`)\n",
           db);
}

int xa_cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},       {"seed", required_argument, NULL, 's'},
        {"password", required_argument, NULL, 'p'}, {"days", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    const char *db = XA_CLI_DEFAULT_DB;
    struct xa_demo_opts o = {
        .seed = 1, .days = XA_DEMO_DEFAULT_DAYS, .password = XA_DEMO_DEFAULT_PASSWORD};
    unsigned long long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 's':
            if (!parse_num(optarg, 0, UINT64_MAX, &v)) {
                fprintf(stderr, "xiaoan demo: --seed wants a whole number, not '%s'\n", optarg);
                usage(stderr);
                return XA_CLI_USAGE;
            }
            o.seed = v;
            break;
        case 'n':
            if (!parse_num(optarg, 1, XA_DEMO_DAYS_MAX, &v)) {
                fprintf(stderr, "xiaoan demo: --days wants 1 to %d, not '%s'\n", XA_DEMO_DAYS_MAX,
                        optarg);
                usage(stderr);
                return XA_CLI_USAGE;
            }
            o.days = (int)v;
            break;
        case 'p':
            o.password = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return XA_CLI_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        return XA_CLI_USAGE;
    }
    const char *weak = xa_user_password_problem(o.password);
    if (weak) {
        fprintf(stderr, "xiaoan demo: --password %s\n", xa_msg_text(weak, 1));
        return XA_CLI_USAGE;
    }

    int ret = 1;
    struct xa_store *s = NULL;
    struct xa_arena arena;
    struct xa_ctx ctx;
    struct xa_demo_summary sum;
    double t0 = xa_time_mono();
    xa_arena_init(&arena);
    if (xa_auth_svc_init() || xa_ctx_connect(db, &s)) {
        fprintf(stderr, "xiaoan demo: cannot open database '%s'\n", db);
        goto out;
    }
    xa_ctx_init(&ctx, s, &arena, xa_ctx_cli_actor());
    int rc = xa_demo_svc_build(&ctx, &o, &sum);
    if (rc == XA_ECONFLICT) {
        fprintf(stderr,
                "xiaoan demo: database '%s' already has units; the demo needs a new database\n",
                db);
        goto out;
    }
    if (rc) {
        xa_cli_report(&ctx, rc, "demo");
        goto out;
    }
    print_summary(db, &o, &sum, xa_time_mono() - t0);
    ret = 0;
out:
    xa_ctx_disconnect(s);
    xa_arena_release(&arena);
    return ret;
}
