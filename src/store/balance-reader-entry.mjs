// Worker threads do not inherit the parent's tsx loader on Node 20: register it, then load the
// TypeScript worker (as src/risk/worker-entry.mjs does).
import { register } from 'tsx/esm/api';

register();
await import('./balance-reader-worker.ts');
