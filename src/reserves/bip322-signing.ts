// BIP-322 simple signatures made with a known private key, for tests and the reserves fixtures
// only (Hozen never holds an exchange's keys): the same sighashes as bip322.ts, signed.

import { secp256k1, schnorr } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64, bech32, bech32m } from '@scure/base';
import { bip322MessageHash, p2trSighash, p2wpkhSighash, taggedHash, toSpendTxid } from './bip322.ts';

const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const toBig = (bytes: Uint8Array): bigint => BigInt('0x' + Buffer.from(bytes).toString('hex'));
const toBytes32 = (n: bigint): Uint8Array => Uint8Array.from(Buffer.from(n.toString(16).padStart(64, '0'), 'hex'));

function encodeWitness(items: Uint8Array[]): string {
  const parts: Uint8Array[] = [Uint8Array.of(items.length)];
  for (const item of items) parts.push(Uint8Array.of(item.length), item);
  return base64.encode(Uint8Array.from(Buffer.concat(parts)));
}

export function p2wpkhAddress(key: Uint8Array, hrp = 'bc'): string {
  return bech32.encode(hrp, [0, ...bech32.toWords(ripemd160(sha256(secp256k1.getPublicKey(key, true))))]);
}

export function signBip322P2wpkh(message: string, key: Uint8Array): string {
  const pub = secp256k1.getPublicKey(key, true);
  const program = ripemd160(sha256(pub));
  const spk = Uint8Array.of(0x00, 0x14, ...program);
  const sighash = p2wpkhSighash(toSpendTxid(bip322MessageHash(message), spk), program);
  const der = secp256k1.sign(sighash, key, { prehash: false, lowS: true, format: 'der' });
  return encodeWitness([Uint8Array.of(...der, 0x01), pub]);
}

/** The BIP-86 key-path output key of a private key (no script tree), and the tweaked private key. */
export function p2trKeys(key: Uint8Array): { output_key: Uint8Array; tweaked: Uint8Array } {
  const internal = schnorr.getPublicKey(key);
  const even = secp256k1.getPublicKey(key, true)[0] === 0x02;
  const d = even ? toBig(key) : N - toBig(key);
  const tweaked = toBytes32((d + toBig(taggedHash('TapTweak', internal))) % N);
  return { output_key: schnorr.getPublicKey(tweaked), tweaked };
}

export function p2trAddress(key: Uint8Array, hrp = 'bc'): string {
  return bech32m.encode(hrp, [1, ...bech32m.toWords(p2trKeys(key).output_key)]);
}

export function signBip322P2tr(message: string, key: Uint8Array, hash_type: 0x00 | 0x01 = 0x00): string {
  const { output_key, tweaked } = p2trKeys(key);
  const spk = Uint8Array.of(0x51, 0x20, ...output_key);
  const sig = schnorr.sign(p2trSighash(toSpendTxid(bip322MessageHash(message), spk), spk, hash_type), tweaked);
  return encodeWitness([hash_type === 0x00 ? sig : Uint8Array.of(...sig, 0x01)]);
}
