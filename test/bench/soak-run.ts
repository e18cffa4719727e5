// The soak: N runs of `plumb sync --prune --yes --json` over apps of the shop sample repository,
// against the test server with random injected faults (seeded) and random kubectl-like drift
// between runs. Then, with faults off, one clean sync, and the cluster must equal Git
// (`plumb diff --exit-code` is 0). Counts faults injected and fired, failed runs, whether each
// failure named the object, and objects lost (an object that existed before a run and was gone
// after it: nothing leaves Git during the soak, so that must never happen).
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestCluster, type TestCluster } from '../cluster/server.js';
import type { FaultAction, FaultRule } from '../cluster/faults/types.js';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/command.js';
import { createKubeClient, type KubeClient } from '../../src/engine/kube/client.js';
import { loadKubeconfig } from '../../src/engine/kube/kubeconfig.js';
import { renderWorkspace } from '../../src/engine/status/app-status.js';
import { isHook } from '../../src/engine/sync/hooks.js';
import { refKey, refOf, type EngineProblem, type KubeObject, type ObjectRef } from '../../src/engine/types.js';

const SHOP = join(__dirname, '..', 'fixtures', 'repos', 'shop');

export interface SoakOptions {
  runs: number;
  seed: number;
  apps: string[];
  /** at most this many fault rules per run (0..max, uniformly); default 3 */
  maxFaultsPerRun?: number;
  /** stop starting new runs after this long (the final clean sync and diff still run) */
  maxMs?: number;
  /** one line per run / summary */
  log?: (line: string) => void;
}

export interface SoakResult {
  seed: number;
  runs: number;
  /** runs asked for; more than `runs` when maxMs stopped the soak early */
  runsPlanned: number;
  apps: string[];
  faultRulesInjected: number;
  /** requests that actually got a fault */
  faultsFired: number;
  driftsApplied: number;
  failedRuns: number;
  /** failed runs whose output named the failing object (kind + name) */
  failuresNamingObject: number;
  /** failed runs that named only the kind whose list failed ("live state of Service is unavailable: …") */
  failuresNamingKind: number;
  /** failed runs that named neither, with their messages */
  failuresWithoutObject: string[];
  objectsLost: number;
  lost: string[];
  finalSyncCode: number;
  finalDiffCode: number;
  finalDiff: string;
  wallMs: number;
  runMsP50: number;
  runMsMax: number;
}

