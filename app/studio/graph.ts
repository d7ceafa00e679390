/**
 * The scenario studio's graph: beats as nodes, replies as edges, laid out on the server with
 * dagre so the browser only draws it. Pure: it reads a checked scenario, its problems and the
 * paths lint enumerates (the same machine the server runs).
 */
import dagre from '@dagrejs/dagre'
import { BREACH, LEFT_ANGRY } from '#app/roleplay/compile.ts'
import { breachEffect } from '#app/roleplay/engine.ts'
import { enumeratePaths, type ScenarioPath } from '#app/roleplay/lint.ts'
import { BREACHES, type Reply, type ScenarioScript } from '#app/roleplay/schema.ts'
import type { CheckedScenario } from '#app/roleplay/validate.ts'

export type GraphNodeKind = 'start' | 'beat' | 'resolved' | 'escalated' | 'left-angry' | 'breach'

export interface GraphNode {
  /** The beat id, or LEFT_ANGRY / BREACH for the machine's automatic endings. */
  id: string
  label: string
  kind: GraphNodeKind
  /** Top-left corner, as @xyflow/react positions nodes. */
  x: number
  y: number
  width: number
  height: number
  problems: { severity: 'error' | 'warning'; message: string }[]
  /** The beat's line in the source; 0 for an automatic ending, which has none. */
  line: number
  /** An ending the machine adds itself (the customer leaves angry, a breach ends the chat). */
  implicit?: boolean
}

export interface GraphEdge {
  id: string
  source: string
  target: string
  /** The reply id; 'otherwise', or '' for an automatic ending. */
  label: string
  kind: 'reply' | 'otherwise' | 'breach' | 'angry'
  /** An automatic ending, possible from any beat (not a scripted reply). */
  implicit?: boolean
}

export interface GraphPath {
  kind: 'passing' | 'failing'
  /** Node ids in the order the path visits them. */
  beats: string[]
  /** Edge ids in order. */
  edges: string[]
  score: number
  outcome: string
}

export interface ScenarioGraph {
  nodes: GraphNode[]
  edges: GraphEdge[]
  paths: GraphPath[]
}

export interface GraphProblem {
  line: number
  severity: 'error' | 'warning'
  message: string
  field?: string
}

const NODE_HEIGHT = 64
// About a bold monospace character at the node's font size, and the padding.
const nodeWidth = (label: string) => Math.min(260, Math.max(128, Math.round(label.length * 8.6) + 36))
/** An automatic ending shows a translated name ("自动结束", "Automatic end"), not an id. */
const IMPLICIT_WIDTH = nodeWidth('automatic-end')

/** Edge ids: a reply's is its key in `s.lines`; the others use a colon, which no slug has. */
const replyEdgeId = (beat: string, reply: string) => `${beat}.${reply}`
const otherwiseEdgeId = (beat: string) => `${beat}:otherwise`
const angryEdgeId = (beat: string) => `${beat}:angry`
const breachEdgeId = (beat: string) => `${beat}:breach`

/** A reply whose own breach ends the chat: the machine goes to BREACH, not to its `next`. */
const endsByOwnBreach = (script: ScenarioScript, reply: Reply) =>
  reply.breach !== undefined && breachEffect(script, reply.breach).effect === 'end'

/**
 * The graph of a checked scenario with its problems attached to beats, laid out top to bottom,
 * and the best-scoring passing path and the worst failing path of the machine.
 */
export function scenarioGraph(s: CheckedScenario, problems: GraphProblem[]): ScenarioGraph {
  const { script } = s
  const beatIds = Object.keys(script.beats)
  const edges: GraphEdge[] = []
  const edgeIds = new Set<string>()
  const addEdge = (edge: GraphEdge) => {
    if (edgeIds.has(edge.id)) return
    edgeIds.add(edge.id)
    edges.push(edge)
  }
  const anyBreachEnds = BREACHES.some((b) => breachEffect(script, b).effect === 'end')

  for (const [id, beat] of Object.entries(script.beats)) {
    if (beat.outcome) continue
    let scriptedBreach = false
    for (const reply of beat.replies ?? []) {
      if (endsByOwnBreach(script, reply)) {
        scriptedBreach = true
        addEdge({ id: replyEdgeId(id, reply.id), source: id, target: BREACH, label: reply.id, kind: 'breach' })
      } else {
        addEdge({ id: replyEdgeId(id, reply.id), source: id, target: reply.next, label: reply.id, kind: 'reply' })
      }
    }
    if (beat.otherwise) addEdge({ id: otherwiseEdgeId(id), source: id, target: id, label: 'otherwise', kind: 'otherwise' })
    addEdge({ id: angryEdgeId(id), source: id, target: LEFT_ANGRY, label: '', kind: 'angry', implicit: true })
    // A scripted breach edge already leads there; a second line on top of it says nothing more.
    if (anyBreachEnds && !scriptedBreach)
      addEdge({ id: breachEdgeId(id), source: id, target: BREACH, label: '', kind: 'breach', implicit: true })
  }

  const attached = attachProblems(s, problems)
  const nodes: GraphNode[] = beatIds.map((id) => {
    const beat = script.beats[id]!
    const kind: GraphNodeKind = beat.outcome ?? (id === script.start ? 'start' : 'beat')
    return {
      id,
      label: id,
      kind,
      x: 0,
      y: 0,
      width: nodeWidth(id),
      height: NODE_HEIGHT,
      problems: attached.get(id) ?? [],
      line: s.lines.get(id) ?? 1,
    }
  })
  const implicitNode = (id: string, kind: 'left-angry' | 'breach'): GraphNode => ({
    id,
    label: kind,
    kind,
    x: 0,
    y: 0,
    width: IMPLICIT_WIDTH,
    height: NODE_HEIGHT,
    problems: [],
    line: 0,
    implicit: true,
  })
  if (edges.some((e) => e.target === LEFT_ANGRY)) nodes.push(implicitNode(LEFT_ANGRY, 'left-angry'))
  if (edges.some((e) => e.target === BREACH)) nodes.push(implicitNode(BREACH, 'breach'))

  layout(nodes, edges, s)
  return { nodes, edges, paths: pickPaths(s, enumeratePaths(s)) }
}

