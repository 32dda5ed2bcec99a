/*
 * request.c - reading queries and JSON bodies with field-level errors, and JSON value helpers.
 */
#include "http/request.h"

#include "base/time.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

const char *xa_req_query(struct xa_req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

static bool parse_int(const char *s, int64_t *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || end == s)
        return false;
    *out = v;
    return true;
}

void xa_req_query_int(struct xa_req *r, const char *name, int64_t min, int64_t max, int64_t *out)
{
    const char *s = xa_req_query(r, name);
    int64_t v;
    if (!s || !*s)
        return;
    if (!parse_int(s, &v))
        xa_verr_add(&r->ctx.verr, name, "bad_format");
    else if (v < min || v > max)
        xa_verr_add(&r->ctx.verr, name, "out_of_range");
    else
        *out = v;
}

void xa_req_query_time(struct xa_req *r, const char *name, int64_t *out)
{
    const char *s = xa_req_query(r, name);
    if (!s || !*s)
        return;
    if (xa_time_parse(s, out))
        xa_verr_add(&r->ctx.verr, name, "bad_time");
}

void xa_req_query_enum(struct xa_req *r, const char *name, const struct xa_vocab *v, int *out)
{
    const char *s = xa_req_query(r, name);
    if (!s || !*s)
        return;
    if (xa_vocab_parse(v, s, out))
        xa_verr_add(&r->ctx.verr, name, "unknown_value");
}

void xa_req_query_bool(struct xa_req *r, const char *name, bool *out)
{
    const char *s = xa_req_query(r, name);
    if (!s || !*s)
        return;
    if (!strcmp(s, "1") || !strcmp(s, "true"))
        *out = true;
    else if (!strcmp(s, "0") || !strcmp(s, "false"))
        *out = false;
    else
        xa_verr_add(&r->ctx.verr, name, "bad_format");
}

void xa_req_body_fields(struct xa_req *r, const char *const *allowed)
{
    const char *key;
    json_t *v;
    json_object_foreach(r->body, key, v)
    {
        bool known = false;
        for (const char *const *a = allowed; *a && !known; a++)
            known = strcmp(*a, key) == 0;
        if (!known)
            xa_verr_add(&r->ctx.verr, xa_arena_strdup(&r->arena, key), "unknown_field");
    }
}

/* The value of name, NULL when absent or JSON null (then "required" if it must be there). */
static json_t *field(struct xa_req *r, const char *name, bool required)
{
    json_t *v = json_object_get(r->body, name);
    if (!v || json_is_null(v)) {
        if (required)
            xa_verr_add(&r->ctx.verr, name, "required");
        return NULL;
    }
    return v;
}

void xa_req_body_str(struct xa_req *r, const char *name, bool required, const char **out)
{
    json_t *v = field(r, name, required);
    if (!v)
        return;
    if (!json_is_string(v)) {
        xa_verr_add(&r->ctx.verr, name, "wrong_type");
        return;
    }
    const char *s = json_string_value(v);
    if (strlen(s) != json_string_length(v)) {
        xa_verr_add(&r->ctx.verr, name, "bad_format"); /* embedded NUL */
        return;
    }
    /* an empty or blank optional string means "not given" */
    const char *p = s;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
        p++;
    if (!*p) {
        if (required)
            xa_verr_add(&r->ctx.verr, name, "empty");
        return;
    }
    *out = s;
}

void xa_req_body_int(struct xa_req *r, const char *name, bool required, int64_t min, int64_t max,
                     int64_t *out)
{
    json_t *v = field(r, name, required);
    if (!v)
        return;
    if (!json_is_integer(v)) {
        xa_verr_add(&r->ctx.verr, name, "wrong_type");
        return;
    }
    json_int_t i = json_integer_value(v);
    if (i < min || i > max) {
        xa_verr_add(&r->ctx.verr, name, "out_of_range");
        return;
    }
    *out = i;
}

void xa_req_body_real(struct xa_req *r, const char *name, bool required, double *out, bool *present)
{
    json_t *v = field(r, name, required);
    if (!v)
        return;
    if (!json_is_number(v)) {
        xa_verr_add(&r->ctx.verr, name, "wrong_type");
        return;
    }
    *out = json_number_value(v);
    if (present)
        *present = true;
}

void xa_req_body_enum(struct xa_req *r, const char *name, bool required, const struct xa_vocab *v,
                      int *out)
{
    json_t *j = field(r, name, required);
    if (!j)
        return;
    if (!json_is_string(j)) {
        xa_verr_add(&r->ctx.verr, name, "wrong_type");
        return;
    }
    if (xa_vocab_parse(v, json_string_value(j), out))
        xa_verr_add(&r->ctx.verr, name, "unknown_value");
}

void xa_req_body_time(struct xa_req *r, const char *name, bool required, int64_t *out)
{
    json_t *v = field(r, name, required);
    if (!v)
        return;
    if (json_is_string(v)) {
        if (xa_time_parse(json_string_value(v), out))
            xa_verr_add(&r->ctx.verr, name, "bad_time");
    } else if (json_is_integer(v)) {
        *out = json_integer_value(v);
    } else {
        xa_verr_add(&r->ctx.verr, name, "wrong_type");
    }
}

int xa_req_param_id(struct xa_req *r, size_t i, int64_t *out)
{
    int64_t v;
    if (i >= r->n_params || !parse_int(r->params[i], &v) || v <= 0)
        return xa_ctx_fail(&r->ctx, XA_ENOTFOUND, NULL, "not_found");
    *out = v;
    return XA_OK;
}

int xa_req_reply(struct xa_req *r, int status, json_t *out)
{
    if (r->out)
        json_decref(r->out);
    r->status = status;
    r->out = out;
    return XA_OK;
}

json_t *xa_req_json_time(int64_t t)
{
    if (!t)
        return json_null();
    char buf[XA_TIME_TEXT_MAX];
    xa_time_format(t, buf);
    return json_string(buf);
}

json_t *xa_req_json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *xa_req_json_id(int64_t id)
{
    return id ? json_integer(id) : json_null();
}

json_t *xa_req_json_ref(int64_t id, const char *name)
{
    if (!id)
        return json_null();
    return json_pack("{s:I, s:o}", "id", (json_int_t)id, "name", xa_req_json_str(name));
}

json_t *xa_req_json_csv(const char *s)
{
    json_t *arr = json_array();
    for (const char *p = s; p && *p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len)
            json_array_append_new(arr, json_stringn(p, len));
        p = e ? e + 1 : p + len;
    }
    return arr;
}

int xa_req_reply_page(struct xa_req *r, json_t *items, int64_t total, int64_t page,
                      int64_t per_page)
{
    return xa_req_reply(r, 200,
                        json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total",
                                  (json_int_t)total, "page", (json_int_t)page, "per_page",
                                  (json_int_t)per_page));
}
