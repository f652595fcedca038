import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { importDataKey, openBytes, sealBytes, readHeader, bytesSource, blobSource, seal, open, streamReader } from './chunked';
import { decodeHeader, EnvelopeError, encodeHeader, chunkRange, MIN_CHUNK_SIZE, TAG_BYTES, type EnvelopeErrorCode } from './format';

const ARN = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const WRAPPED = Uint8Array.from({ length: 180 }, (_, i) => (i * 7) & 0xff);
const CTX = { department: 'finance', purpose: 'payroll' };
const C = MIN_CHUNK_SIZE; // small chunks make multi-chunk cases cheap

const rawKey = () => crypto.getRandomValues(new Uint8Array(32));
const data = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

async function make(plaintext: Uint8Array, chunkSize = C, raw = rawKey()) {
  const key = await importDataKey(raw);
  const envelope = await sealBytes({ key, plaintext, chunkSize, keyArn: ARN, encryptionContext: CTX, encryptedDataKey: WRAPPED });
  return { key, envelope, raw };
}

async function expectFailure(key: CryptoKey, envelope: Uint8Array, code: EnvelopeErrorCode) {
  const err = await openBytes(key, envelope).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'opening must fail').toBeInstanceOf(EnvelopeError);
  expect((err as EnvelopeError).code).toBe(code);
  expect((err as EnvelopeError).message.length).toBeGreaterThan(20);
  return err as EnvelopeError;
}