/**
 * A problem belongs to a beat when its field names the beat (`beats.<id>…`), or, for a problem
 * about the beats or without a field, when its line falls between the beat's line and the next
 * beat's.
 */
function attachProblems(s: CheckedScenario, problems: GraphProblem[]) {
  const byBeat = new Map<string, GraphNode['problems']>()
  const starts = Object.keys(s.script.beats)
    .map((id) => ({ id, line: s.lines.get(id) }))
    .filter((b): b is { id: string; line: number } => b.line !== undefined)
    .sort((a, b) => a.line - b.line)
  const beatAtLine = (line: number) => {
    let found: string | undefined
    for (const b of starts) if (b.line <= line) found = b.id
    return found
  }
  for (const p of problems) {
    const named = p.field?.startsWith('beats.') ? p.field.slice('beats.'.length).split('.')[0] : undefined
    let beat = named && s.script.beats[named] ? named : undefined
    // Lines after the last beat may belong to another key (samples): only beat-ish problems go by line.
    if (!beat && (p.field === undefined || p.field === 'beats' || p.field.startsWith('beats.'))) beat = beatAtLine(p.line)
    if (!beat) continue
    const list = byBeat.get(beat) ?? []
    list.push({ severity: p.severity, message: p.message })
    byBeat.set(beat, list)
  }
  // Errors first, as the problem list shows them.
  for (const list of byBeat.values()) list.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
  return byBeat
}

/**
 * Top to bottom in the order the file gives the beats (the start first): only edges that lead
 * on to a later beat, or into an ending, shape the layout. The cycles of a conversation (back
 * to an earlier beat) would otherwise be broken arbitrarily and pull beats out of the order
 * the trainer wrote. Automatic endings weigh nothing, so they sink below every beat.
 */
function layout(nodes: GraphNode[], edges: GraphEdge[], s: CheckedScenario) {
  const { script } = s
  const order = (id: string) => (id === script.start ? -1 : (s.lines.get(id) ?? Infinity))
  const terminal = (id: string) => id === LEFT_ANGRY || id === BREACH || Boolean(script.beats[id]?.outcome)

  const g = new dagre.graphlib.Graph({ multigraph: true })
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 56, edgesep: 16, marginx: 16, marginy: 16 })
  g.setDefaultEdgeLabel(() => ({}))
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height })
  for (const e of edges) {
    if (e.source === e.target) continue
    if (!terminal(e.target) && order(e.target) <= order(e.source)) continue
    g.setEdge(e.source, e.target, { weight: e.implicit ? 0 : 2, minlen: 1 }, e.id)
  }
  dagre.layout(g)
  for (const n of nodes) {
    const placed = g.node(n.id)
    n.x = Math.round((placed.x ?? 0) - n.width / 2)
    n.y = Math.round((placed.y ?? 0) - n.height / 2)
  }
}

/** Node ids and edge ids a path takes, rebuilt from its turns: each turn's reply, or `otherwise`. */
function route(s: CheckedScenario, path: ScenarioPath) {
  const { script } = s
  let at = script.start
  const beats = [at]
  const edges: string[] = []
  const visit = (id: string) => {
    if (beats.at(-1) !== id) beats.push(id)
  }
  path.turns.forEach((turn, i) => {
    at = turn.beat
    visit(at)
    const last = i === path.turns.length - 1
    const reply = turn.replyId ? script.beats[turn.beat]?.replies?.find((r) => r.id === turn.replyId) : undefined
    if (reply && endsByOwnBreach(script, reply)) {
      edges.push(replyEdgeId(turn.beat, reply.id))
      at = BREACH
    } else if (last && path.end === BREACH) {
      // Free text the judge found a breach in that ends the chat.
      edges.push(breachEdgeId(turn.beat))
      at = BREACH
    } else if (reply) {
      edges.push(replyEdgeId(turn.beat, reply.id))
      at = reply.next
    } else {
      edges.push(otherwiseEdgeId(turn.beat))
    }
    visit(at)
  })
  if (path.end === LEFT_ANGRY && at !== LEFT_ANGRY) {
    edges.push(angryEdgeId(at))
    visit(LEFT_ANGRY)
  }
  return { beats, edges }
}

/** The best-scoring passing path and the worst-scoring failing path, shortest first on a tie. */
function pickPaths(s: CheckedScenario, paths: ScenarioPath[]): GraphPath[] {
  const finals = paths.filter((p) => p.done)
  const byScore = (sign: 1 | -1) => (a: ScenarioPath, b: ScenarioPath) =>
    sign * (a.score.total - b.score.total) || a.turns.length - b.turns.length
  const passing = finals.filter((p) => p.score.passed).sort(byScore(-1))[0]
  const failing = finals.filter((p) => !p.score.passed).sort(byScore(1))[0]
  const out: GraphPath[] = []
  for (const [kind, p] of [
    ['passing', passing],
    ['failing', failing],
  ] as const) {
    if (!p) continue
    out.push({ kind, ...route(s, p), score: p.score.total, outcome: p.score.outcome ?? '' })
  }
  return out
}
