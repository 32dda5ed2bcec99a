/*
 * case_test.c - the case state machine (every legal transition and every illegal one), who may
 * do what, the rules of a new case and of a property item, the SLA clocks, codes and the
 * nearest-rank percentile of the statistics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/case.h"

#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-11-23T17:16:25+08:00 */
#define NOW INT64_C(1795425385)

struct legal {
    int from, op, to;
};

/* The whole diagram of case.h; every other (status, op) pair is refused. */
static const struct legal legal[] = {
    {0, XA_CASE_OP_OPEN, XA_CASE_OPENED},
    {XA_CASE_OPENED, XA_CASE_OP_START, XA_CASE_INVESTIGATING},
    {XA_CASE_INVESTIGATING, XA_CASE_OP_SOLVE, XA_CASE_SOLVED},
    {XA_CASE_SOLVED, XA_CASE_OP_TRANSFER, XA_CASE_TRANSFERRED},
    {XA_CASE_SOLVED, XA_CASE_OP_CLOSE, XA_CASE_CLOSED},
    {XA_CASE_OPENED, XA_CASE_OP_SUSPEND, XA_CASE_SUSPENDED},
    {XA_CASE_INVESTIGATING, XA_CASE_OP_SUSPEND, XA_CASE_SUSPENDED},
    {XA_CASE_OPENED, XA_CASE_OP_DROP, XA_CASE_DROPPED},
    {XA_CASE_INVESTIGATING, XA_CASE_OP_DROP, XA_CASE_DROPPED},
    {XA_CASE_SUSPENDED, XA_CASE_OP_RESUME, XA_CASE_INVESTIGATING},
};

static const int transition_ops[] = {
    XA_CASE_OP_OPEN,   XA_CASE_OP_START, XA_CASE_OP_SOLVE, XA_CASE_OP_SUSPEND,
    XA_CASE_OP_RESUME, XA_CASE_OP_DROP,  XA_CASE_OP_CLOSE, XA_CASE_OP_TRANSFER,
};

static void test_every_legal_transition_gives_its_status(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(legal); i++) {
        int to = 0;
        const char *reason = NULL;
        assert_int_equal(xa_case_next(legal[i].from, legal[i].op, 1, "理由", &to, &reason), XA_OK);
        assert_int_equal(to, legal[i].to);
    }
}

static void test_every_other_transition_is_refused_with_409(void **state)
{
    (void)state;
    int n_refused = 0;
    for (int from = 0; from <= XA_CASE_DROPPED; from++) {
        for (size_t k = 0; k < N(transition_ops); k++) {
            int op = transition_ops[k];
            bool is_legal = false;
            for (size_t i = 0; i < N(legal); i++)
                is_legal |= legal[i].from == from && legal[i].op == op;
            if (is_legal)
                continue;
            int to = -1;
            const char *reason = NULL;
            assert_int_equal(xa_case_next(from, op, 1, "理由", &to, &reason), XA_ECONFLICT);
            assert_string_equal(reason, "illegal_transition");
            assert_int_equal(to, -1);
            n_refused++;
        }
    }
    assert_int_equal(n_refused, 8 * 8 - (int)N(legal));
    /* operations that are not transitions are refused too */
    int to;
    const char *reason;
    assert_int_equal(xa_case_next(XA_CASE_OPENED, XA_CASE_OP_ASSIGN, 1, NULL, &to, &reason),
                     XA_ECONFLICT);
}

static void test_solve_needs_a_suspect_or_a_reason(void **state)
{
    (void)state;
    int to = 0;
    const char *reason = NULL;
    assert_int_equal(xa_case_next(XA_CASE_INVESTIGATING, XA_CASE_OP_SOLVE, 0, NULL, &to, &reason),
                     XA_EVALIDATION);
    assert_string_equal(reason, "reason_required");
    assert_int_equal(xa_case_next(XA_CASE_INVESTIGATING, XA_CASE_OP_SOLVE, 0, "  ", &to, &reason),
                     XA_EVALIDATION);
    assert_int_equal(xa_case_next(XA_CASE_INVESTIGATING, XA_CASE_OP_SOLVE, 1, NULL, &to, &reason),
                     XA_OK);
    assert_int_equal(to, XA_CASE_SOLVED);
    assert_int_equal(
        xa_case_next(XA_CASE_INVESTIGATING, XA_CASE_OP_SOLVE, 0, "嫌疑人已死亡", &to, &reason),
        XA_OK);
}

static void test_suspend_and_drop_need_a_reason(void **state)
{
    (void)state;
    int to;
    const char *reason;
    assert_int_equal(xa_case_next(XA_CASE_OPENED, XA_CASE_OP_SUSPEND, 5, NULL, &to, &reason),
                     XA_EVALIDATION);
    assert_int_equal(xa_case_next(XA_CASE_OPENED, XA_CASE_OP_DROP, 5, "", &to, &reason),
                     XA_EVALIDATION);
    assert_int_equal(xa_case_next(XA_CASE_OPENED, XA_CASE_OP_DROP, 0, "不构成案件", &to, &reason),
                     XA_OK);
    assert_int_equal(to, XA_CASE_DROPPED);
    /* an illegal transition is a 409 even without a reason */
    assert_int_equal(xa_case_next(XA_CASE_CLOSED, XA_CASE_OP_DROP, 0, NULL, &to, &reason),
                     XA_ECONFLICT);
}

