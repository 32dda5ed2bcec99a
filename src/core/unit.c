/*
 * unit.c - rules of the unit tree (单位): bureau (分局) at the root, stations (派出所) under
 * it, teams (队/室) under a station.
 *
 * Invariant: path is "/<root id>/.../<own id>/", every segment closed by '/', so a subtree test
 * is a prefix test and "/1/4/" never matches "/1/44/".
 */
#include "core/unit.h"

#include "core/validate.h"
#include "core/vocab.h"

#include <string.h>

#define UNIT_CODE_MIN 2
#define UNIT_CODE_MAX 16
#define UNIT_NAME_MAX 64

static const char *code_problem(const char *code)
{
    if (!code || !*code)
        return "required";
    size_t len = 0;
    for (const char *p = code; *p; p++, len++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return "bad_format";
    if (len < UNIT_CODE_MIN)
        return "too_short";
    if (len > UNIT_CODE_MAX)
        return "too_long";
    return NULL;
}

/* The kind a unit's parent must have, 0 when it must have none. */
static int parent_kind(int kind)
{
    switch (kind) {
    case XA_UNIT_STATION:
        return XA_UNIT_BUREAU;
    case XA_UNIT_TEAM:
        return XA_UNIT_STATION;
    default:
        return 0;
    }
}

int xa_unit_validate(const struct xa_unit *u, const struct xa_unit *parent, struct xa_verr *ve)
{
    struct xa_verr local = {0};
    const char *why;

    if ((why = code_problem(u->code)))
        xa_verr_add(&local, "code", why);
    if (!u->name || !*u->name)
        xa_verr_add(&local, "name", "required");
    else if ((why = xa_validate_text(u->name, UNIT_NAME_MAX)))
        xa_verr_add(&local, "name", why);

    if (u->kind == 0) {
        xa_verr_add(&local, "kind", "required");
    } else if (!xa_vocab_code(&xa_vocab_unit_kind, u->kind)) {
        xa_verr_add(&local, "kind", "unknown_value");
    } else {
        int want = parent_kind(u->kind);
        if (!parent && u->parent_id != 0)
            xa_verr_add(&local, "parent_id", "no_such_unit");
        else if (want == 0 && parent)
            xa_verr_add(&local, "kind", "unknown_value"); /* a bureau under something */
        else if (want != 0 && !parent)
            xa_verr_add(&local, "parent_id", "required");
        else if (want != 0 && parent->kind != want)
            xa_verr_add(&local, "kind", "unknown_value");
    }

    for (size_t i = 0; i < local.n; i++)
        xa_verr_add(ve, local.items[i].field, local.items[i].reason);
    return xa_verr_rc(&local);
}

bool xa_unit_path_within(const char *path, const char *scope_path)
{
    if (!scope_path)
        return true;
    if (!path)
        return false;
    return strncmp(path, scope_path, strlen(scope_path)) == 0;
}

size_t xa_unit_scope_len(const struct xa_unit *u)
{
    if (!u->path)
        return 0;
    size_t len = strlen(u->path);
    if (u->kind != XA_UNIT_TEAM || len < 2)
        return len;
    /* "/1/4/9/": drop the team's own "9/" segment, keeping the station's "/1/4/". */
    size_t i = len - 1; /* the closing '/' */
    while (i > 0 && u->path[i - 1] != '/')
        i--;
    return i > 1 ? i : len; /* a team at the root would be a broken tree: keep its own path */
}
