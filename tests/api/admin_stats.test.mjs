// admin_stats.test.mjs - grids, settings, SLA rules and the leaders' figures (dashboard and
// overdue board): who may read and change them, and that the figures agree with the records.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Client,
  assertError,
  assertStatus,
  finalChecks,
  incidentBody,
  loginAs,
  unitByCode,
  useServer,
} from './lib.mjs';

const getServer = useServer();
let srv, admin, desk1, desk2, leader1, analyst1, units, cg, hd;

function subtree(rootId) {
  const root = units.find((u) => u.id === rootId);
  return new Set(units.filter((u) => u.path.startsWith(root.path)).map((u) => u.id));
}

const shanghaiDay = (t = Date.now()) => new Date(t + 8 * 3600e3).toISOString().slice(0, 10);

before(async () => {
  srv = await getServer();
  [admin, desk1, desk2, leader1, analyst1] = await Promise.all(
    ['admin', 'desk1', 'desk2', 'leader1', 'analyst1'].map((u) => loginAs(srv.base, u)),
  );
  units = assertStatus(await admin.get('/api/v1/units'), 200).items;
  cg = await unitByCode(admin, 'CG');
  hd = await unitByCode(admin, 'HD');
});

test('grids: desk1 sees the grids of 城关 only, analyst1 those of every station', async () => {
  const mine = subtree(cg.id);
  const g1 = assertStatus(await desk1.get('/api/v1/grids'), 200);
  assert.ok(g1.items.length > 0, 'the demo has grids in 城关');
  assert.equal(g1.total, g1.items.length);
  for (const g of g1.items) assert.ok(mine.has(g.unit_id), `${g.code} of ${g.unit_name} is outside 城关`);
  const all = assertStatus(await analyst1.get('/api/v1/grids'), 200);
  assert.ok(all.items.some((g) => subtree(hd.id).has(g.unit_id)), 'analyst sees 河东 grids');
  assert.ok(all.total > g1.total);
  for (const g of all.items) {
    assert.ok(['village', 'community'].includes(g.kind));
    assert.ok(g.center_lat >= -90 && g.center_lat <= 90);
    assert.ok(g.center_lon >= -180 && g.center_lon <= 180);
    if (g.polygon) {
      const ring = g.polygon[0];
      assert.ok(ring.length >= 4, `${g.code}: a ring has at least 4 points`);
      assert.deepEqual(ring[0], ring[ring.length - 1], `${g.code}: the ring is closed`);
    }
  }
  assertError(await new Client(srv.base).get('/api/v1/grids'), 401, 'login_required');
});

test('settings: anyone logged in reads them; only an administrator changes them', async () => {
  const s = assertStatus(await desk1.get('/api/v1/settings'), 200);
  assert.ok('map_tile_url' in s);
  assertError(await new Client(srv.base).get('/api/v1/settings'), 401, 'login_required');
  const url = 'https://tiles.example.cn/{z}/{x}/{y}.png';
  assertError(await desk1.request('PUT', '/api/v1/settings', { body: { map_tile_url: url } }), 403, 'role_denied');
  assertError(await leader1.request('PUT', '/api/v1/settings', { body: { map_tile_url: url } }), 403, 'role_denied');
  assertError(await admin.request('PUT', '/api/v1/settings', { body: { map_tile_url: url }, csrf: false }), 403, 'csrf');
  const r = assertStatus(await admin.request('PUT', '/api/v1/settings', { body: { map_tile_url: url } }), 200);
  assert.deepEqual(r, { map_tile_url: url });
  assert.deepEqual(assertStatus(await desk1.get('/api/v1/settings'), 200), { map_tile_url: url });
  const a = assertStatus(await admin.get('/api/v1/audit?action=setting.&per_page=10'), 200);
  assert.ok(a.items.some((x) => x.action === 'setting.map_tile_url' && x.username === 'admin'), 'audited');
});

