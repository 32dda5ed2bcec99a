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
/* count * size zeroed bytes at a multiple of align (a power of two, at least sizeof(void *)). */
void *xa_xaligned_calloc(size_t align, size_t count, size_t size);
/* xa_xaligned_calloc() on huge-page boundaries, the kernel asked to back it with huge pages:
 * for large arrays read at random, where TLB misses would cost more than the reads. */
void *xa_xhuge_calloc(size_t count, size_t size);
/* Caller frees with free(). xa_xstrdup(NULL) returns NULL. */
char *xa_xstrdup(const char *s);
char *xa_xstrndup(const char *s, size_t n);

#endif
