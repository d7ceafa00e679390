/**
 * Cross-site request forgery check beyond SameSite cookies: a state-changing request must
 * carry an Origin (or, failing that, a Referer) whose host is the host it was sent to.
 * Browsers send Origin on every cross-origin and same-origin POST, so a request that lacks
 * both comes from a non-browser client: it is refused as well, with or without a cookie.
 */
export function isCrossSiteRequest(
  request: {
    method: string
    headers: { get(name: string): string | null }
  },
  { trustForwardedHost = false } = {},
): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method.toUpperCase())) return false
  // X-Forwarded-Host is believed only from a trusted proxy (TRUST_PROXY).
  const host = (trustForwardedHost ? request.headers.get('x-forwarded-host') : null) ?? request.headers.get('host')
  const source = request.headers.get('origin') ?? request.headers.get('referer')
  // "Origin: null" comes from sandboxed frames, data: URLs and privacy redirects: never same-site.
  if (source === 'null') return true
  // Browsers send Origin (or Referer) on every POST; a form posted without either is refused too.
  if (!source) return true
  try {
    return new URL(source).host !== host
  } catch {
    return true
  }
}
