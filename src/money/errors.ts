// A money parsing failure carries a message code and its parameters, never prose: the caller
// adds file, line and field, and the i18n layer renders it in the user's language.

export type MoneyErrorCode =
  | 'money.empty'
  | 'money.malformed'
  | 'money.exponent'
  | 'money.separator'
  | 'money.not_finite'
  | 'money.sign_not_allowed'
  | 'money.too_many_decimals'
  | 'money.out_of_range';

export class MoneyError extends Error {
  constructor(
    readonly code: MoneyErrorCode,
    readonly params: Record<string, string | number>,
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'MoneyError';
  }
}
