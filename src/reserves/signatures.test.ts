import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base64, bech32, hex } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bitcoinAddresses, bitcoinMessageHash, ethereumAddress, ethereumMessageHash, verifyAddressSignature, verifyBip137, verifyEip191 } from './signatures.ts';

const KEY_ONE = hex.decode('0000000000000000000000000000000000000000000000000000000000000001');

function bip137(message: string, key: Uint8Array, header_base: number): string {
  const sig = secp256k1.sign(bitcoinMessageHash(message), key, { prehash: false, format: 'recovered' });
  return base64.encode(Uint8Array.of(header_base + sig[0]!, ...sig.subarray(1)));
}

function eip191(message: string, key: Uint8Array): string {
  const sig = secp256k1.sign(ethereumMessageHash(message), key, { prehash: false, format: 'recovered' });
  return '0x' + hex.encode(Uint8Array.of(...sig.subarray(1), 27 + sig[0]!));
}

describe('address derivation (known addresses of known keys)', () => {
  it('key 1 has the well-known Bitcoin addresses', () => {
    const pub = secp256k1.getPublicKey(KEY_ONE, true);
    const a = bitcoinAddresses(pub);
    expect(a.p2pkh[0]).toBe('1BgGZ9tcN4rm9KBzDn7KprQz87SZ26SAMH');
    expect(bitcoinAddresses(secp256k1.getPublicKey(KEY_ONE, false)).p2pkh[0]).toBe('1EHNa6Q4Jz2uvNExL497mE43ikXhwF6kZm');
    expect(a.p2wpkh[0]).toBe('bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4');
    expect(a.p2sh_p2wpkh[0]).toBe('3JvL6Ymt8MVWiCNHC7oWU6nLeHNJKLZGLN');
  });

  it("Hardhat's first test account has its published address", () => {
    const key = hex.decode('ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80');
    expect(ethereumAddress(secp256k1.getPublicKey(key, true))).toBe('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266');
  });
});

describe('signatures over the challenge', () => {
  const message = 'Hozen proof of reserves\nexchange: example-jp\nsnapshot: 0123456789abcdef\ndate: 2026-11-25';

  it('BIP-137 verifies for each address kind of its header, and fails for any other message, address or header', () => {
    const pub = secp256k1.getPublicKey(KEY_ONE, true);
    const a = bitcoinAddresses(pub);
    expect(verifyBip137('1EHNa6Q4Jz2uvNExL497mE43ikXhwF6kZm', message, bip137(message, KEY_ONE, 27))).toBe('verified');
    expect(verifyBip137(a.p2pkh[0]!, message, bip137(message, KEY_ONE, 31))).toBe('verified');
    expect(verifyBip137(a.p2sh_p2wpkh[0]!, message, bip137(message, KEY_ONE, 35))).toBe('verified');
    expect(verifyBip137(a.p2wpkh[0]!, message, bip137(message, KEY_ONE, 39))).toBe('verified');
    expect(verifyBip137(a.p2wpkh[0]!, message + ' ', bip137(message, KEY_ONE, 39))).toBe('invalid');
    expect(verifyBip137(a.p2pkh[0]!, message, bip137(message, KEY_ONE, 39))).toBe('invalid');
    expect(verifyBip137(a.p2pkh[0]!, message, 'not base64!')).toBe('invalid');
  });

  it('for any key and message, EIP-191 verifies its own signature and no other address', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }).filter((k) => k.some((b) => b !== 0) && k[0]! < 0xff), fc.string(), (key, text) => {
        const address = ethereumAddress(secp256k1.getPublicKey(key, true));
        const sig = eip191(text, key);
        expect(verifyEip191(address, text, sig)).toBe('verified');
        expect(verifyEip191(address.toUpperCase().replace('0X', '0x'), text, sig)).toBe('verified');
        expect(verifyEip191(address, text + '.', sig)).toBe('invalid');
        expect(verifyEip191('0x' + '00'.repeat(20), text, sig)).toBe('invalid');
      }),
      { numRuns: 30 },
    );
  });

  it('BIP-322 for a P2WSH (multisig) address and ERC-1271 are reported as not verifiable offline, never as verified', () => {
    const p2wsh = bech32.encode('bc', [0, ...bech32.toWords(new Uint8Array(32).fill(1))]);
    expect(verifyAddressSignature('bip322', p2wsh, message, 'AkcwRAIg')).toBe('not_verifiable_offline');
    expect(verifyAddressSignature('erc1271', '0x…', message, '0x')).toBe('not_verifiable_offline');
  });
});
