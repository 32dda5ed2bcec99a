// Series linkage by clicking (issue 6): an investigator opens a new night car-door theft where the
// demo county planted a series of them; the 相似案件 panel shows the planted cases with 可能性 and
// the reasons; the investigator links one (串并) — the series page shows the new case — and
// rejects another with a reason. An analyst adds a note, adds a case, splits it off into a new
// series and merges it back; the clue counters move by what happened. The leader's CompStat page
// shows numbers, a cell of its table equals the API's figure, and the pages work at 375 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, context, newPage, login, shot, apiCall, pickOption, horizontalOverflow, PHONE } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

// Pick a node path in an Element Plus cascader by the visible labels.
async function pickCascader(page, cascader, labels) {
  await cascader.scrollIntoViewIfNeeded()
  await cascader.click()
  for (const l of labels) {
    const node = page.locator('.el-cascader__dropdown:visible .el-cascader-node', {
      has: page.locator('.el-cascader-node__label', { hasText: new RegExp(`^${l}$`) }),
    }).first()
    await node.waitFor()
    await node.click()
  }
  await page.keyboard.press('Escape')
  await page.locator('.el-cascader__dropdown:visible').waitFor({ state: 'hidden' }).catch(() => {})
}

// Vocabulary codes and English words must not reach the Chinese screen.
async function assertChinese(page, where) {
  const text = await page.locator('#main').innerText()
  const m = text.match(/\b[a-z]+(?:[._][a-z]+)+\b|\b(?:open|verified|not_verified|partly_solved|linkage|analysis|investigating|solved|criminal|week|month|undefined|null|NaN)\b/)
  assert.equal(m, null, `raw code or English "${m && m[0]}" on ${where}`)
}

// The largest cluster of night car-door thefts the user sees (the planted series): its centre.
function metres(a, b) {
  const dy = (a.lat - b.lat) * 111320
  const dx = (a.lon - b.lon) * 111320 * Math.cos((a.lat * Math.PI) / 180)
  return Math.hypot(dx, dy)
}
async function plantedCluster(page) {
  const r = await apiCall(page, 'GET', '/cases?type=theft.car_door&per_page=100')
  assert.equal(r.status, 200)
  const cs = r.body.items.filter((c) => c.lat != null && c.lon != null)
  let best = []
  for (const c of cs) {
    const near = cs.filter((d) => metres(c, d) < 300)
    if (near.length > best.length) best = near
  }
  assert.ok(best.length >= 3, `a cluster of car-door thefts (found ${best.length})`)
  const lat = best.reduce((s, c) => s + c.lat, 0) / best.length
  const lon = best.reduce((s, c) => s + c.lon, 0) / best.length
  return { lat, lon, address: best[0].address || '城关镇小区停车场', cases: best }
}

// night n before today (n = 1: last night), 23:xx to 0y:xx, Asia/Shanghai, as ISO text
function night(n, from = '23:40', to = '01:50') {
  const now = Date.now() + 8 * 3600e3
  // before 03:00 in Shanghai last night has not ended: the nights count from the one before
  // (a window ending in the future is refused)
  const m = n + (new Date(now).getUTCHours() < 3 ? 1 : 0)
  const d0 = new Date(now - m * 86400e3).toISOString().slice(0, 10)
  const d1 = new Date(now - (m - 1) * 86400e3).toISOString().slice(0, 10)
  return { occurred: `${d0}T${from}:00+08:00`, until: `${d1}T${to}:00+08:00` }
}

async function counter(page, key) {
  const el = page.locator(`[data-counter-value=${key}]`)
  await el.waitFor()
  return Number((await el.innerText()).trim())
}
async function openClues(page) {
  await page.goto('/clues')
  await page.locator('[data-testid=clue-counters] [data-counter=clues]').waitFor()
  await page.waitForLoadState('networkidle')
}

let newCaseId, newCaseCode, seriesId, linkedId

