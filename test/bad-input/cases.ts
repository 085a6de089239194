// The corpus of bad inputs: each case is a valid set of documents with one thing broken, the
// command that reads it, and where the refusal must point. The runner (corpus.test.ts) runs each
// through the CLI in-process and wants exit 2, a located message and no stack trace.

export type Target = 'exchange.json' | 'balances.csv' | 'wallets.json' | 'prices.csv' | 'safe_assets.csv' | 'contracts.json' | 'policies.json' | 'compensation-policy.json' | 'incident.json' | 'policy-file.json';

/** How the refusal is located: the file, its line when the file has lines to name, its code. */
export interface Expected {
  code: string;
  file?: string;
  line?: number;
  /** A param the message must carry (the byte offset of bad UTF-8). */
  params?: Record<string, string | number>;
}

export interface BadCase {
  name: string;
  target: Target;
  /** The file's new bytes from its valid ones, or 'directory' to replace it with a directory. */
  mutate: ((bytes: Buffer) => Buffer) | 'directory';
  expect: Expected;
}

const text = (fn: (s: string) => string) => (bytes: Buffer) => Buffer.from(fn(bytes.toString('utf8')), 'utf8');
const replace = (from: string | RegExp, to: string) => text((s) => {
  const out = s.replace(from, to);
  if (out === s) throw new Error(`corpus: '${String(from)}' not found`);
  return out;
});
/** Puts raw bytes in place of the first occurrence of `at`. */
const bytesAt = (at: string, raw: number[]) => (bytes: Buffer) => {
  const i = bytes.indexOf(at);
  if (i === -1) throw new Error(`corpus: '${at}' not found`);
  return Buffer.concat([bytes.subarray(0, i), Buffer.from(raw), bytes.subarray(i + at.length)]);
};
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

