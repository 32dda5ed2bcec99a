// lib.mjs - shared helpers of the API tests: a fresh demo database, a started `xiaoan serve`
// on 127.0.0.1 with an ephemeral port, and an HTTP client with a cookie jar and the CSRF token.
//
// Environment (set by CTest, see CMakeLists.txt):
//   XIAOAN_BIN   the built binary (required)
//   XA_TEST_TMP  where temporary databases go (default: the OS temp dir)
//   XA_WEB_DIR   the static web UI directory handed to `serve --web`
//
// Every test file starts its own server over its own database, so files never see each
// other's writes, locks or rate limits. Each server is stopped with SIGTERM at the end of its
// file and must exit 0: in the sanitizer build LeakSanitizer turns a leak into a non-zero exit.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.XIAOAN_BIN || path.join(REPO, 'build', 'xiaoan');
export const TMP = process.env.XA_TEST_TMP || os.tmpdir();
export const WEB_DIR = process.env.XA_WEB_DIR || path.join(REPO, 'web');
export const PASSWORD = 'test-pass-123';

// The demo county's logins the tests rely on (DESIGN §1 roles; station 城关 CG and 河东 HD).
export const USERS = {
  admin: 'admin',
  leader1: 'leader1', // CG
  desk1: 'desk1', // CG
  patrol1: 'patrol1', // CG
  community1: 'community1', // CG
  investigator1: 'investigator1', // CG
  analyst1: 'analyst1', // bureau, sees all
  desk2: 'desk2', // HD
  patrol2: 'patrol2', // HD
  leader2: 'leader2', // HD
};

// Every response with a 5xx status seen by any client of this process: "never a 500".
export const serverErrors = [];

/* ---------------------------------------------------------------------------------------- */
/* database and server                                                                      */

function mkTempDir(prefix) {
  fs.mkdirSync(TMP, { recursive: true });
  return fs.mkdtempSync(path.join(TMP, prefix));
}

/* Creates the demo database in a new temporary directory and returns its path. */
export function makeDemoDb() {
  const dir = mkTempDir('xa-api-');
  const db = path.join(dir, 'x.db');
  const r = spawnSync(
    BIN,
    ['demo', '--db', db, '--seed', '7', '--days', '30', '--password', PASSWORD],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.error) throw new Error(`cannot run ${BIN} demo: ${r.error.message}`);
  if (r.status !== 0)
    throw new Error(`xiaoan demo exited ${r.status} (signal ${r.signal}):\n${r.stderr}\n${r.stdout}`);
  return { dir, db };
}

/* `xiaoan user list --db DB` as rows {id, username, name, role, active, unit}. */
export function userList(db) {
  const r = spawnSync(BIN, ['user', 'list', '--db', db], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`xiaoan user list exited ${r.status}: ${r.stderr}`);
  const lines = r.stdout.trim().split('\n').slice(1);
  return lines.map((l) => {
    const [id, username, name, role, active, ...unit] = l.trim().split(/\s+/);
    return { id: Number(id), username, name, role, active, unit: unit.join(' ') };
  });
}

/* A web directory with an index.html: XA_WEB_DIR when it has one, else a small one made here. */
export function webDir() {
  if (fs.existsSync(path.join(WEB_DIR, 'index.html'))) return WEB_DIR;
  const dir = mkTempDir('xa-web-');
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>小案</title></head>' +
      '<body><div id="app"></div><script type="module" src="/app.js"></script></body></html>\n',
  );
  fs.writeFileSync(path.join(dir, 'app.js'), 'console.log("xiaoan");\n');
  return dir;
}

/*
 * Starts `xiaoan serve` on db (a new demo database when none is given; env is added to the
 * server's environment, e.g. XA_FAKE_NOW to run it at another time) and resolves to a handle:
 *   { base, port, db, dir, proc, stderr(), stop() }
 * stop() sends SIGTERM and resolves to { code, signal, stderr }.
 */
