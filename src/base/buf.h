/*
 * buf.h - a growable byte buffer with a size cap (curl's dynbuf, git's strbuf).
 *
 * The contents are always NUL-terminated once anything was added. Appending past the cap
 * fails with XA_ETOOBIG and leaves the buffer unchanged, so a request body limit is enforced
 * while reading, not after.
 */
#ifndef XA_BUF_H
#define XA_BUF_H

#include "base/err.h"

#include <stdarg.h>
#include <stddef.h>

struct xa_buf {
    char *p;
    size_t len;
    size_t cap;
    size_t max; /* largest allowed len */
};

void xa_buf_init(struct xa_buf *b, size_t max);
/* Frees the contents; the buffer is empty and reusable. Accepts an empty buffer. */
void xa_buf_release(struct xa_buf *b);
XA_MUST_CHECK int xa_buf_add(struct xa_buf *b, const void *p, size_t n);
XA_MUST_CHECK int xa_buf_addstr(struct xa_buf *b, const char *s);
__attribute__((format(printf, 2, 3))) XA_MUST_CHECK int xa_buf_printf(struct xa_buf *b,
                                                                       const char *fmt, ...);
/* Hands the contents to the caller (free() them) and leaves the buffer empty. */
char *xa_buf_detach(struct xa_buf *b, size_t *len_out);
/* The contents as a C string ("" when empty); borrowed until the next change. */
const char *xa_buf_str(const struct xa_buf *b);

#endif
