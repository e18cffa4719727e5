// compareObject: the drift verdict of one object (drift-contract.md). Predicted live is what a
// server-side apply by the engine (force=true) would leave: the dry-run result when the caller has
// one, else a local prediction (Git merged over live, taken-over fields removed, API-server
// defaults filled). Both sides are normalised, compared with the schema, and every difference
// is classified by whether Git declares it and who owns it.
import { builtinSemantics } from '../schema/builtin.js';
import { overlayNode } from '../schema/node.js';
import { splitApiVersion, type FieldNode, type FieldSemantics } from '../schema/types.js';
import type { CompareContext, KubeObject, PathKind, Verdict } from '../types.js';
import { applyServerDefaults, hasServerDefaults } from './defaults/index.js';
import { diffTree } from './diff-tree.js';
import { trieAt, memberPaths } from './fieldsv1.js';
import { applyIgnoreRules, matchingRules } from './ignore.js';
import { immutableReason } from './immutable.js';
import { isEmpty, isObj, pruneEmpty, type Json, type JsonObject } from './json.js';
import { mergeApplied } from './merge.js';
import { normalizeForCompare, prepareDesired } from './normalize.js';
import { composeNote, type NoteEntry, type Tolerated } from './note.js';
import { finish, healthOf, liveOnlyVerdict, missingVerdict } from './objects.js';
import { orderDiffs } from './order.js';
import { ownersOf, readOwnership, removableOwners, type OwnerEntry, type Ownership } from './ownership.js';
import { fieldNames, renderPath, valueAt, type Path } from './path.js';
import { dropAllocateRequests, holdsRetained, isRetained } from './retained.js';
import { applySchemaDefaults } from './schema-defaults.js';
import type { SourceKey } from './sources.js';
import { isDeclared, removeTakenOver } from './takeover.js';

export interface CompareInput {
  /** the object as rendered from Git; absent when Git does not have it */
  desired?: KubeObject;
  /** the object as the API server returns it (with managedFields); absent on 404 */
  live?: KubeObject;
  context?: CompareContext;
  /** field semantics from the cluster's OpenAPI / CRDs; the built-in table fills the gaps */
  schema?: FieldSemantics;
  /** the engine's field manager (default `plumb`) */
  fieldManager?: string;
  /** predicted live from a server-side-apply dry-run (fieldManager, force=true), when available */
  dryRun?: KubeObject;
}

export const DEFAULT_FIELD_MANAGER = 'plumb';

const ROLLOUT_RESTART = 'kubectl.kubernetes.io/restartedAt';

interface Classified extends NoteEntry { path: Path }

/** The identity fields as the types promise them (callers may hand over any parsed JSON). */
function sane(o: KubeObject | undefined): KubeObject | undefined {
  if (!o || typeof o !== 'object') return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const meta = isObj(o.metadata) ? o.metadata : {};
  if (str(o.apiVersion) === o.apiVersion && str(o.kind) === o.kind && meta === o.metadata) return o;
  return { ...o, apiVersion: str(o.apiVersion), kind: str(o.kind), metadata: meta };
}

