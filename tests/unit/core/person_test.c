/*
 * person_test.c - birth date and sex from an ID number, the checks of a person and of a
 * description, and the merge rule (fill what is empty, report what differs).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/person.h"

#include <string.h>

#define TODAY 20261123

/* 11010519491231002X: born 1949-12-31, sequence 002 (even: female), check X */
#define ID_F "11010519491231002X"
/* 110101199003071233? computed in the test from the weights */

static void make_id(const char *s17, char *out)
{
    static const int w[] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (s17[i] - '0') * w[i];
    memcpy(out, s17, 17);
    out[17] = "10X98765432"[sum % 11];
    out[18] = '\0';
}

static void test_id_number_gives_birth_date_and_sex(void **state)
{
    (void)state;
    char id[19];
    make_id("11010519900501001", id); /* sequence 001: odd, male */
    int32_t birth = 0;
    int sex = 0;
    const char *reason = NULL;
    assert_int_equal(xa_person_id_info(id, TODAY, &birth, &sex, &reason), XA_OK);
    assert_int_equal(birth, 19900501);
    assert_int_equal(sex, XA_SEX_MALE);
    make_id("11010519491231002", id);
    assert_int_equal(xa_person_id_info(id, TODAY, &birth, &sex, &reason), XA_OK);
    assert_int_equal(birth, 19491231);
    assert_int_equal(sex, XA_SEX_FEMALE);
}

static void test_bad_id_numbers_are_refused_with_their_reason(void **state)
{
    (void)state;
    char id[19];
    make_id("11010519900501001", id);
    id[17] = id[17] == '0' ? '1' : '0';
    struct {
        const char *id;
        const char *reason;
    } bad[] = {
        {"1101051990", "bad_id_number"},
        {id, "bad_id_checksum"},
        {NULL, "required"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int32_t birth = -1;
        int sex = -1;
        const char *reason = NULL;
        assert_int_equal(xa_person_id_info(bad[i].id, TODAY, &birth, &sex, &reason),
                         XA_EVALIDATION);
        assert_string_equal(reason, bad[i].reason);
        assert_int_equal(birth, -1);
        assert_int_equal(sex, -1);
    }
    char future[19];
    make_id("11010520300101001", future);
    int32_t birth;
    int sex;
    const char *reason = NULL;
    assert_int_equal(xa_person_id_info(future, TODAY, &birth, &sex, &reason), XA_EVALIDATION);
    assert_string_equal(reason, "bad_id_birth");
}

static void test_validate_collects_every_bad_field(void **state)
{
    (void)state;
    struct xa_verr ve = {0};
    struct xa_person p = {.name = "张三", .phone = "13812345678"};
    assert_int_equal(xa_person_validate(&p, TODAY, &ve), XA_OK);
    p.name = NULL;
    p.phone = "12";
    p.id_number = NULL;
    assert_int_equal(xa_person_validate(&p, TODAY, &ve), XA_EVALIDATION);
    assert_int_equal(ve.n, 2);
    assert_string_equal(ve.items[0].field, "name");
    assert_string_equal(ve.items[1].field, "phone");
    assert_string_equal(ve.items[1].reason, "bad_phone");
    /* an ID number alone is enough */
    struct xa_verr ve2 = {0};
    char id[19];
    make_id("11010519900501001", id);
    struct xa_person q = {.id_number = id};
    assert_int_equal(xa_person_validate(&q, TODAY, &ve2), XA_OK);
}

static void test_descriptors(void **state)
{
    (void)state;
    struct xa_verr ve = {0};
    struct xa_person_desc d = {
        .height_min = 170, .height_max = 175, .build = XA_BUILD_SLIM, .clothing = "黑色外套"};
    assert_int_equal(xa_person_desc_validate(&d, &ve), XA_OK);
    d.height_min = 180;
    d.build = 7;
    d.height_max = 300;
    assert_int_equal(xa_person_desc_validate(&d, &ve), XA_EVALIDATION);
    assert_int_equal(ve.n, 2); /* height_max once (range and order), build */
    assert_string_equal(ve.items[0].field, "descriptors.height_max");
    assert_string_equal(ve.items[1].field, "descriptors.build");
}

static void test_merge_fills_empty_fields_and_reports_conflicts(void **state)
{
    (void)state;
    struct xa_person stored = {
        .id = 5, .name = "李四", .id_number = ID_F, .phone = NULL, .address = "城关镇1号"};
    struct xa_person given = {
        .name = "李四", .id_number = ID_F, .phone = "13900001111", .address = "河东镇2号"};
    struct xa_person_conflict c[XA_PERSON_CONFLICTS_MAX];
    bool changed = false;
    size_t n = xa_person_merge(&stored, &given, c, &changed);
    assert_true(changed);
    assert_string_equal(stored.phone, "13900001111");
    assert_string_equal(stored.address, "城关镇1号"); /* kept */
    assert_int_equal(n, 1);
    assert_string_equal(c[0].field, "address");
    assert_string_equal(c[0].stored, "城关镇1号");
    assert_string_equal(c[0].given, "河东镇2号");

    /* the same again: nothing to fill, same conflict */
    n = xa_person_merge(&stored, &given, c, &changed);
    assert_false(changed);
    assert_int_equal(n, 1);

    /* a different name is a conflict too; blanks given change nothing */
    struct xa_person other = {.name = "李斯", .phone = " "};
    n = xa_person_merge(&stored, &other, c, &changed);
    assert_false(changed);
    assert_int_equal(n, 1);
    assert_string_equal(c[0].field, "name");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_number_gives_birth_date_and_sex),
        cmocka_unit_test(test_bad_id_numbers_are_refused_with_their_reason),
        cmocka_unit_test(test_validate_collects_every_bad_field),
        cmocka_unit_test(test_descriptors),
        cmocka_unit_test(test_merge_fills_empty_fields_and_reports_conflicts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
