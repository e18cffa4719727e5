// Schema lookup by group/version/kind: the built-ins plus every served version of installed CRDs.
import type { KObject } from '../api/types.js';
import type { SchemaNode, SchemaRegistry } from './types.js';
import { builtinSchema } from './builtin.js';
import { crdVersions } from './crd.js';

export interface MutableSchemaRegistry extends SchemaRegistry {
  /** Adds (or replaces) the schemas of a CRD's served versions; keyed by the CRD's metadata.name. */
  registerCrd(crd: KObject): void;
  /** Forgets a CRD's schemas. */
  unregisterCrd(name: string): void;
}

const key = (group: string, version: string, kind: string) => `${group}/${version}/${kind}`;

export function createSchemaRegistry(): MutableSchemaRegistry {
  const byCrd = new Map<string, Map<string, SchemaNode>>();
  const byGvk = new Map<string, SchemaNode>();

  const rebuild = () => {
    byGvk.clear();
    for (const versions of byCrd.values()) for (const [k, node] of versions) byGvk.set(k, node);
  };

  return {
    forKind(group, version, kind) {
      return builtinSchema(group, version, kind) ?? byGvk.get(key(group, version, kind));
    },
    registerCrd(crd) {
      const name = crd.metadata?.name;
      if (!name) return;
      const versions = new Map<string, SchemaNode>();
      for (const v of crdVersions(crd)) {
        if (v.served) versions.set(key(v.group, v.version, v.kind), v.schema);
      }
      byCrd.set(name, versions);
      rebuild();
    },
    unregisterCrd(name) {
      if (byCrd.delete(name)) rebuild();
    },
  };
}
