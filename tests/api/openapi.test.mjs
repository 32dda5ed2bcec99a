// openapi.test.mjs - docs/openapi.json against the code and the running server:
// the document is OpenAPI 3.x; every route of src/http/api.c is documented with its method and
// every documented operation exists on the server; answers of the server match the schemas.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  Client,
  REPO,
  assertStatus,
  finalChecks,
  incidentBody,
  loginAs,
  useServer,
  userId,
} from './lib.mjs';

const DOC_PATH = path.join(REPO, 'docs', 'openapi.json');
const API_C = path.join(REPO, 'src', 'http', 'api.c');
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const getServer = useServer();
let srv, doc, routes;

/* The route table of api.c: {"METHOD", "/api/v1/...", handler, FLAGS}. */
function parseRoutes(src) {
  const out = [];
  const re = /\{\s*"([A-Z]+)"\s*,\s*"(\/api\/[^"]*)"\s*,\s*(\w+)\s*,\s*([^}]*)\}/g;
  for (const m of src.matchAll(re))
    out.push({ method: m[1], path: m[2], handler: m[3], public: /XA_ROUTE_PUBLIC/.test(m[4]), noCsrf: /XA_ROUTE_NO_CSRF/.test(m[4]) });
  return out;
}

/* ---- a small JSON Schema (2020-12 subset used by the document) validator ---------------- */

