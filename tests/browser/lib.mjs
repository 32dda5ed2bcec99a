// Shared helpers for the browser tests: a fresh demo database, a started `xiaoan serve` on a
// free port serving web/dist, Debian's chromium driven by playwright-core, and screenshots.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = process.env.XIAOAN_BIN || path.join(ROOT, 'build', 'xiaoan')
export const WEB = process.env.XA_WEB_DIR || path.join(ROOT, 'web', 'dist')
export const SHOTS = process.env.XA_SCREENSHOT_DIR || path.join(ROOT, 'build', 'screenshots')
export const PASSWORD = 'test-pass-123'
const CHROMIUM = process.env.XA_CHROMIUM || '/usr/bin/chromium'

export async function startServer() {
  if (!existsSync(BIN)) throw new Error(`xiaoan binary not found at ${BIN} (set XIAOAN_BIN)`)
  if (!existsSync(path.join(WEB, 'index.html'))) throw new Error(`${WEB}/index.html missing: run npm run build`)
  const dir = mkdtempSync(path.join(tmpdir(), 'xa-browser-'))
  const db = path.join(dir, 'x.db')
  const demo = spawnSync(BIN, ['demo', '--db', db, '--seed', '7', '--days', '30', '--password', PASSWORD], { encoding: 'utf8', timeout: 120000 })
  if (demo.status !== 0) throw new Error(`xiaoan demo failed (${demo.status}): ${demo.stderr}`)
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', WEB], { stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('xiaoan serve did not start: ' + stderr)), 15000)
    proc.stderr.setEncoding('utf8')
    proc.stderr.on('data', (d) => {
      stderr += d
      const m = stderr.match(/serving (http:\/\/127\.0\.0\.1:\d+)\//)
      if (m) { clearTimeout(timer); resolve(m[1]) }
    })
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`xiaoan serve exited ${code}: ${stderr}`)) })
  })
  proc.removeAllListeners('exit')
  return {
    base,
    db,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM')
        await new Promise((r) => { const t = setTimeout(() => { proc.kill('SIGKILL'); r() }, 5000); proc.on('exit', () => { clearTimeout(t); r() }) })
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
}

export const DESKTOP = { viewport: { width: 1440, height: 900 } }
export const PHONE = { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

// A browser context that records page errors and any request that left the server's origin.
export async function context(browser, base, opts = {}) {
  const ctx = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'UTC', ...DESKTOP, ...opts })
  ctx.problems = []
  ctx.on('page', (p) => watch(p, ctx, base))
  return ctx
}

function watch(page, ctx, base) {
  page.on('pageerror', (e) => ctx.problems.push('pageerror: ' + e.message))
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 40[0-9]/.test(m.text())) ctx.problems.push('console: ' + m.text()) })
  page.on('request', (r) => { const u = r.url(); if (!u.startsWith(base) && !u.startsWith('data:') && !u.startsWith('blob:')) ctx.problems.push('external request: ' + u) })
}

export async function newPage(ctx) {
  const page = await ctx.newPage()
  page.setDefaultTimeout(15000)
  return page
}

export async function login(page, username, password = PASSWORD) {
  await page.goto('/login')
  await page.locator('#login-username').fill(username)
  await page.locator('#login-password').fill(password)
  await page.locator('#login-password').press('Enter')
  await page.waitForURL((u) => !u.pathname.startsWith('/login'))
  await page.locator('[data-testid=who]').waitFor()
}

export async function shot(page, name) {
  mkdirSync(SHOTS, { recursive: true })
  await page.waitForTimeout(250) // let transitions settle
  await page.screenshot({ path: path.join(SHOTS, name + '.png'), fullPage: true })
}

// Call the API from inside the page (same session cookie, CSRF from GET /session).
export async function apiCall(page, method, url, body) {
  return page.evaluate(async ({ method, url, body }) => {
    const s = await (await fetch('/api/v1/session')).json()
    const r = await fetch('/api/v1' + url, {
      method,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf_token },
      body: body ? JSON.stringify(body) : undefined,
    })
    return { status: r.status, body: await r.json() }
  }, { method, url, body })
}

// Pick an option of an Element Plus select by its visible text.
export async function pickOption(page, selectLocator, text) {
  const wrapper = page.locator('.el-select__wrapper', { has: selectLocator })
  await wrapper.scrollIntoViewIfNeeded()
  await wrapper.click()
  const opt = page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first()
  await opt.waitFor()
  await opt.click()
}

// Nothing on the page sticks out sideways (a common failure at 375 px).
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}
