// `customer_proof`: what a customer's own proof page shows. The account is the one the customer's
// user names (the front end passes it from the principal, never from a parameter); the snapshot
// is the newest stored one whose tree has been built. The proof is derived from that tree, and
// verified here against the published liabilities.json by Hozen's own verifier (the page then
// verifies it again in the customer's browser with the standalone one). Reads no balance row.

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LIABILITIES_FILE } from '../proof/derive.ts';
import type { LiabilitiesJson, ProofJson } from '../proof/format.ts';
import { parseJsonDocument, verifyProof, type Verification } from '../proof/verify.ts';
import type { AppDeps, NamedText } from './deps.ts';
import { proofFor } from './prove.ts';

export interface CustomerProofRequest {
  account: string;
  master_secret: NamedText;
  /** Where the tenant's tree of a snapshot is kept (the service's data directory). */
  treeDir(snapshot_id: string): string;
}

export type CustomerProofResult =
  | { found: false }
  | {
      found: true;
      proof: ProofJson;
      liabilities: LiabilitiesJson;
      /** Hozen's own verifier, the proof against the published liabilities.json and the customer's account. */
      verification: Verification;
    };

export async function customerProof(deps: AppDeps, request: CustomerProofRequest): Promise<CustomerProofResult> {
  const snapshots = await deps.store.listSnapshots();
  const newest = [...snapshots].reverse().find((s) => existsSync(join(request.treeDir(s.id), LIABILITIES_FILE)));
  if (newest === undefined) return { found: false };
  const dir = request.treeDir(newest.id);
  const proof = await proofFor(deps, { snapshot: { id: newest.id }, account: request.account, master_secret: request.master_secret, tree_dir: dir });
  const liabilities_file = join(dir, LIABILITIES_FILE);
  const liabilities = parseJsonDocument(await readFile(liabilities_file, 'utf8'), LIABILITIES_FILE) as LiabilitiesJson;
  const verification = verifyProof({ proof, proof_file: 'proof.json', liabilities, liabilities_file: LIABILITIES_FILE, account_id: request.account });
  return { found: true, proof, liabilities, verification };
}
