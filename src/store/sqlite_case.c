/*
 * sqlite_case.c - the SQLite backend's case statements: case types, MO tags and action
 * templates, cases and their timeline, investigation actions, property, the links of persons
 * to cases, arrests and attachments; and the table xa_sqlite_case_ops.
 *
 * Invariants: those of sqlite_int.h. Loss and recovered values, suspects and arrests of a case
 * are derived in CASE_SELECT from the rows that make them, never stored. A type filter matches
 * the type and its descendants (up to three levels: fraud.telecom.brushing).
 */
#include "store/sqlite_int.h"

#define CASE_SELECT                                                                                \
    "SELECT c.id, c.code, c.status, c.type_id, t.code, t.name_zh, c.nature, c.is_enterprise,"      \
    " c.title, c.summary, c.incident_id, i.code, c.window_from, c.window_to, c.address, c.lat,"    \
    " c.lon, c.grid_id, c.mo_text,"                                                                \
    " (SELECT group_concat(mt.tag, ',') FROM (SELECT m.tag FROM case_mo m"                         \
    "   WHERE m.case_id = c.id ORDER BY m.sort) mt),"                                              \
    " c.unit_id, n.name, n.code, c.owner_id, o.name, c.opened_at, c.opened_by, ob.name,"           \
    " c.reported_at, c.first_action_at, c.analysis_at, c.solved_at, c.closed_at,"                  \
    " c.status_reason, c.solve_reason, c.due_first_action, c.due_analysis, c.due_next,"            \
    " c.updated_at,"                                                                               \
    " (SELECT coalesce(sum(p.value_fen), 0) FROM property p WHERE p.case_id = c.id),"              \
    " (SELECT coalesce(sum(p.value_fen), 0) FROM property p WHERE p.case_id = c.id"                \
    "  AND p.status >= 2),"                                                                        \
    " (SELECT count(DISTINCT cp.person_id) FROM case_persons cp WHERE cp.case_id = c.id"           \
    "  AND cp.role = 2),"                                                                          \
    " (SELECT count(*) FROM arrests a WHERE a.case_id = c.id)"                                     \
    " FROM cases c JOIN case_types t ON t.id = c.type_id JOIN units n ON n.id = c.unit_id"         \
    " LEFT JOIN incidents i ON i.id = c.incident_id LEFT JOIN users o ON o.id = c.owner_id"        \
    " LEFT JOIN users ob ON ob.id = c.opened_by"

/* The type and every descendant of the type bound to the three ?s. */
#define TYPE_SUBTREE                                                                               \
    "(SELECT d.id FROM case_types d WHERE d.id = ? OR d.parent_id = ?"                             \
    " OR d.parent_id IN (SELECT e.id FROM case_types e WHERE e.parent_id = ?))"

/* The type bound to ? and its ancestors. */
#define TYPE_ANCESTORS                                                                             \
    "(SELECT t.id FROM case_types t WHERE t.id = ?1"                                               \
    " UNION SELECT t.parent_id FROM case_types t WHERE t.id = ?1 AND t.parent_id IS NOT NULL"      \
    " UNION SELECT p.parent_id FROM case_types t JOIN case_types p ON p.id = t.parent_id"          \
    " WHERE t.id = ?1 AND p.parent_id IS NOT NULL)"

static const char sql_type_list[] =
    "SELECT t.id, t.code, t.parent_id, p.code, t.name_zh, t.name_en, t.is_active,"
    " (SELECT group_concat(g.code, ',') FROM mo_tags g WHERE NOT EXISTS"
    "  (SELECT 1 FROM mo_tag_types x WHERE x.tag = g.code) OR g.code IN"
    "  (SELECT x.tag FROM mo_tag_types x WHERE x.type_id IN (t.id, t.parent_id, p.parent_id)))"
    " FROM case_types t LEFT JOIN case_types p ON p.id = t.parent_id ORDER BY t.code";
static const char sql_type_put[] =
    "INSERT INTO case_types(code, parent_id, name_zh, name_en, is_active) VALUES (?, ?, ?, ?, ?)"
    " RETURNING id";
static const char sql_mo_list[] =
    "SELECT g.code, g.name_zh, g.name_en, (SELECT group_concat(t.code, ',') FROM mo_tag_types x"
    " JOIN case_types t ON t.id = x.type_id WHERE x.tag = g.code) FROM mo_tags g ORDER BY g.sort";
static const char sql_template_list[] =
    "SELECT a.id, a.type_id, a.kind, a.name, a.due_hours, a.sort FROM action_templates a"
    " WHERE a.type_id IS NULL OR a.type_id IN " TYPE_ANCESTORS " ORDER BY a.sort, a.id";
