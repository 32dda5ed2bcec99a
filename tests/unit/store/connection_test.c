/*
 * connection_test.c - how the store sets up a SQLite connection, checked by what it does:
 * which targets open, WAL with the log fsynced after every commit and before it returns (this
 * program's own fdatasync() counts the calls on the -wal file; a plain synchronous=NORMAL
 * connection, whose xSync calls a VFS shim counts, shows that SQLite alone would not sync),
 * commits of many threads sharing fsyncs (group commit), foreign keys enforced, a busy timeout
 * before XA_EBUSY, and migrations that run once and refuse a newer schema.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/arena.h"
#include "core/vocab.h"
#include "store/migrate.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define T0 INT64_C(1763884800)

/* ---- fdatasync() of this program: counts the calls on a -wal file, then does the real one.
 * The store's objects are linked into this program, so their calls come here. ---- */

static int n_wal_fdatasync;
static pthread_mutex_t fdatasync_mu = PTHREAD_MUTEX_INITIALIZER;

int fdatasync(int fd)
{
    char link[64], path[1024];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof(path) - 1);
    if (n > 4 && memcmp(path + n - 4, "-wal", 4) == 0) {
        pthread_mutex_lock(&fdatasync_mu);
        n_wal_fdatasync++;
        pthread_mutex_unlock(&fdatasync_mu);
    }
    return (int)syscall(SYS_fdatasync, fd);
}

/* ---- a VFS that forwards to the default one and counts xSync ---- */

static sqlite3_vfs *real_vfs;
static sqlite3_vfs shim_vfs;
static int n_sync;

struct shim_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct in the same allocation */
};

static sqlite3_file *R(sqlite3_file *f)
{
    return ((struct shim_file *)(void *)f)->real;
}

static int s_close(sqlite3_file *f)
{
    return R(f)->pMethods->xClose(R(f));
}
static int s_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
    return R(f)->pMethods->xRead(R(f), p, n, off);
}
static int s_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    return R(f)->pMethods->xWrite(R(f), p, n, off);
}
static int s_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    return R(f)->pMethods->xTruncate(R(f), size);
}
static int s_sync(sqlite3_file *f, int flags)
{
    n_sync++;
    return R(f)->pMethods->xSync(R(f), flags);
}
static int s_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    return R(f)->pMethods->xFileSize(R(f), size);
}
static int s_lock(sqlite3_file *f, int lock)
{
    return R(f)->pMethods->xLock(R(f), lock);
}
static int s_unlock(sqlite3_file *f, int lock)
{
    return R(f)->pMethods->xUnlock(R(f), lock);
}
static int s_check_reserved(sqlite3_file *f, int *out)
{
    return R(f)->pMethods->xCheckReservedLock(R(f), out);
}
static int s_file_control(sqlite3_file *f, int op, void *arg)
{
    return R(f)->pMethods->xFileControl(R(f), op, arg);
}
static int s_sector_size(sqlite3_file *f)
{
    return R(f)->pMethods->xSectorSize(R(f));
}
static int s_device(sqlite3_file *f)
{
    return R(f)->pMethods->xDeviceCharacteristics(R(f));
}
static int s_shm_map(sqlite3_file *f, int pg, int pgsz, int extend, void volatile **pp)
{
    return R(f)->pMethods->xShmMap(R(f), pg, pgsz, extend, pp);
}
static int s_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    return R(f)->pMethods->xShmLock(R(f), offset, n, flags);
}
static void s_shm_barrier(sqlite3_file *f)
{
    R(f)->pMethods->xShmBarrier(R(f));
}
static int s_shm_unmap(sqlite3_file *f, int del)
{
    return R(f)->pMethods->xShmUnmap(R(f), del);
}
static int s_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **pp)
{
    return R(f)->pMethods->xFetch(R(f), off, n, pp);
}
static int s_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    return R(f)->pMethods->xUnfetch(R(f), off, p);
}

