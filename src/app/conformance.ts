// The front-end conformance suite, like the store's: every front end (the CLI's --json, the HTTP
// API) must answer each use case with exactly the JSON the use case's own function and presenter
// give, in both languages, with the same verdict, and the same error codes and located issues for
// bad input. A front end joins by describing how it invokes a use case:
//
//   describe('front-end conformance: CLI', () => frontEndConformance(async (fixture) => cliFrontEnd(fixture)));
//
// The reference is computed on the same store, right after the front end answered, so stored
// runs, ids and audit entries are the same; only what differs by nature between two calls
// (seconds taken, whether this call or an earlier one stored the run) is left out of the
// comparison.

import { readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { LANGS, type Lang } from '../i18n/i18n.ts';
import type { Store } from '../store/types.ts';
import { createTestDatabase, type TestDatabase } from '../store/testing.ts';
import { userErrorJson } from '../text/errors.ts';
import type { NamedText, Verdict } from './deps.ts';
import { generateAnchorKey } from '../store/anchor.ts';
import { anchorAudit } from './anchor.ts';
import { importSnapshot } from './import.ts';
import { signedReservesText } from '../reserves/testing.ts';
import { USE_CASES, type RequestOf, type UseCaseName } from './use-cases.ts';

export interface Fixture {
  /** A small demo exchange, imported before the cases run. */
  dir: string;
  snapshot_id: string;
  /** An incident that fits the demo exchange (0.04 BTC from its first hot wallet). */
  incident: NamedText;
  /** A file that is not valid JSON. */
  broken_incident: NamedText;
  /** An account takeover stating one account's loss; and one stating more than that account held. */
  takeover_incident: NamedText;
  bad_takeover_incident: NamedText;
  /** An account takeover stating both accounts' losses while the guarantee wallet also lost coins (no customer's loss). */
  guarantee_takeover_incident: NamedText;
  /** A directory the cases may write into. */
  work: string;
  /** The store's database: a front end opens its own stores on it. */
  database: TestDatabase;
  /** An anchor of the chain as it stood after the import, signed with a key of the fixture's. */
  anchor: NamedText;
}

export type Outcome = { verdict: Verdict | 'error'; json: unknown };

export interface FrontEnd {
  /** null: this front end does not take the request (the API takes no local path); the case is skipped, by name. */
  invoke<N extends UseCaseName>(use_case: N, request: RequestOf<N>, lang: Lang): Promise<Outcome | null>;
  close?(): Promise<void>;
}

interface Case<N extends UseCaseName = UseCaseName> {
  name: string;
  use_case: N;
  /** What the case is about: a case meant to succeed must not pass by failing the same way twice. */
  expected: Outcome['verdict'];
  request(fixture: Fixture, lang: Lang): RequestOf<N>;
}

const kase = <N extends UseCaseName>(name: string, use_case: N, expected: Outcome['verdict'], request: (fixture: Fixture, lang: Lang) => RequestOf<N>): Case =>
  ({ name, use_case, expected, request }) as unknown as Case;

/** The alerts' "now" in the conformance cases: the demo snapshot's as_of, so nothing is stale. */
const CONFORMANCE_NOW = '2026-11-25T00:00:00+09:00';

/** Every use case, and the ways of asking for it that front ends must agree on. */
export const CASES: readonly Case[] = [
  kase('lists the stored snapshots', 'snapshots', 'ok', () => ({})),
  kase('imports a directory again (already stored)', 'import', 'ok', (f) => ({ dir: f.dir })),
  kase('shows a stored snapshot by id prefix', 'show', 'ok', (f) => ({ snapshot: { id: f.snapshot_id.slice(0, 12) } })),
  kase('shows a snapshot directory', 'show', 'ok', (f) => ({ snapshot: { dir: f.dir } })),
  kase('refuses an unknown snapshot', 'show', 'error', () => ({ snapshot: { id: 'no-such-snapshot' } })),
  kase('checks a stored snapshot under its regimes', 'check', 'ok', (f) => ({ snapshot: { id: f.snapshot_id } })),
  kase('checks one regime with a hot wallet drained (a what-if, which fails)', 'check', 'failed', (f) => ({ snapshot: { id: f.snapshot_id }, regimes: ['jp-psa-2020'], drain: ['btc-hot-1'] })),
  kase('shows the stored check without recomputing it', 'latest_check', 'ok', (f) => ({ snapshot: { id: f.snapshot_id } })),
  kase('refuses an unknown regime', 'check', 'error', (f) => ({ snapshot: { id: f.snapshot_id }, regimes: ['jp-psa-2019'] })),
  kase('lists the history of checks', 'history', 'ok', () => ({})),
  kase('lists the alerts of the latest checked snapshot, counted from its as_of', 'alerts', 'ok', () => ({ now: CONFORMANCE_NOW })),
  kase('lists the alerts of a snapshot, counted from its as_of', 'alerts', 'ok', (f) => ({ snapshot: { id: f.snapshot_id }, now: CONFORMANCE_NOW })),
  kase('lists the alerts of a snapshot, a month later: the snapshot is stale', 'alerts', 'failed', (f) => ({ snapshot: { id: f.snapshot_id }, now: '2026-12-25T00:00:00+09:00' })),
  kase('lists the history of one regime', 'history', 'ok', () => ({ regime: 'jp-psa-2020' })),
  kase('claims an incident on the insurance programme', 'claim', 'ok', (f) => ({ snapshot: { id: f.snapshot_id }, incident: f.incident })),
  kase('refuses an incident that is not JSON, located', 'claim', 'error', (f) => ({ snapshot: { id: f.snapshot_id }, incident: f.broken_incident })),
  kase('claims an account takeover whose guarantee wallet also lost coins, that part borne by no customer', 'claim', 'ok', (f) => ({ snapshot: { id: f.snapshot_id }, incident: f.guarantee_takeover_incident })),
  kase('compensates the customers of an incident', 'compensate', 'ok', (f, lang) => ({ snapshot: { id: f.snapshot_id }, incident: f.incident, out_dir: join(f.work, `compensation-${lang}`) })),
  kase('compensates an account takeover charging each stated loss exactly', 'compensate', 'ok', (f, lang) => ({ snapshot: { id: f.snapshot_id }, incident: f.takeover_incident, out_dir: join(f.work, `takeover-${lang}`) })),
  kase('compensates an account takeover whose guarantee wallet also lost coins', 'compensate', 'ok', (f, lang) => ({ snapshot: { id: f.snapshot_id }, incident: f.guarantee_takeover_incident, out_dir: join(f.work, `guarantee-takeover-${lang}`) })),
  kase('refuses a stated loss above the account’s balance, located', 'compensate', 'error', (f, lang) => ({ snapshot: { id: f.snapshot_id }, incident: f.bad_takeover_incident, out_dir: join(f.work, `bad-takeover-${lang}`) })),
  kase('compensates with more funding', 'compensate', 'ok', (f, lang) => ({ snapshot: { id: f.snapshot_id }, incident: f.incident, add_funding: ['parent=1000000000'], out_dir: join(f.work, `funded-${lang}`) })),
  kase('simulates the loss distribution', 'risk', 'ok', (f) => ({ snapshot: { id: f.snapshot_id }, years: 2_000, seed: 7, workers: 0 })),
  kase('refuses a bad cover amount', 'risk', 'error', (f) => ({ snapshot: { id: f.snapshot_id }, years: 2_000, cover: '12.5.3' })),
  kase('renders the compensation policy of a snapshot directory', 'policy_render', 'ok', (f) => ({ source: { dir: f.dir } })),
  kase('renders the compensation policy of a stored snapshot', 'policy_render', 'ok', (f) => ({ source: { snapshot: { id: f.snapshot_id } } })),
  kase('builds the proof-of-liabilities tree of a stored snapshot', 'prove', 'ok', (f, lang) => ({ snapshot: { id: f.snapshot_id }, master_secret: demoProofSecret(), out_dir: join(f.work, `proof-${lang}`), min_height: 4 })),
  kase('derives a customer’s inclusion proof from the stored tree', 'proof', 'ok', (f, lang) => ({ snapshot: { id: f.snapshot_id }, account: 'C00000001', master_secret: demoProofSecret(), tree_dir: join(f.work, `proof-${lang}`) })),
  kase('refuses a proof for an account that is not in the tree', 'proof', 'error', (f, lang) => ({ snapshot: { id: f.snapshot_id }, account: 'no-such-account', master_secret: demoProofSecret(), tree_dir: join(f.work, `proof-${lang}`) })),
  kase('verifies a customer’s proof against the published liabilities', 'verify_proof', 'ok', () => ({ proof: exampleProofFile('proofs/customer-1.json'), liabilities: exampleProofFile('liabilities.json'), account: 'A0001' })),
  kase('fails a proof shown to another customer', 'verify_proof', 'failed', () => ({ proof: exampleProofFile('proofs/customer-1.json'), liabilities: exampleProofFile('liabilities.json'), account: 'A0002' })),
  kase('verifies the reserves’ signatures and finds them short of the liabilities', 'reserves', 'failed', (f, lang) => ({ snapshot: { id: f.snapshot_id }, reserves: demoReserves(f, lang) })),
  kase('verifies the audit chain', 'audit_verify', 'ok', () => ({})),
  kase('verifies the audit chain against an anchor', 'audit_verify', 'ok', (f) => ({ anchors: [f.anchor] })),
  kase('refuses an anchor file that is not one, located', 'audit_verify', 'error', (f) => ({ anchors: [f.broken_incident] })),
  kase('verifies the balance rows of a stored snapshot', 'snapshot_verify', 'ok', (f) => ({ id: f.snapshot_id.slice(0, 12) })),
  kase('refuses to verify an unknown snapshot', 'snapshot_verify', 'error', () => ({ id: 'no-such-snapshot' })),
  kase('lists the audit log', 'audit_log', 'ok', () => ({})),
];

const EXAMPLE_PROOFS = new URL('../../examples/proof/', import.meta.url).pathname;
const exampleProofFile = (name: string): NamedText => ({ name: join(EXAMPLE_PROOFS, name), text: readFileSync(join(EXAMPLE_PROOFS, name), 'utf8') });
/** The demo's master secret (public: it protects nothing but demo trees). */
const demoProofSecret = (): NamedText => exampleProofFile('demo-master-secret.hex');

/** A reserves.json for the fixture's snapshot: two verified addresses, one that cannot be verified offline. */
function demoReserves(f: Fixture, lang: Lang): NamedText {
  const exchange_id = (JSON.parse(readFileSync(join(f.dir, 'exchange.json'), 'utf8')) as { exchange: { id: string } }).exchange.id;
  const text = signedReservesText(exchange_id, f.snapshot_id, '2026-11-25', [
    { asset: 'BTC', balance: '0.5', kind: 'p2wpkh' },
    { asset: 'ETH', balance: '2', kind: 'eip191' },
    { asset: 'BTC', balance: '100', kind: 'bip322' },
  ]);
  const name = join(f.work, `reserves-${lang}.json`);
  writeFileSync(name, text);
  return { name, text };
}

/** What the use case itself answers, rendered as every front end must render it. */
export async function referenceOutcome<N extends UseCaseName>(store: Store, use_case: N, request: RequestOf<N>, lang: Lang): Promise<Outcome> {
  const tr = translator(lang);
  const definition = USE_CASES[use_case] as unknown as { run(deps: unknown, request: unknown): Promise<unknown>; json(result: unknown, tr: unknown): unknown; verdict?(result: unknown): Verdict };
  try {
    const result = await definition.run({ store }, request);
    return { verdict: definition.verdict?.(result) ?? 'ok', json: definition.json(result, tr) };
  } catch (error) {
    if (error instanceof UserError) return { verdict: 'error', json: userErrorJson(tr, error) };
    throw error;
  }
}

/** Leaves out what two calls of the same use case may differ in by nature, and nothing else. */
export function comparable(json: unknown): unknown {
  return JSON.parse(JSON.stringify(json, (key, value: unknown) => (key === 'seconds' || key === 'created' ? undefined : typeof value === 'bigint' ? value.toString() : value)));
}

export function frontEndConformance(makeFrontEnd: (fixture: Fixture) => Promise<FrontEnd>): void {
  let fixture: Fixture;
  let front_end: FrontEnd;

  beforeAll(async () => {
    const work = await mkdtemp(join(tmpdir(), 'hozen-conformance-'));
    const dir = join(work, 'exchange');
    await generateDemo({ out_dir: dir, accounts: 300, seed: 11 });
    const database = await createTestDatabase('pglite');
    const store = await database.open();
    const key = generateAnchorKey();
    const { imported, anchored } = await (async () => {
      const imported = await importSnapshot({ store }, { dir });
      return { imported, anchored: await anchorAudit({ store }, { key: { name: 'anchor-key.pem', text: key.private_key_pem } }) };
    })().finally(() => store.close());
    const anchor_path = join(work, 'anchor.json');
    await writeFile(anchor_path, JSON.stringify(anchored.anchor, null, 2) + '\n');
    await mkdir(join(work, 'incidents'));
    const incident_path = join(work, 'incidents', 'incident.json');
    await writeFile(incident_path, JSON.stringify(conformanceIncident(), null, 2));
    const takeover_path = join(work, 'incidents', 'takeover.json');
    await writeFile(takeover_path, JSON.stringify(takeoverIncident('0.00155982'), null, 2));
    const bad_takeover_path = join(work, 'incidents', 'bad-takeover.json');
    await writeFile(bad_takeover_path, JSON.stringify(takeoverIncident('0.002'), null, 2));
    const guarantee_takeover_path = join(work, 'incidents', 'guarantee-takeover.json');
    await writeFile(guarantee_takeover_path, JSON.stringify(guaranteeTakeoverIncident(), null, 2));
    const broken_path = join(work, 'incidents', 'broken.json');
    await writeFile(broken_path, '{\n  "format": "hozen-incident/1",\n  "id": INC\n}\n');
    fixture = {
      dir,
      snapshot_id: imported.snapshot_id,
      incident: { name: incident_path, text: await readFile(incident_path, 'utf8') },
      broken_incident: { name: broken_path, text: await readFile(broken_path, 'utf8') },
      takeover_incident: { name: takeover_path, text: await readFile(takeover_path, 'utf8') },
      bad_takeover_incident: { name: bad_takeover_path, text: await readFile(bad_takeover_path, 'utf8') },
      guarantee_takeover_incident: { name: guarantee_takeover_path, text: await readFile(guarantee_takeover_path, 'utf8') },
      work,
      database,
      anchor: { name: anchor_path, text: await readFile(anchor_path, 'utf8') },
    };
    front_end = await makeFrontEnd(fixture);
  });

  afterAll(async () => {
    await front_end?.close?.();
    await fixture?.database.dispose();
    if (fixture !== undefined) await rm(fixture.work, { recursive: true, force: true });
  });

  for (const lang of LANGS) {
    for (const c of CASES) {
      it(`${c.use_case}: ${c.name} (${lang})`, async (context) => {
        const request = c.request(fixture, lang);
        const answered = await front_end.invoke(c.use_case, request, lang);
        if (answered === null) return context.skip();
        const store = await fixture.database.open();
        const reference = await referenceOutcome(store, c.use_case, request, lang).finally(() => store.close());
        expect(reference.verdict, JSON.stringify(reference.json).slice(0, 500)).toBe(c.expected);
        expect(answered.verdict).toBe(reference.verdict);
        expect(comparable(answered.json)).toEqual(comparable(reference.json));
      });
    }
  }
}

/**
 * 0.003 BTC taken from two accounts of the demo (300 accounts, seed 11: C00000003 holds
 * 0.00155982 BTC, C00000006 0.0046519). C00000003 states its loss; C00000006 bears the rest.
 */
function takeoverIncident(stated: string): Record<string, unknown> {
  return {
    format: 'hozen-incident/1',
    id: 'INC-CONFORMANCE-ATO',
    occurred_at: '2026-11-24T21:00:00+09:00',
    detected_at: '2026-11-24T23:00:00+09:00',
    peril: 'account_takeover',
    losses: [{ wallet_id: 'btc-hot-1', asset: 'BTC', amount: '0.003' }],
    affected: { mode: 'accounts', accounts: [{ account_id: 'C00000003', loss: { BTC: stated } }, 'C00000006'] },
  };
}

/**
 * The same takeover with both accounts stating their losses (0.00155982 + 0.00144018 = 0.003 BTC)
 * while 0.001 BTC also left the guarantee wallet: that part is the exchange's, no customer's.
 */
function guaranteeTakeoverIncident(): Record<string, unknown> {
  return {
    ...takeoverIncident('0.00155982'),
    id: 'INC-CONFORMANCE-ATO-GUARANTEE',
    losses: [
      { wallet_id: 'btc-hot-1', asset: 'BTC', amount: '0.003' },
      { wallet_id: 'btc-guarantee-1', asset: 'BTC', amount: '0.001' },
    ],
    affected: { mode: 'accounts', accounts: [{ account_id: 'C00000003', loss: { BTC: '0.00155982' } }, { account_id: 'C00000006', loss: { BTC: '0.00144018' } }] },
  };
}

function conformanceIncident(): Record<string, unknown> {
  return {
    format: 'hozen-incident/1',
    id: 'INC-CONFORMANCE',
    occurred_at: '2026-11-24T21:00:00+09:00',
    detected_at: '2026-11-24T23:00:00+09:00',
    peril: 'external_hack',
    losses: [{ wallet_id: 'btc-hot-1', asset: 'BTC', amount: '0.04' }],
    affected: { mode: 'holders_of_asset' },
  };
}
