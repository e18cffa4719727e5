// Sync through Argo CD / Flux against the test server. No controller runs there: each test checks
// the request Plumb wrote, then writes the controller's answer itself, as the controller would.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startTestCluster, type TestCluster } from '../../cluster/server.js';
import { createKubeClient, type KubeClient } from '../../../src/engine/kube/client.js';
import { loadKubeconfig } from '../../../src/engine/kube/kubeconfig.js';
import {
  FLUX_REQUESTED_AT, PREVIOUS_AUTOMATED_ANNOTATION, findControllerOwner, setArgoAutoSync, setFluxSuspended, triggerControllerSync,
  type ControllerOwner, type ControllerProgress,
} from '../../../src/engine/sync/controller.js';
import type { AppSpec, KubeObject } from '../../../src/engine/types.js';

let tc: TestCluster;
let client: KubeClient;
let dir: string;
const ac = new AbortController();
const signal = ac.signal;

const crd = (group: string, kind: string, plural: string, version: string, statusSubresource: boolean): KubeObject => ({
  apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` },
  spec: {
    group, scope: 'Namespaced', names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
    versions: [{
      name: version, served: true, storage: true,
      schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      ...(statusSubresource ? { subresources: { status: {} } } : {}),
    }],
  },
});

/** Creates an object, retrying while its CRD is not served yet. */
async function create(o: KubeObject): Promise<void> {
  for (let i = 0; ; i++) {
    try { await client.create(o); return; } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

const argoApp = (name: string, spec: Record<string, unknown> = {}): KubeObject =>
  ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name, namespace: 'argocd' }, spec: { project: 'default', ...spec } });
const ks = (name: string): KubeObject =>
  ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' }, spec: { interval: '10m', path: './apps', prune: true } });
const argo = (name: string): ControllerOwner => ({ tool: 'argocd', kind: 'Application', namespace: 'argocd', name });
const flux = (name: string): ControllerOwner => ({ tool: 'flux', kind: 'Kustomization', namespace: 'flux-system', name });
const appTarget = (name: string) => ({ group: 'argoproj.io', kind: 'Application', namespace: 'argocd', name });
const ksTarget = (name: string) => ({ group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', namespace: 'flux-system', name });

/** Waits until the object satisfies `ok` (the request has arrived). */
async function until(target: { group: string; kind: string; namespace: string; name: string }, ok: (o: KubeObject) => boolean): Promise<KubeObject> {
  for (let i = 0; i < 200; i++) {
    const o = await client.get(target);
    if (ok(o)) return o;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting on ${target.kind} ${target.name}`);
}

/** Patch bodies the server received for one object's path. */
const patchesTo = (fragment: string, from: number) =>
  tc.requestLog.slice(from).filter((e) => e.method === 'PATCH' && e.path.includes(fragment)).map((e) => ({ contentType: e.contentType, body: JSON.parse(e.body ?? 'null') as unknown }));

before(async () => {
  tc = await startTestCluster({ simulate: false });
  dir = mkdtempSync(join(tmpdir(), 'plumb-ctl-'));
  const file = join(dir, 'kubeconfig');
  tc.writeKubeconfig(file);
  const kc = await loadKubeconfig({ env: { HOME: dir }, explicitPath: file });
  assert.ok(kc.config);
  client = createKubeClient(kc.config, { signal });
  // Argo CD's Application has no status subresource (its controller writes status as a plain field).
  await client.create(crd('argoproj.io', 'Application', 'applications', 'v1alpha1', false));
  await client.create(crd('kustomize.toolkit.fluxcd.io', 'Kustomization', 'kustomizations', 'v1', true));
  for (const ns of ['argocd', 'flux-system']) await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
});
after(async () => { ac.abort(); client.close(); await tc.close(); rmSync(dir, { recursive: true, force: true }); });

test('findControllerOwner: Argo CD Application by name, Flux Kustomization by ns/name, none otherwise', async () => {
  await create(argoApp('shop'));
  await create(ks('infra'));
  const app = (name: string, controller: AppSpec['controller']): AppSpec =>
    ({ name, controller, source: { type: 'directory', path: '.' }, destination: {} }) as AppSpec;
  assert.deepEqual(await findControllerOwner(client, app('shop', 'argocd'), signal), argo('shop'));
  assert.deepEqual(await findControllerOwner(client, app('flux-system/infra', 'flux'), signal), flux('infra'));
  assert.equal(await findControllerOwner(client, app('other/infra', 'flux'), signal), undefined);
  assert.equal(await findControllerOwner(client, app('nothing', 'plain'), signal), undefined);
});

