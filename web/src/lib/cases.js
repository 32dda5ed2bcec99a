// Helpers shared by the case pages (docs/cases.md): the case-type tree from GET /case-types,
// status colours, the transitions a status allows, and money in fen shown as 元 / 万元.
import { reactive } from 'vue'
import { get } from './api.js'
import { locale } from '../i18n/index.js'
import { vocab } from './vocab.js'

export const CASE_STATUS_TAG = {
  opened: 'warning',
  investigating: 'primary',
  solved: 'success',
  transferred: 'success',
  closed: 'info',
  suspended: 'warning',
  dropped: 'info',
}
export const OPEN_STATUSES = ['opened', 'investigating']

// The state machine of docs/cases.md, per status: the transitions to offer.
export const TRANSITIONS = {
  opened: ['start', 'suspend', 'drop'],
  investigating: ['solve', 'suspend', 'drop'],
  suspended: ['resume'],
  solved: ['transfer', 'close'],
  transferred: [],
  closed: [],
  dropped: [],
}
export const NEEDS_REASON = ['suspend', 'drop']

export const caseTypes = reactive({ loaded: false, items: [] })
let typesP = null

export function loadCaseTypes() {
  if (caseTypes.loaded) return Promise.resolve(caseTypes.items)
  if (!typesP) {
    typesP = get('/case-types').then((d) => {
      caseTypes.items = (d && d.items) || []
      caseTypes.loaded = true
      return caseTypes.items
    }).catch((e) => {
      typesP = null
      // older servers: the flat case_type vocabulary, parents from the dotted codes
      if (e.status !== 401 && Array.isArray(vocab.data.case_type)) {
        caseTypes.items = vocab.data.case_type.map((v) => ({
          code: v.code, parent: v.code.includes('.') ? v.code.slice(0, v.code.lastIndexOf('.')) : null,
          name_zh: v.zh, name_en: v.en, mo_tags: [],
        }))
      }
      return caseTypes.items
    })
  }
  return typesP
}

function parentCode(it) {
  if (it.parent === null || it.parent === undefined || it.parent === '') return null
  if (typeof it.parent === 'object') return it.parent.code || null
  if (typeof it.parent === 'number') {
    const p = caseTypes.items.find((x) => x.id === it.parent)
    return p ? p.code : null
  }
  return it.parent
}

export function typeName(code, fallback) {
  if (!code) return fallback || ''
  const it = caseTypes.items.find((x) => x.code === code)
  if (it) return locale.value === 'en' ? (it.name_en || it.name_zh) : it.name_zh
  const v = (vocab.data.case_type || []).find((x) => x.code === code)
  if (v) return locale.value === 'en' ? v.en : v.zh
  return fallback || code
}

// Options for el-cascader: [{value, label, children?}], any level selectable.
export function typeTree() {
  const en = locale.value === 'en'
  const nodes = new Map()
  for (const it of caseTypes.items) {
    if (it.is_active === false) continue
    nodes.set(it.code, { value: it.code, label: en ? (it.name_en || it.name_zh) : it.name_zh })
  }
  const roots = []
  for (const it of caseTypes.items) {
    const n = nodes.get(it.code)
    if (!n) continue
    const p = parentCode(it)
    const pn = p && nodes.get(p)
    if (pn) (pn.children || (pn.children = [])).push(n)
    else roots.push(n)
  }
  return roots
}

// The MO tags that apply to a type (its own and its ancestors'); all of them when none is set.
export function moTagsFor(code) {
  const all = vocab.data.mo_tag || []
  if (!code) return all
  const want = new Set()
  let cur = caseTypes.items.find((x) => x.code === code)
  let guard = 0
  while (cur && guard++ < 5) {
    for (const m of cur.mo_tags || []) want.add(m)
    const p = parentCode(cur)
    cur = p ? caseTypes.items.find((x) => x.code === p) : null
  }
  if (!want.size) return all
  return all.filter((m) => want.has(m.code))
}

// 1234567 fen → "12,345.67"
export function yuan(fen) {
  if (fen === null || fen === undefined) return '—'
  return (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}
// fen → 万元 with two decimals
export function wan(fen) {
  if (fen === null || fen === undefined) return '—'
  return (fen / 1e6).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}
export function pct(x, digits = 1) {
  if (x === null || x === undefined || Number.isNaN(x)) return '—'
  return (x * 100).toFixed(digits) + '%'
}
export function days(hours) {
  if (hours === null || hours === undefined) return '—'
  return (hours / 24).toFixed(1)
}
