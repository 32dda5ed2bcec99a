/*
 * code.h - human codes of records and the caller's status code.
 *
 * Incident code: unit code, Shanghai date and a per-unit-per-day sequence,
 * "CQ01-20261123-0042". Status code: 10 characters of Crockford's base32 (no I, L, O, U)
 * drawn from 50 random bits, which a caller can read off an SMS or a contact card and type
 * on a phone; reading is forgiving (lower case, O for 0, I/L for 1, spaces and dashes).
 */
#ifndef XA_CODE_H
#define XA_CODE_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

#define XA_CODE_STATUS_LEN 10
#define XA_CODE_STATUS_RANDOM_BYTES 7 /* 56 bits in, 50 used */
#define XA_CODE_MAX 48

/* "<unit_code>-<yyyymmdd>-<seq, at least 4 digits>" into out (XA_CODE_MAX bytes). */
void xa_code_incident(const char *unit_code, int32_t yyyymmdd, int64_t seq, char *out);

/* Status code from random bytes into out (XA_CODE_STATUS_LEN + 1 bytes). */
void xa_code_status(const unsigned char rnd[XA_CODE_STATUS_RANDOM_BYTES], char *out);

/* Canonical form of a typed status code into out (XA_CODE_STATUS_LEN + 1 bytes);
 * XA_EVALIDATION if it cannot be one. */
XA_MUST_CHECK int xa_code_status_normalize(const char *in, char *out);

#endif
