import type { Catalog } from '../i18n/i18n.ts';

export const coverageMessages: Catalog = {
  // Bad input and bad options.
  'coverage.price_missing': {
    en: 'No price for {asset} at or before as_of ({as_of}): wallets hold it, so its value is needed.',
    ja: '{asset} の価格が基準日時（{as_of}）以前にありません。ウォレットで保有しているため、評価額の算出に価格が必要です。',
  },
  'coverage.params.type': { en: 'Wrong type: expected {expected}.', ja: '型が違います（{expected} を指定してください）。' },
  'coverage.params.unknown_keys': { en: 'Unknown key(s): {keys}.', ja: '不明なキーがあります：{keys}' },
  'coverage.params.value': { en: 'Not an allowed value; allowed: {allowed}.', ja: '指定できない値です。指定できる値：{allowed}' },
  'coverage.params.key': { en: 'Not an allowed key.', ja: '指定できないキーです。' },
  'coverage.params.too_big': { en: 'Too large: at most {max}.', ja: '大きすぎます（上限 {max}）。' },
  'coverage.params.too_small': { en: 'Too small: at least {min}.', ja: '小さすぎます（下限 {min}）。' },
  'coverage.params.invalid': { en: 'Invalid value.', ja: '値が正しくありません。' },
  'coverage.params.decimal': {
    en: 'Expected a non-negative decimal written as a string, e.g. "0.05".',
    ja: '0以上の10進数を文字列で指定してください（例："0.05"）。',
  },
  'coverage.params.share': { en: 'Expected a share between "0" and "1".', ja: '"0" から "1" までの割合を指定してください。' },
  'coverage.params.positive': { en: 'Must be greater than zero.', ja: '0より大きい値を指定してください。' },
  'coverage.mica.section_missing': {
    en: 'The mica regime needs a "mica" section in exchange.json with "class" (1, 2 or 3) and "fixed_overheads_last_year".',
    ja: 'mica の判定には exchange.json の "mica" セクション（"class"（1〜3）と "fixed_overheads_last_year"）が必要です。',
  },
  'coverage.mica.rate_missing': {
    en: 'No euro rate: add an EUR price row at or before as_of ({as_of}) in prices.csv, or state "eur_rate" ({base} per EUR) in the mica section.',
    ja: 'ユーロの換算レートがありません。prices.csv に基準日時（{as_of}）以前の EUR の価格行を追加するか、mica セクションに "eur_rate"（1ユーロあたりの {base}）を指定してください。',
  },
  'coverage.risk.engine_not_wired': {
    en: '{regime}: risk method "{method}" needs the risk engine, which this caller did not provide; use "share" or run hozen check.',
    ja: '{regime}：リスク算定方法 "{method}" にはリスクエンジンが必要ですが、この呼び出しでは提供されていません。"share" を指定するか hozen check を使ってください。',
  },
  'coverage.regime.none': {
    en: 'No regime to check: list them in exchange.json "regimes" or pass --regime.',
    ja: '判定する規制がありません。exchange.json の "regimes" に記載するか、--regime で指定してください。',
  },
  'coverage.regime.unknown': { en: 'Unknown regime "{regime}". Known regimes: {known}.', ja: '不明な規制 "{regime}" です。指定できる規制：{known}' },
  'coverage.drain.unknown_wallet': {
    en: '--drain {wallet}: no wallet with this id in wallets.json.',
    ja: '--drain {wallet}：この ID のウォレットは wallets.json にありません。',
  },

  // Notes on a whole regime.
  'coverage.risk.share_of_value': {
    en: 'Risk amount = {share} × value of customer crypto in {tiers} wallets (risk method "share"; rounded up).',
    ja: 'リスク相当額 = {tiers} ウォレットの利用者暗号資産の評価額 × {share}（リスク算定方法 "share"。最小単位未満は切り上げ）。',
  },
  'coverage.insurance.not_wired': {
    en: 'Insurance not counted: no insurance provider was given to this check.',
    ja: 'この判定には保険の算定方法が与えられていないため、保険は算入していません。',
  },
  'coverage.insurance.credited': {
    en: 'Insurance counted: what the policies would pay for a total loss of customer wallets in {tiers} by {peril} at as_of ({recovery} of a {loss} loss), by the insurance engine.',
    ja: '保険は、基準日時に{tiers}の顧客ウォレットが{peril}により全損した場合に保険エンジンが算出した支払見込額を算入しています（損害 {loss} のうち {recovery}）。',
  },
  'coverage.insurance.no_policies': {
    en: 'No insurance counted: the snapshot has no policies.json.',
    ja: 'スナップショットに policies.json がないため、保険は算入していません。',
  },
  'coverage.jp-2026-liability-reserve.assumptions': {
    en: 'The final formula is not published: these parameters are assumptions (basis {basis}; shares hot {hot}, warm {warm}, cold {cold}; floor {floor}; insurance may replace at most {cap} of the requirement).',
    ja: '最終的な算定式は未公表のため、以下のパラメータは仮定です（基準は{basis}、割合 ホット {hot}・ウォーム {warm}・コールド {cold}、下限 {floor}、保険による代替は要件額の {cap} まで）。',
  },
  'coverage.mica.rate.stated': { en: 'Euro amounts converted at the stated rate {rate} {base} per EUR.', ja: 'ユーロ建ての金額は、指定レート 1ユーロ = {rate} {base} で換算しています。' },
  'coverage.mica.rate.price': { en: 'Euro amounts converted at the EUR price at as_of: {rate} {base} per EUR.', ja: 'ユーロ建ての金額は、基準日時の EUR 価格 1ユーロ = {rate} {base} で換算しています。' },
  'coverage.mica.rate.base': { en: 'Base currency is EUR: no conversion.', ja: '基準通貨がユーロのため換算していません。' },

  // Why a source does not count.
  'coverage.source.kind_not_eligible': { en: 'kind {kind} does not count under this rule', ja: '種類「{kind}」はこの規制では算入対象外' },
  'coverage.source.not_segregated': { en: 'not segregated for customers', ja: '顧客のために分別されていない' },
  'coverage.source.counted_via_contract': { en: 'counted through contract {contract}', ja: '契約 {contract} として算入済み' },
  'coverage.source.matured': { en: 'matured on {maturity}', ja: '{maturity}に満期到来済み' },
  'coverage.source.maturity_too_long': { en: 'matures {maturity}, later than {months} months after as_of', ja: '満期 {maturity} が as_of から {months} か月を超える' },
  'coverage.source.no_value': { en: 'no value', ja: '評価額なし' },
  'coverage.source.covers_not_eligible': { en: 'covers {covers}, not {required}', ja: '補償対象が {covers} で、{required} を含まない' },
  'coverage.source.not_started': { en: 'not in force before {start}', ja: '{start}まで効力発生前' },
  'coverage.source.expired': { en: 'expired on {end}', ja: '{end}に期間満了' },
  'coverage.source.guarantee_not_cold': { en: 'guarantee wallet in a {tier} wallet, not cold', ja: '{tier} ウォレットで管理（コールドではない）' },

  // jp-psa-2020
  'coverage.jp-psa-2020.hot-share.pass': {
    en: 'Customer crypto outside cold wallets is {share} of all customer crypto ({part} of {whole}); the limit is {limit}.',
    ja: 'コールドウォレット以外で管理する利用者暗号資産は全体の {share}（{whole} のうち {part}）で、上限 {limit} 以内です。',
  },
  'coverage.jp-psa-2020.hot-share.fail': {
    en: 'Customer crypto outside cold wallets is {share} of all customer crypto ({part} of {whole}), above the limit of {limit}: move at least {excess} to cold wallets.',
    ja: 'コールドウォレット以外で管理する利用者暗号資産が全体の {share}（{whole} のうち {part}）で、上限 {limit} を超えています。少なくとも {excess} 相当をコールドウォレットへ移してください。',
  },
  'coverage.jp-psa-2020.hot-share.asset': {
    en: '{asset}: {share} of customer holdings outside cold wallets ({part} of {whole}).',
    ja: '{asset}：顧客保有分のうち {share} をコールドウォレット以外で管理（{whole} のうち {part}）。',
  },
  'coverage.jp-psa-2020.guarantee.pass': {
    en: 'Guarantee crypto in cold wallets ({held}) covers customer crypto outside cold wallets ({required}).',
    ja: 'コールドウォレットの履行保証暗号資産（{held}）が、コールドウォレット以外の利用者暗号資産（{required}）以上あります。',
  },
  'coverage.jp-psa-2020.guarantee.fail': {
    en: 'Guarantee crypto in cold wallets ({held}) is short of customer crypto outside cold wallets ({required}) by {shortfall}.',
    ja: 'コールドウォレットの履行保証暗号資産（{held}）が、コールドウォレット以外の利用者暗号資産（{required}）に {shortfall} 不足しています。',
  },
  'coverage.jp-psa-2020.guarantee-tier.warn': {
    en: 'Guarantee wallet {wallet} is a {tier} wallet: its {amount} does not count as guarantee crypto, which must be held cold.',
    ja: '履行保証用ウォレット {wallet} は {tier} ウォレットです。履行保証暗号資産はコールドウォレットで管理する必要があるため、{amount} は算入していません。',
  },
  'coverage.jp-psa-2020.net-assets.pass': {
    en: 'Net assets ({held}) are at least the value of the guarantee crypto ({required}).',
    ja: '純資産額（{held}）が履行保証暗号資産の時価（{required}）以上です。',
  },
  'coverage.jp-psa-2020.net-assets.fail': {
    en: 'Net assets ({held}) are below the value of the guarantee crypto ({required}) by {shortfall}.',
    ja: '純資産額（{held}）が履行保証暗号資産の時価（{required}）を {shortfall} 下回っています。',
  },
  'coverage.jp-psa-2020.segregation.pass': {
    en: 'Customer wallets hold {held}, at least the customer balances of {required}.',
    ja: '顧客用ウォレットの保有量 {held} が、顧客の預かり残高 {required} 以上です。',
  },
  'coverage.jp-psa-2020.segregation.fail': {
    en: 'Customer wallets hold {held}, short of the customer balances of {required} by {shortfall}.',
    ja: '顧客用ウォレットの保有量 {held} が、顧客の預かり残高 {required} に {shortfall} 不足しています。',
  },

  // jvcea-2018-draft
  'coverage.jvcea-2018-draft.cover.pass': {
    en: 'Safe assets and preservation contracts ({held}) cover the risk amount of customer crypto managed online ({required}).',
    ja: '安全資産と保全契約（{held}）が、オンラインで管理する利用者暗号資産のリスク相当額（{required}）以上あります。',
  },
  'coverage.jvcea-2018-draft.cover.fail': {
    en: 'Safe assets and preservation contracts ({held}) fall short of the risk amount of customer crypto managed online ({required}) by {shortfall}.',
    ja: '安全資産と保全契約（{held}）が、オンラインで管理する利用者暗号資産のリスク相当額（{required}）に {shortfall} 不足しています。',
  },
  'coverage.jvcea-2018-draft.online-value.info': {
    en: '{asset}: {amount} of customer crypto managed online, worth {value}.',
    ja: '{asset}：オンラインで管理する利用者暗号資産 {amount}（評価額 {value}）。',
  },
  'coverage.jvcea-2018-draft.contract-expiry.warn': {
    en: 'Contract {contract} ({amount}) ends on {end}, in {days:day|days} (warning at {warning_days} days): renew it or replace the cover.',
    ja: '契約 {contract}（{amount}）は {end}に満了します（残り {days} 日。{warning_days} 日前から警告）。更新するか、代わりの保全手段を用意してください。',
  },

  // jp-2026-liability-reserve
  'coverage.jp-2026-liability-reserve.reserve.pass': {
    en: 'The liability reserve and insurance credit ({held}) cover the assumed requirement ({required}; basis {basis}, floor {floor}).',
    ja: '責任準備金と保険による代替分（{held}）が、仮定した要件額（{required}。基準額 {basis}、下限 {floor}）以上あります。',
  },
  'coverage.jp-2026-liability-reserve.reserve.fail': {
    en: 'The liability reserve and insurance credit ({held}) fall short of the assumed requirement ({required}; basis {basis}, floor {floor}) by {shortfall}.',
    ja: '責任準備金と保険による代替分（{held}）が、仮定した要件額（{required}。基準額 {basis}、下限 {floor}）に {shortfall} 不足しています。',
  },

  // hk-sfc-2023
  'coverage.hk-sfc-2023.hot-share.pass': {
    en: 'Client virtual assets outside cold storage are {share} of the total ({part} of {whole}); the limit is {limit}.',
    ja: 'コールドストレージ外の顧客暗号資産は全体の {share}（{whole} のうち {part}）で、上限 {limit} 以内です。',
  },
  'coverage.hk-sfc-2023.hot-share.fail': {
    en: 'Client virtual assets outside cold storage are {share} of the total ({part} of {whole}), above the limit of {limit}.',
    ja: 'コールドストレージ外の顧客暗号資産が全体の {share}（{whole} のうち {part}）で、上限 {limit} を超えています。',
  },
  'coverage.hk-sfc-2023.cover.pass': {
    en: 'Insurance, funds on trust and bank guarantees ({held}) cover 100% of assets outside cold storage ({online}) plus 50% of cold storage ({cold}): {required}.',
    ja: '保険・信託された資金・銀行保証（{held}）が、コールドストレージ外の資産（{online}）の100%とコールドストレージ内の資産（{cold}）の50%の合計 {required} 以上あります。',
  },
  'coverage.hk-sfc-2023.cover.fail': {
    en: 'Insurance, funds on trust and bank guarantees ({held}) fall short of 100% of assets outside cold storage ({online}) plus 50% of cold storage ({cold}), {required}, by {shortfall}.',
    ja: '保険・信託された資金・銀行保証（{held}）が、コールドストレージ外の資産（{online}）の100%とコールドストレージ内の資産（{cold}）の50%の合計 {required} に {shortfall} 不足しています。',
  },
  'coverage.hk-sfc-2023.contract-expiry.warn': {
    en: 'Bank guarantee {contract} ({amount}) ends on {end}, in {days:day|days} (warning at {warning_days} days): renew it or replace the cover.',
    ja: '銀行保証 {contract}（{amount}）は {end}に満了します（残り {days} 日。{warning_days} 日前から警告）。更新するか、代わりの補償手段を用意してください。',
  },

  // sg-mas, bh-cbb
  'coverage.sg-mas.cold-share.pass': {
    en: 'Customer crypto in cold wallets is {share} of the total ({part} of {whole}); at least {limit} is required.',
    ja: 'コールドウォレットで管理する顧客暗号資産は全体の {share}（{whole} のうち {part}）で、下限 {limit} 以上です。',
  },
  'coverage.sg-mas.cold-share.fail': {
    en: 'Customer crypto in cold wallets is only {share} of the total ({part} of {whole}); at least {limit} is required.',
    ja: 'コールドウォレットで管理する顧客暗号資産が全体の {share}（{whole} のうち {part}）しかなく、下限 {limit} を下回っています。',
  },
  'coverage.bh-cbb.cold-share.pass': {
    en: '{asset}: {share} of client holdings in cold wallets ({part} of {whole}); at least {limit} is required.',
    ja: '{asset}：顧客保有分のうち {share} をコールドウォレットで管理（{whole} のうち {part}）しており、下限 {limit} 以上です。',
  },
  'coverage.bh-cbb.cold-share.fail': {
    en: '{asset}: only {share} of client holdings in cold wallets ({part} of {whole}); at least {limit} is required.',
    ja: '{asset}：コールドウォレットで管理する顧客保有分が {share}（{whole} のうち {part}）しかなく、下限 {limit} を下回っています。',
  },

  // mica
  'coverage.mica.own-funds.pass': {
    en: 'Own funds and insurance ({held}) meet the requirement {required} = max(class {class} minimum {class_minimum}, ¼ of fixed overheads {quarter_of_overheads}).',
    ja: '自己資金と保険（{held}）が、要件額 {required} = max（クラス{class}の最低資本金 {class_minimum}、固定間接費の4分の1 {quarter_of_overheads}）以上あります。',
  },
  'coverage.mica.own-funds.fail': {
    en: 'Own funds and insurance ({held}) fall short of the requirement {required} = max(class {class} minimum {class_minimum}, ¼ of fixed overheads {quarter_of_overheads}) by {shortfall}.',
    ja: '自己資金と保険（{held}）が、要件額 {required} = max（クラス{class}の最低資本金 {class_minimum}、固定間接費の4分の1 {quarter_of_overheads}）に {shortfall} 不足しています。',
  },

  // The rule each check enforces.
  'coverage.ref.jp-psa-2020/hot-share': {
    en: 'Payment Services Act art. 63-11(2); Cabinet Office Order on Crypto-Asset Exchange Service Providers art. 27(2)–(3)',
    ja: '資金決済法第63条の11第2項、暗号資産交換業者に関する内閣府令第27条第2項・第3項',
  },
  'coverage.ref.jp-psa-2020/guarantee': {
    en: 'Payment Services Act art. 63-11-2 (performance-guarantee crypto-assets)',
    ja: '資金決済法第63条の11の2（履行保証暗号資産）',
  },
  'coverage.ref.jp-psa-2020/guarantee-tier': {
    en: 'Payment Services Act art. 63-11-2; guarantee crypto is managed like customer crypto held cold',
    ja: '資金決済法第63条の11の2（履行保証暗号資産はコールドウォレットで管理）',
  },
  'coverage.ref.jp-psa-2020/net-assets': {
    en: 'JVCEA self-regulatory rules on financial soundness: net assets ≥ value of guarantee crypto',
    ja: '日本暗号資産等取引業協会 自主規制規則（財務）：純資産額 ≥ 履行保証暗号資産の時価',
  },
  'coverage.jp-psa-2020.customer-money.pass': {
    en: 'The customer trust account holds {held}, at least the customers\' money of {required}.',
    ja: '顧客分別金信託の残高 {held} が、顧客の預かり金銭 {required} 以上です。',
  },
  'coverage.jp-psa-2020.customer-money.fail': {
    en: 'The customer trust account holds {held}, short of the customers\' money of {required} by {shortfall}.',
    ja: '顧客分別金信託の残高 {held} が、顧客の預かり金銭 {required} に {shortfall} 不足しています。',
  },
  'coverage.ref.jp-psa-2020/customer-money': {
    en: 'Payment Services Act art. 63-11(1) (customer money segregated and held in trust)',
    ja: '資金決済法第63条の11第1項（顧客の金銭の分別管理と信託）',
  },
  'coverage.ref.jp-psa-2020/segregation': {
    en: 'Payment Services Act art. 63-11(2); Cabinet Office Order art. 27(1) (segregation of customer crypto)',
    ja: '資金決済法第63条の11第2項、暗号資産交換業者に関する内閣府令第27条第1項（分別管理）',
  },
  'coverage.ref.jvcea-2018-draft/cover': {
    en: 'JVCEA self-regulatory rules, 2018 draft: repayment funds for customer crypto managed online',
    ja: '日本仮想通貨交換業協会 自主規制規則案（2018年）：オンライン管理の利用者暗号資産に対する弁済原資',
  },
  'coverage.ref.jvcea-2018-draft/contract-expiry': {
    en: 'JVCEA self-regulatory rules, 2018 draft: preservation contracts must be in force',
    ja: '日本仮想通貨交換業協会 自主規制規則案（2018年）：保全契約は有効期間内であること',
  },
  'coverage.ref.jp-2026-liability-reserve/reserve': {
    en: 'FSA Financial System Council working group report on crypto-assets (Dec 2025): liability reserve — planned; parameters assumed',
    ja: '金融審議会 暗号資産制度に関するワーキング・グループ報告（2025年12月）：責任準備金（制度案。パラメータは仮定）',
  },
  'coverage.ref.hk-sfc-2023/hot-share': {
    en: 'SFC Guidelines for Virtual Asset Trading Platform Operators (2023), ch. 10 (¶10.10: at most 2% outside cold storage)',
    ja: 'SFC 仮想資産取引プラットフォーム運営者ガイドライン（2023年）第10章（¶10.10:コールドストレージ外は2%以下）',
  },
  'coverage.ref.hk-sfc-2023/cover': {
    en: 'SFC Guidelines for Virtual Asset Trading Platform Operators (2023), ch. 10 (¶10.22: compensation arrangement, 50% cold, 100% hot)',
    ja: 'SFC 仮想資産取引プラットフォーム運営者ガイドライン（2023年）第10章（¶10.22:補償措置 コールド50%・ホット100%）',
  },
  'coverage.ref.hk-sfc-2023/contract-expiry': {
    en: 'SFC Guidelines for Virtual Asset Trading Platform Operators (2023), ch. 10: the compensation arrangement must be maintained',
    ja: 'SFC 仮想資産取引プラットフォーム運営者ガイドライン（2023年）第10章：補償措置を維持すること',
  },
  'coverage.ref.sg-mas/cold-share': {
    en: 'MAS requirements on safeguarding customers\' digital payment tokens: at least 90% in cold wallets',
    ja: 'MAS（シンガポール金融管理局）のデジタル支払トークン顧客資産保護要件：90%以上をコールドウォレットで管理',
  },
  'coverage.ref.bh-cbb/cold-share': {
    en: 'CBB Rulebook Volume 6, module CRA (crypto-asset custody): at least 90% of each client crypto-asset in cold storage',
    ja: 'バーレーン中央銀行ルールブック第6巻 CRA モジュール（暗号資産カストディ）：各暗号資産の90%以上をコールドストレージで管理',
  },
  'coverage.ref.mica/own-funds': {
    en: 'Regulation (EU) 2023/1114 (MiCA) art. 67 and Annex IV',
    ja: '欧州連合 暗号資産市場規則（MiCA、規則（EU）2023/1114）第67条・附属書IV',
  },

  // The readable report.
  'coverage.report.title': { en: 'Coverage check — {exchange}', ja: '保全状況の判定 — {exchange}' },
  'coverage.report.snapshot': { en: 'Snapshot {snapshot}, as of {as_of}, values in {base}', ja: 'スナップショット {snapshot}、基準日時 {as_of}、基準通貨 {base}' },
  'coverage.report.drained': {
    en: 'Hypothetical: wallets emptied at as_of: {wallets}',
    ja: '仮定：次のウォレットが基準日時に空になった場合：{wallets}',
  },
  'coverage.report.regime': { en: 'Regime {regime}: {verdict}', ja: '規制 {regime}：{verdict}' },
  'coverage.report.heading': { en: '{label}:', ja: '{label}：' },
  'coverage.report.labelled': { en: '{label}: {text}', ja: '{label}：{text}' },
  'coverage.report.compliant': { en: 'compliant', ja: '適合' },
  'coverage.report.not_compliant': { en: 'NOT compliant', ja: '不適合' },
  'coverage.report.overall': { en: 'Overall: {verdict}', ja: '総合判定：{verdict}' },
  'coverage.report.attention_fail': { en: 'To act on ({fails} failed, {warnings:warning|warnings}):', ja: '対応が必要な項目（不適合 {fails} 件、警告 {warnings} 件）：' },
  'coverage.report.attention_warn': { en: 'To look at ({warnings:warning|warnings}):', ja: '確認が必要な項目（警告 {warnings} 件）：' },
  'coverage.report.status.pass': { en: 'PASS', ja: '適合' },
  'coverage.report.status.fail': { en: 'FAIL', ja: '不適合' },
  'coverage.report.status.warn': { en: 'WARN', ja: '警告' },
  'coverage.report.status.info': { en: 'INFO', ja: '情報' },
  'coverage.report.required': { en: 'required', ja: '必要額' },
  'coverage.report.required_max': { en: 'at most', ja: '上限' },
  'coverage.report.required_min': { en: 'at least', ja: '下限' },
  'coverage.report.rounded_figure': { en: '{figure} ({rounding})', ja: '{figure}（{rounding}）' },
  'coverage.history.headline': { en: '{rule} {held} ({bound})', ja: '{rule} {held}（{bound}）' },
  'coverage.history.separator': { en: '; ', ja: '、' },
  'coverage.history.bound_rounded_up': { en: '{sign} {figure}, {rounding}', ja: '{sign} {figure}、{rounding}' },
  'coverage.report.held': { en: 'held', ja: '保有' },
  'coverage.report.shortfall': { en: 'shortfall', ja: '不足' },
  'coverage.report.surplus': { en: 'surplus', ja: '余裕' },
  'coverage.report.excess': { en: 'over by', ja: '超過' },
  'coverage.report.margin': { en: 'margin', ja: '余裕' },
  'coverage.report.reference': { en: 'Rule', ja: '根拠' },
  'coverage.report.assignments': { en: 'Cover counted', ja: '算入した保全手段' },
  'coverage.report.assignment': {
    en: '{source} counts {counted} toward {check}{asset} (applied {applied})',
    ja: '{source}：{counted} を {check}{asset} に算入（うち充当 {applied}）',
  },
  'coverage.report.excluded': { en: 'Not counted', ja: '算入しなかったもの' },
  'coverage.report.exclusion': { en: '{source}: {reason}', ja: '{source}：{reason}' },
  'coverage.report.notes': { en: 'Notes', ja: '注記' },
  'coverage.report.source.safe_asset': { en: 'safe asset {id}', ja: '安全資産 {id}' },
  'coverage.report.source.contract': { en: 'contract {id}', ja: '契約 {id}' },
  'coverage.report.source.guarantee_crypto': { en: 'guarantee wallet {id}', ja: '履行保証用ウォレット {id}' },
  'coverage.report.source.insurance': { en: 'insurance {id}', ja: '保険 {id}' },
  'coverage.report.source.net_assets': { en: 'net assets', ja: '純資産' },
  'coverage.report.source.reserve': { en: 'booked liability reserve', ja: '計上済み責任準備金' },

  // hozen check, hozen history
  'coverage.cli.check_description': {
    en: 'Are customers covered? Check a snapshot under each regime that applies: requirement, held, surplus or shortfall (exit 3 when a check fails)',
    ja: '利用者資産は保全されているか。適用される規制ごとにスナップショットを判定し、必要額・保有額・余裕または不足を表示します（不適合があれば終了コード 3）',
  },
  'coverage.cli.opt_regime': {
    en: 'check under this regime instead of exchange.json "regimes" (repeatable)',
    ja: 'exchange.json の "regimes" の代わりにこの規制で判定（複数指定可）',
  },
  'coverage.cli.opt_latest': { en: 'show the stored check of the snapshot instead of checking it again', ja: 'もう一度判定せず、保存済みの判定結果を表示する' },
  'coverage.cli.latest_regime': { en: '{regime}: {verdict} (stored run {run})', ja: '{regime}：{verdict}（保存済みの実行 {run}）' },
  'coverage.cli.opt_drain': {
    en: 'report as if this wallet had been emptied at as_of (repeatable; not stored)',
    ja: 'このウォレットが基準日時に空になったと仮定して判定（複数指定可。結果は保存しません）',
  },
  'coverage.cli.history_description': {
    en: 'The series of headline coverage figures across stored snapshots',
    ja: '保存済みスナップショットにわたる保全状況の主要数値の推移',
  },
  'coverage.cli.opt_history_regime': { en: 'only this regime', ja: 'この規制のみ' },
  'coverage.history.empty': {
    en: 'No stored coverage checks yet: run "hozen check <snapshot>" first.',
    ja: '保存済みの判定結果はまだありません。先に "hozen check <スナップショット>" を実行してください。',
  },
  'coverage.history.col_as_of': { en: 'as of', ja: '基準日時' },
  'coverage.history.col_snapshot': { en: 'snapshot', ja: 'スナップショット' },
  'coverage.history.col_exchange': { en: 'exchange', ja: '交換業者' },
  'coverage.history.not_checked': { en: 'not checked', ja: '未判定' },
  'coverage.history.col_regime': { en: 'regime', ja: '規制' },
  'coverage.history.col_verdict': { en: 'verdict', ja: '判定' },
  'coverage.history.col_headline': { en: 'headline figures (held, bound)', ja: '主要数値（保有、基準）' },
  'coverage.history.failed': { en: '{count} failed', ja: '不適合 {count} 件' },
};
