import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attributeDrift } from '../../../src/engine/status/attribution.js';
import { parseDriftPath, valueAtDriftPath } from '../../../src/engine/status/drift-path.js';
import type { KubeObject } from '../../../src/engine/types.js';

const live: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: {
    name: 'web', labels: { 'app.kubernetes.io/name': 'web' },
    managedFields: [
      { manager: 'plumb', operation: 'Apply', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: {
        'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/name': {} } },
        'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {},
          'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } } } } } },
      { manager: 'kubectl-set', operation: 'Update', time: '2026-01-02T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: {
        'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {},
          'f:env': { '.': {}, 'k:{"name":"DEBUG"}': { '.': {}, 'f:name': {}, 'f:value': {} } } } } } } } } },
    ],
  },
  spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2', env: [{ name: 'DEBUG', value: '1' }], ports: [{ containerPort: 80 }] }] } } },
};

describe('drift details', () => {
  it('parses the drift-contract path grammar and reads values back', () => {
    assert.deepEqual(parseDriftPath('metadata.labels["app.kubernetes.io/name"]'), [{ field: 'metadata' }, { field: 'labels' }, { field: 'app.kubernetes.io/name' }]);
    assert.deepEqual(parseDriftPath('spec.ports[port=443,protocol=TCP]'), [{ field: 'spec' }, { field: 'ports' }, { keys: { port: '443', protocol: 'TCP' } }]);
    assert.deepEqual(parseDriftPath('spec.args[2]'), [{ field: 'spec' }, { field: 'args' }, { index: 2 }]);
    assert.equal(parseDriftPath('spec.[oops'), undefined);
    const p = parseDriftPath('spec.template.spec.containers[name=web].ports[containerPort=80,protocol=TCP].containerPort')!;
    assert.equal(valueAtDriftPath(live, p), 80, 'protocol omitted live defaults to TCP when matching');
    assert.equal(valueAtDriftPath(live, parseDriftPath('metadata.labels["app.kubernetes.io/name"]')!), 'web');
    assert.equal(valueAtDriftPath(live, parseDriftPath('spec.template.spec.containers[name=nope].image')!), undefined);
  });

  it('attributes a field to the latest non-engine manager that owns it', () => {
    assert.equal(attributeDrift(live, 'spec.template.spec.containers[name=web].image')?.manager, 'kubectl-set');
    assert.equal(attributeDrift(live, 'spec.template.spec.containers[name=web].env[name=DEBUG]')?.manager, 'kubectl-set');
    assert.equal(attributeDrift(live, 'metadata.labels["app.kubernetes.io/name"]')?.manager, 'plumb');
    assert.equal(attributeDrift(live, 'spec.template.spec.containers[name=web].ports[containerPort=80,protocol=TCP]')?.manager, 'plumb');
    assert.equal(attributeDrift(live, 'spec.replicas'), undefined);
  });
});
