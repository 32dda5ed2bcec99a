// case_flow.test.mjs - cases (docs/cases.md) over HTTP: open from an incident, actions done,
// property lost → found → returned, persons with merge and conflicts, arrest, solve, transfer;
// the error paths; the serial search; attachments.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertError,
  assertStatus,
  createIncident,
  finalChecks,
  idCheckChar,
  loginAs,
  unitByCode,
  useServer,
  userId,
} from './lib.mjs';

const getServer = useServer();
let srv, inv, leader1, desk1, analyst, leader2, desk2, inc, kase, cg;
const ID17 = '11010519900501001';
const ID = ID17 + idCheckChar(ID17);
const SERIAL = 'IMEI86' + Date.now();

before(async () => {
  srv = await getServer();
  inv = await loginAs(srv.base, 'investigator1');
  leader1 = await loginAs(srv.base, 'leader1');
  desk1 = await loginAs(srv.base, 'desk1');
  analyst = await loginAs(srv.base, 'analyst1');
  leader2 = await loginAs(srv.base, 'leader2');
  desk2 = await loginAs(srv.base, 'desk2');
  cg = await unitByCode(desk1, 'CG');
});

test('the vocabulary and the case types list what docs/cases.md names', async () => {
  const v = assertStatus(await inv.get('/api/v1/vocab'), 200);
  for (const k of ['case_nature', 'case_status', 'person_role', 'build', 'arrest_measure',
    'property_category', 'property_status', 'action_kind', 'case_type', 'mo_tag'])
    assert.ok(Array.isArray(v[k]) && v[k].length > 0, k);
  assert.deepEqual(v.case_status.map((e) => e.code),
    ['opened', 'investigating', 'solved', 'transferred', 'closed', 'suspended', 'dropped']);
  const t = assertStatus(await inv.get('/api/v1/case-types'), 200);
  const car = t.items.find((x) => x.code === 'theft.car_door');
  assert.equal(car.parent, 'theft');
  assert.equal(car.name_zh, '拉车门盗窃');
  assert.ok(car.mo_tags.includes('car_door') && car.mo_tags.includes('night'));
  assert.ok(t.items.find((x) => x.code === 'fraud.telecom.brushing'));
});

test('an investigator opens a case from an incident: 201, code, templates, incident result', async () => {
  inc = await createIncident(desk1, { category: 'criminal' });
  const r = await inv.post('/api/v1/cases', {
    incident_id: inc.id, type: 'theft.car_door', nature: 'criminal', title: '幸福小区车内财物被盗',
    summary: '车内手机被盗', mo_tags: ['car_door', 'night'],
    window_from: new Date(Date.now() - 10 * 3600e3).toISOString(),
    window_to: new Date(Date.now() - 3600e3).toISOString(),
  });
  kase = assertStatus(r, 201);
  assert.equal(r.headers.get('location'), `/api/v1/cases/${kase.id}`);
  assert.match(kase.code, /^CG-A\d{8}-\d{4}$/);
  assert.equal(kase.status, 'opened');
  assert.equal(kase.type, 'theft.car_door');
  assert.equal(kase.type_name, '拉车门盗窃');
  assert.deepEqual(kase.mo_tags, ['car_door', 'night']);
  assert.equal(kase.incident.id, inc.id);
  assert.equal(kase.unit_id, cg.id);
  assert.equal(kase.owner.id, inv.user.id);
  assert.equal(kase.address, inc.address);
  assert.equal(kase.reported_at, inc.received_at);
  assert.equal(kase.overdue, false);
  assert.equal(Date.parse(kase.due.first_action) - Date.parse(kase.opened_at), 24 * 3600e3);
  assert.equal(Date.parse(kase.due.analysis) - Date.parse(kase.opened_at), 72 * 3600e3);
  const kinds = kase.actions.map((a) => a.kind);
  for (const k of ['scene', 'canvass', 'video', 'linkage']) assert.ok(kinds.includes(k), k);
  assert.equal(kase.events[0].action, 'open');
  const i = assertStatus(await desk1.get(`/api/v1/incidents/${inc.id}`), 200);
  assert.ok(i.result.includes(`已立案 ${kase.code}`));
  assert.ok(i.timeline.some((e) => (e.note || '').includes(kase.code)));
});

