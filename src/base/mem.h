/*
 * mem.h - allocation that cannot fail: out of memory aborts here, in one place (as in Redis
 * and h2o), so callers never check for NULL.
 */
#ifndef XA_MEM_H
#define XA_MEM_H

#include <stddef.h>

void *xa_xmalloc(size_t n);
void *xa_xcalloc(size_t count, size_t size);
void *xa_xrealloc(void *p, size_t n);
/* Caller frees with free(). xa_xstrdup(NULL) returns NULL. */
char *xa_xstrdup(const char *s);
char *xa_xstrndup(const char *s, size_t n);

#endif
