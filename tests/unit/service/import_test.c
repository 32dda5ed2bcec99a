/*
 * import_test.c - `xiaoan import incidents` at the service: good rows go in with their fields
 * (and a code when they bring none), bad rows are reported by line and field and skipped, a
 * taken code skips only its row, quoted fields keep their commas, quotes and newlines, a header
 * that cannot work writes nothing, and every import leaves one audit row. At scale (more rows
 * than one hand-over batch, one insert chunk and one transaction): a bad row and a taken code
 * deep inside are still reported by line and skipped, every other row is there in file order
 * with consecutive ids, and generated codes stay unique and in order. In the store: a refused
 * row in the middle of a chunk undoes only itself.
 *
 * Each test imports into a fresh SQLite file holding one bureau, one station (CG) and its team,
 * at a fixed clock (T0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "core/unit.h"
#include "service/import_svc.h"
#include "store/store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 INT64_C(1763890000) /* 2025-11-23T17:26:40+08:00 */
#define MAX_BAD 16

struct bad {
    size_t line;
    char field[32], reason[32];
};

struct fx {
    char path[512];
    struct xa_store *s;
    struct xa_arena a;
    struct xa_ctx ctx;
    int64_t station_id;
    struct bad bad[MAX_BAD];
    size_t n_bad;
};

static void remove_db(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

static int setup(void **state)
{
    static unsigned counter;
    struct fx *fx = calloc(1, sizeof(*fx));
    const char *dir = getenv("XA_TEST_TMP");
    if (!dir || !*dir || (mkdir(dir, 0700) != 0 && errno != EEXIST))
        dir = "/tmp";
    snprintf(fx->path, sizeof(fx->path), "%s/import-test-%ld-%u.db", dir, (long)getpid(),
             counter++);
    remove_db(fx->path);
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    xa_arena_init(&fx->a);
    xa_ctx_init(&fx->ctx, fx->s, &fx->a, xa_ctx_cli_actor());
    fx->ctx.now = T0;
    struct xa_unit bureau = {.code = "QS", .name = "青山县公安局", .kind = XA_UNIT_BUREAU};
    struct xa_unit station = {.code = "CG", .name = "城关派出所", .kind = XA_UNIT_STATION};
    struct xa_unit team = {.code = "CG_SQ", .name = "社区警务队", .kind = XA_UNIT_TEAM};
    assert_int_equal(xa_store_begin(fx->s, true), XA_OK);
    assert_int_equal(xa_store_unit_put(fx->s, &bureau), XA_OK);
    station.parent_id = bureau.id;
    assert_int_equal(xa_store_unit_put(fx->s, &station), XA_OK);
    team.parent_id = station.id;
    assert_int_equal(xa_store_unit_put(fx->s, &team), XA_OK);
    assert_int_equal(xa_store_commit(fx->s), XA_OK);
    fx->station_id = station.id;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    xa_store_close(fx->s);
    xa_arena_release(&fx->a);
    remove_db(fx->path);
    free(fx);
    return 0;
}

static void on_bad(void *arg, size_t line, const char *field, const char *reason)
{
    struct fx *fx = arg;
    if (fx->n_bad < MAX_BAD) {
        struct bad *b = &fx->bad[fx->n_bad++];
        b->line = line;
        snprintf(b->field, sizeof(b->field), "%s", field);
        snprintf(b->reason, sizeof(b->reason), "%s", reason);
    }
}

static int import_text(struct fx *fx, const char *csv, struct xa_import_stats *st)
{
    FILE *in = fmemopen((void *)csv, strlen(csv), "r");
    assert_non_null(in);
    int rc = xa_import_svc_incidents(&fx->ctx, in, "test.csv", on_bad, fx, st);
    fclose(in);
    return rc;
}

static bool has_bad(const struct fx *fx, size_t line, const char *field, const char *reason)
{
    for (size_t i = 0; i < fx->n_bad; i++)
        if (fx->bad[i].line == line && !strcmp(fx->bad[i].field, field) &&
            !strcmp(fx->bad[i].reason, reason))
            return true;
    return false;
}

static int64_t count_audit(struct fx *fx, const char **detail)
{
    struct xa_audit_filter f = {.action = "incident.import", .page = 1, .per_page = 10};
    struct xa_audit *v;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_audit_list(fx->s, &fx->a, &f, &v, &n, &total), XA_OK);
    if (n && detail)
        *detail = v[0].detail;
    return total;
}

static const char header[] =
    "code,unit,channel,category,priority,received_at,occurred_at,lat,lon,address,narrative,"
    "status\n";

