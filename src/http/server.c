/*
 * server.c - request lifecycle over libmicrohttpd.
 *
 * The access handler is called (1) once when the headers are in, (2) once per body chunk and
 * (3) once more when the body is complete; only on (3) do we answer, so keep-alive survives
 * uploads. A body over the cap is drained and answered 413 (or refused at (1) when its
 * Content-Length already says so). Per request: an arena, a service context, the session
 * resolved into an actor, CSRF checked for writes, then the route's handler.
 */
#include "http/server.h"

#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/msg.h"
#include "http/api.h"
#include "service/auth_svc.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_BODY_MAX (1024 * 1024)
#define DEFAULT_THREADS 8
#define MAX_STORES 256
#define SESSION_COOKIE "xa_session"

static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

struct xa_server {
    struct MHD_Daemon *daemon;
    char *db;
    char *web_dir;
    char *files_dir; /* attachments: "<db>.files" */
    size_t body_max;
    uint16_t port;
    pthread_mutex_t mu;
    struct xa_store *stores[MAX_STORES];
    size_t n_stores;
};

struct conn_state {
    struct xa_buf body;
    bool too_big;
};

static _Thread_local struct xa_store *tl_store;
static _Thread_local struct xa_server *tl_owner;

/* The calling pool thread's store connection, opened on first use. */
static struct xa_store *thread_store(struct xa_server *srv)
{
    if (tl_store && tl_owner == srv)
        return tl_store;
    struct xa_store *s = NULL;
    pthread_mutex_lock(&srv->mu);
    if (srv->n_stores < MAX_STORES && xa_ctx_connect(srv->db, &s) == XA_OK)
        srv->stores[srv->n_stores++] = s;
    pthread_mutex_unlock(&srv->mu);
    if (!s) {
        xa_log(XA_LOG_ERROR, "cannot open store '%s'", srv->db);
        return NULL;
    }
    tl_store = s;
    tl_owner = srv;
    return s;
}

static void add_common_headers(struct MHD_Response *resp)
{
    MHD_add_response_header(resp, "Content-Security-Policy", csp);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
}

static const char *client_ip(struct MHD_Connection *c, struct xa_arena *a)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    char buf[INET6_ADDRSTRLEN] = "";
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, buf,
                      sizeof(buf));
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, buf,
                      sizeof(buf));
    }
    return xa_arena_strdup(a, buf);
}

/* Default reason word of a code without one. */
static const char *default_reason(int rc)
{
    switch (rc) {
    case XA_EUNAUTH:
        return "login_required";
    case XA_EFORBIDDEN:
        return "role_denied";
    case XA_ENOTFOUND:
        return "not_found";
    case XA_EMETHOD:
        return "method";
    case XA_ECONFLICT:
        return "illegal_transition";
    case XA_ETOOBIG:
        return "body_too_large";
    case XA_EMEDIA:
        return "bad_format";
    case XA_EINVAL:
        return "bad_json";
    case XA_ERATELIMIT:
        return "too_many_attempts";
    case XA_EBUSY:
        return "busy";
    default:
        return "internal";
    }
}

static json_t *error_json(struct xa_req *r, int rc)
{
    const struct xa_verr *ve = &r->ctx.verr;
    const char *field = r->ctx.field;
    const char *reason = r->ctx.reason;
    if (rc == XA_EVALIDATION && ve->n) {
        field = ve->items[0].field;
        reason = ve->items[0].reason;
    }
    if (!reason || rc == XA_ESTORE || rc == XA_EINTERNAL)
        reason = default_reason(rc);
    const char *text = xa_msg_text(reason, r->english);
    const char *message = field ? xa_arena_printf(&r->arena, "%s: %s", field, text) : text;
    json_t *details = json_array();
    for (size_t i = 0; i < ve->n; i++)
        json_array_append_new(details, json_pack("{s:s, s:s, s:s}", "field", ve->items[i].field,
                                                 "reason", ve->items[i].reason, "message",
                                                 xa_msg_text(ve->items[i].reason, r->english)));
    return json_pack("{s:{s:s, s:s, s:s, s:o, s:o}}", "error", "code", xa_err_word(rc), "reason",
                     reason, "message", message, "field", xa_req_json_str(field), "details",
                     details);
}

