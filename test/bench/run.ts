// `npm run bench`: performance figures (not pass/fail tests). Prints tables.
//   test cluster scale: 10 000 ConfigMaps — create in-process, list over HTTP, list through real kubectl.
//   engine (issue 4): full diff vs kubectl diff, re-diff of one app, RSS of the live cache — a
//   table row and one JSON line per case, with its target and whether it was met.
import { startTestCluster } from '../cluster/server.js';
import { makeKubectl } from '../cluster/testing/kubectl.js';
import { runEngineCases } from './engine-cases.js';
import { formatCases, jsonLine } from './report.js';
import { benchAppsTree } from './ui-apps-tree.js';

interface Row { what: string; ms: number; note?: string }

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [Math.round(performance.now() - t0), r];
}

async function median(n: number, fn: () => Promise<unknown>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push((await time(fn))[0]);
  xs.sort((a, b) => a - b);
  return xs[Math.floor(xs.length / 2)]!;
}

async function main(): Promise<void> {
  const N = Number(process.env['BENCH_OBJECTS'] ?? 10_000);
  const rows: Row[] = [];
  const tc = await startTestCluster({ simulate: false, bootstrap: false });
  try {
    const t = tc.cluster.registry.find('', 'v1', 'configmaps')!;
    const [createMs] = await time(() => {
      for (let i = 0; i < N; i++) tc.cluster.create(t, 'default', { metadata: { name: `cm-${i}`, labels: { tier: `t${i % 5}` } }, data: { a: String(i) } }, { manager: 'bench' });
    });
    rows.push({ what: `create ${N} ConfigMaps (in-process)`, ms: createMs });

    const headers = { Authorization: `Bearer ${tc.adminToken}` };
    const get = async (path: string, accept?: string) => {
      const { request } = await import('node:https');
      return new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${tc.url}${path}`, { ca: tc.caPem, headers: { ...headers, ...(accept ? { Accept: accept } : {}) } }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => { body += c; });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    };
    const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    rows.push({ what: `HTTP list all ${N} (one JSON response)`, ms: await median(5, () => get('/api/v1/configmaps')) });
    rows.push({ what: `HTTP list all ${N} as Table (one response)`, ms: await median(5, () => get('/api/v1/configmaps', TABLE)) });
    rows.push({
      what: `HTTP list all ${N} as Table in pages of 500`,
      ms: await median(3, async () => {
        let cont = '';
        do {
          const r = await get(`/api/v1/configmaps?limit=500${cont ? `&continue=${cont}` : ''}`, TABLE);
          cont = (JSON.parse(r.body) as { metadata: { continue?: string } }).metadata.continue ?? '';
        } while (cont);
      }),
    });
    rows.push({ what: 'HTTP label-selected list (1/5 of them)', ms: await median(5, () => get('/api/v1/configmaps?labelSelector=tier%3Dt1')) });

    const k = makeKubectl(tc);
    await k.run(['get', 'ns']); // warm kubectl's discovery cache
    rows.push({ what: 'kubectl get ns (process start + 1 request)', ms: await median(3, () => k.run(['get', 'ns'])) });
    rows.push({ what: `kubectl get cm -A --chunk-size=0 (${N} rows)`, ms: await median(3, () => k.run(['get', 'cm', '-A', '--chunk-size=0'])) });
    const n0 = tc.requestLog.length;
    rows.push({
      what: `kubectl get cm -A (default chunks of 500)`, ms: await median(1, () => k.run(['get', 'cm', '-A'])),
      note: `${tc.requestLog.length - n0} requests; kubectl throttles itself to 5 requests/s after a burst of 10 (client-go defaults), as against any apiserver`,
    });
    const served = tc.requestLog.slice(n0).filter((e) => e.path.includes('configmaps'));
    const serverMs = served.reduce((s, e) => s + (e.ms ?? 0), 0);
    rows.push({ what: '  … of which the server spent', ms: serverMs, note: `${served.length} pages, ${Math.round(serverMs / Math.max(served.length, 1))} ms each` });
    k.dispose();
  } finally {
    await tc.close();
  }
  const w = Math.max(...rows.map((r) => r.what.length));
  process.stdout.write(`\nPlumb test cluster benchmark (${new Date().toISOString()}, node ${process.version})\n\n`);
  for (const r of rows) process.stdout.write(`${r.what.padEnd(w)}  ${String(r.ms).padStart(6)} ms${r.note ? `   ${r.note}` : ''}\n`);

  const cases = await runEngineCases((line) => process.stderr.write(`${line}\n`));
  process.stdout.write(`\nPlumb engine benchmark (issue 4)\n\n${formatCases(cases)}\n`);
  for (const c of cases) process.stdout.write(jsonLine(c));

  const ui = [benchAppsTree()];
  process.stdout.write(`\nPlumb editor UI benchmark (issue 6)\n\n${formatCases(ui)}\n`);
  for (const c of ui) process.stdout.write(jsonLine(c));
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
