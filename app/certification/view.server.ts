import { reconcileUsers } from './reconcile.server.ts'
import { toView, type CertificationView } from './view.ts'

export type { CertificationView, CertificateSummary, HistoryView, RefresherView, TodoItem } from './view.ts'

/** An agent's standing on every certification, brought up to `now`, as the pages show it. */
export async function certificationViews(userId: string, now = new Date()): Promise<CertificationView[]> {
  const reconciled = (await reconcileUsers([userId], now)).get(userId) ?? []
  return reconciled.map((r) => toView(r, now.getTime()))
}

/** Several agents' views at once, by user id. */
export async function certificationViewsOf(userIds: readonly string[], now = new Date()): Promise<Map<string, CertificationView[]>> {
  const all = await reconcileUsers(userIds, now)
  return new Map([...all].map(([id, list]) => [id, list.map((r) => toView(r, now.getTime()))]))
}
