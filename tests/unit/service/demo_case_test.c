/*
 * demo_case_test.c - the demo county's cases: a year in a realistic mix (theft dominant) with
 * clearance near the seeds' 60-65 %, each case in a grid of its station, owned and worked by an
 * investigator of it along a legal timeline before the build, opened from an incident that says
 * so, recovered property within the loss; the planted series recorded with their members; a few
 * recent cases overdue; the series analysts confirmed (true links only) and the clue ledger;
 * and the same seed giving the same cases, series and clues.
 *
 * One year is built once for the group (at the fixed clock T0); the seed test builds two short
 * histories of its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "base/time.h"
#include "core/case.h"
#include "core/unit.h"
#include "service/auth_svc.h"
#include "service/demo_svc.h"
#include "store/store.h"
#include "store/store_demo.h"
#include "store/store_series.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define T0 INT64_C(1763890000) /* 2025-11-23T17:26:40+08:00 */
#define YEAR 365
#define SHORT 30

struct fx {
    char path[512];
    struct xa_store *s;
    struct xa_arena a;
    struct xa_ctx ctx;
    struct xa_demo_summary sum;
    struct xa_case *cases; /* every case, by code */
    size_t n_cases;
    struct xa_grid *grids;
    size_t n_grids;
};

static void temp_path(char *out, size_t len)
{
    static unsigned counter;
    const char *dir = getenv("XA_TEST_TMP");
    if (!dir || !*dir)
        dir = "/tmp";
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        dir = "/tmp";
    snprintf(out, len, "%s/demo-case-test-%ld-%u.db", dir, (long)getpid(), counter++);
}

