/** Formatting for bytes, times and identifiers, the way the app shows them everywhere. */

const encoder = new TextEncoder();

/** UTF-8 length of a string: what KMS counts against its 4096-byte plaintext limit. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function byteHex(b: number): string {
  return b.toString(16).padStart(2, '0');
}

/** Decodes UTF-8, replacing invalid sequences (a decrypted blob is bytes; we show it as text). */
export function fromUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

const utcFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `01 Jan 2026, 14:05 UTC`: the simulated clock is shown in UTC, like CloudTrail. */
export function formatUtc(d: Date): string {
  return `${utcFormat.format(d)} UTC`;
}

export function isoUtc(d: Date): string {
  return d.toISOString();
}

/** Relative time between two simulated instants, e.g. "in 7 days", "3 hours ago". */
export function relative(from: Date, to: Date): string {
  const diff = +to - +from;
  const abs = Math.abs(diff);
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [ms, name] of units) {
    if (abs >= ms) {
      const n = Math.floor(abs / ms);
      const word = `${n} ${name}${n === 1 ? '' : 's'}`;
      return diff > 0 ? `in ${word}` : `${word} ago`;
    }
  }
  return 'just now';
}
