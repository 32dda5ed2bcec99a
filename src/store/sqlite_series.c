/*
 * sqlite_series.c - the SQLite backend's side of store_series.h: series, members and notes,
 * clues, rejected suggestions, linkage models (migration 006), and the case rows series
 * linkage indexes; and the table xa_sqlite_series_ops.
 *
 * Invariants: those of sqlite_int.h; a pair of cases is stored smaller id first.
 */
#include "store/store_series.h"

#include "store/sqlite_int.h"

static void order(int64_t *a, int64_t *b)
{
    if (*a > *b) {
        int64_t t = *a;
        *a = *b;
        *b = t;
    }
}

/* ---- cases for linkage ---- */

static const char sql_cases[] =
    "SELECT c.id, c.unit_id, c.status, c.lat IS NOT NULL AND c.lon IS NOT NULL, c.lat, c.lon,"
    " c.window_from, c.window_to, c.reported_at, c.type_id, t.parent_id,"
    " (SELECT group_concat(tag, ',') FROM (SELECT tag FROM case_mo m WHERE m.case_id = c.id"
    "  ORDER BY sort)),"
    " (SELECT coalesce(sum(DISTINCT 1 << p.category), 0) FROM property p WHERE p.case_id = c.id"
    "  AND p.category BETWEEN 0 AND 62),"
    " (SELECT count(*) FROM case_persons cp WHERE cp.case_id = c.id AND cp.role = 2),"
    " (SELECT CASE WHEN count(DISTINCT pe.sex) = 1 THEN max(pe.sex) ELSE 0 END FROM case_persons"
    "  cp JOIN persons pe ON pe.id = cp.person_id WHERE cp.case_id = c.id AND cp.role = 2"
    "  AND pe.sex IS NOT NULL)"
    " FROM cases c JOIN case_types t ON t.id = c.type_id WHERE ? = 0 OR c.id = ? ORDER BY c.id";

static void read_case(struct reader *r, void *row)
{
    struct xa_linkage_case *x = row;
    x->id = r_i64(r);
    x->unit_id = r_i64(r);
    x->status = r_int(r);
    x->has_location = r_int(r) != 0;
    x->lat = r_real(r);
    x->lon = r_real(r);
    x->window_from = r_i64(r);
    x->window_to = r_i64(r);
    x->reported_at = r_i64(r);
    x->type_id = r_i64(r);
    x->parent_id = r_i64(r);
    x->mo_tags = r_text(r);
    x->property = (uint64_t)r_i64(r);
    x->n_suspects = r_int(r);
    x->suspect_sex = r_int(r);
}

static int sq_linkage_cases(struct xa_store *h, struct xa_arena *a, int64_t case_id,
                            struct xa_linkage_case **out, size_t *n)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_cases, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, case_id);
    b_i64(&b, case_id);
    if ((rc = bound(s, &b)))
        return rc;
    return collect(s, st, a, sizeof(struct xa_linkage_case), read_case, (void **)out, n);
}

/* ---- models ---- */

static const char sql_model_put[] =
    "INSERT INTO linkage_model(trained_at, n_pairs, n_linked, model) VALUES (?, ?, ?, ?)";
static const char sql_model_latest[] = "SELECT version, trained_at, n_pairs, n_linked, model"
                                       " FROM linkage_model ORDER BY version DESC LIMIT 1";

static int sq_linkage_model_put(struct xa_store *h, struct xa_linkage_model_row *m)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_model_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, m->trained_at);
    b_i64(&b, m->n_pairs);
    b_i64(&b, m->n_linked);
    b_text(&b, m->model);
    rc = step_done(s, &b);
    if (!rc)
        m->version = sqlite3_last_insert_rowid(s->db);
    release(st);
    return rc;
}

static int sq_linkage_model_latest(struct xa_store *h, struct xa_arena *a,
                                   struct xa_linkage_model_row *out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_model_latest, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    rc = step_row(s, &b);
    if (!rc) {
        struct reader r = {st, a, 0};
        out->version = r_i64(&r);
        out->trained_at = r_i64(&r);
        out->n_pairs = r_i64(&r);
        out->n_linked = r_i64(&r);
        out->model = r_text(&r);
    }
    release(st);
    return rc;
}

/* ---- rejections ---- */

static const char sql_reject_put[] =
    "INSERT INTO linkage_rejections(case_a, case_b, at, user_id, reason) VALUES (?, ?, ?, ?, ?)";
