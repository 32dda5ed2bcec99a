/*
 * series_svc.h - series (串并案, docs/linkage.md): confirm, extend, merge, split and annotate
 * series of cases by one offender; flag the open members when one is solved.
 *
 * Each write is one transaction with its audit row. A series is visible when one of its
 * members (or, with none, its unit) lies in the actor's scope; others are 404. Investigators,
 * analysts and leaders write; other roles get 403. A case is in at most one series (409).
 */
#ifndef XA_SERIES_SVC_H
#define XA_SERIES_SVC_H

#include "core/case.h"
#include "service/ctx.h"
#include "store/store_series.h"

#define XA_SERIES_CHECK_ACTION "本串案已破, 核查是否同一嫌疑人"
#define XA_SERIES_CHECK_HOURS 72

/* A series with its members' cases (same order as members) and notes; arena-owned. */
struct xa_series_detail {
    struct xa_series s;
    struct xa_series_member *members;
    struct xa_case *cases;
    size_t n_members;
    struct xa_series_note *notes;
    size_t n_notes;
};

/* Whether the role may write series (and accept linkage clues). */
bool xa_series_svc_may_write(int role);

XA_MUST_CHECK int xa_series_svc_get(struct xa_ctx *ctx, int64_t id, struct xa_series_detail *out);
XA_MUST_CHECK int xa_series_svc_list(struct xa_ctx *ctx, const struct xa_series_filter *f,
                                     struct xa_series **out, size_t *n, int64_t *total);
/* Memberships added in f's period of cases in scope (drill-down of cases_in_series). */
XA_MUST_CHECK int xa_series_svc_members(struct xa_ctx *ctx, const struct xa_series_filter *f,
                                        struct xa_series_member **out, size_t *n, int64_t *total);

/* Creates a series of n >= 2 cases (each in scope and in no series; 409 on case_ids), with an
 * optional first note. *id_out is the new series. */
XA_MUST_CHECK int xa_series_svc_create(struct xa_ctx *ctx, const char *name,
                                       const int64_t *case_ids, size_t n, const char *note,
                                       int64_t *id_out);
XA_MUST_CHECK int xa_series_svc_rename(struct xa_ctx *ctx, int64_t id, const char *name);
XA_MUST_CHECK int xa_series_svc_member_add(struct xa_ctx *ctx, int64_t id, int64_t case_id,
                                           const char *reason);
XA_MUST_CHECK int xa_series_svc_member_remove(struct xa_ctx *ctx, int64_t id, int64_t case_id);
/* Moves other's members and notes into id and deletes other. */
XA_MUST_CHECK int xa_series_svc_merge(struct xa_ctx *ctx, int64_t id, int64_t other);
/* Moves the n members case_ids (at least one member stays) into a new series *id_out. */
XA_MUST_CHECK int xa_series_svc_split(struct xa_ctx *ctx, int64_t id, const int64_t *case_ids,
                                      size_t n, const char *name, int64_t *id_out);
XA_MUST_CHECK int xa_series_svc_note_add(struct xa_ctx *ctx, int64_t id, const char *text,
                                         struct xa_series_note *out);

/* Inside the caller's write transaction: links cases a and b (docs/linkage.md, accept): a new
 * series, one joining the other's, or the two series merged. *id_out is their series. */
XA_MUST_CHECK int xa_series_svc_link_tx(struct xa_ctx *ctx, int64_t a, int64_t b, const char *name,
                                        const char *reason, int64_t *id_out);

/* Inside the caller's write transaction (case_svc, on solve): each other open member of c's
 * series gets the action XA_SERIES_CHECK_ACTION due in XA_SERIES_CHECK_HOURS. */
XA_MUST_CHECK int xa_series_svc_case_solved(struct xa_ctx *ctx, const struct xa_case *c);

#endif
