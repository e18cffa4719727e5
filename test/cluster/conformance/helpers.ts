// Shared harness of the conformance suite (spec §6): one test cluster and one kubectl per test
// file, the spec's inline manifests, output/request-log assertions and a raw HTTPS client for
// what kubectl cannot show (status codes, Status bodies, watch frames).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { KObject, ResourceType } from '../api/types.js';
import { startTestCluster, type RequestLogEntry, type TestCluster, type TestClusterOptions } from '../server.js';
import { makeKubectl, type Kubectl, type KubectlResult } from '../testing/kubectl.js';

/** The project's sample GitOps repository ($SHOP in the spec). */
export const SHOP = resolve(__dirname, '../../fixtures/repos/shop');

// ---------- the spec's inline manifests (§6 conventions) ----------

export const CM_YAML = `apiVersion: v1
kind: ConfigMap
metadata:
  name: c1
data:
  a: "1"
`;

export function deployYaml(replicas: number, name = 'web', image = 'nginx:1.25'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: web
        image: ${image}
`;
}

export const CRD_YAML = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: applications.argoproj.io
spec:
  group: argoproj.io
  scope: Namespaced
  names:
    kind: Application
    listKind: ApplicationList
    plural: applications
    singular: application
    shortNames: [app, apps]
  versions:
  - name: v1alpha1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
    subresources:
      status: {}
`;

// ---------- environment ----------

export interface LogMark { readonly entry: RequestLogEntry | undefined; readonly length: number }

export interface Env {
  tc: TestCluster;
  k: Kubectl;
  /** kubectl ARGS with this file's kubeconfig and cache dir, cwd = k.dir */
  kubectl(...args: string[]): Promise<KubectlResult>;
  /** write a manifest into k.dir (or a sub dir) and return its absolute path */
  write(name: string, text: string): string;
  mark(): LogMark;
  since(m: LogMark): RequestLogEntry[];
  close(): Promise<void>;
}

export async function setup(opts: TestClusterOptions = {}): Promise<Env> {
  const tc = await startTestCluster(opts);
  const k = makeKubectl(tc);
  return envFor(tc, k);
}

export function envFor(tc: TestCluster, k: Kubectl): Env {
  return {
    tc, k,
    kubectl: (...args) => k.run(args),
    write: (name, text) => writeFile(k.dir, name, text),
    mark: () => markLog(tc),
    since: (m) => logSince(tc, m),
    async close() { k.dispose(); await tc.close(); },
  };
}

export function writeFile(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
  return p;
}

export function markLog(tc: TestCluster): LogMark {
  return { entry: tc.requestLog[tc.requestLog.length - 1], length: tc.requestLog.length };
}

/** Requests logged after the mark (robust against the log being trimmed at its head). */
export function logSince(tc: TestCluster, m: LogMark): RequestLogEntry[] {
  const log = tc.requestLog;
  if (!m.entry) return log.slice();
  const i = log.lastIndexOf(m.entry);
  return i >= 0 ? log.slice(i + 1) : log.slice(Math.max(0, m.length));
}

// ---------- assertions on kubectl results ----------

export function show(r: KubectlResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}`;
}

export function expectCode(r: KubectlResult, code: number, what = ''): void {
  assert.equal(r.code, code, `${what ? what + ': ' : ''}expected exit ${code}\n${show(r)}`);
}

export function lines(s: string): string[] {
  return s.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
}

export function expectLine(text: string, expected: string | RegExp, what = ''): void {
  const ls = lines(text);
  const ok = ls.some((l) => (typeof expected === 'string' ? l === expected : expected.test(l)));
  assert.ok(ok, `${what ? what + ': ' : ''}no line ${typeof expected === 'string' ? JSON.stringify(expected) : expected} in\n${text}`);
}

export function expectNoLine(text: string, re: RegExp, what = ''): void {
  const bad = lines(text).filter((l) => re.test(l));
  assert.deepEqual(bad, [], `${what ? what + ': ' : ''}unexpected lines matching ${re}`);
}

/** Whitespace-separated cells of a table row. */
export function cells(line: string): string[] {
  return line.trim().split(/\s+/);
}

/** The row of a kubectl table whose first (or `col`-th) cell is `key`. */
export function row(table: string, key: string, col = 0): string[] | undefined {
  return lines(table).map(cells).find((c) => c[col] === key);
}

// ---------- request log ----------

export function pathOf(e: RequestLogEntry): string { return e.path.split('?')[0]!; }
export function queryOf(e: RequestLogEntry): URLSearchParams { return new URL(e.path, 'https://x').searchParams; }

export function describeLog(entries: RequestLogEntry[]): string {
  return entries.map((e) => `${e.method} ${e.path} -> ${e.status} [${e.contentType ?? ''}] ${e.userAgent ?? ''}`).join('\n');
}

export function findRequest(entries: RequestLogEntry[], method: string, path: string | RegExp): RequestLogEntry | undefined {
  return entries.find((e) => e.method === method && (typeof path === 'string' ? pathOf(e) === path : path.test(e.path)));
}

export function expectRequest(entries: RequestLogEntry[], method: string, path: string | RegExp, what = ''): RequestLogEntry {
  const e = findRequest(entries, method, path);
  assert.ok(e, `${what ? what + ': ' : ''}no ${method} ${path} in the request log:\n${describeLog(entries)}`);
  return e;
}

// ---------- object access ----------

export function dig(o: unknown, ...path: Array<string | number>): unknown {
  let cur: unknown = o;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

export function typeOf(tc: TestCluster, group: string, version: string, plural: string): ResourceType {
  const t = tc.cluster.registry.find(group, version, plural);
  assert.ok(t, `resource ${group}/${version}/${plural} is not registered`);
  return t;
}

export function getObject(tc: TestCluster, group: string, version: string, plural: string, ns: string | undefined, name: string): KObject | undefined {
  return tc.cluster.tryGet(typeOf(tc, group, version, plural), ns, name);
}

export function createObject(tc: TestCluster, group: string, version: string, plural: string, ns: string | undefined, body: unknown, manager = 'conformance-test'): KObject {
  return tc.cluster.create(typeOf(tc, group, version, plural), ns, body, { manager }).object;
}

export function createNamespace(tc: TestCluster, name: string): KObject {
  return createObject(tc, '', 'v1', 'namespaces', undefined, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

export async function waitUntil<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000, intervalMs = 25): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Reject with a clear message when `p` does not settle in time (a hung call must not hang the suite). */
export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  try { return await Promise.race([p, t]); } finally { clearTimeout(timer); }
}

// ---------- raw HTTP(S) ----------

export interface RawResponse { status: number; headers: IncomingHttpHeaders; text: string; json: unknown }

export interface RawOptions { body?: string | Buffer | object; contentType?: string; accept?: string; token?: string | null; timeoutMs?: number }

/** One request to the cluster with the admin token (or `token`, or none with null). */
export function api(tc: TestCluster, method: string, path: string, o: RawOptions = {}): Promise<RawResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = rawRequest(tc, method, path, o, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error(`${method} ${path}: timed out`)));
    writeBody(req, o);
  });
}

function rawRequest(tc: TestCluster, method: string, path: string, o: RawOptions, onResponse: (res: IncomingMessage) => void) {
  const u = new URL(path, tc.url);
  const headers: Record<string, string> = { accept: o.accept ?? 'application/json' };
  const token = o.token === undefined ? tc.adminToken : o.token;
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  if (o.body !== undefined) {
    headers['content-type'] = o.contentType ?? 'application/json';
    // Node sends DELETE bodies without framing unless the length is given.
    headers['content-length'] = String(bodyBytes(o).length);
  }
  const reqOpts = { method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers, agent: false as const };
  return u.protocol === 'https:'
    ? httpsRequest({ ...reqOpts, ca: tc.caPem }, onResponse)
    : httpRequest(reqOpts, onResponse);
}

function bodyBytes(o: RawOptions): Buffer {
  if (o.body === undefined) return Buffer.alloc(0);
  if (Buffer.isBuffer(o.body)) return o.body;
  return Buffer.from(typeof o.body === 'string' ? o.body : JSON.stringify(o.body));
}

function writeBody(req: ReturnType<typeof httpRequest>, o: RawOptions): void {
  if (o.body === undefined) req.end();
  else req.end(bodyBytes(o));
}

export interface WatchEvent { type: string; object: Record<string, unknown> }

export interface RawWatch {
  readonly status: number;
  readonly events: WatchEvent[];
  /** resolves when at least n events arrived */
  waitFor(n: number, timeoutMs?: number): Promise<WatchEvent[]>;
  /** resolves when the server ends the stream */
  readonly ended: Promise<void>;
  close(): void;
}

/** Open a watch and collect its newline-delimited events. */
export function openWatch(tc: TestCluster, path: string, o: RawOptions = {}): Promise<RawWatch> {
  return new Promise((resolvePromise, reject) => {
    const events: WatchEvent[] = [];
    let buf = '';
    let endedResolve!: () => void;
    const ended = new Promise<void>((r) => { endedResolve = r; });
    const req = rawRequest(tc, 'GET', path, o, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buf += c;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).trim();
          buf = buf.slice(i + 1);
          if (line) events.push(JSON.parse(line) as WatchEvent);
        }
      });
      const finish = () => {
        if (buf.trim()) { try { events.push(JSON.parse(buf) as WatchEvent); } catch { /* partial frame */ } buf = ''; }
        endedResolve();
      };
      res.on('end', finish);
      res.on('close', finish);
      res.on('error', finish);
      resolvePromise({
        status: res.statusCode ?? 0, events, ended,
        async waitFor(n, timeoutMs = 5000) {
          await waitUntil(() => events.length >= n, `${n} watch events on ${path} (got ${JSON.stringify(events)})`, timeoutMs);
          return events;
        },
        close() { req.destroy(); },
      });
    });
    req.on('error', (e) => { reject(e); endedResolve(); });
    writeBody(req, o);
  });
}

// ---------- background kubectl ----------

export interface BackgroundKubectl {
  stdout(): string;
  stderr(): string;
  readonly done: Promise<KubectlResult>;
  kill(): void;
}

/** Start kubectl without waiting for it (for `get -w` and waiting deletes). */
export function startKubectl(k: Kubectl, args: string[]): BackgroundKubectl {
  const child = spawn('kubectl', [`--kubeconfig=${k.kubeconfig}`, `--cache-dir=${k.cacheDir}`, ...args], {
    cwd: k.dir, env: { ...process.env, HOME: k.dir, KUBECONFIG: k.kubeconfig }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<KubectlResult>((resolvePromise) => {
    child.on('close', (code) => { clearTimeout(timer); resolvePromise({ code: code ?? -1, stdout: out, stderr: err }); });
  });
  return { stdout: () => out, stderr: () => err, done, kill: () => { child.kill('SIGTERM'); } };
}

// ---------- client-node ----------

export function kubeConfig(tc: TestCluster, user: 'admin' | 'restricted' = 'admin'): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromString(tc.kubeconfig(user));
  return kc;
}

// ---------- kubectl tables by column ----------

export interface ParsedTable { columns: string[]; rows: Array<Record<string, string>> }

/**
 * One kubectl table cut at its header's column starts, so cells may be empty or hold single
 * spaces ("0 3 * * *", "cpu: <unknown>/80%"). Column names may too ("NODE SELECTOR"): kubectl
 * pads columns with at least three spaces.
 */
export function parseTable(text: string): ParsedTable {
  const ls = text.split('\n').filter((l) => l.trim() !== '');
  const header = ls[0] ?? '';
  const starts: number[] = [];
  const columns: string[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(header); m; m = re.exec(header)) { starts.push(m.index); columns.push(m[0]); }
  const rows = ls.slice(1).map((l) => Object.fromEntries(columns.map((c, i) => [c, l.slice(starts[i], starts[i + 1]).trim()])));
  return { columns, rows };
}

/** The tables of a multi-table output (`kubectl get all`, `get a,b`), split at blank lines. */
export function parseTables(text: string): ParsedTable[] {
  return text.split(/\n\s*\n/).filter((t) => t.trim() !== '').map(parseTable);
}
