// Helpers shared by the series-linkage pages (docs/linkage.md): probability levels, the reasons
// of a proposal in the current language, clue and series status colours, the clue counters.
import { locale, t } from '../i18n/index.js'

// 可能性: high from 80 %, medium from the engine's suggestion threshold (50 %), else low
export function level(p) {
  if (p === null || p === undefined) return 'low'
  if (p >= 0.8) return 'high'
  if (p >= 0.5) return 'medium'
  return 'low'
}
export const LEVEL_TAG = { high: 'danger', medium: 'warning', low: 'info' }
export function percent(p) {
  if (p === null || p === undefined || Number.isNaN(p)) return '—'
  const v = p * 100
  return (v >= 99.5 || v < 0.5 ? v.toFixed(1) : v.toFixed(0)) + '%'
}

// one reason as the officer reads it: "相距 400 米", "共同手段: 拉车门、夜间"
export function reasonText(r) {
  const en = locale.value === 'en'
  const v = en ? (r.value_text_en || r.value_text) : (r.value_text || r.value_text_en)
  const l = en ? (r.label_en || r.label_zh) : (r.label_zh || r.label_en)
  if (!v) return l || r.feature
  // the MO list needs its label in front; distance and days already read as a phrase
  if ((r.feature === 'mo' || r.feature === 'mo_diff' || r.feature === 'property' || r.feature === 'suspect') && l && !v.startsWith(l)) return `${l}${en ? ': ' : '：'}${v}`
  return v
}
// the reasons that speak for the link (positive contribution), strongest first
export function forReasons(reasons) {
  return (reasons || []).filter((r) => (r.contribution || 0) > 0).sort((a, b) => b.contribution - a.contribution)
}
// the other comparisons (distance and interval always, as the officer wants to see them)
export function otherReasons(reasons) {
  return (reasons || []).filter((r) => (r.contribution || 0) <= 0 && (Math.abs(r.contribution || 0) >= 0.01 || r.feature === 'dist' || r.feature === 'days'))
    .sort((a, b) => ORDER.indexOf(a.feature) - ORDER.indexOf(b.feature))
}
const ORDER = ['dist', 'days', 'tod', 'weekday', 'type', 'parent', 'mo', 'mo_diff', 'property', 'suspect']
// the proposal as one sentence in the current language
export function sentence(item) {
  const rs = forReasons(item.reasons)
  if (!rs.length) return locale.value === 'en' ? '' : (item.sentence || '')
  return t('similar.sentence', { r: rs.map(reasonText).join(locale.value === 'en' ? '; ' : '，') })
}

export const CLUE_STATUS_TAG = { open: 'warning', verified: 'success', not_verified: 'info' }
export const SERIES_STATUS_TAG = { open: 'danger', partly_solved: 'warning', solved: 'success' }
export const CLUE_SOURCES = ['case', 'visit', 'public', 'analysis']
export const CLUE_STATUSES = ['open', 'verified', 'not_verified']
export const CLUE_OUTCOMES = ['case_solved', 'series_linked', 'other']
export const CLUE_KINDS = ['general', 'linkage']
