import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEncryptionContext } from './encryption-context';
import { expectKmsError, setup, utf8 } from '../test-kit';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('canonical encryption context encoding', () => {
  it('length-prefixes each key and value (uint32 big-endian) after sorting by key', () => {
    expect(hex(canonicalEncryptionContext({ b: '2', a: '1' }))).toBe(
      '00000001' + '61' + '00000001' + '31' + '00000001' + '62' + '00000001' + '32',
    );
    expect(canonicalEncryptionContext({}).length).toBe(0);
    expect(canonicalEncryptionContext(undefined).length).toBe(0);
  });

  it('{"ab":"c"} and {"a":"bc"} encode differently (the emulators’ concatenation collides)', () => {
    expect(hex(canonicalEncryptionContext({ ab: 'c' }))).not.toBe(hex(canonicalEncryptionContext({ a: 'bc' })));
  });

  it('sorts by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF5E (UTF-8 EF BD 9E) sorts before U+1F600 (F0 9F 98 80) by bytes, after it by UTF-16 units.
    const encoded = canonicalEncryptionContext({ '\u{1F600}': 'x', '\uFF5E': 'y' });
    expect(hex(encoded.subarray(4, 7))).toBe('efbd9e');
  });

  it('property: order of pairs does not matter; different contexts never collide', () => {
    const ec = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 5 }), fc.string({ unit: 'grapheme', maxLength: 5 }), { maxKeys: 5 });
    fc.assert(
      fc.property(ec, ec, (a, b) => {
        const reversed = Object.fromEntries(Object.entries(a).reverse());
        expect(hex(canonicalEncryptionContext(reversed))).toBe(hex(canonicalEncryptionContext(a)));
        const same = JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
        expect(hex(canonicalEncryptionContext(a)) === hex(canonicalEncryptionContext(b))).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('end to end: a ciphertext bound to {"ab":"c"} does not decrypt with {"a":"bc"}, and vice versa', async () => {
    const { kms } = await setup();
    const { KeyMetadata } = await kms.createKey({});
    const one = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: utf8('x'), EncryptionContext: { ab: 'c' } });
    const two = await kms.encrypt({ KeyId: KeyMetadata.KeyId, Plaintext: utf8('x'), EncryptionContext: { a: 'bc' } });
    await expectKmsError(kms.decrypt({ CiphertextBlob: one.CiphertextBlob, EncryptionContext: { a: 'bc' } }), 'InvalidCiphertextException', '');
    await expectKmsError(kms.decrypt({ CiphertextBlob: two.CiphertextBlob, EncryptionContext: { ab: 'c' } }), 'InvalidCiphertextException', '');
    await expect(kms.decrypt({ CiphertextBlob: one.CiphertextBlob, EncryptionContext: { ab: 'c' } })).resolves.toBeDefined();
  });
});
