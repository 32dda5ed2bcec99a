/*
 * buf.c - capped growable buffer.
 */
#include "base/buf.h"

#include "base/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xa_buf_init(struct xa_buf *b, size_t max)
{
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void xa_buf_release(struct xa_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
}

int xa_buf_add(struct xa_buf *b, const void *p, size_t n)
{
    if (n > b->max || b->len > b->max - n)
        return XA_ETOOBIG;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = xa_xrealloc(b->p, cap);
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return XA_OK;
}

int xa_buf_addstr(struct xa_buf *b, const char *s)
{
    return xa_buf_add(b, s, strlen(s));
}

int xa_buf_printf(struct xa_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return XA_EINTERNAL;
    char *tmp = xa_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = xa_buf_add(b, tmp, (size_t)n);
    free(tmp);
    return rc;
}

char *xa_buf_detach(struct xa_buf *b, size_t *len_out)
{
    char *p = b->p ? b->p : xa_xstrdup("");
    if (len_out)
        *len_out = b->len;
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}

const char *xa_buf_str(const struct xa_buf *b)
{
    return b->p ? b->p : "";
}