/** mulberry32: small, seedable, good enough to pick faults. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = ReturnType<typeof rng>;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const FAULT_PATHS = ['/api/v1', '/apis/apps/v1', '/apis/batch/v1', '/apis/rbac.authorization.k8s.io', '/namespaces/shop', '/namespaces/payments',
  '/namespaces/platform', '/deployments', '/configmaps', '/secrets', '/services', '/jobs', '/apis', ''];
const METHODS = ['GET', 'GET', 'PATCH', 'PATCH', 'POST', 'DELETE', undefined];

function randomFault(r: Rand): FaultRule {
  const actions: Array<() => FaultAction> = [
    () => ({ type: 'error', code: 500 }),
    () => ({ type: 'error', code: 503 }),
    () => ({ type: 'error', code: 409 }),
    () => ({ type: 'throttle', retryAfterSeconds: r() < 0.8 ? 0 : 1 }),
    () => ({ type: 'drop' }),
    () => ({ type: 'delay', ms: int(r, 20, 400) }),
    () => ({ type: 'expire' }),
  ];
  const action = pick(r, actions)();
  const method = action.type === 'expire' ? 'GET' : pick(r, METHODS);
  const path = pick(r, FAULT_PATHS);
  return {
    match: { ...(method ? { method } : {}), ...(path ? { path } : {}), ...(action.type === 'expire' ? { watch: r() < 0.5 } : {}) },
    action, nth: int(r, 1, 12), times: int(r, 1, 3),
  };
}

interface Target { ref: ObjectRef; object: KubeObject }

const targetOf = (ref: ObjectRef) => ({ group: ref.group, kind: ref.kind, namespace: ref.namespace, name: ref.name });
const describe = (ref: ObjectRef) => `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

/** One kubectl-like change to a random object of the apps; returns what was done (or undefined for none). */
async function drift(r: Rand, client: KubeClient, targets: Target[], n: number): Promise<string | undefined> {
  if (r() < 0.2) return undefined;
  const t = pick(r, targets);
  const tgt = targetOf(t.ref);
  const isDeploy = t.ref.kind === 'Deployment';
  const kinds = ['label', 'annotate', 'delete', ...(isDeploy ? ['set-image', 'scale', 'set-env'] : []), ...(t.ref.kind === 'ConfigMap' || t.ref.kind === 'Secret' ? ['edit-data'] : [])];
  const what = pick(r, kinds);
  try {
    switch (what) {
      case 'label': await client.patch(tgt, { metadata: { labels: { drift: `r${n}` } } }, 'merge', { fieldManager: 'kubectl-label' }); break;
      case 'annotate': await client.patch(tgt, { metadata: { annotations: { 'drift.example/run': `r${n}` } } }, 'merge', { fieldManager: 'kubectl-annotate' }); break;
      case 'delete': await client.delete(tgt, { propagationPolicy: 'Background' }); break;
      case 'set-image': {
        const live = await client.get(tgt);
        const name = ((live['spec'] as { template: { spec: { containers: Array<{ name: string }> } } }).template.spec.containers[0]!).name;
        await client.patch(tgt, { spec: { template: { spec: { containers: [{ name, image: `example/drift:r${n}` }] } } } }, 'strategic', { fieldManager: 'kubectl-set' });
        break;
      }
      case 'scale': await client.patch(tgt, { spec: { replicas: int(r, 0, 6) } }, 'merge', { fieldManager: 'kubectl' }); break;
      case 'set-env': {
        const live = await client.get(tgt);
        const name = ((live['spec'] as { template: { spec: { containers: Array<{ name: string }> } } }).template.spec.containers[0]!).name;
        await client.patch(tgt, { spec: { template: { spec: { containers: [{ name, env: [{ name: 'DRIFT', value: `r${n}` }] }] } } } }, 'strategic', { fieldManager: 'kubectl-set' });
        break;
      }
      case 'edit-data': {
        const live = await client.get(tgt);
        const data = (live['data'] ?? {}) as Record<string, string>;
        const key = Object.keys(data)[0] ?? 'DRIFT';
        const value = t.ref.kind === 'Secret' ? Buffer.from(`r${n}`).toString('base64') : `r${n}`;
        await client.patch(tgt, { data: { [key]: value } }, 'merge', { fieldManager: 'kubectl-edit' });
        break;
      }
    }
  } catch (e) {
    if ((e as { code?: number }).code === 404) return `${what} ${describe(t.ref)} (not there)`;
    throw e;
  }
  return `${what} ${describe(t.ref)}`;
}

async function exists(client: KubeClient, ref: ObjectRef): Promise<boolean> {
  try {
    const o = await client.get(targetOf(ref));
    return !o.metadata?.deletionTimestamp;
  } catch (e) {
    if ((e as { code?: number }).code === 404) return false;
    throw e;
  }
}

