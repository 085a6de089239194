import type { Catalog } from '../i18n/i18n.ts';

export const moneyMessages: Catalog = {
  'money.empty': { en: 'the value is empty', ja: '値が空です' },
  'money.malformed': { en: "'{value}' is not a plain decimal number", ja: "'{value}' は通常の10進数ではありません" },
  'money.exponent': { en: "'{value}' uses an exponent; write the number in full", ja: "'{value}' は指数表記です。桁をすべて書いてください" },
  'money.separator': { en: "'{value}' contains a thousands separator or space", ja: "'{value}' に桁区切りまたは空白が含まれています" },
  'money.not_finite': { en: "'{value}' is not a finite number", ja: "'{value}' は有限の数ではありません" },
  'money.sign_not_allowed': { en: "'{value}' has a sign; only non-negative values without a sign are allowed here", ja: "'{value}' に符号があります。ここでは符号なしの非負の値のみ使えます" },
  'money.too_many_decimals': { en: "'{value}' has {decimals} decimals; at most {max} allowed", ja: "'{value}' は小数点以下{decimals}桁です。最大{max}桁までです" },
  'money.out_of_range': { en: "'{value}' is out of range", ja: "'{value}' は範囲外です" },
};
