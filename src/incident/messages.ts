import type { Catalog } from '../i18n/i18n.ts';

export const incidentMessages: Catalog = {
  'incident.detected_before_occurred': { en: 'detected_at {detected_at} is before occurred_at {occurred_at}', ja: 'detected_at {detected_at} が occurred_at {occurred_at} より前です' },
  'incident.snapshot_after_incident': {
    en: 'the snapshot (as of {as_of}) was taken {days} d {hours} h after the incident ({occurred_at}): it is not its cut-off, and balances may already show the loss or later trades. Use the last snapshot before the incident (at most {hours_max} h before it)',
    ja: 'スナップショット（基準日時 {as_of}）はインシデント（発生 {occurred_at}）の{days}日{hours}時間後のものです。インシデント時点の残高ではなく、損失やその後の取引が反映されている可能性があります。インシデント直前（{hours_max}時間以内）のスナップショットを使ってください',
  },
  'incident.snapshot_long_before_incident': {
    en: 'the snapshot (as of {as_of}) was taken {days} d {hours} h before the incident ({occurred_at}), more than {hours_max} h: balances may have changed since. Use the last snapshot before the incident',
    ja: 'スナップショット（基準日時 {as_of}）はインシデント（発生 {occurred_at}）の{days}日{hours}時間前のもので、{hours_max}時間を超えています。その後に残高が変わっている可能性があります。インシデント直前のスナップショットを使ってください',
  },
  'incident.losses_empty': { en: 'an incident must list at least one loss', ja: 'インシデントには少なくとも1件の損失を記載してください' },
  'incident.unknown_wallet': { en: "unknown wallet '{wallet}' (not in the snapshot's wallets.json)", ja: "不明なウォレット '{wallet}'（スナップショットの wallets.json にありません）" },
  'incident.asset_mismatch': { en: 'wallet {wallet} holds {wallet_asset}, not {asset}', ja: 'ウォレット {wallet} が保有するのは {wallet_asset} で、{asset} ではありません' },
  'incident.duplicate_loss': { en: 'wallet {wallet} is listed twice; write its loss once', ja: 'ウォレット {wallet} が重複しています。損失は1行にまとめてください' },
  'incident.duplicate': { en: "'{value}' is listed twice", ja: "'{value}' が重複しています" },
  'incident.loss_zero': { en: 'a loss must be greater than zero', ja: '損失額は0より大きくしてください' },
  'incident.loss_exceeds_wallet': { en: 'wallet {wallet} lost {lost} {asset} but held only {held} {asset}', ja: 'ウォレット {wallet} の損失 {lost} {asset} が保有額 {held} {asset} を超えています' },
  'incident.recovered_not_lost': { en: '{asset} is recovered but no {asset} was lost', ja: '{asset} が回収されていますが、{asset} の損失はありません' },
  'incident.recovered_exceeds_loss': { en: 'recovered {recovered} {asset} is more than the {lost} {asset} lost', ja: '回収額 {recovered} {asset} が損失額 {lost} {asset} を超えています' },
  'incident.stated_loss_empty': { en: 'a stated loss names at least one asset: {"BTC": "0.01"}; leave out `loss` to share the loss by balance', ja: '損失を記載するときは少なくとも1つの暗号資産を指定してください（例：{"BTC": "0.01"}）。残高に応じて按分するときは loss を省きます' },
  'incident.stated_loss_not_lost': { en: 'the incident lost no {asset} (no entry of losses is {asset}), so no account can have lost it', ja: 'このインシデントでは {asset} の損失がない（losses に {asset} がない）ため、口座の損失として記載できません' },
  'incident.stated_losses_exceed_loss': { en: 'the stated losses of {asset} add up to {stated} {asset}, more than the incident lost net of recoveries ({net} {asset})', ja: '記載された {asset} の口座別損失の合計 {stated} {asset} が、回収後の損失額 {net} {asset} を超えています' },
  'incident.stated_loss_exceeds_balance': { en: 'account {account} is stated to have lost {lost} {asset} but held only {held} {asset} in the snapshot', ja: '口座 {account} の損失 {lost} {asset} が、スナップショットでの保有額 {held} {asset} を超えています' },
  'incident.stated_loss_not_held': { en: "account {account} is stated to have lost {lost} {asset} but holds no {asset} in the snapshot (an unknown account, or a typo in its id)", ja: '口座 {account} の損失 {lost} {asset} が記載されていますが、スナップショットではこの口座は {asset} を保有していません（存在しない口座か、口座番号の誤りです）' },
  'incident.stated_losses_unborne': {
    en: 'the stated losses of {asset} add up to {stated} {asset}, less than its net loss of {net} {asset}, and no listed account without a stated loss holds {asset}: no one would bear the other {rest} {asset}. State it, or list the account that lost it',
    ja: '記載された {asset} の口座別損失の合計 {stated} {asset} は損失額 {net} {asset} に足りず、損失を記載していない被害口座に {asset} の保有者がいないため、残りの {rest} {asset} を負担する口座がありません。その損失を記載するか、損失を受けた口座を追加してください',
  },
  'incident.accounts_required': { en: "mode 'accounts' needs the list of affected accounts", ja: "mode が 'accounts' のときは被害口座の一覧が必要です" },
  'incident.accounts_not_allowed': { en: "accounts are listed only with mode 'accounts', not '{mode}'", ja: "accounts は mode が 'accounts' のときだけ記載できます（'{mode}' では不可）" },
};