static enum MHD_Result queue_json(struct MHD_Connection *c, struct xa_req *r)
{
    if (r->out_bytes && r->status == 200) {
        struct MHD_Response *bin = MHD_create_response_from_buffer(r->out_len, (void *)r->out_bytes,
                                                                   MHD_RESPMEM_MUST_COPY);
        add_common_headers(bin);
        MHD_add_response_header(bin, "Content-Type", r->out_type);
        MHD_add_response_header(bin, "Cache-Control", "private, no-store");
        enum MHD_Result res = MHD_queue_response(c, MHD_HTTP_OK, bin);
        MHD_destroy_response(bin);
        return res;
    }
    char *text = json_dumps(r->out ? r->out : json_null(),
                            JSON_COMPACT | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY);
    if (!text)
        text = xa_xstrdup("{\"error\":{\"code\":\"internal\"}}");
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    add_common_headers(resp);
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    for (size_t i = 0; i < r->n_cookies; i++)
        MHD_add_response_header(resp, "Set-Cookie", r->set_cookie[i]);
    if (r->location)
        MHD_add_response_header(resp, "Location", r->location);
    if (r->allow && r->status == 405)
        MHD_add_response_header(resp, "Allow", r->allow);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* Session, CSRF and body of an API request, before its handler runs. */
static int prepare(struct xa_req *r, const struct xa_route *rt, struct conn_state *st)
{
    bool write = strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0;
    r->session_token = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, SESSION_COOKIE);
    if (!(rt->flags & XA_ROUTE_PUBLIC)) {
        int rc = xa_auth_svc_session(&r->ctx, r->session_token, r->ip, &r->actor, &r->csrf_token);
        if (rc)
            return rc;
        r->ctx.actor = &r->actor;
        if (write && !(rt->flags & XA_ROUTE_NO_CSRF)) {
            const char *given =
                MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "X-CSRF-Token");
            if (!xa_auth_svc_csrf_ok(r->csrf_token, given))
                return xa_ctx_fail(&r->ctx, XA_EFORBIDDEN, NULL, "csrf");
        }
    }
    if (rt->flags & XA_ROUTE_RAW_BODY) {
        r->raw = st->body.p;
        r->raw_len = st->body.len;
        r->body = json_object();
        return XA_OK;
    }
    if (st->body.len == 0) {
        r->body = json_object();
        return XA_OK;
    }
    const char *ct = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Content-Type");
    if (!ct || strncasecmp(ct, "application/json", 16) != 0)
        return xa_ctx_fail(&r->ctx, XA_EMEDIA, NULL, "bad_format");
    json_error_t jerr;
    r->body = json_loadb(st->body.p, st->body.len,
                         JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!r->body)
        return xa_ctx_fail(&r->ctx, XA_EINVAL, NULL, "bad_json");
    if (!json_is_object(r->body))
        return xa_ctx_fail(&r->ctx, XA_EINVAL, NULL, "not_object");
    return XA_OK;
}

