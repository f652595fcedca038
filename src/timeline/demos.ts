/**
 * The Studio's one-click demo flows, built from real engine calls on the world given — the store
 * gives each demo a world of its own, so a demo never adds keys to the learner's (real keys,
 * real traces, real AES-GCM in the browser for the client-side half of envelope encryption).
 * Each returns a `Flow` for the player. They need only the engine and WebCrypto, so the same
 * flows run in unit tests (Node) and in the app.
 */
import { KmsError, type CallTrace, type KmsClient, type World } from '@kms-lab/engine';
import type { Flow, FlowItem } from './flow';
import { snapshotOf } from './project';

export type DemoId =
  | 'encrypt-decrypt' | 'envelope' | 'envelope-decrypt' | 'reencrypt' | 'rotation' | 'disable' | 'shredding'
  | 'multi-region' | 'aws-managed';

export interface DemoInfo {
  id: DemoId;
  title: string;
  description: string;
}

export const DEMOS: readonly DemoInfo[] = [
  { id: 'encrypt-decrypt', title: 'Encrypt and decrypt', description: 'Encrypt a short text directly under a CMK, then decrypt it. The CMK never leaves KMS; your data goes in and comes out.' },
  { id: 'envelope', title: 'Envelope encryption', description: 'GenerateDataKey, encrypt the data locally with the plaintext data key, discard that key, store the encrypted key with the data.' },
  { id: 'envelope-decrypt', title: 'Envelope decryption', description: 'Open the envelope, ask KMS to decrypt the data key, decrypt the data locally, discard the key again.' },
  { id: 'reencrypt', title: 'ReEncrypt to another key', description: 'Move a ciphertext from one CMK to another: KMS decrypts and re-encrypts inside its boundary; the plaintext never comes out.' },
  { id: 'rotation', title: 'Rotation keeps old ciphertexts readable', description: 'Rotate the key material: a new backing key becomes current, and the old one still decrypts what it encrypted.' },
  { id: 'disable', title: 'Disable a key', description: 'A disabled key refuses to decrypt (DisabledException); enabling it again brings the data back.' },
  { id: 'shredding', title: 'Crypto-shredding: delete the key', description: 'Schedule the key for deletion and let time pass: once the key is gone, its ciphertexts can never be decrypted again.' },
  { id: 'multi-region', title: 'Multi-Region key: decrypt in another Region', description: 'Keys never leave their Region — except multi-Region keys: ReplicateKey makes a related key with the same key material in another Region, so a ciphertext made in one Region decrypts in the other.' },
  { id: 'aws-managed', title: 'AWS managed vs customer managed', description: 'An AWS managed key (alias/aws/s3) is used only through its service (kms:ViaService) and cannot be managed by you; your customer managed key can.' },
];

/** Another Region for the multi-Region demo. */
const otherRegion = (region: string) => (region === 'eu-west-1' ? 'us-east-1' : 'eu-west-1');

const enc = new TextEncoder();

/** Runs a call and keeps its trace, successful or not. */
async function traced<T>(kms: KmsClient, run: (kms: KmsClient) => Promise<T>): Promise<{ value?: T; trace: CallTrace; error?: KmsError }> {
  try {
    const value = await run(kms);
    return { value, trace: kms.lastTrace as CallTrace };
  } catch (e) {
    if (e instanceof KmsError && e.trace) return { trace: e.trace, error: e };
    throw e;
  }
}

const DEMO_KEY_DESCRIPTION = 'Studio demo key';

/** The shared demo key for non-destructive demos (created once per Region). */
async function sharedDemoKey(world: World, kms: KmsClient): Promise<string> {
  const found = world.keysIn(kms.caller.accountId, kms.region).find((k) => k.description === DEMO_KEY_DESCRIPTION && k.keyState === 'Enabled');
  if (found) return found.keyId;
  return (await kms.createKey({ Description: DEMO_KEY_DESCRIPTION })).KeyMetadata.KeyId;
}

