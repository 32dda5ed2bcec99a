/*
 * validate.h - pure checks of the values people type: ID numbers (GB 11643-1999), phone
 * numbers, coordinates, text lengths; and masking of personal data for lists.
 *
 * Each check returns NULL when the value is good, else the reason word of base/msg.h.
 */
#ifndef XA_VALIDATE_H
#define XA_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

/* 18-character resident ID number: 17 digits, check character by ISO 7064 MOD 11-2 (digit or
 * 'X'/'x'), a real birth date between 1900-01-01 and today (today = YYYYMMDD, 0 to skip).
 * Reasons: bad_id_number, bad_id_checksum, bad_id_birth. */
const char *xa_validate_id_number(const char *s, int32_t today);
/* Birth date (YYYYMMDD) and sex ('M' or 'F') of a valid ID number. */
void xa_validate_id_info(const char *s, int32_t *birth_out, char *sex_out);

/* Mainland mobile (1[3-9] + 9 digits, optional +86 / 86 prefix) or landline (0 + 2-3 digit
 * area code, optional '-', 7-8 digits, optional -extension), or the short number of a public
 * service or bank (110, 120, 12345, 95588). Reason: bad_phone. */
const char *xa_validate_phone(const char *s);

const char *xa_validate_lat(double lat); /* bad_latitude */
const char *xa_validate_lon(double lon); /* bad_longitude */

/* Valid UTF-8 of at most max_chars characters (code points), no NUL and no control
 * characters other than tab, CR and LF. Reasons: bad_format, too_long. */
const char *xa_validate_text(const char *s, size_t max_chars);

/* Masks for lists: "13812345678" -> "138****5678"; landlines keep their first 3 and last 4
 * digits; short numbers are kept. out must hold strlen(s)+1 bytes. */
void xa_validate_mask_phone(const char *s, char *out, size_t n);
/* "110101199003071234" -> "110101********1234". out must hold strlen(s)+1 bytes. */
void xa_validate_mask_id_number(const char *s, char *out, size_t n);

#endif
