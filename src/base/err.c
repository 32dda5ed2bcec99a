/*
 * err.c - lookups over the error table of err.h, and the field-problem list.
 */
#include "base/err.h"

#include <string.h>

const char *xa_strerror(int rc)
{
    switch (rc) {
    case XA_OK:
        return "ok";
#define XA_ERR_DESC(name, val, http, word, desc)                                               \
    case XA_E##name:                                                                           \
        return desc;
        XA_ERR_MAP(XA_ERR_DESC)
#undef XA_ERR_DESC
    }
    return "unknown error";
}

int xa_err_http_status(int rc)
{
    switch (rc) {
    case XA_OK:
        return 200;
#define XA_ERR_HTTP(name, val, http, word, desc)                                               \
    case XA_E##name:                                                                           \
        return http;
        XA_ERR_MAP(XA_ERR_HTTP)
#undef XA_ERR_HTTP
    }
    return 500;
}

const char *xa_err_word(int rc)
{
    switch (rc) {
    case XA_OK:
        return "ok";
#define XA_ERR_WORD(name, val, http, word, desc)                                               \
    case XA_E##name:                                                                           \
        return word;
        XA_ERR_MAP(XA_ERR_WORD)
#undef XA_ERR_WORD
    }
    return "internal";
}

void xa_verr_add(struct xa_verr *v, const char *field, const char *reason)
{
    if (v->n >= XA_VERR_MAX)
        return;
    for (size_t i = 0; i < v->n; i++)
        if (field && v->items[i].field && strcmp(v->items[i].field, field) == 0)
            return; /* the first problem of a field is the one to fix */
    v->items[v->n].field = field;
    v->items[v->n].reason = reason;
    v->n++;
}

int xa_verr_rc(const struct xa_verr *v)
{
    return v->n ? XA_EVALIDATION : XA_OK;
}