static const char sql_reject_exists[] =
    "SELECT 1 FROM linkage_rejections WHERE case_a = ? AND case_b = ?";
static const char sql_reject_list[] =
    "SELECT case_a, case_b FROM linkage_rejections ORDER BY case_a, case_b";

static int sq_linkage_reject_put(struct xa_store *h, int64_t a, int64_t b_, int64_t at,
                                 int64_t user_id, const char *reason)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_reject_put, &st);
    if (rc)
        return rc;
    order(&a, &b_);
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, a);
    b_i64(&b, b_);
    b_i64(&b, at);
    b_opt(&b, user_id);
    b_text(&b, reason);
    rc = step_done(s, &b);
    release(st);
    return rc;
}

/* Runs a statement of two ids that returns a row or none. */
static int exists2(struct xa_store *h, const char *sql, int64_t a, int64_t b_, bool *out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql, &st);
    if (rc)
        return rc;
    order(&a, &b_);
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, a);
    b_i64(&b, b_);
    bool has;
    rc = step(s, &b, &has);
    release(st);
    if (!rc)
        *out = has;
    return rc;
}

static int sq_linkage_reject_exists(struct xa_store *h, int64_t a, int64_t b, bool *out)
{
    return exists2(h, sql_reject_exists, a, b, out);
}

static void read_pair(struct reader *r, void *row)
{
    struct xa_case_pair *p = row;
    p->a = r_i64(r);
    p->b = r_i64(r);
}

static int sq_linkage_reject_list(struct xa_store *h, struct xa_arena *a, struct xa_case_pair **out,
                                  size_t *n)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_reject_list, &st);
    if (rc)
        return rc;
    return collect(s, st, a, sizeof(struct xa_case_pair), read_pair, (void **)out, n);
}

/* ---- series ---- */

static const char sql_series_put[] = "INSERT INTO series(code, name, unit_id, created_at,"
                                     " created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)";
static const char sql_series_code[] = "UPDATE series SET code = ? WHERE id = ?";
static const char sql_series_rename[] = "UPDATE series SET name = ?, updated_at = ? WHERE id = ?";
static const char sql_series_delete[] = "DELETE FROM series WHERE id = ?";

#define SERIES_COLUMNS                                                                             \
    "SELECT s.id, s.code, s.name, s.unit_id, s.created_at, s.created_by, cu.name, s.updated_at,"   \
    " (SELECT count(*) FROM series_members m WHERE m.series_id = s.id),"                           \
    " (SELECT count(*) FROM series_members m JOIN cases c ON c.id = m.case_id"                     \
    "  WHERE m.series_id = s.id AND c.solved_at IS NOT NULL),"                                     \
    " (SELECT count(*) FROM series_members m JOIN cases c ON c.id = m.case_id"                     \
    "  WHERE m.series_id = s.id AND c.status IN (3, 4, 5)),"                                       \
    " (SELECT min(coalesce(c.window_from, c.reported_at)) FROM series_members m"                   \
    "  JOIN cases c ON c.id = m.case_id WHERE m.series_id = s.id),"                                \
    " (SELECT max(coalesce(c.window_to, c.window_from, c.reported_at)) FROM series_members m"      \
    "  JOIN cases c ON c.id = m.case_id WHERE m.series_id = s.id),"                                \
    " (SELECT group_concat(code, ',') FROM (SELECT DISTINCT t.code FROM series_members m"          \
    "  JOIN cases c ON c.id = m.case_id JOIN case_types t ON t.id = c.type_id"                     \
    "  WHERE m.series_id = s.id ORDER BY t.code))"                                                 \
    " FROM series s LEFT JOIN users cu ON cu.id = s.created_by"

static const char sql_series_get[] = SERIES_COLUMNS " WHERE s.id = ?";

static void read_series(struct reader *r, void *row)
{
    struct xa_series *x = row;
    x->id = r_i64(r);
    x->code = r_text(r);
    x->name = r_text(r);
    x->unit_id = r_i64(r);
    x->created_at = r_i64(r);
    x->created_by = r_i64(r);
    x->created_by_name = r_text(r);
    x->updated_at = r_i64(r);
    x->n_members = r_i64(r);
    x->n_solved = r_i64(r);
    x->n_done = r_i64(r);
    x->first_at = r_i64(r);
    x->last_at = r_i64(r);
    x->types = r_text(r);
}