export function compareObject(input: CompareInput): Verdict {
  const fieldManager = input.fieldManager || DEFAULT_FIELD_MANAGER;
  const desired = sane(input.desired);
  const live = sane(input.live);
  const context = input.context;
  if (input.dryRun) input = { ...input, dryRun: sane(input.dryRun) };
  const subject = live ?? desired;
  if (!subject) {
    return finish({ inSync: true, driftPaths: [], note: 'Neither Git nor the cluster has this object: nothing to compare.' }, context, new Set());
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const apiVersion = str(subject.apiVersion) ?? str(desired?.apiVersion) ?? '';
  const kind = str(subject.kind) ?? str(desired?.kind) ?? '';
  const root = overlayNode(input.schema?.forKind(apiVersion, kind), builtinSemantics.forKind(apiVersion, kind));
  if (desired && !live) return missingVerdict(desired, context);
  if (!desired && live) return liveOnlyVerdict(live, readOwnership(live, fieldManager, root), context);
  return compareBoth(desired!, live!, input, fieldManager, root, apiVersion, kind);
}

function compareBoth(
  desired: KubeObject, live: KubeObject, input: CompareInput, fieldManager: string,
  root: FieldNode | undefined, apiVersion: string, kind: string,
): Verdict {
  const { group, version } = splitApiVersion(apiVersion);
  const name = live.metadata?.name ?? desired.metadata?.name ?? '';
  const namespace = live.metadata?.namespace ?? desired.metadata?.namespace ?? '';
  const sources = new Set<SourceKey>(['ssa']);
  const own = readOwnership(live, fieldManager, root);

  const declared = {
    declaredLabels: new Set(Object.keys(desired.metadata?.labels ?? {})),
    declaredAnnotations: new Set(Object.keys(desired.metadata?.annotations ?? {})),
  };
  const prepared = prepareDesired(desired);
  if (isObj(desired['stringData'])) sources.add('secret');
  const d = normalizeForCompare(prepared, declared);
  dropAllocateRequests(group, kind, d);
  const l = normalizeForCompare(live, declared);

  // Predicted live: the dry-run for declared fields, or Git merged over live.
  let predicted: JsonObject = input.dryRun
    ? normalizeForCompare(input.dryRun, declared)
    : (mergeApplied(l, d, root) as JsonObject | undefined) ?? {};
  removeTakenOver({
    predicted, desired: d, removable: own.removable, others: own.others, root,
    retained: (path) => isRetained(group, kind, path),
    holdsRetained: (path) => holdsRetained(group, kind, path),
  });
  if (own.entries.some((e) => e.role === 'kubectl')) sources.add('takeover');
  if (own.entries.some((e) => e.role === 'adopted') || (own.lastApplied && !own.known)) sources.add('csaMigration');
  applyServerDefaults(predicted, { group, version, kind, name });
  if (hasServerDefaults({ group, version, kind })) sources.add(defaultsSource(group));
  applySchemaDefaults(predicted, root);
  predicted = (pruneEmpty(predicted) ?? {}) as JsonObject;

  // ignoreDifferences on every side
  const rules = matchingRules(input.context?.ignoreDifferences, { group, kind, name, namespace });
  const ignore = applyIgnoreRules(rules, { predicted, live: l, desired: d }, own, root);
  if (rules.length) sources.add('ignore');
  if (ignore.wholeObject) return inSyncIgnored(live, input.context, sources, ignore.applied, !input.dryRun);

  const entries: Classified[] = [];
  for (const r of diffTree(predicted, l, root)) {
    const c = classify(r.path, r.predicted, r.live, d, own, root);
    if (c) entries.push(c);
  }
  const reported = new Set(entries.map((e) => e.rendered));
  for (const path of orderDiffs(d, l, root)) {
    const rendered = renderPath(path);
    if (reported.has(rendered)) continue;
    reported.add(rendered);
    entries.push({ path, rendered, kind: 'order' });
    sources.add('order');
  }
  entries.sort((a, b) => (a.rendered < b.rendered ? -1 : a.rendered > b.rendered ? 1 : 0));
  if (entries.some((e) => hasQuantity(e.path, root))) sources.add('quantity');

  const recreate = [...new Set(entries
    .map((e) => immutableReason({ group, kind, desired: d, live: live as unknown as JsonObject }, e.path))
    .filter((x): x is string => !!x))];
  if (recreate.length) sources.add('immutable');
  if (group === '' && kind === 'Service') sources.add('serviceAlloc');

  const health = healthOf(live);
  if (health) sources.add('health');
  const verdict: Verdict = {
    inSync: entries.length === 0,
    driftPaths: entries.map((e) => e.rendered),
    note: composeNote({
      secret: kind === 'Secret' && group === '',
      entries,
      estimated: !input.dryRun,
      recreate,
      tolerated: tolerated(own, d, l, root),
      rolloutRestart: hasRolloutRestart(own, d),
      ignored: ignore.applied,
      problems: ignore.problems,
      wholeObjectIgnored: false,
    }),
  };
  if (entries.length) verdict.pathKinds = Object.fromEntries(entries.map((e) => [e.rendered, e.kind])) as Record<string, PathKind>;
  if (health) verdict.health = health;
  if (recreate.length) verdict.syncStrategy = 'recreate';
  return finish(verdict, input.context, sources);
}

const defaultsSource = (group: string): SourceKey => (group === 'apps' ? 'appsDefaults' : group === 'batch' ? 'batchDefaults' : 'coreDefaults');

/** The kind of one difference, or undefined when it is not drift. */
function classify(path: Path, p: Json | undefined, l: Json | undefined, d: JsonObject, own: Ownership, root: FieldNode | undefined): Classified | undefined {
  const rendered = renderPath(path);
  if (isDeclared(valueAt(d, path, root))) {
    const writer = lastWriter(own, path);
    return { path, rendered, kind: isEmpty(l) ? 'missing' : 'conflict', predicted: p, live: l, ...writer };
  }
  // Undeclared and absent live: a default or server-set value on the predicted side, not drift.
  if (isEmpty(l)) return undefined;
  const owners = removableOwners(own, path);
  const inLastApplied = !!own.lastApplied && !isEmpty(valueAt(own.lastApplied, path, root));
  if (!owners.length && !(inLastApplied && !own.known)) return undefined;
  const engine = owners.find((o) => o.role === 'engine') ?? owners.find((o) => o.role === 'adopted');
  if (engine || (inLastApplied && !owners.length)) {
    return {
      path, rendered, kind: 'orphaned', predicted: p, live: l,
      manager: engine?.manager ?? 'the last-applied configuration', time: engine?.time, engine: engine?.role === 'engine',
    };
  }
  const by = owners[0]!;
  return { path, rendered, kind: 'foreign-edit', predicted: p, live: l, manager: by.manager, time: by.time };
}

/** The entry that last wrote a live value: prefer a manager other than the engine. */
function lastWriter(own: Ownership, path: Path): Pick<NoteEntry, 'manager' | 'subresource' | 'time' | 'engine'> {
  const owners = ownersOf(own, path);
  const pick: OwnerEntry | undefined = owners.find((o) => o.role !== 'engine') ?? owners[0];
  return pick ? { manager: pick.manager, subresource: pick.subresource, time: pick.time, engine: pick.role === 'engine' } : {};
}

function hasQuantity(path: Path, root: FieldNode | undefined): boolean {
  let n = root;
  for (const el of path) n = n ? ('f' in el ? n.child(el.f) : n.item()) : undefined;
  return !!n?.quantity || !!n?.isMap && !!n.child('x')?.quantity;
}

/** Controller bookkeeping that every such object carries: not worth a mention in the note. */
const BOOKKEEPING = /^metadata\.annotations\["(deployment\.kubernetes\.io|pv\.kubernetes\.io|volume\.kubernetes\.io|volume\.beta\.kubernetes\.io|control-plane\.alpha\.kubernetes\.io)\//;

/** Managers that own undeclared live fields and are left alone (HPA, controllers, webhooks, …). */
function tolerated(own: Ownership, d: JsonObject, l: JsonObject, root: FieldNode | undefined): Tolerated[] {
  const out: Tolerated[] = [];
  for (const e of own.entries) {
    if (e.role !== 'other' || e.subresource === 'status') continue;
    const paths: string[] = [];
    let under: string | undefined;
    for (const { path, hasChildren } of memberPaths(e.trie)) {
      const rendered = renderPath(path);
      if (under !== undefined && rendered.startsWith(under)) continue;
      under = undefined;
      if (fieldNames(path)[0] === 'status' || BOOKKEEPING.test(rendered)) continue;
      if (isDeclared(valueAt(d, path, root)) || isEmpty(valueAt(l, path, root))) continue;
      // a whole item or map the manager added is one entry
      if (hasChildren) under = rendered;
      paths.push(rendered);
    }
    if (paths.length) out.push({ manager: e.manager, subresource: e.subresource, paths });
  }
  return out;
}

function hasRolloutRestart(own: Ownership, d: JsonObject): boolean {
  const annotations = valueAt(d, [{ f: 'spec' }, { f: 'template' }, { f: 'metadata' }, { f: 'annotations' }], undefined);
  if (isObj(annotations) && ROLLOUT_RESTART in annotations) return false;
  return own.entries.some((e) => e.manager === 'kubectl-rollout'
    && !!trieAt(e.trie, [{ f: 'spec' }, { f: 'template' }, { f: 'metadata' }, { f: 'annotations' }, { f: ROLLOUT_RESTART }]));
}

function inSyncIgnored(live: KubeObject, context: CompareContext | undefined, sources: Set<SourceKey>, applied: string[], estimated: boolean): Verdict {
  const health = healthOf(live);
  const v: Verdict = {
    inSync: true,
    driftPaths: [],
    note: composeNote({
      secret: false, entries: [], estimated, recreate: [], tolerated: [], rolloutRestart: false, ignored: applied, problems: [], wholeObjectIgnored: true,
    }),
  };
  if (health) {
    v.health = health;
    sources.add('health');
  }
  return finish(v, context, sources);
}

