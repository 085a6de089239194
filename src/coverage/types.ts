// The coverage engine's values: checks with exact figures, what cover was assigned where, and the
// report over several regimes. Prose never lives here: messages are codes rendered by src/i18n.

import type { MessageParams } from '../errors.ts';
import type { Decimal } from '../money/decimal.ts';
import type { RoundingMode } from '../money/rounding.ts';

export const CHECK_STATUSES = ['pass', 'fail', 'warn', 'info'] as const;
/** fail makes the regime non-compliant; warn and info never do. */
export type CheckStatus = (typeof CHECK_STATUSES)[number];

export interface Message {
  code: string;
  params: MessageParams;
}

/** "min": held must be at least required; "max": held must be at most required (ratio limits). */
export type Bound = 'min' | 'max';

export const RATIO_UNIT = 'ratio';

export interface Check {
  /** "<regime>/<rule>", e.g. "jp-psa-2020/hot-share". Several checks may share an id (one per asset). */
  id: string;
  status: CheckStatus;
  asset: string | null;
  /** An asset symbol (amounts in that asset's units) or "ratio". */
  unit: string;
  /** null for findings and information that have no requirement. */
  bound: Bound | null;
  /** Exact figures in units of `unit` (not minor units): 1.5 BTC is {coef: 15n, scale: 1}. */
  required: Decimal | null;
  /**
   * How `required` was rounded to the minor unit: 'ceil' for a requirement in the base currency
   * (the valuation rule: a requirement is rounded up, and the report says so); null when exact.
   */
  required_rounding: RoundingMode | null;
  held: Decimal | null;
  /** How far held falls short of (min) or exceeds (max) the requirement; 0 when met. */
  shortfall: Decimal | null;
  message: Message;
  /** Message code of the rule's citation (e.g. "coverage.ref.jp-psa-2020/hot-share"). */
  reference: string;
}

export const SOURCE_KINDS = ['safe_asset', 'contract', 'guarantee_crypto', 'insurance', 'net_assets', 'reserve'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A source of cover counted against one requirement of one regime. */
export interface Assignment {
  source_kind: SourceKind;
  source_id: string;
  check_id: string;
  asset: string | null;
  unit: string;
  /** What the source counts for after haircuts and caps. */
  counted: Decimal;
  /** The part of `counted` the requirement needed; the rest is surplus. */
  applied: Decimal;
}

/** A source that exists in the snapshot but does not count under a regime, and why. */
export interface Exclusion {
  source_kind: SourceKind;
  source_id: string;
  reason: Message;
}

export interface RegimeResult {
  id: string;
  compliant: boolean;
  checks: Check[];
  assignments: Assignment[];
  excluded: Exclusion[];
  /** Caveats that apply to the whole regime (assumed parameters, sources not yet counted). */
  notes: Message[];
  /** The regime's parameters as used (defaults filled in), JSON-ready. */
  params: Record<string, unknown>;
}

export interface CoverageReport {
  snapshot_id: string;
  exchange_name: string;
  as_of: string;
  base_currency: string;
  compliant: boolean;
  /** Wallets treated as emptied at as_of (`--drain`). */
  drained: string[];
  regimes: RegimeResult[];
}
