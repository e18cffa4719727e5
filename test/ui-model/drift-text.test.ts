// The words of inline drift on small hand-built inputs: relative times from `now`, fields shown on
// an ancestor's line, Secret values masked even when a caller passes raw ones, what each
// controller does, and ignore rules for keyed and quoted paths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppSpec } from '../../src/engine/types.js';
import { afterLineText, controllerOutcome, hoverMarkdown, type DriftFacts } from '../../src/ui-model/drift/drift-text.js';
import { driftDiagnostics } from '../../src/ui-model/drift/file-problems.js';
import { ignoreFields } from '../../src/ui-model/drift/drift-actions.js';
import { jqPaths } from '../../src/engine/diff/index.js';

const now = Date.parse('2026-11-26T12:00:00Z');
const app = (over: Partial<AppSpec>): AppSpec => ({ name: 'shop', controller: 'plain', source: { type: 'directory', path: 'apps/shop' }, destination: {}, ...over });
const facts = (over: Partial<DriftFacts> = {}): DriftFacts => ({
  app: app({}), ref: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' },
  drift: { path: 'spec.replicas', desired: 2, live: 5, manager: 'kubectl-edit', time: '2026-11-26T10:00:00Z' }, exact: true, secret: false, ...over,
});

test('after-line text: live value, manager and relative time; an ancestor line names the field', () => {
  assert.equal(afterLineText(facts(), now), 'live: 5 · kubectl-edit, 2 h ago');
  assert.equal(afterLineText(facts({ exact: false, drift: { path: 'metadata.labels.team', live: 'x' } }), now, 2), 'live metadata.labels.team: x (+2 more)');
  assert.equal(afterLineText(facts({ drift: { path: 'spec.paused', desired: true } }), now), 'live: (absent)');
});

test('Secret values are masked in the text, the hover and the diagnostics, whatever the caller passes', () => {
  const f = facts({ secret: true, ref: { group: '', kind: 'Secret', namespace: 'shop', name: 'db' }, drift: { path: 'data.password', desired: 'hunter2', live: 'letmein', manager: 'kubectl-edit' } });
  const all = [afterLineText(f, now), hoverMarkdown([f], now), ...driftDiagnostics([{ line: 3, app: 'shop', ref: f.ref, facts: [f], text: '', hover: '', severity: 'information' }]).map((d) => d.message)].join('\n');
  assert.ok(!all.includes('hunter2') && !all.includes('letmein'), all);
  assert.match(all, /masked/);
});

test('what happens next depends on the controller and on whether Git has the field', () => {
  const d = { path: 'spec.replicas', desired: 2, live: 5 };
  assert.match(controllerOutcome(app({ controller: 'argocd', syncPolicy: { automated: true, selfHeal: true } }), d), /self-heal is on: it reverts/);
  assert.match(controllerOutcome(app({ controller: 'argocd', syncPolicy: { automated: true } }), d), /without self-heal/);
  assert.match(controllerOutcome(app({ controller: 'argocd' }), d), /until someone syncs/);
  assert.match(controllerOutcome(app({ controller: 'flux' }), d), /Flux reverts this/);
  assert.match(controllerOutcome(app({ controller: 'flux' }), { path: 'metadata.labels.x', live: 'y' }), /Flux leaves it/);
  assert.match(controllerOutcome(app({ controller: 'flux', suspended: true }), d), /suspended/);
  assert.match(controllerOutcome(app({}), d), /plumb sync/);
});

test('hover escapes names from users files and shows Git vs live', () => {
  const md = hoverMarkdown([facts({ ref: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web_[x]' } })], now);
  assert.match(md, /web\\_\\\[x\\\]/);
  assert.match(md, /- Git: `2`/);
  assert.match(md, /- Live: `5`/);
  assert.match(md, /Changed by `kubectl-edit` 2 h ago/);
});

test('ignore rules: JSON pointers for plain paths, jq that the engine evaluates for keyed items', () => {
  assert.deepEqual(ignoreFields('metadata.labels["app.kubernetes.io/team"]'), { jsonPointers: ['/metadata/labels/app.kubernetes.io~1team'] });
  assert.deepEqual(ignoreFields('spec.template.spec.containers[0].image'), { jsonPointers: ['/spec/template/spec/containers/0/image'] });
  const jq = ignoreFields('spec.template.spec.containers[name=web].ports[containerPort=8080,protocol=TCP].containerPort')!.jqPathExpressions![0]!;
  const obj = { spec: { template: { spec: { containers: [{ name: 'side', ports: [{ containerPort: 8080, protocol: 'TCP' }] }, { name: 'web', ports: [{ containerPort: 8080, protocol: 'TCP' }] }] } } } };
  const paths = jqPaths(jq, obj as never).map((p) => JSON.stringify(p));
  assert.deepEqual(paths, [JSON.stringify(['spec', 'template', 'spec', 'containers', 1, 'ports', 0, 'containerPort'])], jq);
  const quoted = ignoreFields('spec.template.spec.containers[name=web].env[name=A].valueFrom["x/y"]')!.jqPathExpressions![0]!;
  assert.equal(quoted, '.spec.template.spec.containers[] | select(.name == "web") | .env[] | select(.name == "A") | .valueFrom["x/y"]');
});