/** Whether a failed run's problems name an object: by ref, or a "kind name" / `resource "name"` in the message. */
function namesObject(problems: EngineProblem[], targets: Target[]): boolean {
  return problems.some((p) => p.severity === 'error' && (p.object !== undefined
    || targets.some((t) => p.message.includes(`${t.ref.kind} ${t.ref.namespace ? `${t.ref.namespace}/` : ''}${t.ref.name}`) || p.message.includes(`"${t.ref.name}"`))));
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => {});
  const r = rng(o.seed);
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'plumb-soak-'));
  const repo = join(dir, 'shop');
  cpSync(SHOP, repo, { recursive: true });
  const kubeconfig = join(dir, 'kubeconfig');
  const tc: TestCluster = await startTestCluster({ simulate: true, logSize: 200 });
  tc.writeKubeconfig(kubeconfig);
  const kc = await loadKubeconfig({ env: { HOME: dir }, explicitPath: kubeconfig });
  const client = createKubeClient(kc.config!, {});
  const ac = new AbortController();
  const plumb = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const io: CliIO = { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd: repo, env: { HOME: dir, KUBECONFIG: kubeconfig, PATH: process.env['PATH'] }, signal: ac.signal };
    const code = await main(argv, io);
    return { code, out, err };
  };
  const result: SoakResult = {
    seed: o.seed, runs: 0, runsPlanned: o.runs, apps: o.apps, faultRulesInjected: 0, faultsFired: 0, driftsApplied: 0, failedRuns: 0, failuresNamingObject: 0, failuresNamingKind: 0,
    failuresWithoutObject: [], objectsLost: 0, lost: [], finalSyncCode: -1, finalDiffCode: -1, finalDiff: '', wallMs: 0, runMsP50: 0, runMsMax: 0,
  };
  try {
    const ws = await renderWorkspace({ repoRoot: repo, signal: ac.signal, apps: o.apps });
    const targets: Target[] = ws.apps.flatMap(({ render }) => render.objects.filter((x) => !isHook(x.object) && x.object.kind !== 'Namespace')
      .map((x) => ({ ref: refOf(x.object), object: x.object })));
    // Objects that must survive every run: Git's, the apps' namespaces, and hand-made ones nobody
    // tracks (a ConfigMap and a Secret in each namespace the apps use).
    const namespaces: ObjectRef[] = [...new Set(targets.map((t) => t.ref.namespace).filter((n): n is string => !!n))].map((name) => ({ group: '', kind: 'Namespace', name }));
    const handMade: ObjectRef[] = namespaces.flatMap((ns) => ['ConfigMap', 'Secret'].map((kind) => ({ group: '', kind, namespace: ns.name, name: 'hand-made' })));
    const initial = await plumb('sync', ...o.apps, '--yes');
    if (initial.code !== 0) throw new Error(`the initial sync failed:\n${initial.out}${initial.err}`);
    for (const h of handMade) {
      await client.create({ apiVersion: 'v1', kind: h.kind, metadata: { name: h.name, namespace: h.namespace }, ...(h.kind === 'Secret' ? { stringData: { k: 'v' } } : { data: { k: 'v' } }) }, { fieldManager: 'kubectl-create' });
    }
    const watched = [...targets.map((t) => t.ref), ...handMade, ...namespaces];
    const runMs: number[] = [];

    for (let n = 1; n <= o.runs && !(o.maxMs && Date.now() - t0 > o.maxMs); n++) {
      const d = await drift(r, client, targets, n);
      if (d) result.driftsApplied++;
      const before = new Set<string>();
      for (const ref of watched) if (await exists(client, ref)) before.add(refKey(ref));
      const rules = Array.from({ length: int(r, 0, o.maxFaultsPerRun ?? 3) }, () => randomFault(r));
      for (const rule of rules) tc.faults.add(rule);
      result.faultRulesInjected += rules.length;
      const ts = Date.now();
      const run = await plumb('sync', ...o.apps, '--yes', '--prune', '--json');
      runMs.push(Date.now() - ts);
      const fired = tc.faults.list().reduce((s, f) => s + f.fired, 0);
      result.faultsFired += fired;
      tc.faults.clear();
      result.runs++;
      let line = `run ${n}: exit ${run.code}, ${rules.length} fault rule(s) fired ${fired}×, drift: ${d ?? 'none'}`;
      if (run.code !== 0) {
        result.failedRuns++;
        let problems: EngineProblem[] = [];
        try { problems = (JSON.parse(run.out) as { problems?: EngineProblem[] }).problems ?? []; } catch { /* no JSON: only stderr */ }
        if (!problems.length && run.err) problems = [{ severity: 'error', message: run.err.trim() }];
        if (namesObject(problems, targets)) result.failuresNamingObject++;
        else if (problems.some((p) => p.severity === 'error' && /^live state of \S+ (in namespace "[^"]+" )?is unavailable: /.test(p.message))) result.failuresNamingKind++;
        else result.failuresWithoutObject.push(`run ${n}: ${problems.filter((p) => p.severity === 'error').map((p) => p.message).join(' | ') || run.err.trim() || '(no message)'}`);
        line += ` — ${problems.find((p) => p.severity === 'error')?.message.slice(0, 160) ?? run.err.slice(0, 160)}`;
      }
      for (const ref of watched) {
        if (before.has(refKey(ref)) && !(await exists(client, ref))) {
          result.objectsLost++;
          result.lost.push(`run ${n}: ${describe(ref)}`);
        }
      }
      log(`${line} [${Date.now() - ts} ms; totals: ${result.faultsFired} faults fired, ${result.failedRuns} failed, ${result.objectsLost} lost]`);
    }
    const final = await plumb('sync', ...o.apps, '--yes', '--prune');
    result.finalSyncCode = final.code;
    const diff = await plumb('diff', '--exit-code', ...o.apps);
    result.finalDiffCode = diff.code;
    result.finalDiff = diff.code === 0 ? '' : diff.out + diff.err;
    for (const ref of handMade) if (!(await exists(client, ref))) { result.objectsLost++; result.lost.push(`end: ${describe(ref)}`); }
    runMs.sort((a, b) => a - b);
    result.runMsP50 = runMs[Math.floor(runMs.length / 2)] ?? 0;
    result.runMsMax = runMs[runMs.length - 1] ?? 0;
  } finally {
    ac.abort();
    client.close();
    await tc.close();
    rmSync(dir, { recursive: true, force: true });
    result.wallMs = Date.now() - t0;
  }
  return result;
}
