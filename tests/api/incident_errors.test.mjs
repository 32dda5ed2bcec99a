// incident_errors.test.mjs - bad input to POST /incidents and friends: a declarative table of
// requests and the status, error.field and error.reason each must get. Nothing may be written
// by a refused request, and nothing may answer 500.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertError,
  assertStatus,
  finalChecks,
  idCheckChar,
  incidentBody,
  loginAs,
  rawRequest,
  useServer,
} from './lib.mjs';

const getServer = useServer();
let srv, desk1, leader1, totalBefore, auditBefore;

const ID17 = '11010519491231002';
const ID_OK = ID17 + idCheckChar(ID17);
const ID_BAD_CHECK = ID17 + (idCheckChar(ID17) === '1' ? '2' : '1');
const BAD_BIRTH17 = '11010519490230002'; // 1949-02-30
const BAD_BIRTH = BAD_BIRTH17 + idCheckChar(BAD_BIRTH17);
const FUTURE_BIRTH17 = '11010520991231002';
const FUTURE_BIRTH = FUTURE_BIRTH17 + idCheckChar(FUTURE_BIRTH17);

before(async () => {
  srv = await getServer();
  desk1 = await loginAs(srv.base, 'desk1');
  leader1 = await loginAs(srv.base, 'leader1');
  totalBefore = assertStatus(await desk1.get('/api/v1/incidents?per_page=1'), 200).total;
  auditBefore = assertStatus(await leader1.get('/api/v1/audit?action=incident.&per_page=1'), 200).total;
});

/* Cases over POST /api/v1/incidents: [title, body-changes (or raw), status, field, reason].
 * A changes object is merged into a valid body; a key with value undefined is removed. */
