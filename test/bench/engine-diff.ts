// Case 1: full diff of a 500-object repository. Plumb's workspaceStatus (in-process: discovery,
// render, list into the cache, verdicts, dry-run confirmation of local drift) against one
// `kubectl diff --server-side` call over the same rendered objects; both verdict sets compared.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { compareObject } from '../../src/engine/diff/index.js';
import { discoverApps } from '../../src/engine/discovery/index.js';
import { LiveCache } from '../../src/engine/kube/cache.js';
import { renderApp } from '../../src/engine/render/index.js';
import { workspaceStatus } from '../../src/engine/status/app-status.js';
import { refKey, refOf, type KubeObject } from '../../src/engine/types.js';
import type { TestCluster } from '../cluster/server.js';
import type { Kubectl } from '../cluster/testing/kubectl.js';
import { benchClient, pool } from './engine-client.js';
import { driftPlan } from './engine-drift.js';
import type { BenchRepo } from './engine-repo.js';
import { meets, round, type BenchCase } from './report.js';

const TARGET = 20;
/** supplementary run: this much added to every non-watch request, as a remote API server would */
const LATENCY_MS = 20;

export async function benchFullDiff(tc: TestCluster, k: Kubectl, repo: BenchRepo): Promise<BenchCase> {
  const signal = new AbortController().signal;
  const client = await benchClient(k.kubeconfig);
  const objects: KubeObject[] = [];
  try {
    // Deploy the repository as Plumb's sync would: server-side apply, field manager plumb.
    for (const ns of repo.namespaces) await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const discovered = await discoverApps(repo.root, { signal });
    if (discovered.problems.length) throw new Error(`discovery: ${discovered.problems.map((p) => p.message).join('; ')}`);
    for (const app of discovered.apps) {
      const r = await renderApp(app, repo.root, signal);
      if (r.problems.length) throw new Error(`render ${app.name}: ${r.problems.map((p) => p.message).join('; ')}`);
      objects.push(...r.objects.map((o) => o.object));
    }
    await pool(objects, 8, async (o) => { await client.apply(o, { force: true, fieldManager: 'plumb', signal }); });
  } finally {
    client.close();
  }
  const rendered = join(repo.root, 'rendered.yaml');
  writeFileSync(rendered, objects.map((o) => stringify(o)).join('---\n'));
  const kubectlNames = new Map(objects.map((o) => [kubectlDiffName(o), refKey(refOf(o))]));

  // Drift ~10 % of the objects with kubectl.
  const plan = driftPlan(repo);
  await pool(plan, 4, async (e) => {
    const r = await k.run(e.args);
    if (r.code !== 0) throw new Error(`kubectl ${e.args.join(' ')}: ${r.stderr.trim()}`);
  });
  const expected = new Set(plan.filter((e) => e.drifts).map((e) => e.key));

  await k.run(['api-resources']); // kubectl keeps discovery on disk: measure it warm, as on a workstation

  const plumbOnce = async () => {
    const c = await benchClient(k.kubeconfig);
    try {
      const t0 = performance.now();
      const st = await workspaceStatus({ repoRoot: repo.root, signal, client: c, fieldManager: 'plumb' });
      const ms = performance.now() - t0;
      const drifted = new Set<string>();
      const unknown: string[] = [];
      for (const a of st.apps) {
        for (const r of a.resources) {
          const key = `${r.group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
          if (r.status === 'Unknown') unknown.push(key);
          else if (r.status !== 'Synced') drifted.add(key);
        }
      }
      const problems = [...st.problems, ...st.apps.flatMap((a) => a.problems)].map((p) => p.message);
      return { ms, drifted, unknown, problems };
    } finally {
      c.close();
    }
  };
  const kubectlOnce = async () => {
    const t0 = performance.now();
    const started = Date.now();
    const r = await k.run(['diff', '--server-side', '--field-manager=plumb', '--force-conflicts', '-f', rendered], {
      timeoutMs: 600_000,
      // kubectl's own `diff -u -N`, whose headers name each object, whatever the user's environment says
      env: { KUBECTL_EXTERNAL_DIFF: '' },
    });
    const ms = performance.now() - t0;
    // exit 0: no differences, 1: differences, >1: kubectl or diff failed
    if (r.code > 1) throw new Error(`kubectl diff exited ${r.code}: ${r.stderr.trim().slice(0, 400)}`);
    const drifted = new Set<string>();
    const unmatched: string[] = [];
    for (const line of r.stdout.split('\n')) {
      const m = /^diff -u -N \S+ (\S+)$/.exec(line);
      if (!m) continue;
      const file = m[1]!.slice(m[1]!.lastIndexOf('/') + 1);
      const key = kubectlNames.get(file);
      if (key) drifted.add(key); else unmatched.push(file);
    }
    const requests = tc.requestLog.filter((e) => (e.at ?? 0) >= started && e.userAgent?.startsWith('kubectl')).length;
    return { ms, drifted, unmatched, requests };
  };

  const cold = await plumbOnce();
  const warm = [await plumbOnce(), await plumbOnce(), await plumbOnce()];
  const plumb = medianBy(warm, (r) => r.ms);
  const kruns = [await kubectlOnce(), await kubectlOnce(), await kubectlOnce()];
  const kube = medianBy(kruns, (r) => r.ms);

  // Supplementary: the same two runs with a slower API server (both pay it per request).
  const fault = tc.faults.add({ match: { watch: false }, action: { type: 'delay', ms: LATENCY_MS } });
  let slow: { plumbMs: number; kubectlMs: number } | undefined;
  try {
    slow = { plumbMs: (await plumbOnce()).ms, kubectlMs: (await kubectlOnce()).ms };
  } finally {
    tc.faults.remove(fault);
  }

  const parts = await plumbBreakdown(repo.root, k.kubeconfig, signal);

  const speedup = round(kube.ms / plumb.ms, 1);
  // Objects where the two verdicts differ; those the drift contract makes differ on purpose are listed apart.
  const policy = new Map(plan.filter((e) => e.policy).map((e) => [e.key, e.policy!]));
  const differing = [
    ...[...plumb.drifted].filter((x) => !kube.drifted.has(x)).map((x) => ({ key: x, text: `Plumb OutOfSync, kubectl diff no hunk: ${show(x)}` })),
    ...[...kube.drifted].filter((x) => !plumb.drifted.has(x)).map((x) => ({ key: x, text: `kubectl diff hunk, Plumb Synced: ${show(x)}` })),
  ];
  const intended = differing.filter((d) => policy.has(d.key)).map((d) => `${d.text} (${policy.get(d.key)})`);
  const disagreements = [
    ...differing.filter((d) => !policy.has(d.key)).map((d) => d.text),
    ...plumb.unknown.map((x) => `Plumb Unknown: ${show(x)}`),
    ...kube.unmatched.map((x) => `kubectl diff shows an object that is not in the rendered set: ${x}`),
  ];
  const plumbExpected = new Set([...expected, ...policy.keys()]);
  const vsPlan = [
    ...[...plumbExpected].filter((x) => !plumb.drifted.has(x)).map((x) => `edited with kubectl but Plumb Synced: ${show(x)}`),
    ...[...plumb.drifted].filter((x) => !plumbExpected.has(x)).map((x) => `Plumb OutOfSync without a drifting edit: ${show(x)}`),
  ];
  const agree = disagreements.length === 0;
  const secs = kube.ms / 1000;
  const rate = Math.round(kube.requests / secs);
  const notes = [
    `Plumb workspaceStatus: ${Math.round(plumb.ms)} ms median of 3 warm runs (${warm.map((r) => Math.round(r.ms)).join(', ')}); first run in the process ${Math.round(cold.ms)} ms (${round(kube.ms / cold.ms, 1)}x)`,
    `where Plumb's time goes (the same steps once more, timed one by one): ${parts}`,
    `kubectl diff --server-side --field-manager=plumb --force-conflicts -f rendered.yaml (one call, all ${objects.length} objects, default --concurrency=1): ${Math.round(kube.ms)} ms median of 3 (${kruns.map((r) => Math.round(r.ms)).join(', ')})`,
    `kubectl made ${kube.requests} requests (GET + dry-run PATCH per object) in ${round(secs, 1)} s = ${rate} requests/s: ${rate > 6 ? 'its client-side rate limit (client-go default 5 QPS, burst 10) did NOT bind here' : 'held to ~5 requests/s by its client-side rate limit (client-go default 5 QPS, burst 10)'}`,
    `verdicts: ${objects.length} objects, ${plan.length} edited with kubectl (${expected.size} of them drifting edits); Plumb OutOfSync ${plumb.drifted.size}, kubectl diff hunks ${kube.drifted.size}: ${agree ? 'the two sets agree' : `${disagreements.length} DISAGREEMENTS`}${intended.length ? `, apart from ${intended.length} intended differences` : ''}`,
    ...disagreements.slice(0, 20).map((d) => `  ${d}`),
    ...(disagreements.length > 20 ? [`  … and ${disagreements.length - 20} more`] : []),
    ...intended.map((d) => `  intended: ${d}`),
    ...(vsPlan.length ? [`against the edits made: ${vsPlan.length} differences`, ...vsPlan.slice(0, 10).map((d) => `  ${d}`)] : ['against the edits made: Plumb reports exactly the drifting edits']),
    ...(plumb.problems.length ? [`Plumb problems: ${plumb.problems.slice(0, 5).join(' | ')}`] : []),
    ...(slow ? [`supplementary, ${LATENCY_MS} ms added to every request: Plumb ${Math.round(slow.plumbMs)} ms, kubectl diff ${Math.round(slow.kubectlMs)} ms = ${round(slow.kubectlMs / slow.plumbMs, 1)}x`] : []),
  ];
  return {
    case: 'full-diff-500', title: `full diff, ${objects.length} objects: kubectl diff time / Plumb time`,
    value: speedup, unit: 'x', target: TARGET, compare: '>=', met: meets(speedup, '>=', TARGET) && agree,
    extra: {
      plumbMs: Math.round(plumb.ms), plumbColdMs: Math.round(cold.ms), kubectlMs: Math.round(kube.ms), kubectlRequests: kube.requests,
      objects: objects.length, edited: plan.length, plumbOutOfSync: plumb.drifted.size, kubectlHunks: kube.drifted.size,
      agree, disagreements: disagreements.length, intendedDifferences: intended.length,
      ...(slow ? { latencyMs: LATENCY_MS, plumbMsWithLatency: Math.round(slow.plumbMs), kubectlMsWithLatency: Math.round(slow.kubectlMs) } : {}),
    },
    notes,
  };
}

/** One pass of workspaceStatus's steps, timed separately, from the engine's public pieces. */
async function plumbBreakdown(root: string, kubeconfig: string, signal: AbortSignal): Promise<string> {
  const client = await benchClient(kubeconfig);
  const cache = new LiveCache(client, { signal });
  try {
    const laps: string[] = [];
    let t = performance.now();
    const lap = (what: string) => { const now = performance.now(); laps.push(`${what} ${Math.round(now - t)} ms`); t = now; };
    const d = await discoverApps(root, { signal });
    lap('discovery');
    const rendered = [];
    for (const app of d.apps) rendered.push(...(await renderApp(app, root, signal)).objects);
    lap(`render of ${d.apps.length} apps`);
    await cache.watchKinds([{ group: 'apps', kind: 'Deployment' }, { group: '', kind: 'Service' }, { group: '', kind: 'ConfigMap' }, { group: '', kind: 'Secret' }]);
    lap('API discovery + list of 4 kinds');
    const drifted = rendered.filter((r) => !compareObject({ desired: r.object, live: cache.get(refOf(r.object)), fieldManager: 'plumb' }).inSync);
    lap(`${rendered.length} local compares`);
    for (const r of drifted) {
      const dryRun = await client.apply(r.object, { dryRun: true, force: true, fieldManager: 'plumb', signal });
      compareObject({ desired: r.object, live: cache.get(refOf(r.object)), fieldManager: 'plumb', dryRun });
    }
    lap(`${drifted.length} dry-run confirmations`);
    return laps.join(', ');
  } finally {
    cache.close();
    client.close();
  }
}

/** `Kind namespace/name` of a refKey (group/kind/namespace/name). */
function show(key: string): string {
  const [group, kind, ns, name] = key.split('/');
  return `${kind}${group ? `.${group}` : ''} ${ns ? `${ns}/` : ''}${name}`;
}

/** kubectl diff's file name for an object: [group.]version.Kind.namespace.name */
function kubectlDiffName(o: KubeObject): string {
  const av = o.apiVersion ?? '';
  const [group, version] = av.includes('/') ? [av.slice(0, av.indexOf('/')), av.slice(av.indexOf('/') + 1)] : ['', av];
  return `${group ? `${group}.` : ''}${version}.${o.kind}.${o.metadata?.namespace ?? ''}.${o.metadata?.name}`;
}

function medianBy<T>(xs: T[], f: (x: T) => number): T {
  return [...xs].sort((a, b) => f(a) - f(b))[Math.floor(xs.length / 2)]!;
}
