// clues.test.mjs - the clue ledger (docs/linkage.md) over HTTP: record, assign, verify,
// reject; roles, scope and field errors; the counters equal their drill-down lists.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertError, assertStatus, finalChecks, loginAs, useServer, userId } from './lib.mjs';

const getServer = useServer();
let srv, inv, leader1, community1, analyst, leader2, admin, kase;

before(async () => {
  srv = await getServer();
  inv = await loginAs(srv.base, 'investigator1');
  leader1 = await loginAs(srv.base, 'leader1');
  community1 = await loginAs(srv.base, 'community1');
  analyst = await loginAs(srv.base, 'analyst1');
  leader2 = await loginAs(srv.base, 'leader2');
  admin = await loginAs(srv.base, 'admin');
  kase = assertStatus(await inv.post('/api/v1/cases', {
    type: 'theft.burglary', nature: 'criminal', title: '入室盗窃', lat: 30.7, lon: 114.5,
  }), 201);
});

test('an officer records a clue from a visit; a leader assigns it; the assignee verifies it', async () => {
  const c = assertStatus(await community1.post('/api/v1/clues',
    { source: 'visit', content: '走访发现废品站收购来路不明的电动车', case_id: kase.id }), 201);
  assert.equal(c.kind, 'general');
  assert.equal(c.status, 'open');
  assert.equal(c.case.id, kase.id);
  assert.equal(c.created_by.id, community1.user.id);
  const invId = await userId(leader1, 'investigator1');
  assertError(await community1.post(`/api/v1/clues/${c.id}/assign`, { assignee_id: invId }), 403);
  const a = assertStatus(await leader1.post(`/api/v1/clues/${c.id}/assign`, { assignee_id: invId }), 200);
  assert.equal(a.assignee.id, invId);
  assertError(await inv.post(`/api/v1/clues/${c.id}/verify`, { outcome: 'maybe' }), 422, undefined, 'outcome');
  const v = assertStatus(await inv.post(`/api/v1/clues/${c.id}/verify`,
    { outcome: 'case_solved', note: '据此抓获嫌疑人' }), 200);
  assert.equal(v.status, 'verified');
  assert.equal(v.outcome, 'case_solved');
  assertError(await inv.post(`/api/v1/clues/${c.id}/reject`, { reason: 'x' }), 409);
  const r = assertStatus(await inv.post('/api/v1/clues', { source: 'public', content: '群众举报可疑人员' }), 201);
  const rj = assertStatus(await inv.post(`/api/v1/clues/${r.id}/reject`, { reason: '查无此人' }), 200);
  assert.equal(rj.status, 'not_verified');
  assertError(await inv.post(`/api/v1/clues/${r.id}/accept`, {}), 409);
});

test('errors: fields named (422), admin may not write (403), other stations see 404', async () => {
  const e = assertError(await inv.post('/api/v1/clues', { source: 'rumour' }), 422);
  assert.deepEqual(e.details.map((d) => d.field).sort(), ['content', 'source']);
  assertError(await inv.post('/api/v1/clues', { source: 'case', content: 'x', case_id: 999999 }), 422, undefined, 'case_id');
  assertError(await admin.post('/api/v1/clues', { source: 'case', content: 'x' }), 403);
  const c = assertStatus(await inv.post('/api/v1/clues', { source: 'case', content: '案件线索', case_id: kase.id }), 201);
  assertError(await leader2.get(`/api/v1/clues/${c.id}`), 404);
  assertError(await leader2.post(`/api/v1/clues/${c.id}/assign`, { assignee_id: 1 }), 404);
  assert.ok(!(await leader2.get('/api/v1/clues?per_page=200')).json.items.find((x) => x.id === c.id));
  assertStatus(await analyst.get(`/api/v1/clues/${c.id}`), 200);
});

test('the counters equal the totals of their drill-down lists', async () => {
  for (const who of [inv, analyst, leader2]) {
    const s = assertStatus(await who.get('/api/v1/stats/clues'), 200);
    for (const k of ['clues', 'verified', 'not_verified', 'open', 'case_solved', 'series_linked',
      'cases_in_series', 'series']) {
      const d = assertStatus(await who.get(s.drill[k]), 200);
      assert.equal(d.total, s[k], `${who.user.username} ${k}: ${s.drill[k]}`);
    }
    assert.equal(s.clues, s.verified + s.not_verified + s.open);
    assert.equal(s.clues, Object.values(s.by_source).reduce((a, b) => a + b, 0));
  }
  const s = assertStatus(await inv.get('/api/v1/stats/clues'), 200);
  assert.ok(s.verified >= 1 && s.not_verified >= 1 && s.case_solved >= 1);
  assertError(await inv.get('/api/v1/stats/clues?from=yesterday'), 422, undefined, 'from');
});

finalChecks(getServer);
