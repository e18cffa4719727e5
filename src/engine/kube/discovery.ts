// API discovery: which kinds the cluster serves, under which plural resource, namespaced or not,
// with which verbs. Aggregated discovery (one request each for /api and /apis) when the server
// offers it, else the legacy per-group-version documents. Refreshed when a kind is unknown, so
// CRDs installed after start are found.
import type { Transport } from './transport.js';

export interface GroupVersionKind { group: string; version: string; kind: string }
/** A kind with an optional version: the group's preferred version is used when absent. */
export interface GroupKind { group: string; version?: string; kind: string }

export interface ResourceInfo {
  group: string;
  version: string;
  kind: string;
  /** plural resource name, e.g. `deployments` */
  resource: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** e.g. ['status', 'scale'] */
  subresources: string[];
  /** this version is the group's preferred one */
  preferred: boolean;
}

export type DiscoveryMode = 'aggregated' | 'legacy';

const AGGREGATED_ACCEPT = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
const MIN_REFRESH_INTERVAL_MS = 2000;
const LEGACY_CONCURRENCY = 8;

export const gvString = (group: string, version: string) => (group ? `${group}/${version}` : version);

/** `apps/v1` → {group:'apps', version:'v1'}; `v1` → core. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export class Discovery {
  private snapshot?: { all: ResourceInfo[]; byGvk: Map<string, ResourceInfo>; byGk: Map<string, ResourceInfo>; at: number; mode: DiscoveryMode };
  private loading?: Promise<void>;
  /** when each unknown kind last triggered a refresh */
  private readonly misses = new Map<string, number>();

  constructor(private readonly transport: Transport) {}

  get mode(): DiscoveryMode | undefined { return this.snapshot?.mode; }

  /** Every served kind (not subresources). */
  async resources(signal?: AbortSignal): Promise<ResourceInfo[]> {
    if (!this.snapshot) await this.refresh(signal);
    return this.snapshot!.all;
  }

  /**
   * The resource of a kind; re-reads discovery when the kind is unknown (at most every 2 s per
   * kind, so a kind that really is missing does not cost a discovery round trip per lookup).
   */
  async resourceFor(gk: GroupKind, signal?: AbortSignal): Promise<ResourceInfo | undefined> {
    if (!this.snapshot) await this.refresh(signal);
    const key = `${gk.group}/${gk.version ?? ''}/${gk.kind}`;
    const find = () => (gk.version ? this.snapshot!.byGvk.get(`${gk.group}/${gk.version}/${gk.kind}`) : this.snapshot!.byGk.get(`${gk.group}/${gk.kind}`));
    const hit = find();
    const lastMiss = this.misses.get(key) ?? 0;
    if (hit || Date.now() - lastMiss < MIN_REFRESH_INTERVAL_MS) return hit;
    await this.refresh(signal);
    const found = find();
    if (found) this.misses.delete(key); else this.misses.set(key, Date.now());
    return found;
  }

  /** Re-reads discovery (concurrent callers share one refresh). */
  refresh(signal?: AbortSignal): Promise<void> {
    if (!this.loading) {
      this.loading = this.load(signal).then((s) => { this.snapshot = s; }).finally(() => { this.loading = undefined; });
    }
    return this.loading;
  }

  private async load(signal?: AbortSignal) {
    const get = (path: string, accept = 'application/json') =>
      this.transport.request({ method: 'GET', path, accept, retry: true, signal, subject: { verb: 'discover', resource: path } });
    const [api, apis] = await Promise.all([get('/api', AGGREGATED_ACCEPT), get('/apis', AGGREGATED_ACCEPT)]);
    const aggregated = (ct: unknown) => typeof ct === 'string' && /as=APIGroupDiscoveryList/.test(ct);
    const all: ResourceInfo[] = [];
    let mode: DiscoveryMode = 'aggregated';
    for (const r of [api, apis]) {
      if (aggregated(r.headers['content-type'])) {
        all.push(...fromAggregated(JSON.parse(r.body) as AggregatedList));
        continue;
      }
      mode = 'legacy';
      const doc = JSON.parse(r.body) as LegacyVersions & LegacyGroupList;
      const gvs: Array<{ group: string; version: string; preferred: boolean }> = [];
      if (Array.isArray(doc.versions) && !doc.groups) {
        doc.versions.forEach((v, i) => gvs.push({ group: '', version: v, preferred: i === 0 }));
      } else {
        for (const g of doc.groups ?? []) {
          const pref = g.preferredVersion?.version ?? g.versions?.[0]?.version;
          for (const v of g.versions ?? []) gvs.push({ group: g.name, version: v.version, preferred: v.version === pref });
        }
      }
      const lists = await mapLimit(gvs, LEGACY_CONCURRENCY, async (gv) => {
        const path = gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`;
        try {
          return fromLegacy(JSON.parse((await get(path)).body) as LegacyResourceList, gv.group, gv.version, gv.preferred);
        } catch (e) {
          // An unavailable aggregated API (e.g. metrics-server down) must not break discovery of the rest.
          if ((e as { code?: number }).code === 503 || (e as { code?: number }).code === 404) return [];
          throw e;
        }
      });
      for (const l of lists) all.push(...l);
    }
    const byGvk = new Map<string, ResourceInfo>();
    const byGk = new Map<string, ResourceInfo>();
    for (const r of all) {
      byGvk.set(`${r.group}/${r.version}/${r.kind}`, r);
      const k = `${r.group}/${r.kind}`;
      const prev = byGk.get(k);
      if (!prev || (r.preferred && !prev.preferred)) byGk.set(k, r);
    }
    return { all, byGvk, byGk, at: Date.now(), mode };
  }
}

interface AggregatedList {
  items?: Array<{
    metadata?: { name?: string };
    versions?: Array<{
      version: string;
      resources?: Array<{
        resource: string; responseKind?: { group?: string; version?: string; kind?: string }; scope?: string;
        verbs?: string[]; shortNames?: string[]; categories?: string[]; subresources?: Array<{ subresource: string }>;
      }>;
    }>;
  }>;
}

function fromAggregated(doc: AggregatedList): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const g of doc.items ?? []) {
    const group = g.metadata?.name ?? '';
    (g.versions ?? []).forEach((v, i) => {
      for (const r of v.resources ?? []) {
        if (!r.responseKind?.kind) continue;
        out.push({
          group, version: v.version, kind: r.responseKind.kind, resource: r.resource, namespaced: r.scope === 'Namespaced',
          verbs: r.verbs ?? [], shortNames: r.shortNames ?? [], categories: r.categories ?? [],
          subresources: (r.subresources ?? []).map((s) => s.subresource), preferred: i === 0,
        });
      }
    });
  }
  return out;
}

interface LegacyVersions { versions?: string[] }
interface LegacyGroupList { groups?: Array<{ name: string; versions?: Array<{ version: string }>; preferredVersion?: { version: string } }> }
interface LegacyResourceList {
  resources?: Array<{ name: string; kind: string; namespaced?: boolean; verbs?: string[]; shortNames?: string[]; categories?: string[] }>;
}

function fromLegacy(doc: LegacyResourceList, group: string, version: string, preferred: boolean): ResourceInfo[] {
  const main = new Map<string, ResourceInfo>();
  const subs: Array<[string, string]> = [];
  for (const r of doc.resources ?? []) {
    const slash = r.name.indexOf('/');
    if (slash >= 0) { subs.push([r.name.slice(0, slash), r.name.slice(slash + 1)]); continue; }
    main.set(r.name, {
      group, version, kind: r.kind, resource: r.name, namespaced: r.namespaced === true, verbs: r.verbs ?? [],
      shortNames: r.shortNames ?? [], categories: r.categories ?? [], subresources: [], preferred,
    });
  }
  for (const [res, sub] of subs) main.get(res)?.subresources.push(sub);
  return [...main.values()];
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
