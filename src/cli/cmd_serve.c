/*
 * cmd_serve.c - `xiaoan serve`: run the HTTP server until SIGINT or SIGTERM.
 */
#include "cli/cli.h"

#include "base/log.h"
#include "http/server.h"
#include "service/analysis_svc.h"
#include "service/linkage_svc.h"

#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Progress of the analysis index's load: a line per tenth of a large database. */
static void load_progress(void *arg, size_t done, size_t total)
{
    size_t *next = arg;
    if (total < 100000 || done < *next)
        return;
    fprintf(stderr, "xiaoan: analysis index: %zu of %zu incidents\n", done, total);
    *next = done + total / 10;
}

/* Loads the analysis index before the first request, so every query finds it. */
static int load_index(const char *db)
{
    struct xa_store *s;
    struct xa_analysis_load_stats st;
    size_t next = 0;
    int rc = xa_ctx_connect(db, &s);
    if (rc) {
        fprintf(stderr, "xiaoan serve: cannot open database '%s': %s\n", db, xa_strerror(rc));
        return rc;
    }
    rc = xa_analysis_svc_load(s, load_progress, &next, &st);
    if (rc)
        fprintf(stderr, "xiaoan serve: cannot load the analysis index: %s\n",
                xa_ctx_store_errmsg(s));
    else
        fprintf(
            stderr,
            "xiaoan: analysis index: %zu incidents in %.2f s, %zu B each (%.1f MiB allocated)\n",
            st.n_incidents, st.seconds, st.row_bytes, (double)st.alloc_bytes / 1048576.0);
    xa_ctx_disconnect(s);
    return rc;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: xiaoan serve [--db FILE] [--listen ADDR:PORT] [--web DIR] [--threads N]\n"
            "\n"
            "  --db FILE          database (default %s)\n"
            "  --listen ADDR:PORT address to listen on (default 127.0.0.1:8080; port 0 picks one)\n"
            "  --web DIR          static web UI (default web/dist when built)\n"
            "  --threads N        worker threads (default 8)\n",
            XA_CLI_DEFAULT_DB);
}

static const char *default_web(void)
{
    struct stat sb;
    if (stat("web/dist/index.html", &sb) == 0)
        return "web/dist";
    fprintf(stderr, "xiaoan serve: web/dist not built ('make' builds it): serving the API only\n");
    return NULL;
}

int xa_cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},  {"listen", required_argument, NULL, 'l'},
        {"web", required_argument, NULL, 'w'}, {"threads", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},      {NULL, 0, NULL, 0},
    };
    struct xa_server_config cfg = {.db = XA_CLI_DEFAULT_DB, .listen = "127.0.0.1:8080"};
    int c;
    optind = 1;
    /* Many threads allocate and free per request: glibc would give memory back to the kernel
     * (madvise) on nearly every request, flushing TLBs on both cores (a fifth of a write's
     * time, measured). Keep up to 64 MiB free per arena instead. */
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            cfg.db = optarg;
            break;
        case 'l':
            cfg.listen = optarg;
            break;
        case 'w':
            cfg.web_dir = optarg;
            break;
        case 't': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (*end || n < 1 || n > 256) {
                fprintf(stderr, "xiaoan serve: --threads must be 1..256\n");
                return XA_CLI_USAGE;
            }
            cfg.threads = (unsigned)n;
            break;
        }
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
    if (!cfg.web_dir)
        cfg.web_dir = default_web();

    /* the pool threads inherit this mask, so only sigwait() below sees the signals */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    int lrc = load_index(cfg.db);
    if (lrc)
        return lrc == XA_EINVAL ? XA_CLI_USAGE : 1;
    lrc = xa_linkage_svc_load(cfg.db);
    if (lrc) {
        fprintf(stderr, "xiaoan serve: cannot load the series linkage index: %s\n",
                xa_strerror(lrc));
        xa_analysis_svc_unload();
        return 1;
    }
    struct xa_server *srv;
    int rc = xa_server_start(&cfg, &srv);
    if (rc) {
        fprintf(stderr, "xiaoan serve: cannot start: %s\n", xa_strerror(rc));
        xa_analysis_svc_unload();
        xa_linkage_svc_unload();
        return rc == XA_EINVAL ? XA_CLI_USAGE : 1;
    }
    const char *colon = strrchr(cfg.listen, ':');
    fprintf(stderr, "xiaoan: serving http://%.*s:%u/ (database %s, web %s)\n",
            (int)(colon - cfg.listen), cfg.listen, (unsigned)xa_server_port(srv), cfg.db,
            cfg.web_dir ? cfg.web_dir : "none");
    int sig = 0;
    sigwait(&set, &sig);
    xa_log(XA_LOG_INFO, "signal %d: stopping", sig);
    xa_server_stop(srv);
    xa_analysis_svc_unload();
    xa_linkage_svc_unload();
    return 0;
}
