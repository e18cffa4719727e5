// OpenAPI v3 schemas from the cluster, fetched lazily per group-version and cached by the hash in
// the index's serverRelativeURL (the server changes it whenever the document changes). Gives the
// component schema of a kind with $refs resolved, so callers can read x-kubernetes-list-type,
// -list-map-keys, -patch-merge-key, … of built-in kinds and CRDs alike.
import type { Transport } from './transport.js';
import { isNotFound } from './errors.js';
import type { GroupVersionKind } from './discovery.js';

export type JsonSchema = Record<string, unknown>;

interface OpenApiDoc { components?: { schemas?: Record<string, JsonSchema> } }

/** The index is re-read at most this often, or when a group-version is missing from it. */
const INDEX_TTL_MS = 30_000;

export class OpenApiSchemas {
  private index?: { paths: Record<string, string>; at: number };
  private indexLoading?: Promise<void>;
  private docs = new Map<string, { url: string; doc: OpenApiDoc; resolved: Map<string, JsonSchema> }>();
  /** false once the server answered 404 on /openapi/v3 */
  available: boolean | undefined;

  constructor(private readonly transport: Transport) {}

  /**
   * The schema of a kind with every `$ref` replaced by the schema it names. Nodes are shared, and
   * recursive types (JSONSchemaProps in CRDs) form cycles: walk along data paths, do not
   * JSON.stringify. undefined when the server has no OpenAPI v3 or does not describe the kind.
   */
  async schemaFor(gvk: GroupVersionKind, signal?: AbortSignal): Promise<JsonSchema | undefined> {
    const entry = await this.documentEntry(gvk.group, gvk.version, signal);
    if (!entry) return undefined;
    const name = findComponent(entry.doc, gvk);
    if (!name) return undefined;
    return resolveComponent(entry.doc, name, entry.resolved);
  }

  /** The raw document of a group-version (`apps/v1`, `v1`), or undefined. */
  async document(group: string, version: string, signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    return (await this.documentEntry(group, version, signal))?.doc as Record<string, unknown> | undefined;
  }

  /** Forget the index (e.g. after a CRD changed); documents whose hash did not change stay cached. */
  invalidate(): void { this.index = undefined; }

  private async documentEntry(group: string, version: string, signal?: AbortSignal) {
    const key = group ? `apis/${group}/${version}` : `api/${version}`;
    let url = await this.urlOf(key, false, signal);
    if (url === undefined && this.available !== false) url = await this.urlOf(key, true, signal);
    if (url === undefined) return undefined;
    const hit = this.docs.get(key);
    if (hit && hit.url === url) return hit;
    let doc: OpenApiDoc;
    try {
      doc = await this.transport.json<OpenApiDoc>({ method: 'GET', path: url, retry: true, signal, subject: { verb: 'get', resource: `openapi/v3/${key}` } });
    } catch (e) {
      if (isNotFound(e)) { this.index = undefined; return undefined; }
      throw e;
    }
    const entry = { url, doc, resolved: new Map<string, JsonSchema>() };
    this.docs.set(key, entry);
    return entry;
  }

  private async urlOf(key: string, forceIndex: boolean, signal?: AbortSignal): Promise<string | undefined> {
    if (forceIndex || !this.index || Date.now() - this.index.at > INDEX_TTL_MS) {
      if (!this.indexLoading) this.indexLoading = this.loadIndex(signal).finally(() => { this.indexLoading = undefined; });
      await this.indexLoading;
    }
    return this.index?.paths[key];
  }

  private async loadIndex(signal?: AbortSignal): Promise<void> {
    try {
      const idx = await this.transport.json<{ paths?: Record<string, { serverRelativeURL?: string }> }>({
        method: 'GET', path: '/openapi/v3', retry: true, signal, subject: { verb: 'get', resource: 'openapi/v3' },
      });
      const paths: Record<string, string> = {};
      for (const [k, v] of Object.entries(idx.paths ?? {})) if (v?.serverRelativeURL) paths[k] = v.serverRelativeURL;
      this.index = { paths, at: Date.now() };
      this.available = true;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      this.index = { paths: {}, at: Date.now() };
      this.available = false;
    }
  }
}

function findComponent(doc: OpenApiDoc, gvk: GroupVersionKind): string | undefined {
  for (const [name, s] of Object.entries(doc.components?.schemas ?? {})) {
    const list = s['x-kubernetes-group-version-kind'];
    if (!Array.isArray(list)) continue;
    for (const g of list as Array<{ group?: string; version?: string; kind?: string }>) {
      if ((g.group ?? '') === gvk.group && g.version === gvk.version && g.kind === gvk.kind) return name;
    }
  }
  return undefined;
}

const REF = '#/components/schemas/';

/** Resolves a component into a graph of plain objects; `memo` is per document so nodes are shared. */
function resolveComponent(doc: OpenApiDoc, name: string, memo: Map<string, JsonSchema>): JsonSchema | undefined {
  const schemas = doc.components?.schemas ?? {};
  const byName = (n: string): JsonSchema | undefined => {
    const done = memo.get(n);
    if (done) return done;
    const raw = schemas[n];
    if (!raw) return undefined;
    const out: JsonSchema = {};
    memo.set(n, out); // before recursing: a recursive reference gets this same object
    Object.assign(out, walk(raw) as JsonSchema);
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const ref = o['$ref'];
    if (typeof ref === 'string' && ref.startsWith(REF)) {
      const target = byName(ref.slice(REF.length));
      const siblings = Object.keys(o).filter((k) => k !== '$ref');
      if (!target) return { ...o };
      if (!siblings.length) return target;
      // Sibling keywords (description, default) next to $ref: keep them on a shallow copy.
      const merged: JsonSchema = { ...target };
      for (const k of siblings) merged[k] = walk(o[k]);
      return merged;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = k === 'example' || k === 'default' || k === 'enum' ? x : walk(x);
    return out;
  };
  return byName(name);
}
