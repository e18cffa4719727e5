// The `plumb` command line: a thin layer over src/engine.
import { UsageError, type CliIO } from './command.js';
import { COMMANDS } from './commands/index.js';

const VERSION = '0.1.0';

function help(): string {
  const w = Math.max(8, ...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`);
  return `plumb ${VERSION} — GitOps drift, sync and rollback from the command line

Usage: plumb <command> [options]

Commands:
${lines.join('\n')}${lines.length ? '\n' : ''}  ${'help'.padEnd(w)}  show this help, or a command's: plumb help <command>
  ${'version'.padEnd(w)}  print the version

Run "plumb <command> --help" for a command's options.
`;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '-h' || cmd === '--help') {
    const target = COMMANDS.find((c) => c.name === rest[0]);
    io.stdout(target ? target.usage : help());
    return 0;
  }
  if (cmd === 'version' || cmd === '--version') {
    io.stdout(`plumb ${VERSION}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === cmd);
  if (!command) {
    io.stderr(`plumb: unknown command "${cmd}". Run "plumb --help" for the list of commands.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`plumb ${command.name}: ${e.message}\n`);
      return 2;
    }
    // A bug, not bad input: say so plainly, with the message but without a stack trace.
    io.stderr(`plumb ${command.name}: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env['PLUMB_DEBUG']) io.stderr(`${(e as Error)?.stack ?? ''}\n`);
    return 2;
  }
}
