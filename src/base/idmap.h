/*
 * idmap.h - a map from 64-bit record ids to 32-bit positions (open addressing, linear probing),
 * for in-memory tables whose rows are found by id but kept in arrival order.
 *
 * Any int64_t is a valid id except INT64_MIN. Not thread-safe: the owner serialises access.
 */
#ifndef XA_IDMAP_H
#define XA_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xa_idmap {
    int64_t *key; /* INT64_MIN: empty slot */
    uint32_t *val;
    size_t n, cap; /* cap: 0 or a power of two, at most half full */
};

#define XA_IDMAP_INIT                                                                              \
    {                                                                                              \
        NULL, NULL, 0, 0                                                                           \
    }

/* Sets id's position to pos, adding id if absent. */
void xa_idmap_put(struct xa_idmap *m, int64_t id, uint32_t pos);

/* Whether id is present; if so and pos is not NULL, its position into *pos. */
bool xa_idmap_get(const struct xa_idmap *m, int64_t id, uint32_t *pos);

/* Frees the map's memory and leaves it empty (XA_IDMAP_INIT). */
void xa_idmap_clear(struct xa_idmap *m);

#endif
