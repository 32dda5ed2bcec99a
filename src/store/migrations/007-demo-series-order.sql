-- 007-demo-series-order.sql - demo_series with its columns in primary-key order.
-- SQLite 3.40-3.41 (Debian 12 ships 3.40.1) reports false "NULL value in demo_series.name"
-- errors from PRAGMA integrity_check for a WITHOUT ROWID table whose non-key column sits
-- between its key columns; the data were never NULL. Same rows, same key, same index.
CREATE TABLE demo_series_new (
    series_code TEXT NOT NULL,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    name        TEXT NOT NULL,
    PRIMARY KEY (series_code, case_id)
) STRICT, WITHOUT ROWID;
INSERT INTO demo_series_new(series_code, case_id, name)
    SELECT series_code, case_id, name FROM demo_series;
DROP TABLE demo_series;
ALTER TABLE demo_series_new RENAME TO demo_series;
CREATE INDEX demo_series_case ON demo_series(case_id);
