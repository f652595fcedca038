// State on disk: detect, refuse, never overwrite. A state directory written by the server is damaged
// the ways a disk, a crash or a curious learner damages it; each start-up must refuse with a message
// naming the file and what is wrong (the process exits non-zero), write nothing over the data, and
// never start with a key missing. The one damage a crash causes — an unfinished last journal line —
// is kept and marked, never cut.
import { createHmac } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateAliasCommand, CreateKeyCommand, DecryptCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKmsServer } from './server';
import { sdkClient, spawnServer } from './test-support';

const dirs: string[] = [];
let template: string;
let keyA: string;
let keyB: string;
let ciphertext: Uint8Array;

const copy = () => {
  const d = mkdtempSync(join(tmpdir(), 'kms-integrity-'));
  dirs.push(d);
  cpSync(template, d, { recursive: true });
  return d;
};
const file = (dir: string, name: string) => join(dir, name);
const read = (dir: string, name: string) => readFileSync(file(dir, name), 'utf8');

/** What an attacker holding master.key could write: a state.json body with a valid MAC. */
function remac(dir: string, body: string) {
  const master = readFileSync(file(dir, 'master.key'));
  const macKey = createHmac('sha256', master).update('kms-lab state file MAC key v1').digest();
  const mac = createHmac('sha256', macKey).update(body, 'utf8').digest('hex');
  writeFileSync(file(dir, 'state.json'), `{"format":"kms-lab-server-state/2","mac":"${mac}","body":${body}}\n`);
}
const bodyOf = (dir: string) => {
  const t = read(dir, 'state.json');
  return t.slice(t.indexOf('"body":') + 7, -2);
};

async function refusal(dir: string): Promise<string> {
  const e = await startKmsServer({ port: 0, stateDir: dir, log: () => undefined }).then(
    async (s) => {
      await s.close();
      return undefined;
    },
    (x: unknown) => x,
  );
  expect(e, 'the server started on a damaged state directory').toBeInstanceOf(Error);
  return (e as Error).message;
}

beforeAll(async () => {
  template = mkdtempSync(join(tmpdir(), 'kms-integrity-template-'));
  const s = await startKmsServer({ port: 0, stateDir: template, log: () => undefined });
  const kms = sdkClient(s.url);
  keyA = (await kms.send(new CreateKeyCommand({ Description: 'key A' }))).KeyMetadata!.Arn!;
  keyB = (await kms.send(new CreateKeyCommand({ Description: 'key B' }))).KeyMetadata!.Arn!;
  await kms.send(new CreateAliasCommand({ AliasName: 'alias/a', TargetKeyId: keyA }));
  ciphertext = (await kms.send(new EncryptCommand({ KeyId: 'alias/a', Plaintext: new TextEncoder().encode('kept') }))).CiphertextBlob!;
  kms.destroy();
  await s.close();
}, 60_000);
afterAll(() => {
  for (const d of [template, ...dirs]) rmSync(d, { recursive: true, force: true });
});

describe('state.json is checked on load', () => {
  it('an undamaged copy loads, with every key and the ciphertext decrypting', async () => {
    const dir = copy();
    const s = await startKmsServer({ port: 0, stateDir: dir, log: () => undefined });
    const kms = sdkClient(s.url);
    try {
      expect(new TextDecoder().decode((await kms.send(new DecryptCommand({ CiphertextBlob: ciphertext }))).Plaintext)).toBe('kept');
      expect((await kms.send(new DescribeKeyCommand({ KeyId: keyB }))).KeyMetadata?.Description).toBe('key B');
    } finally {
      kms.destroy();
      await s.close();
    }
  });

  it('a flipped byte, an edited key state, clock or alias target: refused as changed, naming state.json', async () => {
    const edits: [string, (t: string) => string][] = [
      ['flipped byte', (t) => t.replace('key B', 'key C')],
      ['key state', (t) => t.replace('"keyState":"Enabled"', '"keyState":"Disabled"')],
      ['clock', (t) => t.replace(/"clockMs":(\d)/, (_m, d: string) => `"clockMs":${(Number(d) + 1) % 10}`)],
      ['alias target', (t) => t.replace(`"targetKeyArn":"${keyA}"`, `"targetKeyArn":"${keyB}"`)],
      ['a key removed', (t) => t.replace(`"${keyB}":{`, '"arn:aws:kms:us-east-1:111122223333:key/gone":{')],
    ];
    for (const [what, edit] of edits) {
      const dir = copy();
      const before = read(dir, 'state.json');
      const after = edit(before);
      expect(after, what).not.toBe(before);
      writeFileSync(file(dir, 'state.json'), after);
      const message = await refusal(dir);
      expect(message, what).toContain(`${file(dir, 'state.json')}: integrity check failed — its content was changed after KMS Lab wrote it (a flipped byte or an edited record`);
      expect(read(dir, 'state.json'), what).toBe(after);
    }
  });

  it('a truncated state.json is refused as truncated', async () => {
    for (const keep of [0.5, 0.99, 0.01]) {
      const dir = copy();
      const t = read(dir, 'state.json');
      writeFileSync(file(dir, 'state.json'), t.slice(0, Math.floor(t.length * keep)));
      expect(await refusal(dir)).toMatch(new RegExp(`^${file(dir, 'state.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated`));
    }
  });

  it('a flipped byte in sealed key material is reported as that, naming the key (not as a bad master key)', async () => {
    const dir = copy();
    const t = read(dir, 'state.json');
    const at = t.indexOf('"data":"', t.indexOf(`"${keyB}":{`)) + 12;
    const c = t[at];
    writeFileSync(file(dir, 'state.json'), t.slice(0, at) + (c === 'A' ? 'B' : 'A') + t.slice(at + 1));
    const message = await refusal(dir);
    expect(message).toContain(`the sealed key material of key ${keyB} (materials[0].cryptoKey) is damaged (a changed byte`);
    expect(message).not.toContain(keyA);
  });

  it('another master.key is reported as that', async () => {
    const dir = copy();
    writeFileSync(file(dir, 'master.key'), Buffer.alloc(32, 7));
    expect(await refusal(dir)).toContain('integrity check failed — it was written under another master.key');
  });

  it('a record that does not parse, or a clock out of range, is refused even under a valid MAC', async () => {
    const cases: [string, (b: string) => string, RegExp][] = [
      ['not JSON', (b) => b.slice(0, -10), /state\.json: the checkpoint does not parse/],
      ['a key record that is a number', (b) => b.replace(`"${keyB}":{`, `"${keyB}":5,"x":{`), new RegExp(`the key record ${keyB} is not a key record`)],
      ['a clock of 1e300 ms', (b) => b.replace(/"clockMs":\d+/, '"clockMs":1e300'), /the simulated clock \(1e\+300\) is out of range: it must be a time from 1970-01-01 to 9999-12-31T23:59:59\.999Z/],
      ['a negative clock', (b) => b.replace(/"clockMs":\d+/, '"clockMs":-5'), /the simulated clock \(-5\) is out of range/],
    ];
    for (const [what, edit, message] of cases) {
      const dir = copy();
      remac(dir, edit(bodyOf(dir)));
      expect(await refusal(dir), what).toMatch(message);
    }
  });

  it('a refusal exits the process non-zero with the message on stderr', async () => {
    const dir = copy();
    writeFileSync(file(dir, 'state.json'), read(dir, 'state.json').replace('key B', 'key C'));
    const e = await spawnServer(['--state', dir]).then(
      async (s) => {
        await s.kill9();
        return undefined;
      },
      (x: unknown) => x as Error,
    );
    expect(e?.message).toMatch(/kms-server exited \(1\) before it was ready/);
    expect(e?.message).toContain(`kms-server: ${file(dir, 'state.json')}: integrity check failed`);
  }, 60_000);
});

