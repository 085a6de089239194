// `demo`: writes a realistic synthetic exchange in the snapshot format (seeded: the same options
// give the same bytes). It touches no store.

import { generateDemo, type DemoSummary } from '../demo/generate.ts';
import type { ProgressEvent } from './deps.ts';

export interface DemoRequest {
  out_dir: string;
  accounts?: number;
  seed?: number;
  force?: boolean;
}

export async function writeDemo(request: DemoRequest, on_progress?: (event: ProgressEvent) => void): Promise<DemoSummary> {
  return generateDemo({
    out_dir: request.out_dir,
    ...(request.accounts === undefined ? {} : { accounts: request.accounts }),
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.force === true ? { force: true } : {}),
    ...(on_progress === undefined ? {} : { on_progress: (rows: number) => on_progress({ phase: 'demo', done: rows }) }),
  });
}

export function demoJson(summary: DemoSummary): DemoSummary {
  return summary;
}