static enum MHD_Result serve_api(struct xa_server *srv, struct MHD_Connection *c, const char *url,
                                 const char *method, struct conn_state *st)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct xa_req r;
    memset(&r, 0, sizeof(r));
    xa_arena_init(&r.arena);
    r.conn = c;
    r.method = method;
    r.path = url;
    r.status = 200;
    r.ip = client_ip(c, &r.arena);
    r.data_dir = srv->files_dir;
    const char *lang = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Language");
    r.english = lang && strncasecmp(lang, "en", 2) == 0;

    int rc;
    struct xa_store *store = thread_store(srv);
    xa_ctx_init(&r.ctx, store, &r.arena, NULL);
    if (!store) {
        rc = XA_EBUSY;
    } else if (st->too_big) {
        rc = xa_ctx_fail(&r.ctx, XA_ETOOBIG, NULL, "body_too_large");
    } else {
        bool known;
        const struct xa_route *rt = xa_api_match(method, url, &r, &known);
        if (!rt)
            rc = known ? xa_ctx_fail(&r.ctx, XA_EMETHOD, NULL, "method")
                       : xa_ctx_fail(&r.ctx, XA_ENOTFOUND, NULL, "no_route");
        else if ((rc = prepare(&r, rt, st)) == XA_OK)
            rc = rt->fn(&r);
    }
    if (rc) {
        if (rc == XA_ESTORE || rc == XA_EINTERNAL)
            xa_log(XA_LOG_ERROR, "%s %s: %s: %s", method, url, xa_strerror(rc),
                   xa_ctx_store_errmsg(store));
        xa_req_reply(&r, xa_err_http_status(rc), error_json(&r, rc));
    }
    enum MHD_Result ret = queue_json(c, &r);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    xa_log(XA_LOG_INFO, "%s %s %d %.1fms %s", method, url, r.status,
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
           r.actor.username ? r.actor.username : "-");
    json_decref(r.body);
    json_decref(r.out);
    xa_arena_release(&r.arena);
    return ret;
}

static const char *content_type(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
        {".txt", "text/plain; charset=utf-8"},
        {".map", "application/json"},
    };
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash))
        for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
            if (strcasecmp(dot, types[i].ext) == 0)
                return types[i].type;
    return "application/octet-stream";
}

static enum MHD_Result plain(struct MHD_Connection *c, unsigned status, const char *text)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        strlen(text), (void *)(uintptr_t)text, MHD_RESPMEM_PERSISTENT);
    add_common_headers(resp);
    MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
    enum MHD_Result ret = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ret;
}

/* A URL path that cannot leave the web directory. */
static bool safe_path(const char *url)
{
    if (url[0] != '/' || strstr(url, "..") || strstr(url, "//") || strchr(url, '\\'))
        return false;
    for (const char *p = url; *p; p++)
        if ((unsigned char)*p < 0x20)
            return false;
    return strlen(url) < 512;
}

static int open_file(const char *dir, const char *rel, struct stat *sb)
{
    char full[1024];
    int n = snprintf(full, sizeof(full), "%s/%s", dir, rel);
    if (n < 0 || (size_t)n >= sizeof(full))
        return -1;
    int fd = open(full, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

static enum MHD_Result serve_static(struct xa_server *srv, struct MHD_Connection *c,
                                    const char *url, const char *method)
{
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        return plain(c, MHD_HTTP_METHOD_NOT_ALLOWED, "method not allowed\n");
    if (!srv->web_dir || !safe_path(url))
        return plain(c, MHD_HTTP_NOT_FOUND, "not found\n");
    const char *rel = url + 1;
    char index_rel[600];
    if (!*rel || rel[strlen(rel) - 1] == '/') {
        snprintf(index_rel, sizeof(index_rel), "%sindex.html", rel);
        rel = index_rel;
    }
    struct stat sb;
    int fd = open_file(srv->web_dir, rel, &sb);
    const char *served = rel;
    if (fd < 0) {
        /* a page route of the single-page UI (/incidents/42, /s/CODE): hand it index.html */
        const char *last = strrchr(url, '/');
        if (strchr(last, '.'))
            return plain(c, MHD_HTTP_NOT_FOUND, "not found\n");
        fd = open_file(srv->web_dir, "index.html", &sb);
        served = "index.html";
        if (fd < 0)
            return plain(c, MHD_HTTP_NOT_FOUND, "not found\n");
    }
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    add_common_headers(resp);
    MHD_add_response_header(resp, "Content-Type", content_type(served));
    MHD_add_response_header(
        resp, "Cache-Control",
        strncmp(served, "assets/", 7) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
    enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    struct xa_server *srv = cls;
    struct conn_state *st = *con_cls;
    if (!st) {
        st = xa_xcalloc(1, sizeof(*st));
        size_t max = xa_api_body_max(method, url, srv->body_max);
        xa_buf_init(&st->body, max);
        *con_cls = st;
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > max)
            st->too_big = true; /* answered once the (discarded) body is through */
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!st->too_big && xa_buf_add(&st->body, upload_data, *upload_data_size) != XA_OK) {
            st->too_big = true;
            xa_buf_release(&st->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (strncmp(url, "/api/", 5) == 0 || strcmp(url, "/api") == 0)
        return serve_api(srv, c, url, method, st);
    return serve_static(srv, c, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    struct conn_state *st = *con_cls;
    if (st) {
        xa_buf_release(&st->body);
        free(st);
        *con_cls = NULL;
    }
}

static void log_mhd(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof(line), fmt, ap);
    line[strcspn(line, "\n")] = '\0';
    xa_log(XA_LOG_WARN, "http: %s", line);
}

/* Parses "HOST:PORT" / "[V6]:PORT" into addr. */
static int parse_listen(const char *listen, struct sockaddr_storage *addr, bool *v6)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof(host))
        return XA_EINVAL;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || end == colon + 1 || port < 0 || port > 65535)
        return XA_EINVAL;
    memset(addr, 0, sizeof(*addr));
    if (host[0] == '[') {
        size_t n = strlen(host);
        if (n < 3 || host[n - 1] != ']')
            return XA_EINVAL;
        host[n - 1] = '\0';
        struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)addr;
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
            return XA_EINVAL;
        *v6 = true;
    } else {
        struct sockaddr_in *a4 = (struct sockaddr_in *)addr;
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &a4->sin_addr) != 1)
            return XA_EINVAL;
        *v6 = false;
    }
    return XA_OK;
}

