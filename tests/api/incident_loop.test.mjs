// incident_loop.test.mjs - the closed loop of DESIGN §2.1 over HTTP:
// 接警 → 派警 → 到场 → 处置 → 回复 → 办结, its timeline, masking and unmasking, and the list.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertError,
  assertStatus,
  finalChecks,
  idCheckChar,
  incidentBody,
  loginAs,
  unitByCode,
  useServer,
  userId,
} from './lib.mjs';

const getServer = useServer();
let srv, desk1, patrol1, leader1, patrol1Id, body, inc;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
const ID17 = '11010519491231002';
const ID = ID17 + idCheckChar(ID17);

before(async () => {
  srv = await getServer();
  desk1 = await loginAs(srv.base, 'desk1');
  patrol1 = await loginAs(srv.base, 'patrol1');
  leader1 = await loginAs(srv.base, 'leader1');
  patrol1Id = await userId(desk1, 'patrol1');
});

test('desk1 creates an incident: 201, Location, code CG-YYYYMMDD-NNNN, a 10-character status code', async () => {
  body = incidentBody({ caller_id_number: ID, occurred_at: new Date(Date.now() - 3600e3).toISOString() });
  const r = await desk1.post('/api/v1/incidents', body);
  inc = assertStatus(r, 201);
  assert.equal(typeof inc.id, 'number');
  assert.equal(r.headers.get('location'), `/api/v1/incidents/${inc.id}`);
  assert.match(inc.code, /^CG-\d{8}-\d{4}$/);
  // the date in the code is today's date in Shanghai
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10).replaceAll('-', '');
  assert.equal(inc.code.slice(3, 11), today);
  assert.match(inc.status_code, /^[0-9A-HJKMNP-TV-Z]{10}$/);
  assert.equal(inc.status, 'received');
  assert.equal(inc.channel, 'phone');
  assert.equal(inc.category, 'dispute');
  assert.equal(inc.priority, 2);
  assert.equal(inc.narrative, body.narrative);
  assert.equal(inc.address, body.address);
  assert.equal(inc.caller_name, '张三');
  assert.equal(inc.lat, body.lat);
  assert.equal(inc.lon, body.lon);
  assert.match(inc.received_at, ISO);
  assert.match(inc.occurred_at, ISO);
  assert.equal(inc.received_by.id, desk1.user.id);
  assert.equal(inc.officer, null);
  assert.equal(inc.response_seconds, null);
  assert.equal(inc.overdue, false);
  assert.ok(Math.abs(Date.parse(inc.received_at) - Date.now()) < 120e3, `received_at ${inc.received_at} is now`);
  const cg = await unitByCode(desk1, 'CG');
  assert.equal(inc.unit_id, cg.id);
  assert.equal(inc.unit_name, cg.name);
  for (const k of ['dispatch', 'arrive', 'result', 'reply']) assert.match(inc.due[k], ISO);
  assert.equal(inc.due_next, inc.due.dispatch);
});

test('personal data is masked in the create answer, the detail and the list', async () => {
  assert.equal(inc.caller_phone, '138****5678');
  assert.equal(inc.caller_id_number, `110105********${ID.slice(-4)}`);
  const d = assertStatus(await desk1.get(`/api/v1/incidents/${inc.id}`), 200);
  assert.equal(d.caller_phone, '138****5678');
  assert.equal(d.caller_id_number, `110105********${ID.slice(-4)}`);
  const l = assertStatus(await desk1.get(`/api/v1/incidents?q=${encodeURIComponent(inc.code)}`), 200);
  assert.equal(l.total, 1);
  assert.equal(l.items[0].caller_phone, '138****5678');
  assert.ok(!JSON.stringify(l).includes('13812345678'));
  assert.ok(!JSON.stringify(l).includes(ID));
  assert.ok(!JSON.stringify(d).includes(ID));
});

