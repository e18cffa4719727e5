// Secrets in Git: SealedSecrets, ExternalSecrets and SOPS-encrypted files are recognised and
// compared as they are (nothing is decrypted); a plain Secret with values in Git is a warning in
// `plumb status` naming file:line; no secret value ever appears in the output.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isSopsEncrypted, plainSecretWarnings, secretForm, sopsComparable } from '../../../src/engine/status/secrets.js';
import type { AppSpec, KubeObject } from '../../../src/engine/types.js';
import { startSyncEnv, type SyncEnv } from '../sync/env.js';
import { plumbRunner } from '../../cli/redis-repo.js';

const SOPS_SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: api-token
  namespace: vault
type: Opaque
stringData:
  token: ENC[AES256_GCM,data:q1w2e3r4,iv:aaaa,tag:bbbb,type:str]
sops:
  age:
    - recipient: age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq
      enc: |
        -----BEGIN AGE ENCRYPTED FILE-----
        c2FtcGxl
        -----END AGE ENCRYPTED FILE-----
  lastmodified: "2026-01-10T09:00:00Z"
  mac: ENC[AES256_GCM,data:mmmm,iv:cccc,tag:dddd,type:str]
  encrypted_regex: ^(data|stringData)$
  version: 3.9.1
`;
const SEALED = `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  name: smtp
  namespace: vault
spec:
  encryptedData:
    password: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq
  template:
    metadata:
      name: smtp
`;
const EXTERNAL = `apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: stripe
  namespace: vault
spec:
  refreshInterval: 1h
  secretStoreRef:
    kind: ClusterSecretStore
    name: vault-backend
  target:
    name: stripe
  data:
    - secretKey: api-key
      remoteRef:
        key: shop/stripe
        property: api-key
`;
const PLAIN = `# Left over from before the move to SealedSecrets.
apiVersion: v1
kind: Secret
metadata:
  name: legacy-db
  namespace: vault
data:
  password: aHVudGVyMg==