int xa_server_start(const struct xa_server_config *cfg, struct xa_server **out)
{
    struct sockaddr_storage addr;
    bool v6 = false;
    if (parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:8080", &addr, &v6))
        return XA_EINVAL;
    int rc = xa_auth_svc_init();
    if (rc)
        return rc;
    struct xa_server *srv = xa_xcalloc(1, sizeof(*srv));
    pthread_mutex_init(&srv->mu, NULL);
    srv->db = xa_xstrdup(cfg->db);
    srv->web_dir = xa_xstrdup(cfg->web_dir);
    {
        const char *path = strncmp(cfg->db, "sqlite:", 7) == 0 ? cfg->db + 7 : cfg->db;
        size_t n = strlen(path) + sizeof(".files");
        srv->files_dir = xa_xmalloc(n);
        snprintf(srv->files_dir, n, "%s.files", path);
    }
    srv->body_max = cfg->body_max ? cfg->body_max : DEFAULT_BODY_MAX;
    /* fail early and clearly when the database cannot be opened (and run migrations once) */
    struct xa_store *probe = NULL;
    if (xa_ctx_connect(srv->db, &probe) != XA_OK) {
        xa_log(XA_LOG_ERROR, "cannot open database '%s'", srv->db);
        xa_server_stop(srv);
        return XA_ESTORE;
    }
    xa_ctx_disconnect(probe);

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG |
                     (v6 ? MHD_USE_IPv6 : 0);
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, log_mhd, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        cfg->threads ? cfg->threads : DEFAULT_THREADS, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000, MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
    if (!srv->daemon) {
        xa_log(XA_LOG_ERROR, "cannot listen on '%s'", cfg->listen);
        xa_server_stop(srv);
        return XA_EINVAL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = di ? di->port : 0;
    *out = srv;
    return XA_OK;
}

uint16_t xa_server_port(const struct xa_server *srv)
{
    return srv->port;
}

void xa_server_stop(struct xa_server *srv)
{
    if (!srv)
        return;
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    for (size_t i = 0; i < srv->n_stores; i++)
        xa_ctx_disconnect(srv->stores[i]);
    pthread_mutex_destroy(&srv->mu);
    free(srv->db);
    free(srv->web_dir);
    free(srv->files_dir);
    free(srv);
}
