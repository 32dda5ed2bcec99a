// case_stats.test.mjs - GET /api/v1/stats/cases on a KNOWN set of cases written at known times
// (the server runs at each step's time with XA_FAKE_NOW), in years the demo data never reaches,
// so every figure of docs/cases.md is asserted exactly: opened, solved, clearance rate, arrests,
// loss, recovered, recovery rate, median and p90 hours (nearest rank), last year, change, rows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertStatus, loginAs, makeDemoDb, removeDir, serverErrors, startServer } from './lib.mjs';

const at = (s) => String(Math.floor(Date.parse(s) / 1000));
let db, dir, srv;
const ids = {};

async function phase(time, fn) {
  srv = await startServer({ db, dir, env: { XA_FAKE_NOW: at(time) } });
  try {
    await fn(srv);
  } finally {
    const { code } = await srv.stop();
    assert.equal(code, 0);
  }
}

async function open(c, body) {
  return assertStatus(await c.post('/api/v1/cases', { nature: 'criminal', ...body }), 201);
}

before(async () => {
  ({ db, dir } = makeDemoDb());
  await phase('2019-03-10T10:00:00+08:00', async (s) => {
    const inv = await loginAs(s.base, 'investigator1');
    const l1 = await open(inv, { type: 'theft.ebike', title: '去年电动车被盗' });
    assertStatus(await inv.post(`/api/v1/cases/${l1.id}/property`, { category: 'ebike', description: '电动车', value_fen: 10000 }), 201);
    assertStatus(await inv.post(`/api/v1/cases/${l1.id}/start`, {}), 200);
    ids.l1 = l1.id;
  });
  await phase('2019-03-11T10:00:00+08:00', async (s) => {
    const inv = await loginAs(s.base, 'investigator1');
    assertStatus(await inv.post(`/api/v1/cases/${ids.l1}/solve`, { reason: '失主找回' }), 200);
  });
  await phase('2020-03-05T08:00:00+08:00', async (s) => {
    const inv = await loginAs(s.base, 'investigator1');
    const leader2 = await loginAs(s.base, 'leader2');
    const a = await open(inv, { type: 'theft.car_door', title: '车内财物被盗' });
    const b = await open(inv, { type: 'fraud.telecom', title: '刷单诈骗' });
    const c = await open(leader2, { type: 'theft.ebike', title: '河东电动车被盗' });
    assertStatus(await inv.post(`/api/v1/cases/${a.id}/property`, { category: 'vehicle_items', description: '背包', value_fen: 20000 }), 201);
    const p = assertStatus(await inv.post(`/api/v1/cases/${a.id}/property`, { category: 'phone', description: '手机', serial: 'S1', value_fen: 30000 }), 201);
    assertStatus(await inv.post(`/api/v1/cases/${b.id}/property`, { category: 'bank_transfer', description: '转账', value_fen: 50000 }), 201);
    for (const [cl, id] of [[inv, a.id], [inv, b.id], [leader2, c.id]]) assertStatus(await cl.post(`/api/v1/cases/${id}/start`, {}), 200);
    const sus = assertStatus(await inv.post(`/api/v1/cases/${a.id}/persons`, { role: 'suspect', name: '赵六' }), 201);
    assertStatus(await inv.post(`/api/v1/cases/${a.id}/arrests`, { person_id: sus.person.id, at: '2020-03-05T07:30:00+08:00', measure: 'criminal_detention' }), 201);
    Object.assign(ids, { a: a.id, b: b.id, c: c.id, p: p.id });
  });
  await phase('2020-03-06T08:00:00+08:00', async (s) => {
    const inv = await loginAs(s.base, 'investigator1');
    assertStatus(await inv.post(`/api/v1/cases/${ids.a}/solve`, {}), 200);
    assertStatus(await inv.post(`/api/v1/property/${ids.p}/found`, {}), 200);
  });
  await phase('2020-03-08T08:00:00+08:00', async (s) => {
    const inv = await loginAs(s.base, 'investigator1');
    assertStatus(await inv.post(`/api/v1/cases/${ids.b}/solve`, { reason: '资金已冻结, 嫌疑人在逃' }), 200);
  });
  await phase('2020-03-15T08:00:00+08:00', async (s) => {
    const leader2 = await loginAs(s.base, 'leader2');
    assertStatus(await leader2.post(`/api/v1/cases/${ids.c}/solve`, { reason: '监控锁定' }), 200);
  });
  srv = await startServer({ db, dir, env: { XA_FAKE_NOW: at('2020-04-01T12:00:00+08:00') } });
});

