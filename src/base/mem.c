/*
 * mem.c - the single out-of-memory exit.
 */
#include "base/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

static void oom(size_t n)
{
    fprintf(stderr, "xiaoan: out of memory allocating %zu bytes\n", n);
    abort();
}

void *xa_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *xa_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        oom(count * size);
    return p;
}

void *xa_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

#define HUGE_PAGE ((size_t)2 << 20)

void *xa_xhuge_calloc(size_t count, size_t size)
{
    size_t n = count * size;
    if (size && n / size != count)
        oom(SIZE_MAX);
    size_t align = n >= HUGE_PAGE ? HUGE_PAGE : 64;
    if (n > SIZE_MAX - align)
        oom(SIZE_MAX);
    n = ((n ? n : 1) + align - 1) / align * align; /* aligned_alloc wants a multiple */
    void *p = aligned_alloc(align, n);
    if (!p)
        oom(n);
#ifdef MADV_HUGEPAGE
    if (align == HUGE_PAGE)
        (void)madvise(p, n, MADV_HUGEPAGE); /* before the pages are touched; only a hint */
#endif
    return memset(p, 0, n);
}

char *xa_xstrdup(const char *s)
{
    return s ? xa_xstrndup(s, strlen(s)) : NULL;
}

char *xa_xstrndup(const char *s, size_t n)
{
    char *p = xa_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}
