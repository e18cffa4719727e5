// Request credentials for one ClusterConfig: static token, token file (re-read, since projected
// service-account tokens rotate), basic auth, client certificates from kubeconfig or from an exec
// plugin, and impersonation headers. Exec authenticators are shared process-wide per plugin
// configuration, so several clients of one context run the plugin once.
import { readFile } from 'node:fs/promises';
import { ExecAuthenticator, type ExecClusterInfo } from './exec-auth.js';
import type { ClusterConfig } from './kubeconfig.js';
import { KubeError } from './errors.js';

export interface RequestIdentity {
  headers: Record<string, string | string[]>;
  /** client certificate for TLS, when the user has one */
  clientCert?: { certPem: string; keyPem: string };
}

const TOKEN_FILE_TTL_MS = 60_000;
const execAuthenticators = new Map<string, ExecAuthenticator>();

export class Authenticator {
  private tokenFileCache?: { token: string; readAt: number };
  private readonly exec?: ExecAuthenticator;

  constructor(private readonly config: ClusterConfig, env: Record<string, string | undefined>) {
    const x = config.credentials.exec;
    if (x) {
      const cluster: ExecClusterInfo = { server: config.server };
      if (config.tlsServerName) cluster['tls-server-name'] = config.tlsServerName;
      if (config.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
      if (config.caPem) cluster['certificate-authority-data'] = Buffer.from(config.caPem).toString('base64');
      if (config.disableCompression) cluster['disable-compression'] = true;
      if (config.execClusterConfig !== undefined) cluster.config = config.execClusterConfig;
      const key = JSON.stringify([x, config.context, cluster]);
      let a = execAuthenticators.get(key);
      if (!a) { a = new ExecAuthenticator(x, { env, context: config.context, cluster }); execAuthenticators.set(key, a); }
      this.exec = a;
    }
  }

  /** Whether a 401 may be cured by fetching the credential again. */
  get refreshable(): boolean { return !!this.exec || !!this.config.credentials.tokenFile; }

  /** Drop cached credentials after a 401. */
  invalidate(): void {
    this.exec?.invalidate();
    this.tokenFileCache = undefined;
  }

  async identity(signal?: AbortSignal): Promise<RequestIdentity> {
    const c = this.config.credentials;
    const headers: Record<string, string | string[]> = {};
    let clientCert = c.clientCertPem && c.clientKeyPem ? { certPem: c.clientCertPem, keyPem: c.clientKeyPem } : undefined;
    let token = c.token;
    if (!token && c.tokenFile) token = await this.readTokenFile(c.tokenFile);
    if (this.exec) {
      const cred = await this.exec.credential(signal);
      // The plugin's credential takes precedence, as in client-go's exec round tripper.
      if (cred.token) token = cred.token;
      if (cred.clientCertificateData && cred.clientKeyData) clientCert = { certPem: cred.clientCertificateData, keyPem: cred.clientKeyData };
    }
    if (token) headers['authorization'] = `Bearer ${token}`;
    else if (c.basic) headers['authorization'] = `Basic ${Buffer.from(`${c.basic.username}:${c.basic.password}`).toString('base64')}`;
    const imp = this.config.impersonate;
    if (imp) {
      if (imp.user) headers['impersonate-user'] = imp.user;
      if (imp.uid) headers['impersonate-uid'] = imp.uid;
      if (imp.groups?.length) headers['impersonate-group'] = imp.groups;
      for (const [k, vs] of Object.entries(imp.extra ?? {})) headers[`impersonate-extra-${encodeURIComponent(k)}`] = vs;
    }
    return { headers, clientCert };
  }

  private async readTokenFile(file: string): Promise<string> {
    const hit = this.tokenFileCache;
    if (hit && Date.now() - hit.readAt < TOKEN_FILE_TTL_MS) return hit.token;
    try {
      const token = (await readFile(file, 'utf8')).trim();
      this.tokenFileCache = { token, readAt: Date.now() };
      return token;
    } catch (e) {
      throw new KubeError(0, 'Config', `the token file ${file} of context "${this.config.context}" cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
}