function resolve(ref) {
  assert.ok(ref.startsWith('#/'), `external $ref ${ref}`);
  let v = doc;
  for (const part of ref.slice(2).split('/')) {
    v = v[part.replaceAll('~1', '/').replaceAll('~0', '~')];
    if (v === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return v;
}

function typeOf(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/* Problems of value v against schema s, as strings with a JSON path. */
function validate(s, v, at = '$', errs = []) {
  if (s === true || s === undefined) return errs;
  if (s === false) return errs.push(`${at}: no value allowed`), errs;
  if (s.$ref) return validate(resolve(s.$ref), v, at, errs);
  const t = typeOf(v);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (s.nullable && !types.includes('null')) types.push('null');
    const ok = types.includes(t) || (t === 'integer' && types.includes('number'));
    if (!ok) return errs.push(`${at}: ${t} is not ${types.join('|')}`), errs;
  }
  if (s.const !== undefined && v !== s.const) errs.push(`${at}: ${JSON.stringify(v)} is not ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.some((e) => e === v)) errs.push(`${at}: ${JSON.stringify(v)} not in enum ${JSON.stringify(s.enum)}`);
  if (t === 'string') {
    if (s.pattern && !new RegExp(s.pattern, 'u').test(v)) errs.push(`${at}: "${v}" does not match ${s.pattern}`);
    if (s.minLength !== undefined && [...v].length < s.minLength) errs.push(`${at}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && [...v].length > s.maxLength) errs.push(`${at}: longer than ${s.maxLength}`);
  }
  if (t === 'integer' || t === 'number') {
    if (s.minimum !== undefined && v < s.minimum) errs.push(`${at}: ${v} < ${s.minimum}`);
    if (s.maximum !== undefined && v > s.maximum) errs.push(`${at}: ${v} > ${s.maximum}`);
  }
  if (t === 'object') {
    const props = s.properties || {};
    for (const r of s.required || []) if (!(r in v)) errs.push(`${at}: missing required "${r}"`);
    for (const [k, x] of Object.entries(v)) {
      if (k in props) validate(props[k], x, `${at}.${k}`, errs);
      else if (s.additionalProperties === false) errs.push(`${at}: undocumented property "${k}"`);
      else if (typeof s.additionalProperties === 'object') validate(s.additionalProperties, x, `${at}.${k}`, errs);
    }
    for (const [k, deps] of Object.entries(s.dependentRequired || {}))
      if (k in v) for (const d of deps) if (!(d in v)) errs.push(`${at}: "${k}" needs "${d}"`);
  }
  if (t === 'array' && s.items) v.forEach((x, i) => validate(s.items, x, `${at}[${i}]`, errs));
  for (const sub of s.allOf || []) validate(sub, v, at, errs);
  if (s.oneOf) {
    const n = s.oneOf.filter((sub) => validate(sub, v, at, []).length === 0).length;
    if (n !== 1) errs.push(`${at}: matches ${n} of oneOf`);
  }
  if (s.anyOf && !s.anyOf.some((sub) => validate(sub, v, at, []).length === 0)) errs.push(`${at}: matches none of anyOf`);
  return errs;
}

/* The documented operation of (method, templated path). */
function operation(method, p) {
  const item = doc.paths[p];
  assert.ok(item, `path ${p} not documented`);
  const op = item[method.toLowerCase()];
  assert.ok(op, `${method} ${p} not documented`);
  return op;
}

function responseSchema(op, status) {
  let r = op.responses[String(status)];
  assert.ok(r, `${op.operationId}: status ${status} not documented (has ${Object.keys(op.responses)})`);
  if (r.$ref) r = resolve(r.$ref);
  const media = r.content && r.content['application/json'];
  assert.ok(media && media.schema, `${op.operationId} ${status}: no application/json schema`);
  return media.schema;
}

/* Asserts that response r of (method, templated path) is documented and matches its schema. */
function conforms(method, templ, r) {
  const op = operation(method, templ);
  const schema = responseSchema(op, r.status);
  const errs = validate(schema, r.json);
  assert.deepEqual(errs, [], `${method} ${r.path} → ${r.status} does not match docs/openapi.json:\n${errs.slice(0, 20).join('\n')}`);
}

/* A request body that matches a documented schema must be accepted by the schema itself. */
function bodySchema(method, templ) {
  const rb = operation(method, templ).requestBody;
  assert.ok(rb, `${method} ${templ} has no requestBody`);
  return rb.content['application/json'].schema;
}

before(async () => {
  doc = JSON.parse(fs.readFileSync(DOC_PATH, 'utf8'));
  routes = parseRoutes(fs.readFileSync(API_C, 'utf8'));
  srv = await getServer();
});

test('docs/openapi.json is an OpenAPI 3.0/3.1 document', () => {
  assert.match(doc.openapi, /^3\.[01]\.\d+$/);
  assert.equal(typeof doc.info?.title, 'string');
  assert.equal(typeof doc.info?.version, 'string');
  assert.equal(typeof doc.paths, 'object');
  const ids = new Set();
  for (const [p, item] of Object.entries(doc.paths)) {
    assert.ok(p.startsWith('/'), p);
    for (const [m, op] of Object.entries(item)) {
      if (!METHODS.includes(m)) continue;
      assert.equal(typeof op.operationId, 'string', `${m} ${p}: operationId`);
      assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
      assert.ok(op.responses && Object.keys(op.responses).length > 0, `${m} ${p}: responses`);
      for (const code of Object.keys(op.responses)) assert.match(code, /^([1-5]\d\d|[1-5]XX|default)$/);
      // every {param} of the path is declared as a required path parameter
      const params = [...(item.parameters || []), ...(op.parameters || [])];
      for (const [, name] of p.matchAll(/\{(\w+)\}/g)) {
        const d = params.find((x) => x.in === 'path' && x.name === name);
        assert.ok(d && d.required === true, `${m} ${p}: path parameter ${name}`);
      }
      for (const x of params) assert.ok(['path', 'query', 'header', 'cookie'].includes(x.in), `${m} ${p}: ${x.name} in ${x.in}`);
    }
  }
});

test('every $ref of the document resolves', () => {
  const walk = (v, at) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v && typeof v === 'object') {
      if (typeof v.$ref === 'string') assert.doesNotThrow(() => resolve(v.$ref), `${at}: ${v.$ref}`);
      for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
    }
  };
  walk(doc, '$');
});

test('the route table of src/http/api.c and the document list the same operations', () => {
  assert.ok(routes.length >= 15, `parsed only ${routes.length} routes from api.c`);
  const inCode = new Set(routes.map((r) => `${r.method} ${r.path}`));
  const inDoc = new Set();
  for (const [p, item] of Object.entries(doc.paths))
    for (const m of Object.keys(item)) if (METHODS.includes(m)) inDoc.add(`${m.toUpperCase()} ${p}`);
  const undocumented = [...inCode].filter((x) => !inDoc.has(x));
  const unknown = [...inDoc].filter((x) => !inCode.has(x));
  assert.deepEqual(undocumented, [], 'routes missing from docs/openapi.json');
  assert.deepEqual(unknown, [], 'documented operations that are not in the route table');
});