static const sqlite3_io_methods shim_io = {
    3,           s_close,   s_read,     s_write,          s_truncate,     s_sync,
    s_file_size, s_lock,    s_unlock,   s_check_reserved, s_file_control, s_sector_size,
    s_device,    s_shm_map, s_shm_lock, s_shm_barrier,    s_shm_unmap,    s_fetch,
    s_unfetch,
};

static int s_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
                  int *out_flags)
{
    (void)vfs;
    struct shim_file *p = (struct shim_file *)(void *)f;
    p->real = (sqlite3_file *)(void *)(p + 1);
    int rc = real_vfs->xOpen(real_vfs, name, p->real, flags, out_flags);
    p->base.pMethods = p->real->pMethods ? &shim_io : NULL;
    return rc;
}

static int setup_vfs(void **state)
{
    (void)state;
    real_vfs = sqlite3_vfs_find(NULL);
    assert_non_null(real_vfs);
    assert_true(real_vfs->iVersion >= 1);
    shim_vfs = *real_vfs;
    shim_vfs.zName = "xa-sync-count";
    shim_vfs.szOsFile = (int)sizeof(struct shim_file) + real_vfs->szOsFile;
    shim_vfs.xOpen = s_open;
    shim_vfs.pNext = NULL;
    /* the default VFS from now on, so the store's connections go through it */
    return sqlite3_vfs_register(&shim_vfs, 1) == SQLITE_OK ? 0 : -1;
}

static int teardown_vfs(void **state)
{
    (void)state;
    sqlite3_vfs_unregister(&shim_vfs);
    return 0;
}

/* ---- fixture ---- */

struct fx {
    char path[512];
    struct xa_store *s;
    struct xa_arena a;
};

static void temp_path(char *out, size_t len)
{
    static unsigned counter;
    const char *dir = getenv("XA_TEST_TMP");
    if (!dir || !*dir)
        dir = "/tmp";
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        dir = "/tmp";
    snprintf(out, len, "%s/conn-test-%ld-%u.db", dir, (long)getpid(), counter++);
}

static void remove_db(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

static bool file_exists(const char *path, const char *suffix)
{
    char p[600];
    struct stat st;
    snprintf(p, sizeof(p), "%s%s", path, suffix);
    return stat(p, &st) == 0;
}

static int setup(void **state)
{
    struct fx *fx = calloc(1, sizeof(*fx));
    assert_non_null(fx);
    temp_path(fx->path, sizeof(fx->path));
    remove_db(fx->path);
    xa_arena_init(&fx->a);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fx *fx = *state;
    xa_store_close(fx->s);
    xa_arena_release(&fx->a);
    remove_db(fx->path);
    free(fx);
    return 0;
}

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    return db;
}

