// One message catalogue for the whole UI. t('a.b', {n: 1}) looks the key up in the current
// language; the choice persists in localStorage and is sent to the API as Accept-Language.
import { ref, computed } from 'vue'
import zhCN from './zh-CN.js'
import en from './en.js'

const catalogues = { 'zh-CN': zhCN, en }
const KEY = 'xa.lang'

function initial() {
  try {
    const v = localStorage.getItem(KEY)
    if (v && catalogues[v]) return v
  } catch { /* storage may be blocked */ }
  return 'zh-CN'
}

export const locale = ref(initial())
export const isEn = computed(() => locale.value === 'en')

export function setLocale(l) {
  if (!catalogues[l]) return
  locale.value = l
  try { localStorage.setItem(KEY, l) } catch { /* ignore */ }
  document.documentElement.lang = l
}

function lookup(cat, key) {
  let o = cat
  for (const part of key.split('.')) {
    if (o == null) return undefined
    o = o[part]
  }
  return o
}

export function t(key, params) {
  let s = lookup(catalogues[locale.value], key)
  if (s === undefined) s = lookup(zhCN, key)
  if (s === undefined) return key
  if (params) s = String(s).replace(/\{(\w+)\}/g, (m, k) => (params[k] !== undefined ? params[k] : m))
  return s
}

export function has(key) {
  return lookup(catalogues[locale.value], key) !== undefined
}

export const catalogueKeys = { zhCN, en }

// Keys that themselves contain dots (audit actions like "login.ok"): look up group[key].
export function tIn(group, key) {
  const g = lookup(catalogues[locale.value], group) || lookup(zhCN, group) || {}
  return Object.prototype.hasOwnProperty.call(g, key) ? g[key] : null
}
