/*
 * vocab_test.c - the vocabularies: values equal the enums, codes are unique and round-trip,
 * and the Chinese labels the UI shows are the words of DESIGN §4.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/incident.h"
#include "core/vocab.h"

#include <string.h>

/* every table lists values 1..n in order, with unique non-empty codes and labels */
static void test_every_table_is_dense_and_unique(void **state)
{
    (void)state;
    size_t n = 0;
    const struct xa_vocab *const *all = xa_vocab_all(&n);
    assert_int_equal(n, 6);
    for (size_t t = 0; t < n; t++) {
        const struct xa_vocab *v = all[t];
        assert_non_null(v->name);
        assert_true(v->n > 0);
        for (size_t i = 0; i < v->n; i++) {
            const struct xa_vocab_entry *e = &v->entries[i];
            assert_int_equal(e->value, (int)i + 1);
            assert_true(strlen(e->code) > 0);
            assert_true(strlen(e->zh) > 0);
            assert_true(strlen(e->en) > 0);
            for (size_t j = 0; j < i; j++)
                assert_string_not_equal(v->entries[j].code, e->code);
            int value = 0;
            assert_int_equal(xa_vocab_parse(v, e->code, &value), XA_OK);
            assert_int_equal(value, e->value);
            assert_string_equal(xa_vocab_code(v, e->value), e->code);
            assert_string_equal(xa_vocab_zh(v, e->value), e->zh);
        }
    }
}

/* the tables list exactly the enum values of the headers */
static void test_tables_match_the_enums(void **state)
{
    (void)state;
    static const struct {
        const struct xa_vocab *v;
        size_t n;
        const char *name;
    } cases[] = {
        {&xa_vocab_channel, XA_CHANNEL_BANK, "channel"},
        {&xa_vocab_category, XA_CATEGORY_OTHER, "category"},
        {&xa_vocab_reply_method, XA_REPLY_ONLINE, "reply_method"},
        {&xa_vocab_role, XA_ROLE_ANALYST, "role"},
        {&xa_vocab_unit_kind, XA_UNIT_TEAM, "unit_kind"},
        {&xa_vocab_incident_status, XA_INCIDENT_CLOSED, "incident_status"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_int_equal(cases[i].v->n, cases[i].n);
        assert_string_equal(cases[i].v->name, cases[i].name);
    }
}

/* the words officers read are the seed's words */
static void test_labels_are_the_seed_words(void **state)
{
    (void)state;
    static const struct {
        const struct xa_vocab *v;
        int value;
        const char *code;
        const char *zh;
    } cases[] = {
        {&xa_vocab_channel, XA_CHANNEL_PHONE, "phone", "110报警电话"},
        {&xa_vocab_channel, XA_CHANNEL_WALK_IN, "walk_in", "来所报案"},
        {&xa_vocab_channel, XA_CHANNEL_BANK, "bank", "银行预警"},
        {&xa_vocab_category, XA_CATEGORY_PUBLIC_ORDER, "public_order", "治安"},
        {&xa_vocab_category, XA_CATEGORY_COMPLAINT, "complaint", "举报投诉"},
        {&xa_vocab_reply_method, XA_REPLY_IN_PERSON, "in_person", "当面回复"},
        {&xa_vocab_role, XA_ROLE_LEADER, "leader", "领导"},
        {&xa_vocab_role, XA_ROLE_ANALYST, "analyst", "研判分析员"},
        {&xa_vocab_unit_kind, XA_UNIT_TEAM, "team", "队/室"},
        {&xa_vocab_unit_kind, XA_UNIT_STATION, "station", "派出所"},
        {&xa_vocab_incident_status, XA_INCIDENT_ON_SCENE, "on_scene", "已到场"},
        {&xa_vocab_incident_status, XA_INCIDENT_CLOSED, "closed", "已办结"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        assert_string_equal(xa_vocab_code(cases[i].v, cases[i].value), cases[i].code);
        assert_string_equal(xa_vocab_zh(cases[i].v, cases[i].value), cases[i].zh);
    }
}

/* unknown codes and values are refused, and the out-parameter is left alone */
static void test_unknown_codes_and_values_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "Phone", "phone ", "PHONE", "110", "unknown"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int value = -7;
        assert_int_equal(xa_vocab_parse(&xa_vocab_channel, bad[i], &value), XA_EVALIDATION);
        assert_int_equal(value, -7);
    }
    int value = -7;
    assert_int_equal(xa_vocab_parse(&xa_vocab_channel, NULL, &value), XA_EVALIDATION);
    assert_int_equal(value, -7);
    /* a code of one table is not a code of another */
    assert_int_equal(xa_vocab_parse(&xa_vocab_category, "walk_in", &value), XA_EVALIDATION);
    static const int bad_values[] = {0, -1, 7, 1000};
    for (size_t i = 0; i < sizeof(bad_values) / sizeof(bad_values[0]); i++) {
        assert_null(xa_vocab_code(&xa_vocab_channel, bad_values[i]));
        assert_null(xa_vocab_zh(&xa_vocab_channel, bad_values[i]));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_table_is_dense_and_unique),
        cmocka_unit_test(test_tables_match_the_enums),
        cmocka_unit_test(test_labels_are_the_seed_words),
        cmocka_unit_test(test_unknown_codes_and_values_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
