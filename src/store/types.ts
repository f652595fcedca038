import type { StateCreator } from 'zustand';
import type { SessionSlice } from './session';
import type { CatalogSlice } from './catalog';
import type { KeysSlice } from './keys';
import type { WorkbenchSlice } from './workbench';
import type { PrefsSlice } from './prefs';

export type LabState = SessionSlice & CatalogSlice & KeysSlice & WorkbenchSlice & PrefsSlice;

/** A slice of the one store; middlewares are applied only on the combined store (zustand's slices guide). */
export type Slice<T> = StateCreator<LabState, [['zustand/persist', unknown]], [], T>;
