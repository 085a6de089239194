// safe_assets.csv: bank deposits, bonds and trusts held against the risk of losing online keys.

import type { IssueCollector } from '../../errors.ts';
import type { TextEncoding } from '../../input/text.ts';
import { SAFE_ASSET_KINDS, type AssetSpec, type SafeAsset } from '../types.ts';
import { FileContext } from '../../input/context.ts';
import { checkHeader } from '../../input/csv-header.ts';
import { CsvSyntaxError, readCsvLineBatches } from '../../input/csv.ts';
import { readAmount, readBoolean, readDate, readEnum, readIdentifier } from '../../input/values.ts';

export const SAFE_ASSET_ROWS_MAX = 100_000;
const HEADER = ['id', 'kind', 'issuer', 'face_value', 'market_value', 'maturity', 'segregated', 'contract_id'];

export async function parseSafeAssets(path: string, file: string, base: AssetSpec, contract_ids: ReadonlySet<string>, issues: IssueCollector, encoding: TextEncoding = 'utf-8'): Promise<SafeAsset[]> {
  const context = new FileContext(file, issues);
  const rows: SafeAsset[] = [];
  const seen = new Set<string>();
  let header_seen = false;
  try {
    for await (const batch of readCsvLineBatches(path, encoding)) {
      for (const { line, fields } of batch) {
        if (line === 1) {
          header_seen = true;
          if (checkHeader(context, fields, [HEADER]) === undefined) return [];
          continue;
        }
        if (fields.length === 0) continue;
        if (fields.length !== HEADER.length) {
          context.atLine(line, undefined, 'csv.field_count', { found: fields.length, expected: HEADER.length });
          continue;
        }
        if (rows.length >= SAFE_ASSET_ROWS_MAX) {
          context.atLine(line, undefined, 'snapshot.too_many', { max: SAFE_ASSET_ROWS_MAX });
          return rows;
        }
        const at = (field: string) => (code: string, params = {}) => context.atLine(line, field, code, params);
        const [id_text, kind_text, issuer, face_text, market_text, maturity_text, segregated_text, contract_text] = fields as [string, string, string, string, string, string, string, string];
        const id = readIdentifier(id_text, at('id'));
        if (id !== undefined && seen.has(id)) {
          at('id')('snapshot.safe_asset_duplicate', { id });
          continue;
        }
        if (id !== undefined) seen.add(id);
        const kind = readEnum(kind_text, SAFE_ASSET_KINDS, at('kind'));
        if (issuer === '') at('issuer')('value.required');
        const face_value_minor = readAmount(face_text, base.decimals, base.symbol, at('face_value'));
        const market_value_minor = readAmount(market_text, base.decimals, base.symbol, at('market_value'));
        const maturity = maturity_text === '' ? null : readDate(maturity_text, at('maturity'));
        const segregated = readBoolean(segregated_text, at('segregated'));
        let contract_id: string | null = null;
        if (contract_text !== '') {
          if (!contract_ids.has(contract_text)) {
            at('contract_id')('snapshot.unknown_contract', { id: contract_text });
            continue;
          }
          contract_id = contract_text;
        }
        if (id === undefined || kind === undefined || issuer === '' || face_value_minor === undefined || market_value_minor === undefined || maturity === undefined || segregated === undefined) continue;
        rows.push({ id, kind, issuer, face_value_minor, market_value_minor, maturity, segregated, contract_id });
      }
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      context.atLine(error.line, error.fieldOf(HEADER), error.code, error.params);
      return rows;
    }
    throw error;
  }
  if (!header_seen) checkHeader(context, undefined, [HEADER]);
  return rows;
}
