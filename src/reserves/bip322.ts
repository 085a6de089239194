// BIP-322 "simple" signatures, verified offline for the two single-key segwit kinds: P2WPKH
// (witness v0, 20-byte program; ECDSA over the BIP-143 sighash) and P2TR key-path (witness v1,
// 32-byte program; BIP-340 Schnorr over the BIP-341 sighash). The two virtual transactions of the
// BIP are built byte by byte here, without a transaction library: they have one fixed shape.
//
// Not verifiable without a script interpreter, and so reported as such and never counted: P2WSH
// (multisig cold wallets), P2SH-wrapped and P2TR script-path spends, and any other witness.

import { secp256k1, schnorr } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes as concat } from '@noble/hashes/utils.js';
import { base64, bech32, bech32m } from '@scure/base';
import type { SignatureStatus } from './signatures.ts';
import { utf8, varint } from './bitcoin-bytes.ts';

const sha256d = (bytes: Uint8Array): Uint8Array => sha256(sha256(bytes));
const SIGHASH_DEFAULT = 0x00;
const SIGHASH_ALL = 0x01;
const WITNESS_ITEMS_MAX = 16;


const u32le = (n: number): Uint8Array => Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24);
const ZERO_VALUE = new Uint8Array(8);


const withLength = (bytes: Uint8Array): Uint8Array => concat(varint(bytes.length), bytes);

/** BIP-340 tagged hash: sha256(sha256(tag) ‖ sha256(tag) ‖ message). */
export function taggedHash(tag: string, ...message: Uint8Array[]): Uint8Array {
  const t = sha256(utf8(tag));
  return sha256(concat(t, t, ...message));
}

export const bip322MessageHash = (message: string): Uint8Array => taggedHash('BIP0322-signed-message', utf8(message));

export type WitnessProgram = { version: number; program: Uint8Array };

/** A segwit address's witness version and program (BIP-173 bech32 for v0, BIP-350 bech32m above), or null. */
export function witnessProgram(address: string): WitnessProgram | null {
  const lower = address.toLowerCase();
  if (address !== lower && address !== address.toUpperCase()) return null;
  const hrp = lower.slice(0, lower.lastIndexOf('1'));
  if (hrp !== 'bc' && hrp !== 'tb') return null;
  for (const codec of [bech32, bech32m]) {
    try {
      const { prefix, words } = codec.decode(lower as `${string}1${string}`);
      if (prefix !== hrp || words.length === 0) continue;
      const version = words[0]!;
      // v0 is bech32, v1+ bech32m (BIP-350): a program under the other checksum is refused.
      if ((version === 0) !== (codec === bech32)) continue;
      const program = codec.fromWords(words.slice(1));
      if (version === 0 && program.length !== 20 && program.length !== 32) return null;
      if (version > 16 || program.length < 2 || program.length > 40) return null;
      return { version, program };
    } catch {
      // the other checksum, or not an address at all
    }
  }
  return null;
}

const scriptPubKey = ({ version, program }: WitnessProgram): Uint8Array => concat(Uint8Array.of(version === 0 ? 0x00 : 0x50 + version, program.length), program);

/** The BIP's to_spend transaction (no witness): its txid in internal byte order. */
export function toSpendTxid(message_hash: Uint8Array, script_pubkey: Uint8Array): Uint8Array {
  const tx = concat(
    u32le(0), // nVersion
    varint(1),
    new Uint8Array(32), // prevout hash
    u32le(0xffffffff), // prevout n
    withLength(concat(Uint8Array.of(0x00, 0x20), message_hash)), // scriptSig: OP_0 PUSH32 message_hash
    u32le(0), // nSequence
    varint(1),
    ZERO_VALUE,
    withLength(script_pubkey),
    u32le(0), // nLockTime
  );
  return sha256d(tx);
}

/** to_sign's one output: value 0, OP_RETURN. */
const TO_SIGN_OUTPUT = concat(ZERO_VALUE, withLength(Uint8Array.of(0x6a)));

/** to_sign without its witness: its txid (for the BIP's test vectors). */
export function toSignTxid(to_spend_txid: Uint8Array): Uint8Array {
  return sha256d(concat(u32le(0), varint(1), to_spend_txid, u32le(0), varint(0), u32le(0), varint(1), TO_SIGN_OUTPUT, u32le(0)));
}

/** BIP-143 sighash of to_sign's input spending a P2WPKH output of value 0, SIGHASH_ALL. */
export function p2wpkhSighash(to_spend_txid: Uint8Array, pubkey_hash: Uint8Array): Uint8Array {
  const outpoint = concat(to_spend_txid, u32le(0));
  const script_code = withLength(concat(Uint8Array.of(0x76, 0xa9, 0x14), pubkey_hash, Uint8Array.of(0x88, 0xac)));
  return sha256d(concat(u32le(0), sha256d(outpoint), sha256d(u32le(0)), outpoint, script_code, ZERO_VALUE, u32le(0), sha256d(TO_SIGN_OUTPUT), u32le(0), u32le(SIGHASH_ALL)));
}