test('Argo CD: the operation is merge-patched, Running → Succeeded is followed, revision and sync status reported', async () => {
  await create(argoApp('web'));
  // a previous sync's final state: must not be taken for this one's
  await client.patch(appTarget('web'), { status: { operationState: { phase: 'Succeeded', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:05Z', message: 'old' } } }, 'merge');
  const mark = tc.requestLog.length;
  const progress: ControllerProgress[] = [];
  const run = triggerControllerSync(client, argo('web'), { signal, prune: true, revision: 'abc123', pollMs: 20, timeoutMs: 10_000, onProgress: (p) => progress.push(p) });
  const requested = await until(appTarget('web'), (o) => !!o['operation']);
  assert.deepEqual(requested['operation'], { initiatedBy: { username: 'plumb' }, sync: { prune: true, revision: 'abc123', syncStrategy: { hook: {} } } });
  const patches = patchesTo('/applications/web', mark);
  assert.equal(patches.length, 1, 'one write: the operation');
  assert.equal(patches[0]!.contentType, 'application/merge-patch+json');
  assert.deepEqual(patches[0]!.body, { operation: { initiatedBy: { username: 'plumb' }, sync: { prune: true, syncStrategy: { hook: {} }, revision: 'abc123' } } });

  // the controller starts…
  await client.patch(appTarget('web'), { status: { operationState: { phase: 'Running', startedAt: '2026-02-01T00:00:00Z', finishedAt: null, message: 'one or more tasks are running' } } }, 'merge');
  await new Promise((r) => setTimeout(r, 100));
  // …and finishes: final state recorded, operation cleared
  await client.patch(appTarget('web'), {
    operation: null,
    status: {
      operationState: { phase: 'Succeeded', startedAt: '2026-02-01T00:00:00Z', finishedAt: '2026-02-01T00:00:09Z', message: 'successfully synced (all tasks run)', syncResult: { revision: 'abc123' } },
      sync: { status: 'Synced' },
    },
  }, 'merge');
  const r = await run;
  assert.equal(r.status, 'Succeeded', r.message);
  assert.equal(r.revision, 'abc123');
  assert.match(r.message, /Application argocd\/web: Succeeded: successfully synced \(all tasks run\); sync status Synced/);
  assert.deepEqual(progress.map((p) => p.phase), ['Requested', 'Running', 'Succeeded']);
});

test('Argo CD: a failed operation is Failed with its message; an operation in progress is not overwritten', async () => {
  await create(argoApp('api'));
  const run = triggerControllerSync(client, argo('api'), { signal, pollMs: 20, timeoutMs: 10_000 });
  await until(appTarget('api'), (o) => !!o['operation']);
  const busy = await triggerControllerSync(client, argo('api'), { signal, pollMs: 20, timeoutMs: 1000 });
  assert.equal(busy.status, 'Failed');
  assert.match(busy.message, /another operation is already in progress/);
  await client.patch(appTarget('api'), {
    operation: null,
    status: { operationState: { phase: 'Failed', startedAt: '2026-02-01T00:00:00Z', finishedAt: '2026-02-01T00:00:01Z', message: 'one or more objects failed to apply' }, sync: { status: 'OutOfSync' } },
  }, 'merge');
  const r = await run;
  assert.equal(r.status, 'Failed');
  assert.match(r.message, /one or more objects failed to apply; sync status OutOfSync/);
});

test('Argo CD: no answer → Timeout; abort → Cancelled', async () => {
  await create(argoApp('slow'));
  const t0 = Date.now();
  const r = await triggerControllerSync(client, argo('slow'), { signal, pollMs: 20, timeoutMs: 300 });
  assert.equal(r.status, 'Timeout');
  assert.match(r.message, /no answer from Argo CD after 0s/);
  assert.ok(Date.now() - t0 < 3000);
  await client.patch(appTarget('slow'), { operation: null }, 'merge');
  const stop = new AbortController();
  const run = triggerControllerSync(client, argo('slow'), { signal: stop.signal, pollMs: 20, timeoutMs: 10_000 });
  await until(appTarget('slow'), (o) => !!o['operation']);
  stop.abort();
  const c = await run;
  assert.equal(c.status, 'Cancelled');
  assert.match(c.message, /the controller carries on/);
});

test('Flux: requestedAt annotation merge-patched; lastHandledReconcileAt + Ready True → Succeeded', async () => {
  await create(ks('apps'));
  const mark = tc.requestLog.length;
  const progress: ControllerProgress[] = [];
  const run = triggerControllerSync(client, flux('apps'), { signal, pollMs: 20, timeoutMs: 10_000, onProgress: (p) => progress.push(p) });
  const o = await until(ksTarget('apps'), (x) => !!x.metadata?.annotations?.[FLUX_REQUESTED_AT]);
  const at = o.metadata!.annotations![FLUX_REQUESTED_AT]!;
  assert.ok(!Number.isNaN(Date.parse(at)) && /Z$/.test(at), `RFC3339: ${at}`);
  const patches = patchesTo('/kustomizations/apps', mark);
  assert.equal(patches.length, 1);
  assert.equal(patches[0]!.contentType, 'application/merge-patch+json');
  assert.deepEqual(patches[0]!.body, { metadata: { annotations: { [FLUX_REQUESTED_AT]: at } } });

  // an older reconcile's Ready=True must not end the wait
  await patchStatus('apps', { status: { lastHandledReconcileAt: 'earlier', conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'old' }] } });
  await new Promise((r) => setTimeout(r, 100));
  const statusPatch = { status: { lastHandledReconcileAt: at, lastAppliedRevision: 'main@sha1:0123abc', conditions: [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: 'Applied revision: main@sha1:0123abc' }] } };
  await patchStatus('apps', statusPatch);
  const r = await run;
  assert.equal(r.status, 'Succeeded', r.message);
  assert.equal(r.revision, 'main@sha1:0123abc');
  assert.match(r.message, /Kustomization flux-system\/apps: ReconciliationSucceeded: Applied revision/);
  assert.equal(progress[0]!.phase, 'Requested');
  assert.equal(progress.at(-1)!.phase, 'ReconciliationSucceeded');
});

/** Writes Flux status as kustomize-controller does: a merge patch on the status subresource. */
function patchStatus(name: string, patch: Record<string, unknown>): Promise<void> {
  const url = new URL(`${tc.url}/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/${name}/status`);
  const body = JSON.stringify(patch);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, {
      method: 'PATCH', ca: tc.caPem,
      headers: { authorization: `Bearer ${tc.adminToken}`, 'content-type': 'application/merge-patch+json', 'content-length': Buffer.byteLength(body) },
    }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status patch: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('Flux: Ready False with a reason → Failed; suspended → Failed at once; suspend/resume patch spec.suspend', async () => {
  await create(ks('db'));
  const run = triggerControllerSync(client, flux('db'), { signal, pollMs: 20, timeoutMs: 10_000 });
  const o = await until(ksTarget('db'), (x) => !!x.metadata?.annotations?.[FLUX_REQUESTED_AT]);
  await patchStatus('db', { status: { lastHandledReconcileAt: o.metadata!.annotations![FLUX_REQUESTED_AT], conditions: [{ type: 'Ready', status: 'False', reason: 'BuildFailed', message: 'kustomize build failed: missing resource' }] } });
  const r = await run;
  assert.equal(r.status, 'Failed');
  assert.match(r.message, /BuildFailed: kustomize build failed/);

  const mark = tc.requestLog.length;
  await setFluxSuspended(client, flux('db'), true);
  assert.equal(((await client.get(ksTarget('db'))).spec as { suspend?: boolean }).suspend, true);
  const s = await triggerControllerSync(client, flux('db'), { signal, pollMs: 20, timeoutMs: 5000 });
  assert.equal(s.status, 'Failed');
  assert.match(s.message, /is suspended: resume it first/);
  await setFluxSuspended(client, flux('db'), false);
  assert.equal(((await client.get(ksTarget('db'))).spec as { suspend?: boolean }).suspend, undefined);
  assert.deepEqual(patchesTo('/kustomizations/db', mark).map((p) => p.body), [{ spec: { suspend: true } }, { spec: { suspend: null } }]);
});

test('Flux: no answer → Timeout', async () => {
  await create(ks('quiet'));
  const r = await triggerControllerSync(client, flux('quiet'), { signal, pollMs: 20, timeoutMs: 300 });
  assert.equal(r.status, 'Timeout');
  assert.match(r.message, /no answer from Flux/);
});

test('Argo CD auto-sync: disable keeps the automated block in an annotation; enable restores it', async () => {
  await create(argoApp('auto', { syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] } }));
  const off = await setArgoAutoSync(client, argo('auto'), false);
  assert.equal(off.changed, true);
  let o = await client.get(appTarget('auto'));
  const policy = () => (o.spec as { syncPolicy: Record<string, unknown> }).syncPolicy;
  assert.equal(policy()['automated'], undefined);
  assert.deepEqual(policy()['syncOptions'], ['CreateNamespace=true']);
  assert.deepEqual(JSON.parse(o.metadata!.annotations![PREVIOUS_AUTOMATED_ANNOTATION]!), { prune: true, selfHeal: true });
  assert.equal((await setArgoAutoSync(client, argo('auto'), false)).changed, false);

  const on = await setArgoAutoSync(client, argo('auto'), true);
  assert.equal(on.changed, true);
  assert.match(on.message, /previous settings restored/);
  o = await client.get(appTarget('auto'));
  assert.deepEqual(policy()['automated'], { prune: true, selfHeal: true });
  assert.equal(o.metadata?.annotations?.[PREVIOUS_AUTOMATED_ANNOTATION], undefined);
  assert.equal((await setArgoAutoSync(client, argo('auto'), true)).changed, false);

  // never automated before: enabling writes an empty automated block (Argo CD's defaults)
  await create(argoApp('manual'));
  await setArgoAutoSync(client, argo('manual'), true);
  o = await client.get(appTarget('manual'));
  assert.deepEqual(policy()['automated'], {});
});