test('reveal with a reason returns the full phone and ID number; without a reason 422', async () => {
  const r = await desk1.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'caller_phone', reason: '回访核实身份' });
  assert.deepEqual(assertStatus(r, 200), { field: 'caller_phone', value: '13812345678' });
  const r2 = await leader1.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'caller_id_number', reason: '核对身份' });
  assert.deepEqual(assertStatus(r2, 200), { field: 'caller_id_number', value: ID });
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'caller_phone' }), 422, 'reason_required', 'reason');
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'caller_phone', reason: '   ' }), 422, 'reason_required', 'reason');
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'narrative', reason: 'x' }), 422, 'unknown_value', 'field');
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/reveal`, { reason: 'x' }), 422, 'required', 'field');
  // patrol1 is not yet accountable for it
  assertError(await patrol1.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'caller_phone', reason: '联系报警人' }), 403, 'not_accountable');
});

test('each reveal wrote an audit row with the reason (leader1 reads it)', async () => {
  const a = assertStatus(await leader1.get(`/api/v1/audit?action=incident.reveal.caller_phone&object_type=incident&object_id=${inc.id}`), 200);
  assert.equal(a.total, 1, JSON.stringify(a));
  const row = a.items[0];
  assert.equal(row.action, 'incident.reveal.caller_phone');
  assert.equal(row.reason, '回访核实身份');
  assert.equal(row.username, 'desk1');
  assert.equal(row.user_id, desk1.user.id);
  assert.equal(row.object_type, 'incident');
  assert.equal(row.object_id, inc.id);
  assert.equal(row.ip, '127.0.0.1');
  assert.match(row.at, ISO);
  assert.ok(!JSON.stringify(row).includes('13812345678'), 'the audit row does not copy the phone');
  const b = assertStatus(await leader1.get(`/api/v1/audit?action=incident.reveal.caller_id_number&object_id=${inc.id}`), 200);
  assert.equal(b.total, 1);
  assert.equal(b.items[0].reason, '核对身份');
});

test('desk1 dispatches patrol1 (id from GET /users?username=patrol1)', async () => {
  const d = await (async () => {
    const r = await desk1.post(`/api/v1/incidents/${inc.id}/dispatch`, { officer_id: patrol1Id, note: '请尽快到场' });
    return assertStatus(r, 200);
  })();
  assert.equal(d.status, 'dispatched');
  assert.deepEqual(d.officer, { id: patrol1Id, name: d.officer.name });
  assert.equal(typeof d.officer.name, 'string');
  assert.match(d.dispatched_at, ISO);
  assert.equal(d.due_next, d.due.arrive);
  // the list of "my" incidents of patrol1 holds it
  const mine = assertStatus(await patrol1.get(`/api/v1/incidents?officer=me&q=${encodeURIComponent(inc.code)}`), 200);
  assert.equal(mine.total, 1);
});

test('patrol1 arrives: on_scene, response time measured', async () => {
  const d = assertStatus(await patrol1.post(`/api/v1/incidents/${inc.id}/arrive`, {}), 200);
  assert.equal(d.status, 'on_scene');
  assert.match(d.on_scene_at, ISO);
  assert.equal(typeof d.response_seconds, 'number');
  assert.ok(d.response_seconds >= 0 && d.response_seconds < 600, String(d.response_seconds));
});

test('patrol1 may reveal the phone of an incident they are accountable for', async () => {
  const r = await patrol1.post(`/api/v1/incidents/${inc.id}/reveal`, { field: 'caller_phone', reason: '联系报警人' });
  assert.equal(assertStatus(r, 200).value, '13812345678');
});

test('patrol1 handles it with a result', async () => {
  assertError(await patrol1.post(`/api/v1/incidents/${inc.id}/handle`, {}), 422, 'required', 'result');
  assertError(await patrol1.post(`/api/v1/incidents/${inc.id}/handle`, { result: ' \n ' }), 422, undefined, 'result');
  const d = assertStatus(await patrol1.post(`/api/v1/incidents/${inc.id}/handle`, { result: '双方已调解，约定晚十点后停止施工' }), 200);
  assert.equal(d.status, 'handled');
  assert.equal(d.result, '双方已调解，约定晚十点后停止施工');
  assert.match(d.handled_at, ISO);
  assert.equal(d.due_next, d.due.reply, 'with a caller the reply clock runs');
});

test('desk1 replies to the caller by phone', async () => {
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/reply`, { method: 'fax', content: '已处理' }), 422, 'unknown_value', 'method');
  assertError(await desk1.post(`/api/v1/incidents/${inc.id}/reply`, { method: 'phone' }), 422, 'required', 'content');
  const d = assertStatus(await desk1.post(`/api/v1/incidents/${inc.id}/reply`, { method: 'phone', content: '已电话告知处理结果，报警人满意' }), 200);
  assert.equal(d.status, 'replied');
  assert.equal(d.reply.method, 'phone');
  assert.equal(d.reply.content, '已电话告知处理结果，报警人满意');
  assert.equal(d.reply.by_id, desk1.user.id);
  assert.match(d.reply.at, ISO);
  assert.equal(d.due_next, null);
});

test('desk1 closes it', async () => {
  const d = assertStatus(await desk1.post(`/api/v1/incidents/${inc.id}/close`, {}), 200);
  assert.equal(d.status, 'closed');
  assert.match(d.closed_at, ISO);
  assert.equal(d.overdue, false);
  assert.equal(d.overdue_step, null);
});

