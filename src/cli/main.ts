// The `plumb` command line: a thin layer over src/engine.
const HELP = `plumb — GitOps drift, sync and rollback from the command line

Usage: plumb <command> [options]

Commands:
  help            show this help
  version         print the version

Global options:
  -h, --help      show this help
`;

function main(argv: string[]): number {
  const [cmd] = argv;
  if (!cmd || cmd === 'help' || cmd === '-h' || cmd === '--help') {
    process.stdout.write(HELP);
    return 0;
  }
  if (cmd === 'version' || cmd === '--version') {
    process.stdout.write('plumb 0.1.0\n');
    return 0;
  }
  process.stderr.write(`plumb: unknown command "${cmd}". Run "plumb --help" for the list of commands.\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
