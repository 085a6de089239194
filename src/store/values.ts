// Values as the drivers return them, converted explicitly: numeric arrives as its exact decimal
// text, int8 as a string (node-postgres) or a bigint (PGlite), int4 as a number.

export function str(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`store: expected text from the database, got ${typeof value}`);
  return value;
}

export function int(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' || typeof value === 'bigint' ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`store: expected an integer from the database, got ${String(value)}`);
  return n;
}

/** A minor-unit amount: the CHECKs in schema.ts keep them integral. */
export function big(value: unknown): bigint {
  const text = str(value);
  if (!/^-?\d+$/.test(text)) throw new Error(`store: expected an integer amount from the database, got ${text}`);
  return BigInt(text);
}
