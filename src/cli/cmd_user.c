/*
 * cmd_user.c - `xiaoan user add|list|passwd`: manage officers' accounts from the shell.
 */
#include "cli/cli.h"

#include "base/mem.h"
#include "core/vocab.h"
#include "service/auth_svc.h"
#include "service/org_svc.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: xiaoan user add --username U --name NAME --role ROLE --unit CODE\n"
               "                       [--phone P] [--badge B] [--password P | --password-stdin]\n"
               "                       [--db FILE]\n"
               "       xiaoan user list [--unit CODE] [--role ROLE] [--db FILE]\n"
               "       xiaoan user passwd --username U [--password P | --password-stdin] [--db FILE]\n"
               "\n"
               "roles: admin leader desk patrol community investigator analyst\n");
}

struct args {
    const char *db, *username, *name, *role, *unit, *phone, *badge;
    char *password;
    bool from_stdin;
};

static int parse(int argc, char **argv, struct args *a)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},       {"username", required_argument, NULL, 'u'},
        {"name", required_argument, NULL, 'n'},     {"role", required_argument, NULL, 'r'},
        {"unit", required_argument, NULL, 't'},     {"phone", required_argument, NULL, 'p'},
        {"badge", required_argument, NULL, 'b'},    {"password", required_argument, NULL, 'w'},
        {"password-stdin", no_argument, NULL, 's'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': a->db = optarg; break;
        case 'u': a->username = optarg; break;
        case 'n': a->name = optarg; break;
        case 'r': a->role = optarg; break;
        case 't': a->unit = optarg; break;
        case 'p': a->phone = optarg; break;
        case 'b': a->badge = optarg; break;
        case 'w':
            free(a->password);
            a->password = xa_xstrdup(optarg);
            break;
        case 's': a->from_stdin = true; break;
        case 'h': return 0;
        default: return XA_CLI_USAGE;
        }
    }
    if (optind != argc)
        return XA_CLI_USAGE;
    if (a->from_stdin) {
        free(a->password);
        a->password = xa_cli_read_line();
    }
    return -1;
}

static int add(struct xa_ctx *ctx, struct args *a)
{
    struct xa_unit unit;
    int role = 0, rc;
    if (!a->username || !a->name || !a->role || !a->unit || !a->password) {
        fprintf(stderr, "xiaoan user add: --username, --name, --role, --unit and a password are "
                        "required\n");
        return XA_CLI_USAGE;
    }
    if (xa_vocab_parse(&xa_vocab_role, a->role, &role)) {
        fprintf(stderr, "xiaoan user add: unknown role '%s'\n", a->role);
        return XA_CLI_USAGE;
    }
    rc = xa_org_svc_unit_find(ctx, a->unit, &unit);
    if (rc) {
        fprintf(stderr, "xiaoan user add: no unit with code '%s'\n", a->unit);
        return 1;
    }
    struct xa_user u = {.username = a->username, .name = a->name, .role = role,
                        .unit_id = unit.id, .phone = a->phone, .badge = a->badge};
    rc = xa_org_svc_user_add(ctx, &u, a->password);
    if (rc) {
        xa_cli_report(ctx, rc, "user add");
        return 1;
    }
    printf("added user '%s' (id %lld, %s, %s)\n", u.username, (long long)u.id, a->role, unit.name);
    return 0;
}

static int list(struct xa_ctx *ctx, struct args *a)
{
    struct xa_user_filter f = {0};
    struct xa_unit unit;
    if (a->role && xa_vocab_parse(&xa_vocab_role, a->role, &f.role)) {
        fprintf(stderr, "xiaoan user list: unknown role '%s'\n", a->role);
        return XA_CLI_USAGE;
    }
    if (a->unit) {
        if (xa_org_svc_unit_find(ctx, a->unit, &unit)) {
            fprintf(stderr, "xiaoan user list: no unit with code '%s'\n", a->unit);
            return 1;
        }
        f.unit_id = unit.id;
    }
    struct xa_user *users;
    size_t n;
    int rc = xa_org_svc_user_list(ctx, &f, &users, &n);
    if (rc) {
        xa_cli_report(ctx, rc, "user list");
        return 1;
    }
    printf("%-6s %-16s %-10s %-13s %-8s %s\n", "id", "username", "name", "role", "active",
           "unit");
    for (size_t i = 0; i < n; i++)
        printf("%-6lld %-16s %-10s %-13s %-8s %s\n", (long long)users[i].id, users[i].username,
               users[i].name ? users[i].name : "", xa_vocab_code(&xa_vocab_role, users[i].role),
               users[i].is_active ? "yes" : "no", users[i].unit_name ? users[i].unit_name : "");
    return 0;
}

static int passwd(struct xa_ctx *ctx, struct args *a)
{
    if (!a->username || !a->password) {
        fprintf(stderr, "xiaoan user passwd: --username and a password are required\n");
        return XA_CLI_USAGE;
    }
    int rc = xa_org_svc_user_passwd(ctx, a->username, a->password);
    if (rc) {
        xa_cli_report(ctx, rc, "user passwd");
        return 1;
    }
    printf("password of '%s' set\n", a->username);
    return 0;
}

int xa_cmd_user(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? XA_CLI_USAGE : 0;
    }
    const char *sub = argv[1];
    int (*fn)(struct xa_ctx *, struct args *) = !strcmp(sub, "add")      ? add
                                                : !strcmp(sub, "list")   ? list
                                                : !strcmp(sub, "passwd") ? passwd
                                                                         : NULL;
    if (!fn) {
        fprintf(stderr, "xiaoan user: unknown subcommand '%s'\n", sub);
        usage(stderr);
        return XA_CLI_USAGE;
    }
    struct args a = {.db = XA_CLI_DEFAULT_DB};
    int ret = parse(argc - 1, argv + 1, &a);
    if (ret >= 0) {
        usage(ret ? stderr : stdout);
        free(a.password);
        return ret;
    }
    struct xa_store *s = NULL;
    struct xa_arena arena;
    xa_arena_init(&arena);
    if (xa_auth_svc_init() || xa_ctx_connect(a.db, &s)) {
        fprintf(stderr, "xiaoan user: cannot open database '%s'\n", a.db);
        ret = 1;
    } else {
        struct xa_ctx ctx;
        xa_ctx_init(&ctx, s, &arena, xa_ctx_cli_actor());
        ret = fn(&ctx, &a);
    }
    xa_ctx_disconnect(s);
    xa_arena_release(&arena);
    free(a.password);
    return ret;
}