async function freshKey(kms: KmsClient, description: string): Promise<string> {
  return (await kms.createKey({ Description: description })).KeyMetadata.KeyId;
}

/** AES-256-GCM in the browser (or Node) with a plaintext data key: what an SDK does for envelope encryption. */
export async function localSeal(dataKey: Uint8Array, data: Uint8Array): Promise<{ iv: Uint8Array; ciphertext: Uint8Array }> {
  const key = await crypto.subtle.importKey('raw', dataKey as BufferSource, 'AES-GCM', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data as BufferSource));
  return { iv, ciphertext };
}

export async function localOpen(dataKey: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', dataKey as BufferSource, 'AES-GCM', false, ['decrypt']);
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: iv as BufferSource }, key, ciphertext as BufferSource));
}

interface Envelope {
  encryptedKey: Uint8Array;
  iv: Uint8Array;
  ciphertext: Uint8Array;
  context: Record<string, string>;
}

async function envelopeEncrypt(world: World, kms: KmsClient, keyId: string, text: string): Promise<{ items: FlowItem[]; envelope: Envelope }> {
  const context = { purpose: 'studio-demo' };
  const data = enc.encode(text);
  const gdk = await traced(kms, (k) => k.generateDataKey({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext: context }));
  const items: FlowItem[] = [{ kind: 'call', trace: gdk.trace }];
  if (!gdk.value?.Plaintext) return { items, envelope: { encryptedKey: new Uint8Array(), iv: new Uint8Array(), ciphertext: new Uint8Array(), context } };
  const dataKey = gdk.value.Plaintext;
  const sealed = await localSeal(dataKey, data);
  items.push({ kind: 'client', step: { kind: 'local-encrypt', plaintextBytes: data.length, ciphertextBytes: sealed.ciphertext.length }, at: world.now() });
  dataKey.fill(0); // the plaintext data key is wiped, for real
  items.push({ kind: 'client', step: { kind: 'discard-plaintext-key' }, at: world.now() });
  const envelope = { encryptedKey: gdk.value.CiphertextBlob, iv: sealed.iv, ciphertext: sealed.ciphertext, context };
  items.push({ kind: 'client', step: { kind: 'bundle-envelope', envelopeBytes: 2 + envelope.encryptedKey.length + 12 + envelope.ciphertext.length }, at: world.now() });
  return { items, envelope };
}

async function envelopeDecrypt(world: World, kms: KmsClient, envelope: Envelope): Promise<FlowItem[]> {
  const items: FlowItem[] = [{ kind: 'client', step: { kind: 'open-envelope', envelopeBytes: 2 + envelope.encryptedKey.length + 12 + envelope.ciphertext.length }, at: world.now() }];
  const dec = await traced(kms, (k) => k.decrypt({ CiphertextBlob: envelope.encryptedKey, EncryptionContext: envelope.context }));
  items.push({ kind: 'call', trace: dec.trace, role: 'data-key' });
  if (!dec.value) return items;
  const dataKey = dec.value.Plaintext;
  const plain = await localOpen(dataKey, envelope.iv, envelope.ciphertext);
  items.push({ kind: 'client', step: { kind: 'local-decrypt', ciphertextBytes: envelope.ciphertext.length, plaintextBytes: plain.length, ok: true }, at: world.now() });
  dataKey.fill(0);
  items.push({ kind: 'client', step: { kind: 'discard-plaintext-key' }, at: world.now() });
  return items;
}

