// The one entry of every worker thread run from the sources. Worker threads do not inherit the
// parent's tsx loader on Node 20 (`--import tsx` in execArgv registers too late for the entry
// module), so this plain JavaScript registers tsx itself, then loads the TypeScript worker module
// that spawn.ts put first in the worker's argv.
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