export async function startServer({ db, dir, web = null, extraArgs = [], env = {} } = {}) {
  if (!db) ({ db, dir } = makeDemoDb());
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0', ...extraArgs];
  if (web) args.push('--web', web);
  const proc = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let err = '';
  proc.stderr.setEncoding('utf8');
  const exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`xiaoan serve did not report its port within 30 s:\n${err}`)),
      30_000,
    );
    proc.stderr.on('data', (chunk) => {
      err += chunk;
      const m = err.match(/xiaoan: serving http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`xiaoan serve exited early (${code ?? signal}):\n${err}`));
    });
  });
  // keep the pipe drained so the server never blocks on a full stderr
  let stopped = null;
  const srv = {
    base: `http://127.0.0.1:${port}`,
    port,
    db,
    dir,
    proc,
    stderr: () => err,
    async stop() {
      if (stopped) return stopped;
      stopped = (async () => {
        if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
        const killer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
        const { code, signal } = await exited;
        clearTimeout(killer);
        return { code, signal, stderr: err };
      })();
      return stopped;
    },
  };
  return srv;
}

/*
 * The usual file setup: a server over a fresh demo database, stopped after the file's tests.
 * Registers a final test "the server exits 0 on SIGTERM" (leaks fail it in the sanitizer build),
 * and an after() hook that stops the server if a test failed before that. Call at top level
 * before declaring tests; the returned promise resolves to the server.
 */
export function useServer(opts = {}) {
  let srvPromise = null;
  const get = () => {
    if (!srvPromise) srvPromise = startServer(opts);
    return srvPromise;
  };
  after(async () => {
    if (!srvPromise) return;
    const srv = await srvPromise.catch(() => null);
    if (srv) await srv.stop();
  });
  return get;
}

/* Declares the last test of a file: no 5xx seen, and the server stops cleanly with exit 0. */
export function finalChecks(getServer) {
  test('no request of this file was answered with a 5xx status', () => {
    assert.deepEqual(serverErrors, []);
  });
  test('the server exits 0 on SIGTERM (no leak, no crash)', async () => {
    const srv = await getServer();
    const { code, signal, stderr } = await srv.stop();
    assert.equal(signal, null, `server died of ${signal}:\n${tail(stderr)}`);
    assert.equal(code, 0, `server exited ${code}:\n${tail(stderr)}`);
    assert.doesNotMatch(stderr, /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/);
    removeDir(srv.dir); // kept when the server failed to stop cleanly, for a look
  });
}

/* Removes a temporary directory made by makeDemoDb (only under TMP, never anything else). */
export function removeDir(dir) {
  if (dir && path.resolve(dir).startsWith(path.resolve(TMP) + path.sep) && /xa-api-/.test(path.basename(dir)))
    fs.rmSync(dir, { recursive: true, force: true });
}

export function tail(s, n = 60) {
  return s.split('\n').slice(-n).join('\n');
}

/* ---------------------------------------------------------------------------------------- */
/* HTTP client                                                                              */

