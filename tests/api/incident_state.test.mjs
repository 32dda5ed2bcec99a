// incident_state.test.mjs - the incident state machine and who may move it, over HTTP.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertError,
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
let srv, desk1, patrol1, leader1, community1, analyst1, patrol2, desk2, investigator1;
let ids = {};

before(async () => {
  srv = await getServer();
  [desk1, patrol1, leader1, community1, analyst1, patrol2, desk2, investigator1] = await Promise.all(
    ['desk1', 'patrol1', 'leader1', 'community1', 'analyst1', 'patrol2', 'desk2', 'investigator1'].map((u) =>
      loginAs(srv.base, u),
    ),
  );
  for (const u of ['patrol1', 'community1', 'investigator1', 'desk1', 'leader1'])
    ids[u] = await userId(desk1, u);
  ids.patrol2 = await userId(desk2, 'patrol2');
});

async function status(id) {
  return assertStatus(await desk1.get(`/api/v1/incidents/${id}`), 200).status;
}

test('arrive before dispatch answers 409 illegal_transition and changes nothing', async () => {
  const inc = await createIncident(desk1);
  const r = await leader1.post(`/api/v1/incidents/${inc.id}/arrive`, {});
  const e = assertError(r, 409, 'illegal_transition');
  assert.equal(e.code, 'conflict');
  assert.equal(await status(inc.id), 'received');
  assertError(await leader1.post(`/api/v1/incidents/${inc.id}/handle`, { result: 'x' }), 409, 'illegal_transition');
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/reply`, { method: 'phone', content: 'x' }), 409, 'illegal_transition');
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/close`, {}), 409, 'illegal_transition');
  const d = assertStatus(await desk1.get(`/api/v1/incidents/${inc.id}`), 200);
  assert.equal(d.timeline.length, 1, 'refused steps leave no event');
});

test('close from handled with a caller phone answers 409 reply_needed', async () => {
  const inc = await createIncident(desk1);
  await step(desk1, inc.id, 'dispatch', { officer_id: ids.patrol1 });
  await step(patrol1, inc.id, 'arrive');
  await step(patrol1, inc.id, 'handle', { result: '已处置' });
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/close`, {}), 409, 'reply_needed');
  assert.equal(await status(inc.id), 'handled');
});

test('close from handled without a caller (found on patrol) answers 200; a second close 409', async () => {
  const b = incidentBody({ channel: 'patrol', category: 'public_order' });
  delete b.caller_name;
  delete b.caller_phone;
  const inc = assertStatus(await desk1.post('/api/v1/incidents', b), 201);
  assert.equal(inc.caller_phone, null);
  await step(desk1, inc.id, 'dispatch', { officer_id: ids.patrol1 });
  await step(patrol1, inc.id, 'arrive');
  const h = await step(patrol1, inc.id, 'handle', { result: '已驱散聚集人员' });
  assert.equal(h.due_next, null, 'no reply is due without a caller');
  const c = await step(desk1, inc.id, 'close', { note: '巡逻发现，无报警人' });
  assert.equal(c.status, 'closed');
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/close`, {}), 409, 'illegal_transition');
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/dispatch`, { officer_id: ids.patrol1 }), 409, 'illegal_transition');
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'caller_phone', reason: '核实' }), 404, 'no_value', 'caller_phone');
  const d = assertStatus(await desk1.get(`/api/v1/incidents/${inc.id}`), 200);
  assert.deepEqual(d.timeline.map((e) => e.action), ['receive', 'dispatch', 'arrive', 'handle', 'close']);
  assert.equal(d.timeline[4].note, '巡逻发现，无报警人');
});

test('replying twice answers 409', async () => {
  const inc = await createIncident(desk1);
  await step(desk1, inc.id, 'dispatch', { officer_id: ids.patrol1 });
  await step(patrol1, inc.id, 'arrive');
  await step(patrol1, inc.id, 'handle', { result: '已处置' });
  await step(desk1, inc.id, 'reply', { method: 'phone', content: '已回复' });
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/reply`, { method: 'sms', content: '再次回复' }), 409, 'illegal_transition');
});

test('redispatch to another officer is recorded in the timeline; the first officer loses the incident', async () => {
  const inc = await createIncident(desk1);
  await step(desk1, inc.id, 'dispatch', { officer_id: ids.patrol1 });
  await step(patrol1, inc.id, 'arrive');
  const d = await step(desk1, inc.id, 'dispatch', { officer_id: ids.community1, note: '改派社区民警' });
  assert.equal(d.status, 'dispatched');
  assert.equal(d.officer.id, ids.community1);
  const t = assertStatus(await desk1.get(`/api/v1/incidents/${inc.id}`), 200).timeline;
  assert.deepEqual(t.map((e) => e.action), ['receive', 'dispatch', 'arrive', 'dispatch']);
  assert.equal(t[1].officer.id, ids.patrol1);
  assert.equal(t[3].officer.id, ids.community1);
  assert.equal(t[3].from, 'on_scene');
  assert.equal(t[3].note, '改派社区民警');
  // patrol1 is no longer accountable; community1 now is
  assertError(await patrol1.post(`/api/v1/incidents/${inc.id}/arrive`, {}), 403, 'not_accountable');
  const a = await step(community1, inc.id, 'arrive');
  assert.equal(a.status, 'on_scene');
  // the response time counts the first arrival
  assert.equal(typeof a.response_seconds, 'number');
});