/* A statement of one id that changes a row. */
static int change1(struct xa_store *h, const char *sql, int64_t id)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int sq_series_put(struct xa_store *h, struct xa_series *x)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_series_put, &st);
    if (rc)
        return rc;
    /* a unique placeholder until the id is known; the caller's code replaces it */
    char tmp[64];
    snprintf(tmp, sizeof(tmp), "tmp-%lld-%p", (long long)x->created_at, (void *)x);
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, x->code ? x->code : tmp);
    b_text(&b, x->name);
    b_i64(&b, x->unit_id);
    b_i64(&b, x->created_at);
    b_opt(&b, x->created_by);
    b_i64(&b, x->updated_at);
    rc = step_done(s, &b);
    if (!rc)
        x->id = sqlite3_last_insert_rowid(s->db);
    release(st);
    return rc;
}

static int sq_series_set_code(struct xa_store *h, int64_t id, const char *code)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_series_code, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, code);
    b_i64(&b, id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int sq_series_rename(struct xa_store *h, int64_t id, const char *name, int64_t at)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_series_rename, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, name);
    b_i64(&b, at);
    b_i64(&b, id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int sq_series_delete(struct xa_store *h, int64_t id)
{
    return change1(h, sql_series_delete, id);
}

static int sq_series_get(struct xa_store *h, struct xa_arena *a, int64_t id, struct xa_series *out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_series_get, &st);
    return rc ? rc : one_row(s, st, a, id, NULL, read_series, out);
}

static void series_where(struct query *q, const struct xa_series_filter *f)
{
    if (f->scope_path) {
        q_cond(q, "(EXISTS (SELECT 1 FROM series_members m JOIN cases c ON c.id = m.case_id"
                  " JOIN units u ON u.id = c.unit_id WHERE m.series_id = s.id"
                  " AND u.path LIKE ? || '%') OR s.unit_id IN"
                  " (SELECT id FROM units WHERE path LIKE ? || '%'))");
        q_text(q, f->scope_path);
        q_text(q, f->scope_path);
    }
    if (f->unit_id) {
        q_cond(q, "EXISTS (SELECT 1 FROM series_members m JOIN cases c ON c.id = m.case_id"
                  " JOIN units u ON u.id = c.unit_id JOIN units r ON u.path LIKE r.path || '%'"
                  " WHERE m.series_id = s.id AND r.id = ?)");
        q_int(q, f->unit_id);
    }
    if (f->case_id) {
        q_cond(q, "s.id IN (SELECT series_id FROM series_members WHERE case_id = ?)");
        q_int(q, f->case_id);
    }
    if (f->q && *f->q) {
        q_cond(q, "(instr(s.code, ?) > 0 OR instr(s.name, ?) > 0)");
        q_text(q, f->q);
        q_text(q, f->q);
    }
    if (f->from) {
        q_cond(q, "s.created_at >= ?");
        q_int(q, f->from);
    }
    if (f->to) {
        q_cond(q, "s.created_at < ?");
        q_int(q, f->to);
    }
}

static int sq_series_list(struct xa_store *h, struct xa_arena *a, const struct xa_series_filter *f,
                          struct xa_series **out, size_t *n, int64_t *total)
{
    struct sqlite_store *s = S(h);
    struct query q = {0};
    series_where(&q, f);
    int rc = q_count(s, "FROM series s", &q, total);
    if (rc)
        return rc;
    q_page(&q, f->page, f->per_page);
    sqlite3_stmt *st = NULL;
    rc = q_run(s, SERIES_COLUMNS, &q, " ORDER BY s.created_at DESC, s.id DESC LIMIT ? OFFSET ?",
               &st);
    if (rc)
        return rc;
    return collect(s, st, a, sizeof(struct xa_series), read_series, (void **)out, n);
}

/* ---- members and notes ---- */

static const char sql_member_put[] = "INSERT INTO series_members(case_id, series_id, added_at,"
                                     " added_by, reason) VALUES (?, ?, ?, ?, ?)";
static const char sql_member_remove[] =
    "DELETE FROM series_members WHERE series_id = ? AND case_id = ?";
static const char sql_member_move_all[] =
    "UPDATE series_members SET series_id = ? WHERE series_id = ?";
static const char sql_member_move_one[] =
    "UPDATE series_members SET series_id = ? WHERE series_id = ? AND case_id = ?";
