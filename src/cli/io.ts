// Where a command writes. The real process streams, or buffers for end-to-end tests.

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stderr is a terminal: progress bars only then. */
  readonly err_is_tty: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal, and its width: colour and wrapping only then (cli/terminal.ts). */
  readonly stdout_terminal: { isTTY?: boolean; columns?: number };
}

export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    err_is_tty: process.stderr.isTTY === true,
    env: process.env,
    stdout_terminal: process.stdout,
  };
}

export interface BufferedIO extends CliIO {
  stdout(): string;
  stderr(): string;
}

export function bufferedIO(env: NodeJS.ProcessEnv = process.env, stdout_terminal: { isTTY?: boolean; columns?: number } = {}): BufferedIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (text) => void out.push(text),
    err: (text) => void err.push(text),
    err_is_tty: false,
    env,
    stdout_terminal,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
