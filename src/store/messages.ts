import type { Catalog } from '../i18n/i18n.ts';

export const storeMessages: Catalog = {
  'store.locked': {
    en: 'the database in {dir} is in use by another Hozen process (pid {pid} on {host}); wait for it to finish. If no such process is running, delete {lock_file}',
    ja: '{dir} のデータベースは別の Hozen プロセス（{host} の pid {pid}）が使用中です。終了を待ってください。そのプロセスが存在しない場合は {lock_file} を削除してください',
  },
  'store.locked_by_service': {
    en: 'the database in {dir} belongs to the Hozen service running at {url} (pid {pid} on {host}): use its API or pages there, or stop the service first',
    ja: '{dir} のデータベースは {url} で動いている Hozen サービス（{host} の pid {pid}）が使用しています。そちらの API か画面を使うか、先にサービスを停止してください',
  },
  'store.unreachable': {
    en: 'cannot use the PostgreSQL server at {location} ({reason}); check DATABASE_URL, that the server is running and that the user may log in',
    ja: '{location} の PostgreSQL サーバーを使用できません（{reason}）。DATABASE_URL、サーバーの稼働、ユーザーのログイン権限を確認してください',
  },
  'store.bad_url': {
    en: 'DATABASE_URL is not a PostgreSQL URL (postgres://user:password@host:port/database)',
    ja: 'DATABASE_URL が PostgreSQL の URL（postgres://user:password@host:port/database）ではありません',
  },
  'store.dir_unusable': {
    en: 'cannot create the database directory {dir} ({reason})',
    ja: 'データベースのディレクトリ {dir} を作成できません（{reason}）',
  },
  'store.open_failed': {
    en: 'cannot open the database in {location}: {reason}',
    ja: '{location} のデータベースを開けません：{reason}',
  },
  'store.snapshot_exists': {
    en: 'snapshot {id} is already in the store (imported at the same time by another process)',
    ja: 'スナップショット {id} はすでに保存されています（別のプロセスが同時に取り込みました）',
  },
  'store.snapshot_not_found': {
    en: 'no snapshot {id} in the store; `hozen snapshots` lists them',
    ja: 'スナップショット {id} は保存されていません。`hozen snapshots` で一覧を表示できます',
  },
  'store.nul_character': {
    en: '{where} contains a NUL character (U+0000), which cannot be stored',
    ja: '{where} に NUL 文字（U+0000）が含まれており、保存できません',
  },
  'store.unknown_tenant': {
    en: 'there is no tenant {tenant} in the store (hozen tenant list shows them)',
    ja: 'テナント {tenant} は登録されていません（一覧は hozen tenant list）',
  },
  'store.tenant_exists': {
    en: 'the tenant {tenant} already exists',
    ja: 'テナント {tenant} はすでに登録されています',
  },
  'store.bad_tenant_id': {
    en: "'{tenant}' cannot be a tenant id: use 1–63 lower-case letters, digits and hyphens, starting with a letter or digit",
    ja: '「{tenant}」はテナント ID に使えません。英小文字・数字・ハイフンで 1〜63 文字とし、先頭は英小文字か数字にしてください',
  },
  'store.bad_user_name': {
    en: "'{name}' cannot be a user name: use 1–64 visible characters, without spaces at either end",
    ja: '「{name}」はユーザー名に使えません。表示できる文字で 1〜64 文字とし、前後に空白を入れないでください',
  },
  'store.user_exists': {
    en: 'a user named {name} already exists',
    ja: 'ユーザー名 {name} はすでに使われています',
  },
  'store.unknown_user': {
    en: 'there is no user {user}',
    ja: 'ユーザー {user} は登録されていません',
  },
  'store.anchor_key_unreadable': {
    en: '{file} is not a PEM key (expected an Ed25519 private key in PKCS#8 PEM, as hozen audit keygen or openssl genpkey -algorithm ed25519 writes)',
    ja: '{file} は PEM 形式の鍵ではありません（hozen audit keygen または openssl genpkey -algorithm ed25519 が書き出す PKCS#8 PEM 形式の Ed25519 秘密鍵が必要です）',
  },
  'store.anchor_key_wrong_type': {
    en: '{file} holds a {type} key; anchors are signed with Ed25519',
    ja: '{file} の鍵は {type} です。アンカーの署名には Ed25519 の鍵を使います',
  },
  'store.anchor_malformed': {
    en: '{file} is not a hozen-audit-anchor/1 file: field {field} is missing, unknown or malformed',
    ja: '{file} は hozen-audit-anchor/1 形式のファイルではありません（フィールド {field} がない、未知、または形式が不正です）',
  },
  'store.audit_detail_old_format': { en: 'entry {seq} claims the old format after newer entries', ja: 'エントリ {seq} が新しい形式のエントリの後で古い形式を名乗っています' },
  'store.audit_detail_seq_gap': { en: 'expected entry {expected}, found {found}', ja: 'エントリ {expected} があるはずの位置にエントリ {found} があります' },
  'store.audit_detail_hash_differs': { en: 'stored hash {stored}, content hashes to {recomputed}', ja: '保存されたハッシュは {stored}、内容から計算したハッシュは {recomputed} です' },
  'store.audit_detail_prev_differs': { en: "prev_hash {prev_hash}, previous entry's hash {previous}", ja: '直前のハッシュとして {prev_hash} を記録していますが、直前のエントリのハッシュは {previous} です' },
  'store.audit_detail_unaudited_snapshot': { en: 'snapshot {id} has no audit entry', ja: 'スナップショット {id} に監査ログのエントリがありません' },
  'store.audit_detail_unaudited_run': { en: 'run {id} has no audit entry', ja: '実行 {id} に監査ログのエントリがありません' },
  'store.audit_detail_run_differs': { en: 'run {id} stores what hashes to {now}; its audit entry {seq} recorded {recorded}', ja: '実行 {id} の保存内容のハッシュは {now} ですが、監査ログのエントリ {seq} には {recorded} と記録されています' },
};
