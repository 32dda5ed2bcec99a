-- 004-cases.sql - cases (案件) of docs/cases.md: case types and MO tags (admins may add types),
-- action templates, cases with their MO tags and timeline, the person registry and its links
-- to cases, arrests, property, investigation actions and attachments.
--
-- Conventions of 001: INTEGER epoch seconds, NULL for an unset time or reference, enums as
-- the integers of core/case.h and core/person.h. Loss and recovered values are never stored:
-- they are sums over property.

-- 案件类别: two levels (three for fraud.telecom.*); children are coded "parent.child".
CREATE TABLE case_types (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES case_types(id),
    name_zh   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1))
) STRICT;
CREATE INDEX case_types_parent ON case_types(parent_id);

-- 作案手段: a controlled list; mo_tag_types says which types a tag applies to (none = any).
CREATE TABLE mo_tags (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    sort    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE mo_tag_types (
    tag     TEXT NOT NULL REFERENCES mo_tags(code),
    type_id INTEGER NOT NULL REFERENCES case_types(id),
    PRIMARY KEY (tag, type_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX mo_tag_types_type ON mo_tag_types(type_id);

-- Investigation actions a new case receives: those of its type, of the type's ancestors, and
-- those with no type (every case).
CREATE TABLE action_templates (
    id        INTEGER PRIMARY KEY,
    type_id   INTEGER REFERENCES case_types(id),
    kind      INTEGER NOT NULL,
    name      TEXT NOT NULL,
    due_hours INTEGER NOT NULL CHECK (due_hours BETWEEN 1 AND 8760),
    sort      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX action_templates_type ON action_templates(type_id);

CREATE TABLE case_seq (
    unit_id INTEGER NOT NULL,
    day     INTEGER NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (unit_id, day)
) STRICT, WITHOUT ROWID;

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    status           INTEGER NOT NULL,
    type_id          INTEGER NOT NULL REFERENCES case_types(id),
    nature           INTEGER NOT NULL,
    is_enterprise    INTEGER NOT NULL DEFAULT 0 CHECK (is_enterprise IN (0, 1)),
    title            TEXT NOT NULL,
    summary          TEXT,
    incident_id      INTEGER REFERENCES incidents(id),
    window_from      INTEGER,
    window_to        INTEGER,
    address          TEXT,
    lat              REAL,
    lon              REAL,
    grid_id          INTEGER REFERENCES grids(id),
    mo_text          TEXT,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    owner_id         INTEGER REFERENCES users(id),
    opened_at        INTEGER NOT NULL,
    opened_by        INTEGER REFERENCES users(id),
    reported_at      INTEGER NOT NULL,
    first_action_at  INTEGER,
    analysis_at      INTEGER,
    solved_at        INTEGER,
    closed_at        INTEGER,
    status_reason    TEXT,
    solve_reason     TEXT,
    due_first_action INTEGER NOT NULL,
    due_analysis     INTEGER NOT NULL,
    due_next         INTEGER,
    updated_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX cases_unit_opened ON cases(unit_id, opened_at);
CREATE INDEX cases_opened ON cases(opened_at);
CREATE INDEX cases_solved ON cases(solved_at) WHERE solved_at IS NOT NULL;
CREATE INDEX cases_type ON cases(type_id);
CREATE INDEX cases_status ON cases(status);
CREATE INDEX cases_due_next ON cases(due_next) WHERE due_next IS NOT NULL;
CREATE INDEX cases_incident ON cases(incident_id) WHERE incident_id IS NOT NULL;
CREATE INDEX cases_owner ON cases(owner_id);

CREATE TABLE case_mo (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    tag     TEXT NOT NULL REFERENCES mo_tags(code),
    sort    INTEGER NOT NULL,
    PRIMARY KEY (case_id, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_mo_tag ON case_mo(tag);

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    at          INTEGER NOT NULL,
    user_id     INTEGER REFERENCES users(id),
    op          INTEGER NOT NULL,
    from_status INTEGER NOT NULL,
    to_status   INTEGER NOT NULL,
    note        TEXT
) STRICT;
CREATE INDEX case_events_case ON case_events(case_id, at);

-- 人员: one registry; an ID number names one person.
CREATE TABLE persons (
    id         INTEGER PRIMARY KEY,
    name       TEXT,
    id_number  TEXT,
    sex        INTEGER,
    birth_date INTEGER,
    phone      TEXT,
    address    TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX persons_id_number ON persons(id_number) WHERE id_number IS NOT NULL;
CREATE INDEX persons_name ON persons(name);
CREATE INDEX persons_phone ON persons(phone) WHERE phone IS NOT NULL;

CREATE TABLE case_persons (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    role       INTEGER NOT NULL,
    height_min INTEGER,
    height_max INTEGER,
    build      INTEGER,
    clothing   TEXT,
    plate      TEXT,
    note       TEXT,
    added_at   INTEGER NOT NULL,
    added_by   INTEGER REFERENCES users(id),
    UNIQUE (case_id, person_id, role)
) STRICT;
CREATE INDEX case_persons_person ON case_persons(person_id);

CREATE TABLE arrests (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    at        INTEGER NOT NULL,
    measure   INTEGER NOT NULL,
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    by_user   INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX arrests_case ON arrests(case_id);
CREATE INDEX arrests_at ON arrests(at);

CREATE TABLE property (
    id               INTEGER PRIMARY KEY,
    case_id          INTEGER NOT NULL REFERENCES cases(id),
    category         INTEGER NOT NULL,
    description      TEXT NOT NULL,
    brand            TEXT,
    model            TEXT,
    serial           TEXT,
    value_fen        INTEGER NOT NULL CHECK (value_fen >= 0),
    status           INTEGER NOT NULL,
    found_at         INTEGER,
    returned_at      INTEGER,
    owner_person_id  INTEGER REFERENCES persons(id),
    holder_person_id INTEGER REFERENCES persons(id),
    note             TEXT,
    created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX property_case ON property(case_id);
CREATE INDEX property_serial ON property(serial COLLATE NOCASE) WHERE serial IS NOT NULL;

CREATE TABLE case_actions (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    kind       INTEGER NOT NULL,
    name       TEXT NOT NULL,
    due_at     INTEGER,
    done_at    INTEGER,
    done_by    INTEGER REFERENCES users(id),
    result     TEXT,
    sort       INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX case_actions_case ON case_actions(case_id);

-- Files are kept once by SHA-256 under the data directory; rows link them to cases.
CREATE TABLE attachments (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases(id),
    action_id INTEGER REFERENCES case_actions(id),
    sha256    TEXT NOT NULL,
    size      INTEGER NOT NULL,
    mime      TEXT NOT NULL,
    name      TEXT,
    at        INTEGER NOT NULL,
    by_user   INTEGER REFERENCES users(id)
) STRICT;
CREATE INDEX attachments_case ON attachments(case_id);
CREATE INDEX attachments_sha ON attachments(sha256);

-- ---- seed vocabulary (DESIGN §4, docs/cases.md) ----

INSERT INTO case_types(code, parent_id, name_zh, name_en) VALUES
    ('theft', NULL, '盗窃', 'Theft'),
    ('fraud', NULL, '诈骗', 'Fraud'),
    ('robbery', NULL, '抢劫', 'Robbery'),
    ('snatching', NULL, '抢夺', 'Snatching'),
    ('assault', NULL, '故意伤害', 'Assault'),
    ('provocation', NULL, '寻衅滋事', 'Provocation'),
    ('affray', NULL, '聚众斗殴', 'Affray'),
    ('gun', NULL, '涉枪', 'Firearms'),
    ('drug', NULL, '涉毒', 'Drugs'),
    ('other', NULL, '其他', 'Other');
WITH v(code, parent, zh, en) AS (VALUES
    ('theft.burglary', 'theft', '入室盗窃', 'Burglary'),
    ('theft.car_door', 'theft', '拉车门盗窃', 'Theft from unlocked vehicles'),
    ('theft.ebike', 'theft', '盗窃电动车', 'E-bike theft'),
    ('theft.motorcycle', 'theft', '盗窃摩托车', 'Motorcycle theft'),
    ('theft.pickpocket', 'theft', '扒窃', 'Pickpocketing'),
    ('theft.phone', 'theft', '盗窃手机', 'Phone theft'),
    ('theft.shop', 'theft', '门市盗窃', 'Shop theft'),
    ('theft.livestock', 'theft', '盗窃家畜/偷狗', 'Livestock and dog theft'),
    ('theft.enterprise', 'theft', '盗窃企业财物/废旧金属', 'Theft from enterprises / scrap metal'),
    ('fraud.telecom', 'fraud', '电信网络诈骗', 'Telecom and online fraud'))
INSERT INTO case_types(code, parent_id, name_zh, name_en)
SELECT v.code, (SELECT id FROM case_types WHERE code = v.parent), v.zh, v.en FROM v;
WITH v(code, parent, zh, en) AS (VALUES
    ('fraud.telecom.brushing', 'fraud.telecom', '刷单返利诈骗', 'Order-brushing fraud'),
    ('fraud.telecom.shopping', 'fraud.telecom', '网购/代购诈骗', 'Online shopping fraud'),
    ('fraud.telecom.loan', 'fraud.telecom', '贷款诈骗', 'Loan fraud'),
    ('fraud.telecom.ticket', 'fraud.telecom', '购票诈骗', 'Ticket fraud'),
    ('fraud.telecom.impersonation', 'fraud.telecom', '冒充公检法诈骗',
     'Impersonating the authorities'))
INSERT INTO case_types(code, parent_id, name_zh, name_en)
SELECT v.code, (SELECT id FROM case_types WHERE code = v.parent), v.zh, v.en FROM v;

INSERT INTO mo_tags(code, name_zh, name_en, sort) VALUES
    ('night', '夜间', 'At night', 1),
    ('daytime', '白天', 'In daytime', 2),
    ('car_door', '拉车门', 'Pulling car doors', 3),
    ('lock_pick', '撬锁', 'Lock picking', 4),
    ('window', '翻窗', 'Through a window', 5),
    ('door_unlocked', '入户未锁门', 'Unlocked door', 6),
    ('poison_bait', '投毒诱捕', 'Poisoned bait', 7),
    ('cut_lock', '剪断车锁', 'Cut lock', 8),
    ('wire_jump', '接线启动', 'Hot-wiring', 9),
    ('impersonate_service', '冒充客服', 'Posing as customer service', 10),
    ('impersonate_police', '冒充公检法', 'Posing as the authorities', 11),
    ('brushing', '刷单返利', 'Order brushing', 12),
    ('fake_shop', '虚假网店', 'Fake online shop', 13),
    ('crowd', '人多拥挤处', 'In a crowd', 14),
    ('distraction', '分散注意力', 'Distraction', 15),
    ('climb', '攀爬', 'Climbing', 16),
    ('smash_window', '砸车窗', 'Smashing a car window', 17),
    ('scrap_metal', '废旧金属', 'Scrap metal', 18);

-- night and daytime apply to any type (no row); the others to the types they describe.
WITH v(tag, type) AS (VALUES
    ('car_door', 'theft.car_door'), ('smash_window', 'theft.car_door'),
    ('lock_pick', 'theft.burglary'), ('window', 'theft.burglary'),
    ('door_unlocked', 'theft.burglary'), ('climb', 'theft.burglary'),
    ('lock_pick', 'theft.shop'), ('window', 'theft.shop'),
    ('poison_bait', 'theft.livestock'),
    ('cut_lock', 'theft.ebike'), ('cut_lock', 'theft.motorcycle'),
    ('wire_jump', 'theft.ebike'), ('wire_jump', 'theft.motorcycle'),
    ('crowd', 'theft.pickpocket'), ('distraction', 'theft.pickpocket'),
    ('crowd', 'theft.phone'), ('distraction', 'theft.phone'),
    ('scrap_metal', 'theft.enterprise'), ('climb', 'theft.enterprise'),
    ('impersonate_service', 'fraud.telecom'), ('impersonate_police', 'fraud.telecom'),
    ('brushing', 'fraud.telecom'), ('fake_shop', 'fraud.telecom'),
    ('brushing', 'fraud.telecom.brushing'), ('fake_shop', 'fraud.telecom.shopping'),
    ('impersonate_service', 'fraud.telecom.shopping'),
    ('impersonate_service', 'fraud.telecom.loan'), ('fake_shop', 'fraud.telecom.ticket'),
    ('impersonate_police', 'fraud.telecom.impersonation'),
    ('distraction', 'snatching'), ('crowd', 'snatching'))
INSERT INTO mo_tag_types(tag, type_id) SELECT v.tag, t.id FROM v JOIN case_types t ON t.code = v.type;

-- Action kinds (core/case.h): 1 scene, 2 canvass, 3 video, 4 face, 5 evidence, 6 linkage,
-- 7 fund_trace, 8 pawn_check. Every case: linkage (串并研判) within 72 h.
INSERT INTO action_templates(type_id, kind, name, due_hours, sort) VALUES
    (NULL, 6, '串并研判', 72, 90);
WITH v(type, kind, name, due_hours, sort) AS (VALUES
    ('theft', 1, '现场勘查', 24, 10), ('theft', 2, '走访调查', 24, 20),
    ('theft', 3, '视频追踪', 48, 30),
    ('theft.car_door', 3, '周边监控盲区排查', 48, 35),
    ('theft.ebike', 8, '销赃渠道排查', 72, 40),
    ('theft.motorcycle', 8, '销赃渠道排查', 72, 40),
    ('theft.phone', 8, '手机串号布控', 72, 40),
    ('theft.enterprise', 8, '废品回收站排查', 72, 40),
    ('theft.burglary', 5, '痕迹物证鉴定', 72, 45),
    ('theft.livestock', 8, '收购点排查', 72, 40),
    ('fraud', 7, '资金查控(止付冻结)', 4, 10),
    ('fraud', 2, '询问被害人', 24, 20),
    ('robbery', 1, '现场勘查', 4, 10), ('robbery', 3, '视频追踪', 24, 20),
    ('robbery', 4, '人像比对', 48, 30),
    ('snatching', 1, '现场勘查', 4, 10), ('snatching', 3, '视频追踪', 24, 20),
    ('assault', 1, '现场勘查', 24, 10), ('assault', 5, '伤情鉴定', 72, 20),
    ('provocation', 2, '走访调查', 24, 10), ('provocation', 3, '视频追踪', 48, 20),
    ('affray', 1, '现场勘查', 24, 10), ('affray', 3, '视频追踪', 24, 20),
    ('gun', 1, '现场勘查', 4, 10), ('gun', 5, '枪弹鉴定', 72, 20),
    ('drug', 5, '毒品检验', 72, 10))
INSERT INTO action_templates(type_id, kind, name, due_hours, sort)
SELECT t.id, v.kind, v.name, v.due_hours, v.sort FROM v JOIN case_types t ON t.code = v.type;