static void good_rows_go_in_and_bad_rows_are_reported_by_line_and_skipped(void **state)
{
    struct fx *fx = *state;
    char csv[2048];
    snprintf(csv, sizeof(csv),
             "%s"
             "CG-20250301-0001,CG,phone,dispute,3,1740788100,,30.6,114.3,城关镇人民路1号,邻里纠纷,"
             "closed\n"                                                          /* 2 good */
             ",CG,walk_in,criminal,1,2025-03-01 09:00,,,,,电动车被盗,received\n" /* 3 good */
             "X-1,ZZ,phone,help,3,1740788100,,,,,求助,closed\n"                  /* 4 unit */
             "X-2,CG,phone,murder,3,1740788100,,,,,求助,closed\n"                /* 5 category */
             "X-3,CG,phone,help,9,1740788100,,,,,求助,closed\n"                  /* 6 priority */
             "X-4,CG,phone,help,3,2031-01-01,,,,,求助,closed\n"                  /* 7 future */
             "X-5,CG,phone,help,3,1740788100,,30.6,,,求助,closed\n"              /* 8 lat only */
             "X-6,CG,phone,help,3,1740788100,,,,,,closed\n"                      /* 9 narrative */
             "\n"
             "X-7,CG,phone,help,3,yesterday,,,,,求助,closed\n" /* 11 time */
             "X-8,CG,phone,help,3,1740788100,,,,,求助,open\n"  /* 12 status */
             "CG-20250302-0001,CG,bank,other,4,1740880000,1740870000,,,,银行预警,handled\n",
             header);
    struct xa_import_stats st;
    assert_int_equal(import_text(fx, csv, &st), XA_OK);
    assert_int_equal(st.n_rows, 11);
    assert_int_equal(st.n_imported, 3);
    assert_int_equal(st.n_bad, 8);
    assert_true(has_bad(fx, 4, "unit", "no_such_unit"));
    assert_true(has_bad(fx, 5, "category", "unknown_value"));
    assert_true(has_bad(fx, 6, "priority", "out_of_range"));
    assert_true(has_bad(fx, 7, "received_at", "in_future"));
    assert_true(has_bad(fx, 8, "lon", "lat_lon_pair"));
    assert_true(has_bad(fx, 9, "narrative", "required"));
    assert_true(has_bad(fx, 11, "received_at", "bad_time"));
    assert_true(has_bad(fx, 12, "status", "unknown_value"));

    struct xa_incident inc;
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, st.first_id, &inc), XA_OK);
    assert_string_equal(inc.code, "CG-20250301-0001");
    assert_int_equal(inc.unit_id, fx->station_id);
    assert_int_equal(inc.category, 3); /* dispute */
    assert_int_equal(inc.received_at, 1740788100);
    assert_true(inc.has_location);
    assert_string_equal(inc.address, "城关镇人民路1号");
    assert_int_equal(inc.status, 6);
    assert_int_equal(inc.due_next, 0); /* closed: no step waits */
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, st.first_id + 1, &inc), XA_OK);
    assert_string_equal(inc.code, "CG-20250301-0002"); /* the file's code took 0001 */
    assert_int_equal(inc.received_at, 1740790800);     /* 09:00 Shanghai */
    assert_false(inc.has_location);
    assert_int_equal(inc.status, 1);
    assert_int_equal(inc.due_next, inc.due_dispatch); /* received: dispatch is due */
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, st.last_id, &inc), XA_OK);
    assert_int_equal(inc.occurred_at, 1740870000);

    const char *detail = NULL;
    assert_int_equal(count_audit(fx, &detail), 1);
    assert_non_null(strstr(detail, "\"imported\":3"));
    assert_non_null(strstr(detail, "\"bad\":8"));
}

static void a_taken_code_skips_only_its_row(void **state)
{
    struct fx *fx = *state;
    char csv[1024];
    snprintf(csv, sizeof(csv),
             "%sA-1,CG,phone,help,3,1740788100,,,,,一,closed\n"
             "A-1,CG,phone,help,3,1740788200,,,,,二,closed\n"
             "A-2,CG,phone,help,3,1740788300,,,,,三,closed\n",
             header);
    struct xa_import_stats st;
    assert_int_equal(import_text(fx, csv, &st), XA_OK);
    assert_int_equal(st.n_imported, 2);
    assert_int_equal(st.n_bad, 1);
    assert_true(has_bad(fx, 3, "code", "taken"));
    struct xa_incident inc;
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, st.last_id, &inc), XA_OK);
    assert_string_equal(inc.code, "A-2");
    assert_string_equal(inc.narrative, "三");
}

