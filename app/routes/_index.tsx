import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { homePath } from '#app/domain/permissions.ts'
import { requireUser } from '#app/utils/auth.server.ts'

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request)
  return redirect(homePath(user.roles))
}
