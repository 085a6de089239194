import { base58check, bech32, hex } from '@scure/base';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bip322MessageHash, p2wpkhSighash, toSignTxid, toSpendTxid, verifyBip322, witnessProgram } from './bip322.ts';
import { p2trAddress, p2wpkhAddress, signBip322P2tr, signBip322P2wpkh } from './bip322-signing.ts';
import { verifyAddressSignature } from './signatures.ts';

// BIP-322's test vectors (bips/bip-0322.mediawiki, "Test vectors"): the key, its P2WPKH address,
// message hashes, transaction ids (shown, as txids are, byte-reversed) and signatures.
const WIF = 'L3VFeEujGtevx9w18HD1fhRbCH67Az2dpCymeRE1SoPK6XQtaN2k';
const P2WPKH = 'bc1q9vza2e8x573nczrlzms0wvx3gsqjx7vavgkx0l';
const SIGNATURES = {
  '': ['AkcwRAIgM2gBAQqvZX15ZiysmKmQpDrG83avLIT492QBzLnQIxYCIBaTpOaD20qRlEylyxFSeEA2ba9YOixpX8z46TSDtS40ASECx/EgAxlkQpQ9hYjgGu6EBCPMVPwVIVJqO4XCsMvViHI=', 'AkgwRQIhAPkJ1Q4oYS0htvyuSFHLxRQpFAY56b70UvE7Dxazen0ZAiAtZfFz1S6T6I23MWI2lK/pcNTWncuyL8UL+oMdydVgzAEhAsfxIAMZZEKUPYWI4BruhAQjzFT8FSFSajuFwrDL1Yhy'],
  'Hello World': ['AkcwRAIgZRfIY3p7/DoVTty6YZbWS71bc5Vct9p9Fia83eRmw2QCICK/ENGfwLtptFluMGs2KsqoNSk89pO7F29zJLUx9a/sASECx/EgAxlkQpQ9hYjgGu6EBCPMVPwVIVJqO4XCsMvViHI=', 'AkgwRQIhAOzyynlqt93lOKJr+wmmxIens//zPzl9tqIOua93wO6MAiBi5n5EyAcPScOjf1lAqIUIQtr3zKNeavYabHyR8eGhowEhAsfxIAMZZEKUPYWI4BruhAQjzFT8FSFSajuFwrDL1Yhy'],
} as const;
// The same key's BIP-86 P2TR address and its "Hello World" signature (SIGHASH_ALL), the vector of
// Bitcoin Core's util_tests.cpp that later revisions of the BIP list.
const P2TR = 'bc1ppv609nr0vr25u07u95waq5lucwfm6tde4nydujnu8npg4q75mr5sxq8lt3';
const P2TR_HELLO = 'AUHd69PrJQEv+oKTfZ8l+WROBHuy9HKrbFCJu7U1iK2iiEy1vMU5EfMtjc+VSHM7aU0SDbak5IUZRVno2P5mjSafAQ==';

const key = base58check(sha256).decode(WIF).subarray(1, 33);
const display = (txid: Uint8Array): string => hex.encode(Uint8Array.from(txid).reverse());
const CHALLENGE = 'Hozen proof of reserves\nexchange: example-jp\nsnapshot: 0123456789abcdef\ndate: 2026-11-25';

describe("BIP-322's test vectors", () => {
  it('message hashes', () => {
    expect(hex.encode(bip322MessageHash(''))).toBe('c90c269c4f8fcbe6880f72a721ddfbf1914268a794cbb21cfafee13770ae19f1');
    expect(hex.encode(bip322MessageHash('Hello World'))).toBe('f0eb03b1a75ac6d9847f55c624a99169b5dccba2a31f5b23bea77ba270de0a7a');
  });

  it('to_spend and to_sign transaction ids', () => {
    const spk = Uint8Array.of(0x00, 0x14, ...witnessProgram(P2WPKH)!.program);
    const empty = toSpendTxid(bip322MessageHash(''), spk);
    const hello = toSpendTxid(bip322MessageHash('Hello World'), spk);
    expect(display(empty)).toBe('c5680aa69bb8d860bf82d4e9cd3504b55dde018de765a91bb566283c545a99a7');
    expect(display(hello)).toBe('b79d196740ad5217771c1098fc4a4b51e0535c32236c71f1ea4d61a2d603352b');
    expect(display(toSignTxid(empty))).toBe('1e9654e951a5ba44c8604c4de6c67fd78a27e81dcadcfe1edf638ba3aaebaed6');
    expect(display(toSignTxid(hello))).toBe('88737ae86f2077145f93cc4b153ae9a1cb8d56afa511988c149c5c8c9d93bddf');
  });

  it('the key has the listed addresses', () => {
    expect(p2wpkhAddress(key)).toBe(P2WPKH);
    expect(p2trAddress(key)).toBe(P2TR);
  });

  it('P2WPKH: all four listed signatures verify, each for its own message only', () => {
    for (const [message, signatures] of Object.entries(SIGNATURES)) {
      for (const signature of signatures) {
        expect(verifyBip322(P2WPKH, message, signature)).toBe('verified');
        expect(verifyBip322(P2WPKH, message === '' ? 'Hello World' : '', signature)).toBe('invalid');
        expect(verifyBip322(P2WPKH.toUpperCase(), message, signature)).toBe('verified');
      }
    }
  });

  it('P2TR: the "Hello World" signature verifies, and fails for another message or key', () => {
    expect(verifyBip322(P2TR, 'Hello World', P2TR_HELLO)).toBe('verified');
    expect(verifyBip322(P2TR, 'Hello World - This should fail', P2TR_HELLO)).toBe('invalid');
    expect(verifyBip322(p2trAddress(Uint8Array.from(key).fill(7)), 'Hello World', P2TR_HELLO)).toBe('invalid');
  });

  it('a P2WPKH signature does not pass for another address, nor as a P2TR one', () => {
    const other = p2wpkhAddress(new Uint8Array(32).fill(9));
    expect(verifyBip322(other, 'Hello World', SIGNATURES['Hello World'][0])).toBe('invalid');
    expect(verifyBip322(P2TR, 'Hello World', SIGNATURES['Hello World'][0])).toBe('not_verifiable_offline');
  });
});

