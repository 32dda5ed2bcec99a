/*
 * main.c - `xiaoan <command> [options]`: dispatch to the subcommand and shared CLI helpers.
 */
#include "cli/cli.h"

#include "base/mem.h"
#include "base/msg.h"

#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"serve", xa_cmd_serve, "serve the web UI and the API"},
    {"init", xa_cmd_init, "create a database with its bureau and an administrator"},
    {"user", xa_cmd_user, "add, list users and set passwords"},
    {"demo", xa_cmd_demo, "create the demo county (stations, grids, officers, a year of calls)"},
    {"linkage", xa_cmd_linkage, "series linkage: evaluate the model on labelled crimes"},
    {"import", xa_cmd_import, "import incidents from CSV"},
    {"bench", xa_cmd_bench, "time the analysis engine in-process (CompStat, linkage top-k)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: xiaoan <command> [options]\n\n"
               "Xiao'an (小案) - grassroots policing platform.\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\n'xiaoan <command> --help' shows the options of a command.\n");
}

void xa_cli_report(const struct xa_ctx *ctx, int rc, const char *what)
{
    if (ctx->verr.n) {
        for (size_t i = 0; i < ctx->verr.n; i++)
            fprintf(stderr, "xiaoan: %s: %s: %s\n", what, ctx->verr.items[i].field,
                    xa_msg_text(ctx->verr.items[i].reason, 1));
        return;
    }
    if (ctx->reason)
        fprintf(stderr, "xiaoan: %s: %s%s%s\n", what, ctx->field ? ctx->field : "",
                ctx->field ? ": " : "", xa_msg_text(ctx->reason, 1));
    else
        fprintf(stderr, "xiaoan: %s: %s (%s)\n", what, xa_strerror(rc),
                xa_ctx_store_errmsg(ctx->store));
}

char *xa_cli_read_line(void)
{
    char buf[512];
    if (!fgets(buf, sizeof(buf), stdin))
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    return xa_xstrdup(buf);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return XA_CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("xiaoan %s\n", XA_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "xiaoan: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return XA_CLI_USAGE;
}
