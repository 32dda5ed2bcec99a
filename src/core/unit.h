/*
 * unit.h - organisation units (单位): bureau (分局) -> station (派出所) -> team (队/室).
 *
 * Invariant: path is the chain of ids from the root, "/1/4/9/", so "is b inside a's subtree"
 * is "b.path starts with a.path". A team's records belong to its station: the scope of a user
 * of a team is the station above it (xa_unit_scope_path).
 */
#ifndef XA_UNIT_H
#define XA_UNIT_H

#include "base/err.h"

#include <stdbool.h>
#include <stdint.h>

struct xa_unit {
    int64_t id;
    int64_t parent_id; /* 0 for the bureau */
    const char *code;  /* short, unique, used in record codes: "CQ01" */
    const char *name;  /* "城关派出所" */
    int kind;          /* enum xa_unit_kind */
    const char *path;  /* "/1/4/9/" */
};

/* Checks code (2-16 of A-Z 0-9 _), name (1-64 chars), kind, and that the kind fits under the
 * parent's kind (bureau at the root only; station under bureau; team under station). */
XA_MUST_CHECK int xa_unit_validate(const struct xa_unit *u, const struct xa_unit *parent,
                                   struct xa_verr *ve);

/* True when path lies in the subtree rooted at scope_path (NULL scope = everything). */
bool xa_unit_path_within(const char *path, const char *scope_path);

/* Length of the prefix of path that a user of unit u sees: the whole path for a bureau or a
 * station, the parent station's path for a team. */
size_t xa_unit_scope_len(const struct xa_unit *u);

#endif
