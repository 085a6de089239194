import type { Catalog } from '../i18n/i18n.ts';

export const appMessages: Catalog = {
  'app.unknown_snapshot': { en: "'{arg}' is neither a snapshot directory nor a stored snapshot id (see: hozen snapshots)", ja: '「{arg}」はスナップショットのディレクトリでも、保存済みスナップショットの ID でもありません（一覧は hozen snapshots）' },
  'app.not_checked': { en: 'snapshot {id} has not been checked yet; run its check first', ja: 'スナップショット {id} はまだ点検されていません。先に点検を実行してください' },
  'app.unreadable': { en: "cannot read '{file}'", ja: '「{file}」を読み込めません' },
};
