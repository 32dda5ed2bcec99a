// series.test.mjs - series linkage (docs/linkage.md) over HTTP: a new case like an earlier one
// gets a linkage clue naming the shared MO; accept makes and extends a series; reject records
// the reason and the pair is not proposed again; merge, split, notes; solving one member adds
// the check action to the others; scope (404), roles (403) and field errors (422).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, assertError, assertStatus, finalChecks, loginAs, useServer } from './lib.mjs';

const getServer = useServer();
let srv, inv, leader1, desk1, analyst, leader2, patrol1;
let base, twin, third, other;

const H = 3600e3;
function iso(ms) {
  return new Date(ms).toISOString();
}

async function openCase(c, fields) {
  const r = await c.post('/api/v1/cases', {
    type: 'theft.car_door', nature: 'criminal', title: '小区车内财物被盗', mo_tags: ['car_door', 'night'],
    lat: 30.6011, lon: 114.4011, address: '城关镇幸福路8号', ...fields,
  });
  return assertStatus(r, 201);
}

async function clueOf(c, caseId, otherId) {
  const r = assertStatus(await c.get(`/api/v1/clues?case_id=${caseId}&kind=linkage&per_page=200`), 200);
  return r.items.find((k) => (k.case.id === caseId && k.other_case.id === otherId)
    || (k.case.id === otherId && k.other_case.id === caseId));
}

before(async () => {
  srv = await getServer();
  inv = await loginAs(srv.base, 'investigator1');
  leader1 = await loginAs(srv.base, 'leader1');
  desk1 = await loginAs(srv.base, 'desk1');
  analyst = await loginAs(srv.base, 'analyst1');
  leader2 = await loginAs(srv.base, 'leader2');
  patrol1 = await loginAs(srv.base, 'patrol1');
  const now = Date.now();
  base = await openCase(inv, { window_from: iso(now - 50 * H), window_to: iso(now - 44 * H) });
});

test('a new case like an earlier one gets a linkage clue for its owner naming the shared MO', async () => {
  const now = Date.now();
  twin = await openCase(inv, { window_from: iso(now - 26 * H), window_to: iso(now - 20 * H),
    lat: 30.6014, lon: 114.4016 });
  const k = await clueOf(inv, twin.id, base.id);
  assert.ok(k, 'no linkage clue for the pair');
  assert.equal(k.kind, 'linkage');
  assert.equal(k.source, 'analysis');
  assert.equal(k.status, 'open');
  assert.equal(k.assignee.id, inv.user.id);
  assert.ok(k.probability >= 0.5, `p ${k.probability}`);
  assert.match(k.content, /^可能同一作案人: /);
  assert.match(k.content, /共同手段: [^,]*拉车门/);
  const mo = k.reasons.find((x) => x.feature === 'mo');
  assert.ok(mo.contribution > 0 && /拉车门/.test(mo.value_text) && /夜间/.test(mo.value_text));
  for (const x of k.reasons)
    for (const f of ['feature', 'label_zh', 'label_en', 'value_text', 'contribution']) assert.ok(f in x);
});

test('similar cases list the earlier case with reasons and a ready sentence', async () => {
  const r = assertStatus(await inv.get(`/api/v1/cases/${twin.id}/similar?k=5`), 200);
  assert.equal(r.case_id, twin.id);
  assert.ok(['trained', 'default'].includes(r.model.source));
  const hit = r.items.find((x) => x.case.id === base.id);
  assert.ok(hit, JSON.stringify(r.items.map((x) => x.case.id)));
  assert.ok(hit.probability > 0.5);
  assert.match(hit.sentence, /相距 \d+ 米/);
  assert.equal(hit.reasons.length, 10);
  assert.ok(hit.clue_id > 0);
  assert.equal(hit.same_series, false);
  assert.equal(typeof hit.case.lat, 'number');
  assertError(await inv.get(`/api/v1/cases/${twin.id}/similar?k=0`), 422, undefined, 'k');
  assertError(await leader2.get(`/api/v1/cases/${twin.id}/similar`), 404);
});

