// A thread computing blocks of the proof tree (blocks.ts) until none is left; its counts end it.

import { serveStream } from '../threads/serve.ts';
import { runBlocks, type BlockCounts, type BlockJob } from './blocks.ts';

await serveStream<BlockJob, never, BlockCounts>(async (job) => runBlocks(job));
