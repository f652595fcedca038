// Types for node-run.mjs (plain JavaScript, so that starting it needs no TypeScript compiler).
export const root: string;
export const outDir: string;
export const ENTRIES: Record<'simulate' | 'kms-server' | 'import-aws', string>;
export type EntryName = keyof typeof ENTRIES;
export function bundlePath(name: EntryName, dir?: string): string;
export function staleReason(name: EntryName, dir?: string): string | undefined;
export function buildEntry(name: EntryName, out?: string): Promise<string>;
export function ensureBuilt(name: EntryName): Promise<string>;