static const char sql_template_all[] =
    "SELECT a.id, a.type_id, a.kind, a.name, a.due_hours, a.sort FROM action_templates a"
    " WHERE a.type_id IS NULL ORDER BY a.sort, a.id";
static const char sql_template_clear[] = "DELETE FROM action_templates WHERE type_id IS ?";
static const char sql_template_put[] =
    "INSERT INTO action_templates(type_id, kind, name, due_hours, sort) VALUES (?, ?, ?, ?, ?)";
static const char sql_next_seq[] =
    "INSERT INTO case_seq(unit_id, day, n) VALUES (?, ?, 1)"
    " ON CONFLICT (unit_id, day) DO UPDATE SET n = n + 1 RETURNING n";
static const char sql_case_put[] =
    "INSERT INTO cases(code, status, type_id, nature, is_enterprise, title, summary, incident_id,"
    " window_from, window_to, address, lat, lon, grid_id, mo_text, unit_id, owner_id, opened_at,"
    " opened_by, reported_at, first_action_at, analysis_at, solved_at, closed_at, status_reason,"
    " solve_reason, due_first_action, due_analysis, due_next, updated_at) VALUES (?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_mo_put[] = "INSERT INTO case_mo(case_id, tag, sort) VALUES (?, ?, ?)";
static const char sql_case_update[] =
    "UPDATE cases SET status = ?, owner_id = ?, first_action_at = ?, analysis_at = ?,"
    " solved_at = ?, closed_at = ?, status_reason = ?, solve_reason = ?, due_next = ?,"
    " updated_at = ? WHERE id = ?";
static const char sql_case_get[] = CASE_SELECT " WHERE c.id = ?";
static const char sql_event_put[] =
    "INSERT INTO case_events(case_id, at, user_id, op, from_status, to_status, note)"
    " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_event_list[] =
    "SELECT e.id, e.case_id, e.at, e.user_id, u.name, e.op, e.from_status, e.to_status, e.note"
    " FROM case_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.case_id = ?"
    " ORDER BY e.at, e.id";
static const char sql_action_put[] =
    "INSERT INTO case_actions(case_id, kind, name, due_at, done_at, done_by, result, sort,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_action_update[] =
    "UPDATE case_actions SET done_at = ?, done_by = ?, result = ? WHERE id = ?";
static const char sql_action_list[] =
    "SELECT x.id, x.case_id, x.kind, x.name, x.due_at, x.done_at, x.done_by, u.name, x.result,"
    " x.sort, x.created_at FROM case_actions x LEFT JOIN users u ON u.id = x.done_by"
    " WHERE x.case_id = ? ORDER BY x.sort, x.id";
#define PROPERTY_SELECT                                                                            \
    "SELECT p.id, p.case_id, p.category, p.description, p.brand, p.model, p.serial,"               \
    " p.value_fen, p.status, p.found_at, p.returned_at, p.owner_person_id, ow.name,"               \
    " p.holder_person_id, h.name, p.note, p.created_at, c.code, c.title, c.status, c.unit_id"      \
    " FROM property p JOIN cases c ON c.id = p.case_id"                                            \
    " LEFT JOIN persons ow ON ow.id = p.owner_person_id"                                           \
    " LEFT JOIN persons h ON h.id = p.holder_person_id"
static const char sql_property_put[] =
    "INSERT INTO property(case_id, category, description, brand, model, serial, value_fen,"
    " status, found_at, returned_at, owner_person_id, holder_person_id, note, created_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_property_update[] =
    "UPDATE property SET status = ?, found_at = ?, returned_at = ?, holder_person_id = ?,"
    " note = ? WHERE id = ?";
static const char sql_property_get[] = PROPERTY_SELECT " WHERE p.id = ?";
static const char sql_property_of_case[] = PROPERTY_SELECT " WHERE p.case_id = ? ORDER BY p.id";
static const char sql_property_serial[] =
    PROPERTY_SELECT " WHERE p.serial = ? COLLATE NOCASE AND (?2 IS NULL OR c.unit_id IN"
                    " (SELECT u.id FROM units u WHERE u.path LIKE ?2 || '%')) ORDER BY p.id";
#define LINK_SELECT                                                                                \
    "SELECT cp.id, cp.case_id, cp.role, cp.height_min, cp.height_max, cp.build, cp.clothing,"      \
    " cp.plate, cp.note, cp.added_at, cp.added_by, c.code, c.title, c.status, "                    \
    "c.unit_id, " PERSON_COLUMNS " FROM case_persons cp JOIN cases c ON c.id = cp.case_id"         \
    " JOIN persons p ON p.id = cp.person_id"
static const char sql_link_put[] =
    "INSERT INTO case_persons(case_id, person_id, role, height_min, height_max, build, clothing,"
    " plate, note, added_at, added_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_link_of_case[] = LINK_SELECT " WHERE cp.case_id = ? ORDER BY cp.id";
