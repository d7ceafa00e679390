/**
 * The drawing of the scenario graph with @xyflow/react, loaded in the browser only (see
 * scenario-graph.tsx). Positions come from the server's layout; nothing is laid out here.
 */
import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import {
  BaseEdge,
  Controls,
  Handle,
  MarkerType,
  Position,
  ReactFlow,
  type Edge,
  type EdgeProps,
  type EdgeTypes,
  type Node,
  type NodeProps,
  type NodeTypes,
} from '@xyflow/react'
import type { GraphEdge, GraphNode, GraphPath, ScenarioGraph } from '../graph.ts'

type BeatData = {
  node: GraphNode
  /** The kind's text badge (开始, 结束·解决…), or none for a plain beat. */
  badge: string | null
  /** Name shown: the beat id, or the automatic ending's name. */
  name: string
  /** Why an automatic ending can happen anywhere. */
  why: string | null
  problemsLabel: string
  dimmed: boolean
  onPath: boolean
}
type BeatNode = Node<BeatData, 'beat'>
type LoopData = { width: number; label?: string }
type LoopEdge = Edge<LoopData, 'loop'>

function BeatNodeView({ data }: NodeProps<BeatNode>) {
  const { node, badge, name, why, problemsLabel, dimmed, onPath } = data
  const errors = node.problems.some((p) => p.severity === 'error')
  const className = [
    'studio-node',
    `is-${node.kind}`,
    node.implicit ? 'is-implicit' : '',
    node.problems.length ? (errors ? 'has-errors' : 'has-warnings') : '',
    dimmed ? 'is-dimmed' : '',
    onPath ? 'is-on-path' : '',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <div className={className} style={{ width: node.width, height: node.height }} title={why ?? undefined}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <div className="studio-node__badges">
        {badge && <span className="studio-node__kind">{badge}</span>}
        {node.problems.length > 0 && (
          <span className="studio-node__problems" title={node.problems.map((p) => p.message).join('\n')}>
            <span aria-hidden="true">⚠ {node.problems.length}</span>
            <span className="sr-only">{problemsLabel}</span>
          </span>
        )}
      </div>
      <div className="studio-node__label">{name}</div>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  )
}

/** A reply or `otherwise` that stays at its beat: an arc round the node's right side. */
function LoopEdgeView({ sourceX, sourceY, targetX, targetY, data, markerEnd, style, label }: EdgeProps<LoopEdge>) {
  const reach = (data?.width ?? 160) / 2 + 36
  const path = `M ${sourceX} ${sourceY} C ${sourceX + reach} ${sourceY + 36}, ${targetX + reach} ${targetY - 36}, ${targetX} ${targetY}`
  return (
    <BaseEdge path={path} markerEnd={markerEnd} style={style} label={label} labelX={sourceX + reach - 8} labelY={(sourceY + targetY) / 2} />
  )
}

const nodeTypes: NodeTypes = { beat: BeatNodeView }
const edgeTypes: EdgeTypes = { loop: LoopEdgeView }

const EDGE_COLOURS: Record<GraphEdge['kind'], string> = {
  reply: '#4b5563',
  otherwise: '#8a938c',
  breach: '#b3261e',
  angry: '#9a5b00',
}
const PATH_COLOURS = { passing: '#17663a', failing: '#b3261e' }

/**
 * The whole graph when it fits at a readable size; otherwise a readable size with the start
 * beat at the top centre (pan or zoom out with the controls for the rest).
 */
function initialViewport(graph: ScenarioGraph, width: number, height: number) {
  const right = Math.max(...graph.nodes.map((n) => n.x + n.width)) + 16
  const bottom = Math.max(...graph.nodes.map((n) => n.y + n.height)) + 16
  const fit = Math.min(width / right, height / bottom, 1)
  const zoom = Math.max(fit, MIN_READABLE_ZOOM)
  if (fit >= MIN_READABLE_ZOOM) return { x: (width - right * zoom) / 2, y: (height - bottom * zoom) / 2, zoom }
  const start = graph.nodes.find((n) => n.kind === 'start') ?? graph.nodes[0]
  const centre = start ? start.x + start.width / 2 : right / 2
  return { x: width / 2 - centre * zoom, y: 8, zoom }
}
const MIN_READABLE_ZOOM = 0.65

export interface FlowProps {
  graph: ScenarioGraph
  path: GraphPath | null
  onBeatClick(beatId: string, line: number): void
  label: string
}