export const BAD_CASES: BadCase[] = [
  // exchange.json
  { name: 'duplicate as_of', target: 'exchange.json', mutate: replace('"as_of": "2026-11-25T00:00:00+09:00",', '"as_of": "2026-11-25T00:00:00+09:00",\n  "as_of": "2026-11-26T00:00:00+09:00",'), expect: { code: 'json.duplicate_key', file: 'exchange.json', line: 5 } },
  { name: 'bare word value', target: 'exchange.json', mutate: replace('"base_currency": "JPY"', '"base_currency": JPY'), expect: { code: 'file.json_syntax', file: 'exchange.json', line: 5 } },
  { name: 'trailing comma', target: 'exchange.json', mutate: replace('"regimes": ["jp-psa-2020"]', '"regimes": ["jp-psa-2020"],'), expect: { code: 'file.json_syntax', file: 'exchange.json', line: 14 } },
  { name: 'unterminated string', target: 'exchange.json', mutate: replace('"net_assets": "500000000"', '"net_assets": "500000000'), expect: { code: 'file.json_syntax', file: 'exchange.json', line: 11 } },
  { name: 'truncated', target: 'exchange.json', mutate: (b) => b.subarray(0, 200), expect: { code: 'file.json_truncated', file: 'exchange.json' } },
  { name: 'empty file', target: 'exchange.json', mutate: () => Buffer.alloc(0), expect: { code: 'file.json_truncated', file: 'exchange.json', line: 1 } },
  { name: 'invalid UTF-8 in the name', target: 'exchange.json', mutate: bytesAt('Example', [0x45, 0xff, 0x78]), expect: { code: 'file.invalid_utf8', file: 'exchange.json', line: 3, params: { offset: 80 } } },
  { name: 'Shift_JIS name', target: 'exchange.json', mutate: bytesAt('Example Exchange K.K.', [0x83, 0x65, 0x83, 0x58, 0x83, 0x67]), expect: { code: 'file.invalid_utf8', file: 'exchange.json', line: 3 } },
  { name: 'escaped NUL in the name', target: 'exchange.json', mutate: replace('Example Exchange', 'Example\\u0000Exchange'), expect: { code: 'json.nul', file: 'exchange.json', line: 3 } },
  { name: 'raw NUL in the name', target: 'exchange.json', mutate: bytesAt('Example Exchange', [0x45, 0x00, 0x78]), expect: { code: 'file.json_syntax', file: 'exchange.json', line: 3 } },
  { name: 'lone surrogate escape', target: 'exchange.json', mutate: replace('Example Exchange', 'Example\\ud800Exchange'), expect: { code: 'json.lone_surrogate', file: 'exchange.json', line: 3 } },
  { name: '100,000 levels', target: 'exchange.json', mutate: replace('"regimes": ["jp-psa-2020"]', `"regimes": ${nested(100_000)}`), expect: { code: 'json.too_deep', file: 'exchange.json', line: 13 } },
  { name: '65 levels', target: 'exchange.json', mutate: replace('"regimes": ["jp-psa-2020"]', `"regimes": ${nested(64)}`), expect: { code: 'json.too_deep', file: 'exchange.json', line: 13 } },
  { name: 'a directory', target: 'exchange.json', mutate: 'directory', expect: { code: 'file.not_a_file', file: 'exchange.json' } },
  { name: 'unknown regime', target: 'exchange.json', mutate: replace('"jp-psa-2020"', '"jp-psa-2099"'), expect: { code: 'coverage.regime.unknown', file: 'exchange.json', line: 13 } },
  { name: 'name a number', target: 'exchange.json', mutate: replace('"name": "Example Exchange K.K."', '"name": 5'), expect: { code: 'json.type', file: 'exchange.json', line: 3 } },
  { name: 'decimals a string', target: 'exchange.json', mutate: replace('"symbol": "BTC", "decimals": 8', '"symbol": "BTC", "decimals": "8"'), expect: { code: 'json.number_range', file: 'exchange.json', line: 8 } },
  { name: 'top level an array', target: 'exchange.json', mutate: () => Buffer.from('[]\n'), expect: { code: 'json.type', file: 'exchange.json', line: 1 } },
  { name: 'BOM then garbage', target: 'exchange.json', mutate: () => Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7b]), expect: { code: 'file.json_syntax', file: 'exchange.json', line: 1 } },
  { name: 'coverage section: expiry days a string', target: 'exchange.json', mutate: replace('"regimes": ["jp-psa-2020"]', '"regimes": ["jp-psa-2020"],\n  "coverage": { "expiry_warning_days": "30" }'), expect: { code: 'coverage.params.type', file: 'exchange.json', line: 14 } },
  { name: 'coverage section: unknown term', target: 'exchange.json', mutate: replace('"regimes": ["jp-psa-2020"]', '"regimes": ["jp-psa-2020"],\n  "coverage": { "expiry_warnings_days": 30 }'), expect: { code: 'coverage.params.unknown_keys', file: 'exchange.json', line: 14 } },

  // balances.csv
  { name: 'invalid UTF-8 in an account id', target: 'balances.csv', mutate: bytesAt('A0002,BTC', [0x41, 0xc3, 0x28, 0x32, 0x2c, 0x42, 0x54, 0x43]), expect: { code: 'file.invalid_utf8', file: 'balances.csv', line: 4, params: { offset: 57 } } },
  { name: 'invalid UTF-8 in the header', target: 'balances.csv', mutate: bytesAt('account_id', [0x61, 0xfe]), expect: { code: 'file.invalid_utf8', file: 'balances.csv', line: 1, params: { offset: 1 } } },
  { name: 'Latin-1 account id', target: 'balances.csv', mutate: bytesAt('A0003,ETH', [0x41, 0xe9, 0x2c, 0x45, 0x54, 0x48]), expect: { code: 'file.invalid_utf8', file: 'balances.csv', line: 6 } },
  { name: 'raw NUL in an account id', target: 'balances.csv', mutate: bytesAt('A0003,ETH', [0x41, 0x00, 0x2c, 0x45, 0x54, 0x48]), expect: { code: 'value.identifier', file: 'balances.csv', line: 6 } },
  { name: 'lone CR line ends', target: 'balances.csv', mutate: text((s) => s.replace(/\n/g, '\r')), expect: { code: 'csv.header', file: 'balances.csv', line: 1 } },
  { name: 'a directory', target: 'balances.csv', mutate: 'directory', expect: { code: 'file.not_a_file', file: 'balances.csv' } },
  { name: 'amount with comma decimal', target: 'balances.csv', mutate: replace('A0001,BTC,0.5', 'A0001,BTC,"0,5"'), expect: { code: 'money.separator', file: 'balances.csv', line: 3 } },
  { name: 'too many decimals', target: 'balances.csv', mutate: replace('A0001,BTC,0.5', 'A0001,BTC,0.123456789'), expect: { code: 'value.amount_decimals', file: 'balances.csv', line: 3 } },
  { name: 'unterminated quote', target: 'balances.csv', mutate: replace('A0001,BTC,0.5', '"A0001,BTC,0.5'), expect: { code: 'csv.unterminated_quote', file: 'balances.csv', line: 3 } },
  { name: 'duplicate pair', target: 'balances.csv', mutate: replace('A0002,BTC,1.25', 'A0001,BTC,1.25'), expect: { code: 'snapshot.balance_duplicate', file: 'balances.csv', line: 4 } },

  // wallets.json
  { name: 'duplicate amount', target: 'wallets.json', mutate: replace('"amount": "0.08",', '"amount": "0.08", "amount": "0.09",'), expect: { code: 'json.duplicate_key', file: 'wallets.json', line: 2 } },
  { name: 'label a number', target: 'wallets.json', mutate: replace('"id": "btc-hot-1",', '"id": "btc-hot-1", "label": 5,'), expect: { code: 'json.type', file: 'wallets.json', line: 2 } },
  { name: 'invalid UTF-8 in a label', target: 'wallets.json', mutate: bytesAt('"id": "btc-hot-1",', [...Buffer.from('"id": "btc-hot-1", "label": "'), 0xff, ...Buffer.from('",')]), expect: { code: 'file.invalid_utf8', file: 'wallets.json', line: 2 } },
  { name: 'NUL in controls.vendor', target: 'wallets.json', mutate: replace('"vendor": "acme-wallet"', '"vendor": "acme\\u0000wallet"'), expect: { code: 'json.nul', file: 'wallets.json', line: 3 } },
  { name: '2,000 levels in controls', target: 'wallets.json', mutate: replace('"vendor": "acme-wallet"', `"vendor": ${nested(2000)}`), expect: { code: 'json.too_deep', file: 'wallets.json', line: 3 } },
  { name: '70 levels in risk', target: 'wallets.json', mutate: replace('"risk": { "annual_rate": 0.05,', `"risk": { "x": ${nested(70)}, "annual_rate": 0.05,`), expect: { code: 'json.too_deep', file: 'wallets.json' } },
  { name: 'a directory', target: 'wallets.json', mutate: 'directory', expect: { code: 'file.not_a_file', file: 'wallets.json' } },
  { name: 'number as a string amount', target: 'wallets.json', mutate: replace('"amount": "0.08"', '"amount": 0.08'), expect: { code: 'json.type', file: 'wallets.json', line: 2 } },

  // prices.csv, safe_assets.csv
  { name: 'invalid UTF-8', target: 'prices.csv', mutate: (b) => Buffer.concat([b, Buffer.from([0x80, 0x0a])]), expect: { code: 'file.invalid_utf8', file: 'prices.csv' } },
  { name: 'a directory', target: 'prices.csv', mutate: 'directory', expect: { code: 'file.not_a_file', file: 'prices.csv' } },
  { name: 'invalid UTF-8', target: 'safe_assets.csv', mutate: (b) => Buffer.concat([b, Buffer.from([0xed, 0xa0, 0x80, 0x0a])]), expect: { code: 'file.invalid_utf8', file: 'safe_assets.csv' } },
  { name: 'duplicate key', target: 'contracts.json', mutate: replace(/"id": ("[^"]+"),/, '"id": $1, "id": $1,'), expect: { code: 'json.duplicate_key', file: 'contracts.json' } },
  { name: 'a directory', target: 'contracts.json', mutate: 'directory', expect: { code: 'file.not_a_file', file: 'contracts.json' } },

  // policies.json in the snapshot: import checks it (claim reads it later)
  { name: 'misspelt deductible', target: 'policies.json', mutate: replace('"deductible": "0"', '"deductable": "0"'), expect: { code: 'json.unknown_field', file: 'policies.json', line: 15 } },
  { name: 'duplicate deductible', target: 'policies.json', mutate: replace('"deductible": "0",', '"deductible": "0", "deductible": "10",'), expect: { code: 'json.duplicate_key', file: 'policies.json', line: 15 } },
  { name: 'unknown asset in a sublimit', target: 'policies.json', mutate: replace('"perils": { "social_engineering": { "occurrence": "100000000", "aggregate": "200000000" } }', '"perils": { "social_engineering": { "occurrence": "100000000", "aggregate": "200000000" } },\n          "assets": { "XEM": { "occurrence": "1", "aggregate": "1" } }'), expect: { code: 'snapshot.unknown_asset', file: 'policies.json', line: 50 } },
  { name: 'NUL in the insurer', target: 'policies.json', mutate: replace('"insurer": "Sakura', '"insurer": "\\u0000Sakura'), expect: { code: 'json.nul', file: 'policies.json', line: 6 } },
  { name: 'invalid UTF-8', target: 'policies.json', mutate: bytesAt('Sakura', [0xc0, 0xaf]), expect: { code: 'file.invalid_utf8', file: 'policies.json', line: 6 } },
  { name: 'syntax', target: 'policies.json', mutate: replace('"currency": "JPY"', '"currency": JPY'), expect: { code: 'file.json_syntax', file: 'policies.json', line: 9 } },
  { name: 'a directory', target: 'policies.json', mutate: 'directory', expect: { code: 'file.not_a_file', file: 'policies.json' } },

  // compensation-policy.json in the snapshot: import checks it (compensate reads it later)
  { name: 'unknown scheme', target: 'compensation-policy.json', mutate: replace('"scheme": "per_asset"', '"scheme": "per_assets"'), expect: { code: 'value.enum', file: 'compensation-policy.json', line: 3 } },
  { name: 'unknown asset', target: 'compensation-policy.json', mutate: replace('"assets": {}', '"assets": { "XEM": { "method": "fiat" } }'), expect: { code: 'snapshot.unknown_asset', file: 'compensation-policy.json', line: 5 } },
  { name: 'duplicate key', target: 'compensation-policy.json', mutate: replace('"scheme": "per_asset",', '"scheme": "per_asset", "scheme": "pooled",'), expect: { code: 'json.duplicate_key', file: 'compensation-policy.json', line: 3 } },
  { name: 'too deep', target: 'compensation-policy.json', mutate: replace('"assets": {}', `"assets": { "BTC": ${nested(100)} }`), expect: { code: 'json.too_deep', file: 'compensation-policy.json', line: 5 } },

  // incident.json, read by claim and compensate
  { name: 'duplicate occurred_at', target: 'incident.json', mutate: replace('"occurred_at": "2026-11-24T03:12:00+09:00",', '"occurred_at": "2026-11-24T03:12:00+09:00",\n  "occurred_at": "2026-11-25T03:12:00+09:00",'), expect: { code: 'json.duplicate_key', file: 'incident.json', line: 6 } },
  { name: 'invalid UTF-8 in the note', target: 'incident.json', mutate: bytesAt('"test"', [0x22, 0xe3, 0x81, 0x22]), expect: { code: 'file.invalid_utf8', file: 'incident.json', line: 4 } },
  { name: 'NUL in the note', target: 'incident.json', mutate: replace('"note": "test"', '"note": "te\\u0000st"'), expect: { code: 'json.nul', file: 'incident.json', line: 4 } },
  { name: 'syntax without quotes', target: 'incident.json', mutate: replace('"peril": "external_hack"', '"peril": external_hack'), expect: { code: 'file.json_syntax', file: 'incident.json', line: 7 } },
  { name: '100,000 levels', target: 'incident.json', mutate: replace('"note": "test"', `"note": ${nested(100_000)}`), expect: { code: 'json.too_deep', file: 'incident.json', line: 4 } },
  { name: 'affected accounts without the lost asset', target: 'incident.json', mutate: replace('"affected": { "mode": "holders_of_asset" }', '"affected": { "mode": "accounts", "accounts": ["A0003"] }'), expect: { code: 'insurance.no_holder', file: 'incident.json', line: 9 } },
  { name: 'a stated loss above the account’s balance', target: 'incident.json', mutate: replace('"affected": { "mode": "holders_of_asset" }', '"affected": { "mode": "accounts", "accounts": [{ "account_id": "A0004", "loss": { "BTC": "0.00000002" } }, "A0001"] }'), expect: { code: 'incident.stated_loss_exceeds_balance', file: 'incident.json', line: 9 } },
  { name: 'a negative stated loss', target: 'incident.json', mutate: replace('"affected": { "mode": "holders_of_asset" }', '"affected": { "mode": "accounts", "accounts": [{ "account_id": "A0004", "loss": { "BTC": "-0.01" } }, "A0001"] }'), expect: { code: 'money.sign_not_allowed', file: 'incident.json', line: 9 } },
  { name: 'a directory', target: 'incident.json', mutate: 'directory', expect: { code: 'file.not_a_file', file: 'incident.json' } },

  // a compensation policy named on the command line (policy render, compensate --policy)
  { name: 'duplicate key', target: 'policy-file.json', mutate: replace('"scheme": "per_asset",', '"scheme": "per_asset", "scheme": "pooled",'), expect: { code: 'json.duplicate_key', file: 'policy-file.json', line: 3 } },
  { name: 'invalid UTF-8', target: 'policy-file.json', mutate: bytesAt('"per_asset"', [0x22, 0xf8, 0x22]), expect: { code: 'file.invalid_utf8', file: 'policy-file.json', line: 3 } },
  { name: '100,000 levels', target: 'policy-file.json', mutate: replace('"assets": {}', `"assets": ${nested(100_000)}`), expect: { code: 'json.too_deep', file: 'policy-file.json', line: 5 } },
];