static const char sql_link_of_person[] = LINK_SELECT
    " WHERE cp.person_id = ?1 AND (?2 IS NULL OR c.unit_id IN"
    " (SELECT u.id FROM units u WHERE u.path LIKE ?2 || '%')) ORDER BY cp.added_at, cp.id";
static const char sql_arrest_put[] =
    "INSERT INTO arrests(case_id, person_id, at, measure, unit_id, by_user)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_arrest_list[] =
    "SELECT a.id, a.case_id, a.person_id, a.at, a.measure, a.unit_id, n.name, a.by_user, u.name"
    " FROM arrests a JOIN units n ON n.id = a.unit_id LEFT JOIN users u ON u.id = a.by_user"
    " WHERE a.case_id = ? ORDER BY a.at, a.id";
#define ATTACHMENT_SELECT                                                                          \
    "SELECT x.id, x.case_id, x.action_id, x.sha256, x.size, x.mime, x.name, x.at, x.by_user,"      \
    " u.name FROM attachments x LEFT JOIN users u ON u.id = x.by_user"
static const char sql_attachment_put[] =
    "INSERT INTO attachments(case_id, action_id, sha256, size, mime, name, at, by_user)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_attachment_get[] = ATTACHMENT_SELECT " WHERE x.id = ?";
static const char sql_attachment_list[] = ATTACHMENT_SELECT " WHERE x.case_id = ? ORDER BY x.id";
static const char sql_overdue[] =
    "SELECT c.unit_id, CASE WHEN c.first_action_at IS NULL THEN 1 ELSE 2 END, count(*)"
    " FROM cases c WHERE c.due_next IS NOT NULL AND c.due_next < ?1 AND c.status IN (1, 2)"
    " AND (?2 IS NULL OR c.unit_id IN (SELECT u.id FROM units u WHERE u.path LIKE ?2 || '%'))"
    " GROUP BY 1, 2 ORDER BY 1, 2";

/* ---- types, tags and templates ---- */

static void read_type(struct reader *r, void *row)
{
    struct xa_case_type *t = row;
    t->id = r_i64(r);
    t->code = r_text(r);
    t->parent_id = r_i64(r);
    t->parent_code = r_text(r);
    t->name_zh = r_text(r);
    t->name_en = r_text(r);
    t->is_active = r_int(r) != 0;
    t->mo_tags = r_text(r);
}

static int sq_type_list(struct xa_store *h, struct xa_arena *a, struct xa_case_type **out,
                        size_t *n)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_type_list, &st);
    return rc ? rc : collect(s, st, a, sizeof(**out), read_type, (void **)out, n);
}

static int sq_type_put(struct xa_store *h, struct xa_case_type *t)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_type_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, t->code);
    b_opt(&b, t->parent_id);
    b_text(&b, t->name_zh);
    b_text(&b, t->name_en);
    b_i64(&b, t->is_active);
    rc = step_row(s, &b);
    if (!rc)
        t->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static void read_mo(struct reader *r, void *row)
{
    struct xa_mo_tag *m = row;
    m->code = r_text(r);
    m->name_zh = r_text(r);
    m->name_en = r_text(r);
    m->types = r_text(r);
}

static int sq_mo_tag_list(struct xa_store *h, struct xa_arena *a, struct xa_mo_tag **out, size_t *n)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_mo_list, &st);
    return rc ? rc : collect(s, st, a, sizeof(**out), read_mo, (void **)out, n);
}

static void read_template(struct reader *r, void *row)
{
    struct xa_action_template *t = row;
    t->id = r_i64(r);
    t->type_id = r_i64(r);
    t->kind = r_int(r);
    t->name = r_text(r);
    t->due_hours = r_int(r);
    t->sort = r_int(r);
}

static int sq_template_list(struct xa_store *h, struct xa_arena *a, int64_t type_id,
                            struct xa_action_template **out, size_t *n)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, type_id ? sql_template_list : sql_template_all, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    if (type_id)
        b_i64(&b, type_id);
    rc = bound(s, &b);
    return rc ? rc : collect(s, st, a, sizeof(**out), read_template, (void **)out, n);
}

static int sq_template_set(struct xa_store *h, int64_t type_id, const struct xa_action_template *v,
                           size_t n)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_template_clear, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_opt(&b, type_id);
    rc = step_done(s, &b);
    release(st);
    if (rc)
        return rc;
    if ((rc = prepare_sql(s, sql_template_put, &st)) != XA_OK)
        return rc;
    for (size_t i = 0; i < n && !rc; i++) {
        b = (struct binder){st, 0, SQLITE_OK};
        b_opt(&b, type_id);
        b_i64(&b, v[i].kind);
        b_text(&b, v[i].name);
        b_i64(&b, v[i].due_hours);
        b_i64(&b, v[i].sort);
        rc = step_done(s, &b);
        release(st);
    }
    return rc;
}

