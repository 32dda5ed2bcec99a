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
/* count * size zeroed bytes on a cache line (64 bytes); from 2 MiB on, on a huge page, the
 * kernel asked to back it with huge pages: for large arrays read at random, where TLB misses
 * would cost more than the reads. Caller frees with free(). */
void *xa_xhuge_calloc(size_t count, size_t size);
/* Caller frees with free(). xa_xstrdup(NULL) returns NULL. */
char *xa_xstrdup(const char *s);
char *xa_xstrndup(const char *s, size_t n);

#endif
