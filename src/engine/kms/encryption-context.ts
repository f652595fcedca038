// The encryption context as AES-GCM additional data (kms-behaviour.md §8, §15).
//
// KMS binds the encryption context cryptographically: decrypting needs the exact same pairs (only
// their order may differ). The emulators that got this wrong concatenated sorted `key + value`
// strings with no delimiters, so `{"ab":"c"}` and `{"a":"bc"}` produced the same bytes and
// decrypted each other's ciphertexts. This encoding cannot collide:
//
//   for each pair, sorted by the UTF-8 bytes of its key:
//     uint32 big-endian length of key   ‖ key as UTF-8
//     uint32 big-endian length of value ‖ value as UTF-8
//
// An absent or empty context encodes to zero bytes.

const utf8 = new TextEncoder();

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function canonicalEncryptionContext(context: Record<string, string> | undefined): Uint8Array<ArrayBuffer> {
  const pairs = Object.entries(context ?? {}).map(([k, v]) => [utf8.encode(k), utf8.encode(String(v))] as const);
  pairs.sort((x, y) => compareBytes(x[0], y[0]));
  const size = pairs.reduce((n, [k, v]) => n + 8 + k.length + v.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const [k, v] of pairs) {
    view.setUint32(at, k.length);
    out.set(k, at + 4);
    at += 4 + k.length;
    view.setUint32(at, v.length);
    out.set(v, at + 4);
    at += 4 + v.length;
  }
  return out;
}