/** Advances the simulated clock and reports what fell due (from the audit log's service events). */
export async function clockItem(world: World, days: number): Promise<FlowItem> {
  const from = world.now();
  const before = world.auditLog().length;
  await world.advanceClock({ days });
  const effects = world
    .auditLog()
    .slice(before)
    .flatMap((e): { effect: 'delete-key' | 'rotate-key'; keyArn: string; at: Date }[] => {
      const keyArn = e.resources?.[0]?.ARN ?? String(e.additionalEventData?.keyId ?? '');
      if (e.eventType !== 'AwsServiceEvent' || !keyArn) return [];
      if (e.eventName === 'DeleteKey') return [{ effect: 'delete-key', keyArn, at: new Date(e.eventTime) }];
      if (e.eventName === 'RotateKey') return [{ effect: 'rotate-key', keyArn, at: new Date(e.eventTime) }];
      return [];
    });
  return { kind: 'clock', from, to: world.now(), effects };
}

let runs = 0;

/** Runs one demo against `world` in `region` and returns its flow. Every call is a real engine call. */
export async function runDemo(id: DemoId, world: World, region: string, principal?: string): Promise<Flow> {
  const kms = world.client({ region, principal });
  const info = DEMOS.find((d) => d.id === id) as DemoInfo;
  const items: FlowItem[] = [];
  const text = 'Quarterly numbers: 42';
  switch (id) {
    case 'encrypt-decrypt': {
      const keyId = await sharedDemoKey(world, kms);
      const e = await traced(kms, (k) => k.encrypt({ KeyId: keyId, Plaintext: enc.encode(text), EncryptionContext: { department: 'finance' } }));
      items.push({ kind: 'call', trace: e.trace });
      if (e.value) {
        const d = await traced(kms, (k) => k.decrypt({ CiphertextBlob: e.value!.CiphertextBlob, EncryptionContext: { department: 'finance' } }));
        items.push({ kind: 'call', trace: d.trace, role: 'data' });
      }
      break;
    }
    case 'envelope': {
      const keyId = await sharedDemoKey(world, kms);
      items.push(...(await envelopeEncrypt(world, kms, keyId, text)).items);
      break;
    }
    case 'envelope-decrypt': {
      const keyId = await sharedDemoKey(world, kms);
      const { envelope } = await envelopeEncrypt(world, kms, keyId, text);
      items.push(...(await envelopeDecrypt(world, kms, envelope)));
      break;
    }
    case 'reencrypt': {
      const from = await sharedDemoKey(world, kms);
      const to = await freshKey(kms, 'Studio demo: ReEncrypt destination');
      const e = await traced(kms, (k) => k.encrypt({ KeyId: from, Plaintext: enc.encode(text) }));
      items.push({ kind: 'call', trace: e.trace });
      if (e.value) {
        const r = await traced(kms, (k) => k.reEncrypt({ CiphertextBlob: e.value!.CiphertextBlob, DestinationKeyId: to }));
        items.push({ kind: 'call', trace: r.trace });
      }
      break;
    }
    case 'rotation': {
      const keyId = await freshKey(kms, 'Studio demo: rotation');
      const old = await traced(kms, (k) => k.encrypt({ KeyId: keyId, Plaintext: enc.encode(text) }));
      items.push({ kind: 'call', trace: old.trace });
      const rot = await traced(kms, (k) => k.rotateKeyOnDemand({ KeyId: keyId }));
      items.push({ kind: 'call', trace: rot.trace });
      if (old.value) {
        const d = await traced(kms, (k) => k.decrypt({ CiphertextBlob: old.value!.CiphertextBlob }));
        items.push({ kind: 'call', trace: d.trace, role: 'data' });
      }
      const fresh = await traced(kms, (k) => k.encrypt({ KeyId: keyId, Plaintext: enc.encode(text) }));
      items.push({ kind: 'call', trace: fresh.trace });
      break;
    }
    case 'disable': {
      const keyId = await freshKey(kms, 'Studio demo: disable');
      const e = await traced(kms, (k) => k.encrypt({ KeyId: keyId, Plaintext: enc.encode(text) }));
      items.push({ kind: 'call', trace: e.trace });
      items.push({ kind: 'call', trace: (await traced(kms, (k) => k.disableKey({ KeyId: keyId }))).trace });
      if (e.value) {
        const blob = e.value.CiphertextBlob;
        items.push({ kind: 'call', trace: (await traced(kms, (k) => k.decrypt({ CiphertextBlob: blob }))).trace, role: 'data' });
        items.push({ kind: 'call', trace: (await traced(kms, (k) => k.enableKey({ KeyId: keyId }))).trace });
        items.push({ kind: 'call', trace: (await traced(kms, (k) => k.decrypt({ CiphertextBlob: blob }))).trace, role: 'data' });
      }
      break;
    }
    case 'shredding': {
      const keyId = await freshKey(kms, 'Studio demo: crypto-shredding');
      const e = await traced(kms, (k) => k.encrypt({ KeyId: keyId, Plaintext: enc.encode(text) }));
      items.push({ kind: 'call', trace: e.trace });
      items.push({ kind: 'client', step: { kind: 'store', what: 'ciphertext', where: 'your database' }, at: world.now() });
      items.push({ kind: 'call', trace: (await traced(kms, (k) => k.scheduleKeyDeletion({ KeyId: keyId, PendingWindowInDays: 7 }))).trace });
      items.push(await clockItem(world, 7));
      if (e.value) {
        const blob = e.value.CiphertextBlob;
        items.push({ kind: 'call', trace: (await traced(kms, (k) => k.decrypt({ CiphertextBlob: blob }))).trace, role: 'data' });
      }
      break;
    }
    case 'multi-region': {
      const primary = await traced(kms, (k) => k.createKey({ Description: 'Studio demo: multi-Region primary', MultiRegion: true }));
      items.push({ kind: 'call', trace: primary.trace });
      const keyId = primary.value?.KeyMetadata.KeyId;
      if (!keyId) break;
      const replicaRegion = otherRegion(region);
      items.push({ kind: 'call', trace: (await traced(kms, (k) => k.replicateKey({ KeyId: keyId, ReplicaRegion: replicaRegion }))).trace });
      const e = await traced(kms, (k) => k.encrypt({ KeyId: keyId, Plaintext: enc.encode(text) }));
      items.push({ kind: 'call', trace: e.trace });
      if (e.value) {
        // The same key id in the replica's Region: no re-encryption, no cross-Region call.
        const there = world.client({ region: replicaRegion, principal });
        const d = await traced(there, (k) => k.decrypt({ CiphertextBlob: e.value!.CiphertextBlob, KeyId: keyId }));
        items.push({ kind: 'call', trace: d.trace, role: 'data' });
      }
      break;
    }
    case 'aws-managed': {
      const managed = await world.awsManagedKey(kms.caller.accountId, region, 's3');
      // Called directly, the key's policy does not let you use it: only S3, on your behalf, may.
      items.push({ kind: 'call', trace: (await traced(kms, (k) => k.encrypt({ KeyId: 'alias/aws/s3', Plaintext: enc.encode(text) }))).trace });
      const viaS3 = world.client({ region, principal, context: { 'kms:ViaService': `s3.${region}.amazonaws.com` } });
      items.push({ kind: 'call', trace: (await traced(viaS3, (k) => k.encrypt({ KeyId: 'alias/aws/s3', Plaintext: enc.encode(text) }))).trace });
      // You cannot manage an AWS managed key; you can manage your own.
      items.push({ kind: 'call', trace: (await traced(kms, (k) => k.disableKey({ KeyId: managed.keyId }))).trace });
      const own = await freshKey(kms, 'Studio demo: customer managed');
      items.push({ kind: 'call', trace: (await traced(kms, (k) => k.disableKey({ KeyId: own }))).trace });
      break;
    }
  }
  runs += 1;
  // The demo's world as it ran: the canvas draws it, not whatever world is on screen later.
  return { id: `demo-${id}-${runs}-${Date.now().toString(36)}`, title: info.title, description: info.description, items, world: snapshotOf(world.state) };
}