describe('envelope round trip', () => {
  for (const n of [0, 1, C - 1, C, C + 1, 2 * C, 3 * C + 17]) {
    it(`${n} bytes`, async () => {
      const plaintext = data(n);
      const { key, envelope } = await make(plaintext);
      const chunks = Math.max(1, Math.ceil(n / C));
      const { header } = decodeHeader(envelope);
      expect(envelope.length).toBe(header.headerLength + n + TAG_BYTES * chunks);
      const out = await openBytes(key, envelope);
      expect(out.plaintext).toEqual(plaintext);
      expect(out.header.keyArn).toBe(ARN);
      expect(out.header.encryptionContext).toEqual(CTX);
      expect(out.header.encryptedDataKey).toEqual(WRAPPED);
      expect(out.header.plaintextLength).toBe(n);
    });
  }

  it('reads from a Blob the same as from bytes, and reports progress', async () => {
    const plaintext = data(5 * C + 3);
    const key = await importDataKey(rawKey());
    const parts: Uint8Array[] = [];
    const progress: number[] = [];
    await seal({ key, source: blobSource(new Blob([plaintext as BlobPart])), chunkSize: C, keyArn: ARN, encryptedDataKey: WRAPPED, onPart: (p) => parts.push(p), onProgress: (p) => progress.push(p.done) });
    expect(progress).toEqual([C, 2 * C, 3 * C, 4 * C, 5 * C, 5 * C + 3]);
    const envelope = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
    const { header } = await readHeader(bytesSource(envelope));
    expect(header.encryptionContext).toEqual({});
    expect((await openBytes(key, envelope)).plaintext).toEqual(plaintext);
  });

  /** A Blob whose stream is not a byte stream and hands out pieces of odd sizes (as some browsers do). */
  function oddPieces(bytes: Uint8Array, piece = 777): Blob {
    const blob = new Blob([bytes as BlobPart]);
    return Object.assign(blob, {
      stream: () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < bytes.length; at += piece) controller.enqueue(bytes.slice(at, at + piece));
            controller.close();
          },
        }),
    });
  }

  for (const [how, wrap] of [
    ['a byte stream (BYOB)', (b: Uint8Array) => new Blob([b as BlobPart])],
    ['a stream of odd-sized pieces', (b: Uint8Array) => oddPieces(b)],
  ] as const) {
    it(`seals and opens Blobs read as ${how}`, async () => {
      for (const n of [0, 1, C, 4 * C + 5]) {
        const plaintext = data(n);
        const key = await importDataKey(rawKey());
        const parts: Uint8Array[] = [];
        await seal({ key, source: blobSource(wrap(plaintext)), chunkSize: C, keyArn: ARN, encryptedDataKey: WRAPPED, onPart: (p) => parts.push(p) });
        const envelope = new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer());
        expect((await openBytes(key, envelope)).plaintext).toEqual(plaintext);
        const out: Uint8Array[] = [];
        await open({ key, source: blobSource(wrap(envelope)), onPart: (p) => out.push(p) });
        expect(new Uint8Array(await new Blob(out as BlobPart[]).arrayBuffer())).toEqual(plaintext);
      }
    });
  }

  it('a Blob whose stream ends before its size is refused, not sealed short', async () => {
    const plaintext = data(3 * C);
    const short = Object.assign(new Blob([plaintext as BlobPart]), { stream: () => new Blob([plaintext.subarray(0, 2 * C + 9) as BlobPart]).stream() });
    const key = await importDataKey(rawKey());
    await expect(seal({ key, source: blobSource(short), chunkSize: C, keyArn: ARN, encryptedDataKey: WRAPPED, onPart: () => undefined })).rejects.toThrow(/ended early/);
    const envelope = await sealBytes({ key, plaintext, chunkSize: C, keyArn: ARN, encryptedDataKey: WRAPPED });
    // The size says the envelope is whole (so the length check passes), but the stream stops short.
    const cut = { ...bytesSource(envelope), from: (start: number) => streamReader(new Blob([envelope.subarray(start, envelope.length - 20) as BlobPart])) };
    const err = await open({ key, source: cut, onPart: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvelopeError);
    expect((err as EnvelopeError).code).toBe('truncated');
  });

  it('a tampered chunk read from a Blob stream fails at that chunk', async () => {
    const plaintext = data(6 * C);
    const { key, envelope } = await make(plaintext);
    const bad = envelope.slice();
    const { header } = decodeHeader(bad);
    bad[chunkRange(header, 2).start + 5] ^= 1;
    const err = await open({ key, source: blobSource(new Blob([bad as BlobPart])), onPart: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EnvelopeError);
    expect((err as EnvelopeError).chunk).toBe(2);
  });

  it('encodes the context canonically: order does not matter, ab=c and a=bc differ', () => {
    const base = { keyArn: ARN, encryptedDataKey: WRAPPED, chunkSize: C, plaintextLength: 0, noncePrefix: new Uint8Array(8) };
    const a = encodeHeader({ ...base, encryptionContext: { b: '2', a: '1' } });
    const b = encodeHeader({ ...base, encryptionContext: { a: '1', b: '2' } });
    expect(a).toEqual(b);
    expect(encodeHeader({ ...base, encryptionContext: { ab: 'c' } })).not.toEqual(encodeHeader({ ...base, encryptionContext: { a: 'bc' } }));
  });
});