test('an investigator opens a case like a planted series, links one similar case and rejects another', async () => {
  const inv = await context(browser, srv.base)
  const P = await newPage(inv)
  await login(P, 'investigator1')
  for (const n of ['clues', 'series']) assert.equal(await P.locator(`.xa-aside [data-nav=${n}]`).count(), 1, `investigator menu has ${n}`)
  assert.equal(await P.locator('.xa-aside [data-nav=compstat]').count(), 0, 'no CompStat for an investigator')
  const navOrder = await P.locator('.xa-aside [data-nav]').evaluateAll((els) => els.map((e) => e.dataset.nav))
  assert.ok(navOrder.indexOf('clues') < navOrder.indexOf('series'), 'investigator: 线索 before 串并案')
  const place = await plantedCluster(P)
  // the two nights before, the same compound: two cases already open (through the API)
  const earlier = []
  for (const [n, dlat] of [[2, 0.00012], [3, -0.0001]]) {
    const w = night(n, '23:10', '01:30')
    const r = await apiCall(P, 'POST', '/cases', {
      type: 'theft.car_door', nature: 'criminal', title: '小区停车场车内财物被盗', mo_tags: ['car_door', 'night'],
      lat: place.lat + dlat, lon: place.lon + dlat, address: place.address, window_from: w.occurred, window_to: w.until,
    })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    earlier.push(r.body)
  }

  // the clue counters before
  await openClues(P)
  const before = { clues: await counter(P, 'clues'), verified: await counter(P, 'verified'), inSeries: await counter(P, 'cases_in_series'), series: await counter(P, 'series') }
  await shot(P, 'series-01-clues-before')

  // a night car-door theft reported this morning at the compound (the call through the API)
  const desk = await newPage(await context(browser, srv.base))
  await login(desk, 'desk1')
  const w = night(1)
  const inc = await apiCall(desk, 'POST', '/incidents', {
    channel: 'phone', category: 'criminal', address: place.address, lat: place.lat, lon: place.lon, occurred_at: w.occurred,
    narrative: '报警人称昨夜停在小区楼下的轿车车门未锁，车内现金和香烟被盗，车门无撬痕。',
  })
  assert.equal(inc.status, 201, JSON.stringify(inc.body))

  // 立案 from the call by clicking: 拉车门盗窃, 拉车门 + 夜间
  await P.goto(`/incidents/${inc.body.id}`)
  await P.locator('[data-action=open-case]').click()
  await P.locator('[data-testid=case-form]').waitFor()
  await pickCascader(P, P.locator('[data-testid=n-type]'), ['盗窃', '拉车门盗窃'])
  await P.locator('#n-title').fill('小区夜间拉车门盗窃案')
  await pickOption(P, P.locator('#n-mo'), '拉车门')
  await pickOption(P, P.locator('#n-mo'), '夜间')
  await P.keyboard.press('Escape')
  // the time window: last night, 23:40 to 01:50 (typed into the pickers)
  for (const [sel, v] of [['#n-wfrom', w.occurred], ['#n-wto', w.until]]) {
    await P.locator(sel).fill(v.slice(0, 16).replace('T', ' '))
    await P.locator(sel).press('Enter')
  }
  await P.locator('#n-title').click()
  await P.locator('[data-testid=submit-case]').click()
  await P.locator('[data-testid=case-code]').waitFor()
  newCaseCode = (await P.locator('[data-testid=case-code]').innerText()).trim()
  newCaseId = Number(new URL(P.url()).pathname.split('/').pop())

  // 相似案件: the planted cases, with 可能性, percent and reasons
  await P.locator('[data-tab=similar]').click()
  const cards = P.locator('[data-testid=similar-list] .sim')
  await cards.first().waitFor()
  assert.ok(await cards.count() >= 2, 'at least two similar cases')
  const api = await apiCall(P, 'GET', `/cases/${newCaseId}/similar?k=10`)
  assert.equal(api.status, 200)
  const top = api.body.items[0]
  const first = cards.first()
  assert.equal(Number(await first.getAttribute('data-case-id')), top.case.id, 'best first, as the API ranks')
  const lv = await first.locator('[data-testid=sim-level]').innerText()
  assert.match(lv, /可能性[高中低]\s*\d+(\.\d)?%/)
  assert.ok(lv.includes(`${Math.round(top.probability * 100)}%`), `${lv} shows ${top.probability}`)
  assert.match(await first.locator('[data-testid=sim-reasons]').innerText(), /相距 \d+ 米/, 'the distance among the reasons')
  assert.match(await first.locator('[data-testid=sim-reasons]').innerText(), /拉车门/, 'the shared MO among the reasons')
  assert.match(await first.locator('[data-testid=sim-sentence]').innerText(), /^可能同一作案人：/)
  const plantedIds = new Set(place.cases.map((c) => c.id))
  assert.ok(api.body.items.some((x) => plantedIds.has(x.case.id)), 'the planted cases among the similar ones')
  await P.locator(`[data-testid=similar-list] .sim[data-case-id="${[...plantedIds].find((id) => api.body.items.some((x) => x.case.id === id))}"]`).waitFor()
  // the engine's suggestions for the two earlier nights: linkage clues with both buttons
  const [twoAgo, threeAgo] = earlier
  const card2 = P.locator(`[data-testid=similar-list] .sim[data-case-id="${twoAgo.id}"]`)
  const card3 = P.locator(`[data-testid=similar-list] .sim[data-case-id="${threeAgo.id}"]`)
  await card2.locator('[data-testid=sim-reject]').waitFor()
  await card3.locator('[data-testid=sim-reject]').waitFor()
  await assertChinese(P, 'similar cases')
  await shot(P, 'series-02-similar-panel')

  // 串并 the case of two nights ago
  linkedId = twoAgo.id
  await card2.locator('[data-testid=sim-accept]').click()
  await card2.locator('[data-testid=sim-same-series]').waitFor()
  await P.locator('[data-testid=case-series-link]').waitFor()
  await shot(P, 'series-03-linked')

  // 排除 the one of three nights ago, with a reason
  const rejId = threeAgo.id
  await card3.locator('[data-testid=sim-reject]').click()
  await P.locator('[data-testid=reject-submit]').click()
  await P.locator('[data-testid=reject-dialog] .el-form-item__error').waitFor() // a reason is required
  await P.locator('#sim-reason').fill('该案嫌疑人已于案发前被刑事拘留，排除同一人作案。')
  await shot(P, 'series-04-reject-dialog')
  await P.locator('[data-testid=reject-submit]').click()
  await P.locator(`[data-testid=similar-list] .sim[data-case-id="${rejId}"] [data-testid=sim-rejected]`).waitFor()
  assert.equal(await card3.locator('[data-testid=sim-accept]').count(), 0, 'a rejected pair is not offered again')
  const rejClue = (await apiCall(P, 'GET', `/clues?case_id=${newCaseId}&kind=linkage`)).body.items
    .find((k) => [k.case.id, k.other_case.id].includes(rejId))
  assert.equal(rejClue.status, 'not_verified')
  assert.match(rejClue.reason, /刑事拘留/)
  await shot(P, 'series-05-rejected')

  // the series page shows the new case
  await P.locator('[data-testid=case-series-link]').click()
  await P.locator('[data-testid=series-code]').waitFor()
  seriesId = Number(new URL(P.url()).pathname.split('/').pop())
  await P.locator(`[data-testid=series-members] a[data-member="${newCaseId}"]`).waitFor()
  await P.locator(`[data-testid=series-members] a[data-member="${linkedId}"]`).waitFor()
  assert.equal(await P.locator('[data-testid=series-n]').innerText(), '2')
  await P.locator('[data-testid=series-timeline] canvas').waitFor()
  await assertChinese(P, 'series detail')
  await shot(P, 'series-06-series-detail')
  await P.locator('.xa-aside [data-nav=series]').click()
  await P.locator('[data-testid=series-table] a', { hasText: (await apiCall(P, 'GET', `/series/${seriesId}`)).body.code }).waitFor()
  await shot(P, 'series-07-series-list')

  // the counters moved: one more clue verified, two cases in one more series
  await openClues(P)
  assert.equal(await counter(P, 'verified'), before.verified + 1, '已核实 +1')
  assert.equal(await counter(P, 'series'), before.series + 1, '串案数 +1')
  assert.equal(await counter(P, 'cases_in_series'), before.inSeries + 2, '串并案件数 +2')
  const st = (await apiCall(P, 'GET', '/stats/clues')).body
  const made = (await apiCall(P, 'GET', `/clues?from=${st.from}&to=${st.to}&per_page=1`)).body.total
  assert.equal(await counter(P, 'clues'), made, '线索数 = the clues in the ledger this year')
  assert.ok(made >= before.clues + 2, '线索数 grew by the engine\'s suggestions')
  await assertChinese(P, 'clues')
  await shot(P, 'series-08-clues-after')
  // a counter links to its list
  await P.locator('[data-counter=verified]').click()
  await P.waitForURL(/\/clues\?.*status=verified/)
  await P.locator('[data-testid=clue-table] [data-clue-status=verified]').first().waitFor()
  assert.equal(await P.locator('[data-testid=clue-table] [data-clue-status=open]').count(), 0)
  assert.deepEqual(inv.problems, [])
})