test('an enterprise case has its first action due in 4 hours', async () => {
  const c = assertStatus(await inv.post('/api/v1/cases', {
    type: 'theft.enterprise', nature: 'criminal', title: '企业废旧金属被盗', is_enterprise: true }), 201);
  assert.equal(Date.parse(c.due.first_action) - Date.parse(c.opened_at), 4 * 3600e3);
  assert.equal(c.reported_at, c.opened_at);
});

test('422 names every bad field of a new case', async () => {
  const r = await inv.post('/api/v1/cases', {
    type: 'nope', nature: 'x', title: '', lat: 99, lon: 500, mo_tags: ['poison_bait'],
    window_from: '2099-01-01T00:00:00+08:00' });
  const e = assertError(r, 422);
  const fields = e.details.map((d) => d.field).sort();
  for (const f of ['type', 'nature', 'title', 'lat', 'lon', 'window_from', 'mo_tags'])
    assert.ok(fields.includes(f), `${f} in ${fields}`);
  const r2 = await inv.post('/api/v1/cases', { type: 'theft.car_door', nature: 'criminal', title: 'x',
    mo_tags: ['poison_bait'] });
  assert.equal(assertError(r2, 422).details[0].field, 'mo_tags');
});

test('doing the first action starts the case; the linkage action meets the analysis deadline', async () => {
  const scene = kase.actions.find((a) => a.kind === 'scene');
  const r = await inv.post(`/api/v1/cases/${kase.id}/actions/${scene.id}/done`, { result: '提取指纹2枚' });
  const a = assertStatus(r, 200);
  assert.equal(a.result, '提取指纹2枚');
  assert.ok(a.done_at);
  assertError(await inv.post(`/api/v1/cases/${kase.id}/actions/${scene.id}/done`, { result: 'again' }), 409);
  assertError(await inv.post(`/api/v1/cases/${kase.id}/actions/${scene.id}/done`, {}), 422, 'required', 'result');
  let c = assertStatus(await inv.get(`/api/v1/cases/${kase.id}`), 200);
  assert.equal(c.status, 'investigating');
  assert.ok(c.first_action_at);
  assert.equal(c.due_next, c.due.analysis);
  const link = c.actions.find((x) => x.kind === 'linkage');
  assertStatus(await inv.post(`/api/v1/cases/${kase.id}/actions/${link.id}/done`, { result: '与3起案件串并' }), 200);
  c = assertStatus(await inv.get(`/api/v1/cases/${kase.id}`), 200);
  assert.equal(c.due_next, null);
  const added = assertStatus(await inv.post(`/api/v1/cases/${kase.id}/actions`, { kind: 'face', name: '人像比对' }), 201);
  assert.equal(added.kind, 'face');
  assert.equal(added.done_at, null);
});

test('property: lost → found → returned; loss and recovered are sums; 409 out of order', async () => {
  const p1 = assertStatus(await inv.post(`/api/v1/cases/${kase.id}/property`, {
    category: 'phone', description: '华为手机', brand: '华为', model: 'Mate', serial: SERIAL, value_fen: 320000 }), 201);
  assert.equal(p1.status, 'lost');
  const p2 = assertStatus(await inv.post(`/api/v1/cases/${kase.id}/property`, {
    category: 'cash', description: '现金', value_fen: 50000 }), 201);
  assertError(await inv.post(`/api/v1/property/${p1.id}/return`, {}), 409);
  const f = assertStatus(await inv.post(`/api/v1/property/${p1.id}/found`, { note: '废品站追回' }), 200);
  assert.equal(f.status, 'found');
  assert.ok(f.found_at);
  assertError(await inv.post(`/api/v1/property/${p1.id}/found`, {}), 409);
  const back = assertStatus(await inv.post(`/api/v1/property/${p1.id}/return`, {}), 200);
  assert.equal(back.status, 'returned');
  const c = assertStatus(await inv.get(`/api/v1/cases/${kase.id}`), 200);
  assert.equal(c.loss_fen, 370000);
  assert.equal(c.recovered_fen, 320000);
  assert.equal(c.property.length, 2);
  assert.equal(p2.value_fen, 50000);
  assertError(await inv.post(`/api/v1/cases/${kase.id}/property`, { category: 'x', value_fen: -1 }), 422);
});

