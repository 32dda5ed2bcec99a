// Times are shown in Asia/Shanghai whatever the browser's zone; the API sends ISO with +08:00.
import { t } from '../i18n/index.js'

const TZ = 'Asia/Shanghai'
const fmt = new Intl.DateTimeFormat('en-CA', {
  timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
})

function parts(d) {
  const o = {}
  for (const p of fmt.formatToParts(d)) o[p.type] = p.value
  return o
}

export function toDate(v) {
  if (!v) return null
  const d = v instanceof Date ? v : new Date(v)
  return isNaN(d.getTime()) ? null : d
}

// "2026-11-23 17:16"
export function fmtTime(v, withSeconds = false) {
  const d = toDate(v)
  if (!d) return ''
  const p = parts(d)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${withSeconds ? ':' + p.second : ''}`
}

export function fmtShort(v) {
  const d = toDate(v)
  if (!d) return ''
  const p = parts(d)
  return `${p.month}-${p.day} ${p.hour}:${p.minute}`
}

// Shanghai wall time "YYYY-MM-DDTHH:mm:ss" for date pickers (interpreted by the API as +08:00)
export function nowWall() {
  const p = parts(new Date())
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`
}

export function todayWall() {
  const p = parts(new Date())
  return `${p.year}-${p.month}-${p.day}`
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return ''
  let s = Math.max(0, Math.round(Math.abs(seconds)))
  const d = Math.floor(s / 86400); s -= d * 86400
  const h = Math.floor(s / 3600); s -= h * 3600
  const m = Math.floor(s / 60); s -= m * 60
  const out = []
  if (d) out.push(t('sla.d', { n: d }))
  if (h) out.push(t('sla.h', { n: h }))
  if (m && !d) out.push(t('sla.m', { n: m }))
  if (!d && !h && !m) out.push(t('sla.s', { n: s }))
  return out.join(' ')
}