static void quoted_fields_keep_commas_quotes_and_newlines(void **state)
{
    struct fx *fx = *state;
    const char csv[] = "\xEF\xBB\xBFunit,category,received_at,narrative,address\r\n"
                       "CG,help,1740788100,\"第一行,\r\n第二行 \"\"引号\"\"\",\"路,1号\"\r\n"
                       "CG,help,1740788100,,\r\n"; /* line 4: no narrative */
    struct xa_import_stats st;
    assert_int_equal(import_text(fx, csv, &st), XA_OK);
    assert_int_equal(st.n_imported, 1);
    assert_true(has_bad(fx, 4, "narrative", "required"));
    struct xa_incident inc;
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, st.first_id, &inc), XA_OK);
    assert_string_equal(inc.narrative, "第一行,\r\n第二行 \"引号\"");
    assert_string_equal(inc.address, "路,1号");
    assert_int_equal(inc.channel, 1);  /* phone */
    assert_int_equal(inc.priority, 3); /* the default */
}

static void a_header_that_cannot_work_writes_nothing(void **state)
{
    struct fx *fx = *state;
    struct xa_import_stats st;
    assert_int_equal(import_text(fx, "unit,category,narrative,colour\nCG,help,x,red\n", &st),
                     XA_EVALIDATION);
    assert_int_equal(fx->ctx.verr.n, 2);
    assert_int_equal(st.n_imported, 0);
    assert_int_equal(count_audit(fx, NULL), 0);
    struct xa_incident inc;
    assert_int_equal(xa_store_incident_get(fx->s, &fx->a, 1, &inc), XA_ENOTFOUND);
}

/* A CSV of n rows (header included) built by row(i, buf) for data rows 1..n; caller frees. */
static char *big_csv(size_t n, void (*row)(size_t i, char *buf, size_t len))
{
    size_t cap = 128 * (n + 1), len = 0;
    char *csv = malloc(cap);
    assert_non_null(csv);
    len += (size_t)snprintf(csv, cap, "%s", header);
    for (size_t i = 1; i <= n; i++) {
        char line[128];
        row(i, line, sizeof(line));
        size_t k = strlen(line);
        assert_true(len + k < cap);
        memcpy(csv + len, line, k + 1);
        len += k;
    }
    return csv;
}

#define BIG_N ((size_t)XA_IMPORT_BATCH + 5000) /* two transactions, many batches and chunks */
#define BIG_BAD 9000                           /* data row with a priority out of range */
#define BIG_TAKEN 54321                        /* data row that repeats row 100's code */

static void big_row(size_t i, char *buf, size_t len)
{
    snprintf(buf, len, "B-%06zu,CG,phone,help,%d,%lld,,30.6,114.3,,第%zu条,closed\n",
             i == BIG_TAKEN ? (size_t)100 : i, i == BIG_BAD ? 9 : 3,
             (long long)(1740788100 + (int64_t)i), i);
}

static void a_bad_row_and_a_taken_code_deep_in_a_large_import_skip_only_themselves(void **state)
{
    struct fx *fx = *state;
    char *csv = big_csv(BIG_N, big_row);
    struct xa_import_stats st;
    assert_int_equal(import_text(fx, csv, &st), XA_OK);
    free(csv);
    assert_int_equal(st.n_rows, BIG_N);
    assert_int_equal(st.n_imported, BIG_N - 2);
    assert_int_equal(st.n_bad, 2);
    assert_int_equal(fx->n_bad, 2);
    assert_true(has_bad(fx, BIG_BAD + 1, "priority", "out_of_range")); /* line = row + 1 */
    assert_true(has_bad(fx, BIG_TAKEN + 1, "code", "taken"));
    assert_int_equal(st.last_id - st.first_id + 1, BIG_N - 2); /* consecutive ids */
    assert_int_equal(st.last_line, BIG_N + 1);
    /* every other row, in file order */
    size_t i = 1;
    for (int64_t id = st.first_id; id <= st.last_id; id++, i++) {
        if (i == BIG_BAD || i == BIG_TAKEN)
            i++;
        struct xa_arena a;
        xa_arena_init(&a);
        struct xa_incident inc;
        assert_int_equal(xa_store_incident_get(fx->s, &a, id, &inc), XA_OK);
        char code[32];
        snprintf(code, sizeof(code), "B-%06zu", i);
        assert_string_equal(inc.code, code);
        assert_int_equal(inc.received_at, 1740788100 + (int64_t)i);
        assert_true(inc.due_dispatch > inc.received_at); /* the SLA was applied */
        xa_arena_release(&a);
    }
    assert_int_equal(i, BIG_N + 1);
    const char *detail = NULL;
    assert_int_equal(count_audit(fx, &detail), 1);
    assert_non_null(strstr(detail, "\"bad\":2"));
}

