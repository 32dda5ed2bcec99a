/*
 * person.h - the one registry of people (人员) who appear in cases: victims, suspects,
 * witnesses, reporters; birth date and sex derived from the resident ID number (GB 11643);
 * merging a newly given record into a stored one.
 *
 * Invariant: two records with the same ID number are the same person. A merge never
 * overwrites what is stored: empty stored fields are filled in, differing ones are reported
 * as conflicts for an officer to settle.
 */
#ifndef XA_PERSON_H
#define XA_PERSON_H

#include "base/err.h"
#include "core/vocab.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum xa_sex {
    XA_SEX_MALE = 1, /* 男 */
    XA_SEX_FEMALE,   /* 女 */
};

enum xa_build {
    XA_BUILD_SLIM = 1, /* 偏瘦 */
    XA_BUILD_MEDIUM,   /* 中等 */
    XA_BUILD_HEAVY,    /* 偏胖 */
};

struct xa_person {
    int64_t id;
    const char *name;
    const char *id_number; /* 18 characters, upper-case X; NULL when unknown */
    int sex;               /* enum xa_sex, 0 = unknown */
    int32_t birth_date;    /* YYYYMMDD, 0 = unknown */
    const char *phone;
    const char *address;
    int64_t created_at, updated_at;
    int64_t n_cases; /* joined in lists: cases the person appears in */
};

/* Physical description of a person in one case (体貌特征); 0 / NULL = not given. */
struct xa_person_desc {
    int height_min, height_max; /* cm */
    int build;                  /* enum xa_build */
    const char *clothing;
    const char *plate; /* vehicle plate seen */
};

/* One field where a given record differs from the stored one. Strings are borrowed from the
 * two records. */
struct xa_person_conflict {
    const char *field; /* "name", "phone", "address" */
    const char *stored;
    const char *given;
};

#define XA_PERSON_CONFLICTS_MAX 4

extern const struct xa_vocab xa_person_vocab_sex;
extern const struct xa_vocab xa_person_vocab_build;

/* Birth date (YYYYMMDD) and sex of an ID number valid at today (YYYYMMDD, 0 to skip the
 * future check). XA_EVALIDATION with *reason_out a word of base/msg.h (bad_id_number,
 * bad_id_checksum, bad_id_birth) otherwise; the outputs are written only on XA_OK. */
XA_MUST_CHECK int xa_person_id_info(const char *id_number, int32_t today, int32_t *birth_out,
                                    int *sex_out, const char **reason_out);

/* Checks a person's fields (name 1-50 characters unless id_number is given, ID number, phone,
 * address) into ve under the given field prefix ("" or "person."). */
XA_MUST_CHECK int xa_person_validate(const struct xa_person *p, int32_t today, struct xa_verr *ve);

/* Checks a description: heights 50-250 cm with min <= max, build in its vocabulary, text
 * lengths. Field names are "descriptors.<field>". */
XA_MUST_CHECK int xa_person_desc_validate(const struct xa_person_desc *d, struct xa_verr *ve);

/* Merges given into stored (same person): empty stored fields (name, phone, address) take the
 * given value, differing ones are appended to out (at most XA_PERSON_CONFLICTS_MAX). Returns the
 * number of conflicts; *changed says whether stored was filled in. */
size_t xa_person_merge(struct xa_person *stored, const struct xa_person *given,
                       struct xa_person_conflict *out, bool *changed);

#endif
