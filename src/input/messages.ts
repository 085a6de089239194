// The messages of the located readers: every file a user hands Hozen is read through them, so
// their codes are shared by the snapshot, policies, incidents and compensation policies.
import type { Catalog } from '../i18n/i18n.ts';

export const inputMessages: Catalog = {
  'input.invalid': { en: '{count} problem(s) in the input; nothing was written', ja: '入力に{count}件の問題があります。何も書き込んでいません' },
  'value.required': { en: 'a value is required', ja: '値が必要です' },
  'value.timestamp': { en: "'{value}' is not a timestamp with offset (e.g. 2026-11-25T00:00:00+09:00)", ja: "'{value}' はオフセット付きの日時ではありません（例: 2026-11-25T00:00:00+09:00）" },
  'value.date': { en: "'{value}' is not a calendar date YYYY-MM-DD", ja: "'{value}' は YYYY-MM-DD 形式の日付ではありません" },
  'value.date_or_timestamp': { en: "'{value}' is neither a date YYYY-MM-DD nor a timestamp with offset", ja: "'{value}' は YYYY-MM-DD 形式の日付でもオフセット付き日時でもありません" },
  'value.amount_decimals': { en: "amount '{value}' has {decimals} decimals; {asset} allows {max}", ja: "金額 '{value}' は小数点以下{decimals}桁です。{asset} は{max}桁までです" },
  'value.boolean': { en: "'{value}' must be true or false", ja: "'{value}' は true か false でなければなりません" },
  'value.identifier': { en: "'{value}' is not a valid identifier (at most {max} printable characters, no surrounding spaces)", ja: "'{value}' は有効な識別子ではありません（前後の空白なし、印字可能文字で最大{max}文字）" },
  'value.enum': { en: "'{value}' is not one of: {allowed}", ja: "'{value}' は次のいずれでもありません: {allowed}" },
  'json.unknown_field': { en: "unknown field '{field}' (allowed: {allowed})", ja: "不明な項目 '{field}'（使える項目: {allowed}）" },
  'json.required': { en: "the field '{field}' is required", ja: "項目 '{field}' は必須です" },
  'json.type': { en: "'{field}' must be a {expected}", ja: "'{field}' は {expected} でなければなりません" },
  'json.number_range': { en: "'{field}' must be a number from {min} to {max}", ja: "'{field}' は {min} 以上 {max} 以下の数でなければなりません" },
  'json.integer': { en: "'{field}' must be a whole number", ja: "'{field}' は整数でなければなりません" },
  'file.json_syntax': { en: 'the file is not valid JSON', ja: 'ファイルが正しい JSON ではありません' },
  'file.too_large': { en: 'the file is larger than {bytes_max} bytes', ja: 'ファイルが {bytes_max} バイトを超えています' },
  'csv.header': { en: "header '{found}' does not match the expected '{expected}'", ja: "ヘッダー '{found}' が期待される '{expected}' と一致しません" },
  'csv.field_count': { en: '{found} fields; expected {expected}', ja: '項目数が{found}です。{expected}であるべきです' },
  'csv.unterminated_quote': { en: 'a quoted field is not closed on this line', ja: '引用符で囲まれた項目がこの行で閉じていません' },
  'csv.text_after_quote': { en: 'text follows a closing quote', ja: '閉じ引用符の後に文字があります' },
  'csv.line_too_long': { en: 'the line is too long', ja: '行が長すぎます' },
};
