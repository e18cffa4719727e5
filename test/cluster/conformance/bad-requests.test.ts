// Bad requests (issue 3, spec §2.7–2.12): the status codes and Status bodies of kube-apiserver —
// 400, 404, 405, 409, 415, 422 with causes — and never a crash or a 500.
import assert from 'node:assert/strict';
import { connect } from 'node:tls';
import { after, before, describe, it } from 'node:test';
import { api, describeLog, setup, type Env, type RawOptions } from './helpers.js';

const CMS = '/api/v1/namespaces/default/configmaps';
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

interface Status {
  kind?: string; apiVersion?: string; status?: string; message?: string; reason?: string; code?: number;
  details?: { name?: string; group?: string; kind?: string; causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

describe('bad requests', { timeout: 60_000 }, () => {
  let env: Env;
  before(async () => {
    env = await setup({ simulate: false });
    const r = await api(env.tc, 'POST', CMS, { body: { metadata: { name: 'exists' }, data: { a: '1' } } });
    assert.equal(r.status, 201, r.text);
  });
  after(async () => { await env?.close(); });

  /** Send a request and check the Status envelope; returns the Status. */
  const expectStatus = async (method: string, path: string, code: number, reason: string, o: RawOptions = {}): Promise<Status> => {
    const r = await api(env.tc, method, path, o);
    assert.equal(r.status, code, `${method} ${path}: ${r.text}`);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    const s = r.json as Status;
    assert.equal(s?.kind, 'Status', r.text);
    assert.equal(s.apiVersion, 'v1');
    assert.equal(s.status, 'Failure');
    assert.equal(s.code, code);
    assert.equal(s.reason, reason, r.text);
    assert.equal(typeof s.message, 'string');
    return s;
  };

  it('400 BadRequest for malformed or mismatched bodies and parameters', async () => {
    await expectStatus('POST', CMS, 400, 'BadRequest', { body: '{"metadata": {"name": "x"' });
    await expectStatus('POST', CMS, 400, 'BadRequest', { body: '[1,2,3]' });
    await expectStatus('POST', CMS, 400, 'BadRequest', { body: '"just a string"' });
    await expectStatus('POST', CMS, 400, 'BadRequest', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } } });
    const ns = await expectStatus('POST', CMS, 400, 'BadRequest', { body: { metadata: { name: 'x', namespace: 'other' } } });
    assert.equal(ns.message, 'the namespace of the provided object does not match the namespace sent on the request');
    const put = await expectStatus('PUT', `${CMS}/exists`, 400, 'BadRequest', { body: { metadata: { name: 'other' } } });
    assert.equal(put.message, 'the name of the object (other) does not match the name on the URL (exists)');
    await expectStatus('PATCH', `${CMS}/exists`, 400, 'BadRequest', { body: '{"data":', contentType: 'application/merge-patch+json' });
    await expectStatus('PATCH', `${CMS}/exists`, 400, 'BadRequest', { body: { data: { a: '2' } }, contentType: 'application/json-patch+json' });
    await expectStatus('POST', `${CMS}?fieldValidation=Bogus`, 400, 'BadRequest', { body: { metadata: { name: 'fv' } } });
    await expectStatus('POST', `${CMS}?dryRun=Bogus`, 400, 'BadRequest', { body: { metadata: { name: 'dr' } } });
    await expectStatus('GET', `${CMS}?labelSelector=${encodeURIComponent('a in (b')}`, 400, 'BadRequest');
    await expectStatus('GET', `${CMS}?fieldSelector=${encodeURIComponent('spec.nope=1')}`, 400, 'BadRequest');
    const mf = await expectStatus('PATCH', `${CMS}/exists?fieldManager=t`, 400, 'BadRequest', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'exists', managedFields: [{ manager: 'x' }] } },
      contentType: 'application/apply-patch+yaml',
    });
    assert.equal(mf.message, 'metadata.managedFields must be nil');
  });

  it('400 BadRequest for wrongly typed fields (the typed decoder of kube-apiserver rejects them)', async () => {
    const cases: Array<[string, string, object]> = [
      ['ConfigMap data value is a number', CMS, { metadata: { name: 'num' }, data: { a: 1 } }],
      ['label value is a number', CMS, { metadata: { name: 'lbl', labels: { a: 1 } } }],
      ['ConfigMap data is a string', CMS, { metadata: { name: 'str' }, data: 'not a map' }],
      ['metadata is a string', CMS, { metadata: 'not an object' }],
      ['Secret stringData value is a boolean', '/api/v1/namespaces/default/secrets', { metadata: { name: 'sd' }, stringData: { a: true } }],
      ['Deployment spec.replicas is a string', DEPLOYS, { metadata: { name: 'rep' }, spec: { replicas: 'two' } }],
    ];
    const seen: string[] = [];
    for (const [what, path, body] of cases) {
      const r = await api(env.tc, 'POST', path, { body });
      const st = r.json as Status | undefined;
      seen.push(`${what}: ${r.status} ${st?.reason ?? ''}`);
      if (what.startsWith('ConfigMap data value') && r.status === 400) {
        assert.match(st?.message ?? '', /^ConfigMap in version "v1" cannot be handled as a ConfigMap: /);
      }
    }
    assert.deepEqual(seen, cases.map(([what]) => `${what}: 400 BadRequest`));
  });

  it('404 NotFound for missing objects, namespaces, resources and paths', async () => {
    const obj = await expectStatus('GET', `${DEPLOYS}/nope`, 404, 'NotFound');
    assert.equal(obj.message, 'deployments.apps "nope" not found');
    assert.deepEqual(obj.details, { name: 'nope', group: 'apps', kind: 'deployments' });
    const core = await expectStatus('GET', `${CMS}/nope`, 404, 'NotFound');
    assert.equal(core.message, 'configmaps "nope" not found');
    const ns = await expectStatus('POST', '/api/v1/namespaces/ghost/configmaps', 404, 'NotFound', { body: { metadata: { name: 'x' } } });
    assert.equal(ns.message, 'namespaces "ghost" not found');
    assert.equal(ns.details?.name, 'ghost');
    assert.equal(ns.details?.kind, 'namespaces');
    assert.ok(!ns.details?.group, 'core group is empty');
    for (const p of ['/apis/nope.example.com/v1', '/api/v1/nopes', '/apis/apps/v9/deployments', '/totally/unknown']) {
      const s = await expectStatus('GET', p, 404, 'NotFound');
      assert.equal(s.message, 'the server could not find the requested resource', p);
    }
    await expectStatus('PATCH', `${CMS}/nope`, 404, 'NotFound', { body: { data: {} }, contentType: 'application/merge-patch+json' });
    await expectStatus('PUT', `${CMS}/nope`, 404, 'NotFound', { body: { metadata: { name: 'nope' } } });
    await expectStatus('DELETE', `${CMS}/nope`, 404, 'NotFound');
  });

  it('405 MethodNotAllowed for a method the resource does not serve', async () => {
    const s = await expectStatus('POST', `${CMS}/exists`, 405, 'MethodNotAllowed', { body: { metadata: { name: 'exists' } } });
    assert.equal(s.message, 'the server does not allow this method on the requested resource');
  });

  it('409 AlreadyExists and Conflict', async () => {
    const ae = await expectStatus('POST', CMS, 409, 'AlreadyExists', { body: { metadata: { name: 'exists' } } });
    assert.equal(ae.message, 'configmaps "exists" already exists');
    assert.equal(ae.details?.name, 'exists');
    assert.equal(ae.details?.kind, 'configmaps');
    assert.ok(!ae.details?.group, 'core group is empty');
    const c = await expectStatus('PUT', `${CMS}/exists`, 409, 'Conflict', { body: { metadata: { name: 'exists', resourceVersion: '1' }, data: { a: '9' } } });
    assert.equal(c.message, 'Operation cannot be fulfilled on configmaps "exists": the object has been modified; please apply your changes to the latest version and try again');
  });

  it('415 UnsupportedMediaType for unknown patch and body types', async () => {
    const s = await expectStatus('PATCH', `${CMS}/exists`, 415, 'UnsupportedMediaType', { body: 'a=b', contentType: 'text/plain' });
    assert.match(s.message ?? '', /^the body of the request was in an unknown format - accepted media types include: /);
    for (const t of ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml']) {
      assert.ok(s.message?.includes(t), `${t} not listed: ${s.message}`);
    }
    await expectStatus('POST', CMS, 415, 'UnsupportedMediaType', { body: '<xml/>', contentType: 'application/xml' });
  });

  it('422 Invalid with field causes', async () => {
    const d = await expectStatus('POST', DEPLOYS, 422, 'Invalid', { body: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'broken' }, spec: { template: { spec: { containers: [] } } } } });
    assert.equal(d.details?.kind, 'Deployment');
    assert.equal(d.details?.group, 'apps');
    assert.equal(d.details?.name, 'broken');
    const causes = d.details?.causes ?? [];
    assert.ok(causes.some((c) => c.field === 'spec.selector' && c.reason === 'FieldValueRequired'), JSON.stringify(causes));
    assert.ok(causes.some((c) => c.field === 'spec.template.spec.containers' && c.reason === 'FieldValueRequired'), JSON.stringify(causes));
    assert.match(d.message ?? '', /^Deployment\.apps "broken" is invalid: \[/);

    const n = await expectStatus('POST', CMS, 422, 'Invalid', { body: { metadata: { name: 'Bad_Name' } } });
    assert.deepEqual(n.details?.causes?.map((c) => [c.field, c.reason]), [['metadata.name', 'FieldValueInvalid']]);
    assert.match(n.message ?? '', /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/);
    const none = await expectStatus('POST', CMS, 422, 'Invalid', { body: { metadata: {} } });
    assert.equal(none.details?.causes?.[0]?.field, 'metadata.name');
    assert.equal(none.details?.causes?.[0]?.reason, 'FieldValueRequired');

    const force = await expectStatus('PATCH', `${CMS}/exists?force=true`, 422, 'Invalid', { body: { data: {} }, contentType: 'application/merge-patch+json' });
    assert.equal(force.message, 'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
    const mgr = await expectStatus('PATCH', `${CMS}/exists`, 422, 'Invalid', { body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'exists' } }, contentType: 'application/apply-patch+yaml' });
    assert.equal(mgr.message, 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const jp = await expectStatus('PATCH', `${CMS}/exists`, 422, 'Invalid', { body: [{ op: 'remove', path: '/data/missing' }], contentType: 'application/json-patch+json' });
    assert.equal(jp.message, 'the server rejected our request due to an error in our request');
  });

  it('garbage never crashes the server and never yields a 500', async () => {
    const junk: Array<[string, string, RawOptions]> = [
      ['POST', CMS, { body: Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]) }],
      ['POST', CMS, { body: Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0xff, 0xff]), contentType: 'application/vnd.kubernetes.protobuf' }],
      ['POST', CMS, { body: '{"metadata":{"name":"deep","labels":' + '['.repeat(5000) + ']'.repeat(5000) + '}}' }],
      ['POST', CMS, { body: { metadata: { name: 'typed', labels: { a: 1 } }, data: 'not a map' } }],
      ['POST', CMS, { body: 'null' }],
      ['PUT', `${CMS}/exists`, { body: 'null' }],
      ['PATCH', `${CMS}/exists`, { body: 'null', contentType: 'application/merge-patch+json' }],
      ['PATCH', `${CMS}/exists?fieldManager=t`, { body: ':\n- : [', contentType: 'application/apply-patch+yaml' }],
      ['GET', `${CMS}?limit=abc`, {}],
      ['GET', `${CMS}?continue=not-a-token&limit=1`, {}],
      ['GET', `${CMS}?watch=true&resourceVersion=abc`, {}],
      ['DELETE', `${CMS}/exists`, { body: '{"propagationPolicy":"Sideways"}' }],
      ['GET', '/api/v1/namespaces/default/configmaps/exists/status', {}],
      ['GET', '/apis/apps/v1/namespaces/default/deployments/x/scale/extra', {}],
    ];
    const failures: string[] = [];
    for (const [i, [method, path, o]] of junk.entries()) {
      const r = await api(env.tc, method, path, o);
      const what = `#${i} ${method} ${path} [${o.contentType ?? 'application/json'}] -> ${r.status} ${r.text.slice(0, 200)}`;
      if (r.status >= 500) failures.push(what);
      else if (r.status >= 400 && (r.json as Status | undefined)?.kind !== 'Status') failures.push(`not a Status: ${what}`);
    }
    assert.deepEqual(failures, []);
    // A broken HTTP request on a raw TLS socket.
    await new Promise<void>((resolvePromise) => {
      const s = connect({ host: '127.0.0.1', port: env.tc.port, ca: env.tc.caPem, servername: 'localhost' }, () => {
        s.write('GARBAGE / HTTP/9.9\r\n\r\n\r\n');
      });
      s.on('data', () => s.end());
      s.on('error', () => resolvePromise());
      s.on('close', () => resolvePromise());
    });
    const v = await api(env.tc, 'GET', '/version');
    assert.equal(v.status, 200);
    const fivexx = env.tc.requestLog.filter((e) => e.status >= 500);
    assert.deepEqual(fivexx.map((e) => `${e.method} ${e.path} ${e.status}`), [], describeLog(fivexx));
  });
});