static void test_permissions(void **state)
{
    (void)state;
    const char *reason = NULL;
    static const int openers[] = {XA_ROLE_INVESTIGATOR, XA_ROLE_LEADER, XA_ROLE_DESK};
    for (size_t i = 0; i < N(openers); i++)
        assert_int_equal(xa_case_may(openers[i], XA_CASE_OP_OPEN, false, &reason), XA_OK);
    static const int others[] = {XA_ROLE_ADMIN, XA_ROLE_PATROL, XA_ROLE_COMMUNITY, XA_ROLE_ANALYST};
    for (size_t i = 0; i < N(others); i++) {
        assert_int_equal(xa_case_may(others[i], XA_CASE_OP_OPEN, false, &reason), XA_EFORBIDDEN);
        assert_string_equal(reason, "role_denied");
        assert_int_equal(xa_case_may(others[i], XA_CASE_OP_SOLVE, true, &reason), XA_EFORBIDDEN);
    }
    assert_int_equal(xa_case_may(XA_ROLE_INVESTIGATOR, XA_CASE_OP_ACTION, true, &reason), XA_OK);
    assert_int_equal(xa_case_may(XA_ROLE_INVESTIGATOR, XA_CASE_OP_ACTION, false, &reason),
                     XA_EFORBIDDEN);
    assert_string_equal(reason, "not_accountable");
    assert_int_equal(xa_case_may(XA_ROLE_LEADER, XA_CASE_OP_SOLVE, false, &reason), XA_OK);
    assert_int_equal(xa_case_may(XA_ROLE_DESK, XA_CASE_OP_SOLVE, false, &reason), XA_EFORBIDDEN);
    assert_int_equal(xa_case_may(XA_ROLE_LEADER, XA_CASE_OP_ASSIGN, false, &reason), XA_OK);
    assert_int_equal(xa_case_may(XA_ROLE_INVESTIGATOR, XA_CASE_OP_ASSIGN, true, &reason),
                     XA_EFORBIDDEN);
    assert_string_equal(reason, "role_denied");
}

static struct xa_case good_case(void)
{
    struct xa_case c;
    memset(&c, 0, sizeof(c));
    c.type_id = 3;
    c.nature = XA_CASE_CRIMINAL;
    c.title = "幸福小区车内财物被盗";
    c.window_from = NOW - 86400;
    c.window_to = NOW - 3600;
    return c;
}

static void test_validate_accepts_a_good_case(void **state)
{
    (void)state;
    struct xa_verr ve = {0};
    struct xa_case c = good_case();
    assert_int_equal(xa_case_validate(&c, NOW, &ve), XA_OK);
    assert_int_equal(ve.n, 0);
}

static void test_validate_collects_every_bad_field(void **state)
{
    (void)state;
    struct xa_verr ve = {0};
    struct xa_case c = good_case();
    c.type_id = 0;
    c.nature = 9;
    c.title = " ";
    c.window_from = NOW + 86400;
    c.window_to = NOW - 7200;
    c.has_location = true;
    c.lat = 91;
    c.lon = 200;
    assert_int_equal(xa_case_validate(&c, NOW, &ve), XA_EVALIDATION);
    const char *want[][2] = {{"type", "required"},         {"nature", "unknown_value"},
                             {"title", "empty"},           {"lat", "bad_latitude"},
                             {"lon", "bad_longitude"},     {"window_from", "in_future"},
                             {"window_to", "out_of_range"}};
    assert_int_equal(ve.n, N(want));
    for (size_t i = 0; i < N(want); i++) {
        assert_string_equal(ve.items[i].field, want[i][0]);
        assert_string_equal(ve.items[i].reason, want[i][1]);
    }
}

static void test_first_action_is_due_in_24_hours_enterprise_in_4(void **state)
{
    (void)state;
    struct xa_case c = good_case();
    c.status = XA_CASE_OPENED;
    c.opened_at = NOW;
    xa_case_set_due(&c);
    assert_int_equal(c.due_first_action, NOW + 24 * 3600);
    assert_int_equal(c.due_analysis, NOW + 72 * 3600);
    assert_int_equal(c.due_next, c.due_first_action);
    c.is_enterprise = true;
    xa_case_set_due(&c);
    assert_int_equal(c.due_first_action, NOW + 4 * 3600);
    assert_int_equal(c.due_analysis, NOW + 72 * 3600);
}

