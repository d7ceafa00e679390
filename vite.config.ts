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
  // Server-only native modules never belong in the browser bundle; the browser's own
  // dependencies are listed so the dev server does not re-optimise and reload mid-session.
  optimizeDeps: {
    exclude: ['@node-rs/argon2', 'better-sqlite3'],
    include: ['recharts', 'xstate', 'react-markdown', 'remark-gfm', 'i18next', 'react-i18next'],
  },
})
