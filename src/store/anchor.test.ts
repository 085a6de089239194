import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANCHOR_FORMAT, anchorSignatureValid, anchorSignedText, generateAnchorKey, parseAnchor, privateKeyOf, publicKeyText, signAnchor } from './anchor.ts';

const CLAIM = { tenant: 'local', seq: 12, head_hash: 'ab'.repeat(32), at: '2026-12-03T00:00:00.000Z' };
const openssl = spawnSync('openssl', ['version']).status === 0;

describe('audit anchors (hozen-audit-anchor/1)', () => {
  it('signs the documented bytes; any changed field fails the signature', () => {
    const key = generateAnchorKey();
    const anchor = signAnchor(privateKeyOf(key.private_key_pem, 'key.pem'), CLAIM);
    expect(anchorSignedText(anchor)).toBe(`["${ANCHOR_FORMAT}","local",12,"${'ab'.repeat(32)}","2026-12-03T00:00:00.000Z"]`);
    expect(anchor.public_key).toBe(key.public_key);
    expect(publicKeyText(key.public_key_pem, 'public.pem')).toBe(key.public_key);
    expect(publicKeyText(key.private_key_pem, 'key.pem')).toBe(key.public_key);
    expect(anchorSignatureValid(anchor)).toBe(true);
    for (const changed of [{ seq: 13 }, { tenant: 'other' }, { head_hash: 'cd'.repeat(32) }, { at: '2026-12-04T00:00:00.000Z' }, { public_key: generateAnchorKey().public_key }]) {
      expect(anchorSignatureValid({ ...anchor, ...changed }), JSON.stringify(changed)).toBe(false);
    }
    expect(parseAnchor(JSON.stringify(anchor), 'a.json')).toEqual(anchor);
  });

  it.skipIf(!openssl)('an independent tool (openssl) verifies the signature over the documented bytes', () => {
    const key = generateAnchorKey();
    const anchor = signAnchor(privateKeyOf(key.private_key_pem, 'key.pem'), CLAIM);
    const dir = mkdtempSync(join(tmpdir(), 'hozen-anchor-'));
    try {
      writeFileSync(join(dir, 'public.pem'), key.public_key_pem);
      writeFileSync(join(dir, 'signed'), anchorSignedText(anchor));
      writeFileSync(join(dir, 'signature'), Buffer.from(anchor.signature, 'base64'));
      const run = (signed: string) => spawnSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'public.pem', '-rawin', '-in', signed, '-sigfile', 'signature'], { cwd: dir, encoding: 'utf8' });
      expect(run('signed').stdout).toContain('Signature Verified Successfully');
      writeFileSync(join(dir, 'forged'), anchorSignedText({ ...anchor, seq: 11 }));
      expect(run('forged').status).not.toBe(0);
      // A key made by openssl signs anchors too.
      expect(spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', 'openssl.pem'], { cwd: dir }).status).toBe(0);
      const pem = spawnSync('cat', ['openssl.pem'], { cwd: dir, encoding: 'utf8' }).stdout;
      expect(anchorSignatureValid(signAnchor(privateKeyOf(pem, 'openssl.pem'), CLAIM))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses what is not an anchor or not an Ed25519 key, naming the file and field', () => {
    const anchor = signAnchor(privateKeyOf(generateAnchorKey().private_key_pem, 'key.pem'), CLAIM);
    expect(() => parseAnchor('{', 'a.json')).toThrow(expect.objectContaining({ code: 'store.anchor_malformed', params: { file: 'a.json', field: '(JSON)' } }));
    expect(() => parseAnchor(JSON.stringify({ ...anchor, seq: -1 }), 'a.json')).toThrow(expect.objectContaining({ params: { file: 'a.json', field: 'seq' } }));
    expect(() => parseAnchor(JSON.stringify({ ...anchor, extra: 1 }), 'a.json')).toThrow(expect.objectContaining({ params: { file: 'a.json', field: 'extra' } }));
    expect(() => privateKeyOf('not a key', 'k.pem')).toThrow(expect.objectContaining({ code: 'store.anchor_key_unreadable' }));
    const rsa = spawnSync(process.execPath, ['-e', "process.stdout.write(require('crypto').generateKeyPairSync('rsa',{modulusLength:1024}).privateKey.export({format:'pem',type:'pkcs8'}))"], { encoding: 'utf8' }).stdout;
    expect(() => privateKeyOf(rsa, 'rsa.pem')).toThrow(expect.objectContaining({ code: 'store.anchor_key_wrong_type', params: { file: 'rsa.pem', type: 'rsa' } }));
  });
});
