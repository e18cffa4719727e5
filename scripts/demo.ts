// `npm run demo`: starts the embedded test cluster with its state under .plumb-demo/ and shows how
// to point kubectl at it. (The sample repo and the editor join in a later step.)
import { join, resolve } from 'node:path';
import { startTestCluster } from '../test/cluster/server.js';

async function main(): Promise<void> {
  const dirArg = process.argv.indexOf('--dir');
  const dir = resolve(dirArg > 0 ? process.argv[dirArg + 1]! : '.plumb-demo');
  const cluster = await startTestCluster({ stateDir: join(dir, 'cluster'), port: 0 });
  const kubeconfig = join(dir, 'kubeconfig');
  cluster.writeKubeconfig(kubeconfig);
  process.stdout.write([
    `Plumb demo cluster ready at ${cluster.url} (state in ${join(dir, 'cluster')})`,
    '',
    'Point kubectl at it:',
    `  export KUBECONFIG=${kubeconfig}`,
    '  kubectl get ns',
    '  kubectl apply -k test/fixtures/repos/shop/apps/storefront/overlays/prod   # after: kubectl create ns shop',
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n'));
  const stop = () => { void cluster.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`demo: ${(e as Error).message}\n`);
  process.exit(1);
});