static const char sql_note_move[] = "UPDATE series_notes SET series_id = ? WHERE series_id = ?";
static const char sql_member_of[] = "SELECT series_id FROM series_members WHERE case_id = ?";
static const char sql_note_put[] =
    "INSERT INTO series_notes(series_id, at, user_id, text) VALUES (?, ?, ?, ?)";
static const char sql_note_list[] =
    "SELECT n.id, n.series_id, n.at, n.user_id, u.name, n.text FROM series_notes n"
    " LEFT JOIN users u ON u.id = n.user_id WHERE n.series_id = ? ORDER BY n.at, n.id";

#define MEMBER_COLUMNS                                                                             \
    "SELECT m.series_id, m.case_id, m.added_at, m.added_by, u.name, m.reason, s.code, s.name"      \
    " FROM series_members m JOIN series s ON s.id = m.series_id JOIN cases c ON c.id = m.case_id"  \
    " LEFT JOIN users u ON u.id = m.added_by"

static int sq_series_member_put(struct xa_store *h, const struct xa_series_member *m)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_member_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, m->case_id);
    b_i64(&b, m->series_id);
    b_i64(&b, m->added_at);
    b_opt(&b, m->added_by);
    b_text(&b, m->reason);
    rc = step_done(s, &b);
    release(st);
    return rc;
}

static int sq_series_member_remove(struct xa_store *h, int64_t series_id, int64_t case_id)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_member_remove, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, series_id);
    b_i64(&b, case_id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int sq_series_member_move(struct xa_store *h, int64_t from, int64_t to, int64_t case_id)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, case_id ? sql_member_move_one : sql_member_move_all, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, to);
    b_i64(&b, from);
    if (case_id)
        b_i64(&b, case_id);
    rc = step_done(s, &b);
    release(st);
    if (rc || case_id)
        return rc;
    rc = prepare_sql(s, sql_note_move, &st);
    if (rc)
        return rc;
    b = (struct binder){st, 0, SQLITE_OK};
    b_i64(&b, to);
    b_i64(&b, from);
    rc = step_done(s, &b);
    release(st);
    return rc;
}

static int sq_series_member_of(struct xa_store *h, int64_t case_id, int64_t *out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_member_of, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, case_id);
    rc = step_row(s, &b);
    if (!rc)
        *out = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static void read_member(struct reader *r, void *row)
{
    struct xa_series_member *x = row;
    x->series_id = r_i64(r);
    x->case_id = r_i64(r);
    x->added_at = r_i64(r);
    x->added_by = r_i64(r);
    x->added_by_name = r_text(r);
    x->reason = r_text(r);
    x->series_code = r_text(r);
    x->series_name = r_text(r);
}

static int sq_series_member_list(struct xa_store *h, struct xa_arena *a, int64_t series_id,
                                 const struct xa_series_filter *f, struct xa_series_member **out,
                                 size_t *n, int64_t *total)
{
    struct sqlite_store *s = S(h);
    struct query q = {0};
    bool paged = !series_id;
    if (series_id) {
        q_cond(&q, "m.series_id = ?");
        q_int(&q, series_id);
    }
    if (f && f->scope_path) {
        q_cond(&q, "c.unit_id IN (SELECT id FROM units WHERE path LIKE ? || '%')");
        q_text(&q, f->scope_path);
    }
    if (f && f->unit_id) {
        q_cond(&q, "c.unit_id IN (SELECT d.id FROM units d JOIN units r"
                   " ON d.path LIKE r.path || '%' WHERE r.id = ?)");
        q_int(&q, f->unit_id);
    }
    if (f && f->from) {
        q_cond(&q, "m.added_at >= ?");
        q_int(&q, f->from);
    }
    if (f && f->to) {
        q_cond(&q, "m.added_at < ?");
        q_int(&q, f->to);
    }
    int rc = q_count(s,
                     "FROM series_members m JOIN series s ON s.id = m.series_id"
                     " JOIN cases c ON c.id = m.case_id",
                     &q, total);
    if (rc)
        return rc;
    if (paged)
        q_page(&q, f ? f->page : 1, f ? f->per_page : 0);
    sqlite3_stmt *st = NULL;
    rc = q_run(s, MEMBER_COLUMNS, &q,
               paged ? " ORDER BY m.added_at DESC, m.case_id LIMIT ? OFFSET ?"
                     : " ORDER BY coalesce(c.window_from, c.reported_at), c.id",
               &st);
    if (rc)
        return rc;
    return collect(s, st, a, sizeof(struct xa_series_member), read_member, (void **)out, n);
}

