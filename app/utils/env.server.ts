import { z } from 'zod'

const DEV_SESSION_SECRET = 'composure-development-secret-not-for-production'

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    DATABASE_PATH: z.string().min(1).default('./data/composure.db'),
    /** A PostgreSQL database (postgres://user:password@host:port/name): served instead of DATABASE_PATH (decision 017). */
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a PostgreSQL URL: postgres://user:password@host:5432/name')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Set to "false" to serve production over plain http on a non-localhost address. */
    COOKIE_SECURE: z.enum(['true', 'false']).optional(),
    /** The timezone of calendar rules (due dates, validity) and of dates shown. */
    TIMEZONE: z
      .string()
      .default('Asia/Shanghai')
      .refine((tz) => isTimeZone(tz), 'must be an IANA timezone such as Asia/Shanghai'),
    /** Where the app is reached from outside: verification links and QR codes point here. */
    PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /**
     * Behind a reverse proxy: how many proxy hops to trust (e.g. 1), or a comma-separated list
     * of the proxies' addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1). Off by default: the
     * client address is the socket's, and X-Forwarded-For is ignored.
     */
    TRUST_PROXY: z
      .string()
      .regex(
        /^(false|\d{1,2}|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*|loopback)$/,
        'must be false, a hop count, or a comma-separated list of addresses or CIDR ranges',
      )
      .default('false'),
    /** The certificate issuer's signing key: a file outside the database, made at set-up. */
    ISSUER_KEY_PATH: z.string().min(1).default('./keys/issuer-key.json'),
    /** How often each server runs the calendar job (decision 015), in ms; 0 leaves it to `npm run calendar`. */
    CALENDAR_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required in production' })
    }
    // Certificates carry links to it: guessing it from the port would print wrong QR codes.
    if (env.NODE_ENV === 'production' && !env.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'is required in production (where people reach the app, e.g. https://composure.example.com)',
      })
    }
  })

function isTimeZone(tz: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}

export type Env = z.infer<typeof schema> & {
  SESSION_SECRET: string
  cookieSecure: boolean
  PUBLIC_URL: string
  trustProxy: false | number | string[]
}

let cached: Env | undefined

/** Reads and validates the environment once; a bad variable stops the process with its name. */
export function getEnv(): Env {
  if (cached) return cached
  const parsed = schema.safeParse(process.env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid environment variables:\n${lines.join('\n')}`)
  }
  const env = parsed.data
  cached = {
    ...env,
    SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    PUBLIC_URL: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === 'true' : env.NODE_ENV === 'production',
    trustProxy:
      env.TRUST_PROXY === 'false'
        ? false
        : /^\d+$/.test(env.TRUST_PROXY)
          ? Number(env.TRUST_PROXY)
          : env.TRUST_PROXY.split(',').map((s) => s.trim()),
  }
  return cached
}