test('the detail has the timeline: six events with who and when', async () => {
  const d = assertStatus(await desk1.get(`/api/v1/incidents/${inc.id}`), 200);
  assert.equal(d.status, 'closed');
  assert.ok(Array.isArray(d.timeline));
  assert.deepEqual(d.timeline.map((e) => e.action), ['receive', 'dispatch', 'arrive', 'handle', 'reply', 'close']);
  assert.deepEqual(d.timeline.map((e) => e.to), ['received', 'dispatched', 'on_scene', 'handled', 'replied', 'closed']);
  assert.deepEqual(d.timeline.map((e) => e.from), [null, 'received', 'dispatched', 'on_scene', 'handled', 'replied']);
  const who = d.timeline.map((e) => e.user && e.user.id);
  assert.deepEqual(who, [desk1.user.id, desk1.user.id, patrol1Id, patrol1Id, desk1.user.id, desk1.user.id]);
  for (const e of d.timeline) {
    assert.match(e.at, ISO);
    assert.equal(typeof e.user.name, 'string');
    assert.equal(typeof e.id, 'number');
  }
  assert.equal(d.timeline[1].officer.id, patrol1Id);
  assert.equal(d.timeline[1].note, '请尽快到场');
  assert.equal(d.timeline[3].note, '双方已调解，约定晚十点后停止施工');
  // times are non-decreasing
  const ts = d.timeline.map((e) => Date.parse(e.at));
  assert.deepEqual([...ts].sort((a, b) => a - b), ts);
  assert.equal(typeof d.response_seconds, 'number');
  assert.equal(d.officer.id, patrol1Id);
});

test('the list filters find the incident or not as expected', async () => {
  const q = encodeURIComponent(body.narrative.split(' ')[1]);
  const cg = await unitByCode(desk1, 'CG');
  const hd = await unitByCode(desk1, 'HD');
  const now = Date.now();
  const from = encodeURIComponent(new Date(now - 3600e3).toISOString());
  const to = encodeURIComponent(new Date(now + 3600e3).toISOString());
  const past = encodeURIComponent(new Date(now - 2 * 86400e3).toISOString());
  const pastEnd = encodeURIComponent(new Date(now - 86400e3).toISOString());
  const cases = [
    [`q=${q}`, true],
    [`q=${encodeURIComponent(inc.code)}`, true],
    [`q=${encodeURIComponent('人民路12号')}&per_page=200`, true],
    [`q=NO-SUCH-TEXT-${q}`, false],
    [`q=${q}&status=closed`, true],
    [`q=${q}&status=received`, false],
    [`q=${q}&category=dispute`, true],
    [`q=${q}&category=fire`, false],
    [`q=${q}&from=${from}&to=${to}`, true],
    [`q=${q}&from=${past}&to=${pastEnd}`, false],
    [`q=${q}&to=${from}`, false],
    [`q=${q}&unit=${cg.id}`, true],
    [`q=${q}&unit=${hd.id}`, false],
    [`q=${q}&overdue=true`, false],
    [`q=${q}&open=true`, false],
    [`q=${q}&officer=${patrol1Id}`, true],
    [`q=${q}&page=1&per_page=1`, true],
    [`q=${q}&page=2&per_page=1`, false],
    [`q=${q}&sort=-received_at`, true],
    [`q=${q}&sort=priority`, true],
  ];
  for (const [query, found] of cases) {
    const l = assertStatus(await desk1.get(`/api/v1/incidents?${query}`), 200);
    const has = l.items.some((x) => x.id === inc.id);
    assert.equal(has, found, `?${query} → ${l.total} items`);
    if (query.startsWith(`q=${q}`) && !query.includes('page=2')) assert.equal(l.total, found ? 1 : 0, `?${query}`);
  }
  const p = assertStatus(await desk1.get(`/api/v1/incidents?q=${q}&page=2&per_page=1`), 200);
  assert.equal(p.total, 1, 'total counts before paging');
  assert.equal(p.page, 2);
  assert.equal(p.per_page, 1);
  assert.deepEqual(p.items, []);
});

test('free text search is literal: no wildcards, no SQL', async () => {
  const all = assertStatus(await desk1.get('/api/v1/incidents?per_page=1'), 200).total;
  for (const q of ['%', '_', '%%', "' OR '1'='1", '") OR 1=1 --', '*']) {
    const l = assertStatus(await desk1.get(`/api/v1/incidents?q=${encodeURIComponent(q)}&per_page=1`), 200);
    assert.ok(l.total < all, `q=${q} matched ${l.total} of ${all}`);
  }
  const emoji = incidentBody({ narrative: '报警人称宠物狗走失 🐕 𠀀' });
  const c = assertStatus(await desk1.post('/api/v1/incidents', emoji), 201);
  assert.equal(c.narrative, emoji.narrative, 'text outside the BMP round-trips');
  const l = assertStatus(await desk1.get(`/api/v1/incidents?q=${encodeURIComponent('🐕')}`), 200);
  assert.ok(l.items.some((x) => x.id === c.id));
  const slash = assertStatus(await desk1.get(`/api/v1/incidents/${inc.id}/`), 200);
  assert.equal(slash.id, inc.id, 'a trailing slash names the same resource');
});

