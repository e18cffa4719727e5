// Exec credential plugins (client.authentication.k8s.io v1 / v1beta1 ExecCredential), run
// asynchronously so a slow or interactive login never blocks the editor. The plugin gets no TTY
// and no stdin: an interactive login prompt fails fast with a message instead of hanging.
// Credentials are cached until their expirationTimestamp and never appear in messages.
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import type { ExecConfig } from './kubeconfig.js';
import { KubeError } from './errors.js';

export interface ExecCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  /** ms since epoch; undefined = valid until the server rejects it */
  expiresAt?: number;
}

export interface ExecClusterInfo {
  server: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'certificate-authority-data'?: string;
  'disable-compression'?: boolean;
  config?: unknown;
}

export interface ExecAuthOptions {
  /** the user's environment; the plugin's env entries are added on top */
  env: Record<string, string | undefined>;
  context: string;
  cluster?: ExecClusterInfo;
  /** default 60 s: cloud CLIs refreshing a token can be slow, but must not hang forever */
  timeoutMs?: number;
}

/** Renew a little before expiry, so a request does not race the deadline. */
const EXPIRY_MARGIN_MS = 10_000;
const STDERR_LIMIT = 4096;

/** Runs one plugin configuration; share one instance per user so the cache is shared. */
export class ExecAuthenticator {
  private cached?: ExecCredential;
  private inflight?: { promise: Promise<ExecCredential>; waiters: number; kill: () => void };

  constructor(private readonly exec: ExecConfig, private readonly opts: ExecAuthOptions) {}

  /** A valid credential, running the plugin only when there is none cached (or `force`). */
  async credential(signal?: AbortSignal, force = false): Promise<ExecCredential> {
    const c = this.cached;
    if (!force && c && (c.expiresAt === undefined || c.expiresAt - EXPIRY_MARGIN_MS > Date.now())) return c;
    if (!this.inflight) {
      let kill = () => {};
      const promise = runPlugin(this.exec, this.opts, (k) => { kill = k; }).then((cred) => {
        this.cached = cred;
        return cred;
      }).finally(() => { this.inflight = undefined; });
      this.inflight = { promise, waiters: 0, kill: () => kill() };
    }
    return this.wait(this.inflight, signal);
  }

  /** Forget the cached credential (after a 401), so the next call runs the plugin again. */
  invalidate(): void { this.cached = undefined; }

  private wait(run: NonNullable<ExecAuthenticator['inflight']>, signal?: AbortSignal): Promise<ExecCredential> {
    if (signal?.aborted) return Promise.reject(new KubeError(0, 'Aborted', 'the request was cancelled'));
    run.waiters++;
    if (!signal) return run.promise; // a waiter that cannot cancel keeps the plugin alive
    return new Promise<ExecCredential>((resolve, reject) => {
      const onAbort = () => {
        // The last waiter gone: stop the plugin rather than leave it running in the background.
        if (--run.waiters === 0) run.kill();
        reject(new KubeError(0, 'Aborted', 'the request was cancelled'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      run.promise.then(
        (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
        (e: unknown) => { signal.removeEventListener('abort', onAbort); reject(e); },
      );
    });
  }
}

function runPlugin(exec: ExecConfig, opts: ExecAuthOptions, setKill: (k: () => void) => void): Promise<ExecCredential> {
  const name = basename(exec.command);
  const label = `exec plugin "${name}" of context "${opts.context}"`;
  const fail = (msg: string) => new KubeError(0, 'ExecPlugin', `${label} ${msg}`);
  if (exec.interactiveMode === 'Always') {
    // Always means it needs a terminal; we never have one to give it.
    return Promise.reject(fail(`needs an interactive terminal (interactiveMode: Always); log in once in a terminal (e.g. \`kubectl --context ${opts.context} get ns\`) or set interactiveMode: IfAvailable`));
  }
  const info: Record<string, unknown> = { apiVersion: exec.apiVersion, kind: 'ExecCredential', spec: { interactive: false } };
  if (exec.provideClusterInfo && opts.cluster) (info['spec'] as Record<string, unknown>)['cluster'] = opts.cluster;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
  for (const e of exec.env) env[e.name] = e.value;
  env['KUBERNETES_EXEC_INFO'] = JSON.stringify(info);

  return new Promise<ExecCredential>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const child = spawn(exec.command, exec.args, { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const done = (err: KubeError | undefined, cred?: ExecCredential) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err); else resolve(cred!);
    };
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done(fail(`did not finish within ${+(timeoutMs / 1000).toFixed(1)} s (is it waiting for an interactive login?)`));
    }, timeoutMs);
    setKill(() => { child.kill('SIGKILL'); done(new KubeError(0, 'Aborted', 'the request was cancelled')); });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d: string) => { stdout += d; });
    child.stderr.on('data', (d: string) => { if (stderr.length < STDERR_LIMIT) stderr += d; });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') done(fail(`was not found: "${exec.command}" is not installed or not in PATH${exec.installHint ? `\n${exec.installHint.trim()}` : ''}`));
      else done(fail(`could not be started: ${e.message}`));
    });
    child.on('close', (code, sig) => {
      if (settled) return;
      const errText = stderr.trim().slice(0, 1000);
      if (code !== 0) {
        done(fail(`failed (${sig ? `killed by ${sig}` : `exit code ${code}`})${errText ? `: ${errText}` : ''}`));
        return;
      }
      try {
        done(undefined, parseExecCredential(stdout, exec.apiVersion));
      } catch (e) {
        // Never echo stdout: it may hold a token even when malformed.
        done(fail(`printed an invalid ExecCredential: ${(e as Error).message}`));
      }
    });
  });
}

/** Validates the plugin's output as client-go does. */
export function parseExecCredential(text: string, apiVersion: string): ExecCredential {
  let v: unknown;
  try { v = JSON.parse(text); } catch { throw new Error('the output is not JSON'); }
  const o = v as { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> };
  if (!o || typeof o !== 'object') throw new Error('the output is not a JSON object');
  if (o.kind !== 'ExecCredential') throw new Error(`kind is ${JSON.stringify(o.kind)}, expected "ExecCredential"`);
  if (o.apiVersion !== apiVersion) throw new Error(`apiVersion is ${JSON.stringify(o.apiVersion)}, expected "${apiVersion}" as configured`);
  const s = o.status;
  if (!s || typeof s !== 'object') throw new Error('status is missing');
  const str = (k: string) => (typeof s[k] === 'string' && s[k] ? (s[k] as string) : undefined);
  const cred: ExecCredential = { token: str('token'), clientCertificateData: str('clientCertificateData'), clientKeyData: str('clientKeyData') };
  if (!cred.token && !(cred.clientCertificateData && cred.clientKeyData)) throw new Error('status has neither a token nor a client certificate and key');
  if ((cred.clientCertificateData === undefined) !== (cred.clientKeyData === undefined)) throw new Error('status has a client certificate without a key (or a key without a certificate)');
  const exp = str('expirationTimestamp');
  if (exp) {
    const t = Date.parse(exp);
    if (Number.isNaN(t)) throw new Error(`expirationTimestamp "${exp}" is not a timestamp`);
    cred.expiresAt = t;
  }
  return cred;
}
