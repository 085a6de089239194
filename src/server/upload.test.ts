import { mkdtemp, readdir, readFile, rm, symlink, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { create } from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from './http-error.ts';
import { entryFileName, receiveMultipart, receiveTar } from './upload.ts';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hozen-upload-test-'));
  await mkdir(join(work, 'snap'));
  await writeFile(join(work, 'snap', 'exchange.json'), '{"format":"hozen-snapshot/1"}\n');
  await writeFile(join(work, 'snap', 'balances.csv'), 'account_id,asset,amount\nA,BTC,1\n');
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function tarOf(cwd: string, entries: string[], options: { gzip?: boolean } = {}): Promise<Readable> {
  const chunks: Buffer[] = [];
  const stream = create({ cwd, gzip: options.gzip ?? false, portable: true }, entries);
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Readable.from([Buffer.concat(chunks)]);
}

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HttpError);
  return { status: (error as HttpError).status, code: (error as HttpError).code };
}

describe('snapshot upload', () => {
  it('unpacks a tar of the files, flat or under one directory, gzip or not', async () => {
    for (const [entries, gzip] of [[['exchange.json', 'balances.csv'], false], [['snap'], true]] as const) {
      const received = await receiveTar(await tarOf(entries[0] === 'snap' ? work : join(work, 'snap'), [...entries], { gzip }));
      expect(received.files).toEqual(['balances.csv', 'exchange.json']);
      expect(await readFile(join(received.dir, 'balances.csv'), 'utf8')).toBe('account_id,asset,amount\nA,BTC,1\n');
      await received.discard();
      expect(existsSync(received.dir)).toBe(false);
    }
  });

  it('names the entries it refuses, and keeps nothing', async () => {
    const top = { dir: null };
    expect(entryFileName('../exchange.json', top)).toEqual({ refused: '../exchange.json' });
    expect(entryFileName('/etc/passwd', top)).toEqual({ refused: '/etc/passwd' });
    expect(entryFileName('a/b/exchange.json', top)).toEqual({ refused: 'a/b/exchange.json' });
    expect(entryFileName('notes.txt', top)).toEqual({ refused: 'notes.txt' });
    expect(entryFileName('x/wallets.json', top)).toBe('wallets.json');
    expect(entryFileName('y/prices.csv', top)).toEqual({ refused: 'y/prices.csv' });

    await writeFile(join(work, 'snap', 'notes.txt'), 'hello');
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith('hozen-upload-')).length;
    expect(await refusal(receiveTar(await tarOf(join(work, 'snap'), ['exchange.json', 'notes.txt'])))).toEqual({ status: 422, code: 'server.upload.unexpected_entry' });
    await rm(join(work, 'snap', 'notes.txt'));
    await symlink('/etc/passwd', join(work, 'link', '..', 'wallets.json')).catch(async () => {
      await symlink('/etc/passwd', join(work, 'wallets.json'));
    });
    expect(await refusal(receiveTar(await tarOf(work, ['wallets.json'])))).toEqual({ status: 422, code: 'server.upload.not_a_file' });
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('hozen-upload-')).length).toBe(before);
  });

  it('stops at the byte and file limits', async () => {
    const limits = { bytes_max: 40, files_max: 8 };
    expect(await refusal(receiveTar(await tarOf(join(work, 'snap'), ['exchange.json', 'balances.csv']), limits))).toEqual({ status: 413, code: 'server.upload.too_large' });
    expect(await refusal(receiveTar(await tarOf(join(work, 'snap'), ['exchange.json', 'balances.csv']), { bytes_max: 1e6, files_max: 1 }))).toEqual({ status: 413, code: 'server.upload.too_many_files' });
    expect(await refusal(receiveTar(Readable.from([Buffer.from('this is not a tar archive at all '.repeat(40))])))).toMatchObject({ status: 422 });
  });

  it('takes multipart parts named by file, and refuses fields and other names', async () => {
    const boundary = 'hozenboundary';
    const part = (name: string, body: string) => `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n${body}\r\n`;
    const body = part('exchange.json', '{}') + part('balances.csv', 'account_id,asset,amount\n') + `--${boundary}--\r\n`;
    const received = await receiveMultipart(Readable.from([Buffer.from(body)]), `multipart/form-data; boundary=${boundary}`);
    expect(received.files).toEqual(['balances.csv', 'exchange.json']);
    await received.discard();
    const evil = part('../../exchange.json', '{}') + `--${boundary}--\r\n`;
    expect(await refusal(receiveMultipart(Readable.from([Buffer.from(evil)]), `multipart/form-data; boundary=${boundary}`))).toEqual({ status: 422, code: 'server.upload.unexpected_entry' });
    const twice = part('exchange.json', '{}') + part('exchange.json', '{}') + `--${boundary}--\r\n`;
    expect(await refusal(receiveMultipart(Readable.from([Buffer.from(twice)]), `multipart/form-data; boundary=${boundary}`))).toEqual({ status: 422, code: 'server.upload.duplicate_file' });
  });

  it('takes a multipart part that is a tar.gz of the directory (what a form without scripts sends for an archive), unpacked under the same rules', async () => {
    const boundary = 'hozenboundary';
    const archivePart = async (cwd: string, entries: string[]) => {
      const bytes: Buffer[] = [];
      for await (const chunk of await tarOf(cwd, entries, { gzip: true })) bytes.push(chunk as Buffer);
      return Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="snapshot.tar.gz"\r\nContent-Type: application/gzip\r\n\r\n`), ...bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    };
    const received = await receiveMultipart(Readable.from([await archivePart(work, ['snap'])]), `multipart/form-data; boundary=${boundary}`);
    expect(received.files).toEqual(['balances.csv', 'exchange.json']);
    expect(await readFile(join(received.dir, 'balances.csv'), 'utf8')).toBe('account_id,asset,amount\nA,BTC,1\n');
    await received.discard();
    await writeFile(join(work, 'snap', 'notes.txt'), 'hello');
    expect(await refusal(receiveMultipart(Readable.from([await archivePart(join(work, 'snap'), ['exchange.json', 'notes.txt'])]), `multipart/form-data; boundary=${boundary}`))).toEqual({ status: 422, code: 'server.upload.unexpected_entry' });
    await rm(join(work, 'snap', 'notes.txt'));
  });
});