test('serial search finds the recovered item and its case, case-insensitively; ?serial= filters cases', async () => {
  const r = assertStatus(await leader1.get(`/api/v1/property?serial=${SERIAL.toLowerCase()}`), 200);
  assert.equal(r.items.length, 1);
  assert.equal(r.items[0].case.code, kase.code);
  assert.equal(r.items[0].status, 'returned');
  const l = assertStatus(await inv.get(`/api/v1/cases?serial=${SERIAL}`), 200);
  assert.equal(l.total, 1);
  assert.equal(l.items[0].id, kase.id);
  const none = assertStatus(await leader2.get(`/api/v1/property?serial=${SERIAL}`), 200);
  assert.equal(none.items.length, 0);
});

let suspect;
test('persons: a new suspect with ID number derives birth date and sex; a second add merges with conflicts', async () => {
  const r = await inv.post(`/api/v1/cases/${kase.id}/persons`, {
    role: 'suspect', name: '李四', id_number: ID, phone: '13900001111',
    descriptors: { height_min: 170, height_max: 175, build: 'slim', clothing: '黑色外套' } });
  const a = assertStatus(r, 201);
  suspect = a.person;
  assert.equal(a.merged, false);
  assert.deepEqual(a.conflicts, []);
  assert.equal(a.person.birth_date, '1990-05-01');
  assert.equal(a.person.sex, 'male');
  assert.equal(a.person.id_number, `110105********${ID.slice(-4)}`);
  assert.equal(a.person.phone, '139****1111');
  assert.equal(a.descriptors.build, 'slim');
  const b = assertStatus(await inv.post(`/api/v1/cases/${kase.id}/persons`, {
    role: 'witness', name: '李斯', id_number: ID, address: '城关镇1号' }), 201);
  assert.equal(b.merged, true);
  assert.equal(b.person.id, suspect.id);
  assert.deepEqual(b.conflicts, [{ field: 'name', stored: '李四', given: '李斯' }]);
  assertError(await inv.post(`/api/v1/cases/${kase.id}/persons`, { role: 'suspect', person_id: suspect.id }), 409);
  const bad = await inv.post(`/api/v1/cases/${kase.id}/persons`, { role: 'victim', name: '王五', id_number: ID17 + (idCheckChar(ID17) === '0' ? '1' : '0') });
  assertError(bad, 422, 'bad_id_checksum', 'id_number');
  const victim = assertStatus(await inv.post(`/api/v1/cases/${kase.id}/persons`, { role: 'victim', name: '王五', phone: '13800002222' }), 201);
  assert.equal(victim.person.id_number, null);
  const p = assertStatus(await inv.get(`/api/v1/persons/${suspect.id}`), 200);
  assert.equal(p.address, '城关镇1号'); // filled in by the merge
  assert.equal(p.records.length, 2);
  assert.equal(p.records[0].case.code, kase.code);
  const list = assertStatus(await inv.get(`/api/v1/persons?id_number=${ID}`), 200);
  assert.equal(list.total, 1);
  assert.equal(list.items[0].n_cases, 1);
  assert.ok(!JSON.stringify(list).includes(ID));
  const rev = assertStatus(await inv.post(`/api/v1/persons/${suspect.id}/reveal`, { reason: '核实身份' }), 200);
  assert.equal(rev.id_number, ID);
  assertError(await inv.post(`/api/v1/persons/${suspect.id}/reveal`, {}), 422, 'reason_required', 'reason');
  const byPerson = assertStatus(await inv.get(`/api/v1/cases?person_id=${suspect.id}`), 200);
  assert.equal(byPerson.total, 1);
});

