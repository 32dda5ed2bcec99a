// concurrency.test.mjs - many clients at once: every write is one transaction, codes stay
// unique, a race on the same incident moves it once, and nothing answers 500.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertStatus,
  createIncident,
  finalChecks,
  incidentBody,
  loginAs,
  step,
  useServer,
  userId,
} from './lib.mjs';

const getServer = useServer();
let srv, desk1, desk2, leader1, patrol1, pid;

before(async () => {
  srv = await getServer();
  [desk1, desk2, leader1, patrol1] = await Promise.all(['desk1', 'desk2', 'leader1', 'patrol1'].map((u) => loginAs(srv.base, u)));
  pid = await userId(desk1, 'patrol1');
});

test('60 incidents created at once from two stations: all 201, codes and status codes unique', async () => {
  const before1 = assertStatus(await desk1.get('/api/v1/incidents?per_page=1'), 200).total;
  const rs = await Promise.all(
    Array.from({ length: 60 }, (_, i) => (i % 3 === 2 ? desk2 : i % 3 === 1 ? leader1 : desk1).post('/api/v1/incidents', incidentBody())),
  );
  for (const r of rs) assert.equal(r.status, 201, r.text);
  const incs = rs.map((r) => r.json);
  assert.equal(new Set(incs.map((x) => x.id)).size, 60);
  assert.equal(new Set(incs.map((x) => x.code)).size, 60);
  assert.equal(new Set(incs.map((x) => x.status_code)).size, 60);
  // per station and day the sequence numbers have no gaps and no repeats
  for (const prefix of ['CG-', 'HD-']) {
    const seqs = incs.filter((x) => x.code.startsWith(prefix)).map((x) => Number(x.code.slice(-4))).sort((a, b) => a - b);
    for (let i = 1; i < seqs.length; i++) assert.equal(seqs[i], seqs[i - 1] + 1, `${prefix} ${seqs}`);
  }
  const after1 = assertStatus(await desk1.get('/api/v1/incidents?per_page=1'), 200).total;
  assert.equal(after1, before1 + 40);
});

test('ten clients closing the same incident at once: one 200, nine 409, one close event', async () => {
  const inc = await createIncident(desk1);
  await step(desk1, inc.id, 'dispatch', { officer_id: pid });
  await step(patrol1, inc.id, 'arrive');
  await step(patrol1, inc.id, 'handle', { result: '已处置' });
  await step(desk1, inc.id, 'reply', { method: 'phone', content: '已回复' });
  const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? leader1 : desk1).post(`/api/v1/incidents/${inc.id}/close`, {})));
  const codes = rs.map((r) => r.status).sort();
  assert.deepEqual(codes, [200, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
  const d = assertStatus(await desk1.get(`/api/v1/incidents/${inc.id}`), 200);
  assert.equal(d.timeline.filter((e) => e.action === 'close').length, 1);
  const a = assertStatus(await leader1.get(`/api/v1/audit?action=incident.close&object_id=${inc.id}`), 200);
  assert.equal(a.total, 1);
});

test('two desks dispatching the same new incident to the same officer at once: one wins', async () => {
  const inc = await createIncident(desk1);
  const rs = await Promise.all([desk1, leader1, desk1, leader1].map((c) => c.post(`/api/v1/incidents/${inc.id}/dispatch`, { officer_id: pid })));
  const codes = rs.map((r) => r.status).sort();
  assert.deepEqual(codes, [200, 409, 409, 409], rs.map((r) => r.text).join('\n'));
  const d = assertStatus(await desk1.get(`/api/v1/incidents/${inc.id}`), 200);
  assert.equal(d.timeline.filter((e) => e.action === 'dispatch').length, 1);
});

test('reads and writes mixed under load never fail', async () => {
  const work = [];
  for (let i = 0; i < 30; i++) {
    work.push(desk1.get('/api/v1/incidents?per_page=50'));
    work.push(desk2.get('/api/v1/stats/dashboard'));
    work.push(desk1.post('/api/v1/incidents', incidentBody()));
    work.push(leader1.get('/api/v1/audit?per_page=20'));
  }
  const rs = await Promise.all(work);
  for (const r of rs) assert.ok(r.status === 200 || r.status === 201, `${r.method} ${r.path} → ${r.status} ${r.text}`);
});

finalChecks(getServer);
