// The verdict's note: one plain-English paragraph saying why. Values appear only for short
// scalars of non-Secret objects; a Secret's note never carries a value, nor does a field named
// like a credential.
import type { PathKind } from '../types.js';
import { isObj, type Json } from './json.js';
import { isSensitivePath } from './sensitive.js';

export interface NoteEntry {
  rendered: string;
  kind: PathKind;
  predicted?: Json;
  live?: Json;
  /** who wrote the live value (conflicts) or owns the field (orphaned / foreign-edit) */
  manager?: string;
  subresource?: string;
  time?: string;
  /** the manager is the engine itself (or the adopted client-side apply) */
  engine?: boolean;
}

export interface Tolerated { manager: string; subresource?: string; paths: string[] }

export interface NoteInput {
  secret: boolean;
  entries: NoteEntry[];
  estimated: boolean;
  recreate: string[];
  tolerated: Tolerated[];
  rolloutRestart: boolean;
  ignored: string[];
  problems: string[];
  wholeObjectIgnored: boolean;
}

const MAX_LISTED = 6;

function show(v: Json | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (isObj(v) || Array.isArray(v)) return undefined;
  const s = JSON.stringify(v);
  return s.length > 48 ? undefined : s;
}

const via = (m?: string, sub?: string) => (m ? `${m}${sub ? ` via /${sub}` : ''}` : undefined);

function sentence(e: NoteEntry, secret: boolean): string {
  const who = via(e.manager, e.subresource);
  const when = e.time ? ` at ${e.time}` : '';
  switch (e.kind) {
    case 'conflict': {
      // A field named like a credential (a custom resource's password, a token) is as secret as a Secret's data.
      const hide = secret || isSensitivePath(e.rendered);
      const g = hide ? undefined : show(e.predicted);
      const l = hide ? undefined : show(e.live);
      const values = g !== undefined && l !== undefined ? `Git has ${g}, live has ${l}` : hide ? 'the live value differs from Git (values not shown)' : 'the live value differs from Git';
      const by = !who ? '' : e.engine ? ` (live still has what ${who} applied${when}: Git changed since)` : ` (last written by ${who}${when})`;
      const hint = e.subresource === 'scale'
        ? ' An autoscaler or kubectl scale owns it: leave it out of Git, or ignore /spec/replicas, to stop the tug of war.'
        : '';
      return `${e.rendered}: ${values}${by}.${hint}`;
    }
    case 'missing':
      return `${e.rendered} is declared in Git but absent live.`;
    case 'orphaned':
      return e.manager && e.manager !== 'the last-applied configuration' && !e.engine
        ? `${e.rendered} is no longer in Git but is still live, applied earlier by ${who} (its last-applied configuration, which the engine adopts), so a sync deletes it.`
        : `${e.rendered} is no longer in Git but is still live and owned by ${who ?? 'the engine'}, so a sync deletes it.`;
    case 'foreign-edit':
      return `${e.rendered} was written by ${who ?? 'kubectl'}${when} and is not in Git: a sync removes it (Flux reverts it too; Argo CD does not report fields Git never declared).`;
    case 'order':
      return `${e.rendered} has the same items as Git in a different order inside the pod template: a sync reorders them and rolls the pods.`;
  }
}

export function composeNote(n: NoteInput): string {
  const parts: string[] = [];
  if (n.wholeObjectIgnored) parts.push('In sync: an ignoreDifferences rule ignores the whole object.');
  else if (!n.entries.length) parts.push('In sync: every field Git declares matches the live object, and no field owned by the engine or changed with kubectl is left over.');
  else {
    parts.push(`Out of sync: ${n.entries.length} difference${n.entries.length === 1 ? '' : 's'}.`);
    for (const e of n.entries.slice(0, MAX_LISTED)) parts.push(sentence(e, n.secret));
    if (n.entries.length > MAX_LISTED) parts.push(`And ${n.entries.length - MAX_LISTED} more.`);
  }
  if (n.recreate.length) {
    parts.push(`A plain apply fails because ${n.recreate.join(', ')} ${n.recreate.length === 1 ? 'is' : 'are'} immutable: the sync must delete and re-create the object (Argo CD: Replace=true,Force=true; Flux: kustomize.toolkit.fluxcd.io/force: enabled).`);
  }
  if (n.rolloutRestart) {
    parts.push('The kubectl rollout restart marker (kubectl.kubernetes.io/restartedAt) is not drift; Argo CD ignores it too, while Flux would revert it and restart the pods again.');
  }
  const tolerated = n.tolerated.filter((t) => t.manager !== 'kubectl-rollout');
  if (tolerated.length) {
    const list = tolerated.slice(0, 4).map((t) => `${via(t.manager, t.subresource)} (${t.paths.slice(0, 2).join(', ')}${t.paths.length > 2 ? ', …' : ''})`);
    parts.push(`Not drift: fields Git does not declare that belong to other managers: ${list.join('; ')}.`);
  }
  if (n.ignored.length) parts.push(`Ignored by ignoreDifferences: ${[...new Set(n.ignored)].join('; ')}.`);
  if (n.problems.length) parts.push(`Skipped: ${n.problems.join('; ')}.`);
  if (n.estimated && !n.wholeObjectIgnored) {
    parts.push('Estimated locally: the predicted object uses Plumb\'s table of API-server defaults instead of a server-side dry-run.');
  }
  return parts.join(' ');
}
