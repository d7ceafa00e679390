import { readScenarios } from '#app/roleplay/load.server.ts'
import { judgeEntry } from '#app/judge/judge-entry.server.ts'
const [sid, beat, ...texts] = process.argv.slice(2)
const s = readScenarios([`scenarios/${sid}.yaml`])[0]!
for (const t of texts) { const j = judgeEntry(s, beat!, t); console.log(t, '→', j.verdict, j.behaviours, j.reply?.id ?? null); for (const m of j.judged.matches) console.log('   ', m.intent, m.words, m.discounted ?? '', m.affirmed ?? '') }
