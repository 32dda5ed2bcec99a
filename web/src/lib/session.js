// The signed-in user (GET /api/v1/session on page load) and what their role may see and do.
import { reactive } from 'vue'
import { get, post, del, setCsrf } from './api.js'

export const session = reactive({ user: null, seesAll: false, loaded: false })

export async function loadSession() {
  try {
    const s = await get('/session', { noAuthRedirect: true })
    session.user = s.user
    session.seesAll = !!s.sees_all
    setCsrf(s.csrf_token)
    if (s.user && !s.user.unit_name && s.user.unit_id) {
      // GET /session does not name the unit: look it up
      try {
        const u = ((await get('/units', { noAuthRedirect: true })).items || []).find((x) => x.id === s.user.unit_id)
        if (u) session.user = { ...s.user, unit_name: u.name }
      } catch { /* the header falls back to a neutral label */ }
    }
  } catch (e) {
    if (e.status !== 401) throw e
    session.user = null
  }
  session.loaded = true
  return session.user
}

export async function login(username, password) {
  const s = await post('/session', { username, password }, { noAuthRedirect: true })
  setCsrf(s.csrf_token)
  session.loaded = false
  // the login answer lacks sees_all and unit_name may be partial: ask again
  await loadSession().catch(() => {})
  if (!session.user) session.user = s.user
  return session.user
}

export async function logout() {
  try { await del('/session', { noAuthRedirect: true }) } catch { /* already gone */ }
  session.user = null
  setCsrf(null)
}

export function clearSession() {
  session.user = null
  setCsrf(null)
}

export const FIELD_ROLES = ['patrol', 'community', 'investigator']

// Sidebar items and route access per role (DESIGN §1, issue 4).
export const ROUTE_ROLES = {
  dashboard: ['leader', 'analyst'],
  incidents: ['admin', 'leader', 'desk', 'patrol', 'community', 'investigator', 'analyst'],
  incidentNew: ['desk', 'leader'],
  my: ['patrol', 'community', 'investigator'],
  overdue: ['leader'],
  audit: ['admin', 'leader'],
  cases: ['leader', 'desk', 'investigator', 'analyst'],
  myCases: ['investigator'],
  caseNew: ['investigator', 'leader', 'desk'],
  caseStats: ['leader', 'analyst'],
  persons: ['leader', 'investigator', 'analyst'],
  series: ['investigator', 'analyst', 'leader'],
  clues: ['investigator', 'analyst', 'leader'],
  compstat: ['leader', 'analyst'],
}

// The analysis pages (issue 6) in the order each role wants them in the sidebar.
export const NAV_ORDER = {
  investigator: ['clues', 'series'],
  analyst: ['series', 'clues', 'compstat'],
  leader: ['compstat', 'series', 'clues'],
}

// Sidebar items where they differ from route access (issue 5: a leader opens cases from the
// list or an incident, not from the menu; persons are reached from the case pages).
export const NAV_ROLES = {
  caseNew: ['investigator'],
  persons: [],
}

export function inNav(routeName, role = session.user && session.user.role) {
  const r = NAV_ROLES[routeName]
  if (r) return !!role && r.includes(role)
  return may(routeName, role)
}

export function may(routeName, role = session.user && session.user.role) {
  const r = ROUTE_ROLES[routeName]
  return !r || (role && r.includes(role))
}

export function homeFor(role) {
  if (role === 'leader' || role === 'analyst') return '/dashboard'
  if (FIELD_ROLES.includes(role)) return '/my'
  return '/incidents'
}
