// Kubeconfig as kubectl reads it: which files, which context, and everything needed to connect
// (server, TLS, credentials). Certificate and key files are read here; token files and exec
// plugins are evaluated per request by the client (they change over time).
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import type { EngineProblem } from '../types.js';
import { kubeconfigFiles, readKubeconfigs, resolveRef, type Entry, type MergedKubeconfig, type RawCluster, type RawUser } from './kubeconfig-files.js';

export type InteractiveMode = 'Never' | 'IfAvailable' | 'Always';

/** An exec credential plugin (`users[].user.exec`). */
export interface ExecConfig {
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
  apiVersion: string;
  installHint?: string;
  provideClusterInfo: boolean;
  interactiveMode: InteractiveMode;
}

/** Secrets of a user. Printing or JSON-serialising this object shows `[redacted]`. */
export interface Credentials {
  token?: string;
  /** absolute path; re-read by the client (projected service account tokens rotate) */
  tokenFile?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  basic?: { username: string; password: string };
  exec?: ExecConfig;
}

export interface Impersonation { user?: string; uid?: string; groups?: string[]; extra?: Record<string, string[]> }

/** Everything needed to talk to the cluster of one context. */
export interface ClusterConfig {
  context: string;
  cluster: string;
  user: string;
  /** the context's namespace, 'default' when unset */
  namespace: string;
  server: string;
  caPem?: string;
  insecureSkipTlsVerify: boolean;
  tlsServerName?: string;
  disableCompression: boolean;
  credentials: Credentials;
  impersonate?: Impersonation;
  /** `extensions[name=client.authentication.k8s.io/exec]` of the cluster, for exec plugins with provideClusterInfo */
  execClusterConfig?: unknown;
  /** the kubeconfig file that defined the context */
  source: string;
}

export interface ContextInfo {
  name: string;
  cluster?: string;
  user?: string;
  namespace: string;
  server?: string;
  file: string;
  current: boolean;
}

export interface KubeconfigOptions {
  env: Record<string, string | undefined>;
  /** `--kubeconfig`: only this file, which must exist */
  explicitPath?: string;
  /** `--context`: instead of current-context */
  context?: string;
  /** `--namespace`: instead of the context's namespace */
  namespace?: string;
  cwd?: string;
}

export interface KubeconfigResult {
  /** undefined when a problem of severity 'error' prevents connecting */
  config?: ClusterConfig;
  contexts: ContextInfo[];
  currentContext?: string;
  /** the files that were read, in merge order */
  files: string[];
  problems: EngineProblem[];
}

const EXEC_CLUSTER_EXTENSION = 'client.authentication.k8s.io/exec';

export async function loadKubeconfig(opts: KubeconfigOptions): Promise<KubeconfigResult> {
  const { files, required } = kubeconfigFiles(opts.env, opts.explicitPath, opts.cwd);
  const merged = await readKubeconfigs(files, required);
  const problems = [...merged.problems];
  const contexts = contextInfos(merged);
  const base = { contexts, currentContext: merged.currentContext?.name, files: merged.files, problems };
  if (problems.some((p) => p.severity === 'error')) return base;
  if (!merged.files.length) {
    const where = opts.env['KUBECONFIG'] ? `the files in KUBECONFIG (${files.join(', ')})` : files[0] ?? '~/.kube/config';
    problems.push({ severity: 'error', message: `no kubeconfig found: ${where} does not exist` });
    return base;
  }
  const ctxName = opts.context || merged.currentContext?.name;
  const fileList = merged.files.join(', ');
  if (!ctxName) {
    problems.push({ severity: 'error', message: `no current context is set in ${fileList}; choose one with --context (contexts: ${names(merged.contexts)})`, location: { file: merged.files[0]!, line: 1 } });
    return base;
  }
  const ctx = merged.contexts.get(ctxName);
  if (!ctx) {
    const why = opts.context ? `context "${ctxName}" was not found` : `current-context "${ctxName}" (set in ${merged.currentContext?.file}) is not defined`;
    problems.push({ severity: 'error', message: `${why} in ${fileList} (contexts: ${names(merged.contexts)})` });
    return base;
  }
  const at = { file: ctx.file, line: ctx.line ?? 1 };
  const clusterName = ctx.value.cluster ?? '';
  const cl = merged.clusters.get(clusterName);
  if (!cl) {
    problems.push({ severity: 'error', message: clusterName ? `context "${ctxName}" refers to cluster "${clusterName}", which is not defined in ${fileList}` : `context "${ctxName}" names no cluster`, location: at });
    return base;
  }
  const userName = ctx.value.user ?? '';
  const us = userName ? merged.users.get(userName) : undefined;
  if (userName && !us) {
    problems.push({ severity: 'error', message: `context "${ctxName}" refers to user "${userName}", which is not defined in ${fileList}`, location: at });
    return base;
  }
  const cluster = await resolveCluster(cl, problems);
  const credentials = us ? await resolveUser(us, problems) : hideSecrets({});
  if (!cluster || !credentials || problems.some((p) => p.severity === 'error')) return base;
  const u = us?.value;
  const impersonate: Impersonation | undefined = u && (u.as || u['as-uid'] || u['as-groups']?.length || u['as-user-extra'])
    ? { user: u.as, uid: u['as-uid'], groups: u['as-groups'], extra: u['as-user-extra'] } : undefined;
  const config: ClusterConfig = {
    context: ctxName, cluster: clusterName, user: userName,
    namespace: opts.namespace || ctx.value.namespace || 'default',
    ...cluster, credentials, impersonate, source: ctx.file,
  };
  return { ...base, config };
}