static void remove_db(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

static struct xa_case *all_cases(struct fx *fx, size_t *n_out)
{
    size_t n = 0;
    struct xa_case *all = NULL;
    for (int64_t page = 1;; page++) {
        struct xa_case_filter f = {.sort = "code", .page = page, .per_page = 200, .now = T0};
        struct xa_case *rows;
        size_t k;
        int64_t total;
        assert_int_equal(xa_store_case_list(fx->s, &fx->a, &f, &rows, &k, &total), XA_OK);
        if (!all)
            all = xa_arena_alloc(&fx->a, ((size_t)total + 1) * sizeof(*all));
        assert_true(n + k <= (size_t)total);
        memcpy(all + n, rows, k * sizeof(*rows));
        n += k;
        if (k < 200)
            break;
    }
    *n_out = n;
    return all;
}

static void fx_build(struct fx *fx, uint64_t seed, int days)
{
    memset(fx, 0, sizeof(*fx));
    temp_path(fx->path, sizeof(fx->path));
    remove_db(fx->path);
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    xa_arena_init(&fx->a);
    xa_ctx_init(&fx->ctx, fx->s, &fx->a, xa_ctx_cli_actor());
    fx->ctx.now = T0;
    struct xa_demo_opts o = {.seed = seed, .days = days, .password = "demo-pass-1"};
    assert_int_equal(xa_demo_svc_build(&fx->ctx, &o, &fx->sum), XA_OK);
    fx->cases = all_cases(fx, &fx->n_cases);
    assert_int_equal(xa_store_grid_list(fx->s, &fx->a, NULL, &fx->grids, &fx->n_grids), XA_OK);
}

static void fx_close(struct fx *fx)
{
    xa_store_close(fx->s);
    xa_arena_release(&fx->a);
    remove_db(fx->path);
}

static int year_setup(void **state)
{
    static struct fx fx;
    fx_build(&fx, 1, YEAR);
    *state = &fx;
    return 0;
}

static int year_teardown(void **state)
{
    fx_close(*state);
    return 0;
}

static const char *top_type(const struct xa_case *c)
{
    static char buf[32];
    size_t n = strcspn(c->type_code, ".");
    snprintf(buf, sizeof(buf), "%.*s", (int)n, c->type_code);
    return buf;
}

static void a_year_holds_thousands_of_cases_in_a_mix_where_theft_dominates(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(fx->n_cases, fx->sum.n_cases);
    assert_true(fx->n_cases >= 1500 && fx->n_cases <= 5000);
    size_t theft = 0, fraud = 0, robbery = 0, assault = 0, admin = 0, enterprise = 0;
    size_t car_door = 0, ebike = 0, burglary = 0, shop = 0, livestock = 0;
    for (size_t i = 0; i < fx->n_cases; i++) {
        const struct xa_case *c = &fx->cases[i];
        const char *top = top_type(c);
        theft += !strcmp(top, "theft");
        fraud += !strcmp(top, "fraud");
        robbery += !strcmp(top, "robbery") || !strcmp(top, "snatching");
        assault += !strcmp(top, "assault");
        admin += c->nature == XA_CASE_ADMINISTRATIVE;
        enterprise += c->is_enterprise;
        car_door += !strcmp(c->type_code, "theft.car_door");
        ebike += !strcmp(c->type_code, "theft.ebike");
        burglary += !strcmp(c->type_code, "theft.burglary");
        shop += !strcmp(c->type_code, "theft.shop");
        livestock += !strcmp(c->type_code, "theft.livestock");
    }
    double n = (double)fx->n_cases;
    assert_true(theft / n > 0.5);                  /* theft dominates */
    assert_true(fraud / n > 0.1 && fraud < theft); /* then telecom fraud */
    assert_true(robbery > 0 && robbery / n < 0.05);
    assert_true(assault > 0 && admin > 0 && enterprise > 0);
    assert_true(car_door > 50 && ebike > 50 && burglary > 50 && shop > 50 && livestock > 10);
}

static void clearance_over_the_year_is_near_the_seeds_sixty_five_percent(void **state)
{
    struct fx *fx = *state;
    size_t solved = 0, transferred = 0, closed = 0, suspended = 0, dropped = 0, arrests = 0;
    int64_t loss = 0, recovered = 0;
    for (size_t i = 0; i < fx->n_cases; i++) {
        const struct xa_case *c = &fx->cases[i];
        solved += c->solved_at != 0;
        transferred += c->status == XA_CASE_TRANSFERRED;
        closed += c->status == XA_CASE_CLOSED;
        suspended += c->status == XA_CASE_SUSPENDED;
        dropped += c->status == XA_CASE_DROPPED;
        arrests += (size_t)c->n_arrests;
        loss += c->loss_fen;
        recovered += c->recovered_fen;
    }
    double rate = (double)solved / (double)fx->n_cases;
    assert_true(rate >= 0.55 && rate <= 0.72);
    assert_int_equal(solved, fx->sum.n_solved);
    assert_true(transferred > 0 && closed > 0 && suspended > 0 && dropped > 0);
    assert_true(arrests > solved / 2); /* most solved cases have an arrest */
    assert_true(recovered > loss / 10 && recovered < loss);
    assert_int_equal(loss, fx->sum.loss_fen);
    assert_int_equal(recovered, fx->sum.recovered_fen);
}

static void every_case_lies_in_a_grid_of_its_station_and_an_investigator_of_it_owns_it(void **state)
{
    struct fx *fx = *state;
    for (size_t i = 0; i < fx->n_cases; i++) {
        const struct xa_case *c = &fx->cases[i];
        const struct xa_grid *g = NULL;
        for (size_t j = 0; j < fx->n_grids; j++)
            if (fx->grids[j].id == c->grid_id)
                g = &fx->grids[j];
        assert_non_null(g);
        assert_int_equal(g->unit_id, c->unit_id);
        assert_true(c->has_location);
        assert_non_null(c->mo_text);
        if (i % 7)
            continue;
        struct xa_user o;
        struct xa_unit st;
        assert_int_equal(xa_store_user_get(fx->s, &fx->a, c->owner_id, &o), XA_OK);
        assert_int_equal(o.role, XA_ROLE_INVESTIGATOR);
        assert_int_equal(xa_store_unit_get(fx->s, &fx->a, c->unit_id, &st), XA_OK);
        assert_int_equal(st.kind, XA_UNIT_STATION);
        assert_true(xa_unit_path_within(o.unit_path, st.path));
        assert_memory_equal(c->code, st.code, strlen(st.code)); /* the station's code */
    }
}

/* A sample of cases: the events replay through the state machine to the stored status, in
 * time order before T0; actions are done by the owner after opening; suspects of solved cases,
 * arrests of suspects; property found after opening and returned after found. */
static void every_case_follows_a_legal_timeline_before_the_build(void **state)
{
    struct fx *fx = *state;
    size_t checked = 0;
    for (size_t i = 0; i < fx->n_cases; i += 5, checked++) {
        const struct xa_case *c = &fx->cases[i];
        assert_true(c->reported_at <= c->opened_at && c->opened_at < T0);
        assert_true(c->window_from <= c->window_to && c->window_to <= c->reported_at);
        if (c->first_action_at)
            assert_true(c->first_action_at >= c->opened_at);
        if (c->solved_at) {
            assert_true(c->solved_at > c->first_action_at && c->first_action_at > 0);
            assert_true(c->n_suspects > 0);
        }
        if (c->closed_at)
            assert_true(c->closed_at > c->solved_at && c->closed_at < T0);
        assert_true(c->updated_at < T0);

        struct xa_case_event *ev;
        size_t n_ev;
        assert_int_equal(xa_store_case_event_list(fx->s, &fx->a, c->id, &ev, &n_ev), XA_OK);
        assert_true(n_ev >= 2);
        assert_int_equal(ev[0].op, XA_CASE_OP_OPEN);
        assert_int_equal(ev[0].at, c->opened_at);
        int status = 0;
        int64_t suspects = 0;
        for (size_t k = 0; k < n_ev; k++) {
            assert_int_equal(ev[k].from_status, status);
            if (ev[k].from_status != ev[k].to_status) {
                int to;
                const char *why;
                const char *reason = ev[k].note ? ev[k].note : "";
                assert_int_equal(
                    xa_case_next(status, ev[k].op, suspects ? suspects : 1, reason, &to, &why),
                    XA_OK);
                assert_int_equal(to, ev[k].to_status);
            }
            if (ev[k].op == XA_CASE_OP_PERSON && ev[k].note && strstr(ev[k].note, "嫌疑人"))
                suspects++;
            if (ev[k].op == XA_CASE_OP_SOLVE)
                assert_true(suspects > 0);
            if (k)
                assert_true(ev[k].at >= ev[k - 1].at);
            assert_true(ev[k].at < T0);
            status = ev[k].to_status;
        }
        assert_int_equal(status, c->status);

        struct xa_case_action *x;
        size_t n_x;
        assert_int_equal(xa_store_case_action_list(fx->s, &fx->a, c->id, &x, &n_x), XA_OK);
        assert_true(n_x >= 1);
        int64_t first = 0;
        for (size_t k = 0; k < n_x; k++) {
            assert_int_equal(x[k].due_at > c->opened_at, true);
            if (!x[k].done_at)
                continue;
            assert_int_equal(x[k].done_by, c->owner_id);
            assert_non_null(x[k].result);
            assert_true(x[k].done_at >= c->opened_at && x[k].done_at < T0);
            if (!first || x[k].done_at < first)
                first = x[k].done_at;
        }
        assert_int_equal(first, c->first_action_at);

        struct xa_case_person *cp;
        size_t n_cp;
        assert_int_equal(xa_store_case_person_link_list(fx->s, &fx->a, c->id, 0, NULL, &cp, &n_cp),
                         XA_OK);
        size_t victims = 0, linked_suspects = 0;
        for (size_t k = 0; k < n_cp; k++) {
            victims += cp[k].role == XA_CASE_ROLE_VICTIM || cp[k].role == XA_CASE_ROLE_REPORTER;
            linked_suspects += cp[k].role == XA_CASE_ROLE_SUSPECT;
            if (cp[k].role == XA_CASE_ROLE_SUSPECT)
                assert_true(cp[k].desc.height_min > 0 && cp[k].desc.build > 0);
        }
        assert_int_equal(victims, 1); /* or the reporter of gambling, of a brawl */
        assert_int_equal(linked_suspects, c->n_suspects);

        struct xa_arrest *ar;
        size_t n_ar;
        assert_int_equal(xa_store_case_arrest_list(fx->s, &fx->a, c->id, &ar, &n_ar), XA_OK);
        assert_int_equal(n_ar, c->n_arrests);
        for (size_t k = 0; k < n_ar; k++) {
            bool is_suspect = false;
            for (size_t j = 0; j < n_cp; j++)
                is_suspect |=
                    cp[j].role == XA_CASE_ROLE_SUSPECT && cp[j].person.id == ar[k].person_id;
            assert_true(is_suspect);
            assert_true(ar[k].at >= c->opened_at && ar[k].at <= c->solved_at);
            assert_int_equal(ar[k].unit_id, c->unit_id);
        }
    }
    assert_true(checked > 300);
}

static void recovered_property_is_part_of_the_loss_and_found_before_returned(void **state)
{
    struct fx *fx = *state;
    size_t serials = 0, returned = 0;
    for (size_t i = 0; i < fx->n_cases; i += 3) {
        const struct xa_case *c = &fx->cases[i];
        assert_true(c->recovered_fen >= 0 && c->recovered_fen <= c->loss_fen);
        struct xa_property *p;
        size_t n;
        assert_int_equal(xa_store_case_property_list(fx->s, &fx->a, c->id, NULL, NULL, &p, &n),
                         XA_OK);
        int64_t loss = 0, rec = 0;
        for (size_t k = 0; k < n; k++) {
            loss += p[k].value_fen;
            serials += p[k].serial != NULL;
            if (p[k].status == XA_PROPERTY_LOST) {
                assert_int_equal(p[k].found_at, 0);
                continue;
            }
            rec += p[k].value_fen;
            assert_true(p[k].found_at > c->opened_at && p[k].found_at < T0);
            if (p[k].status == XA_PROPERTY_RETURNED) {
                returned++;
                assert_true(p[k].returned_at > p[k].found_at && p[k].returned_at < T0);
            }
            if (!strcmp(c->type_code, "theft.ebike") && p[k].category == XA_PROPERTY_EBIKE)
                assert_non_null(p[k].serial); /* the frame number */
            if (p[k].category == XA_PROPERTY_PHONE)
                assert_int_equal(strlen(p[k].serial), 15); /* IMEI */
        }
        assert_int_equal(loss, c->loss_fen);
        assert_int_equal(rec, c->recovered_fen);
    }
    assert_true(serials > 100 && returned > 50);
}

static void cases_are_opened_from_incidents_whose_result_says_so(void **state)
{
    struct fx *fx = *state;
    size_t from_incident = 0;
    for (size_t i = 0; i < fx->n_cases; i++) {
        const struct xa_case *c = &fx->cases[i];
        if (!c->incident_id)
            continue;
        from_incident++;
        if (i % 11)
            continue;
        struct xa_incident inc;
        assert_int_equal(xa_store_incident_get(fx->s, &fx->a, c->incident_id, &inc), XA_OK);
        assert_true(inc.category == XA_CATEGORY_CRIMINAL ||
                    inc.category == XA_CATEGORY_PUBLIC_ORDER);
        assert_int_equal(inc.received_at, c->reported_at);
        assert_int_equal(inc.unit_id, c->unit_id);
        assert_int_equal(inc.grid_id, c->grid_id);
        assert_true(inc.handled_at && inc.handled_at < c->opened_at);
        assert_non_null(inc.result);
        char line[80];
        snprintf(line, sizeof(line), "已立案 %s", c->code);
        assert_non_null(strstr(inc.result, line));
    }
    assert_true(from_incident > fx->n_cases * 9 / 10); /* mostly; a few walk-ins */
    assert_true(from_incident < fx->n_cases);
}

static const struct xa_case *case_by_id(struct fx *fx, int64_t id)
{
    for (size_t i = 0; i < fx->n_cases; i++)
        if (fx->cases[i].id == id)
            return &fx->cases[i];
    return NULL;
}

static void the_planted_series_are_recorded_with_their_members(void **state)
{
    struct fx *fx = *state;
    struct xa_demo_series *m;
    size_t n;
    assert_int_equal(xa_store_demo_series_list(fx->s, &fx->a, &m, &n), XA_OK);
    assert_int_equal(n, fx->sum.n_series_cases);
    size_t cardoor = 0, dog = 0, ebike = 0, spree = 0, dog_solved = 0, ebike_solved = 0;
    size_t regular = 0;
    int64_t cardoor_grid = 0, first = INT64_MAX, last = 0;
    int64_t dog_grids[8] = {0}, ebike_grids[8] = {0};
    size_t n_dog_grids = 0, n_ebike_grids = 0;
    for (size_t i = 0; i < n; i++) {
        const struct xa_case *c = case_by_id(fx, m[i].case_id);
        assert_non_null(c);
        assert_non_null(m[i].name);
        if (!strcmp(m[i].code, "DEMO-CG-CARDOOR")) {
            cardoor++;
            assert_string_equal(c->type_code, "theft.car_door");
            assert_non_null(strstr(c->mo_tags, "night"));
            if (!cardoor_grid)
                cardoor_grid = c->grid_id;
            assert_int_equal(c->grid_id, cardoor_grid); /* one compound */
            first = c->window_to < first ? c->window_to : first;
            last = c->window_to > last ? c->window_to : last;
        } else if (!strcmp(m[i].code, "DEMO-SM-DOG")) {
            dog++;
            dog_solved += c->solved_at != 0;
            assert_string_equal(c->type_code, "theft.livestock");
            assert_non_null(strstr(c->mo_tags, "poison_bait"));
            size_t k = 0;
            while (k < n_dog_grids && dog_grids[k] != c->grid_id)
                k++;
            if (k == n_dog_grids)
                dog_grids[n_dog_grids++] = c->grid_id;
        } else if (!strcmp(m[i].code, "DEMO-SCHOOL-EBIKE")) {
            ebike++;
            ebike_solved += c->solved_at != 0;
            assert_string_equal(c->type_code, "theft.ebike");
            size_t k = 0;
            while (k < n_ebike_grids && ebike_grids[k] != c->grid_id)
                k++;
            if (k == n_ebike_grids)
                ebike_grids[n_ebike_grids++] = c->grid_id;
        } else if (!strncmp(m[i].code, "DEMO-REG-", 9)) {
            regular++;
            assert_true(c->solved_at != 0); /* a 惯犯's case is one he was caught for */
            assert_int_equal(strncmp(c->type_code, "theft", 5), 0);
        } else {
            assert_string_equal(m[i].code, "DEMO-HD-CARDOOR");
            spree++;
        }
    }
    assert_true(regular > 0);
    assert_int_equal(cardoor, 6);
    assert_true(last - first <= 24 * 86400 && last - first >= 14 * 86400); /* about 3 weeks */
    assert_int_equal(dog, 8);
    assert_true(n_dog_grids >= 2 && n_dog_grids <= 3);
    assert_int_equal(dog_solved, 1); /* caught in the act; the others wait for linkage */
    assert_int_equal(ebike, 10);
    assert_int_equal(n_ebike_grids, 2);
    assert_true(ebike_solved >= 3 && ebike_solved <= 4);
    assert_true(spree >= 10);
    assert_true(fx->sum.n_series > 4); /* the four planted and the 惯犯' */
}

static const char *truth_of(const struct xa_demo_series *m, size_t n, int64_t case_id)
{
    for (size_t i = 0; i < n; i++)
        if (m[i].case_id == case_id)
            return m[i].code;
    return NULL;
}

static void confirmed_series_link_only_cases_of_one_true_series(void **state)
{
    struct fx *fx = *state;
    struct xa_demo_series *m;
    size_t n_truth;
    assert_int_equal(xa_store_demo_series_list(fx->s, &fx->a, &m, &n_truth), XA_OK);
    struct xa_series_filter f = {.page = 1, .per_page = 1000};
    struct xa_series *ss;
    size_t n;
    int64_t total;
    assert_int_equal(xa_store_series_list(fx->s, &fx->a, &f, &ss, &n, &total), XA_OK);
    assert_int_equal(total, (int64_t)fx->sum.n_confirmed);
    assert_true(n >= 5 && n == (size_t)total);
    size_t members = 0, dog = 0, ebike = 0, spree = 0, cardoor = 0, noted = 0;
    for (size_t i = 0; i < n; i++) {
        struct xa_series_member *mm;
        size_t k;
        int64_t t;
        assert_int_equal(xa_store_series_member_list(fx->s, &fx->a, ss[i].id, NULL, &mm, &k, &t),
                         XA_OK);
        assert_true(k >= 2);
        assert_true(ss[i].created_at < T0 && ss[i].created_by != 0);
        assert_int_equal(strncmp(ss[i].code, "CB", 2), 0);
        const char *code = truth_of(m, n_truth, mm[0].case_id);
        assert_non_null(code); /* never a link that is not true */
        for (size_t j = 0; j < k; j++) {
            assert_string_equal(truth_of(m, n_truth, mm[j].case_id), code);
            const struct xa_case *c = case_by_id(fx, mm[j].case_id);
            assert_non_null(c);
            assert_true(mm[j].added_at >= ss[i].created_at && mm[j].added_at < T0);
            assert_true(mm[j].added_at > c->opened_at);
            assert_true(mm[j].added_by != 0);
        }
        members += k;
        dog += !strcmp(code, "DEMO-SM-DOG") ? k : 0;
        ebike += !strcmp(code, "DEMO-SCHOOL-EBIKE") ? k : 0;
        spree += !strcmp(code, "DEMO-HD-CARDOOR") ? k : 0;
        cardoor += !strcmp(code, "DEMO-CG-CARDOOR") ? k : 0;
        struct xa_series_note *notes;
        size_t n_notes;
        assert_int_equal(xa_store_series_note_list(fx->s, &fx->a, ss[i].id, &notes, &n_notes),
                         XA_OK);
        assert_true(n_notes >= 1 && n_notes <= 3);
        for (size_t j = 0; j < n_notes; j++)
            assert_true(notes[j].at >= ss[i].created_at && notes[j].at < T0 && notes[j].user_id);
        noted += n_notes >= 2;
    }
    assert_int_equal(members, fx->sum.n_confirmed_cases);
    assert_int_equal(dog, 8);    /* confirmed whole */
    assert_int_equal(ebike, 10); /* confirmed whole */
    assert_int_equal(spree, 3);  /* only the first nights: the rest is the engine's */
    assert_int_equal(cardoor, 0);
    assert_true(noted >= 2);
}

static void the_clue_ledger_has_legal_states_and_outcomes_and_counts_per_station(void **state)
{
    struct fx *fx = *state;
    size_t n = 0, verified = 0, open = 0, solved = 0, linked = 0, by_source[5] = {0};
    for (int64_t page = 1;; page++) {
        struct xa_clue_filter f = {.page = page, .per_page = 200};
        struct xa_clue *cl;
        size_t k;
        int64_t total;
        assert_int_equal(xa_store_clue_list(fx->s, &fx->a, &f, &cl, &k, &total), XA_OK);
        assert_int_equal(total, (int64_t)fx->sum.n_clues);
        for (size_t i = 0; i < k; i++) {
            const struct xa_clue *c = &cl[i];
            assert_int_equal(c->kind, XA_CLUE_GENERAL);
            assert_true(c->source >= XA_CLUE_CASE && c->source <= XA_CLUE_ANALYSIS);
            by_source[c->source]++;
            assert_true(c->created_at < T0 && c->assignee_id && c->assigned_at >= c->created_at);
            assert_true(c->content && *c->content);
            const struct xa_case *kc = case_by_id(fx, c->case_id);
            assert_non_null(kc);
            assert_int_equal(c->unit_id, kc->unit_id);
            assert_true(c->created_at > kc->opened_at);
            if (c->status == XA_CLUE_OPEN) {
                open++;
                assert_int_equal(c->outcome, 0);
                assert_int_equal(c->closed_at, 0);
                continue;
            }
            assert_true(c->closed_at >= c->assigned_at && c->closed_at < T0 && c->closed_by);
            if (c->status == XA_CLUE_NOT_VERIFIED) {
                assert_int_equal(c->outcome, 0);
                assert_non_null(c->reason);
                continue;
            }
            assert_int_equal(c->status, XA_CLUE_VERIFIED);
            verified++;
            if (c->outcome == XA_CLUE_CASE_SOLVED) {
                solved++;
                assert_true(kc->solved_at != 0);
            } else if (c->outcome == XA_CLUE_SERIES_LINKED) {
                linked++;
                int64_t sid;
                assert_int_equal(xa_store_series_member_of(fx->s, c->case_id, &sid), XA_OK);
                assert_int_equal(sid, c->series_id);
            } else {
                assert_int_equal(c->outcome, XA_CLUE_OTHER);
            }
        }
        n += k;
        if (k < 200)
            break;
    }
    assert_int_equal(n, fx->sum.n_clues);
    assert_int_equal(verified, fx->sum.n_clues_verified);
    assert_int_equal(open, fx->sum.n_clues_open);
    /* a year: some 10-30 a month county-wide, each source, most with an outcome */
    assert_true(n >= 120 && n <= 400);
    for (int s = XA_CLUE_CASE; s <= XA_CLUE_ANALYSIS; s++)
        assert_true(by_source[s] > 0);
    assert_true(open >= 1 && open < n / 4);
    assert_true(solved > 0 && linked >= 3);
    /* per station and year the seeds' order: 11 valuable clues, 27 cases in series */
    assert_true(verified >= 5 * 5 && fx->sum.n_confirmed_cases >= 5 * 5);
}

static void a_few_recent_cases_are_overdue(void **state)
{
    struct fx *fx = *state;
    size_t overdue = 0, open = 0;
    for (size_t i = 0; i < fx->n_cases; i++) {
        const struct xa_case *c = &fx->cases[i];
        open += xa_case_is_open(c->status);
        if (xa_case_overdue_step(c, T0)) {
            overdue++;
            assert_true(T0 - c->opened_at < 30 * 86400);
        }
    }
    assert_int_equal(overdue, fx->sum.n_case_overdue);
    assert_true(overdue >= 1 && overdue <= open / 10 + 5);
}

static void the_same_seed_gives_the_same_cases_and_another_seed_does_not(void **state)
{
    (void)state;
    struct fx a, b, c;
    fx_build(&a, 7, SHORT);
    fx_build(&b, 7, SHORT);
    fx_build(&c, 8, SHORT);
    assert_true(a.n_cases > 100);
    assert_int_equal(a.n_cases, b.n_cases);
    for (size_t i = 0; i < a.n_cases; i++) {
        const struct xa_case *x = &a.cases[i], *y = &b.cases[i];
        assert_string_equal(x->code, y->code);
        assert_string_equal(x->title, y->title);
        assert_string_equal(x->type_code, y->type_code);
        assert_int_equal(x->status, y->status);
        assert_int_equal(x->opened_at, y->opened_at);
        assert_int_equal(x->solved_at, y->solved_at);
        assert_int_equal(x->owner_id, y->owner_id);
        assert_int_equal(x->loss_fen, y->loss_fen);
        assert_int_equal(x->recovered_fen, y->recovered_fen);
        assert_int_equal(x->n_suspects, y->n_suspects);
    }
    assert_int_equal(a.sum.n_confirmed, b.sum.n_confirmed);
    assert_int_equal(a.sum.n_confirmed_cases, b.sum.n_confirmed_cases);
    assert_int_equal(a.sum.n_clues, b.sum.n_clues);
    assert_true(a.sum.n_clues > 0 && a.sum.n_confirmed > 0);
    struct xa_clue_filter f = {.page = 1, .per_page = 1000};
    struct xa_clue *ca, *cb;
    size_t na, nb;
    int64_t ta, tb;
    assert_int_equal(xa_store_clue_list(a.s, &a.a, &f, &ca, &na, &ta), XA_OK);
    assert_int_equal(xa_store_clue_list(b.s, &b.a, &f, &cb, &nb, &tb), XA_OK);
    assert_int_equal(na, nb);
    for (size_t i = 0; i < na; i++) {
        assert_string_equal(ca[i].content, cb[i].content);
        assert_int_equal(ca[i].status, cb[i].status);
        assert_int_equal(ca[i].created_at, cb[i].created_at);
        assert_int_equal(ca[i].closed_at, cb[i].closed_at);
        assert_int_equal(ca[i].case_id, cb[i].case_id);
    }
    assert_true(a.n_cases != c.n_cases || strcmp(a.cases[0].title, c.cases[0].title) != 0 ||
                a.cases[0].opened_at != c.cases[0].opened_at);
    fx_close(&a);
    fx_close(&b);
    fx_close(&c);
}

int main(void)
{
    if (xa_auth_svc_init())
        return 1;
    const struct CMUnitTest year[] = {
        cmocka_unit_test(a_year_holds_thousands_of_cases_in_a_mix_where_theft_dominates),
        cmocka_unit_test(clearance_over_the_year_is_near_the_seeds_sixty_five_percent),
        cmocka_unit_test(
            every_case_lies_in_a_grid_of_its_station_and_an_investigator_of_it_owns_it),
        cmocka_unit_test(every_case_follows_a_legal_timeline_before_the_build),
        cmocka_unit_test(recovered_property_is_part_of_the_loss_and_found_before_returned),
        cmocka_unit_test(cases_are_opened_from_incidents_whose_result_says_so),
        cmocka_unit_test(the_planted_series_are_recorded_with_their_members),
        cmocka_unit_test(a_few_recent_cases_are_overdue),
        cmocka_unit_test(confirmed_series_link_only_cases_of_one_true_series),
        cmocka_unit_test(the_clue_ledger_has_legal_states_and_outcomes_and_counts_per_station),
    };
    const struct CMUnitTest seeds[] = {
        cmocka_unit_test(the_same_seed_gives_the_same_cases_and_another_seed_does_not),
    };
    int failed = cmocka_run_group_tests_name("a year", year, year_setup, year_teardown);
    failed += cmocka_run_group_tests_name("seeds", seeds, NULL, NULL);
    return failed;
}
