// Regenerates the drift cases under cases/: applies each case's manifests to the Kubernetes API
// test server with the real kubectl (client-side apply, server-side apply as `plumb`, edit, patch,
// scale, set, label, annotate, rollout restart), then saves
//   desired.yaml   what Git says now (a comment only: not in Git)
//   live.json      kubectl get -o json --show-managed-fields (a comment-only live.yaml: 404)
//   context.json   ignoreDifferences / inventory, when the case has them
//   dryrun.json    kubectl apply --server-side --dry-run=server --field-manager=plumb, when asked
//   expected.json  the verdict this case must produce, written by hand in cases-list.ts
// Run: npx tsx test/engine/diff/make-cases.ts [name…]   (needs kubectl on PATH)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startTestCluster } from '../../cluster/server.js';
import { makeKubectl, type Kubectl } from '../../cluster/testing/kubectl.js';
import { assessHealth } from '../../../src/engine/health/index.js';
import type { KubeObject } from '../../../src/engine/types.js';
import { SCENARIOS, type Scenario, type Step } from './cases-list.js';
import type { Obj } from './case-objects.js';

const CASES = join(__dirname, 'cases');
const EDITOR = `node ${join(__dirname, 'kube-editor.mjs')}`;

/** Deep copy with every "NS" string (whole value) replaced by the case namespace. */
function withNamespace<T>(v: T, ns: string): T {
  return JSON.parse(JSON.stringify(v), (_k, x) => (x === 'NS' ? ns : typeof x === 'string' ? x.replace(/\bNS\b/g, ns) : x)) as T;
}

async function run(k: Kubectl, args: string[], env?: Record<string, string>, stdin?: string): Promise<string> {
  const r = await k.run(args, { env, stdin });
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** YAML that kubectl (YAML 1.1) reads as meant: `on`, `yes`, … quoted. */
const yaml11 = (o: unknown): string => stringify(o, { version: '1.1' });

const toYaml = (objs: Obj | Obj[]): string => (Array.isArray(objs) ? objs : [objs]).map((o) => yaml11(o)).join('---\n');

async function step(k: Kubectl, s: Step, ns: string): Promise<void> {
  if ('apply' in s) {
    const text = toYaml(withNamespace(s.apply, ns));
    const args = s.as === 'csa' ? ['apply', '-f', '-']
      : ['apply', '--server-side', '--force-conflicts', `--field-manager=${s.as === 'kubectl-ssa' ? 'kubectl' : s.as}`, '-f', '-'];
    await run(k, args, undefined, text);
  } else if ('kubectl' in s) {
    await run(k, withNamespace(s.kubectl, ns));
  } else if ('edit' in s) {
    await run(k, ['edit', s.edit, '-n', ns], { KUBE_EDITOR: EDITOR, EDIT_PATCH: JSON.stringify(s.patch) });
  } else if ('sleep' in s) {
    await new Promise((r) => setTimeout(r, s.sleep));
  }
}

/** Quantities as a real 1.32 server stores them (the test server keeps them as sent). */
function canonicalise(v: unknown, table: Record<string, string>): unknown {
  if (Array.isArray(v)) return v.map((x) => canonicalise(x, table));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonicalise(x, table)]));
  return typeof v === 'string' && v in table ? table[v] : v;
}

async function makeCase(k: Kubectl, sc: Scenario): Promise<void> {
  const ns = sc.namespace ?? sc.name.slice(0, 63);
  const dir = join(CASES, sc.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (!sc.noNamespace) await run(k, ['create', 'namespace', ns]);
  for (const s of sc.steps) await step(k, s, ns);
  await new Promise((r) => setTimeout(r, sc.settleMs ?? 1200));
  const desired = sc.desired ? withNamespace(sc.desired, ns) : undefined;
  writeFileSync(join(dir, 'desired.yaml'), desired
    ? `# ${sc.about}\n${yaml11(desired)}`
    : `# ${sc.about}\n# Not in Git: this object is absent from the rendered manifests.\n`);
  let live: KubeObject | undefined;
  if (sc.get) {
    const text = await run(k, ['get', ...withNamespace(sc.get, ns).split(' '), '-n', ns, '-o', 'json', '--show-managed-fields']);
    live = JSON.parse(text) as KubeObject;
    if (sc.canonical) live = canonicalise(live, sc.canonical) as KubeObject;
    writeFileSync(join(dir, 'live.json'), `${JSON.stringify(live, null, 2)}\n`);
  } else {
    writeFileSync(join(dir, 'live.yaml'), '# 404: the object does not exist in the cluster.\n');
  }
  if (sc.context) writeFileSync(join(dir, 'context.json'), `${JSON.stringify(withNamespace(sc.context, ns), null, 2)}\n`);
  if (sc.dryRun && desired) {
    const text = await run(k, ['apply', '--server-side', '--dry-run=server', '--force-conflicts', '--field-manager=plumb', '-o', 'json', '-f', '-'], undefined, toYaml(desired));
    writeFileSync(join(dir, 'dryrun.json'), `${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  }
  const expected: Record<string, unknown> = { about: sc.about, ...withNamespace(sc.expect, ns) };
  // Health belongs to the health module (tested there); recorded so that the verdict keeps it.
  const health = sc.expect.objectDrift === 'missing' ? 'Missing' : live ? assessHealth(live)?.status : undefined;
  if (health && !('health' in expected)) expected['health'] = health;
  writeFileSync(join(dir, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
}

async function main(): Promise<void> {
  const only = new Set(process.argv.slice(2));
  const cluster = await startTestCluster({ simulate: true, bootstrap: true });
  const k = makeKubectl(cluster);
  try {
    for (const sc of SCENARIOS) {
      if (only.size && !only.has(sc.name)) continue;
      process.stdout.write(`${sc.name}\n`);
      await makeCase(k, sc);
    }
  } finally {
    k.dispose();
    await cluster.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
