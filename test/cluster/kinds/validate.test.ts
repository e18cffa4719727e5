import assert from 'node:assert/strict';
import { test } from 'node:test';
import { invalid, type FieldError } from '../api/errors.js';
import type { KObject, ResourceType } from '../api/types.js';
import { applyDefaults } from './defaults.js';
import { validateObject } from './validate.js';

function rt(apiVersion: string, kind: string, custom = false): ResourceType {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  return { group, version, kind, plural: `${kind.toLowerCase()}s`, singular: kind.toLowerCase(), namespaced: true, verbs: [], subresources: [], generation: 'spec', custom };
}

/** Default like the server does, then validate. */
function check(obj: KObject, old?: KObject): FieldError[] {
  const t = rt(obj.apiVersion!, obj.kind!);
  const o = structuredClone(obj);
  applyDefaults(t, o, { isCreate: !old, uid: o.metadata.uid });
  return validateObject(t, o, old);
}

function defaultedCopy(obj: KObject): KObject {
  const o = structuredClone(obj);
  applyDefaults(rt(o.apiVersion!, o.kind!), o, { isCreate: true, uid: o.metadata.uid });
  return o;
}

const lines = (errs: FieldError[]) => errs.map((e) => `${e.field}|${e.type}|${e.detail ?? ''}`);

const deploy = (over: { selector?: unknown; labels?: Record<string, string>; containers?: unknown[]; name?: string } = {}): KObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: over.name ?? 'web', namespace: 'default' },
  spec: {
    replicas: 2, ...(over.selector === undefined ? { selector: { matchLabels: { app: 'web' } } } : over.selector === null ? {} : { selector: over.selector }),
    template: { metadata: { labels: over.labels ?? { app: 'web' } }, spec: { containers: over.containers ?? [{ name: 'web', image: 'nginx:1.25' }] } },
  },
});

