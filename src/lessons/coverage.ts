// The rows of shared/reference/seed-coverage.md ("What the app must demonstrate, point by point
// from the study notes"), each with a stable id. Lessons name the rows they teach in `notes`; the
// coverage test asserts every row is taught by at least one lesson, and that this list matches the
// reference file row for row.
export interface SeedPoint {
  id: string;
  /** The "the notes say" cell, verbatim. */
  notes: string;
}

export const SEED_POINTS: readonly SeedPoint[] = [
  { id: 'regional', notes: 'regional and public service; a separate product in each region' },
  { id: 'manage-keys', notes: 'lets you create, store, manage keys' },
  { id: 'symmetric-asymmetric', notes: 'symmetric and asymmetric keys' },
  { id: 'crypto-operations', notes: 'can perform cryptographic operations' },
  { id: 'never-leave-fips', notes: 'keys never leave KMS; FIPS 140-2' },
  { id: 'logical-container', notes: 'CMK: a logical container for the actual keys' },
  { id: 'cmk-contents', notes: 'CMK contains id, date, policy, description, state' },
  { id: 'generated-or-imported', notes: 'can be generated or imported' },
  { id: '4kb-limit', notes: 'at most 4 KB of data encrypted directly' },
  { id: 'cmk-visually', notes: 'user creates CMK; CMK encrypts key; encrypt/decrypt operations; CMK never leaves; never stored in plain text' },
  { id: 'dek-generated', notes: 'DEKs: generated from a CMK, for data over 4 KB, linked to the CMK' },
  { id: 'dek-not-stored', notes: "KMS doesn't store the DEK; gives it to you and discards it" },
  { id: 'dek-two-versions', notes: 'two versions: plaintext and ciphertext' },
  { id: 'dek-discard-store', notes: 'encrypt with the plaintext version, then discard it; store the encrypted key with the data' },
  { id: 'dek-decrypt', notes: 'pass the encrypted key to KMS to decrypt' },
  { id: 'isolated-region', notes: 'CMKs isolated to a region, never leave KMS' },
  { id: 'aws-vs-customer', notes: 'AWS managed vs customer managed keys; customer managed are more configurable' },
  { id: 'rotation', notes: 'both support key rotation' },
  { id: 'backing-keys', notes: 'CMKs contain backing keys' },
  { id: 'aliases', notes: 'aliases as shortcuts to a CMK' },
  { id: 'key-policy', notes: 'every CMK has a key policy (resource policy)' },
  { id: 'trust-not-automatic', notes: "trust isn't automatic: the key needs to trust the account" },
  { id: 'role-separation', notes: 'use with IAM policies for role separation' },
];

export const SEED_POINT_IDS = new Set(SEED_POINTS.map((p) => p.id));

/** The "the notes say" cells of seed-coverage.md's table, in order (for the test's comparison). */
export function seedCoverageRows(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l) && !/^\|\s*the notes say/.test(l))
    .map((l) => l.split('|')[1].trim());
}
