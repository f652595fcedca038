// Pretty-printing a policy document (2-space JSON, as JSON.stringify(doc, null, 2) writes it) so a
// learner can find one statement and remove it. Unlike JSON.parse + JSON.stringify it keeps the
// document exactly as written otherwise: every key in order, duplicate keys included (IAM and KMS
// reject those, so they must stay visible), and strings and numbers byte for byte as typed
// (escapes, exponents). Only the whitespace between tokens changes, so statement N of the
// formatted text is statement N of the original.

import { parseJson, type JsonNode } from './json';

/** The document re-indented with 2 spaces; null when the text is not JSON (it is left as it is). */
export function formatPolicyJson(text: string): string | null {
  const parsed = parseJson(text);
  if (!parsed.ok) return null;
  const raw = (n: JsonNode) => text.slice(n.range.start.offset, n.range.end.offset);
  const out = (n: JsonNode, indent: string): string => {
    const inner = `${indent}  `;
    switch (n.type) {
      case 'object':
        if (n.properties.length === 0) return '{}';
        return `{\n${n.properties.map((p) => `${inner}${text.slice(p.keyRange.start.offset, p.keyRange.end.offset)}: ${out(p.value, inner)}`).join(',\n')}\n${indent}}`;
      case 'array':
        if (n.items.length === 0) return '[]';
        return `[\n${n.items.map((v) => `${inner}${out(v, inner)}`).join(',\n')}\n${indent}]`;
      default:
        return raw(n);
    }
  };
  return out(parsed.node, '');
}