after(async () => {
  if (srv) await srv.stop();
});

const Q = '/api/v1/stats/cases?from=2020-03-01&to=2020-03-31';

test('the totals of the period, a year earlier, and the change are exact', async () => {
  const an = await loginAs(srv.base, 'analyst1');
  const s = assertStatus(await an.get(Q), 200);
  assert.equal(s.from, '2020-03-01');
  assert.equal(s.to, '2020-03-31');
  assert.equal(s.opened, 3);
  assert.equal(s.solved, 3);
  assert.equal(s.clearance_rate, 1);
  assert.equal(s.arrests, 1);
  assert.equal(s.loss_fen, 100000);
  assert.equal(s.recovered_fen, 30000);
  assert.equal(s.recovery_rate, 0.3);
  assert.equal(s.solve_hours_median, 72); // [24, 72, 240]: rank ceil(1.5) = 2
  assert.equal(s.solve_hours_p90, 240); // rank ceil(2.7) = 3
  const ly = s.last_year;
  assert.equal(ly.from, '2019-03-01');
  assert.equal(ly.to, '2019-03-31');
  assert.deepEqual([ly.opened, ly.solved, ly.clearance_rate, ly.arrests, ly.loss_fen, ly.recovered_fen, ly.recovery_rate, ly.solve_hours_median, ly.solve_hours_p90],
    [1, 1, 1, 0, 10000, 0, 0, 24, 24]);
  assert.deepEqual(s.change, { opened: 2, solved: 2, clearance_rate: 0, arrests: null, loss_fen: 9, recovered_fen: null });
  assert.equal(typeof s.definitions.clearance_rate, 'string');
});

test('rows by station and by type are exact', async () => {
  const an = await loginAs(srv.base, 'analyst1');
  const st = assertStatus(await an.get(`${Q}&by=station`), 200);
  assert.deepEqual(st.rows.map((r) => [r.key, r.opened, r.solved, r.arrests, r.loss_fen, r.recovered_fen, r.recovery_rate, r.solve_hours_median, r.solve_hours_p90]),
    [['CG', 2, 2, 1, 100000, 30000, 0.3, 24, 72], ['HD', 1, 1, 0, 0, 0, null, 240, 240]]);
  assert.equal(typeof st.rows[0].unit_id, 'number');
  const ty = assertStatus(await an.get(`${Q}&by=type`), 200);
  assert.deepEqual(ty.rows.map((r) => [r.key, r.opened, r.solved, r.arrests, r.loss_fen, r.recovered_fen, r.recovery_rate, r.solve_hours_median, r.solve_hours_p90]),
    [['fraud', 1, 1, 0, 50000, 0, 0, 72, 72], ['theft', 2, 2, 1, 50000, 30000, 0.6, 24, 240]]);
});

test('a station leader sees the station only; drill-down filters give the same counts', async () => {
  const l1 = await loginAs(srv.base, 'leader1');
  const s = assertStatus(await l1.get(Q), 200);
  assert.equal(s.opened, 2);
  assert.equal(s.solved, 2);
  const opened = assertStatus(await l1.get('/api/v1/cases?from=2020-03-01&to=2020-03-31'), 200);
  assert.equal(opened.total, 2);
  const solved = assertStatus(await l1.get('/api/v1/cases?solved_from=2020-03-01&solved_to=2020-03-31'), 200);
  assert.equal(solved.total, 2);
  const arrests = assertStatus(await l1.get('/api/v1/cases?has_arrest=1&from=2020-03-01&to=2020-03-31'), 200);
  assert.equal(arrests.total, 1);
  const theft = assertStatus(await l1.get('/api/v1/cases?type=theft&from=2020-03-01&to=2020-03-31'), 200);
  assert.equal(theft.total, 1);
});

test('investigators may not read statistics; bad grouping is 422', async () => {
  const inv = await loginAs(srv.base, 'investigator1');
  assertError(await inv.get(Q), 403);
  const an = await loginAs(srv.base, 'analyst1');
  assertError(await an.get(`${Q}&by=week`), 422, 'unknown_value', 'by');
});

test('no 5xx, and the server exits 0', async () => {
  assert.deepEqual(serverErrors, []);
  const { code } = await srv.stop();
  srv = null;
  assert.equal(code, 0);
  removeDir(dir);
});
