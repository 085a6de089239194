// What every command gets: the language, output, the store (opened on demand, always closed),
// and the resolution of a `<dir|snapshot>` argument.

import { stat } from 'node:fs/promises';
import type { Lang, Translator } from '../i18n/i18n.ts';
import { translator } from '../i18n/catalogs.ts';
import { UserError, type InputIssue } from '../errors.ts';
import { importSnapshotDir, type ImportResult } from '../services/import.ts';
import type { Store } from '../store/types.ts';
import type { Snapshot } from '../snapshot/types.ts';
import type { CliIO } from './io.ts';
import { toJson } from './json.ts';
import { progressLine, type Progress } from './progress.ts';
import { formatIssue } from './render-error.ts';

export interface StoreOptions {
  /** --db or HOZEN_DB: PGlite data directory. */
  db_dir?: string;
  /** DATABASE_URL: a PostgreSQL server instead of the embedded store. */
  database_url?: string;
}

export class CliContext {
  readonly tr: Translator;
  exit_code = 0;

  constructor(
    readonly io: CliIO,
    readonly lang: Lang,
    private readonly store_options: () => StoreOptions,
  ) {
    this.tr = translator(lang);
  }

  t(code: string, params: Parameters<Translator['t']>[1] = {}): string {
    return this.tr.t(code, params);
  }

  /** Opens the store for `fn` and always closes it: an open PGlite keeps the process alive. */
  async withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    // Loaded on demand: PGlite and pg cost a second at start-up that --help should not pay.
    const { openStore } = await import('../store/open.ts');
    const store = await openStore(this.store_options());
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  printJson(value: unknown): void {
    this.io.out(toJson(value) + '\n');
  }

  progress(label: string, unit: string, json: boolean): Progress {
    return progressLine(this.io, label, unit, !json);
  }

  printWarnings(warnings: InputIssue[]): void {
    for (const warning of warnings) this.io.err(`${this.t('cli.warning')}: ${formatIssue(this.tr, warning)}\n`);
  }

  /**
   * A directory is imported first (idempotent: same content, same id) so that results can be
   * stored against it, and its balances then stream from the file; anything else is a stored
   * snapshot id or a unique prefix of one.
   */
  async loadSnapshotArg(store: Store, arg: string, options: { json?: boolean } = {}): Promise<{ snapshot: Snapshot; imported?: ImportResult }> {
    const info = await stat(arg).catch(() => null);
    if (info !== null && info.isDirectory()) {
      const progress = this.progress(this.t('cli.progress_import'), this.t('cli.rows'), options.json === true);
      const imported = await importSnapshotDir(store, arg, { on_progress: (rows) => progress.update(rows) });
      progress.done();
      if (options.json !== true) this.printWarnings(imported.warnings);
      return { snapshot: imported.snapshot, imported };
    }
    const id = await store.resolveSnapshotId(arg);
    if (id === null) throw new UserError('cli.unknown_snapshot', { arg });
    return { snapshot: await store.loadSnapshot(id) };
  }
}
