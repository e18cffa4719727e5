import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KObject, ManagedFieldsEntry } from '../api/types.js';
import { StatusError } from '../api/errors.js';
import type { ApplyInput } from './apply.js';
import { serverSideApply } from './apply.js';
import { FieldSet, keyEl, makePath } from './fieldpath.js';
import { deploymentSchema } from './test-schema.js';
import { createdByCsa, LAST } from './test-objects.js';
import { recordUpdate } from './update-ownership.js';

const T = (m: number) => `2025-01-01T10:${String(m).padStart(2, '0')}:00Z`;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function apply(live: KObject | undefined, config: KObject, manager: string, extra: Partial<ApplyInput> = {}): KObject {
  return serverSideApply({
    live, config, manager, force: false, schema: deploymentSchema, apiVersion: 'apps/v1', now: T(30),
    statusPolicy: 'exclude-status', ...extra,
  }).object;
}

/** Runs an apply that must fail with 409 and returns the Status error. */
function conflictOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof StatusError, `expected a StatusError, got ${String(e)}`);
    assert.equal(e.code, 409);
    return e;
  }
  assert.fail('expected a conflict');
}

const entry = (o: KObject, manager: string, operation = 'Apply') => o.metadata.managedFields?.find((e) => e.manager === manager && e.operation === operation);
const owns = (e: ManagedFieldsEntry | undefined, ...path: Parameters<typeof makePath>) => !!e && FieldSet.fromFieldsV1(e.fieldsV1).has(makePath(...path));
const spec = (o: KObject) => o.spec as { replicas?: number; template: { spec: { containers: Array<{ name: string; image?: string; env?: Array<{ name: string; value?: string }> }> } } };

/** d.yaml of T13: container `app`, env A and B. */
function dYaml(opts: { replicas?: number; image?: string; env?: string[] } = {}): KObject {
  const container: Record<string, unknown> = { name: 'app', image: opts.image ?? 'nginx:1.25' };
  const env = opts.env ?? ['A', 'B'];
  if (env.length) container.env = env.map((n) => ({ name: n, value: n.toLowerCase() }));
  const d: KObject = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa', namespace: 'default' },
    spec: { selector: { matchLabels: { app: 'ssa' } }, template: { metadata: { labels: { app: 'ssa' } }, spec: { containers: [container] } } },
  };
  if (opts.replicas !== undefined) (d.spec as Record<string, unknown>).replicas = opts.replicas;
  return d;
}

/** Stores an object as the server would after an apply (uid/RV are not SSA's business). */
function stored(o: KObject): KObject {
  return { ...o, metadata: { ...o.metadata, uid: 'u-ssa', resourceVersion: '5', creationTimestamp: T(0), generation: 1 } };
}

describe('apply preconditions and create', () => {
  it('rejects managedFields in the body with 400', () => {
    const cfg = dYaml({ replicas: 2 });
    cfg.metadata.managedFields = [];
    assert.throws(() => apply(undefined, cfg, 'team-a'), (e: unknown) =>
      e instanceof StatusError && e.code === 400 && e.reason === 'BadRequest' && e.message === 'metadata.managedFields must be nil');
  });

  it('creates the object with one Apply entry and no server-set metadata', () => {
    const cfg = dYaml({ replicas: 2 });
    Object.assign(cfg.metadata, { resourceVersion: '3', uid: 'x', creationTimestamp: null });
    const { object, changed } = serverSideApply({ live: undefined, config: cfg, manager: 'team-a', force: false, schema: deploymentSchema, apiVersion: 'apps/v1', now: T(1) });
    assert.equal(changed, true);
    assert.deepEqual(object.metadata, { name: 'ssa', namespace: 'default', managedFields: object.metadata.managedFields });
    assert.deepEqual(object.metadata.managedFields!.map((e) => [e.manager, e.operation, e.apiVersion, e.time]), [['team-a', 'Apply', 'apps/v1', T(1)]]);
    assert.ok(owns(entry(object, 'team-a'), 'spec', 'template', 'spec', 'containers', keyEl({ name: 'app' }), 'env', keyEl({ name: 'B' }), 'value'));
  });

  it('answers 500 for a configuration whose list items lack their key', () => {
    const cfg = dYaml();
    spec(cfg).template.spec.containers.push({ image: 'x' } as never);
    assert.throws(() => apply(undefined, cfg, 'team-a'), (e: unknown) =>
      e instanceof StatusError && e.code === 500 && e.message.startsWith('failed to create typed patch object (default/ssa; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 1:'));
  });
});

