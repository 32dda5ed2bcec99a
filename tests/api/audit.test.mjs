// audit.test.mjs - every write leaves an audit row; logins ok and failed are recorded; only
// administrators and leaders read the log; nothing over HTTP may change it.
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
  useServer,
  userId,
} from './lib.mjs';

const getServer = useServer();
let srv, desk1, patrol1, leader1, admin, inc;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;

before(async () => {
  srv = await getServer();
  await new Client(srv.base).login('desk1', 'definitely-wrong-1');
  await new Client(srv.base).login('ghost-user', 'definitely-wrong-2');
  desk1 = await loginAs(srv.base, 'desk1');
  patrol1 = await loginAs(srv.base, 'patrol1');
  leader1 = await loginAs(srv.base, 'leader1');
  admin = await loginAs(srv.base, 'admin');
  const pid = await userId(desk1, 'patrol1');
  inc = assertStatus(await desk1.post('/api/v1/incidents', incidentBody()), 201);
  await step(desk1, inc.id, 'dispatch', { officer_id: pid });
  await step(patrol1, inc.id, 'arrive');
  await step(patrol1, inc.id, 'handle', { result: '已处置' });
  await step(desk1, inc.id, 'reply', { method: 'phone', content: '已回复' });
  await step(desk1, inc.id, 'close');
  await step(desk1, inc.id, 'reveal', { field: 'caller_phone', reason: '回访' });
});

test('every write on the incident has its audit row, by the user who did it', async () => {
  const a = assertStatus(await leader1.get(`/api/v1/audit?object_type=incident&object_id=${inc.id}&per_page=200`), 200);
  const rows = [...a.items].reverse(); // the log is newest first
  assert.deepEqual(rows.map((r) => r.action), [
    'incident.create',
    'incident.dispatch',
    'incident.arrive',
    'incident.handle',
    'incident.reply',
    'incident.close',
    'incident.reveal.caller_phone',
  ]);
  assert.deepEqual(rows.map((r) => r.username), ['desk1', 'desk1', 'patrol1', 'patrol1', 'desk1', 'desk1', 'desk1']);
  for (const r of rows) {
    assert.equal(r.object_type, 'incident');
    assert.equal(r.object_id, inc.id);
    assert.equal(r.ip, '127.0.0.1');
    assert.match(r.at, ISO);
    assert.equal(typeof r.id, 'number');
  }
  assert.equal(rows[6].reason, '回访');
  assert.equal(rows[0].detail.code, inc.code);
  assert.equal(rows[1].detail.from, 'received');
  assert.equal(rows[1].detail.to, 'dispatched');
  const ids = a.items.map((r) => r.id);
  assert.deepEqual(ids, [...ids].sort((x, y) => y - x), 'newest first');
});

test('login.ok and login.fail rows exist, with the name as typed and the address', async () => {
  const ok = assertStatus(await admin.get('/api/v1/audit?action=login.ok&per_page=200'), 200);
  assert.ok(ok.items.some((r) => r.username === 'desk1' && r.user_id === desk1.user.id));
  for (const r of ok.items) {
    assert.equal(r.action, 'login.ok');
    assert.equal(r.ip, '127.0.0.1');
  }
  const fail = assertStatus(await admin.get('/api/v1/audit?action=login.fail&per_page=200'), 200);
  assert.ok(fail.items.some((r) => r.username === 'desk1' && r.user_id === desk1.user.id), 'wrong password of a known user');
  assert.ok(fail.items.some((r) => r.username === 'ghost-user' && r.user_id === null), 'unknown user');
  const text = JSON.stringify(fail);
  assert.ok(!text.includes('definitely-wrong'), 'a failed password is never written to the log');
});

test('logout leaves a row', async () => {
  const c = await loginAs(srv.base, 'community1');
  assertStatus(await c.del('/api/v1/session'), 200);
  const a = assertStatus(await admin.get('/api/v1/audit?action=logout&user=community1'), 200);
  assert.equal(a.total, 1);
  assert.equal(a.items[0].user_id, c.user.id);
});

