/*
 * mem.c - the single out-of-memory exit.
 */
#include "base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
