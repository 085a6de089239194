// An incident (hozen-incident/1): one loss event, shared by the insurance engine (what would the
// policies pay?) and the compensation engine (what does each customer get?).

export const INCIDENT_FORMAT = 'hozen-incident/1';
/** The name errors give an incident read from no named file. */
export const INCIDENT_FILE_NAME = 'incident.json';

/** One fixed vocabulary for incidents, policy perils and exclusions. */
export const PERILS = [
  'external_hack',
  'insider_theft',
  'social_engineering',
  'account_takeover',
  'operational_error',
  'network_error_nondelivery',
  'physical_key_loss',
  'vendor_compromise',
] as const;
export type Peril = (typeof PERILS)[number];

/**
 * Circumstances of an incident that policies may exclude (e.g. a policy excludes losses where the
 * exchange's own key-handling procedures were not followed). Policy exclusions use PERILS and these.
 */
export const INCIDENT_CONDITIONS = [
  'procedures_not_followed',
  'mysterious_disappearance',
  'prior_known_compromise',
  'war_or_terrorism',
  'sanctions_violation',
] as const;
export type IncidentCondition = (typeof INCIDENT_CONDITIONS)[number];

export interface IncidentLoss {
  wallet_id: string;
  asset: string;
  amount_minor: bigint;
}

export interface IncidentRecovery {
  asset: string;
  amount_minor: bigint;
}

/** What one listed account lost of one asset, net of recoveries (docs/formats/incident.md). */
export interface StatedLoss {
  asset: string;
  amount_minor: bigint;
}

export type AffectedAccounts =
  /** Every holder of a lost asset shares its net loss pro rata to balance (pooled wallets). */
  | { mode: 'holders_of_asset' }
  | { mode: 'all_accounts' }
  /**
   * Only these accounts (an account takeover). `losses`, present when any entry states a loss, is
   * index-aligned with `accounts`: an account's whole loss, charged exactly, or null where the
   * account shares what is left of the loss pro rata to balance.
   */
  | { mode: 'accounts'; accounts: string[]; losses?: ReadonlyArray<readonly StatedLoss[] | null> };

export interface Incident {
  format: typeof INCIDENT_FORMAT;
  id: string;
  occurred_at: string;
  occurred_at_ms: number;
  detected_at: string;
  detected_at_ms: number;
  peril: Peril;
  losses: IncidentLoss[];
  recovered: IncidentRecovery[];
  affected: AffectedAccounts;
  /** Circumstances that policies may exclude; absent or empty when none is established. */
  conditions?: IncidentCondition[];
  /** SHA-256 (hex) of the file's bytes, for audit and run ids. */
  content_sha256: string;
}
