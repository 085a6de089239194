import type { Catalog } from '../i18n/i18n.ts';

export const appMessages: Catalog = {
  'app.unknown_snapshot': { en: "'{arg}' is neither a snapshot directory nor a stored snapshot id (see: hozen snapshots)", ja: '「{arg}」はスナップショットのディレクトリでも、保存済みスナップショットの ID でもありません（一覧は hozen snapshots）' },
  'app.not_checked': { en: 'snapshot {id} has not been checked yet; run its check first', ja: 'スナップショット {id} はまだ判定されていません。先に判定を実行してください' },
  'app.nothing_checked': { en: 'no snapshot has been checked yet; run hozen check first', ja: 'まだどのスナップショットも判定されていません。先に hozen check を実行してください' },
  'app.alerts_none': { en: 'no alerts for snapshot {snapshot} (as of {as_of})', ja: 'スナップショット {snapshot}（{as_of} 時点）に注意事項はありません' },
  'app.alerts_summary': { en: 'snapshot {snapshot} (as of {as_of}): {critical} critical, {warnings} warnings', ja: 'スナップショット {snapshot}（{as_of} 時点）：重大 {critical} 件、注意 {warnings} 件' },
  'app.alert_critical': { en: 'critical', ja: '重大' },
  'app.alert_warning': { en: 'warning', ja: '注意' },
  'app.alerts_description': { en: 'what needs attention now: failed checks and warnings of the latest stored checks, contracts, guarantees and safe assets ending soon, a stale snapshot (exit 3 when any is open)', ja: 'いま対応が必要な事項：保存済みの最新の判定の不適合と注意、期限が近い保全契約・銀行保証・安全資産、古いスナップショット（一つでもあれば終了コード 3）' },
  'app.imported_by.user': { en: '{user} ({role})', ja: '{user}（{role}）' },
  'app.imported_by.token': { en: "{user}'s token “{label}” ({role})", ja: '{user} のトークン「{label}」（{role}）' },
  'app.imported_by.cli': { en: 'the hozen command line (run as OS user {id})', ja: 'hozen コマンド（OS ユーザー {id} が実行）' },
  'app.imported_by.system': { en: 'Hozen itself ({id})', ja: 'Hozen 自身（{id}）' },
  'app.imported_by.unknown': { en: 'not recorded', ja: '記録なし' },
  'app.unreadable': { en: "cannot read '{file}'", ja: '「{file}」を読み込めません' },
  'accounts.bad_tenant_id': { en: "'{id}' cannot be a tenant id: use 1–63 lower-case letters, digits and hyphens, starting with a letter or digit", ja: '「{id}」はテナント ID に使えません。英小文字・数字・ハイフンで 1〜63 文字にしてください（先頭は英小文字か数字）' },
  'accounts.bad_time_zone': { en: "'{time_zone}' is not an IANA time zone (for example Asia/Tokyo)", ja: '「{time_zone}」は IANA のタイムゾーンではありません（例：Asia/Tokyo）' },
  'accounts.bad_token_days': { en: 'a token lasts from 1 to {max} days, not {days}', ja: 'トークンの有効期間は 1〜{max} 日です（指定：{days}）' },
  'accounts.user_disabled': { en: 'user {name} is disabled', ja: 'ユーザー {name} は無効にされています' },
  'accounts.unknown_user': { en: 'there is no user {name}', ja: 'ユーザー {name} はいません' },
  'accounts.unknown_token': { en: 'there is no token {id}', ja: 'トークン {id} はありません' },
};