test('settings: a bad tile URL is refused with 422 naming map_tile_url, and nothing changes', async () => {
  const before = assertStatus(await admin.get('/api/v1/settings'), 200);
  const cases = [
    [{ map_tile_url: 'javascript:alert(1)//{z}/{x}/{y}' }, 'bad_format'],
    [{ map_tile_url: 'https://tiles.example.cn/{z}/{x}.png' }, 'bad_format'],
    [{ map_tile_url: 'https://tiles.example.cn/{z}/{x}/{y}.png?"onerror=' }, 'bad_format'],
    [{ map_tile_url: `https://t.example.cn/${'a'.repeat(300)}/{z}/{x}/{y}` }, 'bad_format'],
    [{ map_tile_url: 42 }, 'wrong_type'],
    [{}, 'required'],
  ];
  for (const [b, reason] of cases)
    assertError(await admin.request('PUT', '/api/v1/settings', { body: b }), 422, reason, 'map_tile_url');
  assertError(await admin.request('PUT', '/api/v1/settings', { body: { map_tile_url: null, theme: 'dark' } }), 422, 'unknown_field', 'theme');
  assert.deepEqual(assertStatus(await admin.get('/api/v1/settings'), 200), before);
  const cleared = assertStatus(await admin.request('PUT', '/api/v1/settings', { body: { map_tile_url: null } }), 200);
  assert.deepEqual(cleared, { map_tile_url: null });
});

test('SLA: the default rule is 5 min / 15 min / 24 h / 72 h', async () => {
  const s = assertStatus(await desk1.get('/api/v1/sla'), 200);
  assert.deepEqual(s.default, { category: null, priority: null, dispatch_s: 300, arrive_s: 900, result_s: 86400, reply_s: 259200 });
  assert.ok(Array.isArray(s.items));
});

test('SLA: an administrator sets a rule and new incidents get its deadlines', async () => {
  const rule = { category: 'fire', priority: 1, dispatch_s: 120, arrive_s: 600, result_s: 3600, reply_s: 7200 };
  assertError(await desk1.request('PUT', '/api/v1/sla', { body: rule }), 403, 'role_denied');
  assertError(await leader1.request('PUT', '/api/v1/sla', { body: rule }), 403, 'role_denied');
  assertError(await admin.request('PUT', '/api/v1/sla', { body: rule, csrf: false }), 403, 'csrf');
  assert.deepEqual(assertStatus(await admin.request('PUT', '/api/v1/sla', { body: rule }), 200), rule);
  const s = assertStatus(await desk1.get('/api/v1/sla'), 200);
  assert.ok(s.items.some((x) => JSON.stringify(x) === JSON.stringify(rule)), JSON.stringify(s.items));
  const inc = assertStatus(await desk1.post('/api/v1/incidents', incidentBody({ category: 'fire', priority: 1 })), 201);
  const rec = Date.parse(inc.received_at);
  assert.equal(Date.parse(inc.due.dispatch) - rec, 120e3);
  assert.equal(Date.parse(inc.due.arrive) - rec, 600e3);
  assert.equal(Date.parse(inc.due.result) - rec, 3600e3);
  assert.equal(Date.parse(inc.due.reply) - rec, 7200e3);
  // another category keeps the default
  const other = assertStatus(await desk1.post('/api/v1/incidents', incidentBody({ category: 'help', priority: 1 })), 201);
  assert.equal(Date.parse(other.due.dispatch) - Date.parse(other.received_at), 300e3);
  const a = assertStatus(await admin.get('/api/v1/audit?action=sla.set'), 200);
  assert.equal(a.total, 1);
});

test('SLA: bad rules are refused with 422 naming the field', async () => {
  const ok = { dispatch_s: 300, arrive_s: 900, result_s: 86400, reply_s: 259200 };
  const cases = [
    [{ ...ok, dispatch_s: 59 }, 'dispatch_s', 'out_of_range'],
    [{ ...ok, reply_s: 31 * 86400 }, 'reply_s', 'out_of_range'],
    [{ ...ok, arrive_s: 200 }, 'arrive_s', 'out_of_range'],
    [{ ...ok, dispatch_s: '300' }, 'dispatch_s', 'wrong_type'],
    [{ ...ok, category: 'theft' }, 'category', 'unknown_value'],
    [{ ...ok, priority: 5 }, 'priority', 'out_of_range'],
    [{ ...ok, colour: 1 }, 'colour', 'unknown_field'],
    [{ dispatch_s: 300, arrive_s: 900, result_s: 86400 }, 'reply_s', 'required'],
  ];
  const before = assertStatus(await admin.get('/api/v1/sla'), 200);
  for (const [b, field, reason] of cases)
    assertError(await admin.request('PUT', '/api/v1/sla', { body: b }), 422, reason, field);
  assert.deepEqual(assertStatus(await admin.get('/api/v1/sla'), 200), before);
});

