/*
 * linkage_svc.h - series linkage (串并案) for the CLI and, later, the HTTP API: the one door
 * from the layers above service/ to analysis/linkage*.h (STYLE.md §1 layer rule).
 *
 * For now it offers the cross-validated evaluation on labelled crimes behind
 * `xiaoan linkage eval`; proposals for a new case and `xiaoan linkage train` on the confirmed
 * series come with the case tables.
 */
#ifndef XA_LINKAGE_SVC_H
#define XA_LINKAGE_SVC_H

#include "analysis/linkage_eval.h"

/* Marks MO tag t (0 <= t < XA_LINKAGE_MO_MAX) on r. */
void xa_linkage_svc_rec_set_mo(struct xa_linkage_rec *r, unsigned t);

/* Cross-validates the linkage model on n records and their offence links
 * (xa_linkage_eval_run(); its errors). */
XA_MUST_CHECK int xa_linkage_svc_eval(const struct xa_linkage_rec *r, size_t n,
                                      const struct xa_linkage_offence *links, size_t n_links,
                                      const struct xa_linkage_eval_opts *opts,
                                      struct xa_linkage_eval_result *out);

#endif
