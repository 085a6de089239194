// A thread answering proof lookups (lookup-threads.ts) from the trees it keeps open: the records
// below the held levels are read here, synchronously, so a read the disk must answer holds up
// this thread's next lookup, not the service's requests. A customer's error goes back as a value;
// anything else is a defect, thrown out of the thread (the pool fails its lookups with it).

import { parentPort } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import type { LookupReply, LookupRequest } from './lookup-threads.ts';
import { ProofTreeCache } from './tree-cache.ts';

if (parentPort === null) throw new Error('lookup-worker.ts runs in a worker thread');
const port = parentPort;
const trees = new ProofTreeCache();
/** The master secret of the last lookup: a tree keeps its HMAC's pads for the same object, and each message brings a copy. */
let secret: Uint8Array = new Uint8Array(0);

port.on('message', (request: LookupRequest) => {
  if (!Buffer.from(secret).equals(request.master_secret)) secret = request.master_secret;
  let reply: LookupReply;
  try {
    reply = { id: request.id, text: trees.open(request.dir).ofSnapshot(request.snapshot_id).proofText(secret, request.account_id) };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    reply = { id: request.id, error: { code: error.code, params: error.params } };
  }
  port.postMessage(reply);
});
