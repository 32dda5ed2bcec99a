/*
 * linkage_svc.c - series linkage use cases over analysis/linkage*: no transaction, no audit
 * row (evaluation reads no stored record and writes none).
 */
#include "service/linkage_svc.h"

void xa_linkage_svc_rec_set_mo(struct xa_linkage_rec *r, unsigned t)
{
    xa_linkage_rec_set_mo(r, t);
}

int xa_linkage_svc_eval(const struct xa_linkage_rec *r, size_t n,
                        const struct xa_linkage_offence *links, size_t n_links,
                        const struct xa_linkage_eval_opts *opts, struct xa_linkage_eval_result *out)
{
    return xa_linkage_eval_run(r, n, links, n_links, opts, out);
}
