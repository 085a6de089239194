// `policy render`: the customer-facing compensation policy document, in Japanese and English, as
// Markdown and HTML. From a snapshot directory (which gives the exchange's name, currency and
// assets) or from a lone policy file (any asset allowed; the base currency from its rounding,
// else JPY).

import { parseJsonText } from '../encoding/json.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { POLICY_FILE_NAME, parseCompensationPolicyText, type PolicyContext } from '../compensation/policy.ts';
import { renderPolicy, type PolicyDocumentContext, type RenderedPolicy } from '../compensation/render-policy.ts';
import { IssueCollector, UserError } from '../errors.ts';
import { translator } from '../i18n/catalogs.ts';
import { LANGS, type Lang } from '../i18n/i18n.ts';
import { parseExchange } from '../snapshot/read/exchange.ts';
import { readJsonDocument } from '../input/json.ts';
import type { AppDeps, NamedText } from './deps.ts';
import { resolveSnapshot, type SnapshotRef } from './resolve-snapshot.ts';

export type PolicySource = { dir: string } | { file: NamedText } | { snapshot: SnapshotRef };

export interface PolicyRenderRequest {
  source: PolicySource;
}

export interface PolicyRenderResult {
  /** The file the policy was read from. */
  file: string;
  documents: Record<Lang, RenderedPolicy>;
}

/** `deps` is needed only for a stored snapshot's policy. */
export async function renderPolicyDocument(request: PolicyRenderRequest, deps?: AppDeps): Promise<PolicyRenderResult> {
  const { source } = request;
  const input = 'dir' in source ? await fromSnapshotDir(source.dir) : 'file' in source ? fromPolicyFile(source.file) : await fromStoredSnapshot(deps, source.snapshot);
  const parsed = parseCompensationPolicyText(input.text, input.context, input.file);
  const documents = Object.fromEntries(LANGS.map((lang) => [lang, renderPolicy(parsed, input.document, translator(lang))])) as Record<Lang, RenderedPolicy>;
  return { file: input.file, documents };
}

interface PolicyInput {
  file: string;
  text: string;
  context: PolicyContext;
  document: PolicyDocumentContext;
}

export async function readPolicyText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new UserError('app.unreadable', { file: path });
  }
}

async function fromSnapshotDir(dir: string): Promise<PolicyInput> {
  const issues = new IssueCollector();
  const document = await readJsonDocument(join(dir, 'exchange.json'), 'exchange.json', issues).catch(() => undefined);
  const manifest = document === undefined ? undefined : parseExchange(document);
  issues.throwIfAny();
  if (manifest === undefined) throw new UserError('snapshot.not_a_directory', { dir });
  const file = join(dir, POLICY_FILE_NAME);
  const assets = new Map(manifest.assets.map((a) => [a.symbol, a]));
  return {
    file,
    text: await readPolicyText(file),
    context: { manifest, assets },
    document: { exchange_name: manifest.exchange.name, base_currency: manifest.base_currency, base_decimals: assets.get(manifest.base_currency)?.decimals ?? 0 },
  };
}

async function fromStoredSnapshot(deps: AppDeps | undefined, ref: SnapshotRef): Promise<PolicyInput> {
  if (deps === undefined) throw new Error('policy render: a stored snapshot needs the store');
  const { snapshot } = await resolveSnapshot(deps, ref);
  const json = snapshot.documents.compensation_policy;
  if (json === undefined) throw new UserError('compensation.no_policy', { file: POLICY_FILE_NAME });
  const base_decimals = snapshot.assets.get(snapshot.manifest.base_currency)?.decimals ?? 0;
  return {
    file: POLICY_FILE_NAME,
    // Stored parsed; written out again so that errors (there are none: import validated it) could be located.
    text: JSON.stringify(json, null, 2),
    context: snapshot,
    document: { exchange_name: snapshot.manifest.exchange.name, base_currency: snapshot.manifest.base_currency, base_decimals },
  };
}

function fromPolicyFile({ name, text }: NamedText): PolicyInput {
  let base = 'JPY';
  try {
    const rounding = (parseJsonText(text) as { rounding?: Record<string, unknown> }).rounding;
    const keys = rounding === undefined || rounding === null ? [] : Object.keys(rounding);
    if (keys.length === 1) base = keys[0]!;
  } catch {
    // The parser reports the syntax error with its line.
  }
  // 18 decimals accept any amount a policy may write; rendering drops the trailing zeros again.
  const any_asset: PolicyContext['assets'] = { get: () => ({ decimals: 18 }), has: () => true };
  return { file: name, text, context: { manifest: { base_currency: base }, assets: any_asset }, document: { exchange_name: null, base_currency: base, base_decimals: 18 } };
}

/** `hozen policy render --json` and the API: both languages, both forms. */
export function policyRenderJson(result: PolicyRenderResult): PolicyRenderResult {
  return result;
}
