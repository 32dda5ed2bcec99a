// compstat.test.mjs - GET /api/v1/stats/compstat over real HTTP: the answer's shape for the
// leaders' page, counts that move when incidents are taken through the API (the analysis index
// is appended on every write, not only loaded at start), each station leader's own scope, and
// 422 naming the field for every bad parameter.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  assertError,
  assertStatus,
  finalChecks,
  incidentBody,
  loginAs,
  step,
  unitByCode,
  useServer,
  userId,
} from './lib.mjs';

const getServer = useServer();
let srv, desk1, desk2, leader1, leader2, analyst1, patrol1, cg, hd;

const shanghaiDay = (t = Date.now()) => new Date(t + 8 * 3600e3).toISOString().slice(0, 10);

before(async () => {
  srv = await getServer();
  [desk1, desk2, leader1, leader2, analyst1, patrol1] = await Promise.all(
    ['desk1', 'desk2', 'leader1', 'leader2', 'analyst1', 'patrol1'].map((u) => loginAs(srv.base, u)),
  );
  cg = await unitByCode(analyst1, 'CG');
  hd = await unitByCode(analyst1, 'HD');
});

async function compstat(c, query = '') {
  return assertStatus(await c.get(`/api/v1/stats/compstat${query}`), 200);
}

/* The count of (station, category) in the last period of d (0 when the group is absent). */
function lastCell(d, stationId, category) {
  const r = d.rows.find((x) => x.station_id === stationId && x.category === category);
  return r ? r.counts[r.counts.length - 1] : 0;
}

const sum = (v) => v.reduce((a, b) => a + b, 0);

test('the default answer: 12 ISO weeks by station and category, each series per period', async () => {
  const d = await compstat(analyst1);
  assert.equal(d.period, 'week');
  assert.deepEqual(d.by, ['station', 'category']);
  assert.equal(d.last_year_rule, '52_weeks');
  assert.equal(d.periods.length, 12);
  const last = d.periods[11];
  assert.ok(last.start <= shanghaiDay() && shanghaiDay() <= last.end, JSON.stringify(last));
  for (const p of d.periods) {
    assert.match(p.label, /^\d{4}-W\d{2}$/);
    assert.equal(new Date(`${p.start}T00:00:00+08:00`).getUTCDay(), 0, `${p.start} is a Monday`);
    const days = (Date.parse(p.end) - Date.parse(p.start)) / 86400e3;
    assert.equal(days, 6);
    const back = (Date.parse(p.start) - Date.parse(p.last_year_start)) / 86400e3;
    assert.equal(back, 364, '52 weeks back');
  }
  assert.equal(d.from, d.periods[0].start);
  assert.equal(d.to, last.end);
  assert.ok(d.rows.length > 0, 'the demo county has incidents in the last weeks');
  const stations = new Set(d.rows.map((r) => r.station_id));
  assert.ok(stations.has(cg.id) && stations.has(hd.id), 'the analyst sees every station');
  for (const r of d.rows) {
    assert.equal(typeof r.station_name, 'string');
    assert.equal(r.counts.length, 12);
    assert.equal(r.last_year.length, 12);
    assert.equal(r.change.length, 12);
    assert.equal(r.total, sum(r.counts));
    assert.equal(r.total_last_year, sum(r.last_year));
    r.counts.forEach((n, i) => {
      const l = r.last_year[i];
      assert.equal(r.change[i], l === 0 ? null : Math.round(((n - l) / l) * 1e4) / 1e4);
    });
  }
  d.totals.counts.forEach((n, i) => assert.equal(n, sum(d.rows.map((r) => r.counts[i]))));
});

test('months: calendar months with the same months a year before', async () => {
  const d = await compstat(analyst1, '?period=month&by=category&from=2025-11-15&to=2026-02-03');
  assert.equal(d.period, 'month');
  assert.deepEqual(d.by, ['category']);
  assert.equal(d.last_year_rule, '12_months');
  assert.deepEqual(d.periods.map((p) => p.label), ['2025-11', '2025-12', '2026-01', '2026-02']);
  assert.deepEqual(d.periods.map((p) => p.last_year_label), ['2024-11', '2024-12', '2025-01', '2025-02']);
  assert.equal(d.from, '2025-11-01');
  assert.equal(d.to, '2026-02-28');
  assert.deepEqual(d.last_year, { from: '2024-11-01', to: '2025-02-28' });
  for (const r of d.rows) assert.ok(!('station_id' in r));
});