/* ---- cases ---- */

static void read_case(struct reader *r, void *row)
{
    struct xa_case *c = row;
    c->id = r_i64(r);
    c->code = r_text(r);
    c->status = r_int(r);
    c->type_id = r_i64(r);
    c->type_code = r_text(r);
    c->type_name = r_text(r);
    c->nature = r_int(r);
    c->is_enterprise = r_int(r) != 0;
    c->title = r_text(r);
    c->summary = r_text(r);
    c->incident_id = r_i64(r);
    c->incident_code = r_text(r);
    c->window_from = r_i64(r);
    c->window_to = r_i64(r);
    c->address = r_text(r);
    c->has_location = !r_is_null(r);
    c->lat = r_real(r);
    c->lon = r_real(r);
    c->grid_id = r_i64(r);
    c->mo_text = r_text(r);
    c->mo_tags = r_text(r);
    c->unit_id = r_i64(r);
    c->unit_name = r_text(r);
    c->unit_code = r_text(r);
    c->owner_id = r_i64(r);
    c->owner_name = r_text(r);
    c->opened_at = r_i64(r);
    c->opened_by = r_i64(r);
    c->opened_by_name = r_text(r);
    c->reported_at = r_i64(r);
    c->first_action_at = r_i64(r);
    c->analysis_at = r_i64(r);
    c->solved_at = r_i64(r);
    c->closed_at = r_i64(r);
    c->status_reason = r_text(r);
    c->solve_reason = r_text(r);
    c->due_first_action = r_i64(r);
    c->due_analysis = r_i64(r);
    c->due_next = r_i64(r);
    c->updated_at = r_i64(r);
    c->loss_fen = r_i64(r);
    c->recovered_fen = r_i64(r);
    c->n_suspects = r_i64(r);
    c->n_arrests = r_i64(r);
}

static int sq_next_seq(struct xa_store *h, int64_t unit_id, int32_t day, int64_t *out)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_next_seq, &st);
    if (rc)
        return rc;
    return unit_day_seq(s, st, unit_id, day, out);
}

/* Inserts the comma-separated MO tags of case_id. */
static int put_mo(struct sqlite_store *s, int64_t case_id, const char *tags)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_mo_put, &st);
    int sort = 0;
    for (const char *p = tags; p && *p && !rc;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char tag[64];
        if (len && len < sizeof(tag)) {
            memcpy(tag, p, len);
            tag[len] = '\0';
            struct binder b = {st, 0, SQLITE_OK};
            b_i64(&b, case_id);
            b_text(&b, tag);
            b_i64(&b, ++sort);
            rc = step_done(s, &b);
            release(st);
        }
        p = e ? e + 1 : p + len;
    }
    return rc;
}

static int sq_put(struct xa_store *h, struct xa_case *c)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_case_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, c->code);
    b_i64(&b, c->status);
    b_i64(&b, c->type_id);
    b_i64(&b, c->nature);
    b_i64(&b, c->is_enterprise);
    b_text(&b, c->title);
    b_text(&b, c->summary);
    b_opt(&b, c->incident_id);
    b_opt(&b, c->window_from);
    b_opt(&b, c->window_to);
    b_text(&b, c->address);
    b_real(&b, c->has_location, c->lat);
    b_real(&b, c->has_location, c->lon);
    b_opt(&b, c->grid_id);
    b_text(&b, c->mo_text);
    b_i64(&b, c->unit_id);
    b_opt(&b, c->owner_id);
    b_i64(&b, c->opened_at);
    b_opt(&b, c->opened_by);
    b_i64(&b, c->reported_at);
    b_opt(&b, c->first_action_at);
    b_opt(&b, c->analysis_at);
    b_opt(&b, c->solved_at);
    b_opt(&b, c->closed_at);
    b_text(&b, c->status_reason);
    b_text(&b, c->solve_reason);
    b_i64(&b, c->due_first_action);
    b_i64(&b, c->due_analysis);
    b_opt(&b, c->due_next);
    b_i64(&b, c->updated_at);
    /* the row and its tags go in together or not at all, inside the caller's transaction */
    if (sqlite3_exec(s->db, "SAVEPOINT case_put", NULL, NULL, NULL) != SQLITE_OK) {
        release(st);
        return fail(s, sqlite3_errcode(s->db));
    }
    int64_t id = 0;
    rc = step_row(s, &b);
    if (!rc)
        id = sqlite3_column_int64(st, 0);
    release(st);
    if (!rc)
        rc = put_mo(s, id, c->mo_tags);
    if (rc)
        sqlite3_exec(s->db, "ROLLBACK TO case_put", NULL, NULL, NULL);
    sqlite3_exec(s->db, "RELEASE case_put", NULL, NULL, NULL);
    if (!rc)
        c->id = id;
    return rc;
}