test('arrest of a suspect: 201; a non-suspect is refused', async () => {
  const at = new Date(Date.now() - 600e3).toISOString();
  const r = await inv.post(`/api/v1/cases/${kase.id}/arrests`, { person_id: suspect.id, at, measure: 'criminal_detention' });
  const a = assertStatus(r, 201);
  assert.equal(a.measure, 'criminal_detention');
  assert.equal(a.unit_name, cg.name);
  const c = assertStatus(await inv.get(`/api/v1/cases/${kase.id}`), 200);
  assert.equal(c.n_arrests, 1);
  assert.equal(c.n_suspects, 1);
  const s = c.persons.find((x) => x.role === 'suspect');
  assert.equal(s.arrests.length, 1);
  const v = c.persons.find((x) => x.role === 'victim');
  assertError(await inv.post(`/api/v1/cases/${kase.id}/arrests`, { person_id: v.person.id, at, measure: 'summons' }), 422, undefined, 'person_id');
  assertError(await inv.post(`/api/v1/cases/${kase.id}/arrests`, { person_id: suspect.id, at: '2099-01-01', measure: 'summons' }), 422, 'in_future', 'at');
  const has = assertStatus(await inv.get('/api/v1/cases?has_arrest=1'), 200);
  assert.ok(has.items.some((x) => x.id === kase.id));
});

test('solve, then transfer; illegal transitions are 409 naming status', async () => {
  assertError(await inv.post(`/api/v1/cases/${kase.id}/transfer`, {}), 409, 'illegal_transition', 'status');
  const s = assertStatus(await inv.post(`/api/v1/cases/${kase.id}/solve`, {}), 200);
  assert.equal(s.status, 'solved');
  assert.ok(s.solved_at);
  assert.equal(typeof s.solve_hours, 'number');
  assertError(await inv.post(`/api/v1/cases/${kase.id}/solve`, {}), 409, 'illegal_transition', 'status');
  assertError(await inv.post(`/api/v1/cases/${kase.id}/resume`, {}), 409);
  const t = assertStatus(await inv.post(`/api/v1/cases/${kase.id}/transfer`, {}), 200);
  assert.equal(t.status, 'transferred');
  assert.ok(t.closed_at);
  const acts = t.events.map((e) => e.action);
  for (const a of ['open', 'start', 'solve', 'transfer']) assert.ok(acts.includes(a), a);
  assertError(await inv.post(`/api/v1/cases/${kase.id}/close`, {}), 409);
});

test('solve without a suspect needs a reason; suspend and drop need one too', async () => {
  const c = assertStatus(await inv.post('/api/v1/cases', { type: 'theft.ebike', nature: 'criminal', title: '电动车被盗' }), 201);
  assertStatus(await inv.post(`/api/v1/cases/${c.id}/start`, {}), 200);
  assertError(await inv.post(`/api/v1/cases/${c.id}/solve`, {}), 422, 'reason_required', 'reason');
  assertError(await inv.post(`/api/v1/cases/${c.id}/suspend`, {}), 422, 'reason_required', 'reason');
  assertStatus(await inv.post(`/api/v1/cases/${c.id}/suspend`, { reason: '线索中断' }), 200);
  assertError(await inv.post(`/api/v1/cases/${c.id}/drop`, { reason: 'x' }), 409);
  assertStatus(await inv.post(`/api/v1/cases/${c.id}/resume`, {}), 200);
  const s = assertStatus(await inv.post(`/api/v1/cases/${c.id}/solve`, { reason: '失主自行找回' }), 200);
  assert.equal(s.solve_reason, '失主自行找回');
  const d = assertStatus(await inv.post('/api/v1/cases', { type: 'other', nature: 'administrative', title: '误报' }), 201);
  assertError(await inv.post(`/api/v1/cases/${d.id}/drop`, {}), 422, 'reason_required', 'reason');
  assert.equal(assertStatus(await inv.post(`/api/v1/cases/${d.id}/drop`, { reason: '不构成案件' }), 200).status, 'dropped');
});

