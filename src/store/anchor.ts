// Audit anchors (hozen-audit-anchor/1): a chain's head hash at some seq, signed with the
// exchange's Ed25519 key and kept outside the store. A chain rewritten from some entry on with
// valid hashes verifies on its own; it no longer has, at the anchor's seq, the hash the anchor
// holds. docs/formats/audit.md ("Anchors") is the specification:
//
//   signed bytes = UTF-8 of canonical_json(["hozen-audit-anchor/1", tenant, seq, head_hash, at])
//   signature    = Ed25519 (RFC 8032, pure) over those bytes, base64
//   public_key   = the raw 32-byte Ed25519 public key, base64
//
// Pure apart from node:crypto; the store reads the chain, the use case writes the file.

import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { UserError } from '../errors.ts';
import { canonicalJson, parseJsonText } from '../encoding/json.ts';

export const ANCHOR_FORMAT = 'hozen-audit-anchor/1';
const SHA256_HEX = /^[0-9a-f]{64}$/;
const ISO_UTC_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export interface AuditAnchor {
  format: typeof ANCHOR_FORMAT;
  tenant: string;
  /** The entry anchored: the chain's length when it was signed (0 for an empty chain). */
  seq: number;
  /** That entry's hash (64 '0' for an empty chain). */
  head_hash: string;
  /** When it was signed, ISO 8601 UTC with milliseconds. */
  at: string;
  public_key: string;
  signature: string;
}

export type AnchorClaim = Pick<AuditAnchor, 'tenant' | 'seq' | 'head_hash' | 'at'>;

export function anchorSignedText(claim: AnchorClaim): string {
  return canonicalJson([ANCHOR_FORMAT, claim.tenant, claim.seq, claim.head_hash, claim.at]);
}

/** The Ed25519 private key of a PKCS#8 PEM text; UserError when it is not one. */
export function privateKeyOf(pem: string, file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new UserError('store.anchor_key_unreadable', { file });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UserError('store.anchor_key_wrong_type', { file, type: key.asymmetricKeyType ?? '?' });
  return key;
}

/** A public key (SPKI PEM) or a private key (PKCS#8 PEM) as the raw public key, base64. */
export function publicKeyText(pem: string, file: string): string {
  let key: KeyObject;
  try {
    key = pem.includes('PRIVATE KEY') ? createPublicKey(privateKeyOf(pem, file)) : createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('store.anchor_key_unreadable', { file });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UserError('store.anchor_key_wrong_type', { file, type: key.asymmetricKeyType ?? '?' });
  return rawPublicKey(key);
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('base64');
}

export function signAnchor(private_key: KeyObject, claim: AnchorClaim): AuditAnchor {
  const signature = sign(null, Buffer.from(anchorSignedText(claim), 'utf8'), private_key).toString('base64');
  return { format: ANCHOR_FORMAT, tenant: claim.tenant, seq: claim.seq, head_hash: claim.head_hash, at: claim.at, public_key: rawPublicKey(createPublicKey(private_key)), signature };
}

export function anchorSignatureValid(anchor: AuditAnchor): boolean {
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(anchor.public_key, 'base64').toString('base64url') }, format: 'jwk' });
    return verify(null, Buffer.from(anchorSignedText(anchor), 'utf8'), key, Buffer.from(anchor.signature, 'base64'));
  } catch {
    return false;
  }
}

/** A new key pair: the private key as PKCS#8 PEM, the public key as SPKI PEM and raw base64. */
export function generateAnchorKey(): { private_key_pem: string; public_key_pem: string; public_key: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    private_key_pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    public_key_pem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    public_key: rawPublicKey(publicKey),
  };
}

/** An anchor file's text; UserError naming the file and the field when it is not one. */
export function parseAnchor(text: string, file: string): AuditAnchor {
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch {
    throw new UserError('store.anchor_malformed', { file, field: '(JSON)' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UserError('store.anchor_malformed', { file, field: '(object)' });
  const record = value as Record<string, unknown>;
  const fields: Record<keyof AuditAnchor, (v: unknown) => boolean> = {
    format: (v) => v === ANCHOR_FORMAT,
    tenant: (v) => typeof v === 'string' && v !== '',
    seq: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
    head_hash: (v) => typeof v === 'string' && SHA256_HEX.test(v),
    at: (v) => typeof v === 'string' && ISO_UTC_MS.test(v),
    public_key: (v) => typeof v === 'string' && BASE64.test(v) && Buffer.from(v, 'base64').length === 32,
    signature: (v) => typeof v === 'string' && BASE64.test(v) && Buffer.from(v, 'base64').length === 64,
  };
  for (const [field, valid] of Object.entries(fields)) if (!valid(record[field])) throw new UserError('store.anchor_malformed', { file, field });
  const unknown = Object.keys(record).find((k) => !(k in fields));
  if (unknown !== undefined) throw new UserError('store.anchor_malformed', { file, field: unknown });
  return record as unknown as AuditAnchor;
}
