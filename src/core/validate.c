/*
 * validate.c - checks of typed values (ID numbers, phones, coordinates, text) and masks of
 * personal data for lists.
 *
 * Every check returns NULL for a good value or a reason word of base/msg.h; none allocates.
 * A NULL text is good (absence is the caller's rule: "required" is decided where the field
 * is known to be mandatory); a NULL phone or ID number is bad, since there is nothing to check.
 */
#include "core/validate.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Number of digits at the start of s. */
static size_t digit_run(const char *s)
{
    size_t n = 0;
    while (is_digit(s[n]))
        n++;
    return n;
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool is_real_date(int32_t ymd)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
    if (m < 1 || m > 12 || d < 1)
        return false;
    int max = dm[m - 1] + (m == 2 && is_leap(y));
    return d <= max;
}

/* GB 11643-1999: weights 2^(17-i) mod 11, check character by ISO 7064 MOD 11-2. */
static char id_check_char(const char *s)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static const char check[] = "10X98765432";
    int sum = 0;
    for (int i = 0; i < 17; i++)
        sum += (s[i] - '0') * w[i];
    return check[sum % 11];
}

static int32_t id_birth(const char *s)
{
    int32_t v = 0;
    for (int i = 6; i < 14; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

const char *xa_validate_id_number(const char *s, int32_t today)
{
    if (!s || strlen(s) != 18 || digit_run(s) < 17)
        return "bad_id_number";
    char last = s[17];
    if (!is_digit(last) && last != 'X' && last != 'x')
        return "bad_id_number";
    int32_t birth = id_birth(s);
    if (!is_real_date(birth) || birth < 19000101 || (today != 0 && birth > today))
        return "bad_id_birth";
    if (id_check_char(s) != (last == 'x' ? 'X' : last))
        return "bad_id_checksum";
    return NULL;
}

void xa_validate_id_info(const char *s, int32_t *birth_out, char *sex_out)
{
    *birth_out = id_birth(s);
    *sex_out = (s[16] - '0') % 2 ? 'M' : 'F';
}

static bool is_mobile(const char *s)
{
    return strlen(s) == 11 && digit_run(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9';
}

/* 0 + area code (2-3 digits, not starting with 0) [-] + 7-8 digits [- 1-6 digit extension]. */
static bool is_landline(const char *s)
{
    if (s[0] != '0' || !is_digit(s[1]) || s[1] == '0')
        return false;
    size_t n1 = digit_run(s);
    const char *p = s + n1;
    if (n1 >= 3 && n1 <= 4 && *p == '-') {
        size_t n2 = digit_run(p + 1);
        if (n2 < 7 || n2 > 8)
            return false;
        p += 1 + n2;
    } else if (n1 < 10 || n1 > 12) {
        return false;
    }
    if (*p == '-') {
        size_t n3 = digit_run(p + 1);
        if (n3 < 1 || n3 > 6)
            return false;
        p += 1 + n3;
    }
    return *p == '\0';
}

/* Short numbers of public services and banks: 110 119 120 122, the
 * 123xx government hotlines (12345, 12315 ...) and the 95xxx bank lines (95588 ...). */
static bool is_service_number(const char *s)
{
    size_t len = strlen(s);
    if (digit_run(s) != len)
        return false;
    if (len == 3)
        return !strcmp(s, "110") || !strcmp(s, "119") || !strcmp(s, "120") || !strcmp(s, "122");
    if (len == 5)
        return strncmp(s, "123", 3) == 0 || strncmp(s, "95", 2) == 0;
    return false;
}

const char *xa_validate_phone(const char *s)
{
    if (!s)
        return "bad_phone";
    if (is_mobile(s) || is_landline(s) || is_service_number(s))
        return NULL;
    if (strncmp(s, "+86", 3) == 0 && is_mobile(s + 3))
        return NULL;
    if (strncmp(s, "86", 2) == 0 && is_mobile(s + 2))
        return NULL;
    return "bad_phone";
}

const char *xa_validate_lat(double lat)
{
    return isfinite(lat) && lat >= -90.0 && lat <= 90.0 ? NULL : "bad_latitude";
}

const char *xa_validate_lon(double lon)
{
    return isfinite(lon) && lon >= -180.0 && lon <= 180.0 ? NULL : "bad_longitude";
}

/* Decodes one UTF-8 sequence at p into *cp; returns its length, 0 when it is malformed
 * (bad lead byte, missing continuation, overlong form, surrogate, beyond U+10FFFF). */
static size_t utf8_decode(const unsigned char *p, unsigned long *cp)
{
    unsigned char b = p[0];
    unsigned long c;
    size_t k;
    if (b < 0x80) {
        *cp = b;
        return 1;
    } else if (b >= 0xC2 && b <= 0xDF) {
        c = b & 0x1F;
        k = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        c = b & 0x0F;
        k = 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
        c = b & 0x07;
        k = 4;
    } else {
        return 0; /* continuation byte as lead, C0/C1 overlong leads, F5..FF */
    }
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
            return 0;
        c = (c << 6) | (p[i] & 0x3F);
    }
    if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10FFFF)))
        return 0;
    if (c >= 0xD800 && c <= 0xDFFF)
        return 0;
    *cp = c;
    return k;
}

