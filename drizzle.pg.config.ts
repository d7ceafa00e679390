import { defineConfig } from 'drizzle-kit'

// The PostgreSQL migrations, from the schema generated out of db/schema.ts (decision 016).
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.pg.ts',
  out: './db/migrations-pg',
})
