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

export const useLab = create<LabState>()(
  persist(
    (...a) => ({
      ...createSessionSlice(...a),
      ...createCatalogSlice(...a),
      ...createKeysSlice(...a),
      ...createWorkbenchSlice(...a),
      ...createPrefsSlice(...a),
    }),
    {
      name: 'kms-lab:prefs',
      version: 1,
      partialize: (s) => ({ theme: s.theme }),
    },
  ),
);

export type { LabState } from './types';
export * from './engine';
export * from './regions';
export { aliasesOf } from './catalog';
export { contextOf, newPair, type ContextPair, type HeldCiphertext } from './workbench';
export { normaliseAlias, type KeyActionKind, type CreateKeyInput } from './keys';
export type { Theme } from './prefs';
