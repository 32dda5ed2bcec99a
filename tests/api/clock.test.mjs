// clock.test.mjs - what time does: SLA deadlines turning into overdue flags, the response time,
// account locks that end, and sessions that end. The same database is served again and again
// with the server's clock set ahead (XA_FAKE_NOW, epoch seconds, read by base/time.c).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  PASSWORD,
  assertError,
  assertStatus,
  incidentBody,
  makeDemoDb,
  removeDir,
  serverErrors,
  startServer,
  tail,
  userId,
} from './lib.mjs';

const T0 = Math.floor(Date.now() / 1000);
const MIN = 60;
const HOUR = 3600;
let db, srv, desk1, patrol1, idle, incA, incB;

/* Serves the database at T0 + offset seconds, stopping the previous server (which must exit 0). */
async function serveAt(offset) {
  if (srv) {
    const { code, signal, stderr } = await srv.stop();
    assert.equal(signal, null, tail(stderr));
    assert.equal(code, 0, `server exited ${code}:\n${tail(stderr)}`);
  }
  srv = await startServer({ db: db.db, dir: db.dir, env: { XA_FAKE_NOW: String(T0 + offset) } });
  for (const c of [desk1, patrol1, idle]) if (c) c.base = srv.base;
}

async function login(username, password = PASSWORD) {
  const c = new Client(srv.base);
  const r = await c.login(username, password);
  return { c, r };
}

async function get(id) {
  return assertStatus(await desk1.get(`/api/v1/incidents/${id}`), 200);
}

before(async () => {
  db = makeDemoDb();
});

after(async () => {
  if (srv) await srv.stop();
});

test('at T0: incidents taken, an account locked, sessions opened', async () => {
  await serveAt(0);
  desk1 = (await login('desk1')).c;
  patrol1 = (await login('patrol1')).c;
  idle = (await login('leader1')).c;
  incA = assertStatus(await desk1.post('/api/v1/incidents', incidentBody({ priority: 2 })), 201);
  incB = assertStatus(await desk1.post('/api/v1/incidents', incidentBody({ priority: 2 })), 201);
  assert.equal(Date.parse(incA.received_at) / 1000, T0, 'the server runs at the fake time');
  assert.equal(Date.parse(incA.due.dispatch) / 1000, T0 + 5 * MIN);
  assert.equal(Date.parse(incA.due.arrive) / 1000, T0 + 15 * MIN);
  assert.equal(Date.parse(incA.due.result) / 1000, T0 + 24 * HOUR);
  assert.equal(Date.parse(incA.due.reply) / 1000, T0 + 72 * HOUR);
  assert.equal(incA.overdue, false);
  for (let i = 0; i < 5; i++) assertError((await login('investigator1', `wrong-${i}-xx`)).r, 401, 'bad_credentials');
  assertError((await login('investigator1')).r, 429, 'locked');
});

test('T0 + 6 min: not dispatched in 5 minutes is overdue (step dispatch), everywhere', async () => {
  await serveAt(6 * MIN);
  const a = await get(incA.id);
  assert.equal(a.overdue, true);
  assert.equal(a.overdue_step, 'dispatch');
  const l = assertStatus(await desk1.get('/api/v1/incidents?overdue=true&per_page=200'), 200);
  assert.ok(l.items.some((x) => x.id === incA.id), 'listed with overdue=true');
  const o = assertStatus(await desk1.get('/api/v1/incidents/overdue-summary'), 200);
  const row = o.items.find((x) => x.unit_id === incA.unit_id && x.step === 'dispatch');
  assert.ok(row && row.count >= 2, JSON.stringify(o.items));
  const pid = await userId(desk1, 'patrol1');
  const b = assertStatus(await desk1.post(`/api/v1/incidents/${incB.id}/dispatch`, { officer_id: pid }), 200);
  assert.equal(b.overdue, false, 'dispatched late, but arrival is due at 15 min');
  assert.equal(b.overdue_step, null);
  assert.equal(Date.parse(b.dispatched_at) / 1000, T0 + 6 * MIN);
  assertError((await login('investigator1')).r, 429, 'locked', undefined);
});

test('T0 + 20 min: not on scene in 15 minutes is overdue (step arrive); arrival measures 20 min', async () => {
  await serveAt(20 * MIN);
  const b = await get(incB.id);
  assert.equal(b.overdue, true);
  assert.equal(b.overdue_step, 'arrive');
  const arrived = assertStatus(await patrol1.post(`/api/v1/incidents/${incB.id}/arrive`, {}), 200);
  assert.equal(arrived.response_seconds, 20 * MIN);
  assert.equal(arrived.overdue, false, 'the result is due at 24 h');
  const d = assertStatus(await desk1.get('/api/v1/stats/dashboard'), 200);
  assert.ok(d.response_count >= 1);
  assert.ok(d.overdue >= 1);
});

test('T0 + 20 min: the account lock of 15 minutes is over', async () => {
  const { r } = await login('investigator1');
  assertStatus(r, 200);
});

test('T0 + 8 h: a session used 7 h 40 min ago still works; one idle for 8 h does not', async () => {
  await serveAt(8 * HOUR);
  assertStatus(await desk1.get('/api/v1/session'), 200);
  assertError(await idle.get('/api/v1/session'), 401, 'login_required');
});

test('T0 + 25 h: no result within 24 h is overdue (step result)', async () => {
  await serveAt(25 * HOUR);
  // desk1's session of T0 is over (older than 14 h)
  assertError(await desk1.get('/api/v1/session'), 401, 'login_required');
  desk1 = (await login('desk1')).c;
  const b = await get(incB.id);
  assert.equal(b.overdue_step, 'result');
  const a = await get(incA.id);
  assert.equal(a.overdue_step, 'dispatch');
});

test('a session ends 14 h after login even when in use (login +32 h, used +39 h, dead +46 h)', async () => {
  await serveAt(32 * HOUR);
  desk1 = (await login('desk1')).c;
  await serveAt(39 * HOUR);
  assertStatus(await desk1.get('/api/v1/session'), 200);
  await serveAt(46 * HOUR + 1);
  assertError(await desk1.get('/api/v1/session'), 401, 'login_required');
});

test('no request of this file was answered with a 5xx status', () => {
  assert.deepEqual(serverErrors, []);
});

test('the last server exits 0 on SIGTERM (no leak, no crash)', async () => {
  const { code, signal, stderr } = await srv.stop();
  assert.equal(signal, null, tail(stderr));
  assert.equal(code, 0, `server exited ${code}:\n${tail(stderr)}`);
  removeDir(db.dir);
});
