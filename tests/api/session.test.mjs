// session.test.mjs - login, session, logout, lockout, CSRF and the per-address login limit.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  PASSWORD,
  assertError,
  assertStatus,
  finalChecks,
  incidentBody,
  loginAs,
  removeDir,
  startServer,
  useServer,
} from './lib.mjs';

const getServer = useServer();
let srv;
before(async () => {
  srv = await getServer();
});

test('login answers 200 with the user, a CSRF token and an HttpOnly SameSite=Strict cookie', async () => {
  const c = new Client(srv.base);
  const r = await c.login('desk1');
  const body = assertStatus(r, 200);
  assert.equal(body.user.username, 'desk1');
  assert.equal(body.user.role, 'desk');
  assert.equal(typeof body.user.id, 'number');
  assert.equal(typeof body.csrf_token, 'string');
  assert.ok(body.csrf_token.length >= 32, 'CSRF token is long enough to be unguessable');
  assert.match(body.expires_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.ok(!('password_hash' in body.user), 'no password hash in the answer');
  const cookies = r.headers.getSetCookie();
  const sc = cookies.find((x) => x.startsWith('xa_session='));
  assert.ok(sc, `no xa_session cookie in ${JSON.stringify(cookies)}`);
  const attrs = sc.split(';').map((x) => x.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), sc);
  assert.ok(attrs.includes('samesite=strict'), sc);
  assert.ok(attrs.includes('path=/'), sc);
  const token = sc.split(';')[0].slice('xa_session='.length);
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(body).includes(token), 'the session token is not in the body');
  assert.equal(r.headers.get('cache-control'), 'no-store');
});

test('a wrong password answers 401 bad_credentials', async () => {
  const r = await new Client(srv.base).login('desk1', 'wrong-password-1');
  assertError(r, 401, 'bad_credentials');
  assert.equal(r.json.error.code, 'unauthorized');
  assert.equal(r.headers.getSetCookie().length, 0, 'no cookie on a failed login');
});

test('an unknown user answers exactly like a wrong password (no user enumeration)', async () => {
  const a = await new Client(srv.base).login('desk1', 'wrong-password-2');
  const b = await new Client(srv.base).login('no-such-user-xyz', 'wrong-password-2');
  assert.equal(b.status, 401);
  assert.deepEqual(b.json, a.json);
});

test('login without a password answers 422 naming the field', async () => {
  const c = new Client(srv.base);
  const r = await c.post('/api/v1/session', { username: 'desk1' });
  assertError(r, 422, 'required', 'password');
  const r2 = await c.post('/api/v1/session', { username: 'desk1', password: PASSWORD, remember: true });
  assertError(r2, 422, 'unknown_field', 'remember');
});

test('five wrong passwords lock the account: 429 locked even with the right password', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await new Client(srv.base).login('investigator1', `wrong-${i}-password`);
    assertError(r, 401, 'bad_credentials');
  }
  const r = await new Client(srv.base).login('investigator1', PASSWORD);
  assertError(r, 429, 'locked');
  assert.equal(r.json.error.code, 'rate_limited');
  assert.equal(r.headers.getSetCookie().length, 0);
});

test('GET /session tells who is logged in, with the same CSRF token', async () => {
  const c = await loginAs(srv.base, 'desk1');
  const r = await c.get('/api/v1/session');
  const body = assertStatus(r, 200);
  assert.equal(body.user.username, 'desk1');
  assert.equal(body.csrf_token, c.csrf);
  assert.equal(body.sees_all, false, 'a station desk officer does not see all units');
  const a = await loginAs(srv.base, 'analyst1');
  const ra = await a.get('/api/v1/session');
  assert.equal(assertStatus(ra, 200).sees_all, true, 'an analyst sees all units');
});

test('DELETE /session logs out: the cookie is cleared and the old token is dead', async () => {
  const c = await loginAs(srv.base, 'desk1');
  const old = c.cookieHeader();
  const r = await c.del('/api/v1/session');
  assertStatus(r, 200);
  assert.deepEqual(r.json, { ok: true });
  const sc = r.headers.getSetCookie().find((x) => x.startsWith('xa_session='));
  assert.ok(sc, 'logout sets the cookie again to clear it');
  assert.match(sc, /Max-Age=0/i);
  assert.equal(c.cookies.size, 0);
  const again = await c.get('/api/v1/session');
  assertError(again, 401, 'login_required');
  // replaying the old cookie must not work either: the session is gone on the server
  const replay = await new Client(srv.base).get('/api/v1/session', { headers: { Cookie: old } });
  assertError(replay, 401, 'login_required');
});

