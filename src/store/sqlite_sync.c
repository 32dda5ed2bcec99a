/*
 * sqlite_sync.c - group commit for the SQLite backend: one fsync of the write-ahead log makes
 * every transaction committed before it durable, so concurrent writers share it.
 *
 * Connections run WAL with synchronous=NORMAL: a COMMIT writes its frames to the log (the
 * operating system holds them) without waiting for the disk. sq_commit() then calls
 * xa_sqlite_sync_wait(), which returns only once the log has been fsynced after that COMMIT,
 * by this thread or by another one: a commit that returned is on disk, as with
 * synchronous=FULL, but commits that arrive while an fsync runs wait for the next one and share
 * it, instead of each paying its own. Checkpoints stay as SQLite does them (log synced before,
 * database after). Other connections may read a committed transaction before its fsync ends;
 * it is not acknowledged to its writer until then.
 *
 * Writers of one process also queue on a mutex of their own (write_mu, held from BEGIN
 * IMMEDIATE to COMMIT or ROLLBACK) rather than on SQLite's busy handler, which sleeps in steps
 * of up to 100 ms: the next writer starts the moment the last one commits, while that one waits
 * for its fsync. Writers of other processes still meet the busy timeout.
 *
 * Invariants: per database file one struct wal_sync, shared by every connection of the process
 * (a registry keyed by the log's path, reference counted); `written` counts commits, `synced`
 * the commits known durable; synced <= written; one thread at a time runs the fsync (`busy`),
 * outside the mutex. An fsync that fails fails every commit it was to cover (`failed` marks the
 * highest) and the next waiter tries again.
 */
#include "store/sqlite_int.h"

#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

struct wal_sync {
    struct wal_sync *next;
    int refs;
    char *path; /* the -wal file */
    pthread_mutex_t mu, write_mu;
    pthread_cond_t cv;
    uint64_t written, synced, failed;
    bool busy;
};

static pthread_mutex_t registry_mu = PTHREAD_MUTEX_INITIALIZER;
static struct wal_sync *registry;

struct wal_sync *xa_sqlite_sync_attach(const char *db_path)
{
    size_t len = strlen(db_path);
    char *path = xa_xmalloc(len + 5);
    memcpy(path, db_path, len);
    memcpy(path + len, "-wal", 5);
    pthread_mutex_lock(&registry_mu);
    struct wal_sync *w = registry;
    while (w && strcmp(w->path, path) != 0)
        w = w->next;
    if (w) {
        free(path);
    } else {
        w = xa_xcalloc(1, sizeof(*w));
        w->path = path;
        pthread_mutex_init(&w->mu, NULL);
        pthread_mutex_init(&w->write_mu, NULL);
        pthread_cond_init(&w->cv, NULL);
        w->next = registry;
        registry = w;
    }
    w->refs++;
    pthread_mutex_unlock(&registry_mu);
    return w;
}

void xa_sqlite_sync_detach(struct wal_sync *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&registry_mu);
    if (--w->refs == 0) {
        struct wal_sync **p = &registry;
        while (*p != w)
            p = &(*p)->next;
        *p = w->next;
        pthread_mutex_destroy(&w->mu);
        pthread_mutex_destroy(&w->write_mu);
        pthread_cond_destroy(&w->cv);
        free(w->path);
        free(w);
    }
    pthread_mutex_unlock(&registry_mu);
}

int xa_sqlite_write_lock(struct wal_sync *w, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    return pthread_mutex_timedlock(&w->write_mu, &until) == 0 ? XA_OK : XA_EBUSY;
}

void xa_sqlite_write_unlock(struct wal_sync *w)
{
    pthread_mutex_unlock(&w->write_mu);
}

/* fdatasync of the log through a descriptor of its own: the log may have been replaced since
 * the last time (when the last connection closes, SQLite removes it). No log: nothing to do. */
static bool sync_log(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT;
    int rc = fdatasync(fd);
    int err = errno;
    close(fd);
    if (rc)
        xa_log(XA_LOG_ERROR, "fdatasync %s: %s", path, strerror(err));
    return rc == 0;
}

int xa_sqlite_sync_wait(struct wal_sync *w)
{
    pthread_mutex_lock(&w->mu);
    uint64_t mine = ++w->written;
    int rc = XA_OK;
    while (w->synced < mine) {
        if (w->failed >= mine) {
            rc = XA_ESTORE;
            break;
        }
        if (w->busy) {
            pthread_cond_wait(&w->cv, &w->mu);
            continue;
        }
        w->busy = true; /* lead: one fsync for everything written so far */
        uint64_t upto = w->written;
        pthread_mutex_unlock(&w->mu);
        bool ok = sync_log(w->path);
        pthread_mutex_lock(&w->mu);
        w->busy = false;
        if (ok && upto > w->synced)
            w->synced = upto;
        else if (!ok && upto > w->failed)
            w->failed = upto;
        pthread_cond_broadcast(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return rc;
}
