// A thread grouping packed batches of balance rows by customer (group.ts), one at a time, in order.

import { serveMap } from '../threads/serve.ts';
import type { GroupedBatch } from './customers.ts';
import { groupBatch, groupedTransferables, type GroupRequest, type GroupScratch } from './group.ts';

serveMap<{ asset_count: number }, GroupRequest, GroupedBatch>(({ asset_count }) => {
  let scratch: GroupScratch = { words: new Int32Array(0), set: new Uint8Array(0), row_customers: new Int32Array(0) };
  return (request) => {
    const grouped = groupBatch(request, asset_count, scratch);
    scratch = grouped.scratch;
    return { value: grouped.batch, transfer: groupedTransferables(grouped.batch) };
  };
});