test('scope and roles: 404 across stations, 403 for an analyst writing, desk may open, leader assigns', async () => {
  assertError(await leader2.get(`/api/v1/cases/${kase.id}`), 404);
  assertError(await desk2.post(`/api/v1/cases/${kase.id}/start`, {}), 404);
  assertStatus(await analyst.get(`/api/v1/cases/${kase.id}`), 200);
  assertError(await analyst.post(`/api/v1/cases/${kase.id}/close`, {}), 403, 'role_denied');
  assertError(await analyst.post('/api/v1/cases', { type: 'other', nature: 'criminal', title: 'x' }), 403);
  const c = assertStatus(await desk1.post('/api/v1/cases', { type: 'theft.phone', nature: 'criminal', title: '手机被盗' }), 201);
  assert.equal(c.owner, null);
  assertError(await desk1.post(`/api/v1/cases/${c.id}/start`, {}), 403);
  assertError(await inv.post(`/api/v1/cases/${c.id}/start`, {}), 403, 'not_accountable');
  const invId = await userId(leader1, 'investigator1');
  const a = assertStatus(await leader1.post(`/api/v1/cases/${c.id}/assign`, { owner_id: invId }), 200);
  assert.equal(a.owner.id, invId);
  assertError(await inv.post(`/api/v1/cases/${c.id}/assign`, { owner_id: invId }), 403);
  assertStatus(await inv.post(`/api/v1/cases/${c.id}/start`, {}), 200);
  const l2 = assertStatus(await leader2.get('/api/v1/cases?per_page=200'), 200);
  assert.ok(!l2.items.some((x) => x.unit_id === cg.id));
});

test('list filters: type parent matches children, q, mo, status, overdue summary', async () => {
  const t = assertStatus(await inv.get('/api/v1/cases?type=theft&per_page=200'), 200);
  assert.ok(t.items.length >= 3 && t.items.every((x) => x.type.startsWith('theft')));
  const q = assertStatus(await inv.get(`/api/v1/cases?q=${encodeURIComponent(kase.code)}`), 200);
  assert.equal(q.total, 1);
  const mo = assertStatus(await inv.get('/api/v1/cases?mo=car_door'), 200);
  assert.ok(mo.items.some((x) => x.id === kase.id));
  const st = assertStatus(await inv.get('/api/v1/cases?status=transferred'), 200);
  assert.ok(st.items.every((x) => x.status === 'transferred'));
  assertError(await inv.get('/api/v1/cases?type=nope'), 422, 'unknown_value', 'type');
  const o = assertStatus(await leader1.get('/api/v1/cases/overdue-summary'), 200);
  assert.equal(typeof o.total, 'number');
  assert.ok(Array.isArray(o.items));
});

test('attachments: stored once by SHA-256, type from the bytes, 415 wrong type, 413 oversize', async () => {
  const png = Buffer.from('89504E470D0A1A0A0000000D49484452000000010000000108060000001F15C4890000000D4944415478DA63F8FFFF3F0005FE02FEA7D6A4E50000000049454E44AE426082', 'hex');
  const r = await inv.request('POST', `/api/v1/cases/${kase.id}/attachments?name=scene.png`, { raw: png, headers: { 'Content-Type': 'image/png' } });
  const a = assertStatus(r, 201);
  assert.equal(a.mime, 'image/png');
  assert.equal(a.size, png.length);
  assert.match(a.sha256, /^[0-9a-f]{64}$/);
  const g = await inv.get(`/api/v1/attachments/${a.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.headers.get('content-type'), 'image/png');
  assertError(await leader2.get(`/api/v1/attachments/${a.id}`), 404);
  const exe = Buffer.from('7f454c4602010100000000000000000003003e00', 'hex');
  assertError(await inv.request('POST', `/api/v1/cases/${kase.id}/attachments`, { raw: exe, headers: { 'Content-Type': 'image/png' } }), 415);
  const big = Buffer.alloc(8 * 1024 * 1024 + 10, 0x41);
  assertError(await inv.request('POST', `/api/v1/cases/${kase.id}/attachments`, { raw: big, headers: { 'Content-Type': 'text/plain' } }), 413);
  const txt = await inv.request('POST', `/api/v1/cases/${kase.id}/attachments`, { raw: Buffer.from('询问笔录\n'), headers: { 'Content-Type': 'text/plain' } });
  assert.equal(assertStatus(txt, 201).mime, 'text/plain');
});

finalChecks(getServer);
