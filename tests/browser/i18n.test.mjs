// The message catalogue is complete in both languages: same keys, no empty strings.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import zh from '../../web/src/i18n/zh-CN.js'
import en from '../../web/src/i18n/en.js'

function keys(o, pre = '') {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, pre + k + '.') : [[pre + k, v]]))
}

test('zh-CN and en catalogues have the same keys, all non-empty', () => {
  const z = keys(zh), e = keys(en)
  assert.deepEqual(z.map((x) => x[0]).sort(), e.map((x) => x[0]).sort())
  for (const [k, v] of [...z, ...e]) assert.ok(typeof v === 'string' && v.trim(), `empty message ${k}`)
  for (const [k, v] of e) assert.ok(!/[\u4e00-\u9fff]/.test(v) || k === 'app.langSwitch', `Chinese in English catalogue at ${k}`)
})
