import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { notFound } from '#app/utils/http.ts'

export async function loader() {
  throw notFound()
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
