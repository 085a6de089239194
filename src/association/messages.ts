import type { Catalog } from '../i18n/i18n.ts';

export const associationMessages: Catalog = {
  // The alias list (hozen-aliases/1).
  'association.aliases.not_object': { en: 'the alias list must be a JSON object', ja: '別名リストは JSON オブジェクトでなければなりません' },
  'association.aliases.format': { en: 'format must be "{expected}" (got "{got}")', ja: 'format は「{expected}」でなければなりません（指定値：「{got}」）' },
  'association.aliases.too_many': { en: 'at most {max} entries', ja: '{max} 件までです' },
  'association.aliases.entry_type': { en: 'each entry must be an object with a name and its aliases', ja: '各項目は name と aliases を持つオブジェクトでなければなりません' },
  'association.aliases.bad_name': { en: 'a name must have a letter or digit and at most {max} characters', ja: '名称には文字か数字を含め、{max} 文字以内にしてください' },
  'association.aliases.conflict': { en: '"{name}" already belongs to "{other}": a name may stand for one company only', ja: '「{name}」はすでに「{other}」の別名です。一つの名称は一社だけを指せます' },
  // Limits and preconditions.
  'association.too_many_members': { en: '{count} members is more than the {max} one run takes', ja: '会員 {count} 社は、一度に扱える {max} 社を超えています' },
  'association.base_currency_mixed': { en: 'members report in different base currencies ({currencies}); the association figures need one', ja: '会員の基準通貨が異なります（{currencies}）。協会の集計には一つの基準通貨が必要です' },
  'association.too_many_wallets': { en: '{count} wallets across members is more than the {max} a sector run takes', ja: '会員全体のウォレット {count} 件は、業界全体の試算で扱える {max} 件を超えています' },
  'association.no_members': { en: 'no member has a stored snapshot yet', ja: '保存済みのスナップショットがある会員がまだありません' },
  'association.run_too_large': { en: '{members} members × {years} years is more than {max} member-years', ja: '会員 {members} 社 × {years} 年は上限の {max} 会員年を超えています' },
  'association.unknown_cause': { en: 'no shared vendor or platform "{cause}" (see: hozen association dependencies)', ja: '共有されているベンダー・プラットフォーム「{cause}」はありません（一覧は hozen association dependencies）' },
  'association.balance_read': { en: 'the association view reads no balance row', ja: '協会向けの表示では残高行を読み込みません' },
};
