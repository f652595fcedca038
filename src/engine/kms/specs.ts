// Key specs, key usages and the algorithms each allows (kms-behaviour.md §2), as data. DescribeKey,
// GetPublicKey, the usage checks and CreateGrant's operation check all read these tables.
import type {
  EncryptionAlgorithmSpec,
  KeyAgreementAlgorithmSpec,
  KeySpec,
  KeyUsageType,
  MacAlgorithmSpec,
  SigningAlgorithmSpec,
} from '../types';

const RSA_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const;
const NIST_EC_SPECS = ['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521'] as const;
const HMAC_SPECS = ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'] as const;

export const isRsa = (spec: KeySpec) => spec.startsWith('RSA_');
export const isNistEc = (spec: KeySpec) => (NIST_EC_SPECS as readonly string[]).includes(spec);
export const isHmac = (spec: KeySpec) => spec.startsWith('HMAC_');
export const isAsymmetric = (spec: KeySpec) => spec !== 'SYMMETRIC_DEFAULT' && !isHmac(spec);

/** The key specs KMS Lab can create (SM2 is China-Regions only; ML-DSA is not modelled). */
export const SUPPORTED_KEY_SPECS: readonly KeySpec[] = [
  'SYMMETRIC_DEFAULT', ...RSA_SPECS, ...NIST_EC_SPECS, 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', ...HMAC_SPECS,
];

/** Which KeyUsage values each KeySpec allows. */
export function usagesFor(spec: KeySpec): KeyUsageType[] {
  if (spec === 'SYMMETRIC_DEFAULT') return ['ENCRYPT_DECRYPT'];
  if (isRsa(spec)) return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'];
  if (isNistEc(spec)) return ['SIGN_VERIFY', 'KEY_AGREEMENT'];
  if (isHmac(spec)) return ['GENERATE_VERIFY_MAC'];
  if (spec === 'SM2') return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'];
  return ['SIGN_VERIFY']; // ECC_SECG_P256K1, ECC_NIST_EDWARDS25519, ML_DSA_*
}

/** DescribeKey's EncryptionAlgorithms (ENCRYPT_DECRYPT keys only). */
export function encryptionAlgorithmsFor(spec: KeySpec): EncryptionAlgorithmSpec[] {
  if (spec === 'SYMMETRIC_DEFAULT') return ['SYMMETRIC_DEFAULT'];
  if (isRsa(spec)) return ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];
  if (spec === 'SM2') return ['SM2PKE'];
  return [];
}

/** DescribeKey's SigningAlgorithms (SIGN_VERIFY keys only), in the order AWS lists them. */
export function signingAlgorithmsFor(spec: KeySpec): SigningAlgorithmSpec[] {
  if (isRsa(spec))
    return ['RSASSA_PKCS1_V1_5_SHA_256', 'RSASSA_PKCS1_V1_5_SHA_384', 'RSASSA_PKCS1_V1_5_SHA_512', 'RSASSA_PSS_SHA_256', 'RSASSA_PSS_SHA_384', 'RSASSA_PSS_SHA_512'];
  switch (spec) {
    case 'ECC_NIST_P256':
    case 'ECC_SECG_P256K1':
      return ['ECDSA_SHA_256'];
    case 'ECC_NIST_P384':
      return ['ECDSA_SHA_384'];
    case 'ECC_NIST_P521':
      return ['ECDSA_SHA_512'];
    case 'ECC_NIST_EDWARDS25519':
      return ['ED25519_SHA_512', 'ED25519_PH_SHA_512'];
    case 'SM2':
      return ['SM2DSA'];
    default:
      return [];
  }
}

/** DescribeKey's MacAlgorithms: exactly one per HMAC spec. */
export function macAlgorithmsFor(spec: KeySpec): MacAlgorithmSpec[] {
  return isHmac(spec) ? [`HMAC_SHA_${spec.slice(5)}` as MacAlgorithmSpec] : [];
}

/** DescribeKey's KeyAgreementAlgorithms (KEY_AGREEMENT keys only). */
export function keyAgreementAlgorithmsFor(spec: KeySpec): KeyAgreementAlgorithmSpec[] {
  return isNistEc(spec) || spec === 'SM2' ? ['ECDH'] : [];
}

/** The hash a signing algorithm uses, and the length a DIGEST message must have. */
export function signingHash(alg: SigningAlgorithmSpec): { name: 'SHA-256' | 'SHA-384' | 'SHA-512'; bytes: number } {
  if (alg.endsWith('_384')) return { name: 'SHA-384', bytes: 48 };
  if (alg.endsWith('_512')) return { name: 'SHA-512', bytes: 64 };
  return { name: 'SHA-256', bytes: 32 };
}

/** Largest plaintext RSAES_OAEP can encrypt: k − 2·hLen − 2 bytes (§2, AWS-validated numbers). */
export function rsaMaxPlaintext(spec: KeySpec, alg: EncryptionAlgorithmSpec): number {
  const k = Number(spec.slice(4)) / 8;
  const hLen = alg === 'RSAES_OAEP_SHA_1' ? 20 : 32;
  return k - 2 * hLen - 2;
}

/** HMAC key material length in bytes per spec (224/256/384/512 bits). */
export const hmacKeyBytes = (spec: KeySpec) => Number(spec.slice(5)) / 8;

/** Data key pair specs (GenerateDataKeyPair's KeyPairSpec). */
export const KEY_PAIR_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096', 'ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521', 'ECC_SECG_P256K1', 'SM2', 'ECC_NIST_EDWARDS25519'] as const;
export type DataKeyPairSpec = (typeof KEY_PAIR_SPECS)[number];

/**
 * The grant operations valid for each kind of key (kms-behaviour.md §9 and the key type ×
 * operation table): a grant for an operation the key cannot perform is a ValidationException.
 */
export function grantOperationsFor(spec: KeySpec, usage: KeyUsageType): string[] {
  const common = ['CreateGrant', 'RetireGrant', 'DescribeKey'];
  if (spec === 'SYMMETRIC_DEFAULT')
    return [
      ...common, 'Decrypt', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyWithoutPlaintext', 'ReEncryptFrom', 'ReEncryptTo',
      'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext',
    ];
  if (isHmac(spec)) return [...common, 'GenerateMac', 'VerifyMac'];
  if (usage === 'ENCRYPT_DECRYPT') return [...common, 'Decrypt', 'Encrypt', 'ReEncryptFrom', 'ReEncryptTo', 'GetPublicKey'];
  if (usage === 'KEY_AGREEMENT') return [...common, 'DeriveSharedSecret', 'GetPublicKey'];
  return [...common, 'Sign', 'Verify', 'GetPublicKey'];
}
