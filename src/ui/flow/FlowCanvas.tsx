/**
 * The React Flow canvas: a projection of (world, flow, cursor) computed by `toFlow` in
 * src/timeline. Nothing here decides what is shown; it only draws the picture. The parent gives
 * it an explicit size (React Flow needs one).
 */
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { ReactFlow, ReactFlowProvider, useReactFlow, type Edge, type Node } from '@xyflow/react';
import type { FlowPicture } from '../../timeline';
import { nodeTypes } from './nodes';
import { edgeTypes, type FlowEdgeData } from './FlowEdge';
import { effectMs, travelMs } from '../player/timing';

const CARRY_WORDS: Record<string, string> = {
  request: 'request',
  plaintext: 'plaintext',
  ciphertext: 'ciphertext',
  'dk-plain': 'plaintext data key',
  'dk-enc': 'encrypted data key',
  envelope: 'envelope',
  record: 'audit record',
};

const PLACE_WORDS: Record<string, string> = { caller: 'you', kms: 'KMS', audit: 'the audit log', storage: 'storage' };

interface Props {
  picture: FlowPicture;
  flowId: string;
  speed: number;
  reduced: boolean;
  colorMode: 'light' | 'dark';
  /** Presentation mode: the viewport follows the active node(s) of each step (src/ui/classroom). */
  follow?: boolean;
}

function Fit({ flowId }: { flowId: string }) {
  const rf = useReactFlow();
  useEffect(() => {
    const fit = () => void rf.fitView({ padding: 0.04, duration: 0 });
    const t = window.setTimeout(fit, 0);
    window.addEventListener('resize', fit);
    return () => {
      window.clearTimeout(t);
      window.removeEventListener('resize', fit);
    };
  }, [rf, flowId]);
  return null;
}

/** Zooms to the nodes active at this step (or back to the whole flow when none is). */
function Follow({ picture, reduced }: { picture: FlowPicture; reduced: boolean }) {
  const rf = useReactFlow();
  const stepId = picture.steps[picture.cursor]?.id;
  useEffect(() => {
    const active = picture.nodes.filter((n) => /"status":"(active|failed)"/.test(JSON.stringify(n.data))).map((n) => ({ id: n.id }));
    const t = window.setTimeout(() => void rf.fitView({ nodes: active.length ? active : undefined, padding: active.length ? 0.3 : 0.04, maxZoom: 1.5, duration: reduced ? 0 : 450 }), 0);
    return () => window.clearTimeout(t);
  }, [rf, stepId, reduced]); // eslint-disable-line react-hooks/exhaustive-deps
  return null;
}

function Canvas({ picture, flowId, speed, reduced, colorMode, follow }: Props) {
  // Reuse node objects whose data did not change, so memoised nodes skip re-rendering.
  const cache = useRef(new Map<string, { json: string; node: Node }>());
  const nodes = useMemo(() => {
    const next = new Map<string, { json: string; node: Node }>();
    const out = picture.nodes.map((n) => {
      const json = JSON.stringify([n.position, n.width, n.height, n.data]);
      const hit = cache.current.get(n.id);
      const node: Node =
        hit && hit.json === json
          ? hit.node
          : {
              id: n.id,
              type: n.type,
              position: n.position,
              data: n.data as unknown as Record<string, unknown>,
              width: n.width,
              height: n.height,
              style: { width: n.width, height: n.height },
              zIndex: n.zIndex,
              draggable: false,
              selectable: false,
              connectable: false,
              focusable: false,
            };
      next.set(n.id, { json, node });
      return node;
    });
    cache.current = next;
    return out;
  }, [picture.nodes]);

  const step = picture.steps[picture.cursor];
  const edges = useMemo<Edge[]>(
    () =>
      picture.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        sourceHandle: e.sourceHandle,
        targetHandle: e.targetHandle,
        type: 'flow',
        focusable: false,
        selectable: false,
        zIndex: e.data.state === 'active' ? 2 : 1,
        ariaLabel: `${CARRY_WORDS[e.data.carries]} from ${PLACE_WORDS[e.source] ?? e.source.replace('-', ' ')} to ${PLACE_WORDS[e.target] ?? e.target.replace('-', ' ')}`,
        data: { ...e.data, speed, reduced, stepId: step?.id ?? '', errorName: step?.errorName } satisfies FlowEdgeData as unknown as Record<string, unknown>,
      })),
    [picture.edges, speed, reduced, step?.id, step?.errorName],
  );

  const style = {
    '--fl-travel': `${travelMs(speed, reduced)}ms`,
    '--fl-effect': `${effectMs(speed, reduced)}ms`,
  } as CSSProperties;

  return (
    <div className={`fl-canvas${reduced ? ' is-reduced' : ''}`} style={style} data-step={step?.id}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode={colorMode}
        fitView
        fitViewOptions={{ padding: 0.04 }}
        minZoom={0.2}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        nodesFocusable={false}
        edgesFocusable={false}
        zoomOnScroll={false}
        zoomOnDoubleClick={false}
        panOnScroll={false}
        preventScrolling={false}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={{ 'node.a11yDescription.default': 'A place in the flow.' }}
      >
        <Fit flowId={flowId} />
        {follow && <Follow picture={picture} reduced={reduced} />}
      </ReactFlow>
    </div>
  );
}

export function FlowCanvas(props: Props) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
}