test('valid objects from the §6 fixtures produce no errors', () => {
  assert.deepEqual(check(deploy()), []);
  assert.deepEqual(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1' }, data: { a: '1' } }), []);
  assert.deepEqual(check({
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly-report' },
    spec: { schedule: '0 2 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'r', image: 'busybox' }] } } } } },
  }), []);
  assert.deepEqual(check({
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'redis' },
    spec: { serviceName: 'redis', selector: { matchLabels: { app: 'redis' } }, template: { metadata: { labels: { app: 'redis' } }, spec: { containers: [{ name: 'redis', image: 'redis:7', ports: [{ containerPort: 6379, name: 'redis' }] }] } } },
  }), []);
  assert.deepEqual(check({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } }), []);
  assert.deepEqual(check({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'redis' }, spec: { clusterIP: 'None', selector: { app: 'redis' }, ports: [{ port: 6379 }] } }), []);
  assert.deepEqual(check({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reporter' }, roleRef: { kind: 'Role', name: 'reporter' }, subjects: [{ kind: 'ServiceAccount', name: 'reporter' }] }), []);
  assert.deepEqual(check({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reporter' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] }), []);
  const uid = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  assert.deepEqual(check({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', uid }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } } }), []);
  assert.deepEqual(check(crd()), []);
});

test('T18: selector/labels mismatch and empty containers, rendered as kubectl sees them', () => {
  const errs = check(deploy({ name: 'bad', selector: { matchLabels: { a: 'b' } }, labels: { a: 'c' }, containers: [] }));
  assert.deepEqual(lines(errs).sort(), [
    'spec.template.metadata.labels|FieldValueInvalid|`selector` does not match template `labels`',
    'spec.template.spec.containers|FieldValueRequired|',
  ]);
  const body = invalid({ group: 'apps', kind: 'Deployment' }, 'bad', errs).toBody();
  assert.equal(body.code, 422);
  assert.equal(body.details?.kind, 'Deployment');
  assert.match(body.message!, /^Deployment\.apps "bad" is invalid: \[/);
  assert.ok(body.details!.causes!.some((c) => c.field === 'spec.template.spec.containers' && c.message === 'Required value'));
  assert.ok(body.details!.causes!.some((c) => c.message!.endsWith(': `selector` does not match template `labels`')));
});

test('missing selector, image, container name; restartPolicy for workloads', () => {
  assert.deepEqual(lines(check(deploy({ selector: null }))).sort(), [
    'spec.selector|FieldValueRequired|',
    'spec.template.metadata.labels|FieldValueInvalid|`selector` does not match template `labels`',
  ]);
  assert.deepEqual(lines(check(deploy({ containers: [{ name: 'web' }, { image: 'x' }] }))), [
    'spec.template.spec.containers[0].image|FieldValueRequired|',
    'spec.template.spec.containers[1].name|FieldValueRequired|',
  ]);
  const never = deploy();
  (never['spec'] as any).template.spec.restartPolicy = 'Never';
  const errs = check(never);
  assert.deepEqual(lines(errs), ['spec.template.spec.restartPolicy|FieldValueNotSupported|supported values: "Always"']);
  assert.equal(invalid({ group: 'apps', kind: 'Deployment' }, 'web', errs).message,
    'Deployment.apps "web" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"');
  assert.deepEqual(lines(check(deploy({ selector: {} }))), ['spec.selector|FieldValueInvalid|empty selector is invalid for deployment']);
});

test('T17: selector is immutable on Deployments (apply and SSA alike)', () => {
  const old = defaultedCopy(deploy());
  const next = deploy({ selector: { matchLabels: { app: 'web2' } }, labels: { app: 'web2' } });
  const errs = check(next, old);
  assert.deepEqual(lines(errs), ['spec.selector|FieldValueInvalid|field is immutable']);
  const msg = invalid({ group: 'apps', kind: 'Deployment' }, 'web', errs).message;
  assert.match(msg, /^Deployment\.apps "web" is invalid: spec\.selector: Invalid value: .*: field is immutable$/);
  assert.deepEqual(check(deploy(), old), []);
});

test('metadata: name syntax per kind, generateName, labels, annotations', () => {
  const upper = check(deploy({ name: 'Web' }));
  assert.equal(upper.length, 1);
  assert.equal(upper[0]!.field, 'metadata.name');
  assert.equal(upper[0]!.detail, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  assert.deepEqual(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a.b' } }), []);
  assert.match(check({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } })[0]!.detail!, /^a lowercase RFC 1123 label must consist of/);
  assert.match(check({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1abc' }, spec: { clusterIP: 'None' } })[0]!.detail!, /^a DNS-1035 label/);
  assert.deepEqual(lines(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })), ['metadata.name|FieldValueRequired|name or generateName is required']);
  assert.deepEqual(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-' } }), []);
  const badLabels = check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', labels: { 'bad key': 'x', ok: 'not ok!' } } });
  assert.deepEqual(badLabels.map((e) => [e.field, e.value]), [['metadata.labels', 'bad key'], ['metadata.labels', 'not ok!']]);
  assert.match(badLabels[1]!.detail!, /^a valid label must be an empty string or consist of alphanumeric characters/);
  assert.deepEqual(lines(check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { big: 'x'.repeat(300000) } } })), ['metadata.annotations|FieldValueTooLong|may not be more than 262144 bytes']);
  assert.match(check({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'system:Reader' }, rules: [] }).map((e) => e.field).join(), /^$/);
  assert.deepEqual(lines(check({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a/b' } })), ["metadata.name|FieldValueInvalid|may not contain '/'"]);
});

test('StatefulSet: forbidden spec updates', () => {
  const base: KObject = {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'redis' },
    spec: { serviceName: 'redis', selector: { matchLabels: { app: 'redis' } }, template: { metadata: { labels: { app: 'redis' } }, spec: { containers: [{ name: 'redis', image: 'redis:7' }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] },
  };
  const old = defaultedCopy(base);
  const scaled = structuredClone(base);
  (scaled['spec'] as any).replicas = 3;
  (scaled['spec'] as any).template.spec.containers[0].image = 'redis:7.2';
  assert.deepEqual(check(scaled, old), []);
  const grown = structuredClone(base);
  (grown['spec'] as any).volumeClaimTemplates[0].spec.resources.requests.storage = '2Gi';
  assert.deepEqual(lines(check(grown, old)), ["spec|FieldValueForbidden|updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"]);
});

test('Job: template restartPolicy, generated labels, immutable selector/template/completions', () => {
  const uid = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
  const job: KObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', uid }, spec: { template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } } };
  assert.deepEqual(lines(check(job)), ['spec.template.spec.restartPolicy|FieldValueNotSupported|supported values: "OnFailure", "Never"']);
  const ok = structuredClone(job);
  (ok['spec'] as any).template.spec.restartPolicy = 'Never';
  const old = defaultedCopy(ok);
  const changed = structuredClone(old);
  (changed['spec'] as any).template.spec.containers[0].image = 'perl:2';
  (changed['spec'] as any).completions = 3;
  (changed['spec'] as any).selector = { matchLabels: { x: 'y' } };
  const errs = check(changed, old);
  assert.deepEqual(errs.map((e) => `${e.field}: ${e.detail}`).filter((s) => s.endsWith('immutable')).sort(),
    ['spec.completions: field is immutable', 'spec.selector: field is immutable', 'spec.template: field is immutable']);
  // Suspended Jobs may change their template.
  const suspended = structuredClone(old);
  (suspended['spec'] as any).suspend = true;
  const edited = structuredClone(suspended);
  (edited['spec'] as any).template.spec.containers[0].image = 'perl:2';
  assert.deepEqual(check(edited, suspended), []);
});

test('CronJob: schedule and jobTemplate rules', () => {
  const cj = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' },
    spec: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'x' }] } } } }, ...spec } });
  assert.deepEqual(lines(check(cj({}))), ['spec.schedule|FieldValueRequired|']);
  assert.deepEqual(lines(check(cj({ schedule: '* * *' }))), ['spec.schedule|FieldValueInvalid|expected exactly 5 fields, found 3: * * *']);
  assert.deepEqual(check(cj({ schedule: '@daily' })), []);
  assert.deepEqual(lines(check(cj({ schedule: '@daily', concurrencyPolicy: 'Sometimes' }))), ['spec.concurrencyPolicy|FieldValueNotSupported|supported values: "Allow", "Forbid", "Replace"']);
});

test('Service: clusterIP(s) and ipFamilies may not change once set; omitting is fine', () => {
  const svc = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }], ...spec } });
  const old = defaultedCopy(svc({ clusterIP: '10.96.0.10' }));
  assert.deepEqual(check(svc({}), old), []);
  assert.deepEqual(check(svc({ clusterIP: '10.96.0.10' }), old), []);
  assert.deepEqual(lines(check(svc({ clusterIP: '10.96.0.20' }), old)), ['spec.clusterIPs[0]|FieldValueInvalid|may not change once set']);
  assert.deepEqual(lines(check(svc({ clusterIPs: ['10.96.0.20'] }), old)), ['spec.clusterIPs[0]|FieldValueInvalid|may not change once set']);
  assert.deepEqual(lines(check(svc({ ipFamilies: ['IPv6'] }), old)), ['spec.ipFamilies[0]|FieldValueInvalid|may not change once set']);
  assert.deepEqual(lines(check(svc({ ports: [] }))), ['spec.ports|FieldValueRequired|']);
  assert.deepEqual(lines(check(svc({ ports: [{ port: 80, nodePort: 30080 }] }))), ["spec.ports[0].nodePort|FieldValueForbidden|may not be used when `type` is 'ClusterIP'"]);
  assert.deepEqual(lines(check(svc({ ports: [{ port: 80 }, { port: 81 }] }))), ['spec.ports[0].name|FieldValueRequired|', 'spec.ports[1].name|FieldValueRequired|']);
});