static int sq_update(struct xa_store *h, const struct xa_case *c)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_case_update, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, c->status);
    b_opt(&b, c->owner_id);
    b_opt(&b, c->first_action_at);
    b_opt(&b, c->analysis_at);
    b_opt(&b, c->solved_at);
    b_opt(&b, c->closed_at);
    b_text(&b, c->status_reason);
    b_text(&b, c->solve_reason);
    b_opt(&b, c->due_next);
    b_i64(&b, c->updated_at);
    b_i64(&b, c->id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

/* A fixed statement keyed by one id that gives at most one row, read by fn into out. */
static int one_by_id(struct sqlite_store *s, struct xa_arena *a, const char *sql, int64_t id,
                     row_fn fn, void *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, id);
    rc = step_row(s, &b);
    if (!rc)
        fn(&(struct reader){st, a, 0}, out);
    release(st);
    return rc;
}

/* A fixed statement keyed by one id that gives rows of size bytes. */
static int list_by_id(struct sqlite_store *s, struct xa_arena *a, const char *sql, int64_t id,
                      size_t size, row_fn fn, void **out, size_t *n)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, id);
    rc = bound(s, &b);
    return rc ? rc : collect(s, st, a, size, fn, out, n);
}

static int sq_get(struct xa_store *h, struct xa_arena *a, int64_t id, struct xa_case *out)
{
    return one_by_id(S(h), a, sql_case_get, id, read_case, out);
}

static const struct {
    const char *word;
    const char *asc, *desc;
} case_sorts[] = {
    {"opened_at", " ORDER BY c.opened_at, c.id", " ORDER BY c.opened_at DESC, c.id DESC"},
    {"due_next", " ORDER BY c.due_next NULLS LAST, c.id",
     " ORDER BY c.due_next DESC NULLS LAST, c.id DESC"},
    {"code", " ORDER BY c.code, c.id", " ORDER BY c.code DESC, c.id DESC"},
    {"status", " ORDER BY c.status, c.id", " ORDER BY c.status DESC, c.id DESC"},
    {"solved_at", " ORDER BY c.solved_at NULLS LAST, c.id",
     " ORDER BY c.solved_at DESC NULLS LAST, c.id DESC"},
};

static const char *case_order(const char *sort)
{
    bool desc = false;
    if (!sort || !*sort)
        sort = "-opened_at";
    if (*sort == '-') {
        desc = true;
        sort++;
    }
    for (size_t i = 0; i < sizeof(case_sorts) / sizeof(case_sorts[0]); i++)
        if (strcmp(sort, case_sorts[i].word) == 0)
            return desc ? case_sorts[i].desc : case_sorts[i].asc;
    return NULL;
}

static void case_where(struct query *q, const struct xa_case_filter *f)
{
    if (f->scope_path) {
        q_cond(q, "c.unit_id IN (SELECT id FROM units WHERE path LIKE ? || '%')");
        q_text(q, f->scope_path);
    }
    if (f->unit_id) {
        q_cond(q, "c.unit_id IN (SELECT d.id FROM units d JOIN units r"
                  " ON d.path LIKE r.path || '%' WHERE r.id = ?)");
        q_int(q, f->unit_id);
    }
    if (f->status) {
        q_cond(q, "c.status = ?");
        q_int(q, f->status);
    }
    if (f->type_id) {
        q_cond(q, "c.type_id IN " TYPE_SUBTREE);
        for (int k = 0; k < 3; k++)
            q_int(q, f->type_id);
    }
    if (f->has_arrest) {
        /* the drill-down of "arrests": cases with an arrest in the period */
        if (f->from || f->to) {
            q_cond(q, "c.id IN (SELECT a.case_id FROM arrests a WHERE a.at >= ? AND a.at < ?)");
            q_int(q, f->from);
            q_int(q, f->to ? f->to : INT64_MAX);
        } else {
            q_cond(q, "c.id IN (SELECT a.case_id FROM arrests a)");
        }
    } else {
        if (f->from) {
            q_cond(q, "c.opened_at >= ?");
            q_int(q, f->from);
        }
        if (f->to) {
            q_cond(q, "c.opened_at < ?");
            q_int(q, f->to);
        }
    }
    if (f->solved_from) {
        q_cond(q, "c.solved_at >= ?");
        q_int(q, f->solved_from);
    }
    if (f->solved_to) {
        q_cond(q, "c.solved_at < ?");
        q_int(q, f->solved_to);
    }
    if (f->mo && *f->mo) {
        q_cond(q, "c.id IN (SELECT m.case_id FROM case_mo m WHERE m.tag = ?)");
        q_text(q, f->mo);
    }
    if (f->serial && *f->serial) {
        q_cond(q, "c.id IN (SELECT p.case_id FROM property p WHERE p.serial = ? COLLATE NOCASE)");
        q_text(q, f->serial);
    }
    if (f->person_id) {
        q_cond(q, "c.id IN (SELECT cp.case_id FROM case_persons cp WHERE cp.person_id = ?)");
        q_int(q, f->person_id);
    }
    if (f->owner_id) {
        q_cond(q, "c.owner_id = ?");
        q_int(q, f->owner_id);
    }
    if (f->overdue) {
        q_cond(q, "c.due_next IS NOT NULL AND c.due_next < ? AND c.status IN (1, 2)");
        q_int(q, f->now);
    }
    if (f->q && *f->q) {
        q_cond(q, "(instr(c.code, ?) > 0 OR instr(c.title, ?) > 0 OR instr(c.summary, ?) > 0"
                  " OR instr(c.address, ?) > 0)");
        for (int k = 0; k < 4; k++)
            q_text(q, f->q);
    }
}

