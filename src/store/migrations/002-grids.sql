-- Grids (网格): villages and communities with their boundary and owning officer.
CREATE TABLE grids (
    id INTEGER PRIMARY KEY,
    unit_id INTEGER NOT NULL REFERENCES units(id),
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
    owner_id INTEGER REFERENCES users(id),
    polygon TEXT NOT NULL,
    center_lat REAL NOT NULL,
    center_lon REAL NOT NULL,
    households INTEGER NOT NULL DEFAULT 0,
    population INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX grids_unit ON grids(unit_id);
CREATE INDEX grids_owner ON grids(owner_id);
ALTER TABLE incidents ADD COLUMN grid_id INTEGER REFERENCES grids(id);
CREATE INDEX incidents_grid ON incidents(grid_id);
