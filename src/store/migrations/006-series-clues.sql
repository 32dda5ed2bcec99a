-- 006-series-clues.sql - series (串并案) and clues (线索) of docs/linkage.md: confirmed series of
-- cases with their analysts' notes, the clue ledger (from cases, visits, the public and the
-- linkage engine), the suggestions analysts rejected (unlinked pairs for training), and the
-- linkage model fitted by `xiaoan linkage train`.
--
-- Conventions of 001: INTEGER epoch seconds, NULL for an unset time or reference. A pair of
-- cases is stored with case_a < case_b.

CREATE TABLE series (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users(id),
    updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX series_created ON series(created_at);

-- A case is in at most one series.
CREATE TABLE series_members (
    case_id   INTEGER PRIMARY KEY REFERENCES cases(id),
    series_id INTEGER NOT NULL REFERENCES series(id),
    added_at  INTEGER NOT NULL,
    added_by  INTEGER REFERENCES users(id),
    reason    TEXT
) STRICT;
CREATE INDEX series_members_series ON series_members(series_id);
CREATE INDEX series_members_added ON series_members(added_at);

CREATE TABLE series_notes (
    id        INTEGER PRIMARY KEY,
    series_id INTEGER NOT NULL REFERENCES series(id),
    at        INTEGER NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    text      TEXT NOT NULL
) STRICT;
CREATE INDEX series_notes_series ON series_notes(series_id, at);

-- kind: 1 general, 2 linkage; source: 1 case, 2 visit, 3 public, 4 analysis;
-- status: 1 open, 2 verified, 3 not_verified; outcome: 1 case_solved, 2 series_linked, 3 other.
CREATE TABLE clues (
    id          INTEGER PRIMARY KEY,
    kind        INTEGER NOT NULL,
    source      INTEGER NOT NULL,
    status      INTEGER NOT NULL,
    outcome     INTEGER,
    content     TEXT NOT NULL,
    case_id     INTEGER REFERENCES cases(id),
    other_id    INTEGER REFERENCES cases(id),
    score       REAL,
    reasons     TEXT,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    assignee_id INTEGER REFERENCES users(id),
    created_at  INTEGER NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    assigned_at INTEGER,
    closed_at   INTEGER,
    closed_by   INTEGER REFERENCES users(id),
    note        TEXT,
    reason      TEXT,
    series_id   INTEGER REFERENCES series(id)
) STRICT;
CREATE INDEX clues_created ON clues(created_at);
CREATE INDEX clues_case ON clues(case_id);
CREATE INDEX clues_other ON clues(other_id);
CREATE INDEX clues_assignee ON clues(assignee_id);
CREATE UNIQUE INDEX clues_pair ON clues(case_id, other_id) WHERE kind = 2;

CREATE TABLE linkage_rejections (
    case_a  INTEGER NOT NULL REFERENCES cases(id),
    case_b  INTEGER NOT NULL REFERENCES cases(id),
    at      INTEGER NOT NULL,
    user_id INTEGER REFERENCES users(id),
    reason  TEXT NOT NULL,
    PRIMARY KEY (case_a, case_b)
) STRICT, WITHOUT ROWID;

-- Every fit is kept; the newest version is used. model is JSON (linkage_svc.c).
CREATE TABLE linkage_model (
    version    INTEGER PRIMARY KEY,
    trained_at INTEGER NOT NULL,
    n_pairs    INTEGER NOT NULL,
    n_linked   INTEGER NOT NULL,
    model      TEXT NOT NULL
) STRICT;
