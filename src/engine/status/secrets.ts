// Secrets in Git (issue 5): SealedSecrets, SOPS-encrypted files and ExternalSecrets are recognised
// and compared as they are: Plumb never decrypts anything. A plain Secret whose values sit in Git
// is a warning naming the file and line of the first value (never the value itself).
import type { AppSpec, EngineProblem, KubeObject, RenderedObject } from '../types.js';

export type SecretForm = 'SealedSecret' | 'ExternalSecret' | 'SOPS';

const rec = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : undefined);

/** A SOPS-encrypted document: a top-level `sops` block with its MAC or key groups (what `sops -e` writes). */
export function isSopsEncrypted(o: KubeObject): boolean {
  const sops = rec((o as Record<string, unknown>)['sops']);
  return !!sops && ('mac' in sops || 'lastmodified' in sops || 'age' in sops || 'pgp' in sops || 'kms' in sops);
}

/** How an object keeps a secret safe in Git, if it is one of the recognised forms. */
export function secretForm(o: KubeObject): SecretForm | undefined {
  if (isSopsEncrypted(o)) return 'SOPS';
  const group = (o.apiVersion ?? '').split('/')[0];
  if (o.kind === 'SealedSecret' && group === 'bitnami.com') return 'SealedSecret';
  if ((o.kind === 'ExternalSecret' || o.kind === 'ClusterExternalSecret') && group === 'external-secrets.io') return 'ExternalSecret';
  return undefined;
}

const SENSITIVE_NAME = /pass|secret|token|key|cred|auth|cert/i;

const isSecret = (o: KubeObject) => o.kind === 'Secret' && (o.apiVersion === 'v1' || o.apiVersion === undefined);

/** Keys with a non-empty value in data / stringData. */
function valueKeys(o: KubeObject): string[] {
  const out: string[] = [];
  for (const field of ['data', 'stringData']) {
    const m = rec((o as Record<string, unknown>)[field]);
    for (const [k, v] of Object.entries(m ?? {})) if (typeof v === 'string' && v !== '') out.push(`${field}.${k}`);
  }
  return out;
}

/**
 * One warning per plain Secret that carries values in Git (not SOPS-encrypted), located at its
 * first value's file and line (for a Helm chart: the values file line), with the keys but never
 * the values.
 */
export function plainSecretWarnings(app: AppSpec, objects: readonly RenderedObject[]): EngineProblem[] {
  const out: EngineProblem[] = [];
  for (const r of objects) {
    if (!isSecret(r.object) || isSopsEncrypted(r.object)) continue;
    const keys = valueKeys(r.object);
    if (!keys.length) continue;
    // Point at the value that most looks like a credential (DB_PASSWORD rather than DB_USER).
    const ranked = [...keys.filter((k) => SENSITIVE_NAME.test(k)), ...keys.filter((k) => !SENSITIVE_NAME.test(k))];
    const located = ranked.map((k) => r.fieldSources?.[k]).find((l) => l !== undefined) ?? r.source;
    const ns = r.object.metadata?.namespace;
    out.push({
      severity: 'warning', app: app.name,
      object: { group: '', kind: 'Secret', ...(ns ? { namespace: ns } : {}), name: r.object.metadata?.name ?? '' },
      ...(located ? { location: { file: located.file, line: located.line } } : {}),
      message: `Secret ${ns ? `${ns}/` : ''}${r.object.metadata?.name ?? ''} has its values in Git in plain text (${keys.join(', ')}): keep them in a SealedSecret, a SOPS-encrypted file or an ExternalSecret`,
    });
  }
  return out;
}

/**
 * What a SOPS-encrypted object is compared as: its metadata, type and keys as written, the values
 * taken from the live object where the key exists there (ciphertext cannot be compared with
 * what Flux decrypted, and Plumb never decrypts), and without the `sops` block.
 */
export function sopsComparable(desired: KubeObject, live: KubeObject | undefined): KubeObject {
  const copy = { ...(desired as Record<string, unknown>) };
  delete copy['sops'];
  for (const field of ['data', 'stringData']) {
    const m = rec(copy[field]);
    if (!m) continue;
    const liveData = rec((live as Record<string, unknown> | undefined)?.['data']) ?? {};
    // stringData lands in data on the server: both compare against live data, by key.
    const next: Record<string, unknown> = {};
    for (const k of Object.keys(m)) next[k] = k in liveData ? liveData[k] : m[k];
    if (field === 'stringData') {
      delete copy['stringData'];
      copy['data'] = { ...(rec(copy['data']) ?? {}), ...next };
    } else {
      copy['data'] = { ...(rec(copy['data']) ?? {}), ...next };
    }
  }
  return copy as KubeObject;
}
