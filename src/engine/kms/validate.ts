// Input validation worded as AWS's request validation words it (the service model's constraints:
// required members, lengths, ranges, enums, patterns), e.g.
//   1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1
// Violations are collected per request and reported together, as AWS does. Field paths are the
// member names in lowerCamelCase; sensitive blobs are reported without their value
// ("Value at 'plaintext' …").
import { validationErrors } from '../errors';

export class Violations {
  readonly list: string[] = [];

  private add(field: string, value: unknown, constraint: string, sensitive = false) {
    const shown = sensitive ? 'Value' : value === null || value === undefined ? 'Value null' : `Value '${String(value)}'`;
    this.list.push(`${shown} at '${field}' failed to satisfy constraint: Member must ${constraint}`);
  }

  required(field: string, value: unknown): boolean {
    if (value === undefined || value === null) {
      this.add(field, null, 'not be null');
      return false;
    }
    return true;
  }

  /** String or blob length within [min, max]. Blobs are sensitive: their value is never echoed. */
  length(field: string, value: string | Uint8Array | unknown[] | undefined, min: number | undefined, max: number | undefined) {
    if (value === undefined || value === null) return;
    const sensitive = value instanceof Uint8Array;
    const n = value.length;
    if (min !== undefined && n < min) this.add(field, value, `have length greater than or equal to ${min}`, sensitive);
    else if (max !== undefined && n > max) this.add(field, value, `have length less than or equal to ${max}`, sensitive);
  }

  range(field: string, value: number | undefined, min: number | undefined, max: number | undefined) {
    if (value === undefined || value === null) return;
    if (min !== undefined && value < min) this.add(field, value, `have value greater than or equal to ${min}`);
    else if (max !== undefined && value > max) this.add(field, value, `have value less than or equal to ${max}`);
  }

  enumeration(field: string, value: string | undefined, allowed: readonly string[]) {
    if (value === undefined || value === null) return;
    if (!allowed.includes(value)) this.add(field, value, `satisfy enum value set: [${allowed.join(', ')}]`);
  }

  pattern(field: string, value: string | undefined, pattern: RegExp, shownPattern = pattern.source) {
    if (value === undefined || value === null) return;
    if (!pattern.test(value)) this.add(field, value, `satisfy regular expression pattern: ${shownPattern}`);
  }

  /** Throws the ValidationException when anything was violated. */
  check() {
    if (this.list.length > 0) throw validationErrors(this.list);
  }
}
