// The words of inline drift: the after-line text, the hover, and what the app's controller will
// do about the drift. Secret values arrive masked from the engine and are masked again here, so a
// caller passing raw values cannot leak them either.
import type { FieldDrift } from '../../engine/status/app-status.js';
import type { AppSpec, ObjectRef, PathKind } from '../../engine/types.js';
import { ago, mdCode, mdEscape, shortValue } from '../format.js';

export const MASK = '*** (masked)';

export interface DriftFacts {
  app: AppSpec;
  ref: ObjectRef;
  drift: FieldDrift;
  /** the line declares this very field (else an ancestor, or the object) */
  exact: boolean;
  /** the file and line that declare the Git value, for the hover */
  declaredAt?: { file: string; line: number };
  secret: boolean;
}

const KIND_WORDS: Record<PathKind, string> = {
  'foreign-edit': 'changed in the cluster',
  conflict: 'changed in the cluster (conflicts with Git)',
  missing: 'in Git, missing in the cluster',
  orphaned: 'added in the cluster, not in Git',
  order: 'list order differs',
};

function value(v: unknown, secret: boolean): string {
  if (v === undefined) return '(absent)';
  return secret ? MASK : shortValue(v);
}

function who(d: FieldDrift, now: number): string | undefined {
  if (!d.manager) return undefined;
  const when = ago(d.time, now);
  return when ? `${d.manager}, ${when}` : d.manager;
}

/** Text after the line: `live: 5 · kubectl-edit, 2 h ago`; fields not on this line are named. */
export function afterLineText(f: DriftFacts, now: number, more = 0): string {
  const v = value(f.drift.live, f.secret);
  const head = f.exact ? `live: ${v}` : `live ${f.drift.path}: ${v}`;
  const by = who(f.drift, now);
  return `${head}${by ? ` · ${by}` : ''}${more > 0 ? ` (+${more} more)` : ''}`;
}

/** What the app's controller does with this drift, in one sentence. */
export function controllerOutcome(app: AppSpec, d: FieldDrift): string {
  const inGit = d.desired !== undefined;
  if (app.controller === 'argocd') {
    const auto = app.syncPolicy?.automated;
    if (auto && app.syncPolicy?.selfHeal) return 'Argo CD self-heal is on: it reverts this to the Git value on its next reconcile (about 3 minutes, or on a webhook).';
    if (auto) return 'Argo CD shows the app OutOfSync; automated sync without self-heal reverts it only on the next Git change or a manual sync.';
    return 'Argo CD shows the app OutOfSync; nothing reverts it until someone syncs the app.';
  }
  if (app.controller === 'flux') {
    if (app.suspended) return 'The Flux Kustomization is suspended: nothing reverts this until it is resumed.';
    if (!inGit) return 'Flux leaves it: server-side apply does not remove fields that Git never set (only fields Flux applied).';
    return 'Flux reverts this to the Git value on its next reconcile (its spec.interval).';
  }
  return 'Nothing reverts this until `plumb sync` (or Plumb: Sync) applies Git again.';
}

/** The hover: desired vs live, who changed it and when, and what happens next. */
export function hoverMarkdown(facts: DriftFacts[], now: number): string {
  const parts = facts.map((f) => {
    const d = f.drift;
    const lines: string[] = [];
    const kind = d.kind && d.kind in KIND_WORDS ? ` — ${KIND_WORDS[d.kind as PathKind]}` : '';
    lines.push(`**Drift** ${mdCode(d.path)} of ${mdEscape(f.ref.kind)} ${mdEscape(f.ref.namespace ? `${f.ref.namespace}/${f.ref.name}` : f.ref.name)} (app ${mdEscape(f.app.name)})${kind}`);
    lines.push('');
    const at = f.declaredAt ? ` (${mdEscape(`${f.declaredAt.file}:${f.declaredAt.line}`)})` : '';
    lines.push(`- Git: ${d.desired === undefined ? '_not set_' : mdCode(value(d.desired, f.secret))}${at}`);
    lines.push(`- Live: ${d.live === undefined ? '_not set_' : mdCode(value(d.live, f.secret))}`);
    if (d.manager) {
      const when = ago(d.time, now);
      lines.push(`- Changed by ${mdCode(d.manager)}${when ? ` ${when}` : ''}${d.time ? ` (${mdEscape(d.time)})` : ''}`);
    }
    if (!f.exact && d.desired === undefined) lines.push(`- Not declared in Git: shown on the closest declared line.`);
    lines.push('');
    lines.push(controllerOutcome(f.app, d));
    return lines.join('\n');
  });
  return parts.join('\n\n---\n\n');
}
