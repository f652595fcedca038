/**
 * The one store (zustand's slices pattern): session (world, region, clock), the catalog snapshot,
 * keys and selection, the encrypt/decrypt workbench, and preferences. Engine calls go through the
 * actions here; components read with selectors. Only preferences are persisted for now.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { LabState } from './types';
import { createSessionSlice } from './session';
import { createCatalogSlice } from './catalog';
import { createKeysSlice } from './keys';
import { createWorkbenchSlice } from './workbench';
import { createPrefsSlice } from './prefs';
import { createWorkspaceSlice } from './workspace';
import { createKeyConsoleSlice } from './keyconsole';
import { createTimelineSlice, connectTimeline } from './timeline';
import { createLabSlice } from './lab';
import { createClassroomSlice } from './classroom';
import { createAwsImportSlice } from './aws-import';
import { createLiveSlice } from './live';
import { startWorkspace, newWorkspace, stopSaving } from './persist';

export const useLab = create<LabState>()(
  persist(
    (...a) => ({
      ...createSessionSlice(...a),
      ...createCatalogSlice(...a),
      ...createKeysSlice(...a),
      ...createWorkbenchSlice(...a),
      ...createPrefsSlice(...a),
      ...createWorkspaceSlice(...a),
      ...createKeyConsoleSlice(...a),
      ...createTimelineSlice(...a),
      ...createLabSlice(...a),
      ...createClassroomSlice(...a),
      ...createAwsImportSlice(...a),
      ...createLiveSlice(...a),
    }),
    {
      name: 'kms-lab:prefs',
      version: 1,
      partialize: (s) => ({ theme: s.theme }),
    },
  ),
);

// Every call's trace is kept for the player and the audit log (src/store/timeline.ts).
connectTimeline(useLab);

export type { LabState } from './types';
export {  SPEEDS, type MotionPref, type FlowView, type PlayerId, type PlayerDecks } from './timeline';
export * from './kms-calls';
export * from './regions';
export { aliasesOf } from './catalog';
export { contextOf, newPair, type ContextPair, type HeldCiphertext } from './workbench';
export {  type KeyActionKind, type CreateKeyInput } from './keys';
export type { Theme } from './prefs';
export { NO_KEY_ACTIONS, LAB_OPERATIONS, PERFORMABLE, resolveKeyRef, evaluationOf, type RequestDraft, type LabDecision } from './lab';
export type { Artefact, DataKeyState, EnvelopeEncryptJob, EnvelopeDecryptJob, PersistStatus, LocalError, OpenedEnvelope } from './workspace';
;
;
export { useProgress, type ProgressStorage } from './progress';
export type { PresenterNotes, Stepper } from './classroom';
export type { RotationInfo, KeyRotationAction } from './keyconsole';
export type { AwsImportState, AwsExportPreview, ExportFileInput } from './aws-import';
export { parseLiveLink, liveFlowId, type LiveCall, type LiveConnection, type LiveStatus } from './live';

/** Loads the saved workspace (IndexedDB) and boots the engine from it; then saves after each change. */
export const startLab = () => startWorkspace(useLab);
/** Forgets the saved workspace and starts an empty one (ask the user first). */
export const startNewWorkspace = () => newWorkspace(useLab);
/** Stops saving in this tab (a blank or shared workspace): the saved workspace is left untouched. */
export const workInThisTabOnly = (message: string) => stopSaving(useLab, message);
