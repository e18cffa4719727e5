// A minimal JSON client for the test cluster (admin token, the cluster's CA), so these tests
// read objects exactly as the API server returns them without depending on other engine code.
import { request } from 'node:https';
import type { KubeObject } from '../../../src/engine/types.js';
import type { TestCluster } from '../../cluster/server.js';

export interface Api {
  /** server-side apply as the engine does it (field manager plumb, force) */
  apply(path: string, obj: KubeObject): Promise<KubeObject>;
  get(path: string): Promise<KubeObject>;
  del(path: string, body?: unknown): Promise<KubeObject>;
  patch(path: string, body: unknown): Promise<KubeObject>;
}

export function clusterApi(c: TestCluster): Api {
  const call = (method: string, path: string, body?: unknown, contentType = 'application/json') =>
    new Promise<KubeObject>((resolve, reject) => {
      const url = new URL(path, c.url);
      const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = request(url, {
        method, ca: c.caPem,
        headers: { authorization: `Bearer ${c.adminToken}`, accept: 'application/json', ...(data ? { 'content-type': contentType, 'content-length': data.length } : {}) },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 0) >= 300) reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
          else resolve(JSON.parse(text) as KubeObject);
        });
      });
      req.on('error', reject);
      req.end(data);
    });
  return {
    // JSON is YAML, so the apply body can be sent as JSON text.
    apply: (path, obj) => call('PATCH', `${path}?fieldManager=plumb&force=true`, obj, 'application/apply-patch+yaml'),
    get: (path) => call('GET', path),
    del: (path, body) => call('DELETE', path, body),
    patch: (path, body) => call('PATCH', path, body, 'application/merge-patch+json'),
  };
}
