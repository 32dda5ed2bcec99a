import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, may, homeFor, clearSession } from './lib/session.js'
import { setUnauthorizedHandler } from './lib/api.js'
import { loadVocab } from './lib/vocab.js'
import Layout from './views/Layout.vue'
import NotFound from './views/NotFound.vue'

const routes = [
  { path: '/login', name: 'login', component: () => import('./views/Login.vue'), meta: { public: true, title: 'login.title' } },
  { path: '/s/:code', name: 'public', component: () => import('./views/PublicStatus.vue'), meta: { public: true, title: 'pub.title' } },
  {
    path: '/',
    component: Layout,
    children: [
      { path: '', name: 'home', redirect: () => homeFor(session.user && session.user.role) },
      { path: 'dashboard', name: 'dashboard', component: () => import('./views/Dashboard.vue'), meta: { title: 'nav.dashboard', nav: 'dashboard' } },
      { path: 'incidents', name: 'incidents', component: () => import('./views/IncidentList.vue'), meta: { title: 'nav.incidents', nav: 'incidents' } },
      { path: 'incidents/new', name: 'incidentNew', component: () => import('./views/IncidentNew.vue'), meta: { title: 'nav.newIncident', nav: 'incidentNew' } },
      { path: 'incidents/:id(\\d+)', name: 'incident', component: () => import('./views/IncidentDetail.vue'), meta: { title: 'detail.title', nav: 'incidents' } },
      { path: 'cases', name: 'cases', component: () => import('./views/CaseList.vue'), meta: { title: 'nav.cases', nav: 'cases' } },
      { path: 'cases/mine', name: 'myCases', component: () => import('./views/CaseList.vue'), meta: { title: 'nav.myCases', nav: 'myCases' } },
      { path: 'cases/new', name: 'caseNew', component: () => import('./views/CaseNew.vue'), meta: { title: 'nav.newCase', nav: 'caseNew' } },
      { path: 'cases/serial', name: 'serial', component: () => import('./views/SerialSearch.vue'), meta: { title: 'serial.title', nav: 'cases' } },
      { path: 'cases/:id(\\d+)', name: 'case', component: () => import('./views/CaseDetail.vue'), meta: { title: 'caseDetail.title', nav: 'cases' } },
      { path: 'case-stats', name: 'caseStats', component: () => import('./views/CaseStats.vue'), meta: { title: 'nav.caseStats', nav: 'caseStats' } },
      { path: 'series', name: 'series', component: () => import('./views/SeriesList.vue'), meta: { title: 'nav.series', nav: 'series' } },
      { path: 'series/:id(\\d+)', name: 'seriesDetail', component: () => import('./views/SeriesDetail.vue'), meta: { title: 'seriesDetail.title', nav: 'series' } },
      { path: 'clues', name: 'clues', component: () => import('./views/ClueList.vue'), meta: { title: 'nav.clues', nav: 'clues' } },
      { path: 'compstat', name: 'compstat', component: () => import('./views/CompStat.vue'), meta: { title: 'nav.compstat', nav: 'compstat' } },
      { path: 'persons', name: 'persons', component: () => import('./views/PersonList.vue'), meta: { title: 'nav.persons', nav: 'persons' } },
      { path: 'persons/:id(\\d+)', name: 'person', component: () => import('./views/PersonDetail.vue'), meta: { title: 'personDetail.title', nav: 'persons' } },
      { path: 'my', name: 'my', component: () => import('./views/MyWork.vue'), meta: { title: 'nav.my', nav: 'my' } },
      { path: 'overdue', name: 'overdue', component: () => import('./views/Overdue.vue'), meta: { title: 'nav.overdue', nav: 'overdue' } },
      { path: 'audit', name: 'audit', component: () => import('./views/Audit.vue'), meta: { title: 'nav.audit', nav: 'audit' } },
      { path: ':pathMatch(.*)*', name: 'notFound', component: NotFound, meta: { title: 'nf.title' } },
    ],
  },
]

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

setUnauthorizedHandler(() => {
  clearSession()
  const cur = router.currentRoute.value
  if (!cur.meta.public) router.replace({ name: 'login', query: { next: cur.fullPath } })
})

router.beforeEach(async (to) => {
  loadVocab().catch(() => {})
  if (to.meta.public) return true
  if (!session.loaded) {
    try { await loadSession() } catch { /* network: fall through to login */ }
  }
  if (!session.user) return { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} }
  const nav = to.meta.nav
  if (nav && !may(nav)) return { name: 'notFound', params: { pathMatch: to.path.slice(1).split('/') } }
  return true
})
