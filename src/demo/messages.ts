import type { Catalog } from '../i18n/i18n.ts';

export const demoMessages: Catalog = {
  'demo.accounts_invalid': {
    en: 'The number of accounts (--accounts) must be a whole number from {min} to {max}; got {value}',
    ja: '口座数（--accounts）は {min} から {max} までの整数で指定してください（指定値：{value}）',
  },
  'demo.seed_invalid': {
    en: 'The seed (--seed) must be a whole number from 0 to {max}; got {value}',
    ja: 'シード（--seed）は 0 から {max} までの整数で指定してください（指定値：{value}）',
  },
  'demo.as_of_invalid': {
    en: "The as-of time '{value}' must be an ISO 8601 timestamp with an offset, e.g. 2026-11-25T00:00:00+09:00",
    ja: "基準日時 '{value}' はオフセット付きの ISO 8601 形式で指定してください（例：2026-11-25T00:00:00+09:00）",
  },
  'demo.out_dir_missing': {
    en: 'An output directory (--out) is required',
    ja: '出力先ディレクトリ（--out）を指定してください',
  },
  'demo.out_dir_not_directory': {
    en: "The output path '{path}' exists and is not a directory",
    ja: "出力先 '{path}' は既に存在し、ディレクトリではありません",
  },
  'demo.out_dir_not_empty': {
    en: "The output directory '{path}' contains '{entry}', which the demo did not write; choose an empty or new directory",
    ja: "出力先ディレクトリ '{path}' にデモが作成していない '{entry}' があります。空のディレクトリか新しいディレクトリを指定してください",
  },
  'demo.out_dir_holds_snapshot': {
    en: "The output directory '{path}' already holds a snapshot ({files} files; exchange: {exchange}, as of {as_of}); the demo would overwrite it. Choose a new directory, or add --force to replace it",
    ja: "出力先ディレクトリ '{path}' には既にスナップショットがあります（ファイル{files}個、交換業者：{exchange}、基準日時：{as_of}）。デモで上書きされます。新しいディレクトリを指定するか、置き換える場合は --force を付けてください",
  },
  'demo.write_failed': {
    en: "Could not write '{path}': {reason}",
    ja: "'{path}' に書き込めませんでした：{reason}",
  },
};
