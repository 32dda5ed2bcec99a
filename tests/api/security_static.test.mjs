// security_static.test.mjs - security headers on every response (API and static files), the
// static web UI from --web, and paths that try to leave the web directory.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Client, assertError, assertStatus, finalChecks, loginAs, rawRequest, useServer, webDir } from './lib.mjs';

const WEB = webDir();
const getServer = useServer({ web: WEB });
let srv, anon, desk1;

before(async () => {
  srv = await getServer();
  anon = new Client(srv.base);
  desk1 = await loginAs(srv.base, 'desk1');
});

/* The directives of a CSP header as a map name → [values]. */
function csp(h) {
  const out = new Map();
  for (const part of (h || '').split(';')) {
    const [name, ...vals] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), vals);
  }
  return out;
}

function assertSecurityHeaders(headers, what) {
  const get = (k) => (typeof headers.get === 'function' ? headers.get(k) : headers[k.toLowerCase()]);
  const policy = get('content-security-policy');
  assert.ok(policy, `${what}: no Content-Security-Policy`);
  const d = csp(policy);
  const script = d.get('script-src') || d.get('default-src');
  assert.ok(script, `${what}: CSP has neither script-src nor default-src`);
  assert.ok(!script.includes("'unsafe-inline'"), `${what}: script-src allows 'unsafe-inline'`);
  assert.ok(!script.includes("'unsafe-eval'"), `${what}: script-src allows 'unsafe-eval'`);
  assert.ok(!script.includes('*'), `${what}: script-src allows any origin`);
  assert.deepEqual(d.get('frame-ancestors'), ["'none'"], `${what}: frame-ancestors`);
  assert.deepEqual(d.get('object-src'), ["'none'"], `${what}: object-src`);
  assert.equal(get('x-frame-options'), 'DENY', what);
  assert.equal(get('x-content-type-options'), 'nosniff', what);
  assert.equal(get('referrer-policy'), 'same-origin', what);
}

test('API answers carry the security headers (200, 401, 404, 405, 422 and public)', async () => {
  const cases = [
    await anon.get('/api/v1/health'),
    await anon.get('/api/v1/session'),
    await anon.get('/api/v1/nope'),
    await anon.request('PUT', '/api/v1/incidents'),
    await anon.post('/api/v1/session', {}),
    await anon.get('/api/v1/public/status/ABCDEFGHJK'),
    await desk1.get('/api/v1/incidents?per_page=1'),
  ];
  for (const r of cases) {
    assertSecurityHeaders(r.headers, `${r.method} ${r.path} ${r.status}`);
    assert.match(r.headers.get('content-type'), /^application\/json; charset=utf-8/);
    assert.equal(r.headers.get('cache-control'), 'no-store', `${r.path}: API answers are not cached`);
  }
});

test('GET / serves index.html from the web directory, with the security headers', async () => {
  const r = await anon.get('/');
  assert.equal(r.status, 200);
  assert.equal(r.text, fs.readFileSync(path.join(WEB, 'index.html'), 'utf8'));
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assertSecurityHeaders(r.headers, 'GET /');
  const i = await anon.get('/index.html');
  assert.equal(i.status, 200);
  assert.equal(i.text, r.text);
});

test('a page route of the single-page UI gets index.html; a missing file gets 404', async () => {
  const r = await anon.get('/incidents/42');
  assert.equal(r.status, 200);
  assert.equal(r.text, fs.readFileSync(path.join(WEB, 'index.html'), 'utf8'));
  const m = await anon.get('/no-such-file.js');
  assert.equal(m.status, 404);
  assertSecurityHeaders(m.headers, '404 static');
});

test('static files get their content type', async () => {
  const top = fs.readdirSync(WEB);
  const assets = fs.existsSync(path.join(WEB, 'assets')) ? fs.readdirSync(path.join(WEB, 'assets')).map((f) => `assets/${f}`) : [];
  const js = [...assets, ...top].find((f) => /\.m?js$/.test(f));
  if (!js) return; // a web dir without scripts: nothing to check
  const r = await anon.get(`/${js}`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/javascript/);
  assertSecurityHeaders(r.headers, js);
});

test('paths that leave the web directory answer 404 and never a file', async () => {
  const paths = [
    '/../etc/passwd',
    '/../../../../etc/passwd',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/assets/../../etc/passwd',
    '//etc/passwd',
    '/.%2e/.%2e/etc/passwd',
    '/..\\..\\etc\\passwd',
  ];
  for (const p of paths) {
    const r = await rawRequest(srv.base, 'GET', p);
    assert.ok(r.status === 404 || r.status === 400, `${p} → ${r.status}`);
    assert.ok(!r.text.includes('root:'), `${p} served /etc/passwd`);
  }
});

test('writes to static paths answer 405', async () => {
  const r = await rawRequest(srv.base, 'POST', '/index.html', { body: 'x' });
  assert.equal(r.status, 405);
  assertSecurityHeaders(r.headers, 'POST /index.html');
});

test('API JSON never reflects script: an error naming a field echoes it as JSON, not HTML', async () => {
  const r = await desk1.post('/api/v1/incidents', { '<script>alert(1)</script>': 1, channel: 'phone', category: 'help', narrative: 'x' });
  assertError(r, 422, 'unknown_field', '<script>alert(1)</script>');
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
});

test('the session cookie is not readable by scripts and not sent cross-site', async () => {
  const c = new Client(srv.base);
  const r = await c.login('desk1');
  assertStatus(r, 200);
  const sc = r.headers.getSetCookie()[0];
  assert.match(sc, /;\s*HttpOnly/i);
  assert.match(sc, /;\s*SameSite=Strict/i);
});

finalChecks(getServer);
