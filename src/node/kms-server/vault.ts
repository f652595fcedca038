// Key material that survives a restart without ever being plain on disk, and without the running
// engine ever holding an extractable key.
//
// The vault is the server's CryptoPort. Every generation and import of key material goes through
// it (the engine's contract), and for each it keeps a *recipe* — the key bytes and how to import
// them — sealed under the vault's master key (AES-256-GCM), in a WeakMap from the CryptoKey it
// returns. The CryptoKeys themselves are imported NON-extractable, as the engine's own port makes
// them, and the plain bytes are wiped:
//
//   generateBackingKey / importBackingKey   AES-256-GCM, 32 bytes (node:crypto's CSPRNG)
//   generateKeyPair / importKeyPair         RSA ENCRYPT_DECRYPT and ECDH key pairs as PKCS#8 (one
//                                           CryptoKey per algorithm, all from one recipe); RSA
//                                           SIGN_VERIFY keys (their PKCS#8, for MessageType DIGEST)
//                                           and noble-based kinds keep their secret as bytes, which
//                                           are sealed when saved
//   generateHmacKey / importHmacKey         HMAC keys (HMAC_224's bytes are sealed when saved)
//   generateWrappingKey                     GetParametersForImport's RSA-OAEP private key
//
// Saving writes each CryptoKey as its sealed recipe (and each `{kind:'raw', secret}` as sealed
// bytes); restoring opens the recipes and imports the keys non-extractable again. The master key
// lives in the state directory (`master.key`, mode 0600) or, without one, only in memory.
// A non-extractable CryptoKey the vault did not make cannot be saved: it is written as a "lost"
// placeholder and reported once (an extractable one is exported as JWK and sealed).
//
// State saved before RSA SIGN_VERIFY keys kept their PKCS#8 holds such a key as six sealed-key
// recipes of one PKCS#8; restoring turns it into what the port makes of that PKCS#8 today (raw
// material), so old keys sign DIGESTs too.
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { webCryptoPort, type CryptoPort } from '@kms-lab/engine';
import { hmacKeyBytes, isNistEc, isRsa } from '@kms-lab/engine';
import type { KeySpec, KeyUsageType } from '@kms-lab/engine';
import type { SecretMaterial } from '@kms-lab/engine';

const TAG = '$kmslab$';
const AAD = Buffer.from('kms-lab sealed key v1');

/** How to make a CryptoKey again from its bytes. */
type Recipe =
  | { op: 'aes-gcm'; raw: string }
  | { op: 'import-key-pair'; spec: KeySpec; usage: KeyUsageType; pkcs8: string }
  | { op: 'import-hmac-key'; spec: KeySpec; raw: string }
  | { op: 'rsa-oaep-private'; hash: string; pkcs8: string }
  | { op: 'jwk'; jwk: JsonWebKey; algorithm: unknown; usages: KeyUsage[]; extractable: boolean };

interface Sealed {
  iv: string;
  data: string;
  tag: string;
}
/** A CryptoKey on disk: its recipe, sealed; `pick` names the key among several the recipe makes. */
interface SealedKey extends Sealed {
  [TAG]: 'sealed-key';
  recipe: string;
  pick?: string;
}
interface LostKey {
  [TAG]: 'lost-key';
  algorithm: unknown;
  type: string;
}

function isTagged(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && typeof (v as Record<string, unknown>)[TAG] === 'string';
}

const b64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const rsaParams = (spec: string) => ({ modulusLength: Number(spec.slice(4)), publicExponent: new Uint8Array([1, 0, 1]) });
const NIST_CURVES: Record<string, string> = { ECC_NIST_P256: 'P-256', ECC_NIST_P384: 'P-384', ECC_NIST_P521: 'P-521' };

export class Vault {
  private readonly sealed = new WeakMap<CryptoKey, SealedKey | LostKey>();
  private readonly subtle = globalThis.crypto.subtle;
  private readonly base: CryptoPort;
  private warnedLost = false;
  readonly port: CryptoPort;