static int sq_list(struct xa_store *h, struct xa_arena *a, const struct xa_case_filter *f,
                   struct xa_case **out, size_t *n, int64_t *total_out)
{
    struct sqlite_store *s = S(h);
    const char *order = case_order(f->sort);
    if (!order) {
        snprintf(s->errmsg, sizeof(s->errmsg), "unknown sort '%s'", f->sort);
        return XA_EINVAL;
    }
    struct query q = {.len = 0};
    case_where(&q, f);
    int64_t total;
    int rc = q_count(s, "FROM cases c", &q, &total);
    if (rc)
        return rc;
    char tail[128];
    snprintf(tail, sizeof(tail), "%s LIMIT ? OFFSET ?", order);
    q_page(&q, f->page, f->per_page);
    sqlite3_stmt *st = NULL;
    rc = q_run(s, CASE_SELECT, &q, tail, &st);
    if (rc)
        return rc;
    rc = collect(s, st, a, sizeof(**out), read_case, (void **)out, n);
    if (!rc)
        *total_out = total;
    return rc;
}

static int sq_event_put(struct xa_store *h, struct xa_case_event *ev)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_event_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, ev->case_id);
    b_i64(&b, ev->at);
    b_opt(&b, ev->user_id);
    b_i64(&b, ev->op);
    b_i64(&b, ev->from_status);
    b_i64(&b, ev->to_status);
    b_text(&b, ev->note);
    rc = step_row(s, &b);
    if (!rc)
        ev->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static void read_event(struct reader *r, void *row)
{
    struct xa_case_event *ev = row;
    ev->id = r_i64(r);
    ev->case_id = r_i64(r);
    ev->at = r_i64(r);
    ev->user_id = r_i64(r);
    ev->user_name = r_text(r);
    ev->op = r_int(r);
    ev->from_status = r_int(r);
    ev->to_status = r_int(r);
    ev->note = r_text(r);
}

static int sq_event_list(struct xa_store *h, struct xa_arena *a, int64_t case_id,
                         struct xa_case_event **out, size_t *n)
{
    return list_by_id(S(h), a, sql_event_list, case_id, sizeof(**out), read_event, (void **)out, n);
}

/* ---- investigation actions ---- */