const U = undefined;
const createCases = [
  ['priority "high" is the wrong type', { priority: 'high' }, 422, 'priority', 'wrong_type'],
  ['priority 2.5 is the wrong type', { priority: 2.5 }, 422, 'priority', 'wrong_type'],
  ['priority 5 is out of range', { priority: 5 }, 422, 'priority', 'out_of_range'],
  ['priority 0 is out of range', { priority: 0 }, 422, 'priority', 'out_of_range'],
  ['lat "30" is the wrong type', { lat: '30', lon: 114.3 }, 422, 'lat', 'wrong_type'],
  ['lon true is the wrong type', { lat: 30, lon: true }, 422, 'lon', 'wrong_type'],
  ['narrative as a number is the wrong type', { narrative: 42 }, 422, 'narrative', 'wrong_type'],
  ['caller_name as an object is the wrong type', { caller_name: { x: 1 } }, 422, 'caller_name', 'wrong_type'],
  ['channel as an array is the wrong type', { channel: ['phone'] }, 422, 'channel', 'wrong_type'],
  ['an unknown field', { colour: 'red' }, 422, 'colour', 'unknown_field'],
  ['an unknown category value', { category: 'theft' }, 422, 'category', 'unknown_value'],
  ['a category in Chinese is not a code word', { category: '纠纷' }, 422, 'category', 'unknown_value'],
  ['an unknown channel value', { channel: 'pigeon' }, 422, 'channel', 'unknown_value'],
  ['missing narrative', { narrative: U }, 422, 'narrative', 'required'],
  ['null narrative', { narrative: null }, 422, 'narrative', 'required'],
  ['blank narrative', { narrative: '  \n ' }, 422, 'narrative', 'empty'],
  ['narrative over 4000 characters', { narrative: '警'.repeat(4001) }, 422, 'narrative', 'too_long'],
  ['narrative with a control character', { narrative: 'abc\u0007def' }, 422, 'narrative', 'bad_format'],
  ['missing category', { category: U }, 422, 'category', 'required'],
  ['missing channel', { channel: U }, 422, 'channel', 'required'],
  ['an ID number with a wrong check digit', { caller_id_number: ID_BAD_CHECK }, 422, 'caller_id_number', 'bad_id_checksum'],
  ['an ID number with an impossible birth date', { caller_id_number: BAD_BIRTH }, 422, 'caller_id_number', 'bad_id_birth'],
  ['an ID number born in the future', { caller_id_number: FUTURE_BIRTH }, 422, 'caller_id_number', 'bad_id_birth'],
  ['an ID number of 15 digits', { caller_id_number: '110105491231002' }, 422, 'caller_id_number', 'bad_id_number'],
  ['an ID number with letters', { caller_id_number: '11010519491231ABCX' }, 422, 'caller_id_number', 'bad_id_number'],
  ['a phone with letters', { caller_phone: '138abcd5678' }, 422, 'caller_phone', 'bad_phone'],
  ['a mobile number of 10 digits', { caller_phone: '1381234567' }, 422, 'caller_phone', 'bad_phone'],
  ['a mobile number starting 12', { caller_phone: '12812345678' }, 422, 'caller_phone', 'bad_phone'],
  ['lat 91', { lat: 91, lon: 114 }, 422, 'lat', 'bad_latitude'],
  ['lat -90.5', { lat: -90.5, lon: 114 }, 422, 'lat', 'bad_latitude'],
  ['lon 181', { lat: 30, lon: 181 }, 422, 'lon', 'bad_longitude'],
  ['lon -180.01', { lat: 30, lon: -180.01 }, 422, 'lon', 'bad_longitude'],
  ['only lat without lon', { lon: U }, 422, 'lon', 'lat_lon_pair'],
  ['only lon without lat', { lat: U }, 422, 'lat', 'lat_lon_pair'],
  ['occurred_at tomorrow', { occurred_at: () => new Date(Date.now() + 86400e3).toISOString() }, 422, 'occurred_at', 'in_future'],
  ['occurred_at as epoch seconds an hour ahead', { occurred_at: () => Math.floor(Date.now() / 1000) + 3600 }, 422, 'occurred_at', 'in_future'],
  ['occurred_at "2026-02-30T10:00" does not exist', { occurred_at: '2026-02-30T10:00' }, 422, 'occurred_at', 'bad_time'],
  ['occurred_at "2025-13-01"', { occurred_at: '2025-13-01' }, 422, 'occurred_at', 'bad_time'],
  ['occurred_at "2025-06-01T24:00"', { occurred_at: '2025-06-01T24:00' }, 422, 'occurred_at', 'bad_time'],
  ['occurred_at "yesterday"', { occurred_at: 'yesterday' }, 422, 'occurred_at', 'bad_time'],
  ['occurred_at before the year 2000', { occurred_at: '1999-12-31T23:00' }, 422, 'occurred_at', 'out_of_range'],
  ['occurred_at as a boolean', { occurred_at: true }, 422, 'occurred_at', 'wrong_type'],
  ['unit_id of no unit', { unit_id: 99999999 }, 422, 'unit_id', 'no_such_unit'],
  ['unit_id 0', { unit_id: 0 }, 422, 'unit_id', 'out_of_range'],
  ['unit_id as a string', { unit_id: '1' }, 422, 'unit_id', 'wrong_type'],
  ['caller_name over 50 characters', { caller_name: '张'.repeat(51) }, 422, 'caller_name', 'too_long'],
  ['address over 200 characters', { address: '路'.repeat(201) }, 422, 'address', 'too_long'],
  ['a NUL inside the narrative', { narrative: 'a\u0000b' }, 422, 'narrative', 'bad_format'],
  ['a NUL inside the caller name', { caller_name: '张\u0000三' }, 422, 'caller_name', 'bad_format'],
];

for (const [title, changes, status, field, reason] of createCases) {
  test(`POST /incidents: ${title} → ${status} ${field} ${reason}`, async () => {
    const body = incidentBody();
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete body[k];
      else body[k] = typeof v === 'function' ? v() : v;
    }
    const r = await desk1.post('/api/v1/incidents', body);
    const e = assertError(r, status, reason, field);
    assert.equal(e.code, 'invalid');
    assert.ok(e.details.some((d) => d.field === field && d.reason === reason), JSON.stringify(e.details));
    for (const d of e.details) assert.equal(typeof d.message, 'string');
    assert.ok(e.message.includes(field), `message names the field: ${e.message}`);
  });
}

test('several problems at once are all listed in details', async () => {
  const r = await desk1.post('/api/v1/incidents', { channel: 'x', priority: 9, lat: 100, lon: 0 });
  const e = assertError(r, 422);
  const got = new Set(e.details.map((d) => `${d.field}:${d.reason}`));
  for (const want of ['channel:unknown_value', 'category:required', 'priority:out_of_range', 'narrative:required'])
    assert.ok(got.has(want), `${want} missing from ${[...got]}`);
});

test('messages come in English when the client asks for it', async () => {
  const r = await desk1.post('/api/v1/incidents', incidentBody({ priority: 5 }), { headers: { 'Accept-Language': 'en-US,en;q=0.9' } });
  const e = assertError(r, 422, 'out_of_range', 'priority');
  assert.match(e.message, /out of range/);
  const z = await desk1.post('/api/v1/incidents', incidentBody({ priority: 5 }));
  assert.match(assertError(z, 422).message, /超出/);
});

