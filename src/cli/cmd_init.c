/*
 * cmd_init.c - `xiaoan init`: a new database with its bureau (分局) and one administrator.
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
    fprintf(f,
            "usage: xiaoan init [--db FILE] [--bureau-code CODE] [--bureau-name NAME]\n"
            "                   [--admin USERNAME] [--password P | --password-stdin]\n"
            "\n"
            "Creates the database (or brings its schema up to date), the bureau and an\n"
            "administrator. Without a password one is generated and printed once.\n");
}

int xa_cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"bureau-code", required_argument, NULL, 'c'},
        {"bureau-name", required_argument, NULL, 'n'},
        {"admin", required_argument, NULL, 'a'},
        {"password", required_argument, NULL, 'p'},
        {"password-stdin", no_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = XA_CLI_DEFAULT_DB, *code = "FJ", *name = "县公安局", *admin = "admin";
    char *password = NULL;
    bool from_stdin = false;
    int c, ret = 1;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'c':
            code = optarg;
            break;
        case 'n':
            name = optarg;
            break;
        case 'a':
            admin = optarg;
            break;
        case 'p':
            free(password);
            password = xa_xstrdup(optarg);
            break;
        case 's':
            from_stdin = true;
            break;
        case 'h':
            usage(stdout);
            free(password);
            return 0;
        default:
            usage(stderr);
            free(password);
            return XA_CLI_USAGE;
        }
    }
    if (optind != argc) {
        usage(stderr);
        free(password);
        return XA_CLI_USAGE;
    }
    if (from_stdin) {
        free(password);
        password = xa_cli_read_line();
    }
    bool generated = false;
    if (!password) {
        static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
        unsigned char rnd[14];
        FILE *ur = fopen("/dev/urandom", "rb");
        if (!ur || fread(rnd, 1, sizeof(rnd), ur) != sizeof(rnd)) {
            fprintf(stderr, "xiaoan init: cannot read /dev/urandom\n");
            if (ur)
                fclose(ur);
            return 1;
        }
        fclose(ur);
        password = xa_xmalloc(sizeof(rnd) + 1);
        for (size_t i = 0; i < sizeof(rnd); i++)
            password[i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
        password[sizeof(rnd)] = '\0';
        generated = true;
    }

    struct xa_store *s = NULL;
    struct xa_arena arena;
    struct xa_ctx ctx;
    xa_arena_init(&arena);
    if (xa_auth_svc_init() || xa_ctx_connect(db, &s)) {
        fprintf(stderr, "xiaoan init: cannot open database '%s'\n", db);
        goto out;
    }
    xa_ctx_init(&ctx, s, &arena, xa_ctx_cli_actor());
    struct xa_unit bureau;
    int rc = xa_org_svc_unit_find(&ctx, code, &bureau);
    if (rc == XA_OK) {
        printf("database '%s' is up to date; bureau %s already exists\n", db, code);
        ret = 0;
        goto out;
    }
    xa_ctx_init(&ctx, s, &arena, xa_ctx_cli_actor());
    bureau = (struct xa_unit){.code = code, .name = name, .kind = XA_UNIT_BUREAU};
    rc = xa_org_svc_unit_add(&ctx, &bureau);
    if (rc) {
        xa_cli_report(&ctx, rc, "bureau");
        goto out;
    }
    struct xa_user u = {.username = admin, .name = "系统管理员", .role = XA_ROLE_ADMIN,
                        .unit_id = bureau.id};
    xa_ctx_init(&ctx, s, &arena, xa_ctx_cli_actor());
    rc = xa_org_svc_user_add(&ctx, &u, password);
    if (rc) {
        xa_cli_report(&ctx, rc, "admin");
        goto out;
    }
    printf("created database '%s' with bureau %s (%s) and administrator '%s'\n", db, code, name,
           admin);
    if (generated)
        printf("administrator password (shown once): %s\n", password);
    ret = 0;
out:
    xa_ctx_disconnect(s);
    xa_arena_release(&arena);
    free(password);
    return ret;
}
