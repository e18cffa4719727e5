// Transport details a real API server exercises but the test server does not: gzip bodies, a
// server URL with a path prefix (Rancher-style proxies), basic auth, impersonation headers, a
// token file read per request, and a watch that goes silent.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { Transport } from '../../../src/engine/kube/transport.js';
import { watchStream } from '../../../src/engine/kube/watch.js';
import type { ClusterConfig } from '../../../src/engine/kube/kubeconfig.js';

describe('transport', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const seen: IncomingMessage[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plumb-transport-'));
    server = createServer((req, res) => {
      seen.push(req);
      if (req.url?.startsWith('/prefix/api/v1/big')) {
        const body = gzipSync(JSON.stringify({ kind: 'ConfigMapList', items: [{ metadata: { name: 'x'.repeat(1000) } }] }));
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(body);
        return;
      }
      if (req.url?.startsWith('/prefix/api/v1/silent')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"7"}}}\n');
        return; // then nothing: the connection looks alive but is not
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/prefix`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  const config = (over: Partial<ClusterConfig> = {}): ClusterConfig => ({
    context: 'fake', cluster: 'c', user: 'u', namespace: 'default', server: base, insecureSkipTlsVerify: true,
    disableCompression: false, credentials: {}, source: 'x', ...over,
  });

  it('decodes gzip bodies and keeps the server path prefix', async () => {
    const t = new Transport(config());
    const r = await t.json<{ items: Array<{ metadata: { name: string } }> }>({ method: 'GET', path: '/api/v1/big', retry: true, subject: { verb: 'list' } });
    assert.equal(r.items[0]!.metadata.name.length, 1000);
    assert.equal(seen.at(-1)!.headers['accept-encoding'], 'gzip');
    t.close();
  });

  it('sends basic auth and impersonation headers', async () => {
    const t = new Transport(config({
      credentials: { basic: { username: 'admin', password: 'pw' } },
      impersonate: { user: 'jane', groups: ['devs', 'ops'], extra: { scopes: ['view'] } },
    }));
    await t.request({ method: 'GET', path: '/api', retry: true, subject: { verb: 'get' } });
    const h = seen.at(-1)!.headers;
    assert.equal(h['authorization'], `Basic ${Buffer.from('admin:pw').toString('base64')}`);
    assert.equal(h['impersonate-user'], 'jane');
    assert.equal(h['impersonate-group'], 'devs, ops');
    assert.equal(h['impersonate-extra-scopes'], 'view');
    assert.match(String(h['user-agent']), /^plumb\//);
    t.close();
  });

  it('reads the token from a token file', async () => {
    const file = join(dir, 'token');
    writeFileSync(file, 'tok-1\n');
    const t = new Transport(config({ credentials: { tokenFile: file } }));
    await t.request({ method: 'GET', path: '/api', retry: true, subject: { verb: 'get' } });
    assert.equal(seen.at(-1)!.headers['authorization'], 'Bearer tok-1');
    t.close();
  });

  it('a watch that goes silent ends with a timeout error instead of hanging', async () => {
    const t = new Transport(config());
    const res = await t.stream({ method: 'GET', path: '/api/v1/silent?watch=true', retry: false, subject: { verb: 'watch' } });
    const w = watchStream(res, '', { context: 'fake', server: base, verb: 'watch', resource: 'silent' }, { apiVersion: 'v1', kind: 'ConfigMap' }, () => false, 200);
    const types: string[] = [];
    await assert.rejects(async () => { for await (const ev of w) types.push(ev.type); }, /cannot reach the cluster at .* \(context "fake"\): timed out/);
    assert.deepEqual(types, ['ADDED']);
    assert.equal(w.resourceVersion, '7');
    t.close();
  });
});
