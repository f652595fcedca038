// Every documentation case, as data. The runner (cases.test.ts) evaluates them; the simulate CLI,
// lessons or a scenario exporter may read them too.

import type { EvalCase } from './builder';
import { elementCases } from './elements.cases';
import { grantCases } from './grants.cases';
import { iamConditionCases } from './iam-conditions.cases';
import { kmsConditionCases } from './kms-conditions.cases';
import { kmsKeyPolicyCases } from './kms-key-policy.cases';
import { orgBoundarySessionCases } from './org-boundary-session.cases';

export type { Because, EvalCase, GrantSpec, PolicyDoc } from './builder';
export { buildInput, checkBecause } from './builder';

export const CASE_GROUPS: Record<string, EvalCase[]> = {
  'kms key policies': kmsKeyPolicyCases,
  'kms condition keys': kmsConditionCases,
  grants: grantCases,
  'condition operators': iamConditionCases,
  'policy elements and variables': elementCases,
  'organizations, boundaries, sessions': orgBoundarySessionCases,
};

export const ALL_CASES: EvalCase[] = Object.values(CASE_GROUPS).flat();
