// The shape of a CLI command: parse its own argv, write to the given streams, return an exit code
// (0 ok, 1 "found something" for --exit-code style checks, 2 usage or run-level error).

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** colour only when writing to a terminal */
  color: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A user-facing error: printed as `plumb: <message>` with exit code 2, never a stack trace. */
export class UsageError extends Error {}
