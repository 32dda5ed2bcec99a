/*
 * log.h - one line per event on stderr: "2026-11-23T17:16:25+08:00 INFO message".
 */
#ifndef XA_LOG_H
#define XA_LOG_H

enum xa_log_level { XA_LOG_DEBUG, XA_LOG_INFO, XA_LOG_WARN, XA_LOG_ERROR };

/* Lines below the level are dropped; default XA_LOG_INFO. */
void xa_log_set_level(enum xa_log_level level);
__attribute__((format(printf, 2, 3))) void xa_log(enum xa_log_level level, const char *fmt, ...);

#endif
