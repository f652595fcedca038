import type { StateCreator } from 'zustand';
import type { SessionSlice } from './session';
import type { CatalogSlice } from './catalog';
import type { KeysSlice } from './keys';
import type { WorkbenchSlice } from './workbench';
import type { PrefsSlice } from './prefs';
import type { WorkspaceSlice } from './workspace';
import type { KeyConsoleSlice } from './keyconsole';
import type { TimelineSlice } from './timeline';
import type { LabSlice } from './lab';
import type { ClassroomSlice } from './classroom';
import type { AwsImportSlice } from './aws-import';
import type { LiveSlice } from './live';

export type LabState = SessionSlice & CatalogSlice & KeysSlice & WorkbenchSlice & PrefsSlice & WorkspaceSlice & KeyConsoleSlice & TimelineSlice & LabSlice & ClassroomSlice & AwsImportSlice & LiveSlice;

/** A slice of the one store; middlewares are applied only on the combined store (zustand's slices guide). */
export type Slice<T> = StateCreator<LabState, [['zustand/persist', unknown]], [], T>;