test('the list pages, sorts and flags overdue work', async () => {
  const a = assertStatus(await desk1.get('/api/v1/incidents?per_page=5'), 200);
  assert.equal(a.page, 1);
  assert.equal(a.per_page, 5);
  assert.ok(a.items.length <= 5);
  assert.ok(a.total >= a.items.length);
  const def = assertStatus(await desk1.get('/api/v1/incidents?per_page=50'), 200);
  const rec = def.items.map((x) => Date.parse(x.received_at));
  assert.deepEqual(rec, [...rec].sort((x, y) => y - x), 'default order: newest first');
  const pr = assertStatus(await desk1.get('/api/v1/incidents?per_page=50&sort=priority'), 200);
  const ps = pr.items.map((x) => x.priority);
  assert.deepEqual(ps, [...ps].sort((x, y) => x - y), 'sort=priority ascending');
  const prd = assertStatus(await desk1.get('/api/v1/incidents?per_page=50&sort=-priority'), 200);
  const pds = prd.items.map((x) => x.priority);
  assert.deepEqual(pds, [...pds].sort((x, y) => y - x), 'sort=-priority descending');
  const cd = assertStatus(await desk1.get('/api/v1/incidents?per_page=50&sort=code'), 200);
  const cs = cd.items.map((x) => x.code);
  assert.deepEqual(cs, [...cs].sort(), 'sort=code ascending');
  const od = assertStatus(await desk1.get('/api/v1/incidents?overdue=true&per_page=200'), 200);
  for (const x of od.items) {
    assert.equal(x.overdue, true, `${x.code} listed as overdue but overdue=false`);
    assert.notEqual(x.overdue_step, null);
    assert.ok(Date.parse(x.due_next) < Date.now(), x.code);
  }
  const open = assertStatus(await desk1.get('/api/v1/incidents?open=true&per_page=200'), 200);
  for (const x of open.items) assert.notEqual(x.status, 'closed');
  const st = assertStatus(await desk1.get('/api/v1/incidents?status=dispatched&per_page=200'), 200);
  for (const x of st.items) assert.equal(x.status, 'dispatched');
  const ca = assertStatus(await desk1.get('/api/v1/incidents?category=traffic&per_page=200'), 200);
  for (const x of ca.items) assert.equal(x.category, 'traffic');
});

test('bad list queries answer 422 naming the parameter', async () => {
  const cases = [
    ['status=finished', 'status', 'unknown_value'],
    ['category=theft', 'category', 'unknown_value'],
    ['page=0', 'page', 'out_of_range'],
    ['page=x', 'page', 'bad_format'],
    ['per_page=201', 'per_page', 'out_of_range'],
    ['per_page=-1', 'per_page', 'out_of_range'],
    ['sort=narrative', 'sort', 'unknown_value'],
    ['from=2026-13-01', 'from', 'bad_time'],
    ['to=yesterday', 'to', 'bad_time'],
    ['overdue=maybe', 'overdue', 'bad_format'],
    ['unit=abc', 'unit', 'bad_format'],
    [`q=${'x'.repeat(101)}`, 'q', 'too_long'],
  ];
  for (const [query, field, reason] of cases)
    assertError(await desk1.get(`/api/v1/incidents?${query}`), 422, reason, field);
});

test('leader1 may do every step of the loop', async () => {
  const c = assertStatus(await leader1.post('/api/v1/incidents', incidentBody({ category: 'help' })), 201);
  const d = assertStatus(await leader1.post(`/api/v1/incidents/${c.id}/dispatch`, { officer_id: patrol1Id }), 200);
  assert.equal(d.status, 'dispatched');
  assert.equal(assertStatus(await leader1.post(`/api/v1/incidents/${c.id}/arrive`, {}), 200).status, 'on_scene');
  assert.equal(assertStatus(await leader1.post(`/api/v1/incidents/${c.id}/handle`, { result: '已护送老人回家' }), 200).status, 'handled');
  assert.equal(assertStatus(await leader1.post(`/api/v1/incidents/${c.id}/reply`, { method: 'sms', content: '已处理' }), 200).status, 'replied');
  assert.equal(assertStatus(await leader1.post(`/api/v1/incidents/${c.id}/close`, { note: '办结' }), 200).status, 'closed');
  const t = assertStatus(await leader1.get(`/api/v1/incidents/${c.id}`), 200).timeline;
  assert.equal(t.length, 6);
  for (const e of t.slice(1)) assert.equal(e.user.id, leader1.user.id);
});

finalChecks(getServer);
