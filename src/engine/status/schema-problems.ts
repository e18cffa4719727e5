// Validation of rendered objects against the connected cluster's OpenAPI v3 schemas (status
// pipeline): one schema lookup per kind per app, problems at the declaring file and line.
import type { KubeClient } from '../kube/client.js';
import type { JsonSchema } from '../kube/openapi.js';
import { isBuiltinKind } from '../schema/builtin.js';
import { validateAgainstSchema } from '../schema/validate-object.js';
import type { EngineProblem, KubeObject, RenderedObject } from '../types.js';

/** Per object, then per app: a broken base repeated by many overlays must not flood the Problems panel. */
const MAX_PER_OBJECT = 20;
const MAX_PER_APP = 100;

export type SchemaMemo = Map<string, Promise<JsonSchema | undefined>>;

/** The resolved OpenAPI v3 schema of an object's kind, or undefined (no OpenAPI, kind unknown, fetch failed). */
export function openApiSchemaOf(o: KubeObject, client: KubeClient, memo: SchemaMemo, signal: AbortSignal): Promise<JsonSchema | undefined> {
  const apiVersion = o.apiVersion ?? '';
  const kind = o.kind ?? '';
  const key = `${apiVersion}/${kind}`;
  let hit = memo.get(key);
  if (!hit) {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
    // A failed lookup only means no validation (and atomic lists for drift), never a failed status.
    hit = client.openapi.schemaFor({ group, version, kind }, signal).catch(() => undefined);
    memo.set(key, hit);
  }
  return hit;
}

/** Schema problems of an app's rendered objects, with `app` and `object` set. */
export async function schemaProblems(objects: readonly RenderedObject[], app: string, client: KubeClient, memo: SchemaMemo,
  signal: AbortSignal): Promise<Array<EngineProblem & { app: string }>> {
  const out: Array<EngineProblem & { app: string }> = [];
  for (const r of objects) {
    if (out.length >= MAX_PER_APP || signal.aborted) break;
    if (!r.object.apiVersion || !r.object.kind) continue;
    const schema = await openApiSchemaOf(r.object, client, memo, signal);
    if (!schema) continue;
    const found = validateAgainstSchema(r.object, schema, r.fieldSources, r.source, {
      maxProblems: MAX_PER_OBJECT, checkRequired: !isBuiltinKind(r.object.apiVersion, r.object.kind),
    });
    for (const p of found.slice(0, MAX_PER_APP - out.length)) out.push({ ...p, app });
  }
  return out;
}
