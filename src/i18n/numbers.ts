/** 1234567.5 → "1,234,567.5": groups the integer part of an exact decimal string, for display only. */
export function groupDigits(decimal: string): string {
  const negative = decimal.startsWith('-');
  const digits = negative ? decimal.slice(1) : decimal;
  const [integer_part = '', fraction_part] = digits.split('.');
  const grouped = integer_part.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-' : '') + grouped + (fraction_part === undefined ? '' : `.${fraction_part}`);
}
