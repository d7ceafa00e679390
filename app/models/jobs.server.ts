import { and, eq, gt, lte, or, sql } from 'drizzle-orm'
import { jobLeases } from '#db/tables.ts'
import { affected, getDb } from '#app/utils/db.server.ts'

/**
 * Takes the lease on a job until `until`, if nobody else holds one that is still running (or
 * renews the holder's own). One conditional statement, so two servers asking at once cannot
 * both get it: on SQLite it runs under the write lock; on PostgreSQL (a statement of its own,
 * read committed) the upsert locks the row, or waits for the other's insert of it, and tests the
 * condition against the row as the other server committed it. Returns whether this holder has
 * the lease now.
 */
export async function acquireLease(name: string, holder: string, now: Date, until: Date): Promise<boolean> {
  const result = await getDb()
    .insert(jobLeases)
    .values({ name, holder, expiresAt: until })
    .onConflictDoUpdate({
      target: jobLeases.name,
      set: { holder, expiresAt: until },
      setWhere: or(lte(jobLeases.expiresAt, now), eq(jobLeases.holder, holder)),
    })
  return affected(result) === 1
}

/** Ends the holder's lease, recording when the job last ran and what it did. */
export async function releaseLease(name: string, holder: string, now: Date, result: unknown) {
  await getDb()
    .update(jobLeases)
    .set({ expiresAt: now, lastRunAt: now, lastResult: result })
    .where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder)))
}

export async function getLease(name: string) {
  const [row] = await getDb().select().from(jobLeases).where(eq(jobLeases.name, name))
  return row ?? null
}

/** For tests and operators: how many leases are held now. */
export async function countHeldLeases(now: Date) {
  const [row] = await getDb()
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(jobLeases)
    .where(gt(jobLeases.expiresAt, now))
  return row?.n ?? 0
}
