// reserves.json signed by known test keys, for tests and the conformance suite: a BTC address of
// each kind BIP-137 covers, an Ethereum account, and a P2WSH address whose BIP-322 signature
// cannot be verified offline.

import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base64, hex } from '@scure/base';
import { RESERVES_FORMAT, reservesChallenge } from './reserves.ts';
import { bitcoinAddresses, bitcoinMessageHash, ethereumAddress, ethereumMessageHash } from './signatures.ts';

const key = (n: number): Uint8Array => hex.decode(n.toString(16).padStart(64, '0'));

export interface TestReserveLine {
  asset: 'BTC' | 'ETH';
  balance: string;
  /** bip137 kinds by header base: 31 P2PKH, 35 P2SH-P2WPKH, 39 P2WPKH; eip191; bip322 (unverifiable); 'bad' signs another message. */
  kind: 'p2pkh' | 'p2sh_p2wpkh' | 'p2wpkh' | 'eip191' | 'bip322' | 'bad';
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
    if (line.kind === 'bip322') return { asset: line.asset, address: `bc1qtestp2wsh${i}`, balance: line.balance, at, scheme: 'bip322', signature: 'AkcwRAIg' };
    const kind = line.kind === 'bad' ? 'p2wpkh' : line.kind;
    const header = { p2pkh: 31, p2sh_p2wpkh: 35, p2wpkh: 39 }[kind];
    const sig = secp256k1.sign(bitcoinMessageHash(line.kind === 'bad' ? challenge + ' (another day)' : challenge), k, { prehash: false, format: 'recovered' });
    return { asset: line.asset, address: bitcoinAddresses(secp256k1.getPublicKey(k, true))[kind][0]!, balance: line.balance, at, scheme: 'bip137', signature: base64.encode(Uint8Array.of(header + sig[0]!, ...sig.subarray(1))) };
  });
  return JSON.stringify({ format: RESERVES_FORMAT, snapshot_id, date, addresses }, null, 2) + '\n';
}