describe('BIP-322 over the reserves challenge', () => {
  it('for any key, P2WPKH and P2TR (SIGHASH_DEFAULT and ALL) signatures verify, and any altered byte fails', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => k.some((b) => b !== 0) && k[0]! < 0xff), fc.nat(), (k, flip) => {
        for (const [address, signature] of [
          [p2wpkhAddress(k), signBip322P2wpkh(CHALLENGE, k)],
          [p2trAddress(k), signBip322P2tr(CHALLENGE, k)],
          [p2trAddress(k), signBip322P2tr(CHALLENGE, k, 0x01)],
          [p2wpkhAddress(k, 'tb'), signBip322P2wpkh(CHALLENGE, k)],
        ] as const) {
          expect(verifyBip322(address, CHALLENGE, signature)).toBe('verified');
          expect(verifyAddressSignature('bip322', address, CHALLENGE, signature)).toBe('verified');
          expect(verifyBip322(address, CHALLENGE.replace('2026-11-25', '2026-11-26'), signature)).toBe('invalid');
          const bytes = Buffer.from(signature, 'base64');
          // A byte of the signature itself (not of a length): past the counts.
          const at = 3 + (flip % (bytes.length - 3));
          bytes[at] = bytes[at]! ^ 0x01;
          expect(verifyBip322(address, CHALLENGE, bytes.toString('base64'))).not.toBe('verified');
        }
      }),
      { numRuns: 8 },
    );
  });

  it('a witness that is not one signature (and key) is refused; P2WSH, script paths and legacy addresses are not verifiable offline', () => {
    const k = new Uint8Array(32).fill(5);
    const p2wsh = bech32.encode('bc', [0, ...bech32.toWords(new Uint8Array(32).fill(1))]);
    expect(verifyBip322(p2wsh, CHALLENGE, signBip322P2wpkh(CHALLENGE, k))).toBe('not_verifiable_offline');
    expect(verifyBip322('1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH', CHALLENGE, signBip322P2wpkh(CHALLENGE, k))).toBe('not_verifiable_offline');
    const two = Buffer.from(signBip322P2tr(CHALLENGE, k), 'base64');
    const script_path = Buffer.concat([Buffer.from([2]), two.subarray(1), Buffer.from([1, 0xc0])]).toString('base64');
    expect(verifyBip322(p2trAddress(k), CHALLENGE, script_path)).toBe('not_verifiable_offline');
    expect(verifyBip322(p2wpkhAddress(k), CHALLENGE, 'AA==')).toBe('invalid');
    expect(verifyBip322(p2wpkhAddress(k), CHALLENGE, 'not base64')).toBe('invalid');
  });

  it("refuses a high-S ECDSA signature (the same signature with s negated: BIP-322's LOW_S rule)", () => {
    const address = p2wpkhAddress(key);
    const spk = Uint8Array.of(0x00, 0x14, ...witnessProgram(address)!.program);
    const sighash = p2wpkhSighash(toSpendTxid(bip322MessageHash(CHALLENGE), spk), witnessProgram(address)!.program);
    const low = secp256k1.Signature.fromBytes(secp256k1.sign(sighash, key, { prehash: false, lowS: true }));
    const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
    const high = new secp256k1.Signature(low.r, N - low.s).toBytes('der');
    const pub = secp256k1.getPublicKey(key, true);
    const witness = (der: Uint8Array): string => Buffer.concat([Buffer.from([2, der.length + 1]), der, Buffer.from([1, 33]), pub]).toString('base64');
    expect(verifyBip322(address, CHALLENGE, witness(low.toBytes('der')))).toBe('verified');
    expect(verifyBip322(address, CHALLENGE, witness(high))).toBe('invalid');
  });
});