static int sq_action_put(struct xa_store *h, struct xa_case_action *x)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_action_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, x->case_id);
    b_i64(&b, x->kind);
    b_text(&b, x->name);
    b_opt(&b, x->due_at);
    b_opt(&b, x->done_at);
    b_opt(&b, x->done_by);
    b_text(&b, x->result);
    b_i64(&b, x->sort);
    b_i64(&b, x->created_at);
    rc = step_row(s, &b);
    if (!rc)
        x->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static int sq_action_update(struct xa_store *h, const struct xa_case_action *x)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_action_update, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_opt(&b, x->done_at);
    b_opt(&b, x->done_by);
    b_text(&b, x->result);
    b_i64(&b, x->id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static void read_action(struct reader *r, void *row)
{
    struct xa_case_action *x = row;
    x->id = r_i64(r);
    x->case_id = r_i64(r);
    x->kind = r_int(r);
    x->name = r_text(r);
    x->due_at = r_i64(r);
    x->done_at = r_i64(r);
    x->done_by = r_i64(r);
    x->done_by_name = r_text(r);
    x->result = r_text(r);
    x->sort = r_int(r);
    x->created_at = r_i64(r);
}

static int sq_action_list(struct xa_store *h, struct xa_arena *a, int64_t case_id,
                          struct xa_case_action **out, size_t *n)
{
    return list_by_id(S(h), a, sql_action_list, case_id, sizeof(**out), read_action, (void **)out,
                      n);
}

/* ---- property ---- */

static int sq_property_put(struct xa_store *h, struct xa_property *p)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_property_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, p->case_id);
    b_i64(&b, p->category);
    b_text(&b, p->description);
    b_text(&b, p->brand);
    b_text(&b, p->model);
    b_text(&b, p->serial);
    b_i64(&b, p->value_fen);
    b_i64(&b, p->status);
    b_opt(&b, p->found_at);
    b_opt(&b, p->returned_at);
    b_opt(&b, p->owner_person_id);
    b_opt(&b, p->holder_person_id);
    b_text(&b, p->note);
    b_i64(&b, p->created_at);
    rc = step_row(s, &b);
    if (!rc)
        p->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static int sq_property_update(struct xa_store *h, const struct xa_property *p)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_property_update, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, p->status);
    b_opt(&b, p->found_at);
    b_opt(&b, p->returned_at);
    b_opt(&b, p->holder_person_id);
    b_text(&b, p->note);
    b_i64(&b, p->id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static void read_property(struct reader *r, void *row)
{
    struct xa_property *p = row;
    p->id = r_i64(r);
    p->case_id = r_i64(r);
    p->category = r_int(r);
    p->description = r_text(r);
    p->brand = r_text(r);
    p->model = r_text(r);
    p->serial = r_text(r);
    p->value_fen = r_i64(r);
    p->status = r_int(r);
    p->found_at = r_i64(r);
    p->returned_at = r_i64(r);
    p->owner_person_id = r_i64(r);
    p->owner_name = r_text(r);
    p->holder_person_id = r_i64(r);
    p->holder_name = r_text(r);
    p->note = r_text(r);
    p->created_at = r_i64(r);
    p->case_code = r_text(r);
    p->case_title = r_text(r);
    p->case_status = r_int(r);
    p->case_unit_id = r_i64(r);
}

static int sq_property_get(struct xa_store *h, struct xa_arena *a, int64_t id,
                           struct xa_property *out)
{
    return one_by_id(S(h), a, sql_property_get, id, read_property, out);
}

static int sq_property_list(struct xa_store *h, struct xa_arena *a, int64_t case_id,
                            const char *serial, const char *scope_path, struct xa_property **out,
                            size_t *n)
{
    struct sqlite_store *s = S(h);
    if (case_id)
        return list_by_id(s, a, sql_property_of_case, case_id, sizeof(**out), read_property,
                          (void **)out, n);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_property_serial, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_text(&b, serial ? serial : "");
    b_text(&b, scope_path);
    rc = bound(s, &b);
    return rc ? rc : collect(s, st, a, sizeof(**out), read_property, (void **)out, n);
}

/* ---- persons in cases ---- */

static int sq_link_put(struct xa_store *h, struct xa_case_person *cp)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_link_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, cp->case_id);
    b_i64(&b, cp->person.id);
    b_i64(&b, cp->role);
    b_opt(&b, cp->desc.height_min);
    b_opt(&b, cp->desc.height_max);
    b_opt(&b, cp->desc.build);
    b_text(&b, cp->desc.clothing);
    b_text(&b, cp->desc.plate);
    b_text(&b, cp->note);
    b_i64(&b, cp->added_at);
    b_opt(&b, cp->added_by);
    rc = step_row(s, &b);
    if (!rc)
        cp->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static void read_link(struct reader *r, void *row)
{
    struct xa_case_person *cp = row;
    cp->id = r_i64(r);
    cp->case_id = r_i64(r);
    cp->role = r_int(r);
    cp->desc.height_min = r_int(r);
    cp->desc.height_max = r_int(r);
    cp->desc.build = r_int(r);
    cp->desc.clothing = r_text(r);
    cp->desc.plate = r_text(r);
    cp->note = r_text(r);
    cp->added_at = r_i64(r);
    cp->added_by = r_i64(r);
    cp->case_code = r_text(r);
    cp->case_title = r_text(r);
    cp->case_status = r_int(r);
    cp->case_unit_id = r_i64(r);
    xa_sqlite_person_read(r, &cp->person);
}

static int sq_link_list(struct xa_store *h, struct xa_arena *a, int64_t case_id, int64_t person_id,
                        const char *scope_path, struct xa_case_person **out, size_t *n)
{
    struct sqlite_store *s = S(h);
    if (case_id)
        return list_by_id(s, a, sql_link_of_case, case_id, sizeof(**out), read_link, (void **)out,
                          n);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_link_of_person, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, person_id);
    b_text(&b, scope_path);
    rc = bound(s, &b);
    return rc ? rc : collect(s, st, a, sizeof(**out), read_link, (void **)out, n);
}

