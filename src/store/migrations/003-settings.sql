-- Settings an administrator may change at run time (e.g. the intranet map tile server).
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT,
    updated_at INTEGER NOT NULL,
    updated_by INTEGER
) STRICT;
