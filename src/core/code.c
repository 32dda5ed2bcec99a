/*
 * code.c - incident codes ("CQ01-20261123-0042") and callers' status codes (Crockford's
 * base32, 10 characters = 50 random bits).
 *
 * Invariant: a status code in canonical form holds exactly XA_CODE_STATUS_LEN characters of
 * the alphabet below; xa_code_status writes it, xa_code_status_normalize returns to it.
 */
#include "core/code.h"

#include <inttypes.h>
#include <stdio.h>

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

void xa_code_incident(const char *unit_code, int32_t yyyymmdd, int64_t seq, char *out)
{
    snprintf(out, XA_CODE_MAX, "%s-%08" PRId32 "-%04" PRId64, unit_code, yyyymmdd, seq);
}

void xa_code_status(const unsigned char rnd[XA_CODE_STATUS_RANDOM_BYTES], char *out)
{
    uint64_t v = 0;
    for (int i = 0; i < XA_CODE_STATUS_RANDOM_BYTES; i++)
        v = (v << 8) | rnd[i];
    v >>= XA_CODE_STATUS_RANDOM_BYTES * 8 - XA_CODE_STATUS_LEN * 5; /* keep the top 50 bits */
    for (int i = XA_CODE_STATUS_LEN - 1; i >= 0; i--) {
        out[i] = alphabet[v & 31];
        v >>= 5;
    }
    out[XA_CODE_STATUS_LEN] = '\0';
}

/* The canonical character a typed one stands for, or 0 when it is none. */
static char canonical(char c)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if (c == 'O')
        return '0';
    if (c == 'I' || c == 'L')
        return '1';
    for (const char *a = alphabet; *a; a++)
        if (*a == c)
            return c;
    return 0;
}

int xa_code_status_normalize(const char *in, char *out)
{
    char tmp[XA_CODE_STATUS_LEN + 1];
    size_t n = 0;
    if (!in)
        return XA_EVALIDATION;
    for (const char *p = in; *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        char c = canonical(*p);
        if (!c || n == XA_CODE_STATUS_LEN)
            return XA_EVALIDATION;
        tmp[n++] = c;
    }
    if (n != XA_CODE_STATUS_LEN)
        return XA_EVALIDATION;
    tmp[n] = '\0';
    for (size_t i = 0; i <= n; i++)
        out[i] = tmp[i];
    return XA_OK;
}
