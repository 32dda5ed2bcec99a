/*
 * server.h - the HTTP server: libmicrohttpd with an internal thread pool, the JSON API under
 * /api/v1 and the static web UI from a directory.
 *
 * Each pool thread opens its own store connection on its first request (SQLite connections are
 * not shared between threads); all are closed by xa_server_stop(). Every response carries the
 * security headers (CSP without inline scripts, X-Frame-Options DENY, nosniff, same-origin
 * referrer). Request bodies are capped while they are read.
 */
#ifndef XA_SERVER_H
#define XA_SERVER_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

struct xa_server_config {
    const char *db;      /* store target, as for xa_store_open() */
    const char *listen;  /* "127.0.0.1:8080", "0.0.0.0:8080", "[::1]:8080"; port 0 = any */
    const char *web_dir; /* static files; NULL = API only */
    unsigned threads;    /* pool size; 0 = default */
    size_t body_max;     /* bytes; 0 = default 1 MiB */
};

struct xa_server;

/* Starts serving in background threads. Caller stops with xa_server_stop(). */
XA_MUST_CHECK int xa_server_start(const struct xa_server_config *cfg, struct xa_server **out);
/* The port actually bound (useful with port 0). */
uint16_t xa_server_port(const struct xa_server *srv);
/* Stops accepting, finishes running requests, closes every store connection. NULL is fine. */
void xa_server_stop(struct xa_server *srv);

#endif
