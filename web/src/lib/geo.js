// Grids (GET /api/v1/grids) and the optional tile URL (GET /api/v1/settings), fetched once.
// Both endpoints may be missing on older servers: then the map shows points only.
import { get } from './api.js'

let gridsP = null
let settingsP = null

export function loadGrids() {
  if (!gridsP) {
    gridsP = get('/grids').then((d) => (d && Array.isArray(d.items) ? d.items : []))
      .catch((e) => { gridsP = null; if (e.status === 401) throw e; return [] })
  }
  return gridsP
}

export function loadSettings() {
  if (!settingsP) {
    settingsP = get('/settings', { noAuthRedirect: true }).then((d) => d || {})
      .catch(() => { settingsP = null; return {} })
  }
  return settingsP
}
