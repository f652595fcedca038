// A compile-time check that the engine's response types (../types.ts) refine the API model's: each
// has only members the model has, with types the model accepts (a member the engine always returns
// may be required there and optional in the model). `tsc` fails here when they drift apart.
//
// One exception, on evidence: KMS returns the deprecated CustomerMasterKeySpec with the key's
// KeySpec even where that enum lacks the value (ML-DSA, ML-KEM, Ed25519), so it is compared as a string.
import type { KmsOperations } from '../types';
import type { KmsApiOperations } from './kms-types.generated';

type Loosen<T> = T extends Date | Uint8Array
  ? T
  : T extends (infer U)[]
    ? Loosen<U>[]
    : T extends object
      ? { [K in keyof T]: K extends 'CustomerMasterKeySpec' ? string : Loosen<T[K]> }
      : T;
type Refines<Engine, Api> = [Exclude<keyof Engine, keyof Api>] extends [never] ? ([Loosen<Engine>] extends [Loosen<Api>] ? true : false) : false;
type Checked = { [Op in keyof KmsOperations]: Op extends keyof KmsApiOperations ? Refines<KmsOperations[Op][1], KmsApiOperations[Op][1]> : false };
/** The operations whose engine response does not refine the model's (must be none). */
export type ResponsesNotRefiningTheModel = { [Op in keyof Checked]: Checked[Op] extends true ? never : Op }[keyof Checked];
export const RESPONSES_REFINE_THE_MODEL: [ResponsesNotRefiningTheModel] extends [never] ? true : ResponsesNotRefiningTheModel = true;
