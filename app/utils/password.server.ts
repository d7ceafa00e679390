import { hash, verify } from '@node-rs/argon2'

/**
 * argon2id at OWASP's current minimum: 19 MiB of memory, 2 iterations, 1 lane. The hash is
 * stored as a PHC string that carries these parameters, so they can be raised later and old
 * hashes upgraded at the next successful login (see `needsRehash`).
 */
export const PASSWORD_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string) {
  return hash(password, { algorithm: 2 /* Argon2id; the enum is a const enum, unusable with isolatedModules */, ...PASSWORD_PARAMS })
}

export async function verifyPassword(phc: string, password: string) {
  try {
    return await verify(phc, password)
  } catch {
    return false
  }
}

/** True when a stored hash was made with weaker parameters than today's. */
export function needsRehash(phc: string) {
  const m = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc)
  if (!m) return true
  const [, mem, time, par] = m.map(Number)
  return mem! < PASSWORD_PARAMS.memoryCost || time! < PASSWORD_PARAMS.timeCost || par! < PASSWORD_PARAMS.parallelism
}
