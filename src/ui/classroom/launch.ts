/**
 * Opening links, once the workspace is loaded:
 * - `#share=v1.…` — a scenario and/or a lesson position (src/store/share.ts). A scenario loads into
 *   a fresh world; when the user already has a workspace, they confirm first (replace it, or open the
 *   scenario in this tab only and leave the saved workspace untouched).
 * - `#blank` — a blank workspace for screen sharing, in this tab only: nothing on screen, nothing
 *   saved, the saved workspace untouched (reload without `#blank` to get it back).
 * - `#live=http://127.0.0.1:4599` (optionally `&token=…`, the token kms-server printed) — the Live
 *   screen, connected to that endpoint. The workspace is not touched.
 */
import { useLab, workInThisTabOnly, parseLiveLink } from '../../store';
import type { SharePayload } from '../../store/share';

const TAB_ONLY_MESSAGE = 'This tab shows a shared scenario and does not save it. Your saved workspace is untouched: open KMS Lab without the link to get it back.';
const BLANK_MESSAGE = 'A blank workspace for screen sharing: nothing in this tab is saved, and your saved workspace is untouched. Open KMS Lab without #blank to get it back.';

/** Whether the current workspace holds anything worth a confirmation before it is replaced. */
function hasWorkspace(): boolean {
  const w = useLab.getState().world;
  // Keys or IAM principals the user made (the audit log alone is not a workspace: the app's own List* calls fill it).
  return !!w && (Object.keys(w.state.keys).length > 0 || Object.keys(w.state.identities.principals).length > 0);
}

function go(section: string) {
  // A fragment navigation that does not add a history entry (the link stays out of Back).
  location.replace(`#${section}`);
}

/** Loads a decoded share link. `mode`: replace the workspace, or work on it in this tab only. */
export async function applyShare(payload: SharePayload, mode: 'replace' | 'tab'): Promise<void> {
  const s = useLab.getState();
  s.setPendingShare(null);
  if (payload.scenario) {
    if (mode === 'tab') await workInThisTabOnly(TAB_ONLY_MESSAGE);
    const problems = await s.importScenario(JSON.stringify(payload.scenario));
    if (problems) {
      s.setLinkNotice({ kind: 'error', text: `The shared scenario could not be loaded: ${problems[0]?.message ?? 'unknown problem'}` });
      return;
    }
    const keys = payload.scenario.keys?.length ?? 0;
    s.setLinkNotice({ kind: 'ok', text: `Opened the shared scenario${payload.scenario.title ? ` “${payload.scenario.title}”` : ''}: ${keys} key${keys === 1 ? '' : 's'}, with their policies, aliases and grants. No key material or data travels in a link.` });
  }
  if (payload.lesson) {
    s.setLessonLaunch(payload.lesson);
    go(`lessons/${payload.lesson.id}`);
  } else if (payload.open) await openAt(payload.open);
  else go(payload.section ?? 'keys');
}

/** Opens the place a link names: a key (in its Region), or the policy lab with the request filled in. */
async function openAt(open: NonNullable<SharePayload['open']>): Promise<void> {
  const s = useLab.getState();
  const key = Object.values(s.world?.state.keys ?? {}).find((k) => k.arn === open.keyArn);
  if (key && key.region !== s.region) await s.setRegion(key.region);
  if (open.kind === 'key') {
    if (key) useLab.getState().selectKey(key.keyId);
    go('keys');
    return;
  }
  useLab.getState().setRequest({ principal: open.principal, operation: open.operation, keyRef: open.keyArn });
  go('policy');
}

/** Handles the fragment the app was opened with (call after the workspace has loaded). */
async function openLaunchLink(hash = location.hash): Promise<void> {
  const h = hash.replace(/^#/, '');
  if (h === 'blank') {
    await workInThisTabOnly(BLANK_MESSAGE);
    await useLab.getState().startFresh();
    useLab.getState().setLinkNotice({ kind: 'ok', text: 'Blank workspace for screen sharing. Nothing here is saved.' });
    go('keys');
    return;
  }
  if (h.startsWith('live=')) {
    const { endpoint, token } = parseLiveLink(h);
    useLab.getState().liveConnect(endpoint, token);
    go('live');
    return;
  }
  if (!h.startsWith('share=')) return;
  const { decodeShare } = await import('../../store/share');
  let payload: SharePayload;
  try {
    payload = decodeShare(h);
  } catch (e) {
    useLab.getState().setLinkNotice({ kind: 'error', text: (e as Error).message });
    go('keys');
    return;
  }
  if (payload.scenario && hasWorkspace()) {
    useLab.getState().setPendingShare(payload);
    return;
  }
  await applyShare(payload, 'replace');
}

let launched: Promise<void> | null = null;

/** Loads the workspace, then opens the launch link — once, however often the shell mounts. */
export function startWithLinks(start: () => Promise<void>): Promise<void> {
  launched ??= start().then(() => openLaunchLink());
  return launched;
}

/** Opens links pasted into the address bar of a running app too. */
export function watchLaunchLinks(): () => void {
  const onHash = () => {
    const h = location.hash.replace(/^#/, '');
    if (h === 'blank' || h.startsWith('share=') || h.startsWith('live=')) void openLaunchLink();
  };
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}
