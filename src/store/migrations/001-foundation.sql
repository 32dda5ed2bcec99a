-- 001-foundation.sql - organisation, users and sessions, SLA rules, incidents with their
-- timeline, and the append-only audit log.
--
-- Column conventions (store/sqlite.c maps the structs of core/ onto them):
--   times are INTEGER UTC epoch seconds; an optional time that is 0 in the struct is NULL here;
--   a reference to another row that is 0 in the struct is NULL here;
--   enums are INTEGER with the values of core/vocab.h and core/incident.h (0 = none);
--   a missing string is NULL; a location without has_location is NULL lat and lon.

-- 单位: path is the chain of ids from the root ("/1/4/9/"), set when the row is inserted, so a
-- subtree is "path LIKE prefix || '%'".
CREATE TABLE units (
    id        INTEGER PRIMARY KEY,
    parent_id INTEGER REFERENCES units(id),
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    kind      INTEGER NOT NULL,
    path      TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          INTEGER NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    phone         TEXT,
    badge         TEXT,
    is_active     INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
    password_hash TEXT,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX users_unit ON users(unit_id);

-- Keyed by the SHA-256 (hex) of the token; the token itself is never stored.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    csrf_token TEXT NOT NULL,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip         TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions(expires_at);
CREATE INDEX sessions_user ON sessions(user_id);

-- 0 in category or priority is a wildcard; the most specific rule wins.
CREATE TABLE sla_rules (
    category   INTEGER NOT NULL,
    priority   INTEGER NOT NULL,
    dispatch_s INTEGER NOT NULL,
    arrive_s   INTEGER NOT NULL,
    result_s   INTEGER NOT NULL,
    reply_s    INTEGER NOT NULL,
    PRIMARY KEY (category, priority)
) STRICT, WITHOUT ROWID;

-- Last sequence number of an incident code per (station, Shanghai day YYYYMMDD).
CREATE TABLE incident_seq (
    unit_id INTEGER NOT NULL REFERENCES units(id),
    day     INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (unit_id, day)
) STRICT, WITHOUT ROWID;

-- 警情. due_next is the deadline of the step the status waits for, so "overdue" is
-- due_next < now on the (status, due_next) index.
CREATE TABLE incidents (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    status_code      TEXT UNIQUE,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    channel          INTEGER NOT NULL,
    category         INTEGER NOT NULL,
    priority         INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 4),
    caller_name      TEXT,
    caller_phone     TEXT,
    caller_id_number TEXT,
    address          TEXT,
    lat              REAL,
    lon              REAL,
    narrative        TEXT,
    occurred_at      INTEGER,
    received_at      INTEGER NOT NULL,
    received_by      INTEGER REFERENCES users(id),
    status           INTEGER NOT NULL CHECK (status BETWEEN 1 AND 6),
    officer_id       INTEGER REFERENCES users(id),
    dispatched_at    INTEGER,
    on_scene_at      INTEGER,
    handled_at       INTEGER,
    replied_at       INTEGER,
    closed_at        INTEGER,
    result           TEXT,
    reply_method     INTEGER NOT NULL DEFAULT 0,
    reply_content    TEXT,
    replied_by       INTEGER REFERENCES users(id),
    closed_by        INTEGER REFERENCES users(id),
    due_dispatch     INTEGER,
    due_arrive       INTEGER,
    due_result       INTEGER,
    due_reply        INTEGER,
    due_next         INTEGER,
    updated_at       INTEGER NOT NULL,
    CHECK ((lat IS NULL) = (lon IS NULL))
) STRICT;
CREATE INDEX incidents_unit_received ON incidents(unit_id, received_at);
CREATE INDEX incidents_status_due ON incidents(status, due_next);
CREATE INDEX incidents_officer_status ON incidents(officer_id, status);
CREATE INDEX incidents_received ON incidents(received_at);

-- The timeline of an incident: one row per transition (and per audited reveal).
CREATE TABLE incident_events (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents(id),
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    action      INTEGER NOT NULL,
    from_status INTEGER NOT NULL,
    to_status   INTEGER NOT NULL,
    officer_id  INTEGER REFERENCES users(id),
    note        TEXT
) STRICT;
CREATE INDEX incident_events_incident ON incident_events(incident_id);

-- 审计日志. No foreign keys: a row must be writable for anyone (a failed login of an unknown
-- name) and must outlive what it names. The triggers make it append-only.
CREATE TABLE audit (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     INTEGER,
    username    TEXT,
    action      TEXT NOT NULL,
    object_type TEXT,
    object_id   INTEGER,
    ip          TEXT,
    reason      TEXT,
    detail      TEXT
) STRICT;
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_object ON audit(object_type, object_id);
CREATE INDEX audit_user ON audit(user_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
END;
