import type { Slice } from './types';

export type Theme = 'light' | 'dark';

export interface PrefsSlice {
  theme: Theme;
  setTheme(theme: Theme): void;
}

function initialTheme(): Theme {
  if (typeof document !== 'undefined') {
    const t = document.documentElement.dataset.theme;
    if (t === 'light' || t === 'dark') return t;
  }
  if (typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches) return 'dark';
  return 'light';
}

export const createPrefsSlice: Slice<PrefsSlice> = (set) => ({
  theme: initialTheme(),
  setTheme: (theme) => set({ theme }),
});