#define GEN_N 12000 /* more than one hand-over batch */

static void gen_row(size_t i, char *buf, size_t len)
{
    /* no code; one station and one Shanghai day (2025-03-01), so one number sequence */
    snprintf(buf, len, ",CG,phone,help,3,%lld,,,,,第%zu条,closed\n",
             (long long)(1740758400 + (int64_t)i), i);
}

static void generated_codes_are_unique_and_in_file_order_across_batches(void **state)
{
    struct fx *fx = *state;
    char *csv = big_csv(GEN_N, gen_row);
    struct xa_import_stats st;
    assert_int_equal(import_text(fx, csv, &st), XA_OK);
    free(csv);
    assert_int_equal(st.n_imported, GEN_N);
    size_t i = 1;
    for (int64_t id = st.first_id; id <= st.last_id; id++, i++) {
        struct xa_arena a;
        xa_arena_init(&a);
        struct xa_incident inc;
        assert_int_equal(xa_store_incident_get(fx->s, &a, id, &inc), XA_OK);
        char code[32];
        snprintf(code, sizeof(code), "CG-20250301-%04zu", i);
        assert_string_equal(inc.code, code);
        xa_arena_release(&a);
    }
    assert_int_equal(i, GEN_N + 1);
}

static void a_second_import_on_the_same_connection_works(void **state)
{
    struct fx *fx = *state;
    char csv[1024];
    struct xa_import_stats st1, st2;
    snprintf(csv, sizeof(csv), "%sC-1,CG,phone,help,3,1740788100,,,,,一,closed\n", header);
    assert_int_equal(import_text(fx, csv, &st1), XA_OK);
    snprintf(csv, sizeof(csv), "%sC-2,CG,phone,help,3,1740788100,,,,,二,closed\n", header);
    assert_int_equal(import_text(fx, csv, &st2), XA_OK);
    assert_int_equal(st2.n_imported, 1);
    assert_int_equal(st2.first_id, st1.last_id + 1);
    assert_int_equal(count_audit(fx, NULL), 2);
}

static void a_refused_row_in_the_middle_of_a_chunk_undoes_only_itself(void **state)
{
    struct fx *fx = *state;
    enum { N = 100, REFUSED = 60 };
    struct xa_incident v[N];
    char codes[N][16];
    for (int i = 0; i < N; i++) {
        snprintf(codes[i], sizeof(codes[i]), "S-%03d", i);
        v[i] = (struct xa_incident){
            .code = codes[i],
            .unit_id = i == REFUSED ? 999999 : fx->station_id, /* no such unit */
            .channel = 1,
            .category = 1,
            .priority = 3,
            .narrative = "x",
            .received_at = T0 - 100,
            .status = 6,
            .updated_at = T0,
        };
    }
    size_t done;
    assert_int_equal(xa_store_begin(fx->s, true), XA_OK);
    assert_int_equal(xa_store_incident_import(fx->s, v, N, &done), XA_ENOTFOUND);
    assert_int_equal(done, REFUSED);
    assert_int_equal(xa_store_incident_import(fx->s, v + REFUSED + 1, N - REFUSED - 1, &done),
                     XA_OK);
    assert_int_equal(done, N - REFUSED - 1);
    assert_int_equal(xa_store_commit(fx->s), XA_OK);
    for (int i = 0; i < N; i++) {
        if (i == REFUSED)
            continue;
        struct xa_incident inc;
        assert_int_equal(xa_store_incident_get(fx->s, &fx->a, v[i].id, &inc), XA_OK);
        assert_string_equal(inc.code, codes[i]);
        assert_int_equal(v[i].id, v[0].id + i - (i > REFUSED)); /* consecutive, in order */
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            good_rows_go_in_and_bad_rows_are_reported_by_line_and_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(a_taken_code_skips_only_its_row, setup, teardown),
        cmocka_unit_test_setup_teardown(quoted_fields_keep_commas_quotes_and_newlines, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_header_that_cannot_work_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_bad_row_and_a_taken_code_deep_in_a_large_import_skip_only_themselves, setup,
            teardown),
        cmocka_unit_test_setup_teardown(generated_codes_are_unique_and_in_file_order_across_batches,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_second_import_on_the_same_connection_works, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_refused_row_in_the_middle_of_a_chunk_undoes_only_itself,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
