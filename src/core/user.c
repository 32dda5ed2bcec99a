/*
 * user.c - rules of police users: login names, real names, roles, passwords, and which roles
 * see every unit or may be dispatched.
 *
 * Invariant (DESIGN §1): one user, one unit, one role; the role alone decides what a user may
 * do, the unit decides which records they see.
 */
#include "core/user.h"

#include "core/validate.h"
#include "core/vocab.h"

#include <string.h>

#define USERNAME_MIN 2
#define USERNAME_MAX 32
#define NAME_MAX_CHARS 32
#define PASSWORD_MIN 8
#define PASSWORD_MAX 128

static const char *username_problem(const char *s)
{
    if (!s || !*s)
        return "required";
    size_t len = 0;
    for (const char *p = s; *p; p++, len++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
            return "bad_format";
    }
    if (len < USERNAME_MIN)
        return "too_short";
    if (len > USERNAME_MAX)
        return "too_long";
    return NULL;
}

int xa_user_validate(const struct xa_user *u, struct xa_verr *ve)
{
    struct xa_verr local = {0};
    const char *why;

    if ((why = username_problem(u->username)))
        xa_verr_add(&local, "username", why);
    if (!u->name || !*u->name)
        xa_verr_add(&local, "name", "required");
    else if ((why = xa_validate_text(u->name, NAME_MAX_CHARS)))
        xa_verr_add(&local, "name", why);
    if (u->role == 0)
        xa_verr_add(&local, "role", "required");
    else if (!xa_vocab_code(&xa_vocab_role, u->role))
        xa_verr_add(&local, "role", "unknown_value");
    if (u->phone && *u->phone && (why = xa_validate_phone(u->phone)))
        xa_verr_add(&local, "phone", why);

    for (size_t i = 0; i < local.n; i++)
        xa_verr_add(ve, local.items[i].field, local.items[i].reason);
    return xa_verr_rc(&local);
}

const char *xa_user_password_problem(const char *password)
{
    size_t len = password ? strlen(password) : 0;
    if (len < PASSWORD_MIN)
        return "weak_password";
    if (len > PASSWORD_MAX)
        return "too_long";
    return NULL;
}

bool xa_user_sees_all(int role, int unit_kind)
{
    return role == XA_ROLE_ANALYST || (role == XA_ROLE_LEADER && unit_kind == XA_UNIT_BUREAU);
}

bool xa_user_is_dispatchable(int role)
{
    switch (role) {
    case XA_ROLE_PATROL:
    case XA_ROLE_COMMUNITY:
    case XA_ROLE_INVESTIGATOR:
    case XA_ROLE_LEADER:
        return true;
    default:
        return false;
    }
}
