// Worker threads do not inherit the parent's tsx loader on Node 20 (`--import tsx` in execArgv
// registers too late for the entry module), so the entry is plain JavaScript that registers tsx
// itself, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
