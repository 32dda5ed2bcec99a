/*
 * log.c - stderr logging; one write per line so lines of threads do not interleave.
 */
#include "base/log.h"

#include "base/time.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static enum xa_log_level min_level = XA_LOG_INFO;

void xa_log_set_level(enum xa_log_level level)
{
    min_level = level;
}

void xa_log(enum xa_log_level level, const char *fmt, ...)
{
    static const char *names[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    if (level < min_level)
        return;
    char line[2048], ts[XA_TIME_TEXT_MAX];
    xa_time_format(xa_time_now(), ts);
    int n = snprintf(line, sizeof(line), "%s %s ", ts, names[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof(line) - 2)
        len = sizeof(line) - 2;
    line[len++] = '\n';
    ssize_t w = write(STDERR_FILENO, line, len);
    (void)w;
}
