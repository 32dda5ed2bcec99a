/*
 * migrate.h - numbered schema migrations, compiled into the binary from
 * src/store/migrations/NNN-name.sql (tools/embed_migrations.cmake). A backend applies, in one
 * transaction each, every migration whose number is above the database's user_version.
 */
#ifndef XA_MIGRATE_H
#define XA_MIGRATE_H

struct xa_migration {
    int number;
    const char *name;
    const char *sql;
};

extern const struct xa_migration xa_migrations[];
extern const int xa_n_migrations;

#endif