export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
    this.user = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /* Low-level request. opts: {body (object → JSON), raw (string/Buffer body), headers,
   * csrf (false to leave X-CSRF-Token out, or a string to send instead)}. */
  async request(method, urlPath, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.cookies.size && !('Cookie' in headers)) headers.Cookie = this.cookieHeader();
    if (method !== 'GET' && method !== 'HEAD') {
      const token = opts.csrf === undefined ? this.csrf : opts.csrf;
      if (token) headers['X-CSRF-Token'] = token;
    }
    let body;
    if (opts.raw !== undefined) {
      body = opts.raw;
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
        headers['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.base + urlPath, { method, headers, body, redirect: 'manual' });
    for (const sc of res.headers.getSetCookie()) {
      const [pair, ...attrs] = sc.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      if (!value || (maxAge && Number(maxAge.split('=')[1]) <= 0)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let json = null;
    if ((res.headers.get('content-type') || '').includes('application/json') && text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined; // a JSON content type with a body that is not JSON
      }
    }
    const out = { status: res.status, headers: res.headers, json, text, method, path: urlPath };
    if (res.status >= 500) serverErrors.push(`${method} ${urlPath} → ${res.status} ${text}`);
    return out;
  }

  get(p, opts) {
    return this.request('GET', p, opts);
  }
  post(p, body, opts = {}) {
    return this.request('POST', p, { ...opts, body });
  }
  del(p, opts) {
    return this.request('DELETE', p, opts);
  }

  async login(username, password = PASSWORD) {
    const r = await this.request('POST', '/api/v1/session', { body: { username, password } });
    if (r.status === 200 && r.json) {
      this.csrf = r.json.csrf_token;
      this.user = r.json.user;
    }
    return r;
  }
}

/* A client logged in as username (asserting the login worked). */
export async function loginAs(base, username, password = PASSWORD) {
  const c = new Client(base);
  const r = await c.login(username, password);
  assert.equal(r.status, 200, `login ${username}: ${r.status} ${r.text}`);
  return c;
}

/* Asserts an error response: status, error.code word (optional), reason, field. */
export function assertError(r, status, reason, field) {
  const where = `${r.method} ${r.path} → ${r.status} ${r.text}`;
  assert.equal(r.status, status, where);
  assert.ok(r.json && typeof r.json.error === 'object', `no error object: ${where}`);
  const e = r.json.error;
  assert.equal(typeof e.code, 'string', where);
  assert.equal(typeof e.message, 'string', where);
  assert.ok(e.message.length > 0, where);
  assert.ok(Array.isArray(e.details), `details must be an array: ${where}`);
  if (reason !== undefined) assert.equal(e.reason, reason, where);
  if (field !== undefined) assert.equal(e.field, field, where);
  return e;
}

/* Asserts a 2xx-class status with a message that shows the body when it is not. */
export function assertStatus(r, status) {
  assert.equal(r.status, status, `${r.method} ${r.path} → ${r.status} ${r.text}`);
  return r.json;
}

/* ---------------------------------------------------------------------------------------- */
/* domain helpers                                                                           */

/* A fresh valid incident body; fields override. A random token in the narrative finds it. */
export function incidentBody(fields = {}) {
  const token = uniq();
  return {
    channel: 'phone',
    category: 'dispute',
    priority: 2,
    caller_name: '张三',
    caller_phone: '13812345678',
    address: '城关镇人民路12号',
    lat: 30.5123,
    lon: 114.3123,
    narrative: `邻居装修噪音扰民 ${token}`,
    ...fields,
  };
}

let seq = 0;
export function uniq() {
  seq += 1;
  return `T${process.pid.toString(36)}${Date.now().toString(36)}${seq}`.toUpperCase();
}

/* The user id of username as seen by client c (GET /users?username=). */
export async function userId(c, username) {
  const r = await c.get(`/api/v1/users?username=${encodeURIComponent(username)}`);
  assert.equal(r.status, 200, r.text);
  const u = r.json.items.find((x) => x.username === username);
  assert.ok(u, `user ${username} not visible to ${c.user?.username}`);
  return u.id;
}

/* The unit with code (GET /units). */
export async function unitByCode(c, code) {
  const r = await c.get('/api/v1/units');
  assert.equal(r.status, 200, r.text);
  const u = r.json.items.find((x) => x.code === code);
  assert.ok(u, `no unit ${code} in ${r.text}`);
  return u;
}

/* GB 11643 check character of the first 17 digits. */
export function idCheckChar(s17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s17[i]) * w[i];
  return '10X98765432'[sum % 11];
}

/* Creates an incident as c and walks it through the given actions; returns the incident.
 * steps: [['dispatch', client, body], ['arrive', client], ...]. */
export async function createIncident(c, fields = {}) {
  const r = await c.post('/api/v1/incidents', incidentBody(fields));
  assert.equal(r.status, 201, `create: ${r.status} ${r.text}`);
  return r.json;
}

export async function step(c, id, action, body = {}) {
  const r = await c.post(`/api/v1/incidents/${id}/${action}`, body);
  assert.equal(r.status, 200, `${action} by ${c.user?.username}: ${r.status} ${r.text}`);
  return r.json;
}

/* A raw HTTP request (no URL normalisation, unlike fetch): resolves to {status, headers, text}. */
export function rawRequest(base, method, rawPath, { headers = {}, body } = {}) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method, path: rawPath, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          if (res.statusCode >= 500) serverErrors.push(`${method} ${rawPath} → ${res.statusCode}`);
          resolve({ status: res.statusCode, headers: res.headers, text });
        });
      },
    );
    req.on('error', reject);
    if (typeof body === 'function') body(req);
    else req.end(body);
  });
}
