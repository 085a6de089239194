// Address-ownership signatures over the reserves challenge, verified offline with well-kept
// libraries (@noble/curves for secp256k1 recovery, @noble/hashes, @scure/base for address
// encodings). A signature shows that the key of an address signed the challenge when it was
// made; it does not show the coins are still there (the balances are as of a stated block).
//
// Verified: BIP-137 message signatures (legacy `signmessage`) for P2PKH (compressed and not),
// P2SH-P2WPKH and P2WPKH, mainnet and testnet; EIP-191 `personal_sign` for Ethereum accounts.
// BIP-322 simple signatures for P2WPKH and P2TR key-path addresses (bip322.ts). Not verifiable
// here, and reported so, never counted: BIP-322 for P2WSH multisig and other scripts (a script
// interpreter would be needed), ERC-1271 contract wallets (they need a node to call).

import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes as concat } from '@noble/hashes/utils.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { base58check, base64, bech32, hex } from '@scure/base';
import { verifyBip322 } from './bip322.ts';
import { utf8, varint } from './bitcoin-bytes.ts';

export const SIGNATURE_SCHEMES = ['bip137', 'eip191', 'bip322', 'erc1271'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];
export type SignatureStatus = 'verified' | 'invalid' | 'not_verifiable_offline';

const b58 = base58check(sha256);
const hash160 = (bytes: Uint8Array): Uint8Array => ripemd160(sha256(bytes));



/** sha256d(varint ‖ "Bitcoin Signed Message:\n" ‖ varint(len) ‖ message), as Bitcoin Core signs. */
export function bitcoinMessageHash(message: string): Uint8Array {
  const magic = utf8('Bitcoin Signed Message:\n');
  const body = utf8(message);
  return sha256(sha256(concat(varint(magic.length), magic, varint(body.length), body)));
}

/** Every address a public key has under the four BIP-137 header ranges, mainnet and testnet. */
export function bitcoinAddresses(public_key: Uint8Array): { p2pkh: string[]; p2sh_p2wpkh: string[]; p2wpkh: string[] } {
  const h = hash160(public_key);
  const redeem = hash160(concat(Uint8Array.of(0x00, 0x14), h));
  return {
    p2pkh: [b58.encode(concat(Uint8Array.of(0x00), h)), b58.encode(concat(Uint8Array.of(0x6f), h))],
    p2sh_p2wpkh: [b58.encode(concat(Uint8Array.of(0x05), redeem)), b58.encode(concat(Uint8Array.of(0xc4), redeem))],
    p2wpkh: ['bc', 'tb'].map((prefix) => bech32.encode(prefix, [0, ...bech32.toWords(h)])),
  };
}

export function verifyBip137(address: string, message: string, signature_base64: string): SignatureStatus {
  let sig: Uint8Array;
  try {
    sig = base64.decode(signature_base64);
  } catch {
    return 'invalid';
  }
  if (sig.length !== 65 || sig[0]! < 27 || sig[0]! > 42) return 'invalid';
  const header = sig[0]!;
  const recovery = (header - 27) & 3;
  try {
    const compressed = secp256k1.recoverPublicKey(concat(Uint8Array.of(recovery), sig.subarray(1)), bitcoinMessageHash(message), { prehash: false });
    const point = secp256k1.Point.fromBytes(compressed);
    if (header < 31) return bitcoinAddresses(point.toBytes(false)).p2pkh.includes(address) ? 'verified' : 'invalid';
    const addresses = bitcoinAddresses(point.toBytes(true));
    const candidates = header < 35 ? addresses.p2pkh : header < 39 ? addresses.p2sh_p2wpkh : addresses.p2wpkh;
    return candidates.includes(address.startsWith('bc1') || address.startsWith('tb1') ? address.toLowerCase() : address) ? 'verified' : 'invalid';
  } catch {
    return 'invalid';
  }
}

/** keccak256("\x19Ethereum Signed Message:\n" ‖ byte length in decimal ‖ message). */
export function ethereumMessageHash(message: string): Uint8Array {
  const body = utf8(message);
  return keccak_256(concat(utf8(`\x19Ethereum Signed Message:\n${body.length}`), body));
}

export function ethereumAddress(public_key: Uint8Array): string {
  const uncompressed = secp256k1.Point.fromBytes(public_key).toBytes(false);
  return '0x' + hex.encode(keccak_256(uncompressed.subarray(1)).subarray(12));
}

export function verifyEip191(address: string, message: string, signature_hex: string): SignatureStatus {
  const text = signature_hex.startsWith('0x') ? signature_hex.slice(2) : signature_hex;
  if (!/^[0-9a-fA-F]{130}$/.test(text)) return 'invalid';
  const sig = hex.decode(text.toLowerCase());
  const v = sig[64]!;
  const recovery = v >= 27 ? v - 27 : v;
  if (recovery !== 0 && recovery !== 1) return 'invalid';
  try {
    const public_key = secp256k1.recoverPublicKey(concat(Uint8Array.of(recovery), sig.subarray(0, 64)), ethereumMessageHash(message), { prehash: false });
    return ethereumAddress(public_key) === address.toLowerCase() ? 'verified' : 'invalid';
  } catch {
    return 'invalid';
  }
}

export function verifyAddressSignature(scheme: SignatureScheme, address: string, message: string, signature: string): SignatureStatus {
  switch (scheme) {
    case 'bip137':
      return verifyBip137(address, message, signature);
    case 'eip191':
      return verifyEip191(address, message, signature);
    case 'bip322':
      return verifyBip322(address, message, signature);
    case 'erc1271':
      return 'not_verifiable_offline';
  }
}
