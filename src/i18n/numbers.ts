/** 1234567.5 → "1,234,567.5": groups the integer part of an exact decimal string, for display only. */
export function groupDigits(decimal: string): string {
  const negative = decimal.startsWith('-');
  const digits = negative ? decimal.slice(1) : decimal;
  const [integer_part = '', fraction_part] = digits.split('.');
  const grouped = integer_part.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction_part === undefined ? '' : `.${fraction_part}`);
}

/**
 * A grouped amount with its unit as each language writes it: yen in Japanese as "1,234円" (円,
 * never JPY, in Japanese text), anything else as "1,234 BTC".
 */
export function moneyText(grouped: string, unit: string, lang: 'ja' | 'en'): string {
  return lang === 'ja' && unit === 'JPY' ? `${grouped}円` : `${grouped} ${unit}`;
}
