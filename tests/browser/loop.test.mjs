// The closed loop by clicking (issue 4 §6): desk1 records a call and dispatches it to patrol1;
// patrol1 on a phone arrives and handles; desk1 replies and closes; the caller's public status
// page shows the steps and the reply and no personal data.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, launch, context, newPage, login, shot, apiCall, pickOption, horizontalOverflow, PHONE } from './lib.mjs'

let srv, browser
before(async () => { srv = await startServer(); browser = await launch() })
after(async () => { await browser?.close(); await srv?.stop() })

const CALLER = { name: '王秀兰', phone: '13912345678', address: '城关镇人民路88号幸福小区3号楼', narrative: '报警人称楼上邻居深夜装修噪音扰民，双方发生口角，请求民警到场调解。' }

test('the full call loop by clicking, and the public status page', async () => {
  const desk = await context(browser, srv.base)
  const p = await newPage(desk)
  await login(p, 'desk1')
  await p.locator('[data-nav=incidentNew]').first().click()
  await p.locator('[data-testid=incident-form]').waitFor()
  await pickOption(p, p.locator('#f-category'), '纠纷')
  await p.locator('#f-caller').fill(CALLER.name)
  await p.locator('#f-phone').fill(CALLER.phone)
  await p.locator('#f-address').fill(CALLER.address)
  const map = p.locator('.gridmap').first()
  await map.scrollIntoViewIfNeeded()
  const box = await map.boundingBox()
  await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  await assert.doesNotReject(p.locator('[data-testid=picked]', { hasText: ',' }).waitFor())
  await p.locator('#f-narrative').fill(CALLER.narrative)
  await shot(p, 'loop-01-desk-new-incident')
  await p.locator('[data-testid=submit-incident]').click()
  await p.locator('[data-testid=receipt]').waitFor()
  const code = (await p.locator('[data-testid=incident-code]').textContent()).trim()
  const statusCode = (await p.locator('[data-testid=status-code]').textContent()).trim()
  assert.ok(code.length > 4, 'incident code shown')
  assert.ok(statusCode.length >= 4, 'status code shown')
  assert.ok(await p.locator('[data-testid=qr]').isVisible(), 'QR code shown')
  assert.match(await p.locator('[data-testid=status-url]').textContent(), new RegExp(`/s/${statusCode}$`))
  await shot(p, 'loop-02-desk-receipt')

  // dispatch to patrol1
  const patrolUser = (await apiCall(p, 'GET', '/users?username=patrol1')).body.items[0]
  await p.locator('[data-testid=go-detail]').click()
  await p.locator('[data-testid=detail-code]', { hasText: code }).waitFor()
  await p.locator('[data-action=dispatch]').click()
  await pickOption(p, p.locator('#d-officer'), patrolUser.name)
  await p.locator('[data-testid=dialog-submit]').click()
  await p.locator('[data-testid=officer]', { hasText: patrolUser.name }).waitFor()
  await p.locator('[data-testid=detail-status] , .el-tag[data-status=dispatched]').first().waitFor()
  assert.equal(await p.locator('[data-action=dispatch]').count(), 0, 'dispatch no longer offered')
  assert.equal(await p.locator('[data-action=redispatch]').count(), 1, 're-dispatch offered')
  assert.equal(await p.locator('[data-action=arrive]').count(), 0, 'desk cannot arrive')
  assert.match(await p.locator('[data-testid=phone]').textContent(), /\*/, 'phone masked')
  await shot(p, 'loop-03-desk-dispatched')
  const detailUrl = p.url()

  // patrol1 on a phone
  const patrol = await context(browser, srv.base, PHONE)
  const m = await newPage(patrol)
  await login(m, 'patrol1')
  assert.match(new URL(m.url()).pathname, /^\/my/)
  const card = m.locator(`[data-code="${code}"]`)
  await card.waitFor()
  assert.ok(await horizontalOverflow(m) <= 0, 'no horizontal overflow on my work at 375 px')
  await shot(m, 'loop-04-patrol-my-work-375')
  await card.click()
  await m.locator('[data-action=arrive]').click()
  await m.locator('.el-message-box .el-button--primary').click()
  await m.locator('[data-action=handle]').waitFor()
  await m.locator('[data-action=handle]').click()
  await m.locator('[data-testid=result-input]').fill('民警到场后对双方进行调解，楼上住户承诺晚十点后停止施工，双方达成谅解。')
  await shot(m, 'loop-05-patrol-handle-dialog-375')
  await m.locator('[data-testid=dialog-submit]').click()
  await m.locator('[data-testid=result]').waitFor()
  await m.locator('.el-tag[data-status=handled]').first().waitFor()
  assert.equal(await m.locator('[data-testid=actions] [data-action]').count(), 0, 'patrol has nothing more to do')
  assert.ok(await horizontalOverflow(m) <= 0, 'no horizontal overflow on detail at 375 px')
  await shot(m, 'loop-06-patrol-handled-375')

  // desk1 replies and closes
  await p.goto(detailUrl)
  await p.locator('[data-action=reply]').click()
  await p.locator('[data-testid=reply-input]').fill('您反映的噪音问题已调解处理，施工方承诺夜间停工。如有反复请再次报警。')
  await p.locator('[data-testid=dialog-submit]').click()
  await p.locator('[data-action=close]').waitFor()
  await p.locator('[data-action=close]').click()
  await p.locator('[data-testid=dialog-submit]').click()
  await p.locator('.page-head .el-tag[data-status=closed]').waitFor()
  assert.equal(await p.locator('[data-testid=timeline] .el-timeline-item').count(), 6, 'six steps in the timeline')
  await shot(p, 'loop-07-desk-closed')
  assert.deepEqual(desk.problems.concat(patrol.problems), [])

  // the caller's status page: no login, phone sized, steps + reply, no personal data
  const pub = await context(browser, srv.base, PHONE)
  const q = await newPage(pub)
  await q.goto(`/s/${statusCode}`)
  await q.locator('[data-testid=pub-reply]').waitFor()
  assert.equal(await q.locator('[data-testid=pub-steps] li.done').count(), 6)
  const text = await q.locator('body').innerText()
  assert.match(text, /已办结/)
  assert.match(text, /施工方承诺夜间停工/)
  for (const secret of [CALLER.name, CALLER.phone, CALLER.phone.slice(-4), '人民路', '装修噪音', code, patrolUser.name]) {
    assert.ok(!text.includes(secret), `public page must not show ${secret}`)
  }
  assert.ok(await horizontalOverflow(q) <= 0)
  await shot(q, 'loop-08-public-status-375')
  assert.deepEqual(pub.problems, [])
})