test('dashboard: today\'s counts follow new incidents of the user\'s units only', async () => {
  const b1 = assertStatus(await leader1.get('/api/v1/stats/dashboard'), 200);
  const b2 = assertStatus(await desk2.get('/api/v1/stats/dashboard'), 200);
  const inc = assertStatus(await desk1.post('/api/v1/incidents', incidentBody()), 201);
  const a1 = assertStatus(await leader1.get('/api/v1/stats/dashboard'), 200);
  const a2 = assertStatus(await desk2.get('/api/v1/stats/dashboard'), 200);
  assert.equal(a1.today.total, b1.today.total + 1);
  assert.equal(a1.today.by_status.received, b1.today.by_status.received + 1);
  assert.equal(a1.month.total, b1.month.total + 1);
  assert.equal(a2.today.total, b2.today.total, '河东 figures do not count a 城关 incident');
  for (const d of [a1, a2]) {
    const sum = Object.values(d.today.by_status).reduce((x, y) => x + y, 0);
    assert.equal(sum, d.today.total);
    assert.ok(d.month.total >= d.today.total);
  }
  assert.ok(a1.today_points.some((p) => p.id === inc.id && p.code === inc.code), 'today\'s incident is on the map');
  assert.ok(!a2.today_points.some((p) => p.id === inc.id));
  const p = a1.today_points.find((x) => x.id === inc.id);
  assert.equal(p.lat, inc.lat);
  assert.equal(p.lon, inc.lon);
});

test('dashboard: 30 days of series ending today, each day\'s total the sum of its categories', async () => {
  const d = assertStatus(await leader1.get('/api/v1/stats/dashboard'), 200);
  assert.equal(d.daily.length, 30);
  assert.equal(d.daily[29].day, shanghaiDay());
  assert.equal(d.daily[0].day, shanghaiDay(Date.now() - 29 * 86400e3));
  for (const day of d.daily) {
    const sum = Object.values(day.by_category).reduce((x, y) => x + y, 0);
    assert.equal(sum, day.total, day.day);
  }
  assert.ok(d.daily.reduce((x, y) => x + y.total, 0) > 0, 'the demo has calls in the last 30 days');
  assert.equal(d.daily[29].total, d.today.total);
  if (d.response_median_s !== null) assert.ok(d.response_median_s >= 0 && d.response_count > 0);
});

test('dashboard and overdue board agree with the incident list', async () => {
  for (const c of [leader1, desk2, analyst1]) {
    const d = assertStatus(await c.get('/api/v1/stats/dashboard'), 200);
    const o = assertStatus(await c.get('/api/v1/incidents/overdue-summary'), 200);
    const l = assertStatus(await c.get('/api/v1/incidents?overdue=true&per_page=1'), 200);
    assert.equal(o.total, o.items.reduce((x, y) => x + y.count, 0), c.user.username);
    assert.equal(d.overdue, o.total, `${c.user.username}: dashboard overdue ${d.overdue} ≠ board ${o.total}`);
    assert.equal(l.total, o.total, `${c.user.username}: list overdue ${l.total} ≠ board ${o.total}`);
    for (const it of o.items) {
      assert.ok(['dispatch', 'arrive', 'result', 'reply'].includes(it.step), JSON.stringify(it));
      assert.ok(it.count > 0);
      assert.equal(typeof it.unit_name, 'string');
    }
  }
  const o2 = assertStatus(await desk2.get('/api/v1/incidents/overdue-summary'), 200);
  const hdSet = subtree(hd.id);
  for (const it of o2.items) assert.ok(hdSet.has(it.unit_id), `${it.unit_name} outside 河东`);
});

test('stats take a unit filter that never widens the scope, and refuse a bad one', async () => {
  const d = assertStatus(await desk2.get(`/api/v1/stats/dashboard?unit=${cg.id}`), 200);
  assert.equal(d.today.total, 0);
  assert.equal(d.month.total, 0);
  assert.deepEqual(d.today_points, []);
  const o = assertStatus(await desk2.get(`/api/v1/incidents/overdue-summary?unit=${cg.id}`), 200);
  assert.equal(o.total, 0);
  assertError(await leader1.get('/api/v1/stats/dashboard?unit=abc'), 422, 'bad_format', 'unit');
  assertError(await leader1.get('/api/v1/incidents/overdue-summary?unit=0'), 422, 'out_of_range', 'unit');
  assertError(await new Client(srv.base).get('/api/v1/stats/dashboard'), 401, 'login_required');
});

finalChecks(getServer);
