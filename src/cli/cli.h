/*
 * cli.h - the subcommands of `xiaoan` (one file each, like git's builtin/) and what they share.
 *
 * Every subcommand takes (argc, argv) with argv[0] its own name, prints its usage on --help
 * (exit 0) and on wrong arguments (exit 2), and returns 1 when the work itself fails.
 */
#ifndef XA_CLI_H
#define XA_CLI_H

#include "service/ctx.h"

#include <stdio.h>

#define XA_CLI_USAGE 2
#define XA_CLI_DEFAULT_DB "xiaoan.db"

int xa_cmd_serve(int argc, char **argv);
int xa_cmd_init(int argc, char **argv);
int xa_cmd_user(int argc, char **argv);
int xa_cmd_demo(int argc, char **argv);
int xa_cmd_linkage(int argc, char **argv);
int xa_cmd_import(int argc, char **argv);
int xa_cmd_bench(int argc, char **argv);

/* Prints a service refusal (its field problems or reason) as "xiaoan: ..." lines on stderr. */
void xa_cli_report(const struct xa_ctx *ctx, int rc, const char *what);

/* Reads one line (a password) from stdin without its newline; NULL at EOF. Caller frees. */
char *xa_cli_read_line(void);

#endif
