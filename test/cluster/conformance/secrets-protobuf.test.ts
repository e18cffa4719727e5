// Spec §6 T31: `kubectl create configmap|secret generic` send protobuf bodies; Secret stringData
// becomes data and is never stored; kubectl diff masks Secret values.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeLog, dig, expectCode, expectLine, expectRequest, getObject, setup, type Env } from './helpers.js';

const secretYaml = (apiKey: string) => `apiVersion: v1
kind: Secret
metadata:
  name: api
stringData:
  apiKey: "${apiKey}"
`;

describe('protobuf generators and Secrets (T31)', { timeout: 90_000 }, () => {
  let env: Env;
  before(async () => { env = await setup({ simulate: false }); });
  after(async () => { await env?.close(); });

  it('T31 kubectl create configmap / secret generic (protobuf request bodies)', async () => {
    const m = env.mark();
    const c = await env.kubectl('create', 'configmap', 'c2', '--from-literal=a=b');
    expectCode(c, 0);
    expectLine(c.stdout, 'configmap/c2 created');
    const post = expectRequest(env.since(m), 'POST', '/api/v1/namespaces/default/configmaps');
    assert.equal(post.contentType, 'application/vnd.kubernetes.protobuf', describeLog(env.since(m)));
    assert.deepEqual(dig(getObject(env.tc, '', 'v1', 'configmaps', 'default', 'c2'), 'data'), { a: 'b' });

    const s = await env.kubectl('create', 'secret', 'generic', 's1', '--from-literal=pw=hunter2');
    expectCode(s, 0);
    expectLine(s.stdout, 'secret/s1 created');
    const pw = await env.kubectl('get', 'secret', 's1', '-o', 'jsonpath={.data.pw}');
    expectCode(pw, 0);
    assert.equal(pw.stdout, 'aHVudGVyMg==');
    assert.equal(dig(getObject(env.tc, '', 'v1', 'secrets', 'default', 's1'), 'type'), 'Opaque');
  });

  it('T31 stringData is stored as base64 data; diff masks the values', async () => {
    env.write('secret.yaml', secretYaml('x'));
    const a = await env.kubectl('apply', '-f', 'secret.yaml');
    expectCode(a, 0);
    expectLine(a.stdout, 'secret/api created');
    const stored = getObject(env.tc, '', 'v1', 'secrets', 'default', 'api');
    assert.equal(dig(stored, 'data', 'apiKey'), 'eA==');
    assert.equal(dig(stored, 'type'), 'Opaque');
    assert.equal(dig(stored, 'stringData'), undefined, 'stringData must never be stored');
    // Re-applying the same stringData: kubectl's 3-way patch always re-sends stringData (the live
    // object has none), so real clusters print "configured" (kubernetes/kubernetes#87736) — but the
    // stored object is unchanged, so the write is a no-op that keeps the resourceVersion (§2.8).
    const rv = stored?.metadata.resourceVersion;
    const again = await env.kubectl('apply', '-f', 'secret.yaml');
    expectCode(again, 0);
    expectLine(again.stdout, 'secret/api configured');
    assert.equal(getObject(env.tc, '', 'v1', 'secrets', 'default', 'api')?.metadata.resourceVersion, rv, 'a no-op stringData apply bumped resourceVersion');

    env.write('secret2.yaml', secretYaml('changed'));
    const d = await env.kubectl('diff', '-f', 'secret2.yaml');
    expectCode(d, 1);
    expectLine(d.stdout, "-  apiKey: '*** (before)'");
    expectLine(d.stdout, "+  apiKey: '*** (after)'");
    assert.equal(dig(getObject(env.tc, '', 'v1', 'secrets', 'default', 'api'), 'data', 'apiKey'), 'eA==', 'diff changed the Secret');
  });
});
