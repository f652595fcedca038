// --state DIR: the world survives restarts (a ciphertext made before decrypts after), a kill -9 at
// any moment loses no acknowledged change, key material on disk is only ever sealed, and backing
// keys inside the running engine stay non-extractable.
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand, UpdateKeyDescriptionCommand, type KMSClient } from '@aws-sdk/client-kms';
import { afterEach, describe, expect, it } from 'vitest';
import { startKmsServer } from './server';
import { sdkClient, spawnServer, type SpawnedServer } from './test-support';

const dirs: string[] = [];
const running: SpawnedServer[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kms-server-state-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const s of running.splice(0)) await s.kill9();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function spawnWithState(dir: string) {
  const s = await spawnServer(['--state', dir]);
  running.push(s);
  return s;
}

describe('--state DIR', () => {
  it('a restart keeps keys, aliases, the clock and the audit log; a ciphertext made before decrypts after', async () => {
    const dir = newDir();
    let s = await spawnWithState(dir);
    let kms: KMSClient = sdkClient(s.url);
    const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: 'kept' }));
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/kept', TargetKeyId: KeyMetadata!.KeyId! }));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: 'alias/kept', Plaintext: new TextEncoder().encode('survives'), EncryptionContext: { run: '1' } }));
    await fetch(`${s.url}/_lab/clock`, { method: 'POST', body: JSON.stringify({ advanceDays: 3 }) });
    const clockBefore = Date.parse(((await (await fetch(`${s.url}/_lab/clock`)).json()) as { now: string }).now);
    kms.destroy();
    await s.stop();

    s = await spawnWithState(dir);
    kms = sdkClient(s.url);
    try {
      const out = await kms.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { run: '1' } }));
      expect(new TextDecoder().decode(out.Plaintext)).toBe('survives');
      expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/kept' }))).KeyMetadata?.Description).toBe('kept');
      const clockAfter = Date.parse(((await (await fetch(`${s.url}/_lab/clock`)).json()) as { now: string }).now);
      expect(clockAfter).toBeGreaterThanOrEqual(clockBefore);
      expect(clockAfter - clockBefore).toBeLessThan(60_000);
      const audit = (await (await fetch(`${s.url}/_lab/audit?limit=100`)).json()) as { events: { eventName: string }[] };
      expect(audit.events.map((e) => e.eventName).slice(0, 3)).toEqual(['CreateKey', 'CreateAlias', 'Encrypt']);
    } finally {
      kms.destroy();
    }
  });

  it('key material is sealed on disk (master.key 0600), and backing keys stay non-extractable before and after a restart', async () => {
    const dir = newDir();
    let server = await startKmsServer({ port: 0, stateDir: dir, log: () => undefined });
    let kms = sdkClient(server.url);
    await kms.send(new CreateKeyCommand({}));
    const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: Object.keys(server.world().state.keys)[0], Plaintext: new Uint8Array([1, 2, 3]) }));
    const materials = () => Object.values(server.world().state.keys).flatMap((k) => k.materials);
    expect(materials().length).toBe(1);
    for (const m of materials()) {
      expect(m.cryptoKey).toBeInstanceOf(CryptoKey);
      expect(m.cryptoKey!.extractable).toBe(false);
      await expect(crypto.subtle.exportKey('raw', m.cryptoKey!)).rejects.toThrow();
    }
    kms.destroy();
    await server.close();

    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['initial.json', 'journal-1.jsonl', 'master.key', 'state.json'].sort());
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { body: { world: { keys: Record<string, { materials: { cryptoKey: Record<string, unknown> }[] }> } } };
    expect(Object.keys(state.body.world.keys).length).toBe(1);
    for (const key of Object.values(state.body.world.keys))
      for (const m of key.materials) {
        expect(Object.keys(m.cryptoKey).sort()).toEqual(['$kmslab$', 'data', 'iv', 'recipe', 'tag']);
        expect(m.cryptoKey.$kmslab$).toBe('sealed-key');
      }

    server = await startKmsServer({ port: 0, stateDir: dir, log: () => undefined });
    kms = sdkClient(server.url);
    try {
      for (const m of materials()) expect(m.cryptoKey!.extractable).toBe(false);
      expect((await kms.send(new DecryptCommand({ CiphertextBlob }))).Plaintext).toEqual(new Uint8Array([1, 2, 3]));
    } finally {
      kms.destroy();
      await server.close();
    }
  });

  it('kill -9 while 8 concurrent clients write: a restart finds every acknowledged change', async () => {
    const dir = newDir();
    const acknowledgedKeys: string[] = [];
    const acknowledgedCiphertexts: { blob: Uint8Array; text: string }[] = [];
    /** The last acknowledged description of each key (UpdateKeyDescription). */
    const descriptions = new Map<string, string>();
    const inFlight = new Map<string, string>();
    for (let round = 0; round < 3; round++) {
      const s = await spawnWithState(dir);
      // Eight clients, each its own KMSClient (its own connections), as eight learners would be.
      const clients = Array.from({ length: 8 }, () => sdkClient(s.url));
      let stop = false;
      let n = 0;
      const worker = async (kms: KMSClient, w: number) => {
        while (!stop) {
          const i = n++;
          try {
            if (i % 3 === 0 || acknowledgedKeys.length < 8) {
              const { KeyMetadata } = await kms.send(new CreateKeyCommand({ Description: `r${round}-w${w}-${i}` }));
              acknowledgedKeys.push(KeyMetadata!.Arn!);
              descriptions.set(KeyMetadata!.Arn!, `r${round}-w${w}-${i}`);
            } else if (i % 3 === 1) {
              const text = `r${round}-${i}`;
              const { CiphertextBlob } = await kms.send(new EncryptCommand({ KeyId: acknowledgedKeys[i % acknowledgedKeys.length], Plaintext: new TextEncoder().encode(text) }));
              acknowledgedCiphertexts.push({ blob: CiphertextBlob!, text });
            } else {
              // Worker w alone updates the w-th key, so its last acknowledged description is well defined;
              // the one in flight at the kill may or may not have reached the disk.
              const KeyId = acknowledgedKeys[w];
              const Description = `updated r${round}-w${w}-${i}`;
              inFlight.set(KeyId, Description);
              await kms.send(new UpdateKeyDescriptionCommand({ KeyId, Description }));
              descriptions.set(KeyId, Description);
            }
          } catch {
            // The server died under this request: it was never acknowledged.
            return;
          }
        }
      };
      const workers = clients.map((c, w) => worker(c, w));
      // Let writes flow, then kill -9 while requests are in flight.
      const target = acknowledgedKeys.length + 15 + round * 5;
      while (acknowledgedKeys.length < target) await new Promise((r) => setTimeout(r, 5));
      await s.kill9();
      stop = true;
      await Promise.all(workers);
      for (const c of clients) c.destroy();
    }
    const s = await spawnWithState(dir);
    const kms = sdkClient(s.url);
    try {
      expect(acknowledgedKeys.length).toBeGreaterThanOrEqual(45);
      for (const arn of acknowledgedKeys) {
        const found = (await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata?.Description;
        expect([descriptions.get(arn), inFlight.get(arn)], arn).toContain(found);
      }
      expect([...descriptions.values()].filter((d) => d.startsWith('updated')).length).toBeGreaterThan(0);
      for (const c of acknowledgedCiphertexts) expect(new TextDecoder().decode((await kms.send(new DecryptCommand({ CiphertextBlob: c.blob }))).Plaintext)).toBe(c.text);
    } finally {
      kms.destroy();
    }
  }, 90_000);
});