describe('tampering fails with a clear error', () => {
  it('a flipped header byte (key ARN, context, wrapped key, sizes) fails authentication', async () => {
    const { key, envelope } = await make(data(2 * C + 5));
    const { fields } = decodeHeader(envelope);
    for (const f of fields.filter((x) => ['key-arn', 'encryption-context', 'encrypted-data-key', 'nonce-prefix'].includes(x.field))) {
      const bad = envelope.slice();
      bad[f.offset + f.length - 1] ^= 0x01;
      const err = await expectFailure(key, bad, 'chunk-authentication-failed');
      expect(err.chunk).toBe(0);
    }
  });

  it('a changed plaintext length is caught (as truncation or as authentication failure)', async () => {
    const { key, envelope } = await make(data(2 * C));
    const bad = envelope.slice();
    bad[21] ^= 0x01; // 2048 → 2049 bytes: the header now promises a third chunk
    await expectFailure(key, bad, 'truncated');
    const same = envelope.slice();
    same[21] = 0xff; // 2048 → 2303 bytes: still 3 chunks' worth of length mismatch
    await expectFailure(key, same, 'truncated');
  });

  it('a flipped ciphertext or tag byte in any chunk fails at that chunk', async () => {
    const { key, envelope } = await make(data(3 * C));
    const { header } = decodeHeader(envelope);
    for (const i of [0, 1, 2]) {
      const r = chunkRange(header, i);
      for (const at of [r.start, r.start + r.length - 1]) {
        const bad = envelope.slice();
        bad[at] ^= 0x80;
        expect((await expectFailure(key, bad, 'chunk-authentication-failed')).chunk).toBe(i);
      }
    }
  });

  it('swapped chunks fail', async () => {
    const { key, envelope } = await make(data(3 * C));
    const { header } = decodeHeader(envelope);
    const a = chunkRange(header, 0);
    const b = chunkRange(header, 1);
    const bad = envelope.slice();
    bad.set(envelope.subarray(b.start, b.start + b.length), a.start);
    bad.set(envelope.subarray(a.start, a.start + a.length), b.start);
    expect((await expectFailure(key, bad, 'chunk-authentication-failed')).chunk).toBe(0);
  });

  it('truncation fails, even when the header is edited to match', async () => {
    const { key, envelope } = await make(data(3 * C));
    const { header } = decodeHeader(envelope);
    const last = chunkRange(header, 2);
    await expectFailure(key, envelope.subarray(0, last.start), 'truncated');
    await expectFailure(key, envelope.subarray(0, envelope.length - 1), 'truncated');
    await expectFailure(key, envelope.subarray(0, 20), 'truncated');
    // Drop the final chunk and rewrite the length: the new last chunk was sealed as "not final".
    const cut = envelope.slice(0, last.start);
    new DataView(cut.buffer).setBigUint64(14, BigInt(2 * C));
    await expectFailure(key, cut, 'chunk-authentication-failed');
  });

  it('appended bytes fail', async () => {
    const { key, envelope } = await make(data(C + 1));
    const bad = new Uint8Array(envelope.length + 1);
    bad.set(envelope);
    await expectFailure(key, bad, 'trailing-bytes');
  });

  it('another data key fails', async () => {
    const { envelope } = await make(data(10));
    await expectFailure(await importDataKey(rawKey()), envelope, 'chunk-authentication-failed');
  });

  it('something that is not an envelope, or a future version, is named as such', async () => {
    const key = await importDataKey(rawKey());
    await expectFailure(key, new TextEncoder().encode('hello, this is a text file'), 'not-an-envelope');
    const { envelope } = await make(data(1));
    const v2 = envelope.slice();
    v2[4] = 2;
    await expectFailure(key, v2, 'unsupported-version');
  });
});

describe('properties', () => {
  it('any data, context and chunk size round-trips', async () => {
    const key = await importDataKey(rawKey());
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 5000 }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
        fc.integer({ min: C, max: 3000 }),
        async (plaintext, ctx, chunkSize) => {
          const envelope = await sealBytes({ key, plaintext, chunkSize, keyArn: ARN, encryptionContext: ctx, encryptedDataKey: WRAPPED });
          const out = await openBytes(key, envelope);
          expect(out.plaintext).toEqual(plaintext);
          expect(out.header.encryptionContext).toEqual(ctx);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('flipping any single bit anywhere makes opening fail', async () => {
    const key = await importDataKey(rawKey());
    const envelope = await sealBytes({ key, plaintext: data(2 * C + 100), chunkSize: C, keyArn: ARN, encryptionContext: CTX, encryptedDataKey: WRAPPED });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: envelope.length - 1 }), fc.integer({ min: 0, max: 7 }), async (at, bit) => {
        const bad = envelope.slice();
        bad[at] ^= 1 << bit;
        await expect(openBytes(key, bad)).rejects.toBeInstanceOf(EnvelopeError);
      }),
      { numRuns: 300 },
    );
  });

  it('cutting the envelope anywhere makes opening fail', async () => {
    const key = await importDataKey(rawKey());
    const envelope = await sealBytes({ key, plaintext: data(2 * C + 100), chunkSize: C, keyArn: ARN, encryptedDataKey: WRAPPED });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: envelope.length - 1 }), async (cut) => {
        await expect(openBytes(key, envelope.subarray(0, cut))).rejects.toBeInstanceOf(EnvelopeError);
      }),
      { numRuns: 100 },
    );
  });
});