test('an analyst adds a note, adds a case, splits it off and merges it back; a new clue is verified', async () => {
  assert.ok(seriesId, 'the first test made a series')
  const ctx = await context(browser, srv.base)
  const A = await newPage(ctx)
  await login(A, 'analyst1')
  const navOrder = await A.locator('.xa-aside [data-nav]').evaluateAll((els) => els.map((e) => e.dataset.nav))
  assert.deepEqual(navOrder.filter((n) => ['series', 'clues', 'compstat'].includes(n)), ['series', 'clues', 'compstat'])
  await A.goto(`/series/${seriesId}`)
  await A.locator('[data-testid=series-code]').waitFor()

  // 研判笔记
  await A.locator('[data-testid=note-input]').fill('三起案件均在夜间 23 时至次日 2 时，作案人逐车拉车门，建议调取小区出入口监控比对。')
  await A.locator('[data-testid=note-add]').click()
  await A.locator('[data-testid=series-notes] .el-timeline-item', { hasText: '调取小区出入口监控' }).waitFor()

  // add a third planted case by its code
  const sim = (await apiCall(A, 'GET', `/cases/${newCaseId}/similar?k=10`)).body.items
  const third = sim.find((x) => !x.same_series && !x.rejected && !x.series)
  assert.ok(third, 'another similar case outside any series')
  await A.locator('[data-testid=series-add]').click()
  await A.locator('#sd-code').fill(third.case.code)
  await A.locator('[data-testid=series-dialog-submit]').click()
  await A.locator(`[data-testid=series-members] a[data-member="${third.case.id}"]`).waitFor()
  assert.equal(await A.locator('[data-testid=series-n]').innerText(), '3')
  await shot(A, 'series-09-analyst-note-add')

  // split it off into a new series
  await A.locator(`[data-testid=series-members] .el-table__row:has(a[data-member="${third.case.id}"]) .el-checkbox`).click()
  await A.locator('[data-testid=series-split]').click()
  await A.locator('#sd-name').fill('待核实拉车门案（拆分）')
  await shot(A, 'series-10-split-dialog')
  await A.locator('[data-testid=series-dialog-submit]').click()
  await A.waitForURL((u) => !u.pathname.endsWith(`/series/${seriesId}`))
  await A.locator('[data-testid=series-name]', { hasText: '待核实拉车门案（拆分）' }).waitFor()
  const splitCode = (await A.locator('[data-testid=series-code]').innerText()).trim()
  assert.equal(await A.locator('[data-testid=series-n]').innerText(), '1')

  // merge it back
  await A.goto(`/series/${seriesId}`)
  await A.locator('[data-testid=series-n]', { hasText: '2' }).waitFor()
  await A.locator('[data-testid=series-merge]').click()
  await pickOption(A, A.locator('#sd-other'), splitCode)
  await A.locator('[data-testid=series-dialog-submit]').click()
  await A.locator('[data-testid=series-n]', { hasText: '3' }).waitFor()
  await A.locator(`[data-testid=series-members] a[data-member="${third.case.id}"]`).waitFor()
  const gone = await apiCall(A, 'GET', '/series?q=' + encodeURIComponent(splitCode))
  assert.equal(gone.body.total, 0, 'the merged series is gone')
  await A.locator('[data-testid=series-notes] .el-timeline-item', { hasText: '调取小区出入口监控' }).waitFor()
  await assertChinese(A, 'series after merge')
  await shot(A, 'series-11-merged')

  // a clue from the public, verified with its outcome; the counters move by one each
  await openClues(A)
  const c0 = { clues: await counter(A, 'clues'), verified: await counter(A, 'verified') }
  await A.locator('[data-testid=clue-new]').click()
  await A.locator('[data-testid=cl-source] label', { hasText: '群众' }).click()
  await A.locator('#cl-content').fill('群众反映：近期夜间常有一名穿黑色连帽衫男子在小区停车场逐车拉车门。')
  await A.locator('#cl-case').fill(newCaseCode)
  await shot(A, 'series-12-new-clue')
  await A.locator('[data-testid=clue-dialog-submit]').click()
  await A.locator('[data-testid=clue-dialog]').waitFor({ state: 'hidden' })
  await A.locator('[data-counter-value=clues]', { hasText: String(c0.clues + 1) }).waitFor()
  const row = A.locator('[data-testid=clue-table] .el-table__row', { hasText: '黑色连帽衫男子' }).first()
  await row.locator('[data-testid=clue-verify]').click()
  await A.locator('[data-testid=cl-outcome] label', { hasText: '串并' }).click()
  await A.locator('#cl-note').fill('经调取监控，该男子与串案嫌疑人体貌一致。')
  await A.locator('[data-testid=clue-dialog-submit]').click()
  await row.locator('[data-clue-status=verified]').waitFor()
  assert.equal(await counter(A, 'verified'), c0.verified + 1)
  await assertChinese(A, 'clues')
  await shot(A, 'series-13-clue-verified')
  assert.deepEqual(ctx.problems, [])
})

