/*
 * cmd_import.c - `xiaoan import incidents --db FILE --csv FILE`: incidents from a CSV file
 * (format in service/import_svc.h), bad rows reported on stderr by line and skipped, one
 * summary line on stdout.
 *
 * Exit: 0 when every row went in, 1 when some rows were bad or the import failed (the rows
 * of committed batches stay; the message says up to which line), 2 for wrong arguments or a
 * header that cannot work.
 */
#include "cli/cli.h"

#include "base/msg.h"
#include "service/import_svc.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BAD_SHOWN 100

static void usage(FILE *f)
{
    fprintf(f,
            "usage: xiaoan import incidents [--db FILE] --csv FILE\n"
            "\n"
            "Imports incidents (警情) from CSV; '-' reads standard input. The first row names\n"
            "the columns: unit, category, received_at, narrative (required); code, channel,\n"
            "priority, status, occurred_at, lat, lon, grid, address, caller_name, caller_phone\n"
            "(optional). Codes are words (category 'dispute', channel 'phone', status\n"
            "'closed'); times are epoch seconds or ISO 8601 (no offset = Asia/Shanghai).\n"
            "Bad rows are reported on stderr with their line and skipped; the good rows are\n"
            "committed durably in transactions of %d rows.\n"
            "\n"
            "  --db FILE   the database (default %s)\n"
            "  --csv FILE  the CSV file\n",
            XA_IMPORT_BATCH, XA_CLI_DEFAULT_DB);
}

struct shown {
    size_t n;
};

static void bad_row(void *arg, size_t line, const char *field, const char *reason)
{
    struct shown *sh = arg;
    if (sh->n++ < MAX_BAD_SHOWN)
        fprintf(stderr, "xiaoan import: line %zu: %s: %s (%s)\n", line, field, reason,
                xa_msg_text(reason, 1));
    else if (sh->n == MAX_BAD_SHOWN + 1)
        fprintf(stderr, "xiaoan import: more bad rows not shown\n");
}

int xa_cmd_import(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"csv", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = XA_CLI_DEFAULT_DB, *csv = NULL;
    int c;
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    if (argc < 2 || strcmp(argv[1], "incidents") != 0) {
        usage(stderr);
        return XA_CLI_USAGE;
    }
    argc--;
    argv++;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'c':
            csv = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return XA_CLI_USAGE;
        }
    }
    if (optind != argc || !csv) {
        usage(stderr);
        return XA_CLI_USAGE;
    }

    int ret = 1;
    struct xa_store *s = NULL;
    struct xa_arena arena;
    struct xa_ctx ctx;
    struct shown sh = {0};
    struct xa_import_stats st;
    FILE *in = strcmp(csv, "-") ? fopen(csv, "rb") : stdin;
    xa_arena_init(&arena);
    if (!in) {
        fprintf(stderr, "xiaoan import: cannot open '%s'\n", csv);
        goto out;
    }
    if (xa_ctx_connect(db, &s)) {
        fprintf(stderr, "xiaoan import: cannot open database '%s'\n", db);
        goto out;
    }
    xa_ctx_init(&ctx, s, &arena, xa_ctx_cli_actor());
    int rc = xa_import_svc_incidents(&ctx, in, csv, bad_row, &sh, &st);
    if (rc == XA_EVALIDATION) {
        xa_cli_report(&ctx, rc, "import: header");
        ret = XA_CLI_USAGE;
        goto out;
    }
    if (rc) {
        xa_cli_report(&ctx, rc, "import");
        if (rc == XA_ESTORE)
            fprintf(stderr, "xiaoan import: %s\n", xa_ctx_store_errmsg(s));
        fprintf(stderr, "xiaoan import: %zu rows committed, through line %zu\n", st.n_imported,
                st.last_line);
        goto out;
    }
    printf("imported %zu of %zu rows (%zu bad) in %.2f s, %.0f rows/s\n", st.n_imported, st.n_rows,
           st.n_bad, st.seconds, st.seconds > 0 ? (double)st.n_rows / st.seconds : 0);
    ret = st.n_bad ? 1 : 0;
out:
    if (in && in != stdin)
        fclose(in);
    xa_ctx_disconnect(s);
    xa_arena_release(&arena);
    return ret;
}