test('the audit filters work: user, action prefix, object, time window, paging', async () => {
  const byUser = assertStatus(await admin.get('/api/v1/audit?user=patrol1&per_page=200'), 200);
  assert.ok(byUser.items.length >= 3);
  for (const r of byUser.items) assert.equal(r.username, 'patrol1');
  const pre = assertStatus(await admin.get('/api/v1/audit?action=incident.&per_page=200'), 200);
  assert.ok(pre.items.length >= 7);
  for (const r of pre.items) assert.ok(r.action.startsWith('incident.'), r.action);
  const page = assertStatus(await admin.get('/api/v1/audit?per_page=2&page=2'), 200);
  assert.equal(page.per_page, 2);
  assert.equal(page.page, 2);
  assert.ok(page.items.length <= 2);
  const from = encodeURIComponent(new Date(Date.now() - 3600e3).toISOString());
  const recent = assertStatus(await admin.get(`/api/v1/audit?from=${from}&action=incident.create&object_id=${inc.id}`), 200);
  assert.equal(recent.total, 1);
  const old = assertStatus(await admin.get(`/api/v1/audit?to=${from}&action=incident.create&object_id=${inc.id}`), 200);
  assert.equal(old.total, 0);
  assertError(await admin.get('/api/v1/audit?per_page=500'), 422, 'out_of_range', 'per_page');
  assertError(await admin.get('/api/v1/audit?from=someday'), 422, 'bad_time', 'from');
  assertError(await admin.get('/api/v1/audit?object_id=x'), 422, 'bad_format', 'object_id');
});

test('desk1, patrol1 and analyst1 may not read the audit log: 403', async () => {
  for (const c of [desk1, patrol1, await loginAs(srv.base, 'analyst1')]) {
    const e = assertError(await c.get('/api/v1/audit'), 403, 'role_denied');
    assert.equal(e.code, 'forbidden');
  }
});

test('a station leader reads only the rows of their own station\'s users', async () => {
  const leader2 = await loginAs(srv.base, 'leader2');
  const a = assertStatus(await leader2.get('/api/v1/audit?user=desk1'), 200);
  assert.equal(a.total, 0, `leader2 (河东) sees ${a.total} rows of desk1 (城关)`);
  const b = assertStatus(await leader2.get(`/api/v1/audit?object_type=incident&object_id=${inc.id}`), 200);
  assert.equal(b.total, 0, 'leader2 sees the audit of a 城关 incident');
});

test('the audit log is append-only: no route changes it (PUT/DELETE/POST/PATCH → 405)', async () => {
  const before = assertStatus(await admin.get('/api/v1/audit?per_page=1'), 200).total;
  for (const m of ['PUT', 'DELETE', 'POST', 'PATCH']) {
    const r = await admin.request(m, '/api/v1/audit', m === 'DELETE' ? {} : { body: { action: 'x' } });
    assertError(r, 405, 'method');
  }
  for (const p of ['/api/v1/audit/1', '/api/v1/audit/1/delete']) {
    assertError(await admin.del(p), 404, 'no_route');
  }
  const after = assertStatus(await admin.get('/api/v1/audit?per_page=1'), 200).total;
  assert.equal(after, before);
});

test('refused writes leave no row', async () => {
  const before = assertStatus(await admin.get('/api/v1/audit?per_page=1'), 200).total;
  await desk1.post('/api/v1/incidents', incidentBody({ priority: 9 }));
  await desk1.post(`/api/v1/incidents/${inc.id}/close`, {});
  await desk1.post('/api/v1/incidents', incidentBody(), { csrf: false });
  const after = assertStatus(await admin.get('/api/v1/audit?per_page=1'), 200).total;
  assert.equal(after, before);
});

finalChecks(getServer);