static void test_overdue_follows_the_work_done(void **state)
{
    (void)state;
    struct xa_case c = good_case();
    c.status = XA_CASE_OPENED;
    c.opened_at = NOW;
    xa_case_set_due(&c);
    assert_int_equal(xa_case_overdue_step(&c, NOW + 24 * 3600), XA_CASE_STEP_NONE);
    assert_int_equal(xa_case_overdue_step(&c, NOW + 24 * 3600 + 1), XA_CASE_STEP_FIRST_ACTION);
    c.first_action_at = NOW + 3600;
    c.status = XA_CASE_INVESTIGATING;
    assert_int_equal(xa_case_next_due(&c), NOW + 72 * 3600);
    assert_int_equal(xa_case_overdue_step(&c, NOW + 30 * 3600), XA_CASE_STEP_NONE);
    assert_int_equal(xa_case_overdue_step(&c, NOW + 73 * 3600), XA_CASE_STEP_ANALYSIS);
    c.analysis_at = NOW + 7200;
    assert_int_equal(xa_case_next_due(&c), 0);
    assert_int_equal(xa_case_overdue_step(&c, NOW + 99 * 3600), XA_CASE_STEP_NONE);
    /* a suspended or solved case waits for nothing */
    c.analysis_at = 0;
    c.status = XA_CASE_SUSPENDED;
    assert_int_equal(xa_case_next_due(&c), 0);
    assert_int_equal(xa_case_overdue_step(&c, NOW + 99 * 3600), XA_CASE_STEP_NONE);
    assert_string_equal(xa_case_step_code(XA_CASE_STEP_FIRST_ACTION), "first_action");
    assert_string_equal(xa_case_step_code(XA_CASE_STEP_ANALYSIS), "analysis");
    assert_null(xa_case_step_code(XA_CASE_STEP_NONE));
}

static void test_codes(void **state)
{
    (void)state;
    char code[XA_CASE_CODE_MAX];
    xa_case_code("CG", 20261123, 1, code);
    assert_string_equal(code, "CG-A20261123-0001");
    xa_case_code("HD", 20260101, 12345, code);
    assert_string_equal(code, "HD-A20260101-12345");
    assert_string_equal(xa_case_status_code(XA_CASE_TRANSFERRED), "transferred");
    assert_string_equal(xa_case_op_code(XA_CASE_OP_SOLVE), "solve");
    assert_null(xa_case_status_code(0));
    size_t n;
    const struct xa_vocab *const *all = xa_case_vocab_all(&n);
    assert_true(n >= 9);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < all[i]->n; j++)
            assert_int_equal(all[i]->entries[j].value, (int)j + 1);
}

static void test_property_rules(void **state)
{
    (void)state;
    struct xa_verr ve = {0};
    struct xa_property p = {
        .category = XA_PROPERTY_PHONE, .description = "华为手机", .value_fen = 320000};
    assert_int_equal(xa_case_property_validate(&p, &ve), XA_OK);
    p.category = 0;
    p.description = NULL;
    p.value_fen = -1;
    assert_int_equal(xa_case_property_validate(&p, &ve), XA_EVALIDATION);
    assert_int_equal(ve.n, 3);
    int to;
    assert_int_equal(xa_case_property_next(XA_PROPERTY_LOST, XA_PROPERTY_FOUND, &to), XA_OK);
    assert_int_equal(to, XA_PROPERTY_FOUND);
    assert_int_equal(xa_case_property_next(XA_PROPERTY_FOUND, XA_PROPERTY_RETURNED, &to), XA_OK);
    assert_int_equal(xa_case_property_next(XA_PROPERTY_LOST, XA_PROPERTY_RETURNED, &to),
                     XA_ECONFLICT);
    assert_int_equal(xa_case_property_next(XA_PROPERTY_FOUND, XA_PROPERTY_FOUND, &to),
                     XA_ECONFLICT);
    assert_int_equal(xa_case_property_next(XA_PROPERTY_RETURNED, XA_PROPERTY_FOUND, &to),
                     XA_ECONFLICT);
}

static void test_nearest_rank_percentile(void **state)
{
    (void)state;
    const int64_t v[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assert_int_equal(xa_case_percentile(v, 10, 50), 50);
    assert_int_equal(xa_case_percentile(v, 10, 90), 90);
    assert_int_equal(xa_case_percentile(v, 9, 50), 50);
    assert_int_equal(xa_case_percentile(v, 9, 90), 90);
    assert_int_equal(xa_case_percentile(v, 1, 90), 10);
    assert_int_equal(xa_case_percentile(v, 0, 50), -1);
    struct xa_case c = {.reported_at = 100, .solved_at = 3700};
    assert_int_equal(xa_case_solve_s(&c), 3600);
    c.solved_at = 0;
    assert_int_equal(xa_case_solve_s(&c), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_legal_transition_gives_its_status),
        cmocka_unit_test(test_every_other_transition_is_refused_with_409),
        cmocka_unit_test(test_solve_needs_a_suspect_or_a_reason),
        cmocka_unit_test(test_suspend_and_drop_need_a_reason),
        cmocka_unit_test(test_permissions),
        cmocka_unit_test(test_validate_accepts_a_good_case),
        cmocka_unit_test(test_validate_collects_every_bad_field),
        cmocka_unit_test(test_first_action_is_due_in_24_hours_enterprise_in_4),
        cmocka_unit_test(test_overdue_follows_the_work_done),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_property_rules),
        cmocka_unit_test(test_nearest_rank_percentile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
