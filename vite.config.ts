import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import remixConfig from './remix.config.js'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  plugins: [remix(remixConfig)],
  server: { port: 3000 },
  build: { target: 'es2022' },
  // better-sqlite3 and argon2 are native modules: never bundle them.
  ssr: { external: ['better-sqlite3', '@node-rs/argon2'] },
})
