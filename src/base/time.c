/*
 * time.c - epoch arithmetic without the C library's local-time machinery (whose TZ state is
 * global and not thread-safe); calendar conversion after Howard Hinnant's civil algorithms.
 */
#include "base/time.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t xa_time_now(void)
{
    const char *fake = getenv("XA_FAKE_NOW");
    if (fake && *fake)
        return strtoll(fake, NULL, 10);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

double xa_time_mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int64_t xa_time_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

static int days_in_month(int64_t y, unsigned m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* Reads exactly n digits at *p. */
static int digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*p)[i]))
            return -1;
        v = v * 10 + ((*p)[i] - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

int xa_time_parse(const char *s, int64_t *out)
{
    if (!s || !*s)
        return XA_EVALIDATION;
    size_t len = strlen(s);
    if (len > 40)
        return XA_EVALIDATION;
    int all_digits = 1;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)s[i]) && !(i == 0 && s[i] == '-'))
            all_digits = 0;
    if (all_digits) {
        if (len > 12 || (s[0] == '-' && len == 1))
            return XA_EVALIDATION;
        *out = strtoll(s, NULL, 10);
        return XA_OK;
    }
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' || digits(&p, 2, &d))
        return XA_EVALIDATION;
    if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, (unsigned)mo))
        return XA_EVALIDATION;
    int64_t offset = XA_TIME_CN_OFFSET;
    if (*p == 'T' || *p == ' ') {
        p++;
        if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
            return XA_EVALIDATION;
        if (*p == ':') {
            p++;
            if (digits(&p, 2, &sec))
                return XA_EVALIDATION;
            if (*p == '.') {
                p++;
                if (!isdigit((unsigned char)*p))
                    return XA_EVALIDATION;
                while (isdigit((unsigned char)*p))
                    p++;
            }
        }
        if (h > 23 || mi > 59 || sec > 60)
            return XA_EVALIDATION;
        if (*p == 'Z') {
            offset = 0;
            p++;
        } else if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1, oh, om;
            if (digits(&p, 2, &oh))
                return XA_EVALIDATION;
            if (*p == ':')
                p++;
            if (digits(&p, 2, &om) || oh > 14 || om > 59)
                return XA_EVALIDATION;
            offset = sign * (oh * 3600 + om * 60);
        }
    }
    if (*p)
        return XA_EVALIDATION;
    int64_t days = xa_time_days_from_civil(y, (unsigned)mo, (unsigned)d);
    *out = days * 86400 + h * 3600 + mi * 60 + (sec > 59 ? 59 : sec) - offset;
    return XA_OK;
}

void xa_time_format(int64_t t, char *out)
{
    int64_t local = t + XA_TIME_CN_OFFSET;
    int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t rem = local - days * 86400;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    int hh = (int)(rem / 3600), mm = (int)(rem % 3600 / 60), ss = (int)(rem % 60);
    /* y is bounded by the parser and by int64 epoch ranges used in practice */
    char *o = out;
    int yy = (int)(y < 0 ? 0 : y > 9999 ? 9999 : y);
    o[0] = (char)('0' + yy / 1000);
    o[1] = (char)('0' + yy / 100 % 10);
    o[2] = (char)('0' + yy / 10 % 10);
    o[3] = (char)('0' + yy % 10);
    o[4] = '-';
    o[5] = (char)('0' + m / 10);
    o[6] = (char)('0' + m % 10);
    o[7] = '-';
    o[8] = (char)('0' + d / 10);
    o[9] = (char)('0' + d % 10);
    o[10] = 'T';
    o[11] = (char)('0' + hh / 10);
    o[12] = (char)('0' + hh % 10);
    o[13] = ':';
    o[14] = (char)('0' + mm / 10);
    o[15] = (char)('0' + mm % 10);
    o[16] = ':';
    o[17] = (char)('0' + ss / 10);
    o[18] = (char)('0' + ss % 10);
    memcpy(o + 19, "+08:00", 7);
}

int32_t xa_time_day_cn(int64_t t)
{
    int64_t local = t + XA_TIME_CN_OFFSET;
    int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, &y, &m, &d);
    return (int32_t)(y * 10000 + m * 100 + d);
}

int64_t xa_time_day_start_cn(int64_t t)
{
    int64_t local = t + XA_TIME_CN_OFFSET;
    int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    return days * 86400 - XA_TIME_CN_OFFSET;
}
