// reserves.json signed by known test keys, for tests and the conformance suite: a BTC address of
// each kind BIP-137 covers, BIP-322 P2WPKH and P2TR addresses, an Ethereum account, and a P2WSH
// address whose BIP-322 signature cannot be verified offline.

import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base64, bech32, hex } from '@scure/base';
import { p2trAddress, p2wpkhAddress, signBip322P2tr, signBip322P2wpkh } from './bip322-signing.ts';
import { RESERVES_FORMAT, reservesChallenge } from './reserves.ts';
import { bitcoinAddresses, bitcoinMessageHash, ethereumAddress, ethereumMessageHash } from './signatures.ts';

const key = (n: number): Uint8Array => hex.decode(n.toString(16).padStart(64, '0'));

export interface TestReserveLine {
  asset: 'BTC' | 'ETH';
  balance: string;
  /** bip137 kinds by header base: 31 P2PKH, 35 P2SH-P2WPKH, 39 P2WPKH; eip191; bip322 of a P2WSH (unverifiable offline); BIP-322 simple signatures of P2WPKH and P2TR; 'bad' signs another message. */
  kind: 'p2pkh' | 'p2sh_p2wpkh' | 'p2wpkh' | 'eip191' | 'bip322' | 'bip322_p2wpkh' | 'bip322_p2tr' | 'bad';
}

export function signedReservesText(exchange_id: string, snapshot_id: string, date: string, lines: readonly TestReserveLine[]): string {
  const challenge = reservesChallenge(exchange_id, snapshot_id, date);
  const addresses = lines.map((line, i) => {
    const k = key(1000 + i);
    const at = { block_height: 870_000 + i };
    if (line.kind === 'eip191') {
      const sig = secp256k1.sign(ethereumMessageHash(challenge), k, { prehash: false, format: 'recovered' });
      return { asset: line.asset, address: ethereumAddress(secp256k1.getPublicKey(k, true)), balance: line.balance, at, scheme: 'eip191', signature: '0x' + hex.encode(Uint8Array.of(...sig.subarray(1), 27 + sig[0]!)) };
    }
    if (line.kind === 'bip322') return { asset: line.asset, address: bech32.encode('bc', [0, ...bech32.toWords(new Uint8Array(32).fill(i + 1))]), balance: line.balance, at, scheme: 'bip322', signature: 'AkcwRAIg' };
    if (line.kind === 'bip322_p2wpkh') return { asset: line.asset, address: p2wpkhAddress(k), balance: line.balance, at, scheme: 'bip322', signature: signBip322P2wpkh(challenge, k) };
    if (line.kind === 'bip322_p2tr') return { asset: line.asset, address: p2trAddress(k), balance: line.balance, at, scheme: 'bip322', signature: signBip322P2tr(challenge, k) };
    const kind = line.kind === 'bad' ? 'p2wpkh' : line.kind;
    const header = { p2pkh: 31, p2sh_p2wpkh: 35, p2wpkh: 39 }[kind];
    const sig = secp256k1.sign(bitcoinMessageHash(line.kind === 'bad' ? challenge + ' (another day)' : challenge), k, { prehash: false, format: 'recovered' });
    return { asset: line.asset, address: bitcoinAddresses(secp256k1.getPublicKey(k, true))[kind][0]!, balance: line.balance, at, scheme: 'bip137', signature: base64.encode(Uint8Array.of(header + sig[0]!, ...sig.subarray(1))) };
  });
  return JSON.stringify({ format: RESERVES_FORMAT, snapshot_id, date, addresses }, null, 2) + '\n';
}