  constructor(
    private readonly masterKey: Buffer,
    private readonly warn: (message: string) => void = (m) => console.error(m),
  ) {
    if (masterKey.length !== 32) throw new Error('The vault master key must be 32 bytes.');
    const base = webCryptoPort(this.subtle);
    this.base = base;
    // Everything that makes key material is the vault's; the rest (and anything added later) is WebCrypto's.
    this.port = {
      ...base,
      generateBackingKey: () => this.importBackingKey(randomBytes(32)),
      importBackingKey: (raw) => this.importBackingKey(raw),
      generateKeyPair: (spec, usage) => this.generateKeyPair(spec, usage),
      importKeyPair: (spec, usage, pkcs8) => this.importKeyPair(spec, usage, pkcs8),
      generateHmacKey: (spec) => (spec === 'HMAC_224' ? base.generateHmacKey(spec) : this.importHmacKey(spec, randomBytes(hmacKeyBytes(spec)))),
      importHmacKey: (spec, raw) => this.importHmacKey(spec, raw),
      generateWrappingKey: (spec, hash) => this.generateWrappingKey(spec, hash),
    };
  }

  static ephemeral(): Vault {
    return new Vault(randomBytes(32));
  }

  // ---- sealing ----

  private seal(plain: Uint8Array): Sealed {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.masterKey, iv);
    c.setAAD(AAD);
    const data = Buffer.concat([c.update(plain), c.final()]);
    return { iv: iv.toString('base64'), data: data.toString('base64'), tag: c.getAuthTag().toString('base64') };
  }

  private open(s: Sealed): Uint8Array<ArrayBuffer> {
    const d = createDecipheriv('aes-256-gcm', this.masterKey, Buffer.from(s.iv, 'base64'));
    d.setAAD(AAD);
    d.setAuthTag(Buffer.from(s.tag, 'base64'));
    try {
      const plain = Buffer.concat([d.update(Buffer.from(s.data, 'base64')), d.final()]);
      const out = new Uint8Array(plain);
      plain.fill(0);
      return out;
    } catch {
      throw new Error("Sealed key material does not open with this state directory's master key (master.key replaced, or a state file from elsewhere).");
    }
  }

  // ---- integrity of the state files (store.ts) ----

  /** The key that MACs state.json, initial.json and the journal lines (derived from the master key). */
  macKey(): Buffer {
    return createHmac('sha256', this.masterKey).update('kms-lab state file MAC key v1').digest();
  }

  /** A check value of the master key, kept in the state files: tells "another master.key" from "a changed file". */
  masterKeyCheck(): string {
    return createHmac('sha256', this.masterKey).update('kms-lab master key check v1').digest('hex');
  }

  /**
   * Where sealed material in raw (unrevived) JSON does not open: the JSON paths of damaged sealed
   * keys and bytes (`keys["arn:…"].materials[0].cryptoKey`), to name the key a changed byte hit.
   */
  damagedSealed(raw: unknown): string[] {
    const out: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (v === null || typeof v !== 'object') return;
      if (isTagged(v) && (v[TAG] === 'sealed-key' || v[TAG] === 'sealed-bytes')) {
        try {
          this.open(v as unknown as Sealed).fill(0);
        } catch {
          out.push(path);
        }
        return;
      }
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
      else for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], /^[A-Za-z_]\w*$/.test(k) ? `${path}${path ? '.' : ''}${k}` : `${path}[${JSON.stringify(k)}]`);
    };
    walk(raw, '');
    return out;
  }

  /** Remembers how to make `keys` again: one sealed recipe, shared by every key it makes. */
  private remember(recipe: Recipe, keys: CryptoKey | Record<string, CryptoKey>): void {
    const plain = Buffer.from(JSON.stringify(recipe));
    const sealed = { ...this.seal(plain), recipe: randomUUID() };
    plain.fill(0);
    if (keys instanceof CryptoKey) this.sealed.set(keys, { [TAG]: 'sealed-key', ...sealed });
    else for (const [pick, key] of Object.entries(keys)) this.sealed.set(key, { [TAG]: 'sealed-key', ...sealed, pick });
  }

  private rememberSecret(recipe: Recipe, secret: SecretMaterial): void {
    if (secret.kind === 'webcrypto') this.remember(recipe, secret.keys);
  }

  // ---- the CryptoPort's makers ----

  private async importBackingKey(raw: Uint8Array): Promise<CryptoKey> {
    const key = await this.base.importBackingKey(raw);
    this.remember({ op: 'aes-gcm', raw: b64(raw) }, key);
    if (Buffer.isBuffer(raw)) raw.fill(0);
    return key;
  }

  private async generateKeyPair(spec: KeySpec, usage: KeyUsageType) {
    // RSA encryption and ECDH keys live in WebCrypto, non-extractable: make the PKCS#8 here, once, so
    // it can be sealed. RSA signing keys are raw material (their PKCS#8), sealed when saved, like noble's.
    let algorithm: RsaHashedKeyGenParams | EcKeyGenParams | undefined;
    if (isRsa(spec) && usage === 'ENCRYPT_DECRYPT') algorithm = { name: 'RSA-PSS', hash: 'SHA-256', ...rsaParams(spec) };
    else if (isNistEc(spec) && usage === 'KEY_AGREEMENT') algorithm = { name: 'ECDH', namedCurve: NIST_CURVES[spec] };
    if (!algorithm) return this.checked(await this.base.generateKeyPair(spec, usage));
    const pair = (await this.subtle.generateKey(algorithm, true, algorithm.name === 'ECDH' ? ['deriveBits'] : ['sign', 'verify'])) as CryptoKeyPair;
    const pkcs8 = new Uint8Array(await this.subtle.exportKey('pkcs8', pair.privateKey));
    try {
      return await this.importKeyPair(spec, usage, pkcs8);
    } finally {
      pkcs8.fill(0);
    }
  }

  private async importKeyPair(spec: KeySpec, usage: KeyUsageType, pkcs8: Uint8Array) {
    const m = await this.base.importKeyPair(spec, usage, pkcs8);
    // Raw material (RSA signing keys, noble-based kinds) needs no recipe: its bytes are sealed when saved.
    if (m.secret.kind === 'webcrypto') this.rememberSecret({ op: 'import-key-pair', spec, usage, pkcs8: b64(pkcs8) }, m.secret);
    return m;
  }

  private async importHmacKey(spec: KeySpec, raw: Uint8Array): Promise<SecretMaterial> {
    const secret = await this.base.importHmacKey(spec, raw);
    this.rememberSecret({ op: 'import-hmac-key', spec, raw: b64(raw) }, secret);
    if (Buffer.isBuffer(raw)) raw.fill(0);
    return secret;
  }

  private async generateWrappingKey(spec: KeySpec, hash: 'SHA-1' | 'SHA-256') {
    const pair = (await this.subtle.generateKey({ name: 'RSA-OAEP', hash, ...rsaParams(spec) }, true, ['encrypt', 'decrypt'])) as CryptoKeyPair;
    const pkcs8 = new Uint8Array(await this.subtle.exportKey('pkcs8', pair.privateKey));
    const privateKey = await this.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash }, false, ['decrypt']);
    this.remember({ op: 'rsa-oaep-private', hash, pkcs8: b64(pkcs8) }, privateKey);
    pkcs8.fill(0);
    return { privateKey, publicKey: new Uint8Array(await this.subtle.exportKey('spki', pair.publicKey)) };
  }

  /** Material the engine's own port made (noble-based kinds are bytes, saved sealed; CryptoKeys would be lost: say so now). */
  private checked<T extends { secret: SecretMaterial }>(m: T): T {
    if (m.secret.kind === 'webcrypto') for (const k of Object.values(m.secret.keys)) if (!this.sealed.has(k)) this.warnLost(k);
    return m;
  }

  private warnLost(key: CryptoKey): void {
    if (this.warnedLost) return;
    this.warnedLost = true;
    this.warn(
      `kms-server: a non-extractable ${key.algorithm.name} ${key.type} key was not made through the vault's CryptoPort methods, so it cannot be saved; it will be missing after a restart.`,
    );
  }

  // ---- saving and restoring ----

  /** Whether the vault can save this key (it made it, or it has already sealed it). */
  knows(key: CryptoKey): boolean {
    const s = this.sealed.get(key);
    return s !== undefined && s[TAG] === 'sealed-key';
  }

  /** Non-extractable CryptoKeys in `value` that the vault did not make (they cannot be saved). */
  unsaveable(value: unknown): number {
    let n = 0;
    const walk = (v: unknown) => {
      if (v instanceof CryptoKey) {
        if (!this.sealed.has(v) && !v.extractable) n++;
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof Date)) for (const x of Object.values(v)) walk(x);
    };
    walk(value);
    return n;
  }

  /** Seals every CryptoKey in `value` that the vault has not seen (extractable ones are exported as JWK; others are lost). */
  async prepare(value: unknown): Promise<void> {
    const unknown: CryptoKey[] = [];
    const walk = (v: unknown) => {
      if (v instanceof CryptoKey) {
        if (!this.sealed.has(v)) unknown.push(v);
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof Date)) for (const x of Object.values(v)) walk(x);
    };
    walk(value);
    for (const key of unknown) {
      if (this.sealed.has(key)) continue;
      if (key.extractable) {
        const jwk = await this.subtle.exportKey('jwk', key);
        this.remember({ op: 'jwk', jwk, algorithm: plainAlgorithm(key.algorithm), usages: key.usages, extractable: true }, key);
      } else {
        this.sealed.set(key, { [TAG]: 'lost-key', algorithm: plainAlgorithm(key.algorithm), type: key.type });
        this.warnLost(key);
      }
    }
  }

  /** JSON text for `value`: CryptoKeys as sealed recipes (call `prepare` first), raw secrets sealed, Uint8Array and Date tagged. */
  stringify(value: unknown): string {
    const sealed = this.sealed;
    const seal = (b: Uint8Array) => this.seal(b);
    return JSON.stringify(value, function (this: Record<string, unknown>, k: string, v: unknown) {
      const original = k === '' ? v : this[k];
      if (original instanceof CryptoKey) {
        const s = sealed.get(original);
        if (!s) throw new Error('Vault.stringify: call prepare() first.');
        return s;
      }
      if (original instanceof Uint8Array) {
        // The secret of a noble-based key (`{kind: 'raw', secret}`) never goes to disk in the clear.
        if (k === 'secret' && this.kind === 'raw') return { [TAG]: 'sealed-bytes', ...seal(original) };
        return { [TAG]: 'bytes', base64: b64(original) };
      }
      if (original instanceof Date) return { [TAG]: 'date', iso: original.toISOString() };
      return v;
    });
  }

  /** Parses text from `stringify`: bytes, sealed bytes and dates are revived; sealed keys stay placeholders until `materialize`. */
  parse(text: string): unknown {
    return JSON.parse(text, (_k, v: unknown) => {
      if (!isTagged(v)) return v;
      if (v[TAG] === 'bytes') return bytes(String(v.base64));
      if (v[TAG] === 'sealed-bytes') return this.open(v as unknown as Sealed);
      if (v[TAG] === 'date') return new Date(String(v.iso));
      return v;
    });
  }

  /** Replaces, in place, every sealed-key placeholder in `root` with its (non-extractable) CryptoKey. Returns the number of lost keys. */
  async materialize(root: unknown): Promise<number> {
    let lost = 0;
    const made = new Map<string, Promise<Made>>();
    const madeBy = (s: SealedKey) => {
      if (!made.has(s.recipe)) made.set(s.recipe, this.make(s));
      return made.get(s.recipe)!;
    };
    const visit = async (holder: Record<string | number, unknown>, k: string | number): Promise<void> => {
      const v = holder[k];
      if (isTagged(v)) {
        if (v[TAG] === 'sealed-key') {
          const s = v as unknown as SealedKey;
          const result = await madeBy(s);
          if (isRawSecret(result)) throw new Error('A sealed key recipe made raw material outside a key secret.');
          const key = result instanceof CryptoKey ? result : result[s.pick ?? ''];
          if (!(key instanceof CryptoKey)) throw new Error(`A sealed recipe did not make the key '${s.pick ?? ''}'.`);
          this.sealed.set(key, s);
          holder[k] = key;
        } else if (v[TAG] === 'lost-key') lost++;
        return;
      }
      if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof Date || v instanceof CryptoKey) return;
      // A `webcrypto` secret saved as recipes that the port now makes into raw material (an RSA
      // signing key saved before such keys kept their PKCS#8): the whole secret becomes that material.
      const sealedInSecret = firstSealedKeyOfSecret(v);
      if (sealedInSecret) {
        const result = await madeBy(sealedInSecret);
        if (isRawSecret(result)) {
          holder[k] = result;
          return;
        }
      }
      if (Array.isArray(v)) for (let i = 0; i < v.length; i++) await visit(v as unknown as Record<number, unknown>, i);
      else for (const key of Object.keys(v)) await visit(v as Record<string, unknown>, key);
    };
    await visit({ root }, 'root');
    return lost;
  }

  private async make(s: SealedKey): Promise<Made> {
    const plain = this.open(s);
    const recipe = JSON.parse(new TextDecoder().decode(plain)) as Recipe;
    plain.fill(0);
    const wipe = (b: Uint8Array) => b.fill(0);
    switch (recipe.op) {
      case 'aes-gcm': {
        const raw = bytes(recipe.raw);
        const key = await this.base.importBackingKey(raw);
        wipe(raw);
        return key;
      }
      case 'import-key-pair': {
        const pkcs8 = bytes(recipe.pkcs8);
        const m = await this.base.importKeyPair(recipe.spec, recipe.usage, pkcs8);
        wipe(pkcs8);
        // Raw material only for recipes saved before their kind became raw (see firstSealedKeyOfSecret).
        return m.secret.kind === 'webcrypto' ? m.secret.keys : m.secret;
      }
      case 'import-hmac-key': {
        const raw = bytes(recipe.raw);
        const secret = await this.base.importHmacKey(recipe.spec, raw);
        wipe(raw);
        if (secret.kind !== 'webcrypto') throw new Error('An HMAC recipe made raw material.');
        return secret.keys;
      }
      case 'rsa-oaep-private': {
        const pkcs8 = bytes(recipe.pkcs8);
        const key = await this.subtle.importKey('pkcs8', pkcs8, { name: 'RSA-OAEP', hash: recipe.hash }, false, ['decrypt']);
        wipe(pkcs8);
        return key;
      }
      case 'jwk':
        return this.subtle.importKey('jwk', recipe.jwk, recipe.algorithm as RsaHashedImportParams, recipe.extractable, recipe.usages);
    }
  }
}

