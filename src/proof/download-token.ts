// A per-customer download token: the capability to fetch one customer's proof of one snapshot
// without logging in, to hand out with the customer's statement (docs/formats/proof.md,
// "Download tokens"). It names the tenant, the snapshot and the account, and carries a MAC under
// a key derived from the exchange master secret, so the service checks it with no lookup at all;
// nobody without the master secret can make one, or turn one into another customer's.
//
//   token = base64url( 0x01 ‖ u8 len ‖ tenant ‖ u8 len ‖ snapshot_id ‖ u16 len ‖ account_id ‖ mac )
//   mac   = first 16 bytes of HMAC-SHA256(master, "hozen-pol/1 download" ‖ 0x00 ‖ everything before it)

import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 0x01;
const LABEL = Buffer.from('hozen-pol/1 download\0', 'utf8');
const MAC_BYTES = 16;
/** Longer tokens are refused before any work. */
export const DOWNLOAD_TOKEN_CHARS_MAX = 512;

export interface DownloadGrant {
  tenant_id: string;
  snapshot_id: string;
  account_id: string;
}

function mac(master_secret: Uint8Array, body: Buffer): Buffer {
  return createHmac('sha256', master_secret).update(LABEL).update(body).digest().subarray(0, MAC_BYTES);
}

export function downloadToken(master_secret: Uint8Array, grant: DownloadGrant): string {
  const tenant = Buffer.from(grant.tenant_id, 'utf8');
  const snapshot = Buffer.from(grant.snapshot_id, 'utf8');
  const account = Buffer.from(grant.account_id, 'utf8');
  if (tenant.length > 0xff || snapshot.length > 0xff || account.length > 0xffff) throw new RangeError('download token field too long');
  const body = Buffer.concat([Buffer.from([VERSION, tenant.length]), tenant, Buffer.from([snapshot.length]), snapshot, Buffer.from([account.length >> 8, account.length & 0xff]), account]);
  const token = Buffer.concat([body, mac(master_secret, body)]).toString('base64url');
  if (token.length > DOWNLOAD_TOKEN_CHARS_MAX) throw new RangeError('download token too long');
  return token;
}

/** The grant a token carries, or null if it is not one this master secret made. */
export function readDownloadToken(master_secret: Uint8Array, token: string): DownloadGrant | null {
  if (token.length > DOWNLOAD_TOKEN_CHARS_MAX || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length < 1 + 1 + 1 + 2 + MAC_BYTES || bytes[0] !== VERSION) return null;
  let at = 1;
  const field = (length_bytes: 1 | 2): string | null => {
    if (at + length_bytes > bytes.length) return null;
    const length = length_bytes === 1 ? bytes[at]! : bytes.readUInt16BE(at);
    at += length_bytes;
    if (at + length > bytes.length - MAC_BYTES) return null;
    const text = bytes.toString('utf8', at, at + length);
    at += length;
    return text;
  };
  const tenant_id = field(1);
  const snapshot_id = field(1);
  const account_id = field(2);
  if (tenant_id === null || snapshot_id === null || account_id === null || at !== bytes.length - MAC_BYTES) return null;
  const expected = mac(master_secret, bytes.subarray(0, at));
  if (!timingSafeEqual(expected, bytes.subarray(at))) return null;
  return { tenant_id, snapshot_id, account_id };
}
