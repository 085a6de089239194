export * from './amount.ts';
export * from './allocate.ts';
export * from './decimal.ts';
export * from './errors.ts';
export * from './rounding.ts';
export * from './exact-sum.ts';
export * from './valuation.ts';
