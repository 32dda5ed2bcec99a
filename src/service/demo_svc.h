/*
 * demo_svc.h - the demo county (演示县): a fictional bureau with its stations, teams, grids,
 * officers and a history of incidents, for `xiaoan demo` and `make demo` (DESIGN §5).
 *
 * Everything is written in one store transaction with one audit row "demo.create", and only
 * into a database without units. Times are placed relative to an anchor, the moment the demo
 * is built: `days` whole days of history in Asia/Shanghai, then today's calls up to the anchor,
 * so that the open and overdue incidents are recent whenever the demo is built. The rows are
 * a function of (seed, days, anchor): two builds with the same seed at the same time (see
 * XA_FAKE_NOW) give the same rows.
 *
 * Cases (demo_case.c) are opened mostly from the criminal and public-order incidents and run
 * along their timelines to the anchor; a few planted series have their true membership in
 * the table demo_series, so that series linkage can score itself. The analysts have confirmed
 * the older planted series, the first nights of the latest spree and each habitual thief's
 * (惯犯) solved cases as series (demo_series.c), and kept a clue ledger (线索) over the history;
 * the latest car-door thefts are left for the linkage engine to propose.
 */
#ifndef XA_DEMO_SVC_H
#define XA_DEMO_SVC_H

#include "service/ctx.h"

#include <stddef.h>
#include <stdint.h>

#define XA_DEMO_DAYS_MAX 3650
#define XA_DEMO_DEFAULT_DAYS 730 /* two years: this year's figures have last year's to compare */
#define XA_DEMO_DEFAULT_PASSWORD "xiaoan-demo"

struct xa_demo_opts {
    uint64_t seed;        /* 0 is a seed like any other */
    int days;             /* whole days of history before today, 1..XA_DEMO_DAYS_MAX */
    const char *password; /* the password of every demo user (8-128 bytes) */
};

/* One demo login, for the printed list. */
struct xa_demo_login {
    const char *username;
    const char *name;      /* "王建国" */
    const char *role;      /* role code word: "desk" */
    const char *unit_name; /* "城关派出所综合指挥室" */
};

struct xa_demo_summary {
    int64_t anchor; /* history ends here: the moment of the build */
    size_t n_units, n_grids, n_users;
    size_t n_incidents, n_events;
    size_t n_open;                /* incidents not closed */
    size_t n_overdue;             /* open incidents past their next deadline at ctx->now */
    size_t n_cases, n_cases_open; /* cases; of them opened or investigating */
    size_t n_solved;              /* cases solved (and maybe transferred or closed since) */
    size_t n_case_overdue;        /* open cases past their next deadline at ctx->now */
    size_t n_persons, n_arrests, n_property, n_actions;
    int64_t loss_fen, recovered_fen;       /* over every case */
    size_t n_series, n_series_cases;       /* true series (demo_series) and their member cases */
    size_t n_confirmed, n_confirmed_cases; /* series confirmed by the anchor, their members */
    size_t n_clues, n_clues_verified, n_clues_open; /* the clue ledger */
    struct xa_demo_login *logins; /* the main logins (every role at every unit); arena-owned */
    size_t n_logins;
};

/* Builds the demo county into ctx->store as ctx->actor (the command line's administrator).
 * xa_auth_svc_init() must have run: the password is hashed once and shared by every user.
 * XA_EVALIDATION on bad opts (days, password), XA_ECONFLICT "not_empty" when the database
 * already has units, XA_ESTORE from the store; nothing is written unless XA_OK. */
XA_MUST_CHECK int xa_demo_svc_build(struct xa_ctx *ctx, const struct xa_demo_opts *opts,
                                    struct xa_demo_summary *out);

#endif
