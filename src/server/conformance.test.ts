// The HTTP API in the front-end conformance suite: each use case as the request a script sends
// with an officer's API token, through app.request() on the fixture's store. A snapshot directory
// is a local path only the CLI can take: the API receives it as an upload (a tar of the
// directory), and the cases that name a directory for another purpose are the CLI's alone.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { create as createTar } from 'tar';
import { describe } from 'vitest';
import { addToken, addUser } from '../app/accounts.ts';
import { frontEndConformance, type FrontEnd, type Outcome } from '../app/conformance.ts';
import type { SnapshotRef } from '../app/resolve-snapshot.ts';
import type { RequestOf, UseCaseName } from '../app/use-cases.ts';
import type { Lang } from '../i18n/i18n.ts';
import { SNAPSHOT_FILES } from '../snapshot/read/directory.ts';
import { LOCAL_TENANT, type Actor } from '../store/types.ts';
import { createServerApp } from './app.ts';
import { VERDICT_HEADER } from './routes/answer.ts';

interface HttpCall {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  /** A snapshot directory, sent as a tar archive. */
  upload_dir?: string;
}

const idOf = (ref: SnapshotRef): string | null => ('id' in ref ? ref.id : null);

/** The request that asks for this use case, or null when the API does not take it (a local path). */
function callOf<N extends UseCaseName>(use_case: N, request: RequestOf<N>): HttpCall | null {
  const r = request as Record<string, unknown> & { snapshot: SnapshotRef };
  const id = r.snapshot === undefined ? null : idOf(r.snapshot);
  if (r.snapshot !== undefined && id === null) return null;
  const at = `/api/v1/snapshots/${encodeURIComponent(id ?? '')}`;
  switch (use_case) {
    case 'snapshots':
      return { method: 'GET', path: '/api/v1/snapshots' };
    case 'import':
      return { method: 'POST', path: '/api/v1/snapshots', upload_dir: r.dir as string };
    case 'show':
      return { method: 'GET', path: at };
    case 'check':
      return { method: 'POST', path: `${at}/check`, body: { ...(r.regimes === undefined ? {} : { regimes: r.regimes }), ...(r.drain === undefined ? {} : { drain: r.drain }) } };
    case 'latest_check':
      return { method: 'GET', path: `${at}/check` };
    case 'alerts':
      return { method: 'GET', path: `/api/v1/alerts?${[...(id === null ? [] : [`snapshot=${encodeURIComponent(id)}`]), ...(r.now === undefined ? [] : [`now=${encodeURIComponent(r.now as string)}`])].join('&')}` };
    case 'history':
      return { method: 'GET', path: `/api/v1/history${r.regime === undefined ? '' : `?regime=${encodeURIComponent(r.regime as string)}`}` };
    case 'claim':
      return { method: 'POST', path: `${at}/claim`, body: { incident: r.incident } };
    case 'compensate':
      return { method: 'POST', path: `${at}/compensate`, body: { incident: r.incident, ...(r.add_funding === undefined ? {} : { add_funding: r.add_funding }) } };
    case 'risk': {
      const { snapshot: _s, ...rest } = r;
      return { method: 'POST', path: `${at}/risk`, body: rest };
    }
    case 'policy_render': {
      const source = r.source as { snapshot?: SnapshotRef };
      const source_id = source.snapshot === undefined ? null : idOf(source.snapshot);
      return source_id === null ? null : { method: 'GET', path: `/api/v1/snapshots/${encodeURIComponent(source_id)}/policy` };
    }
    // The service proves with its own master secret (never sent over the API) and hands a proof only
    // to its customer (src/server/security.test.ts); a proof is verified where the customer is, not
    // by the exchange's service; reserves have no route yet.
    case 'prove':
    case 'proof':
    case 'association_draw':
    case 'verify_proof':
    case 'reserves':
      return null;
    case 'audit_verify':
      return r.anchors === undefined && r.public_key === undefined ? { method: 'GET', path: '/api/v1/audit/verify' } : { method: 'POST', path: '/api/v1/audit/verify', body: { ...(r.anchors === undefined ? {} : { anchors: r.anchors }), ...(r.public_key === undefined ? {} : { public_key: r.public_key }) } };
    case 'snapshot_verify':
      return { method: 'GET', path: `/api/v1/snapshots/${encodeURIComponent(r.id as string)}/verify` };
    case 'audit_anchor':
      // Signing needs the exchange's private key, which is never sent to the service.
      return null;
    case 'audit_log':
      return { method: 'GET', path: '/api/v1/audit' };
  }
  throw new Error(`no request for ${use_case}`);
}

async function tarOf(dir: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of createTar({ cwd: dir, portable: true }, [...SNAPSHOT_FILES]).on('error', () => {}) as unknown as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('front-end conformance: HTTP API', () => {
  frontEndConformance(async (fixture) => {
    const data_dir = await mkdtemp(join(tmpdir(), 'hozen-server-'));
    const setup = await fixture.database.openHandle();
    let token: string;
    try {
      const actor: Actor = { type: 'cli', id: 'conformance', role: null, tenant: null };
      const { user } = await addUser({ handle: setup, actor }, { name: 'officer', role: 'officer', tenant: LOCAL_TENANT, password: 'a long enough password' });
      token = (await addToken({ handle: setup, actor }, { user, label: 'conformance', now_ms: Date.now() })).token;
    } finally {
      await setup.close();
    }
    const front_end: FrontEnd = {
      async invoke(use_case, request, lang: Lang): Promise<Outcome | null> {
        const call = callOf(use_case, request);
        if (call === null) return null;
        // PGlite allows one open store per directory: the service's connection lives for one request here.
        const handle = await fixture.database.openHandle();
        try {
          const app = createServerApp({ handle, data_dir, now_ms: () => Date.now() }, { log_error: () => {} });
          const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'accept-language': lang };
          let body: Uint8Array | string | undefined;
          if (call.upload_dir !== undefined) {
            headers['content-type'] = 'application/x-tar';
            body = new Uint8Array(await tarOf(call.upload_dir));
          } else if (call.body !== undefined) {
            headers['content-type'] = 'application/json';
            body = JSON.stringify(call.body);
          }
          const response = await app.request(call.path, { method: call.method, headers, ...(body === undefined ? {} : { body }) });
          const json = (await response.json()) as unknown;
          if (response.status >= 500) throw new Error(`${response.status}: ${JSON.stringify(json)}`);
          const verdict = response.status >= 400 ? 'error' : (response.headers.get(VERDICT_HEADER) as Outcome['verdict']);
          return { verdict, json };
        } finally {
          await handle.close();
        }
      },
      close: () => rm(data_dir, { recursive: true, force: true }),
    };
    return front_end;
  });
});