/** What a recipe makes: a CryptoKey, CryptoKeys by name, or (a recipe from older state) raw material. */
type Made = CryptoKey | Record<string, CryptoKey> | Extract<SecretMaterial, { kind: 'raw' }>;

function isRawSecret(m: Made): m is Extract<SecretMaterial, { kind: 'raw' }> {
  return !(m instanceof CryptoKey) && (m as { kind?: unknown }).kind === 'raw' && (m as { secret?: unknown }).secret instanceof Uint8Array;
}

/** The first sealed key of a parsed `{kind: 'webcrypto', keys: {…}}` secret, if it is one. */
function firstSealedKeyOfSecret(v: object): SealedKey | undefined {
  const s = v as { kind?: unknown; keys?: unknown };
  if (s.kind !== 'webcrypto' || s.keys === null || typeof s.keys !== 'object') return undefined;
  const first = Object.values(s.keys as Record<string, unknown>).find((k) => isTagged(k) && k[TAG] === 'sealed-key');
  return first as SealedKey | undefined;
}

/** A CryptoKey's algorithm as plain data (RSA's publicExponent is a Uint8Array; hash is an object). */
function plainAlgorithm(a: KeyAlgorithm): unknown {
  return JSON.parse(JSON.stringify(a, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v))) as unknown;
}