test('requests without a session cookie answer 401 login_required', async () => {
  const c = new Client(srv.base);
  for (const [m, p] of [
    ['GET', '/api/v1/session'],
    ['GET', '/api/v1/incidents'],
    ['GET', '/api/v1/incidents/1'],
    ['GET', '/api/v1/users'],
    ['GET', '/api/v1/units'],
    ['GET', '/api/v1/audit'],
    ['POST', '/api/v1/incidents'],
    ['POST', '/api/v1/incidents/1/dispatch'],
    ['DELETE', '/api/v1/session'],
  ]) {
    const r = await c.request(m, p, m === 'POST' ? { body: incidentBody() } : {});
    const e = assertError(r, 401, 'login_required');
    assert.equal(e.code, 'unauthorized');
  }
});

test('a forged or malformed session cookie answers 401', async () => {
  for (const v of ['0'.repeat(64), 'abc', 'f'.repeat(65), '']) {
    const r = await new Client(srv.base).get('/api/v1/session', { headers: { Cookie: `xa_session=${v}` } });
    assertError(r, 401, 'login_required');
  }
});

test('public endpoints answer without a session', async () => {
  const c = new Client(srv.base);
  const h = await c.get('/api/v1/health');
  assert.equal(assertStatus(h, 200).ok, true);
  assert.equal(typeof h.json.version, 'string');
  const v = await c.get('/api/v1/vocab');
  const vocab = assertStatus(v, 200);
  for (const k of ['channel', 'category', 'reply_method', 'role', 'unit_kind', 'incident_status'])
    assert.ok(Array.isArray(vocab[k]) && vocab[k].length > 0, `vocab ${k}`);
  assert.deepEqual(
    vocab.category.map((e) => e.code),
    ['criminal', 'public_order', 'dispute', 'help', 'traffic', 'fire', 'complaint', 'other'],
  );
  assert.equal(vocab.category[0].zh, '刑事');
});

test('CSRF: a write with the cookie but without X-CSRF-Token answers 403 csrf', async () => {
  const c = await loginAs(srv.base, 'desk1');
  const before = (await c.get('/api/v1/incidents?per_page=1')).json.total;
  const r = await c.post('/api/v1/incidents', incidentBody(), { csrf: false });
  const e = assertError(r, 403, 'csrf');
  assert.equal(e.code, 'forbidden');
  const after = (await c.get('/api/v1/incidents?per_page=1')).json.total;
  assert.equal(after, before, 'nothing written');
});

test('CSRF: a wrong, empty or other session\'s X-CSRF-Token answers 403 csrf', async () => {
  const c = await loginAs(srv.base, 'desk1');
  const other = await loginAs(srv.base, 'leader1');
  for (const token of ['x'.repeat(c.csrf.length), c.csrf.slice(0, -1), `${c.csrf}0`, other.csrf, ' ']) {
    const r = await c.post('/api/v1/incidents', incidentBody(), { csrf: token });
    assertError(r, 403, 'csrf');
  }
  // logout is a write too
  const d = await c.del('/api/v1/session', { csrf: false });
  assertError(d, 403, 'csrf');
  assertStatus(await c.get('/api/v1/session'), 200); // still logged in
  // and the right token works
  const ok = await c.post('/api/v1/incidents', incidentBody());
  assertStatus(ok, 201);
});

test('per-address limit: after 30 login attempts in 5 minutes the next answers 429 too_many_attempts', async () => {
  // its own server: the limit locks 127.0.0.1 out of logins for five minutes
  const own = await startServer();
  try {
    const attempts = [];
    for (let i = 0; i < 30; i++)
      attempts.push(new Client(own.base).login(`nobody${i}`, 'wrong-password-x'));
    const rs = await Promise.all(attempts);
    for (const r of rs) assertError(r, 401, 'bad_credentials');
    const r = await new Client(own.base).login('desk1', PASSWORD);
    const e = assertError(r, 429, 'too_many_attempts');
    assert.equal(e.code, 'rate_limited');
    assert.equal(r.headers.getSetCookie().length, 0);
  } finally {
    const { code, signal, stderr } = await own.stop();
    assert.equal(signal, null, stderr);
    assert.equal(code, 0, `second server exited ${code}:\n${stderr.slice(-3000)}`);
    removeDir(own.dir);
  }
});

finalChecks(getServer);