describe('T13: conflicts between appliers', () => {
  const s1 = stored(apply(undefined, dYaml({ replicas: 2 }), 'team-a'));

  it('reports one conflict with the exact message and cause', () => {
    const e = conflictOf(() => apply(s1, dYaml({ replicas: 5 }), 'team-b'));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "team-a": .spec.replicas');
    assert.equal(e.reason, 'Conflict');
    assert.deepEqual(e.toBody().details, { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "team-a"', field: '.spec.replicas' }] });
  });

  it('lists several conflicts under their manager', () => {
    const e = conflictOf(() => apply(s1, dYaml({ replicas: 5, image: 'nginx:1.26' }), 'team-b'));
    assert.equal(e.message, 'Apply failed with 2 conflicts: conflicts with "team-a":\n- .spec.replicas\n- .spec.template.spec.containers[name="app"].image');
    assert.equal(e.toBody().details!.causes!.length, 2);
  });

  it('with force takes the fields over and leaves shared fields co-owned', () => {
    const s2 = apply(s1, dYaml({ replicas: 5, image: 'nginx:1.26' }), 'team-b', { force: true, now: T(31) });
    assert.equal(spec(s2).replicas, 5);
    assert.equal(spec(s2).template.spec.containers[0]!.image, 'nginx:1.26');
    const a = entry(s2, 'team-a'), b = entry(s2, 'team-b');
    assert.ok(!owns(a, 'spec', 'replicas') && !owns(a, 'spec', 'template', 'spec', 'containers', keyEl({ name: 'app' }), 'image'));
    assert.ok(owns(b, 'spec', 'replicas') && owns(b, 'spec', 'template', 'spec', 'containers', keyEl({ name: 'app' }), 'image'));
    assert.ok(owns(a, 'spec', 'selector') && owns(b, 'spec', 'selector'), 'equal values are shared');
    assert.deepEqual(s2.metadata.managedFields!.map((e) => [e.manager, e.time]), [['team-a', T(30)], ['team-b', T(31)]]);
    // Server-set metadata comes from the live object.
    assert.equal(s2.metadata.uid, 'u-ssa');
    assert.equal(s2.metadata.resourceVersion, '5');
  });

  it('prints Update and subresource managers the apiserver way', () => {
    const live = stored(apply(undefined, { ...dYaml({ replicas: 2 }), status: { replicas: 1 } } as KObject, 'creator'));
    live.status = { replicas: 1 };
    live.metadata.managedFields!.push({ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: T(2), fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:replicas': {} } }, subresource: 'status' });
    const e = conflictOf(() => apply(live, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ssa' }, status: { replicas: 3 } } as KObject, 'ops',
      { subresource: 'status', statusPolicy: 'only-status' }));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kube-controller-manager" with subresource "status" using apps/v1: .status.replicas');
  });
});

describe('T14: co-ownership and removal', () => {
  const s1 = stored(apply(undefined, dYaml({ replicas: 2 }), 'team-a'));
  const s2 = apply(s1, dYaml({ replicas: 5, image: 'nginx:1.26' }), 'team-b', { force: true });
  const envNames = (o: KObject) => spec(o).template.spec.containers[0]!.env!.map((e) => e.name);

  it('keeps an item another applier still applies, and removes it once nobody does', () => {
    const s3 = apply(s2, dYaml({ replicas: 5, image: 'nginx:1.26', env: ['B'] }), 'team-a');
    assert.deepEqual(envNames(s3), ['A', 'B']);
    assert.ok(!owns(entry(s3, 'team-a'), 'spec', 'template', 'spec', 'containers', keyEl({ name: 'app' }), 'env', keyEl({ name: 'A' })));
    const s4 = apply(s3, dYaml({ replicas: 5, image: 'nginx:1.26', env: ['B'] }), 'team-b');
    assert.deepEqual(envNames(s4), ['B']);
    assert.ok(!JSON.stringify(s4.metadata.managedFields).includes('{\\"name\\":\\"A\\"}'));

    // replicas dropped by team-a stays (team-b owns it) …
    const s5 = apply(s4, dYaml({ image: 'nginx:1.26', env: ['B'] }), 'team-a');
    assert.equal(spec(s5).replicas, 5);
    // … and goes when its sole owner drops it too (defaulting then sets it back to 1).
    const s6 = apply(s5, dYaml({ image: 'nginx:1.26', env: ['B'] }), 'team-b');
    assert.ok(!('replicas' in (s6.spec as object)));
    assert.ok(!owns(entry(s6, 'team-a'), 'spec', 'replicas') && !owns(entry(s6, 'team-b'), 'spec', 'replicas'));
  });

  it('removes a whole list item the applier alone applied, and keeps fields owned by updaters', () => {
    const base = stored(apply(undefined, dYaml({ replicas: 2, env: ['A', 'B', 'C'] }), 'team-a'));
    const patched = clone(base);
    (patched.metadata.labels as unknown) = { extra: 'x' };
    patched.metadata.managedFields = recordUpdate({ before: base, after: patched, manager: 'kubectl-label', apiVersion: 'apps/v1', schema: deploymentSchema, now: T(5) });
    const out = apply(patched, dYaml({ replicas: 2, env: ['A'] }), 'team-a');
    assert.deepEqual(envNames(out), ['A']);
    assert.deepEqual(out.metadata.labels, { extra: 'x' });
  });
});

describe('T15: conflict with an Update manager', () => {
  it('names the merge-patch writer with its apiVersion', () => {
    const s1 = stored(apply(undefined, dYaml({ replicas: 2 }), 'team-a'));
    const patched = clone(s1);
    (patched.spec as { replicas: number }).replicas = 7;
    patched.metadata.managedFields = recordUpdate({ before: s1, after: patched, manager: 'kubectl-patch', apiVersion: 'apps/v1', schema: deploymentSchema, now: T(6), statusPolicy: 'exclude-status' });
    const e = conflictOf(() => apply(patched, dYaml({ replicas: 8 }), 'team-a'));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl-patch" using apps/v1: .spec.replicas');
    assert.deepEqual(e.toBody().details!.causes, [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-patch" using apps/v1', field: '.spec.replicas' }]);
    // Re-applying the value the patch set is co-ownership, not a conflict.
    assert.equal(spec(apply(patched, dYaml({ replicas: 7 }), 'team-a')).replicas, 7);
  });
});

/** deploy3.yaml as kubectl sends it for `apply --server-side`. */
function deploy3(): KObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx:1.25', name: 'web' }] } } },
  };
}

describe('T12: kubectl CSA → SSA (§4.5.1, §4.8)', () => {
  it('lets `kubectl` take over fields the last client-side apply set, and refreshes the annotation', () => {
    const live = createdByCsa(2);
    const out = apply(live, deploy3(), 'kubectl');
    assert.equal(spec(out).replicas, 3);
    assert.ok(owns(entry(out, 'kubectl'), 'spec', 'replicas'));
    assert.ok(!owns(entry(out, 'kubectl-client-side-apply', 'Update'), 'spec', 'replicas'));
    const expected = `${JSON.stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ image: 'nginx:1.25', name: 'web' }] } } },
    })}\n`;
    assert.equal(out.metadata.annotations![LAST], expected);
  });

  it('still conflicts for any other manager name, or when the field changed since the last client-side apply', () => {
    const e = conflictOf(() => apply(createdByCsa(2), deploy3(), 'someone'));
    assert.equal(e.message, 'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas');

    const live = createdByCsa(2);
    const scaled = clone(live);
    (scaled.spec as { replicas: number }).replicas = 4;
    scaled.metadata.managedFields = recordUpdate({ before: live, after: scaled, manager: 'kubectl', apiVersion: 'apps/v1', schema: deploymentSchema, now: T(7), subresource: 'scale' });
    const e2 = conflictOf(() => apply(scaled, deploy3(), 'kubectl'));
    assert.equal(e2.message, 'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas');
  });

  it('ends with the kubectl and kubectl-last-applied Apply entries after the four requests', () => {
    // 1: apply by kubectl
    const s1 = apply(createdByCsa(2), deploy3(), 'kubectl', { now: T(10) });
    // 2: kubectl-last-applied applies the annotation it read (co-owned with the CSA Update entry)
    const annotation = s1.metadata.annotations![LAST]!;
    const s2 = apply(s1, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default', annotations: { [LAST]: annotation } } }, 'kubectl-last-applied', { now: T(11) });
    assert.ok(owns(entry(s2, 'kubectl-last-applied'), 'metadata', 'annotations', LAST));
    // 3: json-patch of managedFields (csaupgrade: CSA fields move into kubectl's Apply entry, minus the annotation)
    const csa = FieldSet.fromFieldsV1(entry(s2, 'kubectl-client-side-apply', 'Update')!.fieldsV1);
    const kubectl = FieldSet.fromFieldsV1(entry(s2, 'kubectl')!.fieldsV1);
    const merged = kubectl.union(csa).difference(FieldSet.of(makePath('metadata', 'annotations', LAST)));
    const rewritten: ManagedFieldsEntry[] = [
      { ...entry(s2, 'kubectl')!, fieldsV1: merged.toFieldsV1() },
      entry(s2, 'kubectl-last-applied')!,
    ];
    const s3 = clone(s2);
    s3.metadata.managedFields = clone(rewritten);
    s3.metadata.managedFields = recordUpdate({ before: s2, after: s3, manager: 'kubectl', apiVersion: 'apps/v1', schema: deploymentSchema, now: T(12), statusPolicy: 'exclude-status' });
    assert.deepEqual(s3.metadata.managedFields.map((e) => e.manager).sort(), ['kubectl', 'kubectl-last-applied']);
    // 4: the apply again
    const s4 = apply(s3, deploy3(), 'kubectl', { now: T(13) });
    assert.equal(spec(s4).replicas, 3);
    assert.deepEqual(s4.metadata.managedFields!.map((e) => [e.manager, e.operation]).sort(), [['kubectl', 'Apply'], ['kubectl-last-applied', 'Apply']]);
    assert.deepEqual(entry(s4, 'kubectl-last-applied')!.fieldsV1, { 'f:metadata': { 'f:annotations': { [`f:${LAST}`]: {} } } });
    assert.ok(owns(entry(s4, 'kubectl'), 'spec', 'replicas'));
    assert.equal(JSON.parse(s4.metadata.annotations![LAST]!).spec.replicas, 3);
    // Fields only the CSA defaults put there were pruned with kubectl's old set; the server re-defaults them.
    assert.ok(!('progressDeadlineSeconds' in (s4.spec as object)));
  });
});

describe('merge semantics', () => {
  const base = () => stored(apply(undefined, dYaml({ replicas: 1, env: ['A', 'B'] }), 'team-a'));

  it('is a no-op that keeps the entry time when nothing changes', () => {
    const s1 = base();
    const r = serverSideApply({ live: s1, config: dYaml({ replicas: 1, env: ['A', 'B'] }), manager: 'team-a', force: false, schema: deploymentSchema, apiVersion: 'apps/v1', now: T(59) });
    assert.equal(r.changed, false);
    assert.deepEqual(r.object, s1);
  });

  it('merges list-map items by key in config order and appends new ones', () => {
    const out = apply(base(), dYaml({ replicas: 1, env: ['C', 'A', 'B'] }), 'team-b', { force: true });
    assert.deepEqual(spec(out).template.spec.containers[0]!.env!.map((e) => e.name), ['C', 'A', 'B']);
    const out2 = apply(base(), dYaml({ replicas: 1, env: ['D'] }), 'team-b');
    assert.deepEqual(spec(out2).template.spec.containers[0]!.env!.map((e) => e.name), ['A', 'B', 'D']);
  });

  it('unions set lists and replaces atomic ones', () => {
    const live = base();
    live.metadata.finalizers = ['a/x'];
    const cfg = dYaml({ replicas: 1 });
    cfg.metadata.finalizers = ['b/y'];
    (spec(cfg).template.spec.containers[0] as Record<string, unknown>).args = ['--new'];
    const l2 = clone(live);
    (spec(l2).template.spec.containers[0] as Record<string, unknown>).args = ['--old', '--x'];
    const out = apply(l2, cfg, 'team-b', { force: true });
    assert.deepEqual(out.metadata.finalizers, ['a/x', 'b/y']);
    assert.deepEqual((spec(out).template.spec.containers[0] as Record<string, unknown>).args, ['--new']);
  });

  it('drops a null the config sets, like Go\'s typed round trip', () => {
    const cfg = dYaml({ env: ['A', 'B'] });
    (cfg.spec as Record<string, unknown>).replicas = null;
    const out = apply(base(), cfg, 'team-a');
    assert.ok(!('replicas' in (out.spec as object)));
  });
});