static bool is_control(unsigned long c)
{
    if (c == '\t' || c == '\n' || c == '\r')
        return false;
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

const char *xa_validate_text(const char *s, size_t max_chars)
{
    if (!s)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        unsigned long c;
        size_t k = utf8_decode(p, &c);
        if (k == 0 || is_control(c))
            return "bad_format";
        p += k;
        n++;
    }
    return n > max_chars ? "too_long" : NULL;
}

/* Copies s into out (n bytes) replacing the digits whose index among all digits of s lies
 * in [keep_head, n_digits - keep_tail) by '*'; other characters are kept. */
static void mask_digits(const char *s, size_t keep_head, size_t keep_tail, char *out, size_t n)
{
    size_t n_digits = 0;
    for (const char *p = s; *p; p++)
        n_digits += is_digit(*p);
    size_t di = 0, o = 0;
    for (const char *p = s; *p && o + 1 < n; p++) {
        char c = *p;
        if (is_digit(c)) {
            if (di >= keep_head && di + keep_tail < n_digits)
                c = '*';
            di++;
        }
        out[o++] = c;
    }
    out[o] = '\0';
}

void xa_validate_mask_phone(const char *s, char *out, size_t n)
{
    if (n == 0)
        return;
    if (!s) {
        out[0] = '\0';
        return;
    }
    /* A country prefix is not personal: mask the national number after it. */
    size_t pre = 0;
    if (strncmp(s, "+86", 3) == 0 && is_mobile(s + 3))
        pre = 3;
    else if (strncmp(s, "86", 2) == 0 && is_mobile(s + 2))
        pre = 2;
    if (pre >= n)
        pre = n - 1;
    memcpy(out, s, pre);
    size_t n_digits = 0;
    for (const char *p = s + pre; *p; p++)
        n_digits += is_digit(*p);
    if (n_digits <= 7) /* 110, 12345: nothing personal to hide */
        mask_digits(s + pre, n_digits, 0, out + pre, n - pre);
    else
        mask_digits(s + pre, 3, 4, out + pre, n - pre);
}

void xa_validate_mask_id_number(const char *s, char *out, size_t n)
{
    if (n == 0)
        return;
    if (!s) {
        out[0] = '\0';
        return;
    }
    size_t len = strlen(s), keep_head = 6, keep_tail = 4;
    if (len <= keep_head + keep_tail) /* not an ID number: hide it all */
        keep_head = keep_tail = 0;
    size_t o = 0;
    for (size_t i = 0; i < len && o + 1 < n; i++)
        out[o++] = i >= keep_head && i + keep_tail < len ? '*' : s[i];
    out[o] = '\0';
}