test('accepting the clue links the two cases into a new series; a third joins it', async () => {
  const k = await clueOf(inv, twin.id, base.id);
  assertError(await patrol1.post(`/api/v1/clues/${k.id}/accept`, {}), 403);
  const a = assertStatus(await inv.post(`/api/v1/clues/${k.id}/accept`, {}), 200);
  assert.equal(a.status, 'verified');
  assert.equal(a.outcome, 'series_linked');
  assert.ok(a.series && /^CB\d{4}-\d{4}$/.test(a.series.code));
  assertError(await inv.post(`/api/v1/clues/${k.id}/accept`, {}), 409);
  const s = assertStatus(await inv.get(`/api/v1/series/${a.series.id}`), 200);
  assert.deepEqual(s.members.map((m) => m.case.id).sort(), [base.id, twin.id].sort());
  assert.equal(s.status, 'open');
  const now = Date.now();
  third = await openCase(inv, { window_from: iso(now - 5 * H), window_to: iso(now - 2 * H),
    lat: 30.6009, lon: 114.4013 });
  const k3 = (await clueOf(inv, third.id, base.id)) || (await clueOf(inv, third.id, twin.id));
  assert.ok(k3, 'no clue for the third case');
  const a3 = assertStatus(await inv.post(`/api/v1/clues/${k3.id}/accept`, {}), 200);
  assert.equal(a3.series.id, a.series.id);
  const s3 = assertStatus(await inv.get(`/api/v1/series/${a.series.id}`), 200);
  assert.equal(s3.n_members, 3);
  // members in window order: a timeline
  assert.deepEqual(s3.members.map((m) => m.case.id), [base.id, twin.id, third.id]);
  // the pair in one series is not proposed again; similar says same_series
  const sim = assertStatus(await inv.get(`/api/v1/cases/${twin.id}/similar`), 200);
  assert.ok(sim.items.find((x) => x.case.id === base.id).same_series);
});

test('rejecting a clue records the reason and the pair is never proposed again', async () => {
  const now = Date.now();
  other = await openCase(inv, { window_from: iso(now - 30 * H), window_to: iso(now - 28 * H),
    lat: 30.6020, lon: 114.4020 });
  const ks = assertStatus(await inv.get(`/api/v1/clues?case_id=${other.id}&kind=linkage`), 200).items;
  assert.ok(ks.length > 0);
  const k = ks[0];
  assertError(await inv.post(`/api/v1/clues/${k.id}/reject`, {}), 422, undefined, 'reason');
  const r = assertStatus(await inv.post(`/api/v1/clues/${k.id}/reject`, { reason: '监控显示作案人不同' }), 200);
  assert.equal(r.status, 'not_verified');
  assert.equal(r.reason, '监控显示作案人不同');
  // an edit re-runs the suggestions: the rejected pair does not come back
  assertStatus(await inv.post(`/api/v1/cases/${other.id}/property`,
    { category: 'vehicle_items', description: '车内现金', value_fen: 50000 }), 201);
  const again = assertStatus(await inv.get(`/api/v1/clues?case_id=${other.id}&kind=linkage&per_page=200`), 200);
  const ids = [k.case.id, k.other_case.id].sort().join();
  assert.equal(again.items.filter((x) => [x.case.id, x.other_case.id].sort().join() === ids).length, 1);
  const sim = assertStatus(await inv.get(`/api/v1/cases/${other.id}/similar`), 200);
  const otherId = k.case.id === other.id ? k.other_case.id : k.case.id;
  const hit = sim.items.find((x) => x.case.id === otherId);
  if (hit) assert.equal(hit.rejected, true);
  // the rejection feeds training: `xiaoan linkage train` counts it among what it learnt from
  const t = spawnSync(BIN, ['linkage', 'train', '--db', srv.db], { encoding: 'utf8' });
  assert.equal(t.status, 0, t.stderr);
  const fit = JSON.parse(t.stdout);
  assert.ok(fit.n_rejected >= 1, t.stdout);
  assert.ok(fit.n_linked >= 1 && fit.n_pairs > fit.n_linked, t.stdout);
});

