/*
 * import_svc.h - bulk import of incidents from CSV (`xiaoan import incidents`): history from
 * another system, or a data set for analysis and benchmarks.
 *
 * Format (RFC 4180: quoted fields, "" inside quotes, LF or CRLF, an optional UTF-8 BOM). The
 * first row names the columns, in any order; a column not listed here is refused.
 *   unit         code of the owning station ("CG")                                    required
 *   category     code word of core/vocab.h ("criminal", "dispute", ...)              required
 *   received_at  epoch seconds or ISO 8601 ("2025-03-01 08:15", no offset = Shanghai) required
 *   narrative    text                                                                required
 *   code         the incident's code; empty: "<unit>-<yyyymmdd>-<seq>" is given, numbered
 *                after the station's codes of that day
 *   channel      code word ("phone", "walk_in", ...), default phone
 *   priority     1 (most urgent) .. 4, default 3
 *   status       code word ("received" .. "closed"), default closed
 *   occurred_at  as received_at, empty when unknown
 *   lat, lon     WGS84 degrees, both or neither
 *   grid         code of a grid ("CG-03"), empty when unknown
 *   address, caller_name, caller_phone   text, may be empty
 * Every row is checked with core's rules (xa_incident_validate) at the time of the import; a
 * bad row is reported through the caller's function with its line and skipped.
 *
 * Durability: the good rows are written in transactions of XA_IMPORT_BATCH rows through the
 * store's bulk import (many rows per statement); each commit is durable (WAL, the log fsynced)
 * before the next one becomes visible, and the last before this returns, so an import that
 * returned survives a crash; the store's import helper copies the log into the database
 * meanwhile. A store failure rolls back the open transaction: the rows of the transactions
 * before it stay committed, and the stats, which count durable rows only, say up to which
 * line. One audit row ("incident.import") records the import.
 * Imported incidents have no timeline events (the audit row is their provenance); the SLA
 * deadlines are set as at intake. The process's analysis index is dropped and reloads on its
 * next query; a running server sees the rows at its next load.
 */
#ifndef XA_IMPORT_SVC_H
#define XA_IMPORT_SVC_H

#include "service/ctx.h"

#include <stddef.h>
#include <stdio.h>

#define XA_IMPORT_BATCH 100000 /* rows per transaction */

/* A bad row: its first line, the column and the reason word (base/msg.h). */
typedef void (*xa_import_bad_fn)(void *arg, size_t line, const char *field, const char *reason);

struct xa_import_stats {
    size_t n_rows;     /* data rows read */
    size_t n_imported; /* rows committed */
    size_t n_bad;      /* rows skipped */
    size_t last_line;  /* last line of the last committed batch */
    int64_t first_id;  /* ids of the rows committed (ascending), 0 when none */
    int64_t last_id;
    double seconds; /* wall time */
};

/* Imports the CSV read from in (name is for the audit row). Bad rows go to bad (may be NULL).
 * XA_EVALIDATION (verr: the column, "unknown_field", "taken" (twice) or "required") for a
 * header that cannot work, XA_EFORBIDDEN for an actor who is neither an administrator
 * nor may receive incidents, XA_EINVAL
 * when in cannot be read or has no header; store errors. *out is filled in every case. */
XA_MUST_CHECK int xa_import_svc_incidents(struct xa_ctx *ctx, FILE *in, const char *name,
                                          xa_import_bad_fn bad, void *arg,
                                          struct xa_import_stats *out);

#endif
