// Checks generateDemo's options before anything touches the disk; bad values become UserErrors
// the CLI renders in the user's language.

import { UserError } from '../errors.ts';
import { parseAsOf, type AsOf } from './calendar.ts';

export const DEMO_ACCOUNTS_DEFAULT = 200_000;
/** About 2.6 GB of balances.csv (100M rows) at the upper end; beyond that a demo is not what anyone wants. */
export const DEMO_ACCOUNTS_MAX = 50_000_000;
export const DEMO_SEED_DEFAULT = 1;
export const DEMO_SEED_MAX = Number.MAX_SAFE_INTEGER;
export const DEMO_AS_OF_DEFAULT = '2026-11-25T00:00:00+09:00';

export interface DemoOptions {
  out_dir: string;
  accounts?: number;
  seed?: number;
  as_of?: string;
  /** Replace a snapshot already in out_dir (refused without it, naming what is there). */
  force?: boolean;
  /** Called as balances.csv grows, with the rows written so far, and once at the end. */
  on_progress?: (rows_written: number) => void;
}

export interface ResolvedDemoOptions {
  out_dir: string;
  accounts: number;
  seed: number;
  as_of: AsOf;
  force: boolean;
  on_progress?: (rows_written: number) => void;
}

export function resolveDemoOptions(options: DemoOptions): ResolvedDemoOptions {
  if (typeof options.out_dir !== 'string' || options.out_dir.trim() === '') throw new UserError('demo.out_dir_missing');
  const accounts = options.accounts ?? DEMO_ACCOUNTS_DEFAULT;
  if (!Number.isSafeInteger(accounts) || accounts < 1 || accounts > DEMO_ACCOUNTS_MAX) {
    throw new UserError('demo.accounts_invalid', { value: String(accounts), min: 1, max: DEMO_ACCOUNTS_MAX });
  }
  const seed = options.seed ?? DEMO_SEED_DEFAULT;
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new UserError('demo.seed_invalid', { value: String(seed), max: DEMO_SEED_MAX });
  }
  const as_of_text = options.as_of ?? DEMO_AS_OF_DEFAULT;
  const as_of = parseAsOf(as_of_text);
  if (as_of === null) throw new UserError('demo.as_of_invalid', { value: as_of_text });
  return {
    out_dir: options.out_dir,
    accounts,
    seed,
    as_of,
    force: options.force === true,
    ...(options.on_progress === undefined ? {} : { on_progress: options.on_progress }),
  };
}