test('series: create, notes, split, merge, member removal; errors', async () => {
  const now = Date.now();
  const c1 = await openCase(inv, { type: 'theft.ebike', mo_tags: ['cut_lock'], lat: 30.61, lon: 114.41,
    window_from: iso(now - 80 * H), window_to: iso(now - 79 * H) });
  const c2 = await openCase(inv, { type: 'theft.ebike', mo_tags: ['cut_lock'], lat: 30.611, lon: 114.411,
    window_from: iso(now - 70 * H), window_to: iso(now - 69 * H) });
  const c3 = await openCase(inv, { type: 'theft.ebike', mo_tags: ['cut_lock'], lat: 30.612, lon: 114.412,
    window_from: iso(now - 60 * H), window_to: iso(now - 59 * H) });
  for (const c of [c1, c2, c3]) {
    const s = assertStatus(await inv.get(`/api/v1/series?case_id=${c.id}`), 200);
    for (const x of s.items) // a suggestion may have been accepted elsewhere; not here
      assert.fail(`case ${c.id} already in ${x.code}`);
  }
  assertError(await desk1.post('/api/v1/series', { name: 'x', case_ids: [c1.id, c2.id] }), 403);
  const e = assertError(await inv.post('/api/v1/series', { case_ids: [c1.id] }), 422);
  assert.deepEqual(e.details.map((d) => d.field).sort(), ['case_ids', 'name'], JSON.stringify(e));
  const s = assertStatus(await inv.post('/api/v1/series',
    { name: '学校电动车串案', case_ids: [c1.id, c2.id, c3.id], note: '同一剪锁手法' }), 201);
  assert.equal(s.n_members, 3);
  assert.equal(s.notes.length, 1);
  assert.deepEqual(s.members.map((m) => m.case.id), [c1.id, c2.id, c3.id]);
  assertError(await inv.post('/api/v1/series', { name: 'y', case_ids: [c1.id, base.id] }), 409);
  const n = assertStatus(await analyst.post(`/api/v1/series/${s.id}/notes`, { text: '嫌疑人疑似同一团伙' }), 201);
  assert.equal(n.text, '嫌疑人疑似同一团伙');
  assertError(await inv.post(`/api/v1/series/${s.id}/notes`, { text: '' }), 422, undefined, 'text');
  assertError(await leader2.get(`/api/v1/series/${s.id}`), 404);
  assertError(await leader2.post(`/api/v1/series/${s.id}/notes`, { text: 'x' }), 404);
  const sp = assertStatus(await inv.post(`/api/v1/series/${s.id}/split`, { case_ids: [c3.id] }), 201);
  assert.deepEqual(sp.members.map((m) => m.case.id), [c3.id]);
  assertError(await inv.post(`/api/v1/series/${s.id}/split`, { case_ids: [c1.id, c2.id] }), 422, undefined, 'case_ids');
  const m = assertStatus(await inv.post(`/api/v1/series/${s.id}/merge`, { other_id: sp.id }), 200);
  assert.equal(m.n_members, 3);
  assertError(await inv.get(`/api/v1/series/${sp.id}`), 404);
  const d = assertStatus(await inv.del(`/api/v1/series/${s.id}/members/${c3.id}`), 200);
  assert.equal(d.n_members, 2);
  const back = assertStatus(await inv.post(`/api/v1/series/${s.id}/members`, { case_id: c3.id }), 200);
  assert.equal(back.n_members, 3);
  assertError(await inv.post(`/api/v1/series/${s.id}/members`, { case_id: c3.id }), 409);
  assertError(await inv.post(`/api/v1/series/${s.id}/members`, {}), 422, undefined, 'case_id');
  const list = assertStatus(await inv.get('/api/v1/series?q=学校电动车'), 200);
  assert.ok(list.items.find((x) => x.id === s.id));
  assert.equal((await leader2.get('/api/v1/series?q=学校电动车')).json.items.length, 0);
});

test('solving one member adds the check action to each other open member', async () => {
  const sid = (await clueOf(inv, twin.id, base.id)).series.id;
  assertStatus(await inv.post(`/api/v1/cases/${base.id}/start`, {}), 200);
  assertStatus(await inv.post(`/api/v1/cases/${base.id}/solve`, { reason: '监控锁定嫌疑人' }), 200);
  for (const c of [twin, third]) {
    const d = assertStatus(await inv.get(`/api/v1/cases/${c.id}`), 200);
    const a = d.actions.filter((x) => x.name === '本串案已破, 核查是否同一嫌疑人');
    assert.equal(a.length, 1, `case ${c.id}`);
    assert.equal(a[0].kind, 'linkage');
    assert.ok(a[0].due_at);
  }
  const b = assertStatus(await inv.get(`/api/v1/cases/${base.id}`), 200);
  assert.equal(b.actions.filter((x) => x.name === '本串案已破, 核查是否同一嫌疑人').length, 0);
  const s = assertStatus(await inv.get(`/api/v1/series/${sid}`), 200);
  assert.equal(s.status, 'partly_solved');
  assert.equal(s.n_solved, 1);
});

test('the model endpoint tells the weights and the suggestion threshold', async () => {
  const m = assertStatus(await inv.get('/api/v1/linkage/model'), 200);
  assert.equal(m.suggest_min_p, 0.5);
  assert.equal(m.suggest_k, 5);
  assert.ok('mo' in m.weights && 'dist' in m.weights);
});

finalChecks(getServer);
