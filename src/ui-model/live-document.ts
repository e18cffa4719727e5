// The read-only `plumb-live:` documents: a live object as YAML with the noise and the secrets
// taken out. The URI names the object, so the same document is reused and refreshed in place.
import { stringify } from 'yaml';
import type { KubeObject, ObjectRef } from '../engine/types.js';

export const LIVE_SCHEME = 'plumb-live';
export const SECRET_VALUE_MASK = '*** (masked)';

/** `/<group or core>/<Kind>/<namespace or _>/<name>.yaml` — readable in the editor tab, reversible. */
export function livePath(ref: ObjectRef): string {
  const seg = (s: string) => encodeURIComponent(s);
  return `/${seg(ref.group || 'core')}/${seg(ref.kind)}/${seg(ref.namespace ?? '_')}/${seg(ref.name)}.yaml`;
}

export function refOfLivePath(path: string): ObjectRef | undefined {
  const m = /^\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\.yaml$/.exec(path);
  if (!m) return undefined;
  const [group, kind, ns, name] = m.slice(1).map((s) => decodeURIComponent(s)) as [string, string, string, string];
  return { group: group === 'core' ? '' : group, kind, ...(ns === '_' ? {} : { namespace: ns }), name };
}

/**
 * The object as the user should read it: managedFields dropped (noise, and they are shown as
 * attribution elsewhere), a Secret's values masked — also inside kubectl's last-applied
 * annotation, which carries the whole Secret.
 */
export function liveYaml(o: KubeObject): string {
  const copy = structuredClone(o);
  if (copy.metadata) delete copy.metadata.managedFields;
  if (copy.kind === 'Secret' && (copy.apiVersion ?? 'v1') === 'v1') {
    for (const key of ['data', 'stringData'] as const) {
      const m = copy[key];
      if (m && typeof m === 'object') copy[key] = Object.fromEntries(Object.keys(m).map((k) => [k, SECRET_VALUE_MASK]));
    }
    const ann = copy.metadata?.annotations;
    if (ann?.['kubectl.kubernetes.io/last-applied-configuration']) ann['kubectl.kubernetes.io/last-applied-configuration'] = SECRET_VALUE_MASK;
  }
  return stringify(copy, { lineWidth: 0 });
}

/** What the live document says when the object cannot be shown. */
export function liveUnavailable(ref: ObjectRef, why: string): string {
  return `# ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}: ${why}\n`;
}