/** The contexts of the kubeconfig files kubectl would read, for a context picker. */
export async function listContexts(opts: Omit<KubeconfigOptions, 'context' | 'namespace'>): Promise<{ contexts: ContextInfo[]; currentContext?: string; problems: EngineProblem[] }> {
  const { files, required } = kubeconfigFiles(opts.env, opts.explicitPath, opts.cwd);
  const merged = await readKubeconfigs(files, required);
  return { contexts: contextInfos(merged), currentContext: merged.currentContext?.name, problems: merged.problems };
}

function contextInfos(m: MergedKubeconfig): ContextInfo[] {
  return [...m.contexts.values()].map((c) => ({
    name: c.name, cluster: c.value.cluster, user: c.value.user, namespace: c.value.namespace || 'default',
    server: c.value.cluster ? m.clusters.get(c.value.cluster)?.value.server : undefined,
    file: c.file, current: c.name === m.currentContext?.name,
  }));
}

const names = (m: Map<string, unknown>) => (m.size ? [...m.keys()].map((n) => `"${n}"`).join(', ') : 'none');

type ClusterPart = Pick<ClusterConfig, 'server' | 'caPem' | 'insecureSkipTlsVerify' | 'tlsServerName' | 'disableCompression' | 'execClusterConfig'>;

async function resolveCluster(e: Entry<RawCluster>, problems: EngineProblem[]): Promise<ClusterPart | undefined> {
  const c = e.value;
  const at = { file: e.file, line: e.line ?? 1 };
  const server = typeof c.server === 'string' ? c.server.trim() : '';
  if (!server) {
    problems.push({ severity: 'error', message: `cluster "${e.name}" in ${e.file} has no server`, location: at });
    return undefined;
  }
  try {
    const u = new URL(server);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    problems.push({ severity: 'error', message: `cluster "${e.name}" in ${e.file}: server "${server}" is not an http(s) URL`, location: at });
    return undefined;
  }
  let caPem: string | undefined;
  if (c['certificate-authority-data']) {
    caPem = decodeData(c['certificate-authority-data'], `certificate-authority-data of cluster "${e.name}"`, at, problems);
  } else if (c['certificate-authority']) {
    caPem = await readRef(c['certificate-authority'], e.file, `certificate-authority of cluster "${e.name}"`, at, problems);
  }
  const insecure = c['insecure-skip-tls-verify'] === true;
  if (insecure && caPem) {
    // client-go refuses this combination; so do we, rather than silently picking one.
    problems.push({ severity: 'error', message: `cluster "${e.name}" in ${e.file} sets both a certificate authority and insecure-skip-tls-verify, which kubectl does not allow`, location: at });
  }
  if (c['proxy-url']) {
    problems.push({ severity: 'warning', message: `cluster "${e.name}" in ${e.file}: proxy-url is not supported yet; connecting to ${server} directly`, location: at });
  }
  const ext = Array.isArray(c.extensions) ? c.extensions.find((x) => x?.name === EXEC_CLUSTER_EXTENSION)?.extension : undefined;
  return {
    server: server.replace(/\/+$/, ''), caPem, insecureSkipTlsVerify: insecure,
    tlsServerName: c['tls-server-name'] || undefined, disableCompression: c['disable-compression'] === true, execClusterConfig: ext,
  };
}

