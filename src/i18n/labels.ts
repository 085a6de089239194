// Labels for the values of fixed vocabularies that messages carry as parameters (a peril, a tier,
// the risk engine's price model, the yen). Parameters stay language-neutral codes in stored results; the
// translator shows a parameter named in LABELLED_PARAMS by its label, so Japanese text never shows
// `external_hack` or `hot+warm`. A value the vocabulary does not know is shown as it is.

import type { Catalog } from './i18n.ts';

/** Parameter name → the vocabulary its values come from. */
export const LABELLED_PARAMS: Readonly<Record<string, string>> = {
  peril: 'peril',
  covered: 'peril',
  perils: 'peril',
  tiers: 'tier',
  kind: 'kind',
  basis: 'reserve_basis',
  prices: 'price_model',
  currency: 'currency',
  base: 'currency',
};

export const labelMessages: Catalog = {
  'label.peril.external_hack': { en: 'external hack', ja: '外部からの不正アクセス' },
  'label.peril.insider_theft': { en: 'insider theft', ja: '内部者による窃取' },
  'label.peril.social_engineering': { en: 'social engineering', ja: 'ソーシャルエンジニアリング' },
  'label.peril.account_takeover': { en: 'account takeover', ja: 'アカウント乗っ取り' },
  'label.peril.operational_error': { en: 'operational error', ja: '操作ミス' },
  'label.peril.network_error_nondelivery': { en: 'network error (non-delivery)', ja: 'ネットワーク障害による不着' },
  'label.peril.physical_key_loss': { en: 'physical loss of keys', ja: '鍵の物理的な紛失' },
  'label.peril.vendor_compromise': { en: 'vendor compromise', ja: '委託先の侵害' },
  'label.tier.hot': { en: 'hot', ja: 'ホット' },
  'label.tier.warm': { en: 'warm', ja: 'ウォーム' },
  'label.tier.cold': { en: 'cold', ja: 'コールド' },
  // 円 in Japanese prose; other currencies keep their ISO code.
  'label.currency.JPY': { en: 'JPY', ja: '円' },
  // What a safe asset or contract is (snapshot `kind`), as the coverage report names it.
  'label.kind.bank_deposit': { en: 'bank deposit', ja: '預金' },
  'label.kind.time_deposit': { en: 'time deposit', ja: '定期預金' },
  'label.kind.jgb': { en: 'government bond', ja: '国債' },
  'label.kind.municipal_bond': { en: 'municipal bond', ja: '地方債' },
  'label.kind.trust': { en: 'trust', ja: '信託' },
  'label.kind.bank_guarantee': { en: 'bank guarantee', ja: '銀行保証' },
  'label.kind.other': { en: 'other', ja: 'その他' },
  'label.kind.preservation': { en: 'preservation contract', ja: '保全契約' },
  'label.reserve_basis.tier_shares': { en: 'shares of each tier', ja: '階層ごとの割合' },
  'label.reserve_basis.risk_amount': { en: 'risk amount', ja: 'リスク相当額' },
  'label.price_model.bootstrap': { en: 'joint bootstrap of historical daily returns', ja: '過去の日次リターンの同時リサンプリング' },
  'label.price_model.fallback': { en: 'lognormal fallback', ja: '対数正規分布による代替' },
  'label.price_model.static': { en: 'static prices', ja: '価格変動なし' },
};
