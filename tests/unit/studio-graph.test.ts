import { describe, expect, test } from 'vitest'
import { BREACH, LEFT_ANGRY } from '#app/roleplay/compile.ts'
import { lintScenario } from '#app/roleplay/lint.ts'
import { getScenario, loadScenarios } from '#app/roleplay/scenarios.server.ts'
import { scenarioGraph, type GraphNode } from '#app/studio/graph.ts'

const scenario = () => {
  const s = getScenario('price-drop')
  if (!s) throw new Error('price-drop is shipped')
  return s
}

const overlap = (a: GraphNode, b: GraphNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

describe('scenarioGraph on price-drop', () => {
  test('every beat is a node with a finite position, and no two nodes overlap', () => {
    const s = scenario()
    const { errors, warnings } = lintScenario(s)
    const { nodes } = scenarioGraph(s, [
      ...errors.map((p) => ({ ...p, severity: 'error' as const })),
      ...warnings.map((p) => ({ ...p, severity: 'warning' as const })),
    ])

    expect(nodes.map((n) => n.id)).toEqual(expect.arrayContaining(Object.keys(s.script.beats)))
    for (const n of nodes) {
      for (const v of [n.x, n.y, n.width, n.height]) expect(Number.isFinite(v)).toBe(true)
      expect(n.width).toBeGreaterThan(0)
    }
    for (const [i, a] of nodes.entries()) for (const b of nodes.slice(i + 1)) expect(overlap(a, b), `${a.id} and ${b.id}`).toBe(false)
    // The start beat is on top.
    const start = nodes.find((n) => n.id === s.script.start)!
    expect(Math.min(...nodes.map((n) => n.y))).toBe(start.y)
  })

  test('kinds: the start, the outcome beats by their outcome, the automatic endings', () => {
    const s = scenario()
    const { nodes } = scenarioGraph(s, [])
    const kind = Object.fromEntries(nodes.map((n) => [n.id, n.kind]))

    expect(kind).toMatchObject({
      opening: 'start',
      policy: 'beat',
      'resolved-end': 'resolved',
      'escalated-end': 'escalated',
      'left-angry-end': 'left-angry',
      [LEFT_ANGRY]: 'left-angry',
      [BREACH]: 'breach',
    })
    expect(nodes.find((n) => n.id === LEFT_ANGRY)).toMatchObject({ implicit: true, line: 0 })
    expect(nodes.find((n) => n.id === 'policy')!.line).toBe(s.lines.get('policy'))
  })

  test('edges: each reply leads to its next beat, a reply whose breach ends the chat to the breach ending', () => {
    const s = scenario()
    const { nodes, edges } = scenarioGraph(s, [])
    const ids = new Set(nodes.map((n) => n.id))
    for (const e of edges) {
      expect(ids.has(e.source), e.id).toBe(true)
      expect(ids.has(e.target), e.id).toBe(true)
    }
    expect(edges.find((e) => e.id === 'opening.empathise-and-check')).toMatchObject({
      target: 'policy',
      kind: 'reply',
      label: 'empathise-and-check',
    })
    // insult ends the chat by default: the machine never goes to the script's `next`.
    expect(edges.find((e) => e.id === 'opening.insult')).toMatchObject({ target: BREACH, kind: 'breach' })
    expect(edges.find((e) => e.id === 'opening:otherwise')).toMatchObject({ source: 'opening', target: 'opening', kind: 'otherwise' })
    expect(edges.find((e) => e.id === 'policy:angry')).toMatchObject({ target: LEFT_ANGRY, kind: 'angry', implicit: true })
  })

  test('a passing and a failing path, along edges that exist', () => {
    const s = scenario()
    const { edges, paths } = scenarioGraph(s, [])
    const byId = new Map(edges.map((e) => [e.id, e]))
    const passing = paths.find((p) => p.kind === 'passing')
    const failing = paths.find((p) => p.kind === 'failing')

    expect(passing).toBeDefined()
    expect(failing).toBeDefined()
    expect(passing!.score).toBeGreaterThanOrEqual(s.script.passMark)
    expect(s.script.passOutcomes).toContain(passing!.outcome)
    expect(failing!.score < s.script.passMark || !s.script.passOutcomes.includes(failing!.outcome as never)).toBe(true)
    for (const path of [passing!, failing!]) {
      expect(path.beats[0]).toBe(s.script.start)
      // Each edge starts where the path stands and the path goes on from its target.
      let at = s.script.start
      for (const id of path.edges) {
        const edge = byId.get(id)
        expect(edge, id).toBeDefined()
        expect(edge!.source).toBe(at)
        at = edge!.target
      }
      expect(path.beats.at(-1)).toBe(at)
    }
  })

  test('a problem on a beat line, or naming the beat, is attached to that beat', () => {
    const s = scenario()
    const inPolicy = s.lines.get('policy.explain-and-refund-30')!
    const lastBeatLine = Math.max(...Object.keys(s.script.beats).map((id) => s.lines.get(id)!))
    const { nodes } = scenarioGraph(s, [
      { line: inPolicy + 1, severity: 'warning', message: 'on a line of policy' },
      { line: 1, severity: 'error', message: 'names decision', field: 'beats.decision.replies.0.next' },
      { line: lastBeatLine + 40, severity: 'error', message: 'in the samples', field: 'samples.transcripts.0' },
      { line: 1, severity: 'error', message: 'about the whole scenario', field: 'beats' },
    ])
    const problems = (id: string) => nodes.find((n) => n.id === id)!.problems.map((p) => p.message)

    expect(problems('policy')).toEqual(['on a line of policy'])
    expect(problems('decision')).toEqual(['names decision'])
    expect(nodes.flatMap((n) => n.problems.map((p) => p.message))).not.toContain('in the samples')
    expect(nodes.flatMap((n) => n.problems.map((p) => p.message))).not.toContain('about the whole scenario')
  })
})

describe('scenarioGraph on every shipped scenario', () => {
  test.each(loadScenarios().map((s) => [s.script.id, s] as const))('%s: nodes apart, a passing and a failing path', (_id, s) => {
    const { nodes, edges, paths } = scenarioGraph(s, [])
    for (const [i, a] of nodes.entries()) for (const b of nodes.slice(i + 1)) expect(overlap(a, b), `${a.id} and ${b.id}`).toBe(false)
    const ids = new Set(edges.map((e) => e.id))
    expect(paths.map((p) => p.kind).sort()).toEqual(['failing', 'passing'])
    for (const p of paths) for (const e of p.edges) expect(ids.has(e), e).toBe(true)
  })
})
