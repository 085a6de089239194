// The members' latest snapshots as the association engines take them: headers and import totals
// only, through the aggregates-only view (a balance read throws). A member without a snapshot is
// named among those skipped; the alias list is read here, once, with located errors.

import { NO_ALIASES, parseAliases, type AliasList } from '../association/names.ts';
import type { MemberInput } from '../association/dependencies.ts';
import { aggregatesOnly, type AssociationDeps } from './association-deps.ts';
import type { NamedText } from './deps.ts';

export interface MemberInputs {
  members: MemberInput[];
  /** Member ids with no stored snapshot. */
  skipped: string[];
  aliases: AliasList;
}

export async function memberInputs(deps: AssociationDeps, aliases?: NamedText): Promise<MemberInputs> {
  const list = aliases === undefined ? NO_ALIASES : parseAliases(aliases.text, aliases.name);
  const members: MemberInput[] = [];
  const skipped: string[] = [];
  for (const m of deps.members) {
    const store = aggregatesOnly(m.store);
    const records = await store.listSnapshots();
    if (records.length === 0) {
      skipped.push(m.tenant.id);
      continue;
    }
    const latest = latestOf(records);
    members.push({ member_id: m.tenant.id, member_name: m.tenant.name, snapshot: await store.loadSnapshot(latest.id) });
  }
  return { members, skipped, aliases: list };
}

function latestOf<T extends { as_of: string }>(records: readonly T[]): T {
  return records.reduce((a, b) => (Date.parse(b.as_of) >= Date.parse(a.as_of) ? b : a));
}

/** Each member's latest snapshot id (null: none), from the snapshot list alone. */
export async function latestSnapshotIds(deps: AssociationDeps): Promise<Array<{ member: string; snapshot: string | null }>> {
  const ids: Array<{ member: string; snapshot: string | null }> = [];
  for (const m of deps.members) {
    const records = await aggregatesOnly(m.store).listSnapshots();
    ids.push({ member: m.tenant.id, snapshot: records.length === 0 ? null : latestOf(records).id });
  }
  return ids;
}
