import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ANY } from '../schema/types.js';
import { fieldSetOf, toFieldSet, TypedValueError } from './fieldset-of.js';
import { deploymentSchema, serviceSchema } from './test-schema.js';

const webDeployment = () => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
  },
});

describe('fieldSetOf (Apply entry, §4.3)', () => {
  it('yields exactly the §4.2 Apply entry for the test Deployment', () => {
    const fields = fieldSetOf(webDeployment(), deploymentSchema).toFieldsV1();
    const expected = {
      'f:spec': {
        'f:replicas': {}, 'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
        },
      },
    };
    assert.equal(JSON.stringify(fields), JSON.stringify(expected));
  });

  it('fills defaulted key fields (port protocol) and keeps set items, nulls, empty maps and atomic nodes as leaves', () => {
    const d = webDeployment();
    Object.assign(d.metadata, { labels: { tier: 'web' }, finalizers: ['example.com/block'] });
    Object.assign(d.spec.template.spec.containers[0]!, {
      ports: [{ containerPort: 80 }], args: ['-v'], resources: {}, env: [{ name: 'A', value: '1' }],
    });
    Object.assign(d.spec.template.spec, { nodeSelector: { disk: 'ssd' }, securityContext: null });
    const f = fieldSetOf(d, deploymentSchema).toFieldsV1() as Record<string, Record<string, unknown>>;
    assert.deepEqual(f['f:metadata'], { 'f:finalizers': { 'v:"example.com/block"': {} }, 'f:labels': { 'f:tier': {} } });
    const podSpec = (((f['f:spec']!['f:template'] as Record<string, unknown>)['f:spec']) as Record<string, Record<string, unknown>>);
    assert.deepEqual(podSpec['f:nodeSelector'], {});
    assert.deepEqual(podSpec['f:securityContext'], {});
    assert.deepEqual(podSpec['f:containers'], {
      'k:{"name":"web"}': {
        '.': {}, 'f:args': {},
        'f:env': { 'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
        'f:image': {}, 'f:name': {},
        'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } },
        'f:resources': {},
      },
    });
  });

  it('takes key defaults from the schema (Service port protocol)', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }] } };
    assert.deepEqual(fieldSetOf(svc, serviceSchema).toFieldsV1(), {
      'f:spec': { 'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:targetPort': {} } } },
    });
  });

  it('never owns apiVersion, kind and server-set metadata', () => {
    const d = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: {
      name: 'web', namespace: 'ns', uid: 'u', resourceVersion: '3', generation: 2, creationTimestamp: null,
      deletionTimestamp: 't', deletionGracePeriodSeconds: 3, selfLink: 'x', annotations: { a: 'b' },
    } };
    assert.deepEqual(fieldSetOf(d, deploymentSchema).toFieldsV1(), { 'f:metadata': { 'f:annotations': { 'f:a': {} } } });
  });

  it('drops status on the main endpoint and keeps only status (and metadata) on /status', () => {
    const d = { ...webDeployment(), status: { replicas: 2 } };
    const main = fieldSetOf(d, deploymentSchema, { statusPolicy: 'exclude-status' }).toFieldsV1();
    assert.ok(!('f:status' in main) && 'f:spec' in main);
    const status = fieldSetOf({ ...d, metadata: { ...d.metadata, labels: { a: 'b' }, annotations: { c: 'd' } } }, deploymentSchema, { statusPolicy: 'only-status' }).toFieldsV1();
    assert.deepEqual(status, { 'f:metadata': { 'f:annotations': { 'f:c': {} } }, 'f:status': { 'f:replicas': {} } });
  });

  it('makes every key of an untyped object a member (`.`), and untyped lists atomic', () => {
    const cr = { apiVersion: 'x/v1', kind: 'X', metadata: { name: 'a' }, spec: { project: 'p', source: { repo: 'r' }, list: [1, 2] } };
    // metadata itself is in the strip set, so an untyped metadata with only a name vanishes.
    assert.deepEqual(fieldSetOf(cr, ANY).toFieldsV1(), {
      'f:spec': { '.': {}, 'f:list': {}, 'f:project': {}, 'f:source': { '.': {}, 'f:repo': {} } },
    });
  });

  it('rejects list items without identity and duplicate keys in strict mode only', () => {
    const d = webDeployment();
    (d.spec.template.spec.containers as unknown[]).push({ image: 'x' });
    assert.throws(() => toFieldSet(d, deploymentSchema, { strict: true }), (e: unknown) =>
      e instanceof TypedValueError && e.message === '.spec.template.spec.containers: element 1: associative list with keys has an element that omits all key fields ["name"] (and doesn\'t have default values for any key fields)');
    assert.doesNotThrow(() => toFieldSet(d, deploymentSchema));
    const dup = webDeployment();
    (dup.spec.template.spec.containers as unknown[]).push({ name: 'web', image: 'y' });
    assert.throws(() => toFieldSet(dup, deploymentSchema, { strict: true }), /duplicate entries for key \[name="web"\]/);
    // Stored objects may carry duplicates: the item is owned whole.
    assert.deepEqual(
      (toFieldSet(dup, deploymentSchema).toFieldsV1() as Record<string, Record<string, Record<string, Record<string, unknown>>>>)['f:spec']!['f:template']!['f:spec']!['f:containers'],
      { 'k:{"name":"web"}': {} });
  });
});
