import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from './errors.js';
import { decodeKubeProtobuf, isProtobufContentType } from './protobuf.js';
import { PROTOBUF_FIXTURES } from './protobuf.fixtures.js';

const body = (name: string) => Buffer.from(PROTOBUF_FIXTURES[name]!.body, 'base64');

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError && e.code === 400 && e.reason === 'BadRequest') return e.message;
    throw e;
  }
  assert.fail('expected 400 BadRequest');
}

for (const [name, fx] of Object.entries(PROTOBUF_FIXTURES)) {
  test(`decodes what \`${fx.command}\` sends into the JSON kubectl would send`, () => {
    assert.deepEqual(decodeKubeProtobuf(body(name)), fx.json);
  });
}

test('spot checks: Secret bytes are base64, ints stay ints, IntOrString, Time, map entries', () => {
  const secret = decodeKubeProtobuf(body('secret-generic'));
  assert.deepEqual(secret.data, { user: Buffer.from('admin').toString('base64'), pw: Buffer.from('p@ss').toString('base64') });
  const dep = decodeKubeProtobuf(body('deployment')) as Record<string, any>;
  assert.equal(dep.spec.replicas, 2);
  assert.deepEqual(dep.spec.template.spec.containers[0].ports, [{ containerPort: 80 }]);
  assert.equal(dep.metadata.creationTimestamp, null);
  const svc = decodeKubeProtobuf(body('service-clusterip')) as Record<string, any>;
  assert.deepEqual(svc.spec.ports.map((p: { targetPort: unknown }) => p.targetPort), [8080, 443]);
  const ing = decodeKubeProtobuf(body('ingress')) as Record<string, any>;
  assert.deepEqual(ing.spec.defaultBackend.service.port, { name: 'http' });
  assert.equal(ing.spec.rules[0].http.paths[0].backend.service.port.number, 8080);
  const pc0 = decodeKubeProtobuf(body('priorityclass-zero')) as Record<string, any>;
  assert.equal(pc0.value, 0, 'a zero value of a field without omitempty stays');
  const cr = decodeKubeProtobuf(body('clusterrole-aggregate')) as Record<string, any>;
  assert.equal(cr.rules, null, 'a nil list without omitempty is null');
});

test('kubectl create token sa1 --duration=1h --audience=api (TokenRequest on serviceaccounts/sa1/token)', () => {
  const captured = Buffer.from('azhzAAooChhhdXRoZW50aWNhdGlvbi5rOHMuaW8vdjESDFRva2VuUmVxdWVzdBIiChAKABIAGgAiACoAMgA4AEIAEggKA2FwaSCQHBoECgASABoAIgA=', 'base64');
  assert.deepEqual(decodeKubeProtobuf(captured), {
    kind: 'TokenRequest', apiVersion: 'authentication.k8s.io/v1',
    metadata: { creationTimestamp: null },
    spec: { audiences: ['api'], expirationSeconds: 3600 },
    status: { token: '', expirationTimestamp: null },
  });
});

test('a set creationTimestamp decodes to RFC 3339 seconds', () => {
  // Namespace{metadata{name "t", creationTimestamp{seconds 1700000000}}}
  const ts = [0x08, ...varint(1700000000)];
  const meta = [0x0a, 0x01, 0x74, 0x42, ts.length, ...ts];
  const ns = [0x0a, meta.length, ...meta];
  const envelope = withEnvelope('v1', 'Namespace', ns);
  assert.equal(decodeKubeProtobuf(envelope).metadata.creationTimestamp, '2023-11-14T22:13:20Z');
});

test('unknown fields are skipped', () => {
  // ConfigMap{metadata{name "u"}, 99: "junk", data{"k": "v"}} with an unknown varint field 98 too
  const meta = [0x0a, 0x01, 0x75];
  const entry = [0x0a, 0x01, 0x6b, 0x12, 0x01, 0x76];
  const raw = [0x0a, meta.length, ...meta, 0x9a, 0x06, 0x04, 0x6a, 0x75, 0x6e, 0x6b, 0x90, 0x06, 0x05, 0x12, entry.length, ...entry];
  assert.deepEqual(decodeKubeProtobuf(withEnvelope('v1', 'ConfigMap', raw)), {
    kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'u' }, data: { k: 'v' },
  });
});

test('undecodable bodies answer 400, never crash', () => {
  assert.match(badRequest(() => decodeKubeProtobuf(Buffer.from('{"kind":"ConfigMap"}'), 'ConfigMap')),
    /^the object provided is unrecognized \(must be of type ConfigMap\): provided data does not appear to be a protobuf message/);
  assert.match(badRequest(() => decodeKubeProtobuf(Buffer.alloc(0))), /\(<empty>\)$/);
  const good = body('deployment');
  for (let cut = 5; cut < good.length; cut += 7) {
    const msg = badRequest(() => decodeKubeProtobuf(good.subarray(0, cut)));
    assert.ok(msg.length > 0);
  }
  assert.match(badRequest(() => decodeKubeProtobuf(withEnvelope('v1', 'ConfigMap', [0x0a, 0x05, 0x01]))), /^ConfigMap in version "v1" cannot be handled as a ConfigMap: unexpected EOF/);
  assert.match(badRequest(() => decodeKubeProtobuf(withEnvelope('v1', 'ConfigMap', [0x08, 0x01]))), /wrong wireType/);
  assert.match(badRequest(() => decodeKubeProtobuf(withEnvelope('apps/v1', 'StatefulSet', []))), /no protobuf field table for apps\/v1, Kind=StatefulSet/);
  for (let i = 0; i < 200; i++) {
    const junk = Buffer.concat([Buffer.from([0x6b, 0x38, 0x73, 0x00]), Buffer.from(Array.from({ length: 40 }, (_, j) => (i * 31 + j * 17) & 0xff))]);
    try {
      decodeKubeProtobuf(junk);
    } catch (e) {
      assert.ok(e instanceof StatusError && e.code === 400, String(e));
    }
  }
});

test('isProtobufContentType', () => {
  assert.equal(isProtobufContentType('application/vnd.kubernetes.protobuf'), true);
  assert.equal(isProtobufContentType('Application/Vnd.Kubernetes.Protobuf; charset=utf-8'), true);
  assert.equal(isProtobufContentType('application/json'), false);
  assert.equal(isProtobufContentType(undefined), false);
});

function varint(n: number): number[] {
  const out: number[] = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return out;
}

function bytesField(num: number, payload: number[]): number[] {
  return [(num << 3) | 2, ...varint(payload.length), ...payload];
}

function withEnvelope(apiVersion: string, kind: string, raw: number[]): Buffer {
  const enc = (s: string) => [...Buffer.from(s)];
  const typeMeta = [...bytesField(1, enc(apiVersion)), ...bytesField(2, enc(kind))];
  return Buffer.from([0x6b, 0x38, 0x73, 0x00, ...bytesField(1, typeMeta), ...bytesField(2, raw), ...bytesField(3, []), ...bytesField(4, [])]);
}
