import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downloadToken, readDownloadToken } from './download-token.ts';

const MASTER = new Uint8Array(32).fill(4);

describe('download tokens', () => {
  it('carry their grant, and no token with any byte altered, cut or extended, or made under another secret, reads', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.stringMatching(/^[0-9a-f]{16}$/), fc.string({ minLength: 1, maxLength: 40 }), fc.nat(), (tenant_id, snapshot_id, account_id, at) => {
        const grant = { tenant_id, snapshot_id, account_id };
        const token = downloadToken(MASTER, grant);
        expect(readDownloadToken(MASTER, token)).toEqual(grant);
        expect(readDownloadToken(new Uint8Array(32).fill(5), token)).toBeNull();
        const bytes = Buffer.from(token, 'base64url');
        const altered = Buffer.from(bytes);
        altered[at % bytes.length] = altered[at % bytes.length]! ^ (1 << at % 8);
        expect(readDownloadToken(MASTER, altered.toString('base64url'))).toBeNull();
        expect(readDownloadToken(MASTER, bytes.subarray(0, bytes.length - 1).toString('base64url'))).toBeNull();
        expect(readDownloadToken(MASTER, Buffer.concat([bytes, Buffer.from([0])]).toString('base64url'))).toBeNull();
      }),
    );
    expect(readDownloadToken(MASTER, 'not a token!')).toBeNull();
    expect(readDownloadToken(MASTER, 'A'.repeat(600))).toBeNull();
  });
});