test('CompStat shows station × category with last year and the change; it matches the API', async () => {
  const ctx = await context(browser, srv.base)
  const L = await newPage(ctx)
  await login(L, 'analyst1')
  await L.locator('.xa-aside [data-nav=compstat]').click()
  await L.locator('[data-testid=cs-table] .el-table__row').first().waitFor()
  await L.waitForLoadState('networkidle')
  const api = (await apiCall(L, 'GET', '/stats/compstat?by=station,category&period=week')).body
  // the page opens on the last whole week (the running one is not yet comparable)
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const whole = (ps) => (ps.length >= 2 && ps[ps.length - 1].end >= today ? ps.length - 2 : ps.length - 1)
  const last = whole(api.periods)
  assert.match(await L.locator('#cs-pick').evaluate((el) => el.closest('.el-select').innerText), new RegExp(`第 ${Number(api.periods[last].label.slice(-2))} 周`))
  const row = api.rows.find((r) => r.counts[last] > 0 && r.last_year[last] > 0) || api.rows.find((r) => r.counts[last] > 0)
  assert.ok(row, 'a station and category with calls this week')
  const sel = `[data-unit="${row.station_id}"][data-cat="${row.category}"]`
  assert.equal(Number(await L.locator(`[data-testid=cs-table] [data-col=now]${sel}`).innerText()), row.counts[last])
  assert.equal(Number(await L.locator(`[data-testid=cs-table] [data-col=last]${sel}`).innerText()), row.last_year[last])
  const chText = (await L.locator(`[data-testid=cs-table] [data-col=change]${sel}`).innerText()).trim()
  if (row.change[last] === null) assert.equal(chText, '—')
  else {
    assert.equal(chText.replace(/[↑↓]/, ''), (row.change[last] > 0 ? '+' : '') + (row.change[last] * 100).toFixed(1) + '%')
    const cls = await L.locator(`[data-testid=cs-table] [data-col=change]${sel}`).getAttribute('class')
    if (row.change[last] > 0) assert.match(cls, /bad/, 'up is red')
    if (row.change[last] < 0) assert.match(cls, /good/, 'down is green')
  }
  assert.equal(Number(await L.locator('[data-testid=cs-total] b').first().innerText()), api.totals.counts[last])
  await L.locator('[data-testid=cs-trend] canvas').waitFor()
  await assertChinese(L, 'compstat')
  await shot(L, 'compstat-01-week')

  // an earlier week from the selector: the table follows
  const k = api.totals.counts.findIndex((n, i) => n > 0 && i !== last)
  assert.ok(k >= 0, 'another week with calls')
  await pickOption(L, L.locator('#cs-pick'), `第 ${Number(api.periods[k].label.slice(-2))} 周`)
  assert.equal(Number(await L.locator('[data-testid=cs-total] b').first().innerText()), api.totals.counts[k])

  // monthly
  await L.locator('[data-testid=cs-period] label', { hasText: '按月' }).click()
  await L.waitForURL(/period=month/)
  await L.locator('[data-testid=cs-table] .el-table__row').first().waitFor()
  await L.waitForLoadState('networkidle')
  const m = (await apiCall(L, 'GET', '/stats/compstat?by=station,category&period=month')).body
  assert.equal(Number(await L.locator('[data-testid=cs-total] b').first().innerText()), m.totals.counts[whole(m.periods)])
  await shot(L, 'compstat-02-month')

  // the leader: CompStat first among the analysis pages
  const lead = await newPage(await context(browser, srv.base))
  await login(lead, 'leader1')
  const navOrder = await lead.locator('.xa-aside [data-nav]').evaluateAll((els) => els.map((e) => e.dataset.nav))
  assert.deepEqual(navOrder.filter((n) => ['series', 'clues', 'compstat'].includes(n)), ['compstat', 'series', 'clues'])
  assert.deepEqual(ctx.problems, [])
})