test('RoleBinding: roleRef immutable; subjects', () => {
  const rb = (roleRef: Record<string, unknown>, subjects: unknown[] = []): KObject => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'r' }, roleRef, subjects });
  const old = defaultedCopy(rb({ kind: 'Role', name: 'a' }));
  assert.deepEqual(lines(check(rb({ kind: 'Role', name: 'b' }), old)), ['roleRef|FieldValueInvalid|cannot change roleRef']);
  assert.deepEqual(lines(check(rb({ kind: 'Role', name: 'a' }), old)), []);
  assert.deepEqual(lines(check(rb({ kind: 'Thing', name: 'a' }, [{ kind: 'Robot', name: 'x' }]))), [
    'roleRef.kind|FieldValueNotSupported|supported values: "Role", "ClusterRole"',
    'subjects[0].kind|FieldValueNotSupported|supported values: "ServiceAccount", "User", "Group"',
  ]);
  const crb: KObject = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'r' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] };
  assert.deepEqual(lines(check(crb)), ['subjects[0].namespace|FieldValueRequired|']);
});

test('ConfigMap/Secret: key syntax, immutable data, Secret type', () => {
  const cm = check({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'bad key': 'x', ok: 'y' } });
  assert.equal(cm.length, 1);
  assert.equal(cm[0]!.field, 'data[bad key]');
  assert.equal(cm[0]!.detail, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  const old: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' }, immutable: true };
  assert.deepEqual(lines(check({ ...old, data: { a: '2' } }, old)), ['data|FieldValueForbidden|field is immutable when `immutable` is set']);
  assert.deepEqual(lines(check({ ...old, immutable: false }, old)), ['immutable|FieldValueForbidden|field is immutable when `immutable` is set']);
  assert.deepEqual(check({ ...old, metadata: { name: 'c', labels: { x: 'y' } } }, old), []);

  const secretOld = defaultedCopy({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'eA==' } });
  const retyped = check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==', 'tls.key': 'eA==' } }, secretOld);
  assert.deepEqual(retyped.map((e) => [e.field, e.value, e.detail]), [['type', 'kubernetes.io/tls', 'field is immutable']]);
  assert.deepEqual(lines(check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 't' }, type: 'kubernetes.io/tls', data: {} })), ['data[tls.crt]|FieldValueRequired|', 'data[tls.key]|FieldValueRequired|']);
  assert.deepEqual(check({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { apiKey: 'x' } }), []);
});

