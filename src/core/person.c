/*
 * person.c - people in cases: ID number derivation, validation of a record and of a
 * description, and the merge rule (fill what is empty, report what differs).
 *
 * Invariant: xa_person_merge only ever fills empty stored fields; conflicts are reported,
 * never resolved here.
 */
#include "core/person.h"

#include "core/validate.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define NAME_MAX_CHARS 50
#define ADDRESS_MAX 200
#define CLOTHING_MAX 200
#define PLATE_MAX 20

static const struct xa_vocab_entry sex[] = {
    {XA_SEX_MALE, "male", "男", "Male"},
    {XA_SEX_FEMALE, "female", "女", "Female"},
};

static const struct xa_vocab_entry build[] = {
    {XA_BUILD_SLIM, "slim", "偏瘦", "Slim"},
    {XA_BUILD_MEDIUM, "medium", "中等", "Medium"},
    {XA_BUILD_HEAVY, "heavy", "偏胖", "Heavy"},
};

const struct xa_vocab xa_person_vocab_sex = {"sex", sex, COUNT(sex)};
const struct xa_vocab xa_person_vocab_build = {"build", build, COUNT(build)};

static bool is_blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

int xa_person_id_info(const char *id_number, int32_t today, int32_t *birth_out, int *sex_out,
                      const char **reason_out)
{
    const char *why = id_number ? xa_validate_id_number(id_number, today) : "required";
    if (why) {
        *reason_out = why;
        return XA_EVALIDATION;
    }
    int32_t birth;
    char s;
    xa_validate_id_info(id_number, &birth, &s);
    *birth_out = birth;
    *sex_out = s == 'M' ? XA_SEX_MALE : XA_SEX_FEMALE;
    return XA_OK;
}

int xa_person_validate(const struct xa_person *p, int32_t today, struct xa_verr *ve)
{
    struct xa_verr local = {0};
    const char *why;
    if (is_blank(p->name)) {
        if (!p->id_number)
            xa_verr_add(&local, "name", "required");
    } else if ((why = xa_validate_text(p->name, NAME_MAX_CHARS)) != NULL) {
        xa_verr_add(&local, "name", why);
    }
    if (p->id_number && (why = xa_validate_id_number(p->id_number, today)) != NULL)
        xa_verr_add(&local, "id_number", why);
    if (p->phone && (why = xa_validate_phone(p->phone)) != NULL)
        xa_verr_add(&local, "phone", why);
    if ((why = xa_validate_text(p->address, ADDRESS_MAX)) != NULL)
        xa_verr_add(&local, "address", why);
    for (size_t i = 0; i < local.n; i++)
        xa_verr_add(ve, local.items[i].field, local.items[i].reason);
    return xa_verr_rc(&local);
}

int xa_person_desc_validate(const struct xa_person_desc *d, struct xa_verr *ve)
{
    struct xa_verr local = {0};
    const char *why;
    if (d->height_min && (d->height_min < 50 || d->height_min > 250))
        xa_verr_add(&local, "descriptors.height_min", "out_of_range");
    if (d->height_max && (d->height_max < 50 || d->height_max > 250))
        xa_verr_add(&local, "descriptors.height_max", "out_of_range");
    if (d->height_min && d->height_max && d->height_min > d->height_max)
        xa_verr_add(&local, "descriptors.height_max", "out_of_range");
    if (d->build && !xa_vocab_code(&xa_person_vocab_build, d->build))
        xa_verr_add(&local, "descriptors.build", "unknown_value");
    if ((why = xa_validate_text(d->clothing, CLOTHING_MAX)) != NULL)
        xa_verr_add(&local, "descriptors.clothing", why);
    if ((why = xa_validate_text(d->plate, PLATE_MAX)) != NULL)
        xa_verr_add(&local, "descriptors.plate", why);
    for (size_t i = 0; i < local.n; i++)
        xa_verr_add(ve, local.items[i].field, local.items[i].reason);
    return xa_verr_rc(&local);
}

/* One field of the merge: fill when stored is empty, report when both differ. */
static void merge_field(const char *field, const char **stored, const char *given,
                        struct xa_person_conflict *out, size_t *n, bool *changed)
{
    if (is_blank(given))
        return;
    if (is_blank(*stored)) {
        *stored = given;
        *changed = true;
    } else if (strcmp(*stored, given) != 0 && *n < XA_PERSON_CONFLICTS_MAX) {
        out[(*n)++] = (struct xa_person_conflict){field, *stored, given};
    }
}

size_t xa_person_merge(struct xa_person *stored, const struct xa_person *given,
                       struct xa_person_conflict *out, bool *changed)
{
    size_t n = 0;
    *changed = false;
    merge_field("name", &stored->name, given->name, out, &n, changed);
    merge_field("phone", &stored->phone, given->phone, out, &n, changed);
    merge_field("address", &stored->address, given->address, out, &n, changed);
    if (!stored->id_number && given->id_number) {
        stored->id_number = given->id_number;
        stored->sex = given->sex;
        stored->birth_date = given->birth_date;
        *changed = true;
    }
    return n;
}
