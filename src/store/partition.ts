// Apart from schema.ts, which loads drizzle: the store reads and writes by raw SQL, and a command
// should not pay for loading drizzle to name a table.

/** The partition of `balances` that holds one snapshot's rows (the migration names them alike). */
export function balancePartition(snapshot_key: number): string {
  return `balances_${snapshot_key}`;
}
