// Writes the brief a corpus writer works from: each scenario's situation, persona, order card
// and the customer's lines per beat. It leaves out everything the recogniser uses (intents,
// phrases, guided choices, notes, model replies), so a writer never sees what the judge looks for.
//   npx tsx scripts/corpus-brief.ts OUT_DIR
import fs from 'node:fs'
import path from 'node:path'
import { readScenarios } from '#app/roleplay/load.server.ts'

const out = process.argv[2]
if (!out) {
  console.error('usage: npx tsx scripts/corpus-brief.ts OUT_DIR')
  process.exit(2)
}
fs.mkdirSync(out, { recursive: true })
for (const s of readScenarios()) {
  const { script } = s
  const source = fs.readFileSync(s.file, 'utf8')
  // The header comment states the law and shop policy behind the scenario.
  const header = source
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .map((l) => l.replace(/^#\s?/, ''))
    .join('\n')
  const lines = [
    `# ${script.id}: ${script.title}`,
    '',
    `难度 ${script.difficulty}。${script.summary}`,
    '',
    '## 背景（法律与本店规则）',
    header,
    '',
    `## 顾客：${script.persona.name}`,
    script.persona.profile,
    `开场情绪 ${script.emotion}/100。`,
    '',
    '## 订单卡',
    `- 订单号 ${script.order.id}`,
    `- 商品 ${script.order.item}，${script.order.price} 元，${script.order.status}`,
    ...script.order.facts.map((f) => `- ${f}`),
    '',
    '## 对话节点（beat）与顾客在该节点说的话',
  ]
  for (const [id, beat] of Object.entries(script.beats)) {
    if (beat.outcome) continue
    lines.push('', `### beat: ${id}`, ...beat.customer.map((c) => `- 顾客：${c}`))
  }
  fs.writeFileSync(path.join(out, `${script.id}.md`), lines.join('\n') + '\n')
}
console.log(`briefs written to ${out}`)
