// The lesson model: a lesson is data — a scenario (kms-scenario/1), the steps it drives through the
// real engine, narration, predict-then-reveal questions whose answers are COMPUTED from what the
// engine did, a goal checked against the world, a reference solution and hints. The runner
// (runner.ts) plays it headlessly; the UI plays the same data with the step player.
//
// Values inside requests are plain JSON plus a few tagged forms (see values.ts):
//   "$gdk.CiphertextBlob"      the CiphertextBlob of the result of the step with id "gdk"
//   { "$utf8": "hello" }        UTF-8 bytes
//   { "$bytes": 4096 }          4096 bytes of a fixed pattern (for size limits)
//   { "$json": {...} }          the object as JSON text (key policies)
//   { "$clock": { "days": 30 } } a Date: the simulated clock now plus a duration
import type { Decision } from '@kms-lab/engine/policy';
import type { Duration, KmsErrorName, OperationName } from '@kms-lab/engine';
import type { Scenario } from '@kms-lab/engine/scenario';

/** A value that may contain references and tagged forms (resolved by values.ts). */
export type Val = unknown;

/** Who calls and where: defaults are the root of 111122223333 and the scenario's default Region. */
export interface CallerSpec {
  /** Principal ARN (a user, role, session, or account root). */
  as?: string;
  region?: string;
  /** Condition keys the caller brings: kms:ViaService when a service calls for you, aws:SourceIp… */
  context?: Record<string, string | string[]>;
}

/** A KMS API call through the real engine, shaped exactly like the AWS request. */
export interface CallAction extends CallerSpec {
  call: OperationName;
  request: Record<string, Val>;
}

/** A policy decision without performing the call (the decision view), via the engine's evaluator. */
export interface EvaluateAction {
  evaluate: CallerSpec & {
    /** The IAM action, e.g. kms:Decrypt. */
    action: string;
    /** Key ARN (or a reference to one). */
    key: Val;
    encryptionContext?: Record<string, string>;
    /** How the request named the key (kms:RequestAlias). */
    keyIdAsSent?: string;
  };
}

/** Simulated time passes: deletions, automatic rotations and material expiry fall due. */
export interface ClockAction {
  advanceClock: Duration;
}

/** An IAM change (outside KMS): put a principal with its identity policies. */
export interface PutPrincipalAction {
  putPrincipal: { arn: string; policies?: object[]; tags?: Record<string, string> };
}

/** The AWS managed key alias/aws/<service>, created the way a service creates it on first use. */
export interface AwsManagedKeyAction {
  awsManagedKey: { account?: string; region?: string; service: string };
}

/** Work your application does on its own, outside the KMS boundary. */
export type LocalOp =
  /** AES-256-GCM in your app with a plaintext data key. Result: { Ciphertext, Iv }. */
  | { local: 'aes-gcm-encrypt'; key: Val; data: Val }
  /** AES-256-GCM decryption in your app. Result: { Plaintext } (fails if the tag check fails). */
  | { local: 'aes-gcm-decrypt'; key: Val; ciphertext: Val; iv: Val }
  /** Wipe a plaintext data key from memory (zero-fills the bytes). Result: { DiscardedBytes }. */
  | { local: 'discard'; key: Val }
  /** Write the encrypted data key next to the ciphertext. Result: the envelope's parts and EnvelopeBytes. */
  | { local: 'bundle'; encryptedDataKey: Val; ciphertext: Val; iv: Val }
  /** Try to export a KMS key's backing key from the engine (it is non-extractable). Result: { Exported: false, Refusal }. */
  | { local: 'export-backing-key'; keyArn: Val }
  /** Random bytes made in your app (key material to import). Result: { Bytes }. */
  | { local: 'random'; bytes: number }
  /** RSA-OAEP encryption with a public key (wrapping key material, or encrypting offline). Result: { Ciphertext }. */
  | { local: 'rsa-oaep-encrypt'; publicKey: Val; data: Val; hash: 'SHA-1' | 'SHA-256' }
  /** Verify an RSASSA-PSS / PKCS#1 v1.5 signature offline with a public key. Result: { SignatureValid }. */
  | { local: 'verify-signature'; publicKey: Val; message: Val; signature: Val; algorithm: 'RSASSA_PSS_SHA_256' | 'RSASSA_PKCS1_V1_5_SHA_256' }
  /** A copy of some bytes with one byte changed (tampering). Result: { Bytes }. */
  | { local: 'flip-byte'; data: Val; index?: number };

