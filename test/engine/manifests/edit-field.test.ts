// Adopting a live value into Git edits only the affected lines: comments, quoting and layout
// elsewhere stay byte for byte; list items are found by their keys; missing maps are created.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { appendListItemEdit, applyEdit, setFieldEdit } from '../../../src/engine/manifests/edit-field.js';

const DEPLOY = `# The web tier.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web   # do not rename: DNS
spec:
  replicas: 2 # scaled by the HPA in prod
  template:
    spec:
      containers:
        - name: sidecar
          image: "envoy:1.30"
        - name: web
          image: 'web:1.0'
          env:
            # log level for the incident runbook
            - name: LOG_LEVEL
              value: info
            - name: PORT
              value: "8080"
          ports: [{containerPort: 8080}]
      volumes:
        - name: tmp
          emptyDir: {}
---
apiVersion: v1
kind: Service
metadata:
  name: web
`;

function edit(text: string, path: string, value: unknown, docIndex = 0): string {
  const r = setFieldEdit(text, { docIndex }, path, value);
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return applyEdit(text, r.edit);
}

/** Lines removed and added, to assert that nothing else changed. */
function changed(a: string, b: string): { removed: string[]; added: string[] } {
  const al = a.split('\n');
  const bl = b.split('\n');
  let s = 0;
  while (s < al.length && al[s] === bl[s]) s++;
  let e = 0;
  while (e < al.length - s && e < bl.length - s && al[al.length - 1 - e] === bl[bl.length - 1 - e]) e++;
  return { removed: al.slice(s, al.length - e), added: bl.slice(s, bl.length - e) };
}

test('a scalar is replaced in place: its trailing comment and every other line are kept', () => {
  const out = edit(DEPLOY, 'spec.replicas', 5);
  assert.deepEqual(changed(DEPLOY, out), { removed: ['  replicas: 2 # scaled by the HPA in prod'], added: ['  replicas: 5 # scaled by the HPA in prod'] });
});

test('list items are found by key: containers[name=web].env[name=LOG_LEVEL].value', () => {
  const out = edit(DEPLOY, 'spec.template.spec.containers[name=web].env[name=LOG_LEVEL].value', 'debug');
  assert.deepEqual(changed(DEPLOY, out), { removed: ['              value: info'], added: ['              value: debug'] });
  assert.ok(out.includes('# log level for the incident runbook'));
  // strings that YAML would read as numbers stay strings
  const port = edit(DEPLOY, 'spec.template.spec.containers[name=web].env[name=PORT].value', '9090');
  assert.equal((parse(port.split('---')[0]!) as { spec: { template: { spec: { containers: Array<{ env: Array<{ value: unknown }> }> } } } }).spec.template.spec.containers[1]!.env[1]!.value, '9090');
});

test('a new list item keyed by name is appended to the list, at its indentation', () => {
  const out = edit(DEPLOY, 'spec.template.spec.containers[name=web].env[name=FEATURE_X].value', 'on');
  assert.deepEqual(changed(DEPLOY, out), { removed: [], added: ['            - name: FEATURE_X', '              value: on'] });
});

test('nested new keys are created under the closest existing map', () => {
  const out = edit(DEPLOY, 'metadata.labels["app.kubernetes.io/team"]', 'payments');
  assert.deepEqual(changed(DEPLOY, out), { removed: [], added: ['  labels:', '    app.kubernetes.io/team: payments'] });
  const doc = parse(out.split('\n---\n')[0]!) as { metadata: { labels: Record<string, string>; name: string } };
  assert.equal(doc.metadata.labels['app.kubernetes.io/team'], 'payments');
  assert.ok(out.includes('name: web   # do not rename: DNS'));
});

test('an empty flow map becomes a block map; a flow list is rewritten as a flow list', () => {
  const out = edit(DEPLOY, 'spec.template.spec.volumes[name=tmp].emptyDir.medium', 'Memory');
  assert.deepEqual(changed(DEPLOY, out), { removed: ['          emptyDir: {}'], added: ['          emptyDir:', '            medium: Memory'] });
});

test('a field removed live is removed from the file with its line only', () => {
  const out = edit(DEPLOY, 'spec.template.spec.containers[name=web].env[name=PORT]', undefined);
  assert.deepEqual(changed(DEPLOY, out), { removed: ['            - name: PORT', '              value: "8080"'], added: [] });
});

test('the second document of a file is edited, the first untouched', () => {
  const out = edit(DEPLOY, 'metadata.labels.app', 'web', 1);
  assert.ok(out.startsWith(DEPLOY.slice(0, DEPLOY.indexOf('---'))));
  assert.ok(out.endsWith('  name: web\n  labels:\n    app: web\n'), out);
});

test('paths that cannot be written say why', () => {
  const r = setFieldEdit(DEPLOY, { docIndex: 0 }, 'spec.template.spec.containers[name=web].args[3]', 'x');
  assert.equal(r.ok, false);
  const gone = setFieldEdit(DEPLOY, { docIndex: 0 }, 'spec.paused', undefined);
  assert.equal(gone.ok, false);
  assert.match(gone.ok ? '' : gone.reason, /nothing to delete/);
});

test('appending to a list creates it (and its parents) when missing, keeping comments', () => {
  const app = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: shop
spec:
  # deployed by hand
  project: default
  syncPolicy:
    automated: {}
`;
  const r = appendListItemEdit(app, { docIndex: 0 }, 'spec.ignoreDifferences', { kind: 'ConfigMap', name: 'x', jsonPointers: ['/data'] });
  assert.ok(r.ok);
  const out = applyEdit(app, r.edit);
  assert.ok(out.startsWith(app.trimEnd()));
  assert.deepEqual((parse(out) as { spec: { ignoreDifferences: unknown } }).spec.ignoreDifferences, [{ kind: 'ConfigMap', name: 'x', jsonPointers: ['/data'] }]);
  const r2 = appendListItemEdit(out, { docIndex: 0 }, 'spec.ignoreDifferences', { kind: 'Secret', name: 'y', jsonPointers: ['/data'] });
  assert.ok(r2.ok);
  const out2 = applyEdit(out, r2.edit);
  assert.equal((parse(out2) as { spec: { ignoreDifferences: unknown[] } }).spec.ignoreDifferences.length, 2);
  assert.ok(out2.startsWith(out.trimEnd()));
  const empty = appendListItemEdit('', { docIndex: 0 }, 'ignore', { kind: 'ConfigMap', jsonPointers: ['/data'] });
  assert.ok(empty.ok);
  assert.deepEqual(parse(applyEdit('', empty.edit)), { ignore: [{ kind: 'ConfigMap', jsonPointers: ['/data'] }] });
});