/* Cases over the transport: [title, request fn(c) → response, status, reason]. */
const transportCases = [
  ['malformed JSON', (c) => c.post('/api/v1/incidents', undefined, { raw: '{"channel": "phone",', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json'],
  ['a JSON array body', (c) => c.post('/api/v1/incidents', undefined, { raw: '[{"channel":"phone"}]', headers: { 'Content-Type': 'application/json' } }), 400, 'not_object'],
  ['a JSON string body', (c) => c.post('/api/v1/incidents', undefined, { raw: '"hello"', headers: { 'Content-Type': 'application/json' } }), 400, 'not_object'],
  ['duplicate keys', (c) => c.post('/api/v1/incidents', undefined, { raw: '{"narrative":"a","narrative":"b"}', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json'],
  ['invalid UTF-8 in a string', (c) => c.post('/api/v1/incidents', undefined, { raw: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json'],
  ['JSON nested 100000 deep', (c) => c.post('/api/v1/incidents', undefined, { raw: '['.repeat(100000) + ']'.repeat(100000), headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json'],
  ['an object nested 5000 deep in a field', (c) => c.post('/api/v1/incidents', undefined, { raw: '{"narrative":' + '{"a":'.repeat(5000) + '1' + '}'.repeat(5000) + '}', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json'],
  ['a lone surrogate escape', (c) => c.post('/api/v1/incidents', undefined, { raw: '{"narrative":"\\ud800"}', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json'],
  ['trailing garbage after the object', (c) => c.post('/api/v1/incidents', undefined, { raw: '{} x', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_json'],
  ['Content-Type text/plain', (c) => c.post('/api/v1/incidents', undefined, { raw: JSON.stringify(incidentBody()), headers: { 'Content-Type': 'text/plain' } }), 415, 'bad_format'],
  ['no Content-Type', (c) => c.post('/api/v1/incidents', undefined, { raw: Buffer.from(JSON.stringify(incidentBody())) }), 415, 'bad_format'],
  ['Content-Type application/x-www-form-urlencoded', (c) => c.post('/api/v1/incidents', undefined, { raw: JSON.stringify(incidentBody()), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415, 'bad_format'],
  ['a body over 1 MiB', (c) => c.post('/api/v1/incidents', incidentBody({ narrative: 'x'.repeat(1024 * 1024 + 10) })), 413, 'body_too_large'],
  ['an empty body', (c) => c.post('/api/v1/incidents', undefined, { raw: '', headers: { 'Content-Type': 'application/json' } }), 422, 'required'],
  ['an unknown incident id', (c) => c.get('/api/v1/incidents/99999999'), 404, 'not_found'],
  ['a non-numeric incident id', (c) => c.get('/api/v1/incidents/abc'), 404, 'not_found'],
  ['a negative incident id', (c) => c.get('/api/v1/incidents/-1'), 404, 'not_found'],
  ['an incident id of 0', (c) => c.get('/api/v1/incidents/0'), 404, 'not_found'],
  ['an incident id beyond int64', (c) => c.get('/api/v1/incidents/99999999999999999999999'), 404, 'not_found'],
  ['an id with a suffix', (c) => c.get('/api/v1/incidents/1x'), 404, 'not_found'],
  ['an unknown route', (c) => c.get('/api/v1/nope'), 404, 'no_route'],
  ['an unknown version', (c) => c.get('/api/v2/incidents'), 404, 'no_route'],
  ['an unknown sub-resource', (c) => c.post('/api/v1/incidents/1/teleport', {}), 404, 'no_route'],
  ['/api itself', (c) => c.get('/api'), 404, 'no_route'],
  ['PUT on the incident list', (c) => c.request('PUT', '/api/v1/incidents', { body: {} }), 405, 'method'],
  ['PATCH on an incident', (c) => c.request('PATCH', '/api/v1/incidents/1', { body: {} }), 405, 'method'],
  ['DELETE on an incident', (c) => c.del('/api/v1/incidents/1'), 405, 'method'],
  ['GET on a step', (c) => c.get('/api/v1/incidents/1/close'), 405, 'method'],
  ['POST on health', (c) => c.post('/api/v1/health', {}), 405, 'method'],
];

for (const [title, fn, status, reason] of transportCases) {
  test(`${title} → ${status} ${reason}`, async () => {
    const r = await fn(desk1);
    assertError(r, status, reason);
    assert.match(r.headers.get('content-type') || '', /^application\/json/);
  });
}

test('a chunked body over 1 MiB (no Content-Length) answers 413', async () => {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const r = await rawRequest(srv.base, 'POST', '/api/v1/incidents', {
    headers: {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
      Cookie: desk1.cookieHeader(),
      'X-CSRF-Token': desk1.csrf,
    },
    body: (req) => {
      req.write('{"narrative":"');
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end('"}');
    },
  });
  assert.equal(r.status, 413, r.text);
  assert.equal(JSON.parse(r.text).error.reason, 'body_too_large');
});

test('a body of exactly 1 MiB minus a little is read (and refused on its merits, 422)', async () => {
  const b = incidentBody();
  const base = Buffer.byteLength(JSON.stringify({ ...b, narrative: '' }));
  b.narrative = 'x'.repeat(1024 * 1024 - base - 16);
  assert.equal(Buffer.byteLength(JSON.stringify(b)), 1024 * 1024 - 16);
  const r = await desk1.post('/api/v1/incidents', b);
  assertError(r, 422, 'too_long', 'narrative');
});

test('numbers beyond what the server can hold are refused with a 4xx, never a 500', async () => {
  for (const raw of ['99999999999999999999999', '1e400', '-1e400', '1.5e308']) {
    const text = JSON.stringify(incidentBody()).replace('"priority":2', `"priority":${raw}`);
    const r = await desk1.post('/api/v1/incidents', undefined, { raw: text, headers: { 'Content-Type': 'application/json' } });
    assert.ok(r.status === 400 || r.status === 422, `priority ${raw} → ${r.status} ${r.text}`);
    assertError(r, r.status);
  }
  for (const raw of ['1e400', '-1e400']) {
    const text = JSON.stringify(incidentBody()).replace(/"lat":[0-9.]+/, `"lat":${raw}`);
    const r = await desk1.post('/api/v1/incidents', undefined, { raw: text, headers: { 'Content-Type': 'application/json' } });
    assert.ok(r.status === 400 || r.status === 422, `lat ${raw} → ${r.status} ${r.text}`);
  }
});

test('a 405 answer names the allowed methods in an Allow header (RFC 9110 §15.5.6)', async () => {
  const r = await desk1.request('PUT', '/api/v1/incidents', { body: {} });
  assert.equal(r.status, 405);
  const allow = (r.headers.get('allow') || '').split(',').map((s) => s.trim().toUpperCase());
  assert.ok(allow.includes('GET') && allow.includes('POST'), `Allow: ${r.headers.get('allow')}`);
  assert.ok(!allow.includes('PUT'));
});

test('HEAD is answered wherever GET is, without a body (RFC 9110 §9.3.2)', async () => {
  for (const p of ['/api/v1/health', '/api/v1/incidents?per_page=1']) {
    const r = await rawRequest(srv.base, 'HEAD', p, { headers: { Cookie: desk1.cookieHeader() } });
    assert.equal(r.status, 200, `HEAD ${p} → ${r.status}`);
    assert.equal(r.text, '');
    assert.match(r.headers['content-type'] || '', /^application\/json/);
  }
});

test('after all the refused requests the incident count and the audit log are unchanged', async () => {
  const total = assertStatus(await desk1.get('/api/v1/incidents?per_page=1'), 200).total;
  assert.equal(total, totalBefore);
  const audit = assertStatus(await leader1.get('/api/v1/audit?action=incident.&per_page=1'), 200).total;
  assert.equal(audit, auditBefore);
});

test('the same body made valid is accepted (the table tested the one bad field)', async () => {
  const r = await desk1.post('/api/v1/incidents', incidentBody({ caller_id_number: ID_OK, occurred_at: '2025-06-01T10:00', priority: 1, unit_id: undefined }));
  const inc = assertStatus(r, 201);
  assert.equal(inc.priority, 1);
  assert.equal(inc.occurred_at, '2025-06-01T10:00:00+08:00');
  const total = assertStatus(await desk1.get('/api/v1/incidents?per_page=1'), 200).total;
  assert.equal(total, totalBefore + 1);
  const nocaller = incidentBody({ caller_phone: '110', priority: undefined });
  delete nocaller.priority;
  const r2 = await desk1.post('/api/v1/incidents', nocaller);
  assert.equal(assertStatus(r2, 201).priority, 3, 'priority defaults to 3');
});

finalChecks(getServer);