`;

test('secretForm recognises SealedSecret, ExternalSecret and SOPS; plain and empty Secrets are not', () => {
  const o = (apiVersion: string, kind: string, more: Record<string, unknown> = {}): KubeObject => ({ apiVersion, kind, metadata: { name: 'x' }, ...more });
  assert.equal(secretForm(o('bitnami.com/v1alpha1', 'SealedSecret')), 'SealedSecret');
  assert.equal(secretForm(o('external-secrets.io/v1beta1', 'ExternalSecret')), 'ExternalSecret');
  assert.equal(secretForm(o('v1', 'Secret', { sops: { mac: 'ENC[…]', version: '3.9.1' } })), 'SOPS');
  assert.equal(secretForm(o('v1', 'Secret', { sops: 'not a block' })), undefined);
  assert.equal(secretForm(o('v1', 'Secret', { data: { a: 'YQ==' } })), undefined);
  const app: AppSpec = { name: 'a', controller: 'plain', source: { type: 'directory', path: 'a' }, destination: {} };
  const w = plainSecretWarnings(app, [
    { object: o('v1', 'Secret', { data: { a: 'YQ==' } }), source: { file: 'a/s.yaml', line: 2 }, fieldSources: { 'data.a': { file: 'a/s.yaml', line: 7 } } },
    { object: o('v1', 'Secret', { stringData: { a: '' } }), source: { file: 'a/empty.yaml', line: 1 } },
    { object: o('v1', 'Secret', { stringData: { a: 'ENC[x]' }, sops: { mac: 'm' } }), source: { file: 'a/sops.yaml', line: 1 } },
  ]);
  assert.deepEqual(w.map((p) => [p.location?.file, p.location?.line, p.severity]), [['a/s.yaml', 7, 'warning']]);
  assert.doesNotMatch(w[0]!.message, /YQ==/);
  // SOPS comparison: keys and metadata as written, values from live where the key exists, no sops block.
  const sops = { ...o('v1', 'Secret', { stringData: { a: 'ENC[1]', b: 'ENC[2]' }, sops: { mac: 'm' } }) };
  assert.ok(isSopsEncrypted(sops));
  assert.deepEqual(sopsComparable(sops, { ...o('v1', 'Secret'), data: { a: 'bGl2ZQ==' } }), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: { a: 'bGl2ZQ==', b: 'ENC[2]' } });
});

let env: SyncEnv;
before(async () => {
  env = await startSyncEnv();
  await env.namespace('vault');
  // The controllers' CRDs (trimmed), as their Helm charts install them.
  for (const [group, kind, plural] of [['bitnami.com', 'SealedSecret', 'sealedsecrets'], ['external-secrets.io', 'ExternalSecret', 'externalsecrets']] as const) {
    await env.client.apply({
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: `${plural}.${group}` },
      spec: { group, scope: 'Namespaced', names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
        versions: [{ name: group === 'bitnami.com' ? 'v1alpha1' : 'v1beta1', served: true, storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } } } }] },
    } as KubeObject, { fieldManager: 'helm' });
  }
  env.addApp('vault', 'vault', 'vault');
  env.write('vault/api-token.sops.yaml', SOPS_SECRET);
  env.write('vault/smtp-sealed.yaml', SEALED);
  env.write('vault/stripe-external.yaml', EXTERNAL);
  env.write('vault/legacy-db.yaml', PLAIN);
});
after(async () => { await env.close(); });

const plumb = plumbRunner(() => env);

const SECRET_TEXT = /hunter2|aHVudGVyMg|q1w2e3r4|AgBy3i4OJSWK|c2VjcmV0LXRva2Vu|secret-token/;

test('plumb status: a warning for the plain Secret at its file:line; none for the SOPS, sealed and external ones', async () => {
  const r = await plumb('status', 'vault');
  assert.equal(r.code, 0, r.err);
  const warnings = r.err.split('\n').filter((l) => l.startsWith('warning:') && /plain text/.test(l));
  assert.deepEqual(warnings, ['warning: [vault] vault/legacy-db.yaml:8: Secret vault/legacy-db has its values in Git in plain text (data.password): keep them in a SealedSecret, a SOPS-encrypted file or an ExternalSecret']);
  assert.doesNotMatch(r.out + r.err, SECRET_TEXT);
  // The payments chart's demo password is found too, at the values file line.
  const shop = await plumb('status', 'payments');
  assert.match(shop.err, /warning: \[payments\] charts\/payments\/values\.yaml:24: Secret payments\/payments-db has its values in Git in plain text \(stringData\.DB_USER, stringData\.DB_PASSWORD\)/);
  assert.doesNotMatch(shop.err, /s3cr3t-demo-only/);
});

test('sync applies SealedSecret and ExternalSecret as they are and never writes the SOPS file; diff compares SOPS by keys only', async () => {
  const s = await plumb('sync', 'vault', '--yes');
  assert.equal(s.code, 0, s.out + s.err);
  assert.match(s.out, /skip\s+Secret\/vault\/api-token\s+SOPS-encrypted in Git: Plumb never decrypts/);
  assert.doesNotMatch(s.out + s.err, SECRET_TEXT);
  const sealed = await env.client.get({ group: 'bitnami.com', kind: 'SealedSecret', namespace: 'vault', name: 'smtp' });
  assert.deepEqual((sealed['spec'] as { encryptedData: unknown }).encryptedData, { password: 'AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq' });
  await assert.rejects(env.client.get({ group: '', kind: 'Secret', namespace: 'vault', name: 'api-token' }), /not found/);
  // Before Flux decrypts it, the SOPS Secret is Missing: drift.
  assert.equal((await plumb('diff', 'vault', '--exit-code')).code, 1);
  // What Flux's decryption writes: the same key with the clear value.
  await env.client.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-token', namespace: 'vault' }, type: 'Opaque', data: { token: Buffer.from('secret-token').toString('base64') } }, { fieldManager: 'kustomize-controller' });
  const d = await plumb('diff', 'vault', '--exit-code');
  assert.equal(d.code, 0, d.out + d.err);
  assert.doesNotMatch(d.out + d.err, SECRET_TEXT);
  // A key that Git has and the cluster lacks is drift, reported without any value.
  env.edit('vault/api-token.sops.yaml', (t) => t.replace('stringData:\n', 'stringData:\n  extra: ENC[AES256_GCM,data:zzzz,iv:eeee,tag:ffff,type:str]\n'));
  const missingKey = await plumb('diff', 'vault', '--exit-code', '--json');
  assert.equal(missingKey.code, 1);
  const j = JSON.parse(missingKey.out) as { apps: Array<{ resources: Array<{ name: string; status: string; drift: Array<{ path: string }> }> }> };
  const res = j.apps[0]!.resources.find((x) => x.name === 'api-token')!;
  assert.equal(res.status, 'OutOfSync');
  assert.deepEqual(res.drift.map((x) => x.path), ['data.extra']);
  assert.doesNotMatch(missingKey.out, /zzzz|secret-token|c2VjcmV0LXRva2Vu/);
});
