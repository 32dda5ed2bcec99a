/*
 * store_series.c - the store's dispatch for store_series.h and store_demo.h: each function is a
 * one-line call through the handle's series or demo table, as store.c does for store.h.
 *
 * Invariant: that of store.c (store_int.h).
 */
#include "store/store_series.h"

#include "store/store_demo.h"
#include "store/store_int.h"

int xa_store_linkage_cases(struct xa_store *s, struct xa_arena *a, int64_t case_id,
                           struct xa_linkage_case **out, size_t *n)
{
    return s->ops->series->linkage_cases(s, a, case_id, out, n);
}

int xa_store_linkage_model_put(struct xa_store *s, struct xa_linkage_model_row *m)
{
    return s->ops->series->linkage_model_put(s, m);
}

int xa_store_linkage_model_latest(struct xa_store *s, struct xa_arena *a,
                                  struct xa_linkage_model_row *out)
{
    return s->ops->series->linkage_model_latest(s, a, out);
}

int xa_store_linkage_reject_put(struct xa_store *s, int64_t a, int64_t b, int64_t at,
                                int64_t user_id, const char *reason)
{
    return s->ops->series->linkage_reject_put(s, a, b, at, user_id, reason);
}

int xa_store_linkage_reject_exists(struct xa_store *s, int64_t a, int64_t b, bool *out)
{
    return s->ops->series->linkage_reject_exists(s, a, b, out);
}

int xa_store_linkage_reject_list(struct xa_store *s, struct xa_arena *a, struct xa_case_pair **out,
                                 size_t *n)
{
    return s->ops->series->linkage_reject_list(s, a, out, n);
}

int xa_store_series_put(struct xa_store *s, struct xa_series *x)
{
    return s->ops->series->put(s, x);
}

int xa_store_series_set_code(struct xa_store *s, int64_t id, const char *code)
{
    return s->ops->series->set_code(s, id, code);
}

int xa_store_series_rename(struct xa_store *s, int64_t id, const char *name, int64_t at)
{
    return s->ops->series->rename(s, id, name, at);
}

int xa_store_series_delete(struct xa_store *s, int64_t id)
{
    return s->ops->series->delete (s, id);
}

int xa_store_series_get(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_series *out)
{
    return s->ops->series->get(s, a, id, out);
}

int xa_store_series_list(struct xa_store *s, struct xa_arena *a, const struct xa_series_filter *f,
                         struct xa_series **out, size_t *n, int64_t *total)
{
    return s->ops->series->list(s, a, f, out, n, total);
}

int xa_store_series_member_put(struct xa_store *s, const struct xa_series_member *m)
{
    return s->ops->series->member_put(s, m);
}

int xa_store_series_member_remove(struct xa_store *s, int64_t series_id, int64_t case_id)
{
    return s->ops->series->member_remove(s, series_id, case_id);
}

int xa_store_series_member_move(struct xa_store *s, int64_t from, int64_t to, int64_t case_id)
{
    return s->ops->series->member_move(s, from, to, case_id);
}

int xa_store_series_member_of(struct xa_store *s, int64_t case_id, int64_t *out)
{
    return s->ops->series->member_of(s, case_id, out);
}

int xa_store_series_member_list(struct xa_store *s, struct xa_arena *a, int64_t series_id,
                                const struct xa_series_filter *f, struct xa_series_member **out,
                                size_t *n, int64_t *total)
{
    return s->ops->series->member_list(s, a, series_id, f, out, n, total);
}

int xa_store_series_note_put(struct xa_store *s, struct xa_series_note *x)
{
    return s->ops->series->note_put(s, x);
}

int xa_store_series_note_list(struct xa_store *s, struct xa_arena *a, int64_t series_id,
                              struct xa_series_note **out, size_t *n)
{
    return s->ops->series->note_list(s, a, series_id, out, n);
}

int xa_store_clue_put(struct xa_store *s, struct xa_clue *c)
{
    return s->ops->series->clue_put(s, c);
}

int xa_store_clue_update(struct xa_store *s, const struct xa_clue *c)
{
    return s->ops->series->clue_update(s, c);
}

int xa_store_clue_get(struct xa_store *s, struct xa_arena *a, int64_t id, struct xa_clue *out)
{
    return s->ops->series->clue_get(s, a, id, out);
}

int xa_store_clue_pair_exists(struct xa_store *s, int64_t a, int64_t b, bool *out)
{
    return s->ops->series->clue_pair_exists(s, a, b, out);
}

int xa_store_clue_list(struct xa_store *s, struct xa_arena *a, const struct xa_clue_filter *f,
                       struct xa_clue **out, size_t *n, int64_t *total)
{
    return s->ops->series->clue_list(s, a, f, out, n, total);
}

int xa_store_demo_series_put(struct xa_store *s, const char *code, const char *name,
                             int64_t case_id)
{
    return s->ops->demo->series_put(s, code, name, case_id);
}

int xa_store_demo_series_list(struct xa_store *s, struct xa_arena *a, struct xa_demo_series **out,
                              size_t *n)
{
    return s->ops->demo->series_list(s, a, out, n);
}
