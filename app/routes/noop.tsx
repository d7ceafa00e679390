import type { ActionFunctionArgs } from '@remix-run/node'
import { notFound } from '#app/utils/http.ts'

/**
 * An empty Remix action, for the load benchmark only (BENCH_NOOP=1): the cost of a request that
 * does nothing, on the same server, so reply latency can be read as a ratio to it. Elsewhere 404.
 */
export async function action(_args: ActionFunctionArgs) {
  if (process.env.BENCH_NOOP !== '1') throw notFound()
  return { ok: true }
}

export async function loader() {
  throw notFound()
}
