/*
 * arena.c - chunked bump allocation. A request that outgrows the current chunk gets a new
 * chunk at least twice as large (or exactly large enough for a big allocation).
 */
#include "base/arena.h"

#include "base/mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_MIN_CHUNK 4096
#define ARENA_ALIGN 16

struct xa_arena_chunk {
    struct xa_arena_chunk *next;
    size_t cap;
    size_t off;
    _Alignas(16) unsigned char data[];
};

void xa_arena_init(struct xa_arena *a)
{
    a->head = NULL;
    a->used = 0;
}

void xa_arena_release(struct xa_arena *a)
{
    struct xa_arena_chunk *c = a->head;
    while (c) {
        struct xa_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    a->head = NULL;
    a->used = 0;
}

void *xa_arena_alloc(struct xa_arena *a, size_t n)
{
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    struct xa_arena_chunk *c = a->head;
    if (!c || c->cap - c->off < need) {
        size_t cap = c ? c->cap * 2 : ARENA_MIN_CHUNK;
        if (cap < need)
            cap = need;
        struct xa_arena_chunk *nc = xa_xmalloc(sizeof(*nc) + cap);
        nc->cap = cap;
        nc->off = 0;
        nc->next = c;
        a->head = nc;
        c = nc;
    }
    void *p = c->data + c->off;
    c->off += need;
    a->used += need;
    memset(p, 0, need ? need : 0);
    return p;
}

char *xa_arena_strndup(struct xa_arena *a, const char *s, size_t n)
{
    if (!s)
        return NULL;
    char *p = xa_arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xa_arena_strdup(struct xa_arena *a, const char *s)
{
    return s ? xa_arena_strndup(a, s, strlen(s)) : NULL;
}

char *xa_arena_vprintf(struct xa_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *p = xa_arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *xa_arena_printf(struct xa_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = xa_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}
