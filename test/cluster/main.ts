// `npm run cluster -- --kubeconfig FILE [--port N] [--state DIR] [--no-simulate] [--fault SPEC]…`
// Runs the test cluster in the foreground; the kubeconfig is written only once requests are accepted.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseFaultFlag } from './faults/controller.js';
import type { FaultRule } from './faults/types.js';
import { startTestCluster } from './server.js';

const USAGE = `Usage: npm run cluster -- --kubeconfig FILE [options]

Starts the Plumb Kubernetes API test server over HTTPS on 127.0.0.1.

Options:
  --kubeconfig FILE   where to write the kubeconfig (admin user, context plumb-test)   (required)
  --restricted-kubeconfig FILE   also write one for the RBAC-restricted user "jane"
  --port N            port to listen on (default: a free port)
  --state DIR         keep objects in DIR across restarts
  --no-simulate       do not simulate controllers (Deployments stay unavailable)
  --no-bootstrap      no kubernetes Service, default ServiceAccounts or kube-root-ca.crt
  --legacy-discovery  serve only legacy discovery documents
  --fault SPEC        inject a fault, e.g. "PATCH /apis/apps:nth=3:500" (repeatable; see README)
`;

function parseArgs(argv: string[]) {
  const out: { kubeconfig?: string; restricted?: string; port?: number; state?: string; simulate: boolean; bootstrap: boolean; legacy: boolean; faults: FaultRule[] } =
    { simulate: true, bootstrap: true, legacy: false, faults: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--kubeconfig': out.kubeconfig = resolve(val()); break;
      case '--restricted-kubeconfig': out.restricted = resolve(val()); break;
      case '--port': {
        const p = Number(val());
        if (!Number.isInteger(p) || p < 0 || p > 65535) throw new Error(`--port must be a port number`);
        out.port = p;
        break;
      }
      case '--state': out.state = resolve(val()); break;
      case '--no-simulate': out.simulate = false; break;
      case '--no-bootstrap': out.bootstrap = false; break;
      case '--legacy-discovery': out.legacy = true; break;
      case '--fault': out.faults.push(parseFaultFlag(val())); break;
      case '-h': case '--help': process.stdout.write(USAGE); process.exit(0); break;
      default: throw new Error(`unknown option ${a}`);
    }
  }
  if (!out.kubeconfig) throw new Error('--kubeconfig FILE is required');
  return out;
}

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

async function main(): Promise<void> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`cluster: ${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const cluster = await startTestCluster({
    port: args.port, stateDir: args.state, simulate: args.simulate, bootstrap: args.bootstrap,
    discovery: args.legacy ? 'legacy' : 'both', faults: args.faults,
  });
  // Scripts poll for the kubeconfig: it must appear complete (rename) and last, with the
  // restricted one already in place.
  if (args.restricted) writeAtomically(args.restricted, cluster.kubeconfig('restricted'));
  writeAtomically(args.kubeconfig!, cluster.kubeconfig());
  process.stdout.write(`ready ${cluster.url}\n`);
  let stopping = false;
  const stop = (sig: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`cluster: ${sig}, stopping\n`);
    void cluster.close().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  process.stderr.write(`cluster: ${(e as Error).message}\n`);
  process.exit(1);
});
