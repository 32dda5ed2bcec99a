/*
 * store_int.h - what the store's dispatch files (store.c, store_series.c) know of the handles
 * the backends give out; nothing outside them includes it.
 *
 * Invariant: every backend's handle begins with its ops pointer, as every SQLite VFS file
 * begins with its io_methods, and every bulk import helper with its backend's import table;
 * so the dispatch knows each as that pointer alone and each backend keeps the rest private.
 */
#ifndef XA_STORE_INT_H
#define XA_STORE_INT_H

#include "store/store.h"

struct xa_store {
    const struct xa_store_ops *ops;
};

struct xa_store_import {
    const struct xa_store_import_ops *ops;
};

#endif
