-- 005-demo-series.sql - the true membership of the series planted by `xiaoan demo`, so that
-- series linkage can score itself against what was planted (docs/cases.md, "Demo series").
-- Only the demo writes it; a real county's table stays empty.
CREATE TABLE demo_series (
    series_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    PRIMARY KEY (series_code, case_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX demo_series_case ON demo_series(case_id);