async function resolveUser(e: Entry<RawUser>, problems: EngineProblem[]): Promise<Credentials | undefined> {
  const u = e.value;
  const at = { file: e.file, line: e.line ?? 1 };
  const who = `user "${e.name}"`;
  const cred: Credentials = {};
  if (u['auth-provider']) {
    const name = u['auth-provider'].name ?? 'unknown';
    const hint = name === 'gcp' ? ' (use gke-gcloud-auth-plugin)' : name === 'azure' ? ' (use kubelogin)' : name === 'oidc' ? ' (use kubelogin / oidc-login as an exec plugin)' : '';
    problems.push({ severity: 'error', message: `${who} in ${e.file} uses auth-provider "${name}", which is not supported; configure an exec credential plugin instead${hint}`, location: at });
    return undefined;
  }
  if (u.token) cred.token = u.token;
  else if (u.tokenFile) cred.tokenFile = resolveRef(u.tokenFile, e.file);
  if (u.username || u.password) {
    if (cred.token || cred.tokenFile) problems.push({ severity: 'warning', message: `${who} in ${e.file} has both a token and basic auth; the token is used`, location: at });
    else cred.basic = { username: u.username ?? '', password: u.password ?? '' };
  }
  const certPem = u['client-certificate-data']
    ? decodeData(u['client-certificate-data'], `client-certificate-data of ${who}`, at, problems)
    : u['client-certificate'] ? await readRef(u['client-certificate'], e.file, `client-certificate of ${who}`, at, problems) : undefined;
  const keyPem = u['client-key-data']
    ? decodeData(u['client-key-data'], `client-key-data of ${who}`, at, problems)
    : u['client-key'] ? await readRef(u['client-key'], e.file, `client-key of ${who}`, at, problems) : undefined;
  if ((certPem === undefined) !== (keyPem === undefined)) {
    problems.push({ severity: 'error', message: `${who} in ${e.file} has a client certificate without a key (or a key without a certificate)`, location: at });
    return undefined;
  }
  if (certPem && keyPem) { cred.clientCertPem = certPem; cred.clientKeyPem = keyPem; }
  if (u.exec) {
    const x = u.exec;
    if (!x.command) {
      problems.push({ severity: 'error', message: `${who} in ${e.file}: exec has no command`, location: at });
      return undefined;
    }
    const apiVersion = x.apiVersion ?? '';
    if (apiVersion !== 'client.authentication.k8s.io/v1' && apiVersion !== 'client.authentication.k8s.io/v1beta1') {
      problems.push({ severity: 'error', message: `${who} in ${e.file}: exec apiVersion "${apiVersion}" is not supported (use client.authentication.k8s.io/v1 or v1beta1)`, location: at });
      return undefined;
    }
    const mode = x.interactiveMode ?? 'IfAvailable';
    if (mode !== 'Never' && mode !== 'IfAvailable' && mode !== 'Always') {
      problems.push({ severity: 'error', message: `${who} in ${e.file}: exec interactiveMode "${mode}" is not one of Never, IfAvailable, Always`, location: at });
      return undefined;
    }
    // Like client-go: a command with a path separator is a file reference, a bare name is looked up in PATH.
    const command = /[\\/]/.test(x.command) ? resolveRef(x.command, e.file) : x.command;
    cred.exec = {
      command, args: Array.isArray(x.args) ? x.args.map(String) : [],
      env: Array.isArray(x.env) ? x.env.filter((v) => v && typeof v.name === 'string').map((v) => ({ name: v.name!, value: String(v.value ?? '') })) : [],
      apiVersion, installHint: x.installHint, provideClusterInfo: x.provideClusterInfo === true, interactiveMode: mode,
    };
  }
  return hideSecrets(cred);
}

function decodeData(b64: string, what: string, at: { file: string; line: number }, problems: EngineProblem[]): string | undefined {
  const s = String(b64).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
    problems.push({ severity: 'error', message: `${what} in ${at.file} is not valid base64`, location: at });
    return undefined;
  }
  return Buffer.from(s, 'base64').toString('utf8');
}

async function readRef(p: string, file: string, what: string, at: { file: string; line: number }, problems: EngineProblem[]): Promise<string | undefined> {
  const abs = resolveRef(p, file);
  try {
    return await readFile(abs, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.push({ severity: 'error', message: `${what} (${abs}, from ${file}) cannot be read: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, location: at });
    return undefined;
  }
}

/** Makes accidental logging of credentials print `[redacted]` instead of the values. */
export function hideSecrets<T extends object>(o: T): T {
  Object.defineProperty(o, 'toJSON', { value: () => '[redacted]', enumerable: false });
  Object.defineProperty(o, inspect.custom, { value: () => '[redacted credentials]', enumerable: false });
  return o;
}