test('security: public routes need nothing, others the cookie, writes also X-CSRF-Token', () => {
  const schemes = doc.components?.securitySchemes || {};
  const cookie = Object.entries(schemes).find(([, s]) => s.type === 'apiKey' && s.in === 'cookie' && s.name === 'xa_session');
  const csrf = Object.entries(schemes).find(([, s]) => s.type === 'apiKey' && s.in === 'header' && s.name === 'X-CSRF-Token');
  assert.ok(cookie, 'a cookie apiKey scheme named xa_session');
  assert.ok(csrf, 'a header apiKey scheme named X-CSRF-Token');
  for (const r of routes) {
    const op = operation(r.method, r.path);
    const sec = op.security ?? doc.security ?? [];
    const names = sec.map((req) => Object.keys(req).sort().join('+'));
    if (r.public) {
      assert.ok(sec.length === 0 || sec.some((req) => Object.keys(req).length === 0), `${r.method} ${r.path} is public`);
    } else if (r.method === 'GET') {
      assert.deepEqual(names, [cookie[0]], `${r.method} ${r.path}`);
    } else {
      assert.deepEqual(names, [[cookie[0], csrf[0]].sort().join('+')], `${r.method} ${r.path} needs the CSRF header`);
      const e403 = op.responses['403'];
      assert.ok(e403, `${r.method} ${r.path}: 403 (csrf) documented`);
    }
    if (!r.public) assert.ok(op.responses['401'], `${r.method} ${r.path}: 401 documented`);
    for (const [code, resp] of Object.entries(op.responses)) {
      if (!/^[45]/.test(code)) continue;
      const rr = resp.$ref ? resolve(resp.$ref) : resp;
      const s = rr.content['application/json'].schema;
      assert.equal(s.$ref, '#/components/schemas/Error', `${r.method} ${r.path} ${code}: Error schema`);
    }
  }
});

test('the enums of the document are the code words of the server (GET /api/v1/vocab)', async () => {
  const v = assertStatus(await new Client(srv.base).get('/api/v1/vocab'), 200);
  const codes = (k) => v[k].map((e) => e.code);
  const s = doc.components.schemas;
  assert.deepEqual(s.IncidentCreate.properties.channel.enum, codes('channel'));
  assert.deepEqual(s.IncidentCreate.properties.category.enum, codes('category'));
  assert.deepEqual(s.Reply.properties.method.enum, codes('reply_method'));
  assert.deepEqual(s.Incident.properties.status.enum, codes('incident_status'));
  assert.deepEqual(s.User.properties.role.enum.filter((x) => x !== null), codes('role'));
  assert.deepEqual(s.Unit.properties.kind.enum.filter((x) => x !== null), codes('unit_kind'));
  conforms('GET', '/api/v1/vocab', { ...(await new Client(srv.base).get('/api/v1/vocab')) });
});

