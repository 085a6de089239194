// Import a snapshot directory into the store: validate everything and write it in one
// transaction, or write nothing. The id comes from the content, so a second import of the same
// files finds the first and writes nothing.

import { InputError, type InputIssue } from '../errors.ts';
import type { Translator } from '../i18n/i18n.ts';
import { POLICY_FILE_NAME, parseCompensationPolicyText } from '../compensation/policy.ts';
import { coverageParamIssues } from '../coverage/check.ts';
import { parsePoliciesText } from '../insurance/parse.ts';
import { riskModelConfig } from '../risk/config.ts';
import { identifySnapshotDir, readSnapshotDir, type SnapshotFile } from '../snapshot/read/directory.ts';
import type { TextEncoding } from '../input/text.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { AppDeps } from './deps.ts';

export interface ImportRequest {
  dir: string;
  /** prices.csv and safe_assets.csv are Shift_JIS (`--encoding shift_jis`); the content hash is of the bytes as given. */
  encoding?: TextEncoding;
}

export interface ImportResult {
  snapshot_id: string;
  content_sha256: string;
  status: 'created' | 'exists';
  balance_rows: number;
  seconds: number;
  warnings: InputIssue[];
  /** The snapshot as read from the directory (balances stream from its file). */
  snapshot: Snapshot;
}

export async function importSnapshot(deps: AppDeps, request: ImportRequest): Promise<ImportResult> {
  const { store } = deps;
  const { dir } = request;
  const encoding = request.encoding === undefined ? {} : { encoding: request.encoding };
  const started_ms = performance.now();
  const on_progress = deps.on_progress === undefined ? undefined : (rows: number) => deps.on_progress!({ phase: 'import', done: rows });
  const identity = await identifySnapshotDir(dir);
  if (await store.snapshotExists(identity.id)) {
    // Already imported: validation ran then. Re-reading the small files gives the engines their
    // snapshot; balances are not re-validated (the content hash is the same).
    const { snapshot, warnings } = await readSnapshotDir(dir, { identity, ...encoding, ...(on_progress ? { on_progress } : {}) });
    return { snapshot_id: identity.id, content_sha256: identity.content_sha256, status: 'exists', balance_rows: snapshot.balance_rows, seconds: (performance.now() - started_ms) / 1000, warnings, snapshot };
  }
  let result: Awaited<ReturnType<typeof readSnapshotDir>> | undefined;
  await store.importSnapshot(async (writer) => {
    result = await readSnapshotDir(dir, {
      identity,
      on_header: (header) => writer.insertHeader(header),
      on_balances: (batch) => writer.appendBalanceCopy(identity.id, batch),
      check_documents: documentIssues,
      ...encoding,
      ...(on_progress ? { on_progress } : {}),
    });
    await writer.finish(identity.id, result.snapshot.balance_totals, result.snapshot.balance_rows);
    await writer.appendAudit({
      kind: 'import',
      subject: identity.id,
      inputs_sha256: identity.content_sha256,
      details: { files: identity.files, balance_rows: result.snapshot.balance_rows, exchange_id: result.snapshot.manifest.exchange.id, as_of: result.snapshot.manifest.as_of },
    });
  });
  const { snapshot, warnings } = result!;
  return { snapshot_id: identity.id, content_sha256: identity.content_sha256, status: 'created', balance_rows: snapshot.balance_rows, seconds: (performance.now() - started_ms) / 1000, warnings, snapshot };
}

/**
 * What the later engines read from a snapshot, checked as they will read it (the coverage and
 * risk parameters, the insurance programme, the compensation policy): a stored snapshot is then
 * always usable, and a misspelt term is refused at import, at its line, not at the first claim.
 */
export function documentIssues(snapshot: Snapshot, texts: ReadonlyMap<SnapshotFile, string>): InputIssue[] {
  const issues = coverageParamIssues(snapshot);
  const collect = (fn: () => unknown): void => {
    try {
      fn();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      issues.push(...error.issues);
    }
  };
  collect(() => riskModelConfig(snapshot.manifest.extensions));
  const policies = texts.get('policies.json');
  if (policies !== undefined) collect(() => parsePoliciesText(policies, snapshot, 'policies.json'));
  const compensation = texts.get(POLICY_FILE_NAME);
  if (compensation !== undefined) collect(() => parseCompensationPolicyText(compensation, snapshot, POLICY_FILE_NAME));
  return issues;
}

/** The JSON every front end gives for an import (`hozen import --json`, the API). */
export function importJson(result: ImportResult, tr: Translator): Record<string, unknown> {
  return {
    snapshot: result.snapshot_id,
    status: result.status,
    content_sha256: result.content_sha256,
    balance_rows: result.balance_rows,
    seconds: Number(result.seconds.toFixed(3)),
    warnings: result.warnings.map((w) => ({ ...w, message: tr.t(w.code, w.params) })),
  };
}
