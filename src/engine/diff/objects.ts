// Object-level verdicts (drift-contract rule 6): missing from the cluster, extraneous (ours, not
// in Git), or unmanaged (not ours: ignored). Prune=false / prune: disabled keep an extraneous
// object from being pruned; IgnoreExtraneous keeps it from making the app OutOfSync.
import { assessHealth } from '../health/index.js';
import type { HealthStatus } from '../types.js';
import { refKey, refOf, type CompareContext, type KubeObject, type Verdict } from '../types.js';
import type { Ownership } from './ownership.js';
import { sourcesList, type SourceKey } from './sources.js';

/** The live object's health, undefined for kinds without a check (or a live object it cannot read). */
export function healthOf(live: KubeObject): HealthStatus | undefined {
  try {
    return assessHealth(live)?.status;
  } catch {
    return undefined;
  }
}

const annotation = (o: KubeObject, key: string): string => {
  const v = o.metadata?.annotations?.[key];
  return typeof v === 'string' ? v : '';
};

const options = (s: string): string[] => s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);

export function pruneDisabled(o: KubeObject): boolean {
  return options(annotation(o, 'argocd.argoproj.io/sync-options')).includes('prune=false')
    || annotation(o, 'kustomize.toolkit.fluxcd.io/prune').trim().toLowerCase() === 'disabled';
}

export function ignoresExtraneous(o: KubeObject): boolean {
  return options(annotation(o, 'argocd.argoproj.io/compare-options')).includes('ignoreextraneous');
}

const describe = (o: KubeObject): string => {
  const r = refOf(o);
  return `${r.group ? `${r.group}/` : ''}${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
};

function finish(v: Verdict, context: CompareContext | undefined, sources: Set<SourceKey>): Verdict {
  if (context) v.context = context;
  sources.add('contract');
  v.sources = sourcesList(sources);
  return v;
}

export function missingVerdict(desired: KubeObject, context: CompareContext | undefined): Verdict {
  return finish({
    inSync: false,
    driftPaths: [],
    note: `Missing: ${describe(desired)} is declared in Git but does not exist in the cluster; a sync creates it.`,
    objectDrift: 'missing',
    health: 'Missing',
  }, context, new Set<SourceKey>(['health']));
}

export function liveOnlyVerdict(live: KubeObject, own: Ownership, context: CompareContext | undefined): Verdict {
  const key = refKey(refOf(live));
  const inInventory = Array.isArray(context?.inventory) && context.inventory.includes(key);
  const ours = inInventory || own.engineApplied;
  const health = healthOf(live);
  const sources = new Set<SourceKey>();
  if (health) sources.add('health');
  if (!ours) {
    const v: Verdict = {
      inSync: true,
      driftPaths: [],
      note: `Unmanaged: ${describe(live)} is live but not in Git, not in the engine's inventory and has no fields applied by the engine, so it is not ours and is ignored.`,
      objectDrift: 'unmanaged',
      pruneCandidate: false,
    };
    if (health) v.health = health;
    return finish(v, context, sources);
  }
  sources.add('prune');
  const noPrune = pruneDisabled(live);
  const ignore = ignoresExtraneous(live);
  const why = inInventory ? 'is in the engine\'s inventory' : 'carries fields applied by the engine';
  const parts = [`Extraneous: ${describe(live)} is live and ${why} but is no longer in Git.`];
  parts.push(noPrune
    ? 'It is marked Prune=false (or kustomize.toolkit.fluxcd.io/prune: disabled), so a sync never deletes it.'
    : 'A sync with pruning enabled deletes it.');
  if (ignore) parts.push('It carries argocd.argoproj.io/compare-options: IgnoreExtraneous, so it does not make the app OutOfSync.');
  else parts.push('It makes the app OutOfSync until it is pruned or back in Git.');
  const v: Verdict = {
    inSync: ignore,
    driftPaths: [],
    note: parts.join(' '),
    objectDrift: 'extraneous',
    pruneCandidate: !noPrune,
  };
  if (health) v.health = health;
  return finish(v, context, sources);
}

export { finish };