test('the pages at 375 px and in English', async () => {
  const mob = await context(browser, srv.base, PHONE)
  const M = await newPage(mob)
  await login(M, 'investigator1')
  await M.goto(`/cases/${newCaseId}?tab=similar`)
  await M.locator('[data-testid=similar-list] .sim').first().waitFor()
  assert.ok(await horizontalOverflow(M) <= 0, 'no overflow: similar cases at 375 px')
  await shot(M, 'series-14-similar-375')
  await M.goto(`/series/${seriesId}`)
  await M.locator('[data-testid=series-members] .el-table__row').first().waitFor()
  assert.ok(await horizontalOverflow(M) <= 0, 'no overflow: series at 375 px')
  await shot(M, 'series-15-detail-375')
  await M.goto('/clues')
  await M.locator('[data-testid=clue-table] .el-table__row').first().waitFor()
  assert.ok(await horizontalOverflow(M) <= 0, 'no overflow: clues at 375 px')
  await shot(M, 'series-16-clues-375')
  const ml = await newPage(await context(browser, srv.base, PHONE))
  await login(ml, 'leader1')
  await ml.goto('/compstat')
  await ml.locator('[data-testid=cs-table] .el-table__row').first().waitFor()
  await ml.waitForLoadState('networkidle')
  assert.ok(await horizontalOverflow(ml) <= 0, 'no overflow: CompStat at 375 px')
  await shot(ml, 'compstat-03-375')
  assert.deepEqual(mob.problems, [])

  // English: the same pages speak English, with no Chinese of the UI's own
  const en = await newPage(await context(browser, srv.base))
  await login(en, 'analyst1')
  await en.locator('[data-testid=lang]').click()
  await en.goto(`/series/${seriesId}`)
  await en.locator('[data-testid=series-code]').waitFor()
  assert.match(await en.locator('.page-head').innerText(), /Merge series/)
  await shot(en, 'series-17-detail-en')
  await en.goto('/compstat')
  await en.locator('[data-testid=cs-table] .el-table__row').first().waitFor()
  assert.match(await en.locator('#main').innerText(), /Station × category/)
  await shot(en, 'compstat-04-en')
})
