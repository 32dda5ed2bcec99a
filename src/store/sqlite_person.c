/*
 * sqlite_person.c - the SQLite backend's person registry (人员): one row per person, the ID
 * number unique when known (a partial unique index), and the registry list with the number
 * of cases each person appears in.
 *
 * Invariants: those of sqlite_int.h; a birth date is YYYYMMDD and a sex is enum xa_sex, 0 and
 * NULL meaning unknown.
 */
#include "store/sqlite_int.h"

#define PERSON_LIST_HEAD                                                                           \
    "SELECT " PERSON_COLUMNS ", (SELECT count(DISTINCT cp.case_id) FROM case_persons cp"           \
    " WHERE cp.person_id = p.id) FROM persons p"

static const char sql_put[] =
    "INSERT INTO persons(name, id_number, sex, birth_date, phone, address, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char sql_update[] =
    "UPDATE persons SET name = ?, id_number = ?, sex = ?, birth_date = ?, phone = ?,"
    " address = ?, updated_at = ? WHERE id = ?";
static const char sql_get[] = "SELECT " PERSON_COLUMNS " FROM persons p WHERE p.id = ?";
static const char sql_find_id[] = "SELECT " PERSON_COLUMNS " FROM persons p WHERE p.id_number = ?";

void xa_sqlite_person_read(struct reader *r, void *row)
{
    struct xa_person *p = row;
    p->id = r_i64(r);
    p->name = r_text(r);
    p->id_number = r_text(r);
    p->sex = r_int(r);
    p->birth_date = r_int(r);
    p->phone = r_text(r);
    p->address = r_text(r);
    p->created_at = r_i64(r);
    p->updated_at = r_i64(r);
}

static void bind_person(struct binder *b, const struct xa_person *p)
{
    b_text(b, p->name);
    b_text(b, p->id_number);
    b_opt(b, p->sex);
    b_opt(b, p->birth_date);
    b_text(b, p->phone);
    b_text(b, p->address);
}

int xa_sqlite_person_put(struct xa_store *h, struct xa_person *p)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_put, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    bind_person(&b, p);
    b_i64(&b, p->created_at);
    b_i64(&b, p->updated_at);
    rc = step_row(s, &b);
    if (!rc)
        p->id = sqlite3_column_int64(st, 0);
    release(st);
    return rc;
}

int xa_sqlite_person_update(struct xa_store *h, const struct xa_person *p)
{
    struct sqlite_store *s = S(h);
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql_update, &st);
    if (rc)
        return rc;
    struct binder b = {st, 0, SQLITE_OK};
    bind_person(&b, p);
    b_i64(&b, p->updated_at);
    b_i64(&b, p->id);
    rc = step_change(s, &b);
    release(st);
    return rc;
}

static int person_one(struct sqlite_store *s, struct xa_arena *a, const char *sql, int64_t id,
                      const char *text_key, struct xa_person *out)
{
    sqlite3_stmt *st = NULL;
    int rc = prepare_sql(s, sql, &st);
    if (rc)
        return rc;
    return one_row(s, st, a, id, text_key, xa_sqlite_person_read, out);
}

int xa_sqlite_person_get(struct xa_store *h, struct xa_arena *a, int64_t id, struct xa_person *out)
{
    return person_one(S(h), a, sql_get, id, NULL, out);
}

int xa_sqlite_person_find_id_number(struct xa_store *h, struct xa_arena *a, const char *id_number,
                                    struct xa_person *out)
{
    if (!id_number)
        return XA_ENOTFOUND;
    return person_one(S(h), a, sql_find_id, 0, id_number, out);
}

static void read_listed(struct reader *r, void *row)
{
    struct xa_person *p = row;
    xa_sqlite_person_read(r, p);
    p->n_cases = r_i64(r);
}

int xa_sqlite_person_list(struct xa_store *h, struct xa_arena *a, const struct xa_person_filter *f,
                          struct xa_person **out, size_t *n, int64_t *total_out)
{
    struct sqlite_store *s = S(h);
    struct query q = {.len = 0};
    if (f->id_number && *f->id_number) {
        q_cond(&q, "p.id_number = ?");
        q_text(&q, f->id_number);
    }
    if (f->name && *f->name) {
        q_cond(&q, "instr(p.name, ?) > 0");
        q_text(&q, f->name);
    }
    if (f->phone && *f->phone) {
        q_cond(&q, "p.phone = ?");
        q_text(&q, f->phone);
    }
    int64_t total;
    int rc = q_count(s, "FROM persons p", &q, &total);
    if (rc)
        return rc;
    q_page(&q, f->page, f->per_page);
    sqlite3_stmt *st = NULL;
    rc = q_run(s, PERSON_LIST_HEAD, &q, " ORDER BY p.name, p.id LIMIT ? OFFSET ?", &st);
    if (rc)
        return rc;
    rc = collect(s, st, a, sizeof(**out), read_listed, (void **)out, n);
    if (!rc)
        *total_out = total;
    return rc;
}