static int sq_series_note_put(struct xa_store *h, struct xa_series_note *x)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_note_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, x->series_id);
    b_i64(&b, x->at);
    b_opt(&b, x->user_id);
    b_text(&b, x->text);
    rc = step_done(s, &b);
    if (!rc)
        x->id = sqlite3_last_insert_rowid(s->db);
    release(st);
    return rc;
}

static void read_note(struct reader *r, void *row)
{
    struct xa_series_note *x = row;
    x->id = r_i64(r);
    x->series_id = r_i64(r);
    x->at = r_i64(r);
    x->user_id = r_i64(r);
    x->user_name = r_text(r);
    x->text = r_text(r);
}

static int sq_series_note_list(struct xa_store *h, struct xa_arena *a, int64_t series_id,
                               struct xa_series_note **out, size_t *n)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_note_list, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, series_id);
    if ((rc = bound(s, &b)))
        return rc;
    return collect(s, st, a, sizeof(struct xa_series_note), read_note, (void **)out, n);
}

/* ---- clues ---- */

static const char sql_clue_put[] =
    "INSERT INTO clues(kind, source, status, outcome, content, case_id, other_id, score, reasons,"
    " unit_id, assignee_id, created_at, created_by, assigned_at, closed_at, closed_by, note,"
    " reason, series_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char sql_clue_update[] =
    "UPDATE clues SET status = ?, outcome = ?, assignee_id = ?, assigned_at = ?, closed_at = ?,"
    " closed_by = ?, note = ?, reason = ?, series_id = ? WHERE id = ?";
static const char sql_clue_pair[] =
    "SELECT 1 FROM clues WHERE kind = 2 AND case_id = ? AND other_id = ?"
    " UNION ALL SELECT 1 FROM clues WHERE kind = 2 AND other_id = ?1 AND case_id = ?2";

#define CLUE_COLUMNS                                                                               \
    "SELECT k.id, k.kind, k.source, k.status, k.outcome, k.content, k.case_id, k.other_id,"        \
    " k.score, k.reasons, k.unit_id, un.name, k.assignee_id, ua.name, k.created_at,"               \
    " k.created_by, uc.name, k.assigned_at, k.closed_at, k.closed_by, ux.name, k.note, k.reason,"  \
    " k.series_id FROM clues k JOIN units un ON un.id = k.unit_id"                                 \
    " LEFT JOIN users ua ON ua.id = k.assignee_id LEFT JOIN users uc ON uc.id = k.created_by"      \
    " LEFT JOIN users ux ON ux.id = k.closed_by"

static const char sql_clue_get[] = CLUE_COLUMNS " WHERE k.id = ?";

static void read_clue(struct reader *r, void *row)
{
    struct xa_clue *x = row;
    x->id = r_i64(r);
    x->kind = r_int(r);
    x->source = r_int(r);
    x->status = r_int(r);
    x->outcome = r_int(r);
    x->content = r_text(r);
    x->case_id = r_i64(r);
    x->other_id = r_i64(r);
    x->score = r_real(r);
    x->reasons = r_text(r);
    x->unit_id = r_i64(r);
    x->unit_name = r_text(r);
    x->assignee_id = r_i64(r);
    x->assignee_name = r_text(r);
    x->created_at = r_i64(r);
    x->created_by = r_i64(r);
    x->created_by_name = r_text(r);
    x->assigned_at = r_i64(r);
    x->closed_at = r_i64(r);
    x->closed_by = r_i64(r);
    x->closed_by_name = r_text(r);
    x->note = r_text(r);
    x->reason = r_text(r);
    x->series_id = r_i64(r);
}

static int sq_clue_put(struct xa_store *h, struct xa_clue *c)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_clue_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, c->kind);
    b_i64(&b, c->source);
    b_i64(&b, c->status);
    b_opt(&b, c->outcome);
    b_text(&b, c->content);
    b_opt(&b, c->case_id);
    b_opt(&b, c->other_id);
    b_real(&b, c->kind == XA_CLUE_LINKAGE, c->score);
    b_text(&b, c->reasons);
    b_i64(&b, c->unit_id);
    b_opt(&b, c->assignee_id);
    b_i64(&b, c->created_at);
    b_opt(&b, c->created_by);
    b_opt(&b, c->assigned_at);
    b_opt(&b, c->closed_at);
    b_opt(&b, c->closed_by);
    b_text(&b, c->note);
    b_text(&b, c->reason);
    b_opt(&b, c->series_id);
    rc = step_done(s, &b);
    if (!rc)
        c->id = sqlite3_last_insert_rowid(s->db);
    release(st);
    return rc;
}