describe('never an empty world over existing data', () => {
  it('state.json missing with a journal and key material: refused, and the journal is untouched', async () => {
    const dir = copy();
    const journal = readdirSync(dir).find((f) => f.startsWith('journal-'))!;
    const before = read(dir, journal);
    unlinkSync(file(dir, 'state.json'));
    const message = await refusal(dir);
    expect(message).toMatch(/state\.json is missing, but .* holds initial\.json, journal-1\.jsonl, master\.key: refusing to start an empty world over existing data/);
    expect(read(dir, journal)).toBe(before);
    expect(existsSync(file(dir, 'state.json'))).toBe(false);
  });

  it('master.key missing with sealed material: refused, and no new master.key is written', async () => {
    const dir = copy();
    unlinkSync(file(dir, 'master.key'));
    expect(await refusal(dir)).toMatch(/master\.key is missing, but .*state\.json holds key material sealed under it: refusing to start \(a new master key would not open it, and none is written\)/);
    expect(existsSync(file(dir, 'master.key'))).toBe(false);
    const short = copy();
    writeFileSync(file(short, 'master.key'), Buffer.alloc(31));
    expect(await refusal(short)).toMatch(/master\.key: not a 32-byte key \(31 bytes\)/);
  });
});

describe('the journal is checked, never truncated', () => {
  const journalOf = (dir: string) => readdirSync(dir).find((f) => /^journal-\d+\.jsonl$/.test(f))!;

  it('an edited, removed or cut journal line is refused, naming the journal and the line', async () => {
    const edits: [string, (t: string) => string, RegExp][] = [
      ['an edited event', (t) => t.replace('"Encrypt"', '"Decrypt"'), /journal-1\.jsonl: line \d+: integrity check failed — the line's content was changed/],
      ['a removed line', (t) => t.split('\n').filter((_l, i) => i !== 1).join('\n'), /journal-1\.jsonl: line 2: integrity check failed/],
      ['whole lines cut', (t) => `${t.split('\n').slice(0, 2).join('\n')}\n`, /journal-1\.jsonl: \d+ bytes of whole lines, but state\.json says \d+ were written: the journal was truncated or lost/],
    ];
    for (const [what, edit, message] of edits) {
      const dir = copy();
      const name = journalOf(dir);
      const after = edit(read(dir, name));
      expect(after, what).not.toBe(read(dir, name));
      writeFileSync(file(dir, name), after);
      expect(await refusal(dir), what).toMatch(message);
      expect(read(dir, name), what).toBe(after);
    }
  });

  it('an unfinished last line (a crash mid-write) is kept and marked, not cut; the world loads, and loads again', async () => {
    const dir = copy();
    const name = journalOf(dir);
    const torn = `${read(dir, name)}${'f'.repeat(64)} {"g":99,"audit":[{"eventNa`;
    writeFileSync(file(dir, name), torn);
    const lines: string[] = [];
    for (let i = 0; i < 2; i++) {
      const s = await startKmsServer({ port: 0, stateDir: dir, log: (l) => lines.push(l) });
      const kms = sdkClient(s.url);
      try {
        expect((await kms.send(new DescribeKeyCommand({ KeyId: 'alias/a' }))).KeyMetadata?.Arn).toBe(keyA);
      } finally {
        kms.destroy();
        await s.close();
      }
      expect(read(dir, name).startsWith(torn)).toBe(true);
    }
    expect(lines.filter((l) => /ended in an unfinished line .*kept, and marked as unfinished/.test(l))).toHaveLength(1);
    expect(statSync(file(dir, name)).size).toBeGreaterThan(torn.length);
  });
});