test('PVC: spec immutable except requests and volumeAttributesClassName', () => {
  const pvc = (spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec } });
  const old = defaultedCopy(pvc({}));
  assert.deepEqual(check(pvc({ resources: { requests: { storage: '2Gi' } }, volumeAttributesClassName: 'fast' }), old), []);
  assert.deepEqual(lines(check(pvc({ storageClassName: 'other' }), old)), ['spec|FieldValueForbidden|spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims']);
  assert.deepEqual(lines(check({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'p' }, spec: {} })), ['spec.accessModes|FieldValueRequired|at least 1 access mode is required', 'spec.resources[storage]|FieldValueRequired|']);
});

test('Ingress: pathType required', () => {
  const ing: KObject = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' },
    spec: { rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } };
  assert.deepEqual(lines(check(ing)), ['spec.rules[0].http.paths[0].pathType|FieldValueRequired|pathType must be specified']);
  (ing['spec'] as any).rules[0].http.paths[0].pathType = 'Prefix';
  assert.deepEqual(check(ing), []);
});

function crd(over: { name?: string; scope?: string; versions?: unknown[] } = {}): KObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: over.name ?? 'applications.argoproj.io' },
    spec: {
      group: 'argoproj.io', scope: over.scope ?? 'Namespaced', names: { kind: 'Application', plural: 'applications', shortNames: ['app', 'apps'] },
      versions: over.versions ?? [{ name: 'v1alpha1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } }, subresources: { status: {} } }],
    },
  };
}

test('CRD: name = plural.group, one storage version, scope immutable', () => {
  assert.deepEqual(lines(check(crd({ name: 'apps.argoproj.io' }))), ['metadata.name|FieldValueInvalid|must be spec.names.plural+"."+spec.group']);
  const two = [
    { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
    { name: 'v2', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
  ];
  assert.deepEqual(lines(check(crd({ versions: two }))), ['spec.versions|FieldValueInvalid|must have exactly one version marked as storage version']);
  const old = defaultedCopy(crd());
  const errs = check(crd({ scope: 'Cluster' }), old);
  assert.deepEqual(errs.map((e) => [e.field, e.value, e.detail]), [['spec.scope', 'Cluster', 'field is immutable']]);
});

test('custom resources: only metadata rules here', () => {
  const t = rt('argoproj.io/v1alpha1', 'Application', true);
  assert.deepEqual(validateObject(t, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'root' }, spec: { anything: 1 } }), []);
  assert.equal(validateObject(t, { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { name: 'Root' } })[0]!.field, 'metadata.name');
});