export type Action = CallAction | EvaluateAction | ClockAction | PutPrincipalAction | AwsManagedKeyAction | LocalOp;

/** What an action must produce: success, an AWS error, a decision, or a value in its result. */
export type Expectation =
  | 'success'
  | { error: KmsErrorName | 'any' }
  | { decision: Decision | 'Deny' }
  /** `value` may be a reference ("$before.KeyMetadata.CurrentKeyMaterialId"). */
  | { equals: { path: string; value: unknown } }
  /** The call succeeded and its result differs from `value` at `path` (a reference, usually). */
  | { notEquals: { path: string; value: unknown } }
  /** The call succeeded and its result has (or lacks) a field. */
  | { present: string }
  | { absent: string };

export const DECISION_CHOICES = [
  { id: 'Allow', label: 'Allow' },
  { id: 'ExplicitDeny', label: 'Denied — explicit deny' },
  { id: 'ImplicitDeny', label: 'Denied — implicit deny (nothing allows it)' },
] as const;

/** A predict-then-reveal question. The correct choice is computed from the step's actual result. */
export type Predict =
  /** Allow / explicit deny / implicit deny: the decision the engine's authorize stage (or evaluator) reached. */
  | { kind: 'decision'; question: string }
  /** Which outcome the call has: success or an AWS exception. */
  | { kind: 'outcome'; question: string; choices: { id: string; label: string; outcome: 'success' | KmsErrorName }[] }
  /** A value read after the step (`probe` is a reference such as "$d.KeyMetadata.KeyState"). */
  | { kind: 'value'; question: string; probe: string; choices: { id: string; label: string; value: unknown }[] };
// (choice values may be references too, e.g. "$before.KeyMetadata.CurrentKeyMaterialId")

export interface LessonStep {
  /** Unique in the lesson; later values refer to this step's result as "$id.Field". */
  id: string;
  /** Present tense, second person, short. */
  narration: string;
  action: Action;
  /** What the narration claims happens; the replay test holds the engine to it. */
  expect?: Expectation;
  predict?: Predict;
}

/** One condition of a goal: an action (run on a copy of the world) and what it must produce. */
export interface GoalCheck {
  /** Later checks may refer to this check's result as "$id.Field". */
  id?: string;
  label: string;
  action: Action;
  expect: Expectation;
}

export interface Goal {
  /** What the learner must reach, in one sentence. */
  description: string;
  checks: GoalCheck[];
}

/** An action of the reference solution; `id` lets later actions and goal checks refer to its result. */
export interface SolutionAction {
  id?: string;
  action: Action;
}

/** The parts of the study notes, and the topics certification exams ask about. */
export type LessonTopic =
  | 'kms-basics'
  | 'cmk'
  | 'cmk-encrypt-decrypt'
  | 'data-keys'
  | 'key-concepts'
  | 'encryption-context'
  | 'grants'
  | 'via-service'
  | 'cross-account'
  | 'disable-delete'
  | 'import-key-material'
  | 'multi-region'
  | 'asymmetric';

export const TOPIC_TITLES: Record<LessonTopic, string> = {
  'kms-basics': 'KMS basics',
  cmk: 'The CMK and what it contains',
  'cmk-encrypt-decrypt': 'CMK encrypt/decrypt and the 4 KB limit',
  'data-keys': 'Data keys and envelope encryption',
  'key-concepts': 'Key concepts',
  'encryption-context': 'Encryption context',
  grants: 'Grants',
  'via-service': 'kms:ViaService and AWS managed keys',
  'cross-account': 'Cross-account use',
  'disable-delete': 'Disabling vs deleting',
  'import-key-material': 'Importing key material',
  'multi-region': 'Multi-Region keys',
  asymmetric: 'Asymmetric keys and signing',
};

/** Something the engine must offer for a lesson to run: an operation name, or a world feature. */
export type Requirement = OperationName | 'awsManagedKey';

export interface Source {
  title: string;
  url: string;
}

export interface Lesson {
  id: string;
  title: string;
  topic: LessonTopic;
  summary: string;
  /** Rows of seed-coverage.md this lesson teaches (ids from coverage.ts). */
  notes: string[];
  /** The AWS documentation pages the lesson follows. */
  sources: Source[];
  /** kms-scenario/1, inline. */
  scenario: Scenario;
  /** Engine operations / features beyond the core symmetric set that the lesson needs. */
  requires?: Requirement[];
  steps: LessonStep[];
  goal: Goal;
  solution: SolutionAction[];
  hints: string[];
}
