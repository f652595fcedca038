import { describe, expect, it } from 'vitest';
import { migrateWorkspace, WORKSPACE_SCHEMA } from './persist';

describe('workspace record migrations', () => {
  it('schema 1 (world + region) becomes schema 2 with empty workbench and envelopes', () => {
    const world = { version: 1, clockMs: 5, keys: {} };
    const { workspace, newer } = migrateWorkspace({ schema: 1, world, region: 'eu-west-1', savedAt: 9 });
    expect(newer).toBe(false);
    expect(workspace).toEqual({ schema: 2, savedAt: 9, world, session: { region: 'eu-west-1', createdKeys: [], selectedKeyId: null }, workbench: null, artefactIds: [] });
  });
  it('the current schema passes through unchanged', () => {
    const rec = { schema: WORKSPACE_SCHEMA, savedAt: 1, world: { version: 1 }, session: { region: 'us-east-1', createdKeys: [], selectedKeyId: null }, workbench: null, artefactIds: ['a'] };
    expect(migrateWorkspace(rec).workspace).toBe(rec);
  });
  it('a newer schema is reported, so it is never overwritten', () => {
    expect(migrateWorkspace({ schema: WORKSPACE_SCHEMA + 1, world: {} })).toEqual({ workspace: null, newer: true });
  });
  it('garbage is ignored', () => {
    expect(migrateWorkspace(undefined).workspace).toBeNull();
    expect(migrateWorkspace({ schema: 2 }).workspace).toBeNull();
    expect(migrateWorkspace('x').workspace).toBeNull();
  });
});