test('a week across the new year and ISO week 53', async () => {
  const d = await compstat(analyst1, '?by=station&from=2026-12-28&to=2027-01-04');
  assert.deepEqual(d.periods.map((p) => p.label), ['2026-W53', '2027-W01']);
  assert.deepEqual(d.periods.map((p) => p.last_year_label), ['2026-W01', '2026-W02']);
  assert.equal(d.periods[0].start, '2026-12-28');
});

test('incidents taken through the API count at once, in their station and category', async () => {
  const before1 = await compstat(analyst1);
  const beforeLeader2 = await compstat(leader2);
  const n0 = lastCell(before1, cg.id, 'traffic');
  const created = [];
  for (let i = 0; i < 3; i++) {
    const r = await desk1.post('/api/v1/incidents', incidentBody({ category: 'traffic' }));
    created.push(assertStatus(r, 201));
  }
  const after1 = await compstat(analyst1);
  assert.equal(lastCell(after1, cg.id, 'traffic'), n0 + 3);
  const lastT = after1.totals.counts.length - 1;
  assert.equal(after1.totals.counts[lastT], before1.totals.counts[lastT] + 3);
  const row = after1.rows.find((x) => x.station_id === cg.id && x.category === 'traffic');
  assert.equal(row.station_code, 'CG');

  // a status change rewrites the row in place: still counted once
  const officer = await userId(desk1, 'patrol1');
  await step(desk1, created[0].id, 'dispatch', { officer_id: officer });
  await step(patrol1, created[0].id, 'arrive');
  const after2 = await compstat(analyst1);
  assert.equal(lastCell(after2, cg.id, 'traffic'), n0 + 3);

  // 河东's leader sees none of it
  const afterLeader2 = await compstat(leader2);
  assert.deepEqual(afterLeader2.totals, beforeLeader2.totals);
});

test('a station leader sees only their station; another station is refused by name', async () => {
  const mine = await compstat(leader1, '?by=station,category');
  assert.ok(mine.rows.length > 0);
  for (const r of mine.rows) assert.equal(r.station_id, cg.id);
  const all = await compstat(analyst1, `?unit=${cg.id}`);
  assert.deepEqual(mine.rows, all.rows, "the analyst's view of 城关 is 城关's leader's view");
  assertError(await leader1.get(`/api/v1/stats/compstat?unit=${hd.id}`), 422, 'not_in_scope', 'unit');
  const d2 = await compstat(desk2, '?by=station');
  for (const r of d2.rows) assert.equal(r.station_id, hd.id);
});

test('bad parameters: 422 naming the field', async () => {
  const cases = [
    ['period=year', 'period', 'unknown_value'],
    ['by=station,weather', 'by', 'unknown_value'],
    ['by=station,station', 'by', 'unknown_value'],
    ['by=station,', 'by', 'unknown_value'],
    ['from=2026-02-30', 'from', 'bad_time'],
    ['from=2026-1-5', 'from', 'bad_time'],
    ['to=yesterday', 'to', 'bad_time'],
    ['from=2026-03-01&to=2026-01-01', 'to', 'out_of_range'],
    ['from=2010-01-01&to=2026-01-01', 'from', 'out_of_range'],
    ['period=month&from=2010-01-01&to=2026-01-01', 'from', 'out_of_range'],
    ['unit=abc', 'unit', 'bad_format'],
    ['unit=999999', 'unit', 'no_such_unit'],
  ];
  for (const [q, field, reason] of cases)
    assertError(await analyst1.get(`/api/v1/stats/compstat?${q}`), 422, reason, field);
});

test('a login is needed', async () => {
  assertError(await new Client(srv.base).get('/api/v1/stats/compstat'), 401);
});

finalChecks(getServer);
