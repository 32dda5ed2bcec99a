/*
 * time.h - time as UTC epoch seconds (int64) everywhere; text in ISO 8601.
 *
 * Officers read times in Asia/Shanghai (UTC+8, no daylight saving since 1991), so a time
 * written without an offset means Shanghai time, and formatted times carry "+08:00".
 */
#ifndef XA_TIME_H
#define XA_TIME_H

#include "base/err.h"

#include <stdint.h>

#define XA_TIME_CN_OFFSET (8 * 3600)
#define XA_TIME_TEXT_MAX 32

/* Current UTC epoch seconds. XA_FAKE_NOW in the environment (epoch seconds) overrides it for
 * tests that need a fixed clock. */
int64_t xa_time_now(void);

/* Seconds on the monotonic clock, for measuring how long something took. */
double xa_time_mono(void);

/* Parses "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM[:SS][.fff][Z|+HH:MM|-HH:MM]" or plain epoch
 * seconds. No offset means Asia/Shanghai. XA_EVALIDATION on anything else or an impossible
 * date (2026-02-30). */
XA_MUST_CHECK int xa_time_parse(const char *s, int64_t *out);

/* "2026-11-23T17:16:25+08:00" into out (XA_TIME_TEXT_MAX bytes). */
void xa_time_format(int64_t t, char *out);

/* Shanghai calendar day of t as YYYYMMDD. */
int32_t xa_time_day_cn(int64_t t);

/* UTC epoch of Shanghai midnight starting the day that contains t. */
int64_t xa_time_day_start_cn(int64_t t);

/* Days since 1970-01-01 for a proleptic Gregorian date (negative before 1970). */
int64_t xa_time_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
