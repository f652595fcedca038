// The shape of the API model (kms-model.generated.ts is one value of ApiModel). A leaf: the
// generated model and model.ts both import it, so neither imports the other back.

export type MemberType = 'string' | 'integer' | 'long' | 'double' | 'boolean' | 'blob' | 'timestamp' | 'document' | 'structure' | 'list' | 'map';

export interface ApiMember {
  type: MemberType;
  /** structure: its name in `structures`. */
  shape?: string;
  /** list: the items. */
  member?: ApiMember;
  /** map: keys and values. */
  key?: ApiMember;
  value?: ApiMember;
  /** string: the enum it takes (values in `enums`). */
  enum?: string;
  required?: boolean;
  /** Never echoed in messages or logs (Plaintext, SharedSecret…). */
  sensitive?: boolean;
  /** Length (string, blob, list, map) or value (numbers). */
  min?: number;
  max?: number;
  /** A Java regular expression, matched against the whole value, as the service does. */
  pattern?: string;
}
export interface ApiStructure {
  members: Record<string, ApiMember>;
}
export interface ApiModel {
  sdkVersion: string;
  constraintsFrom: string;
  targetPrefix: string;
  operations: Record<string, { input: string; output?: string }>;
  structures: Record<string, ApiStructure>;
  /** Enum name → values in the model's order (the order AWS's messages print). */
  enums: Record<string, string[]>;
  /** Exception name → HTTP status. */
  errors: Record<string, number>;
}
