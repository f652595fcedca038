/** The app's sections, addressed by the URL fragment (`#keys`, `#studio`, `#audit`…). */
import { useSyncExternalStore } from 'react';

export type SectionId = string;

function read(): SectionId {
  const h = typeof location === 'undefined' ? '' : location.hash.replace(/^#/, '');
  return h === '' ? 'keys' : h;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The section in the URL fragment (`keys` when there is none). */
export function useSection(): SectionId {
  return useSyncExternalStore(subscribe, read, () => 'keys');
}

export function currentSection(): SectionId {
  return read();
}

export function goToSection(id: SectionId): void {
  if (read() !== id) location.hash = `#${id}`;
}
