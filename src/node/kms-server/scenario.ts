// `--scenario FILE`: the one place the server turns a kms-scenario/1 file into a world, through the
// engine's own loader (src/engine/scenario/load.ts, `loadScenario(text, options)`), so the app, the
// simulate CLI and the server read scenarios the same way. The server's CryptoPort is passed on, so
// the scenario's keys get material the server can save.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CryptoPort, World } from '@kms-lab/engine';

type LoadResult = { world: World } | { error: unknown };
type LoadScenario = (input: string | object, options?: { crypto?: CryptoPort }) => Promise<LoadResult>;

const LOADER = new URL('../../engine/scenario/load.ts', import.meta.url);

function scenarioLoaderAvailable(): boolean {
  return existsSync(fileURLToPath(LOADER));
}

function describe(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'message' in error) return String((error as { message: unknown }).message);
  return JSON.stringify(error);
}

/** Loads FILE into a new world whose key material comes from `crypto`. Throws with a readable message. */
export async function worldFromScenario(file: string, crypto: CryptoPort): Promise<World> {
  if (!scenarioLoaderAvailable())
    throw new Error(`--scenario needs the engine's scenario loader (src/engine/scenario/load.ts), which this checkout does not have yet.`);
  const text = await readFile(file, 'utf8');
  const mod = (await import(/* @vite-ignore */ LOADER.href)) as { loadScenario: LoadScenario };
  const result = await mod.loadScenario(text, { crypto });
  if ('error' in result) throw new Error(`${file}: ${describe(result.error)}`);
  return result.world;
}