export default function ScenarioGraphFlow({ graph, path, onBeatClick, label }: FlowProps) {
  const { t } = useTranslation()
  const wrapper = useRef<HTMLDivElement>(null)
  const latest = useRef({ graph, onBeatClick })
  useEffect(() => {
    latest.current = { graph, onBeatClick }
  })

  // Enter on a focused node opens it, as a click does (xyflow itself only selects on Enter).
  useEffect(() => {
    const el = wrapper.current
    if (!el) return
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement
      if (event.key !== 'Enter' || !target.classList.contains('react-flow__node')) return
      const node = latest.current.graph.nodes.find((n) => n.id === target.dataset.id)
      if (!node) return
      event.preventDefault()
      latest.current.onBeatClick(node.id, node.line)
    }
    el.addEventListener('keydown', onKey)
    return () => el.removeEventListener('keydown', onKey)
  }, [])

  const nodes = useMemo<BeatNode[]>(() => {
    const onPath = new Set(path?.beats ?? [])
    return graph.nodes.map((n) => {
      const badge = n.kind === 'beat' ? null : t(`graph.kind.${n.kind}`)
      const implicitKind = n.kind === 'left-angry' || n.kind === 'breach' ? n.kind : null
      const name = n.implicit && implicitKind ? t(`graph.implicit.${implicitKind}`) : n.label
      const problemsLabel = t('graph.problems', { count: n.problems.length })
      return {
        id: n.id,
        type: 'beat',
        position: { x: n.x, y: n.y },
        width: n.width,
        height: n.height,
        draggable: false,
        connectable: false,
        ariaLabel: [name, badge, n.problems.length ? problemsLabel : null, onPath.has(n.id) ? t('graph.onPath') : null]
          .filter(Boolean)
          .join('，'),
        data: {
          node: n,
          badge,
          name: n.implicit ? t('graph.toEnd') : name,
          why: n.implicit && implicitKind ? t(`graph.implicitWhy.${implicitKind}`) : null,
          problemsLabel: `${problemsLabel}：${n.problems.map((p) => p.message).join('；')}`,
          dimmed: path !== null && !onPath.has(n.id),
          onPath: onPath.has(n.id),
        },
      }
    })
  }, [graph, path, t])

  const edges = useMemo<Edge[]>(() => {
    const onPath = new Set(path?.edges ?? [])
    const width = new Map(graph.nodes.map((n) => [n.id, n.width]))
    const name = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id
    return (
      graph.edges
        // The automatic endings are possible from every beat: drawn only on the path shown.
        .filter((e) => !e.implicit || onPath.has(e.id))
        .map((e) => {
          const highlighted = onPath.has(e.id)
          const colour = highlighted && path ? PATH_COLOURS[path.kind] : EDGE_COLOURS[e.kind]
          const text = e.kind === 'otherwise' ? t('graph.otherwise') : e.label
          const loop = e.source === e.target
          return {
            id: e.id,
            source: e.source,
            target: e.target,
            type: loop ? 'loop' : 'default',
            data: loop ? { width: width.get(e.source) ?? 160 } : undefined,
            // Reply ids on every edge would cover the drawing: they show on the highlighted path
            // (and in the text list below the graph).
            label: highlighted && text ? text : undefined,
            animated: highlighted,
            focusable: false,
            ariaLabel: `${t('graph.edge', { source: name(e.source), target: name(e.target) })}${text ? `：${text}` : ''}`,
            className: ['studio-edge', `is-${e.kind}`, highlighted ? 'is-path' : path ? 'is-dimmed' : ''].filter(Boolean).join(' '),
            markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
            style: {
              stroke: colour,
              strokeWidth: highlighted ? 3 : 1.25,
              strokeDasharray: e.kind === 'otherwise' || e.implicit ? '4 4' : undefined,
            },
            zIndex: highlighted ? 1 : 0,
          }
        })
    )
  }, [graph, path, t])

  const ariaLabelConfig = useMemo(
    () => ({
      'node.a11yDescription.default': t('graph.nodeHelp'),
      'node.a11yDescription.keyboardDisabled': t('graph.nodeHelp'),
      'edge.a11yDescription.default': '',
      'controls.ariaLabel': t('graph.controls'),
      'controls.zoomIn.ariaLabel': t('graph.zoomIn'),
      'controls.zoomOut.ariaLabel': t('graph.zoomOut'),
      'controls.fitView.ariaLabel': t('graph.fitView'),
    }),
    [t],
  )

  return (
    <div ref={wrapper} className="studio-graph__flow">
      <ReactFlow
        aria-label={label}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodeClick={(_event, node) => onBeatClick(node.id, (node as BeatNode).data.node.line)}
        nodesDraggable={false}
        nodesConnectable={false}
        nodesFocusable
        edgesFocusable={false}
        elementsSelectable={false}
        zoomOnScroll={false}
        preventScrolling={false}
        minZoom={0.2}
        maxZoom={1.5}
        onInit={(flow) => {
          const box = wrapper.current?.getBoundingClientRect()
          if (box) void flow.setViewport(initialViewport(graph, box.width, box.height))
        }}
        ariaLabelConfig={ariaLabelConfig}
      >
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  )
}
