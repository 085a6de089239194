// What every command gets: the language, output, the application's dependencies (the store opened
// on demand and always closed, progress drawn on the terminal), and the exit code the verdict of
// its use case sets. Commands stay thin: argv → one use case → text or --json → exit code.

import type { AppDeps, ProgressEvent, Verdict } from '../app/deps.ts';
import { EXIT_CHECK_FAILED } from '../errors.ts';
import type { InputIssue } from '../errors.ts';
import type { Lang, Translator } from '../i18n/i18n.ts';
import { translator } from '../i18n/catalogs.ts';
import type { Store, StoreHandle } from '../store/types.ts';
import type { CliIO } from './io.ts';
import { toJson } from '../text/json.ts';
import { progressLine, silentProgress, type Progress } from './progress.ts';
import { formatIssue } from '../text/errors.ts';

export interface StoreOptions {
  /** --db or HOZEN_DB: PGlite data directory. */
  db_dir?: string;
  /** DATABASE_URL: a PostgreSQL server instead of the embedded store. */
  database_url?: string;
}

const PROGRESS_LABELS: Record<ProgressEvent['phase'], { label: string; unit: string }> = {
  import: { label: 'cli.progress_import', unit: 'cli.rows' },
  demo: { label: 'cli.progress_demo', unit: 'cli.rows' },
  risk: { label: 'risk.cli.progress', unit: 'risk.cli.years_unit' },
  draw: { label: 'proof.cli.progress_draw', unit: 'cli.rows' },
  proof_check: { label: 'proof.cli.progress_check', unit: 'proof.cli.accounts_unit' },
};

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

  /** A failed verdict exits 3; an ok one leaves the exit code as it is. */
  verdict(verdict: Verdict): void {
    if (verdict === 'failed') this.exit_code = EXIT_CHECK_FAILED;
  }

  /**
   * Runs a use case with the store opened for it and always closed (an open PGlite keeps the
   * process alive). Progress goes to the terminal unless --json asks for clean output.
   */
  async withApp<T>(options: { json?: boolean }, fn: (deps: AppDeps) => Promise<T>): Promise<T> {
    // Loaded on demand: PGlite and pg cost a second at start-up that --help should not pay.
    const { openStore } = await import('../store/open.ts');
    const store: Store = await openStore(this.store_options());
    const progress = this.progressSink(options.json === true);
    try {
      return await fn({ store, on_progress: progress.on_progress });
    } finally {
      progress.done();
      await store.close();
    }
  }

  /** The store's connection itself, for what belongs to no one tenant (users, tokens, tenants, the service). */
  async withHandle<T>(fn: (handle: StoreHandle, options: StoreOptions) => Promise<T>, extra: { serving?: string; pglite_thread?: boolean } = {}): Promise<T> {
    const { openStoreHandle } = await import('../store/open.ts');
    const options = this.store_options();
    const handle = await openStoreHandle({ ...options, ...extra });
    try {
      return await fn(handle, options);
    } finally {
      await handle.close();
    }
  }

  /** One progress line per phase of long work, finished when the next phase starts or the work ends. */
  progressSink(json: boolean): { on_progress: (event: ProgressEvent) => void; done: () => void } {
    let phase: ProgressEvent['phase'] | null = null;
    let line: Progress = silentProgress;
    return {
      on_progress: (event) => {
        if (event.phase !== phase) {
          line.done();
          phase = event.phase;
          const { label, unit } = PROGRESS_LABELS[event.phase];
          line = progressLine(this.io, this.t(label), this.t(unit), !json);
        }
        line.update(event.done);
      },
      done: () => {
        line.done();
        line = silentProgress;
        phase = null;
      },
    };
  }

  printJson(value: unknown): void {
    this.io.out(toJson(value) + '\n');
  }

  printWarnings(warnings: readonly InputIssue[]): void {
    for (const warning of warnings) this.io.err(`${this.t('cli.warning')}: ${formatIssue(this.tr, warning)}\n`);
  }
}
