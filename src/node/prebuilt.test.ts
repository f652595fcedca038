// `npm run simulate` and `npm run kms-server` run prebuilt bundles (scripts/node-run.mjs), built on
// the first run and rebuilt whenever a source they were built from changes. These tests keep the
// bundles in sync with the sources: the bundle run is the one a fresh build of today's sources gives.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEntry, bundlePath, ENTRIES, ensureBuilt, outDir, staleReason, type EntryName } from '../../scripts/node-run.mjs';

describe('prebuilt Node entry points', () => {
  for (const name of Object.keys(ENTRIES) as EntryName[]) {
    it(`${name}: the bundle that runs is a fresh build of the current sources`, async () => {
      const used = await ensureBuilt(name);
      expect(staleReason(name)).toBeUndefined();
      const fresh = await buildEntry(name, mkdtempSync(join(tmpdir(), 'node-run-')));
      expect(readFileSync(used, 'utf8')).toBe(readFileSync(fresh, 'utf8'));
      const manifest = JSON.parse(readFileSync(join(outDir, `${name}.manifest.json`), 'utf8'));
      expect(Object.keys(manifest.inputs)).toContain(ENTRIES[name]);
      expect(Object.keys(manifest.inputs)).toContain('package-lock.json');
    }, 120_000);
  }

  it('notices a changed or missing source', async () => {
    await ensureBuilt('simulate');
    const dir = mkdtempSync(join(tmpdir(), 'node-run-'));
    copyFileSync(bundlePath('simulate'), bundlePath('simulate', dir));
    const manifest = JSON.parse(readFileSync(join(outDir, 'simulate.manifest.json'), 'utf8'));
    const write = () => writeFileSync(join(dir, 'simulate.manifest.json'), JSON.stringify(manifest));
    write();
    expect(staleReason('simulate', dir)).toBeUndefined();
    manifest.inputs['src/engine/policy/evaluate.ts'].mtimeMs -= 1;
    write();
    expect(staleReason('simulate', dir)).toBe('src/engine/policy/evaluate.ts changed');
    manifest.inputs['src/engine/policy/evaluate.ts'].mtimeMs += 1;
    manifest.inputs['src/engine/gone.ts'] = { mtimeMs: 1, size: 1 };
    write();
    expect(staleReason('simulate', dir)).toBe('src/engine/gone.ts is gone');
    expect(staleReason('simulate', mkdtempSync(join(tmpdir(), 'node-run-')))).toBe('not built yet');
  }, 120_000);
});