static int sq_clue_update(struct xa_store *h, const struct xa_clue *c)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_clue_update, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, c->status);
    b_opt(&b, c->outcome);
    b_opt(&b, c->assignee_id);
    b_opt(&b, c->assigned_at);
    b_opt(&b, c->closed_at);
    b_opt(&b, c->closed_by);
    b_text(&b, c->note);
    b_text(&b, c->reason);
    b_opt(&b, c->series_id);
    b_i64(&b, c->id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int sq_clue_get(struct xa_store *h, struct xa_arena *a, int64_t id, struct xa_clue *out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_clue_get, &st);
    return rc ? rc : one_row(s, st, a, id, NULL, read_clue, out);
}

static int sq_clue_pair_exists(struct xa_store *h, int64_t a, int64_t b, bool *out)
{
    return exists2(h, sql_clue_pair, a, b, out);
}

static int sq_clue_list(struct xa_store *h, struct xa_arena *a, const struct xa_clue_filter *f,
                        struct xa_clue **out, size_t *n, int64_t *total)
{
    struct sqlite_store *s = S(h);
    struct query q = {0};
    if (f->scope_path) {
        q_cond(&q, "k.unit_id IN (SELECT id FROM units WHERE path LIKE ? || '%')");
        q_text(&q, f->scope_path);
    }
    if (f->unit_id) {
        q_cond(&q, "k.unit_id IN (SELECT d.id FROM units d JOIN units r"
                   " ON d.path LIKE r.path || '%' WHERE r.id = ?)");
        q_int(&q, f->unit_id);
    }
    static const char *const eq[] = {"k.status = ?", "k.kind = ?", "k.source = ?", "k.outcome = ?",
                                     "k.assignee_id = ?"};
    int64_t v[] = {f->status, f->kind, f->source, f->outcome, f->assignee_id};
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        if (v[i]) {
            q_cond(&q, eq[i]);
            q_int(&q, v[i]);
        }
    if (f->case_id) {
        q_cond(&q, "(k.case_id = ? OR k.other_id = ?)");
        q_int(&q, f->case_id);
        q_int(&q, f->case_id);
    }
    if (f->from) {
        q_cond(&q, "k.created_at >= ?");
        q_int(&q, f->from);
    }
    if (f->to) {
        q_cond(&q, "k.created_at < ?");
        q_int(&q, f->to);
    }
    int rc = q_count(s, "FROM clues k", &q, total);
    if (rc)
        return rc;
    q_page(&q, f->page, f->per_page);
    sqlite3_stmt *st = NULL;
    rc = q_run(s, CLUE_COLUMNS, &q, " ORDER BY k.created_at DESC, k.id DESC LIMIT ? OFFSET ?", &st);
    if (rc)
        return rc;
    return collect(s, st, a, sizeof(struct xa_clue), read_clue, (void **)out, n);
}

const struct xa_store_series_ops xa_sqlite_series_ops = {
    .linkage_cases = sq_linkage_cases,
    .linkage_model_put = sq_linkage_model_put,
    .linkage_model_latest = sq_linkage_model_latest,
    .linkage_reject_put = sq_linkage_reject_put,
    .linkage_reject_exists = sq_linkage_reject_exists,
    .linkage_reject_list = sq_linkage_reject_list,
    .put = sq_series_put,
    .set_code = sq_series_set_code,
    .rename = sq_series_rename,
    .delete = sq_series_delete,
    .get = sq_series_get,
    .list = sq_series_list,
    .member_put = sq_series_member_put,
    .member_remove = sq_series_member_remove,
    .member_move = sq_series_member_move,
    .member_of = sq_series_member_of,
    .member_list = sq_series_member_list,
    .note_put = sq_series_note_put,
    .note_list = sq_series_note_list,
    .clue_put = sq_clue_put,
    .clue_update = sq_clue_update,
    .clue_get = sq_clue_get,
    .clue_pair_exists = sq_clue_pair_exists,
    .clue_list = sq_clue_list,
};