static int64_t raw_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static const char *raw_text(sqlite3 *db, const char *sql, char *out, size_t len)
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    snprintf(out, len, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

static int64_t add_bureau(struct xa_store *s, const char *code)
{
    struct xa_unit u = {.code = code, .name = "城关分局", .kind = XA_UNIT_BUREAU};
    assert_int_equal(xa_store_unit_put(s, &u), XA_OK);
    return u.id;
}

/* ---- tests ---- */

static void test_targets_choose_the_backend(void **state)
{
    struct fx *fx = *state;
    char target[600];
    snprintf(target, sizeof(target), "sqlite:%s", fx->path);
    assert_int_equal(xa_store_open(target, &fx->s), XA_OK);
    add_bureau(fx->s, "BJ");
    xa_store_close(fx->s);
    fx->s = NULL;
    assert_true(file_exists(fx->path, "")); /* the prefix named the file, not part of it */

    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    struct xa_unit u;
    assert_int_equal(xa_store_unit_find_code(fx->s, &fx->a, "BJ", &u), XA_OK);

    struct xa_store *none = NULL;
    assert_int_equal(xa_store_open("postgresql://db.example/xiaoan", &none), XA_EINVAL);
    assert_int_equal(xa_store_open("", &none), XA_EINVAL);
    assert_int_equal(xa_store_open("sqlite:/nonexistent-dir/x/y.db", &none), XA_ESTORE);
    assert_null(none);
    xa_store_close(NULL);
}

static void test_database_is_in_wal_mode(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    add_bureau(fx->s, "BJ");
    assert_true(file_exists(fx->path, "-wal"));
    sqlite3 *db = raw_open(fx->path);
    char mode[16];
    assert_string_equal(raw_text(db, "PRAGMA journal_mode", mode, sizeof(mode)), "wal");
    sqlite3_close(db);
}

static void test_every_commit_is_synced(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    add_bureau(fx->s, "BJ"); /* the WAL exists from here on */

    /* control: the same write through a plain synchronous=NORMAL connection is synced by
     * nobody, so the counts below are the store's doing */
    sqlite3 *db = raw_open(fx->path);
    assert_int_equal(sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "INSERT INTO audit(at, action) VALUES (1, 'warm')", NULL, NULL, NULL),
        SQLITE_OK);
    n_sync = n_wal_fdatasync = 0;
    assert_int_equal(
        sqlite3_exec(db, "INSERT INTO audit(at, action) VALUES (2, 'normal')", NULL, NULL, NULL),
        SQLITE_OK);
    assert_int_equal(n_sync, 0);
    assert_int_equal(n_wal_fdatasync, 0);
    sqlite3_close(db);

    for (int i = 0; i < 3; i++) {
        n_wal_fdatasync = 0;
        assert_int_equal(xa_store_begin(fx->s, true), XA_OK);
        struct xa_audit au = {.at = T0 + i, .action = "full"};
        assert_int_equal(xa_store_audit_put(fx->s, &au), XA_OK);
        assert_int_equal(n_wal_fdatasync, 0); /* nothing is synced before commit */
        assert_int_equal(xa_store_commit(fx->s), XA_OK);
        assert_int_equal(n_wal_fdatasync, 1); /* alone: its own fsync, done when it returns */
    }
    /* a read transaction's commit syncs nothing */
    n_wal_fdatasync = 0;
    assert_int_equal(xa_store_begin(fx->s, false), XA_OK);
    assert_int_equal(xa_store_commit(fx->s), XA_OK);
    assert_int_equal(n_wal_fdatasync, 0);
}

/* Eight connections commit 40 transactions each at once: every commit returns XA_OK with its
 * row there, and commits share fsyncs (at most one each, usually far fewer). */
enum { N_WRITERS = 8, N_COMMITS = 40 };

struct writer {
    const char *path;
    int id, failed;
};

static void *write_many(void *arg)
{
    struct writer *w = arg;
    struct xa_store *s = NULL;
    if (xa_store_open(w->path, &s) != XA_OK) {
        w->failed = 1;
        return NULL;
    }
    for (int i = 0; i < N_COMMITS && !w->failed; i++) {
        struct xa_audit au = {.at = T0 + w->id * 1000 + i, .action = "group"};
        if (xa_store_begin(s, true) != XA_OK || xa_store_audit_put(s, &au) != XA_OK ||
            xa_store_commit(s) != XA_OK)
            w->failed = 1;
    }
    xa_store_close(s);
    return NULL;
}

static void test_commits_share_fsyncs(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    add_bureau(fx->s, "BJ");
    n_wal_fdatasync = 0;
    pthread_t t[N_WRITERS];
    struct writer w[N_WRITERS];
    for (int i = 0; i < N_WRITERS; i++) {
        w[i] = (struct writer){fx->path, i, 0};
        assert_int_equal(pthread_create(&t[i], NULL, write_many, &w[i]), 0);
    }
    for (int i = 0; i < N_WRITERS; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_int_equal(w[i].failed, 0);
    }
    sqlite3 *db = raw_open(fx->path);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM audit WHERE action = 'group'"),
                     N_WRITERS * N_COMMITS);
    sqlite3_close(db);
    print_message("%d commits, %d fsyncs of the log\n", N_WRITERS * N_COMMITS, n_wal_fdatasync);
    assert_true(n_wal_fdatasync >= 1 && n_wal_fdatasync <= N_WRITERS * N_COMMITS);
}