/** BIP-341 key-path sighash of to_sign's input spending a P2TR output of value 0. */
export function p2trSighash(to_spend_txid: Uint8Array, script_pubkey: Uint8Array, hash_type: number): Uint8Array {
  const message = concat(
    Uint8Array.of(hash_type),
    u32le(0), // nVersion
    u32le(0), // nLockTime
    sha256(concat(to_spend_txid, u32le(0))), // sha_prevouts
    sha256(ZERO_VALUE), // sha_amounts
    sha256(withLength(script_pubkey)), // sha_scriptpubkeys
    sha256(u32le(0)), // sha_sequences
    sha256(TO_SIGN_OUTPUT), // sha_outputs
    Uint8Array.of(0), // spend_type: key path, no annex
    u32le(0), // input index
  );
  return taggedHash('TapSighash', Uint8Array.of(0x00), message);
}

/** A simple signature: the witness stack, consensus-encoded; null when it is not one. */
export function decodeWitness(signature_base64: string): Uint8Array[] | null {
  let bytes: Uint8Array;
  try {
    bytes = base64.decode(signature_base64);
  } catch {
    return null;
  }
  let at = 0;
  const readVarint = (): number | null => {
    const first = bytes[at++];
    if (first === undefined) return null;
    if (first < 0xfd) return first;
    if (first === 0xfd && at + 2 <= bytes.length) {
      const n = bytes[at]! | (bytes[at + 1]! << 8);
      at += 2;
      return n < 0xfd ? null : n;
    }
    return null;
  };
  const count = readVarint();
  if (count === null || count > WITNESS_ITEMS_MAX) return null;
  const items: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const length = readVarint();
    if (length === null || at + length > bytes.length) return null;
    items.push(bytes.slice(at, at + length));
    at += length;
  }
  return at === bytes.length ? items : null;
}

function verifyP2wpkh(program: Uint8Array, witness: Uint8Array[], to_spend_txid: Uint8Array): SignatureStatus {
  if (witness.length !== 2) return 'invalid';
  const [sig, pubkey] = witness as [Uint8Array, Uint8Array];
  if (pubkey.length !== 33 || sig.length < 9 || sig[sig.length - 1] !== SIGHASH_ALL) return 'invalid';
  const hash160 = ripemd160(sha256(pubkey));
  if (hash160.some((b, i) => b !== program[i])) return 'invalid';
  try {
    // Strict DER and low S (BIP-322's required rules); the message is the sighash itself.
    return secp256k1.verify(sig.subarray(0, -1), p2wpkhSighash(to_spend_txid, hash160), pubkey, { prehash: false, lowS: true, format: 'der' }) ? 'verified' : 'invalid';
  } catch {
    return 'invalid';
  }
}

function verifyP2tr(program: Uint8Array, witness: Uint8Array[], to_spend_txid: Uint8Array, script_pubkey: Uint8Array): SignatureStatus {
  // A key-path spend is one signature; more items are a script path (or an annex): not checked here.
  if (witness.length !== 1) return 'not_verifiable_offline';
  const sig = witness[0]!;
  let hash_type: number;
  if (sig.length === 64) hash_type = SIGHASH_DEFAULT;
  else if (sig.length === 65 && sig[64] === SIGHASH_ALL) hash_type = SIGHASH_ALL;
  else return 'invalid';
  try {
    return schnorr.verify(sig.subarray(0, 64), p2trSighash(to_spend_txid, script_pubkey, hash_type), program) ? 'verified' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** A BIP-322 simple signature by `address` over `message`. */
export function verifyBip322(address: string, message: string, signature_base64: string): SignatureStatus {
  const wp = witnessProgram(address);
  // Legacy and P2SH addresses: a simple signature of a P2SH-wrapped key needs the redeem script
  // checked, a P2PKH one is BIP-137's; neither is done here.
  if (wp === null) return 'not_verifiable_offline';
  const p2wpkh = wp.version === 0 && wp.program.length === 20;
  const p2tr = wp.version === 1 && wp.program.length === 32;
  // P2WSH (multisig), future witness versions: a script interpreter would be needed.
  if (!p2wpkh && !p2tr) return 'not_verifiable_offline';
  const witness = decodeWitness(signature_base64);
  if (witness === null) return 'invalid';
  const script_pubkey = scriptPubKey(wp);
  const to_spend = toSpendTxid(bip322MessageHash(message), script_pubkey);
  return p2wpkh ? verifyP2wpkh(wp.program, witness, to_spend) : verifyP2tr(wp.program, witness, to_spend, script_pubkey);
}
