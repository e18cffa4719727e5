// Helm renders map fields back to the values-file keys they come from (the shop chart with its
// prod values file and an Argo CD parameter), and the template reader finds the usual forms.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { discoverApps } from '../../../src/engine/discovery/index.js';
import { renderApp } from '../../../src/engine/render/index.js';
import { templateRefs } from '../../../src/engine/render/helm-values-map.js';

const SHOP = join(__dirname, '..', '..', 'fixtures', 'repos', 'shop');
const lineOf = (rel: string, re: RegExp) => readFileSync(join(SHOP, rel), 'utf8').split('\n').findIndex((l) => re.test(l)) + 1;

test('payments: fields map to the highest-precedence values key; template-only fields keep the template line', async () => {
  const signal = new AbortController().signal;
  const app = (await discoverApps(SHOP, { signal })).apps.find((a) => a.name === 'payments')!;
  const r = await renderApp(app, SHOP, signal);
  assert.deepEqual(r.problems, []);
  const deploy = r.objects.find((o) => o.object.kind === 'Deployment')!;
  const fs = deploy.fieldSources ?? {};
  const prod = 'charts/payments/values-prod.yaml';
  const base = 'charts/payments/values.yaml';
  assert.deepEqual(fs['spec.replicas'], { file: prod, line: lineOf(prod, /^replicaCount:/), column: 1 });
  assert.equal(fs['spec.template.spec.containers[name=payments].resources.limits.memory']?.line, lineOf(prod, /memory: 512Mi/));
  assert.equal(fs['spec.template.spec.containers[name=payments].resources.limits.memory']?.file, prod);
  assert.equal(fs['spec.template.spec.containers[name=payments].env[name=DB_HOST].value']?.file, base, 'through an include of a helper');
  assert.equal(fs['spec.template.metadata.annotations["prometheus.io/scrape"]']?.file, prod, 'a with-block merged into a map');
  assert.equal(fs['spec.template.spec.containers[name=payments].imagePullPolicy']?.line, lineOf(base, /pullPolicy:/));
  assert.equal(fs['metadata.labels["app.kubernetes.io/version"]']?.file, 'argocd/apps/payments.yaml', 'an Argo CD --set parameter');
  assert.equal(fs['metadata.labels["app.kubernetes.io/version"]']?.line, lineOf('argocd/apps/payments.yaml', /value: "2\.4\.1"/));
  assert.equal(fs['spec.template.spec.containers[name=payments].image'], undefined, 'printf of two values: not a single key');
  const cm = r.objects.find((o) => o.object.kind === 'ConfigMap')!;
  assert.equal(cm.fieldSources?.['data.LOG_LEVEL']?.line, lineOf(prod, /logLevel: warn/));
  assert.equal(cm.fieldSources?.['data.CURRENCY']?.file, base);
});

test('template reader: scalar refs, toYaml blocks under a key, with-blocks, and merged blocks', () => {
  const refs = templateRefs([
    'spec:',
    '  replicas: {{ .Values.replicaCount }}',
    '  template:',
    '    metadata:',
    '      annotations:',
    '        checksum: {{ include "x" . | sha256sum }}',
    '        {{- with .Values.podAnnotations }}',
    '        {{- toYaml . | nindent 8 }}',
    '        {{- end }}',
    '    spec:',
    '      resources:',
    '        {{- toYaml .Values.resources | nindent 12 }}',
    '      {{- with .Values.nodeSelector }}',
    '      nodeSelector:',
    '        {{- toYaml . | nindent 8 }}',
    '      {{- end }}',
    '      name: "{{ .Values.a.b }}-x"',
  ].join('\n'));
  assert.deepEqual(refs, [
    { key: 'replicas', values: ['replicaCount'], block: false },
    { key: '*', values: ['podAnnotations'], block: true },
    { key: 'resources', values: ['resources'], block: true },
    { key: 'nodeSelector', values: ['nodeSelector'], block: true },
    { key: 'name', values: ['a', 'b'], block: false },
  ]);
});