static void test_foreign_keys_are_enforced(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    struct xa_user u = {.username = "orphan",
                        .name = "无主",
                        .role = XA_ROLE_DESK,
                        .unit_id = 42,
                        .is_active = true,
                        .created_at = T0};
    assert_int_equal(xa_store_user_put(fx->s, &u), XA_ENOTFOUND);
    assert_non_null(strstr(xa_store_errmsg(fx->s), "FOREIGN KEY"));
    sqlite3 *db = raw_open(fx->path);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM users"), 0);
    sqlite3_close(db);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_a_held_write_lock_waits_then_gives_busy(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    sqlite3 *db = raw_open(fx->path);
    assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);

    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(xa_store_begin(fx->s, true), XA_EBUSY);
    assert_true(seconds_since(&t0) >= 4.0); /* waited for busy_timeout, did not fail at once */

    /* a reader is not blocked by a writer in WAL mode */
    struct xa_unit *v;
    size_t n;
    assert_int_equal(xa_store_unit_list(fx->s, &fx->a, &v, &n), XA_OK);

    assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(xa_store_begin(fx->s, true), XA_OK);
    add_bureau(fx->s, "BJ");
    assert_int_equal(xa_store_commit(fx->s), XA_OK);
}

static void test_migrations_run_once(void **state)
{
    struct fx *fx = *state;
    assert_true(xa_n_migrations >= 1);
    assert_int_equal(xa_migrations[0].number, 1);
    for (int i = 1; i < xa_n_migrations; i++)
        assert_true(xa_migrations[i].number > xa_migrations[i - 1].number);
    int newest = xa_migrations[xa_n_migrations - 1].number;

    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    add_bureau(fx->s, "BJ");
    sqlite3 *db = raw_open(fx->path);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), newest);
    int64_t objects = raw_int(db, "SELECT count(*) FROM sqlite_schema");
    assert_true(objects >= 8);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"
                                 " AND name IN ('units', 'users', 'sessions', 'sla_rules',"
                                 " 'incident_seq', 'incidents', 'incident_events', 'audit')"
                                 " AND sql LIKE '%STRICT%'"),
                     8);

    for (int round = 0; round < 2; round++) {
        xa_store_close(fx->s);
        fx->s = NULL;
        assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    }
    assert_int_equal(raw_int(db, "PRAGMA user_version"), newest);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_schema"), objects);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM units"), 1);
    sqlite3_close(db);
}

static void test_a_newer_schema_is_refused(void **state)
{
    struct fx *fx = *state;
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_OK);
    xa_store_close(fx->s);
    fx->s = NULL;
    sqlite3 *db = raw_open(fx->path);
    assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_ESTORE);
    assert_null(fx->s);
}

static void test_a_failed_migration_leaves_the_file_unmigrated(void **state)
{
    struct fx *fx = *state;
    /* a table that migration 001 wants to create already exists */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE audit(x)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(xa_store_open(fx->path, &fx->s), XA_ESTORE);
    assert_null(fx->s);
    db = raw_open(fx->path);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), 0);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'units'"), 0);
    sqlite3_close(db);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_targets_choose_the_backend),
        T(test_database_is_in_wal_mode),
        T(test_every_commit_is_synced),
        T(test_commits_share_fsyncs),
        T(test_foreign_keys_are_enforced),
        T(test_a_held_write_lock_waits_then_gives_busy),
        T(test_migrations_run_once),
        T(test_a_newer_schema_is_refused),
        T(test_a_failed_migration_leaves_the_file_unmigrated),
    };
    return cmocka_run_group_tests_name("store connection", tests, setup_vfs, teardown_vfs);
}
