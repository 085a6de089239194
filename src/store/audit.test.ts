import { describe, expect, it, test } from 'vitest';
import { AUDIT_FORMAT_V1, AUDIT_FORMAT_V2, AuditChainWalker, GENESIS_HASH, auditCanonicalText, auditHash, type StoredAuditEntry } from './audit.ts';
import { encodeJson } from '../encoding/json.ts';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A correctly linked chain of n entries. */
function chain(n: number): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prev_hash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq += 1) {
    const entry = { format: AUDIT_FORMAT_V2, tenant_id: 'exchange-a', actor_encoded: { type: 'cli', id: 'ops', role: null, tenant: null }, seq, at: `2026-11-25T00:00:0${seq}.000Z`, kind: 'check', subject: `run-${seq}`, inputs_sha256: EMPTY_SHA256, details_encoded: encodeJson({ seq, paid_minor: 10n ** 20n }), prev_hash } as const;
    const hash = auditHash(entry);
    entries.push({ ...entry, hash });
    prev_hash = hash;
  }
  return entries;
}

function walk(entries: StoredAuditEntry[]): ReturnType<AuditChainWalker['add']> {
  const walker = new AuditChainWalker();
  for (const entry of entries) {
    const failure = walker.add(entry);
    if (failure !== null) return failure;
  }
  return null;
}

describe('audit hash chain', () => {
  test('worked example (format 2): the documented text and its SHA-256, computed outside Hozen', () => {
    const entry = {
      format: AUDIT_FORMAT_V2,
      tenant_id: 'exchange-a',
      actor_encoded: { type: 'user', id: 'alice', role: 'officer', tenant: 'exchange-a' },
      seq: 1,
      at: '2026-11-25T00:00:00.000Z',
      kind: 'import',
      subject: 'abc',
      inputs_sha256: EMPTY_SHA256,
      details_encoded: { rows: 2, by: 'alice' },
      prev_hash: GENESIS_HASH,
    } as const;
    expect(auditCanonicalText(entry)).toBe(
      `["hozen-audit/2","exchange-a",1,"2026-11-25T00:00:00.000Z","import","abc","${EMPTY_SHA256}",{"id":"alice","role":"officer","tenant":"exchange-a","type":"user"},{"by":"alice","rows":2},"${'0'.repeat(64)}"]`,
    );
    // printf '%s' '<the text above>' | sha256sum
    expect(auditHash(entry)).toBe('9d2220a93cc08bef4c70f07cae1247fe1ca39f42ac182c104fdfad901b1c7e93');
    // The same entry in another tenant's chain is another hash: entries cannot move between chains.
    expect(auditHash({ ...entry, tenant_id: 'exchange-b' })).not.toBe(auditHash(entry));
  });

  test('worked example (format 1, entries from before tenants): the documented text and its SHA-256', () => {
    const entry = {
      format: AUDIT_FORMAT_V1,
      tenant_id: 'local',
      actor_encoded: null,
      seq: 1,
      at: '2026-11-25T00:00:00.000Z',
      kind: 'import',
      subject: 'abc',
      inputs_sha256: EMPTY_SHA256,
      details_encoded: { rows: 2, by: 'alice' },
      prev_hash: GENESIS_HASH,
    } as const;
    expect(auditCanonicalText(entry)).toBe(`[1,"2026-11-25T00:00:00.000Z","import","abc","${EMPTY_SHA256}",{"by":"alice","rows":2},"${'0'.repeat(64)}"]`);
    // printf '%s' '<the text above>' | sha256sum
    expect(auditHash(entry)).toBe('190e52918cabd63ce35380a34ad2d8296e2983a2a274e7b3efe67c7bcbb539a8');
  });

  test('an intact chain walks to its head', () => {
    const entries = chain(5);
    const walker = new AuditChainWalker();
    for (const entry of entries) expect(walker.add(entry)).toBeNull();
    expect(walker.entries).toBe(5);
    expect(walker.head_hash).toBe(entries[4]!.hash);
    expect(walker.next_seq).toBe(6);
  });

  test('each kind of tampering is reported at the entry where it shows', () => {
    const edited = chain(4);
    edited[2] = { ...edited[2]!, details_encoded: encodeJson({ seq: 3, paid_minor: 10n ** 21n }) };
    expect(walk(edited)).toMatchObject({ ok: false, reason: 'hash_mismatch', seq: 3, entries: 2 });

    const rehashed = chain(4);
    const changed = { ...rehashed[1]!, subject: 'someone-else' };
    rehashed[1] = { ...changed, hash: auditHash(changed) };
    expect(walk(rehashed)).toMatchObject({ ok: false, reason: 'broken_chain', seq: 3, entries: 2 });

    const gap = chain(4);
    gap.splice(1, 1);
    expect(walk(gap)).toMatchObject({ ok: false, reason: 'missing_entry', seq: 2, entries: 1 });

    const renumbered = chain(4).slice(1);
    expect(walk(renumbered)).toMatchObject({ ok: false, reason: 'missing_entry', seq: 1, entries: 0 });

    const reordered = chain(3);
    [reordered[1], reordered[2]] = [reordered[2]!, reordered[1]!];
    expect(walk(reordered)).toMatchObject({ ok: false, reason: 'missing_entry', seq: 2 });
  });

  test('every field is covered by the hash', () => {
    const [entry] = chain(1);
    const base = auditHash(entry!);
    const variants: Array<Partial<StoredAuditEntry>> = [
      { seq: 2 },
      { at: '2026-11-25T00:00:01.001Z' },
      { kind: 'risk' },
      { subject: 'run-2' },
      { inputs_sha256: 'f'.repeat(64) },
      { details_encoded: {} },
      { prev_hash: 'f'.repeat(64) },
    ];
    for (const variant of variants) expect(auditHash({ ...entry!, ...variant }), JSON.stringify(variant)).not.toBe(base);
  });
});

describe('a broken chain told in the reader\'s language', () => {
  it('carries a message code and parameters beside the English detail, so Japanese shows no English', async () => {
    const { AuditChainWalker, auditHash, GENESIS_HASH } = await import('./audit.ts');
    const { translator } = await import('../i18n/catalogs.ts');
    const entry = { format: 2 as const, tenant_id: 't', actor_encoded: null, seq: 1, at: '2026-11-25T00:00:00.000Z', kind: 'import', subject: 's', inputs_sha256: 'e'.repeat(64), details_encoded: {}, prev_hash: GENESIS_HASH };
    const failure = new AuditChainWalker().add({ ...entry, hash: 'f'.repeat(64) });
    expect(failure).toMatchObject({ reason: 'hash_mismatch', detail_code: 'store.audit_detail_hash_differs', detail_params: { stored: 'f'.repeat(64), recomputed: auditHash(entry) } });
    const ja = translator('ja').t(failure!.detail_code, failure!.detail_params);
    expect(ja).toContain('保存されたハッシュ');
    expect(ja).not.toMatch(/stored hash|hashes to/);
  });
});
