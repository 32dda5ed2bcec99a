// Thin fetch wrapper for /api/v1: JSON in and out, the CSRF header on writes, the chosen
// language in Accept-Language, and errors turned into ApiError with the server's details.
import { locale } from '../i18n/index.js'
import { t } from '../i18n/index.js'

let csrfToken = null
let onUnauthorized = null

export function setCsrf(tok) { csrfToken = tok }
export function setUnauthorizedHandler(fn) { onUnauthorized = fn }

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {}
    super(e.message || (status === 0 ? t('app.networkError') : `HTTP ${status}`))
    this.status = status
    this.code = e.code || null
    this.reason = e.reason || null
    this.field = e.field || null
    this.details = Array.isArray(e.details) ? e.details : []
  }
  // {field: message} for showing beside form fields
  fieldErrors() {
    const out = {}
    for (const d of this.details) if (d.field && !out[d.field]) out[d.field] = d.message || d.reason
    if (this.field && !out[this.field]) out[this.field] = this.message
    return out
  }
}

export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': locale.value === 'en' ? 'en' : 'zh-CN' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch('/api/v1' + path, {
      method,
      headers,
      body: body !== undefined ? JSON.stringify(body) : undefined,
      credentials: 'same-origin',
    })
  } catch {
    throw new ApiError(0, null)
  }
  let data = null
  const text = await res.text()
  if (text) {
    try { data = JSON.parse(text) } catch { data = null }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data)
    if (res.status === 401 && !opts.noAuthRedirect && onUnauthorized) onUnauthorized(err)
    throw err
  }
  return data
}

export const get = (p, o) => api('GET', p, undefined, o)
export const post = (p, b, o) => api('POST', p, b === undefined ? {} : b, o)
export const del = (p, o) => api('DELETE', p, undefined, o)

export function qs(params) {
  const u = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue
    u.set(k, v === true ? '1' : String(v))
  }
  const s = u.toString()
  return s ? '?' + s : ''
}

// POST a file as the raw request body (attachments): the file's own Content-Type, CSRF header.
export async function upload(path, file) {
  const headers = { Accept: 'application/json', 'Accept-Language': locale.value === 'en' ? 'en' : 'zh-CN' }
  headers['Content-Type'] = file.type || 'application/octet-stream'
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken
  let res
  try {
    res = await fetch('/api/v1' + path, { method: 'POST', headers, body: file, credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, null)
  }
  let data = null
  const text = await res.text()
  if (text) { try { data = JSON.parse(text) } catch { data = null } }
  if (!res.ok) {
    const err = new ApiError(res.status, data)
    if (res.status === 401 && onUnauthorized) onUnauthorized(err)
    throw err
  }
  return data
}
