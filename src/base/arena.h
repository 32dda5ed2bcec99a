/*
 * arena.h - a bump allocator owned by one request or one job (h2o's per-request pool).
 *
 * Everything allocated from an arena dies together at xa_arena_release(); nothing in it is
 * freed on its own. Allocations are zeroed and 16-byte aligned. Not thread-safe: an arena
 * belongs to one thread at a time.
 */
#ifndef XA_ARENA_H
#define XA_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct xa_arena_chunk;
struct xa_arena {
    struct xa_arena_chunk *head;
    size_t used; /* bytes handed out, for limits and tests */
};

void xa_arena_init(struct xa_arena *a);
/* Frees every chunk; the arena is empty and reusable afterwards. Accepts an empty arena. */
void xa_arena_release(struct xa_arena *a);

/* Zeroed memory of n bytes, arena-owned. */
void *xa_arena_alloc(struct xa_arena *a, size_t n);
/* Arena-owned copies; NULL in gives NULL out. */
char *xa_arena_strdup(struct xa_arena *a, const char *s);
char *xa_arena_strndup(struct xa_arena *a, const char *s, size_t n);
__attribute__((format(printf, 2, 3))) char *xa_arena_printf(struct xa_arena *a, const char *fmt,
                                                           ...);
char *xa_arena_vprintf(struct xa_arena *a, const char *fmt, va_list ap);

#endif