test('dispatching to the officer who already has it answers 409', async () => {
  const inc = await createIncident(desk1);
  await step(desk1, inc.id, 'dispatch', { officer_id: ids.patrol1 });
  const r = await desk1.post(`/api/v1/incidents/${inc.id}/dispatch`, { officer_id: ids.patrol1 });
  assertError(r, 409, 'illegal_transition');
});

test('dispatch refuses who cannot take it: 422 naming officer_id', async () => {
  const inc = await createIncident(desk1);
  const cases = [
    [{ officer_id: ids.desk1 }, 'not_an_officer'],
    [{ officer_id: ids.patrol2 }, 'not_in_scope'],
    [{ officer_id: 99999999 }, 'no_such_user'],
    [{ officer_id: 0 }, 'out_of_range'],
    [{ officer_id: '12' }, 'wrong_type'],
    [{}, 'required'],
  ];
  for (const [b, reason] of cases)
    assertError(await desk1.post(`/api/v1/incidents/${inc.id}/dispatch`, b), 422, reason, 'officer_id');
  assert.equal(await status(inc.id), 'received');
});

test('patrol2 (other station) acting on a 城关 incident gets 404, not 403', async () => {
  const inc = await createIncident(desk1);
  await step(desk1, inc.id, 'dispatch', { officer_id: ids.patrol1 });
  const r = await patrol2.post(`/api/v1/incidents/${inc.id}/arrive`, {});
  const e = assertError(r, 404, 'not_found');
  assert.equal(e.code, 'not_found');
  assertError(await desk2.post(`/api/v1/incidents/${inc.id}/dispatch`, { officer_id: ids.patrol2 }), 404, 'not_found');
  assertError(await desk2.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'caller_phone', reason: '核实' }), 404, 'not_found');
  assert.equal(await status(inc.id), 'dispatched');
});

test('community1 (same station, not accountable) arriving gets 403 not_accountable', async () => {
  const inc = await createIncident(desk1);
  await step(desk1, inc.id, 'dispatch', { officer_id: ids.patrol1 });
  const e = assertError(await community1.post(`/api/v1/incidents/${inc.id}/arrive`, {}), 403, 'not_accountable');
  assert.equal(e.code, 'forbidden');
  assertError(await investigator1.post(`/api/v1/incidents/${inc.id}/arrive`, {}), 403, 'not_accountable');
  assert.equal(await status(inc.id), 'dispatched');
});

test('roles: analyst1 may not create, patrol1 may not dispatch, reply or close', async () => {
  assertError(await analyst1.post('/api/v1/incidents', incidentBody()), 403, 'role_denied');
  assertError(await patrol1.post('/api/v1/incidents', incidentBody()), 403, 'role_denied');
  const inc = await createIncident(desk1);
  assertError(await patrol1.post(`/api/v1/incidents/${inc.id}/dispatch`, { officer_id: ids.patrol1 }), 403, 'role_denied');
  assertError(await analyst1.post(`/api/v1/incidents/${inc.id}/dispatch`, { officer_id: ids.patrol1 }), 403, 'role_denied');
  await step(desk1, inc.id, 'dispatch', { officer_id: ids.patrol1 });
  // desk officers take calls, they do not arrive or handle
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/arrive`, {}), 403, 'role_denied');
  await step(patrol1, inc.id, 'arrive');
  await step(patrol1, inc.id, 'handle', { result: '已处置' });
  assertError(await patrol1.post(`/api/v1/incidents/${inc.id}/reply`, { method: 'phone', content: 'x' }), 403, 'role_denied');
  await step(desk1, inc.id, 'reply', { method: 'phone', content: '已回复' });
  assertError(await patrol1.post(`/api/v1/incidents/${inc.id}/close`, {}), 403, 'role_denied');
  assertError(await analyst1.post(`/api/v1/incidents/${inc.id}/close`, {}), 403, 'role_denied');
  assertError(await analyst1.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'caller_phone', reason: '研判' }), 403, 'role_denied');
  assert.equal(await status(inc.id), 'replied');
});

test('a step on a missing incident answers 404', async () => {
  const bodies = {
    dispatch: { officer_id: ids.patrol1 },
    arrive: {},
    handle: { result: '已处置' },
    reply: { method: 'phone', content: '已回复' },
    close: {},
    reveal: { field: 'caller_phone', reason: '核实' },
  };
  for (const [a, b] of Object.entries(bodies))
    assertError(await leader1.post(`/api/v1/incidents/99999999/${a}`, b), 404, 'not_found');
});

test('an unknown field in a step body answers 422 unknown_field', async () => {
  const inc = await createIncident(desk1);
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/dispatch`, { officer_id: ids.patrol1, urgent: true }), 422, 'unknown_field', 'urgent');
  assertError(await leader1.post(`/api/v1/incidents/${inc.id}/arrive`, { at: '2026-01-01T00:00' }), 422, 'unknown_field', 'at');
  assert.equal(await status(inc.id), 'received');
});

finalChecks(getServer);
