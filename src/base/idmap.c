/*
 * idmap.c - id to position map (idmap.h).
 *
 * Invariant: at most half of the cap slots are taken, so a probe always ends on an empty slot;
 * nothing is ever removed, so no tombstones.
 */
#include "base/idmap.h"

#include "base/mem.h"

#include <assert.h>
#include <stdlib.h>

#define EMPTY INT64_MIN

static size_t slot_of(int64_t id, size_t cap)
{
    uint64_t h = (uint64_t)id * UINT64_C(0x9e3779b97f4a7c15); /* Fibonacci hashing */
    return (size_t)(h ^ (h >> 32)) & (cap - 1);
}

static void grow(struct xa_idmap *m)
{
    size_t cap = m->cap ? 2 * m->cap : 64;
    int64_t *key = xa_xmalloc(cap * sizeof(*key));
    uint32_t *val = xa_xmalloc(cap * sizeof(*val));
    for (size_t i = 0; i < cap; i++)
        key[i] = EMPTY;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->key[i] == EMPTY)
            continue;
        size_t s = slot_of(m->key[i], cap);
        while (key[s] != EMPTY)
            s = (s + 1) & (cap - 1);
        key[s] = m->key[i];
        val[s] = m->val[i];
    }
    free(m->key);
    free(m->val);
    m->key = key;
    m->val = val;
    m->cap = cap;
}

void xa_idmap_put(struct xa_idmap *m, int64_t id, uint32_t pos)
{
    assert(id != EMPTY);
    if (2 * (m->n + 1) > m->cap)
        grow(m);
    size_t s = slot_of(id, m->cap);
    while (m->key[s] != EMPTY && m->key[s] != id)
        s = (s + 1) & (m->cap - 1);
    if (m->key[s] == EMPTY) {
        m->key[s] = id;
        m->n++;
    }
    m->val[s] = pos;
}

bool xa_idmap_get(const struct xa_idmap *m, int64_t id, uint32_t *pos)
{
    if (!m->cap || id == EMPTY)
        return false;
    size_t s = slot_of(id, m->cap);
    while (m->key[s] != EMPTY) {
        if (m->key[s] == id) {
            if (pos)
                *pos = m->val[s];
            return true;
        }
        s = (s + 1) & (m->cap - 1);
    }
    return false;
}

void xa_idmap_clear(struct xa_idmap *m)
{
    free(m->key);
    free(m->val);
    *m = (struct xa_idmap)XA_IDMAP_INIT;
}
