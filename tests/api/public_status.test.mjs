// public_status.test.mjs - GET /api/v1/public/status/{code}: the caller checks progress with the
// short code, without an account, and learns nothing personal (DESIGN §2.1, §1 "public").
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  assertError,
  assertStatus,
  finalChecks,
  idCheckChar,
  incidentBody,
  loginAs,
  step,
  useServer,
  userId,
} from './lib.mjs';

const getServer = useServer();
let srv, desk1, patrol1, anon, inc, body, officerName;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/;
const ID17 = '42010619850612301';
const RESULT = '经现场调解双方达成和解协议赔偿八百元';
const REPLY = '您反映的问题已处理完毕，感谢监督';

before(async () => {
  srv = await getServer();
  desk1 = await loginAs(srv.base, 'desk1');
  patrol1 = await loginAs(srv.base, 'patrol1');
  anon = new Client(srv.base);
  body = incidentBody({
    caller_name: '欧阳娜娜',
    caller_phone: '13987654321',
    caller_id_number: ID17 + idCheckChar(ID17),
    address: '河滨小区七栋三单元502',
    narrative: '报警人称楼上住户深夜吵闹并威胁其人身安全',
  });
  inc = assertStatus(await desk1.post('/api/v1/incidents', body), 201);
  officerName = patrol1.user.name;
});

async function publicStatus(code) {
  return anon.get(`/api/v1/public/status/${encodeURIComponent(code)}`);
}

test('without login the status code shows status and the received step', async () => {
  const r = await publicStatus(inc.status_code);
  const s = assertStatus(r, 200);
  assert.equal(s.status_code, inc.status_code);
  assert.equal(s.status, 'received');
  assert.equal(s.category, 'dispute');
  assert.equal(typeof s.unit_name, 'string');
  assert.deepEqual(s.steps.map((x) => x.step), ['received', 'dispatched', 'on_scene', 'handled', 'replied', 'closed']);
  assert.equal(s.steps[0].done, true);
  assert.match(s.steps[0].at, ISO);
  for (const x of s.steps.slice(1)) {
    assert.equal(x.done, false);
    assert.equal(x.at, null);
  }
  assert.equal(s.reply, null);
  assert.equal(r.headers.getSetCookie().length, 0, 'no session is made');
});

test('steps fill in with dates as the loop advances; the reply shows after the reply', async () => {
  const pid = await userId(desk1, 'patrol1');
  await step(desk1, inc.id, 'dispatch', { officer_id: pid, note: '派巡逻民警' });
  await step(patrol1, inc.id, 'arrive');
  await step(patrol1, inc.id, 'handle', { result: RESULT });
  let s = assertStatus(await publicStatus(inc.status_code), 200);
  assert.equal(s.status, 'handled');
  assert.deepEqual(s.steps.map((x) => x.done), [true, true, true, true, false, false]);
  for (const x of s.steps.slice(0, 4)) assert.match(x.at, ISO);
  assert.equal(s.reply, null, 'no reply before the reply');
  await step(desk1, inc.id, 'reply', { method: 'sms', content: REPLY });
  s = assertStatus(await publicStatus(inc.status_code), 200);
  assert.equal(s.status, 'replied');
  assert.equal(s.reply.content, REPLY);
  assert.equal(s.reply.method, 'sms');
  assert.match(s.reply.at, ISO);
  await step(desk1, inc.id, 'close');
  s = assertStatus(await publicStatus(inc.status_code), 200);
  assert.equal(s.status, 'closed');
  assert.ok(s.steps.every((x) => x.done));
});

test('the public JSON holds nothing personal: no caller, phone, ID, address, narrative, officer or result', async () => {
  const r = await publicStatus(inc.status_code);
  assertStatus(r, 200);
  const text = r.text;
  const secrets = [
    body.caller_name,
    body.caller_phone,
    body.caller_phone.slice(-4),
    body.caller_id_number,
    body.address,
    '河滨小区',
    body.narrative,
    '深夜吵闹',
    RESULT,
    '派巡逻民警',
    inc.code,
    desk1.user.name,
    officerName,
  ].filter(Boolean);
  for (const s of secrets) assert.ok(!text.includes(s), `public status leaks "${s}"`);
  const keys = new Set();
  const walk = (v) => {
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (keys.add(k), walk(x));
  };
  walk(r.json);
  for (const k of ['id', 'caller_name', 'caller_phone', 'address', 'narrative', 'officer', 'result', 'lat', 'lon', 'received_by', 'timeline', 'user', 'by_id'])
    assert.ok(!keys.has(k), `public status has key ${k}`);
});

test('lower-case, dashed, spaced and look-alike forms of the code work', async () => {
  const c = inc.status_code;
  const forms = [
    c.toLowerCase(),
    `${c.slice(0, 5)}-${c.slice(5)}`,
    `${c.slice(0, 3)} ${c.slice(3, 6)} ${c.slice(6)}`,
    `${c.slice(0, 5).toLowerCase()}-${c.slice(5)}`,
    c.replaceAll('0', 'O').replaceAll('1', 'I'),
  ];
  for (const f of forms) {
    const s = assertStatus(await publicStatus(f), 200);
    assert.equal(s.status_code, c, f);
  }
});

test('an unknown or malformed code answers 404', async () => {
  const c = inc.status_code;
  // change one character into another of the alphabet: a well-formed code of nothing
  const other = (c[0] === 'Z' ? 'Y' : 'Z') + c.slice(1);
  for (const code of [other, 'ABC', `${c}X`, c.slice(0, 9), 'UUUUUUUUUU', '!!!!!!!!!!', inc.code, String(inc.id)]) {
    const r = await publicStatus(code);
    assertError(r, 404, 'not_found');
  }
});

test('the public status answers the same for a logged-in user (no extra data)', async () => {
  const r = await desk1.get(`/api/v1/public/status/${inc.status_code}`);
  const a = await publicStatus(inc.status_code);
  assert.deepEqual(r.json, a.json);
});

finalChecks(getServer);
