// Case 3, the measured process: only a LiveCache over ConfigMaps and Deployments, talking to a
// test server in another process. Bundled by engine-rss.ts and run with plain node, so neither
// the TypeScript loader nor the server is counted. Writes one JSON line per phase to stdout.
//   node engine-rss-child.cjs KUBECONFIG UPDATES
import { LiveCache } from '../../src/engine/kube/cache.js';
import { benchClient } from './engine-client.js';

export interface RssReport {
  phase: 'synced' | 'updated' | 'error';
  objects?: number;
  modified?: number;
  ms?: number;
  rss?: number;
  heapUsed?: number;
  /** peak resident set size of the process so far, bytes */
  maxRss?: number;
  message?: string;
}

const send = (r: RssReport) => process.stdout.write(`${JSON.stringify(r)}\n`);
const mem = () => ({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed, maxRss: process.resourceUsage().maxRSS * 1024 });

async function main(): Promise<void> {
  const [kubeconfig, updatesArg] = process.argv.slice(2);
  const updates = Number(updatesArg ?? 1000);
  const client = await benchClient(kubeconfig!);
  const cache = new LiveCache(client);
  let modified = 0;
  let done!: () => void;
  const updated = new Promise<void>((r) => { done = r; });
  cache.onChange((c) => { if (c.type === 'modified' && ++modified >= updates) done(); });
  const t0 = performance.now();
  await cache.watchKinds([{ group: '', kind: 'ConfigMap' }, { group: 'apps', kind: 'Deployment' }]);
  const bad = cache.states().filter((s) => s.state !== 'synced');
  if (bad.length) throw new Error(`not synced: ${bad.map((s) => `${s.kind}: ${s.problem?.message ?? s.state}`).join('; ')}`);
  const objects = () => cache.states().reduce((n, s) => n + s.count, 0);
  send({ phase: 'synced', objects: objects(), ms: Math.round(performance.now() - t0), ...mem() });
  await updated;
  send({ phase: 'updated', objects: objects(), modified, ...mem() });
  cache.close();
  client.close();
}

main().then(() => process.exit(0), (e: unknown) => {
  send({ phase: 'error', message: (e as Error).message });
  process.exit(1);
});
