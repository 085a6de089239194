// Who may do what: the one table every request is checked against (auth/guard.ts applies it).
// Least privilege: a viewer reads, an officer also writes, an auditor reads and verifies the
// audit log, an admin manages users, tokens and tenants but reads no exchange's data, an insurer
// reads only the claims on policies it underwrites, the association reads every member's
// aggregates and never a customer row, and a customer reads only their own proof.

export const ROLES = ['admin', 'officer', 'viewer', 'auditor', 'insurer', 'association', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  /** List and show a tenant's snapshots; history; stored runs and their downloads. */
  'tenant.read',
  /** Upload and import snapshots; run checks, claims, compensations, risk, proofs; start jobs. */
  'tenant.write',
  /** A tenant's audit log and its verification. */
  'audit.read',
  /** Claims on the policies the insurer underwrites (any tenant; its own lines only). */
  'claims.underwritten',
  /** Every member's summaries: verdicts, headroom, alerts, run totals (no balance row, no account id). */
  'members.aggregates',
  /** The customer's own proof of liabilities. */
  'proof.own',
  /** Every customer's proof download token: a capability to each one's proof (officer only). */
  'proof.tokens',
  /** Users, tokens and tenants. */
  'admin.manage',
  /** The user's own API tokens (a customer has none: their proof is read with their session or its download token). */
  'tokens.own',
] as const;
export type Action = (typeof ACTIONS)[number];

const GRANTS: Record<Role, readonly Action[]> = {
  admin: ['admin.manage', 'tokens.own'],
  officer: ['tenant.read', 'tenant.write', 'audit.read', 'proof.tokens', 'tokens.own'],
  viewer: ['tenant.read', 'tokens.own'],
  auditor: ['tenant.read', 'audit.read', 'tokens.own'],
  insurer: ['claims.underwritten', 'tokens.own'],
  association: ['members.aggregates', 'tokens.own'],
  customer: ['proof.own'],
};

/** Roles whose principal belongs to one tenant (an exchange); the others act across tenants under their own rule. */
export const TENANT_ROLES: ReadonlySet<Role> = new Set(['officer', 'viewer', 'auditor', 'customer']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function grants(role: Role, action: Action): boolean {
  return GRANTS[role].includes(action);
}

export function actionsOf(role: Role): readonly Action[] {
  return GRANTS[role];
}
