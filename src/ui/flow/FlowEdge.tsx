/**
 * An edge of the flow, and the token that travels it on the current step (motion along the
 * edge's own SVG path, via CSS offset-path). The token comes to rest halfway along the path — the
 * edge's step, in the empty gap between two lanes — and reads top to bottom there (vertical
 * writing), so at rest it never covers a node's text; tokens of one step sit side by side. Travel
 * time comes from ../player/timing; with reduced motion the token is simply at rest. A failed
 * step's token stops and shakes once.
 */
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type Edge, type EdgeProps } from '@xyflow/react';
import { motion } from 'motion/react';
import type { Carry, EdgeData } from '../../timeline';
import { AuditIcon, CiphertextIcon, DataKeyIcon, EncryptedKeyIcon, PlaintextIcon, StopIcon, StorageIcon } from '../common/icons';
import { effectMs, travelMs } from '../player/timing';

export type FlowEdgeData = EdgeData & { speed: number; reduced: boolean; stepId: string; errorName?: string };
type FlowEdgeType = Edge<FlowEdgeData & Record<string, unknown>, 'flow'>;

const TOKEN_ICON: Record<Carry, typeof PlaintextIcon> = {
  request: PlaintextIcon,
  plaintext: PlaintextIcon,
  ciphertext: CiphertextIcon,
  'dk-plain': DataKeyIcon,
  'dk-enc': EncryptedKeyIcon,
  envelope: StorageIcon,
  record: AuditIcon,
};

/** Where a token rests: halfway along the edge, on its step between the lanes. */
const REST = '50%';
/** Horizontal distance between the tokens of one step (a vertical token is about 20 px wide). */
const TOKEN_PITCH = 22;

function Token({ path, data }: { path: string; data: FlowEdgeData }) {
  const Icon = TOKEN_ICON[data.carries];
  const travel = travelMs(data.speed, data.reduced) / 1000;
  const shake = effectMs(data.speed, data.reduced) / 1000;
  return (
    <motion.div
      className={`fl-token fl-token--${data.carries}${data.failed ? ' is-failed' : ''}`}
      data-token={data.carries}
      style={{ offsetPath: `path("${path}")`, offsetRotate: '0deg', offsetAnchor: '50% 50%', marginLeft: (data.order - (data.moves - 1) / 2) * TOKEN_PITCH }}
      initial={{ offsetDistance: data.reduced ? REST : '0%', x: 0 }}
      animate={data.failed && !data.reduced ? { offsetDistance: REST, x: [0, -7, 7, -5, 5, 0] } : { offsetDistance: REST, x: 0 }}
      transition={{ offsetDistance: { duration: travel, ease: 'easeInOut' }, x: { delay: travel, duration: shake } }}
    >
      {data.failed ? <StopIcon size={14} /> : <Icon size={14} />}
      <span>{data.failed && data.errorName ? data.errorName : data.label}</span>
    </motion.div>
  );
}

const FlowEdge = memo(function FlowEdge(props: EdgeProps<FlowEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const [path] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 14, offset: 22 });
  if (!data) return null;
  return (
    <>
      <BaseEdge id={id} path={path} className={`fl-edge fl-edge--${data.carries} is-${data.state}${data.failed ? ' is-failed' : ''}`} />
      {data.state === 'active' && (
        <EdgeLabelRenderer>
          <Token key={data.stepId} path={path} data={data} />
        </EdgeLabelRenderer>
      )}
    </>
  );
});

export const edgeTypes = { flow: FlowEdge };