test('the Error schema lists every reason word of base/msg.h and every code word of base/err.h', () => {
  const msg = fs.readFileSync(path.join(REPO, 'src', 'base', 'msg.h'), 'utf8');
  const err = fs.readFileSync(path.join(REPO, 'src', 'base', 'err.h'), 'utf8');
  const reasons = [...msg.matchAll(/^\s*X\((\w+),/gm)].map((m) => m[1]).sort();
  const codes = [...err.matchAll(/^\s*X\(\w+,\s*-?\d+,\s*\d+,\s*"(\w+)"/gm)].map((m) => m[1]).sort();
  assert.ok(reasons.length > 30 && codes.length > 10, `parsed ${reasons.length} reasons, ${codes.length} codes`);
  const e = doc.components.schemas.Error.properties.error.properties;
  assert.deepEqual([...e.reason.enum].sort(), reasons);
  assert.deepEqual([...e.code.enum].sort(), codes);
  assert.deepEqual([...doc.components.schemas.ErrorDetail.properties.reason.enum].sort(), reasons);
});

test('every documented operation exists on the server (never 404 no_route or 405)', async () => {
  const admin = await loginAs(srv.base, 'admin');
  const ops = [];
  for (const [p, item] of Object.entries(doc.paths))
    for (const m of Object.keys(item)) if (METHODS.includes(m)) ops.push([m.toUpperCase(), p]);
  // log out last
  ops.sort((a, b) => (a[0] === 'DELETE') - (b[0] === 'DELETE'));
  for (const [m, p] of ops) {
    const url = p.replace('{id}', '1').replace('{code}', 'ABCDEFGHJK');
    // an empty object: nothing is written (every write needs fields or is refused to admin)
    const r = await admin.request(m, url, m === 'GET' ? {} : { body: {} });
    assert.notEqual(r.status, 405, `${m} ${url}: 405`);
    assert.ok(!(r.status === 404 && r.json?.error?.reason === 'no_route'), `${m} ${url}: no_route`);
    assert.ok(r.status < 500, `${m} ${url}: ${r.status}`);
    // whatever it answered is documented for the operation, with a matching body
    conforms(m, p, r);
  }
});

test('the answers of the closed loop match their schemas', async () => {
  const desk1 = await loginAs(srv.base, 'desk1');
  const patrol1 = await loginAs(srv.base, 'patrol1');
  const leader1 = await loginAs(srv.base, 'leader1');
  const anon = new Client(srv.base);
  conforms('GET', '/api/v1/health', await anon.get('/api/v1/health'));
  conforms('GET', '/api/v1/session', await desk1.get('/api/v1/session'));
  conforms('GET', '/api/v1/session', await anon.get('/api/v1/session'));
  conforms('GET', '/api/v1/units', await desk1.get('/api/v1/units'));
  conforms('GET', '/api/v1/users', await desk1.get('/api/v1/users'));
  conforms('GET', '/api/v1/users', await desk1.get('/api/v1/users?role=nope'));
  const b = incidentBody({ caller_id_number: '11010519491231002X', occurred_at: '2025-06-01T10:00' });
  assert.deepEqual(validate(bodySchema('POST', '/api/v1/incidents'), b), [], 'the test body is valid per the document');
  const c = await desk1.post('/api/v1/incidents', b);
  assert.equal(c.status, 201, c.text);
  conforms('POST', '/api/v1/incidents', c);
  const id = c.json.id;
  conforms('POST', '/api/v1/incidents', await desk1.post('/api/v1/incidents', { ...b, priority: 7 }));
  conforms('POST', '/api/v1/incidents', await desk1.post('/api/v1/incidents', undefined, { raw: '{', headers: { 'Content-Type': 'application/json' } }));
  conforms('POST', '/api/v1/incidents', await desk1.post('/api/v1/incidents', undefined, { raw: '{}', headers: { 'Content-Type': 'text/plain' } }));
  conforms('POST', '/api/v1/incidents', await desk1.post('/api/v1/incidents', b, { csrf: false }));
  conforms('GET', '/api/v1/incidents', await desk1.get('/api/v1/incidents?per_page=50'));
  conforms('GET', '/api/v1/incidents', await desk1.get('/api/v1/incidents?per_page=500'));
  conforms('GET', '/api/v1/incidents/{id}', await desk1.get(`/api/v1/incidents/${id}`));
  conforms('GET', '/api/v1/incidents/{id}', await desk1.get('/api/v1/incidents/99999999'));
  const pid = await userId(desk1, 'patrol1');
  conforms('POST', '/api/v1/incidents/{id}/arrive', await leader1.post(`/api/v1/incidents/${id}/arrive`, {}));
  conforms('POST', '/api/v1/incidents/{id}/dispatch', await desk1.post(`/api/v1/incidents/${id}/dispatch`, { officer_id: pid }));
  conforms('POST', '/api/v1/incidents/{id}/arrive', await desk1.post(`/api/v1/incidents/${id}/arrive`, {}));
  conforms('POST', '/api/v1/incidents/{id}/arrive', await patrol1.post(`/api/v1/incidents/${id}/arrive`, {}));
  conforms('POST', '/api/v1/incidents/{id}/handle', await patrol1.post(`/api/v1/incidents/${id}/handle`, { result: '已处置' }));
  conforms('POST', '/api/v1/incidents/{id}/close', await desk1.post(`/api/v1/incidents/${id}/close`, {}));
  conforms('POST', '/api/v1/incidents/{id}/reply', await desk1.post(`/api/v1/incidents/${id}/reply`, { method: 'phone', content: '已回复' }));
  conforms('POST', '/api/v1/incidents/{id}/close', await desk1.post(`/api/v1/incidents/${id}/close`, { note: '办结' }));
  conforms('POST', '/api/v1/incidents/{id}/reveal', await desk1.post(`/api/v1/incidents/${id}/reveal`, { field: 'caller_phone', reason: '核实' }));
  conforms('POST', '/api/v1/incidents/{id}/reveal', await desk1.post(`/api/v1/incidents/${id}/reveal`, { field: 'caller_phone' }));
  const d = await desk1.get(`/api/v1/incidents/${id}`);
  conforms('GET', '/api/v1/incidents/{id}', d);
  assert.equal(d.json.timeline.length, 6);
  conforms('GET', '/api/v1/public/status/{code}', await anon.get(`/api/v1/public/status/${c.json.status_code}`));
  conforms('GET', '/api/v1/public/status/{code}', await anon.get('/api/v1/public/status/nothing'));
  conforms('GET', '/api/v1/audit', await leader1.get('/api/v1/audit?per_page=100'));
  conforms('GET', '/api/v1/audit', await desk1.get('/api/v1/audit'));
  conforms('POST', '/api/v1/session', await anon.post('/api/v1/session', { username: 'desk1', password: 'wrong-password' }));
  conforms('DELETE', '/api/v1/session', await patrol1.del('/api/v1/session'));
});

test('the answers of grids, settings, SLA and the leaders\' figures match their schemas', async () => {
  const admin = await loginAs(srv.base, 'admin');
  const chief = await loginAs(srv.base, 'chief');
  conforms('GET', '/api/v1/grids', await chief.get('/api/v1/grids'));
  conforms('GET', '/api/v1/settings', await chief.get('/api/v1/settings'));
  const put = { map_tile_url: 'https://tiles.example.cn/{z}/{x}/{y}.png' };
  assert.deepEqual(validate(bodySchema('PUT', '/api/v1/settings'), put), []);
  conforms('PUT', '/api/v1/settings', await admin.request('PUT', '/api/v1/settings', { body: put }));
  conforms('PUT', '/api/v1/settings', await chief.request('PUT', '/api/v1/settings', { body: put }));
  conforms('PUT', '/api/v1/settings', await admin.request('PUT', '/api/v1/settings', { body: { map_tile_url: 'ftp://x' } }));
  conforms('GET', '/api/v1/settings', await chief.get('/api/v1/settings'));
  const rule = { category: 'traffic', priority: 2, dispatch_s: 300, arrive_s: 1200, result_s: 86400, reply_s: 172800 };
  assert.deepEqual(validate(bodySchema('PUT', '/api/v1/sla'), rule), []);
  conforms('PUT', '/api/v1/sla', await admin.request('PUT', '/api/v1/sla', { body: rule }));
  conforms('PUT', '/api/v1/sla', await admin.request('PUT', '/api/v1/sla', { body: { dispatch_s: 300, arrive_s: 900, result_s: 86400, reply_s: 259200 } }));
  conforms('PUT', '/api/v1/sla', await admin.request('PUT', '/api/v1/sla', { body: { ...rule, arrive_s: 10 } }));
  conforms('PUT', '/api/v1/sla', await chief.request('PUT', '/api/v1/sla', { body: rule }));
  conforms('GET', '/api/v1/sla', await chief.get('/api/v1/sla'));
  conforms('GET', '/api/v1/stats/dashboard', await chief.get('/api/v1/stats/dashboard'));
  conforms('GET', '/api/v1/stats/dashboard', await chief.get('/api/v1/stats/dashboard?unit=x'));
  conforms('GET', '/api/v1/incidents/overdue-summary', await chief.get('/api/v1/incidents/overdue-summary'));
  conforms('GET', '/api/v1/incidents/overdue-summary', await new Client(srv.base).get('/api/v1/incidents/overdue-summary'));
});

test('list answers of other stations and roles match too (demo data in every state)', async () => {
  const analyst1 = await loginAs(srv.base, 'analyst1');
  for (const st of ['received', 'dispatched', 'on_scene', 'handled', 'replied', 'closed']) {
    const r = await analyst1.get(`/api/v1/incidents?status=${st}&per_page=20`);
    conforms('GET', '/api/v1/incidents', r);
    for (const x of r.json.items.slice(0, 3))
      conforms('GET', '/api/v1/incidents/{id}', await analyst1.get(`/api/v1/incidents/${x.id}`));
  }
  conforms('GET', '/api/v1/users', await analyst1.get('/api/v1/users?include_inactive=true'));
});

finalChecks(getServer);
