// Client JavaScript per route, from the production build: the entry, the root and the route's
// own module with every module they import statically, gzipped as a browser downloads them.
// Fails when a trainee route is over its budget. Run after `npm run build`.
//   npm run budget:js
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const ASSETS = path.resolve('build/client/assets')
const BUDGET_KB = 150
/** Routes a trainee opens: they carry the budget. */
const TRAINEE =
  /^routes\/(_index|login|learn|practice|quiz-results|drill-results|refreshers|certifications|certificates\.\$certificateId\._index|account|verify)/

const file = fs.readdirSync(ASSETS).find((f) => /^manifest-.*\.js$/.test(f))
if (!file) {
  console.error('no build: run npm run build first')
  process.exit(1)
}
const manifest = JSON.parse(
  fs
    .readFileSync(path.join(ASSETS, file), 'utf8')
    .replace(/^window\.__remixManifest=/, '')
    .replace(/;\s*$/, ''),
) as {
  entry: { module: string; imports: string[] }
  routes: Record<string, { id: string; parentId?: string; module: string; imports?: string[] }>
}
const sizes = new Map<string, number>()
const gz = (asset: string) => {
  let n = sizes.get(asset)
  if (n === undefined) sizes.set(asset, (n = zlib.gzipSync(fs.readFileSync(path.join('build/client', asset)), { level: 9 }).length))
  return n
}
const rows: { id: string; kb: number; trainee: boolean }[] = []
for (const route of Object.values(manifest.routes)) {
  if (route.id === 'root') continue
  const chain = [route]
  for (let p = route.parentId; p; p = manifest.routes[p]?.parentId) chain.push(manifest.routes[p]!)
  const assets = new Set([manifest.entry.module, ...manifest.entry.imports, ...chain.flatMap((r) => [r.module, ...(r.imports ?? [])])])
  rows.push({ id: route.id, kb: [...assets].reduce((n, a) => n + gz(a), 0) / 1024, trainee: TRAINEE.test(route.id) })
}
rows.sort((a, b) => b.kb - a.kb)
let over = 0
for (const r of rows) {
  const flag = r.trainee && r.kb > BUDGET_KB ? `  OVER the ${BUDGET_KB} KB budget` : ''
  if (flag) over++
  console.log(`${r.kb.toFixed(1).padStart(7)} KB  ${r.trainee ? 'trainee' : '       '}  ${r.id}${flag}`)
}
console.log(`client JS per route (gzipped, entry + root + route and their static imports); trainee routes budget ${BUDGET_KB} KB`)
if (over) process.exit(1)
