/** Responses that loaders and actions throw; the route's ErrorBoundary shows them. */
export function forbidden(message = 'Forbidden') {
  return new Response(message, { status: 403, statusText: 'Forbidden' })
}

export function notFound(message = 'Not Found') {
  return new Response(message, { status: 404, statusText: 'Not Found' })
}
