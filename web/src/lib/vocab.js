// Controlled vocabularies from GET /api/v1/vocab, loaded once; labels follow the language.
import { reactive } from 'vue'
import { get } from './api.js'
import { locale } from '../i18n/index.js'

export const vocab = reactive({ loaded: false, data: {} })
let pending = null

export function loadVocab() {
  if (vocab.loaded) return Promise.resolve(vocab.data)
  if (!pending) {
    pending = get('/vocab', { noAuthRedirect: true }).then((d) => {
      vocab.data = d || {}
      vocab.loaded = true
      return d
    }).catch((e) => { pending = null; throw e })
  }
  return pending
}

export function options(name) {
  const list = vocab.data[name] || []
  const en = locale.value === 'en'
  return list.map((e) => ({ value: e.code, label: en ? e.en : e.zh }))
}

export function label(name, code) {
  if (code === null || code === undefined || code === '') return ''
  const e = (vocab.data[name] || []).find((x) => x.code === code)
  if (!e) return code
  return locale.value === 'en' ? e.en : e.zh
}

export const STATUS_ORDER = ['received', 'dispatched', 'on_scene', 'handled', 'replied', 'closed']
export const STATUS_TAG = {
  received: 'danger',
  dispatched: 'warning',
  on_scene: 'primary',
  handled: 'primary',
  replied: 'success',
  closed: 'info',
}
export const CATEGORY_COLOR = {
  criminal: '#c0392b',
  public_order: '#d35400',
  dispute: '#8e44ad',
  help: '#16a085',
  traffic: '#2c7be5',
  fire: '#e67e22',
  complaint: '#7f8c8d',
  other: '#95a5a6',
}
