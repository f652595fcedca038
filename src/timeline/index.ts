/**
 * The timeline: engine traces → steps the player walks → the picture at a step. Pure TypeScript.
 *
 * ## Playing a flow (for the envelope screens and anything else that makes KMS calls)
 *
 * Build a `Flow` — the KMS call traces in order, with the client-side steps between them — and
 * hand it to the store's player, then show the Studio:
 *
 * ```ts
 * import { useLab } from '../../store';
 * import type { Flow } from '../../timeline';
 *
 * const flow: Flow = {
 *   id: `envelope-${Date.now()}`,            // any stable id
 *   title: 'Envelope encryption',
 *   items: [
 *     { kind: 'call', trace: generateDataKeyTrace },          // from kms.call(...) or KmsError.trace
 *     { kind: 'client', step: { kind: 'local-encrypt', plaintextBytes, ciphertextBytes, chunks } },
 *     { kind: 'client', step: { kind: 'discard-plaintext-key' } },
 *     { kind: 'client', step: { kind: 'bundle-envelope', envelopeBytes, format: 'kmslab-envelope/1' } },
 *   ],
 * };
 * useLab.getState().playFlow(flow, { autoplay: true });
 * location.hash = '#studio';
 * ```
 *
 * The decrypt half: `open-envelope`, then the Decrypt call (`{ kind: 'call', trace, role: 'data-key' }`
 * — the role is inferred inside a flow that opens an envelope), then `local-decrypt` and
 * `discard-plaintext-key`. A single trace plays with `flowFromTrace(trace)`; `useLab.getState().playCall(callId)`
 * replays any kept call by id. The `ui/player/PlayFlowButton` component does the navigation for you.
 */
export * from './flow';
export * from './steps';
export * from './project';
export * from './demos';
export * from './player';
export { narrate, narrateClientStep, narrateClock, shortArn, type NarratedStep } from './narrate';
export { policyDiff, type PolicyDiff, type PolicyStatementText } from './policyDiff';
export * from './live';
