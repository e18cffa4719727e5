// Process entry of the `plumb` binary (bundled to dist/cli.js): wires the real streams into main().
import type { CliIO } from './command.js';
import { main } from './main.js';

const controller = new AbortController();
process.on('SIGINT', () => controller.abort());
// `plumb reconcile --watch` run as a service is stopped with SIGTERM: same clean stop.
process.on('SIGTERM', () => controller.abort());
const io: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  color: !!process.stdout.isTTY && !process.env['NO_COLOR'],
  cwd: process.cwd(),
  env: process.env,
  signal: controller.signal,
};
void main(process.argv.slice(2), io).then((code) => { process.exitCode = code; });
