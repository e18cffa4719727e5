// ConfigMaps and Secrets declared in the repository, looked up by name for Flux
// `postBuild.substituteFrom` and HelmRelease `valuesFrom`. Only files that mention the name are parsed.

import type { SourceLocation } from '../types.js';
import type { RepoScan } from './scan.js';
import { isObj, obj, str } from './values.js';
import { parseObjects, type YamlDoc } from './yaml-docs.js';

export interface ConfigObject {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace?: string;
  /** decoded string data (Secret `data` is base64-decoded, `stringData` wins) */
  data: Record<string, string>;
  /** SOPS-encrypted: values are ciphertext */
  encrypted: boolean;
  location: SourceLocation;
}

export class ConfigObjects {
  private readonly parsed = new Map<string, YamlDoc[]>();
  constructor(private readonly scan: RepoScan) {}

  /** The object of that kind and name; one in the wanted namespace wins over one without a namespace. */
  async find(kind: 'ConfigMap' | 'Secret', name: string, namespace: string): Promise<ConfigObject | undefined> {
    let fallback: ConfigObject | undefined;
    for (const file of this.scan.configCandidates) {
      for (const doc of await this.docs(file, name)) {
        const o = obj(doc.value);
        const meta = obj(o?.['metadata']);
        if (!o || o['kind'] !== kind || str(meta?.['name']) !== name) continue;
        const ns = str(meta?.['namespace']);
        if (ns !== undefined && ns !== namespace) continue;
        const found = toConfigObject(kind, name, ns, o, doc);
        if (ns === namespace) return found;
        fallback ??= found;
      }
    }
    return fallback;
  }

  private async docs(file: string, name: string): Promise<YamlDoc[]> {
    const cached = this.parsed.get(file);
    if (cached) return cached;
    const text = await this.scan.readText(file);
    if (text === undefined || !text.includes(name)) return [];
    const docs = parseObjects(text, file).docs;
    this.parsed.set(file, docs);
    return docs;
  }
}

function toConfigObject(kind: 'ConfigMap' | 'Secret', name: string, namespace: string | undefined, o: Record<string, unknown>, doc: YamlDoc): ConfigObject {
  const data: Record<string, string> = {};
  const raw = obj(o['data']) ?? {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    data[k] = kind === 'Secret' ? Buffer.from(String(v), 'base64').toString('utf8') : String(v);
  }
  if (kind === 'Secret') {
    for (const [k, v] of Object.entries(obj(o['stringData']) ?? {})) if (typeof v === 'string') data[k] = v;
  }
  return { kind, name, namespace, data, encrypted: isObj(o['sops']), location: { file: doc.file, line: doc.line } };
}