/* ---- arrests and attachments ---- */

static int sq_arrest_put(struct xa_store *h, struct xa_arrest *ar)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_arrest_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, ar->case_id);
    b_i64(&b, ar->person_id);
    b_i64(&b, ar->at);
    b_i64(&b, ar->measure);
    b_i64(&b, ar->unit_id);
    b_opt(&b, ar->by);
    rc = step_row(s, &b);
    if (!rc)
        ar->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static void read_arrest(struct reader *r, void *row)
{
    struct xa_arrest *ar = row;
    ar->id = r_i64(r);
    ar->case_id = r_i64(r);
    ar->person_id = r_i64(r);
    ar->at = r_i64(r);
    ar->measure = r_int(r);
    ar->unit_id = r_i64(r);
    ar->unit_name = r_text(r);
    ar->by = r_i64(r);
    ar->by_name = r_text(r);
}

static int sq_arrest_list(struct xa_store *h, struct xa_arena *a, int64_t case_id,
                          struct xa_arrest **out, size_t *n)
{
    return list_by_id(S(h), a, sql_arrest_list, case_id, sizeof(**out), read_arrest, (void **)out,
                      n);
}

static int sq_attachment_put(struct xa_store *h, struct xa_attachment *at)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_attachment_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, at->case_id);
    b_opt(&b, at->action_id);
    b_text(&b, at->sha256);
    b_i64(&b, at->size);
    b_text(&b, at->mime);
    b_text(&b, at->name);
    b_i64(&b, at->at);
    b_opt(&b, at->by);
    rc = step_row(s, &b);
    if (!rc)
        at->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

static void read_attachment(struct reader *r, void *row)
{
    struct xa_attachment *x = row;
    x->id = r_i64(r);
    x->case_id = r_i64(r);
    x->action_id = r_i64(r);
    x->sha256 = r_text(r);
    x->size = r_i64(r);
    x->mime = r_text(r);
    x->name = r_text(r);
    x->at = r_i64(r);
    x->by = r_i64(r);
    x->by_name = r_text(r);
}

static int sq_attachment_get(struct xa_store *h, struct xa_arena *a, int64_t id,
                             struct xa_attachment *out)
{
    return one_by_id(S(h), a, sql_attachment_get, id, read_attachment, out);
}

static int sq_attachment_list(struct xa_store *h, struct xa_arena *a, int64_t case_id,
                              struct xa_attachment **out, size_t *n)
{
    return list_by_id(S(h), a, sql_attachment_list, case_id, sizeof(**out), read_attachment,
                      (void **)out, n);
}

static void read_count(struct reader *r, void *row)
{
    struct xa_count_row *c = row;
    c->key1 = r_i64(r);
    c->key2 = r_i64(r);
    c->n = r_i64(r);
}

static int sq_overdue_count(struct xa_store *h, struct xa_arena *a, const char *scope_path,
                            int64_t now, struct xa_count_row **out, size_t *n)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_overdue, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    b_i64(&b, now);
    b_text(&b, scope_path);
    rc = bound(s, &b);
    return rc ? rc : collect(s, st, a, sizeof(**out), read_count, (void **)out, n);
}

const struct xa_store_case_ops xa_sqlite_case_ops = {
    .type_list = sq_type_list,
    .type_put = sq_type_put,
    .mo_tag_list = sq_mo_tag_list,
    .template_list = sq_template_list,
    .template_set = sq_template_set,
    .next_seq = sq_next_seq,
    .put = sq_put,
    .update = sq_update,
    .get = sq_get,
    .list = sq_list,
    .event_put = sq_event_put,
    .event_list = sq_event_list,
    .action_put = sq_action_put,
    .action_update = sq_action_update,
    .action_list = sq_action_list,
    .property_put = sq_property_put,
    .property_update = sq_property_update,
    .property_get = sq_property_get,
    .property_list = sq_property_list,
    .person_link_put = sq_link_put,
    .person_link_list = sq_link_list,
    .arrest_put = sq_arrest_put,
    .arrest_list = sq_arrest_list,
    .attachment_put = sq_attachment_put,
    .attachment_get = sq_attachment_get,
    .attachment_list = sq_attachment_list,
    .overdue_count = sq_overdue_count,
    .person_put = xa_sqlite_person_put,
    .person_update = xa_sqlite_person_update,
    .person_get = xa_sqlite_person_get,
    .person_find_id_number = xa_sqlite_person_find_id_number,
    .person_list = xa_sqlite_person_list,
    .stats = xa_sqlite_case_stats_get,
    .solve_times = xa_sqlite_case_stats_solve_times,
};
