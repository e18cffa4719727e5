// The quick fixes of a drifted field, decided without vscode: "Adopt live value into Git" (which
// file, which document, which key, or why not) and "Ignore this field" (which file and list gets
// which rule). The edits themselves are text edits from src/engine/manifests/edit-field.ts.
import { appendListItemEdit, setFieldEdit, type DocTarget, type EditResult } from '../../engine/manifests/edit-field.js';
import { parseManifests } from '../../engine/manifests/index.js';
import type { SessionSnapshot } from '../../engine/session/workspace-session.js';
import type { FieldDrift } from '../../engine/status/app-status.js';
import { parseDriftPath } from '../../engine/status/drift-path.js';
import { refKey, refOf, type AppSpec, type IgnoreDifference, type ObjectRef, type RenderedObject } from '../../engine/types.js';
import { docFor } from './buffer-drift.js';
import { indexLines, placeOf } from './field-lines.js';

export interface DriftTarget { app: string; ref: ObjectRef; path: string }

interface Located { app: AppSpec; rendered: RenderedObject; drift: FieldDrift }

/** The app, rendered object and drift a quick fix is about. */
export function locateDrift(snapshot: SessionSnapshot, t: DriftTarget): Located | undefined {
  const app = snapshot.specs.find((a) => a.name === t.app);
  if (!app) return undefined;
  const key = refKey(t.ref);
  const rendered = (snapshot.rendered.get(t.app) ?? []).find((r) => refKey(refOf(r.object)) === key);
  const res = snapshot.status.apps.find((a) => a.name === t.app)?.resources
    .find((r) => refKey({ group: r.group, kind: r.kind, namespace: r.namespace, name: r.name }) === key);
  const drift = res?.drift.find((d) => d.path === t.path);
  return rendered && drift ? { app, rendered, drift } : undefined;
}

export type AdoptPlan =
  | { ok: true; file: string; target: DocTarget; path: string; value: unknown; title: string }
  | { ok: false; reason: string };

const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

/**
 * Where the live value of a drifted field goes in Git. `text` is the current text of the file
 * that declares it (`fileOf` tells which), `line` the declaring line in that text.
 */
export function adoptPlan(snapshot: SessionSnapshot, t: DriftTarget, read: (file: string) => { text: string; line?: (savedLine: number) => number | undefined } | undefined): AdoptPlan {
  const found = locateDrift(snapshot, t);
  if (!found) return { ok: false, reason: 'this drift is no longer reported: refresh and try again' };
  const { app, rendered, drift } = found;
  if (rendered.object.kind === 'Secret') return { ok: false, reason: 'Secret values are never copied from the cluster into Git' };
  const place = placeOf(rendered, t.path);
  if (!place) return { ok: false, reason: 'Plumb does not know which file declares this object' };
  const file = place.location.file;
  if (KUSTOMIZATION.test(file)) return { ok: false, reason: `the value is set by ${file} (a generator, image, replica or name option): edit that entry by hand` };
  const src = read(file);
  if (!src) return { ok: false, reason: `${file} cannot be read` };
  const line = src.line ? src.line(place.location.line) : place.location.line;
  const docs = parseManifests(src.text, file).docs;
  const doc = docFor(docs, rendered);
  const title = drift.live === undefined ? `Adopt into Git: remove ${t.path} from ${file}` : `Adopt live value into Git (${file})`;
  if (doc) return { ok: true, file, target: { docIndex: doc.index }, path: t.path, value: drift.live, title };
  // Not the object's own manifest: a Helm values file or the app's parameters. Only a key that
  // holds exactly this field can take the live value.
  if (app.source.type === 'helm' && /\/templates\//.test(file)) {
    return { ok: false, reason: `the value comes from the chart template ${file}, not from a values key: change the template, or add a value for it by hand` };
  }
  if (!place.exact || line === undefined) return { ok: false, reason: `${t.path} is not declared in Git at a key Plumb can change` };
  const key = indexLines(src.text, file).keyAt(line);
  const m = key ? /^#(\d+)\/(.+)$/.exec(key) : null;
  if (!m) return { ok: false, reason: `no YAML key on ${file}:${line}` };
  if (drift.live === undefined) return { ok: false, reason: `the field was removed live; ${file}:${line} sets it for the template: remove the value by hand if that is intended` };
  // `--set` parameters are strings in the Application
  const value = /\.helm\.parameters\[\d+\]\.value$/.test(m[2]!) ? String(drift.live) : drift.live;
  return { ok: true, file, target: { docIndex: Number(m[1]) }, path: m[2]!, value, title: `Adopt live value into Git (${file}:${line})` };
}

/** The text edit of an adopt plan on the file's current text. */
export function adoptEdit(plan: Extract<AdoptPlan, { ok: true }>, text: string): EditResult {
  return setFieldEdit(text, plan.target, plan.path, plan.value);
}

export type IgnorePlan =
  | { ok: true; file: string; target: DocTarget; listPath: string; rule: IgnoreDifference; note?: string }
  | { ok: false; reason: string };

export const PLUMB_CONFIG = '.plumb.yaml';

/** Where an ignore rule for this field is written, and what it says. */
export function ignorePlan(snapshot: SessionSnapshot, t: DriftTarget): IgnorePlan {
  const app = snapshot.specs.find((a) => a.name === t.app);
  if (!app) return { ok: false, reason: `no app ${t.app}` };
  const fields = ignoreFields(t.path);
  if (!fields) return { ok: false, reason: `cannot express ${t.path} as an ignore rule` };
  const rule: IgnoreDifference = {
    ...(t.ref.group ? { group: t.ref.group } : {}), kind: t.ref.kind, name: t.ref.name, ...(t.ref.namespace ? { namespace: t.ref.namespace } : {}), ...fields,
  };
  const config = snapshot.status.config?.file ?? PLUMB_CONFIG;
  if (app.controller === 'argocd' && app.declaredIn && !app.generatedBy) {
    const respects = app.syncPolicy?.syncOptions?.some((o) => o.replace(/\s/g, '') === 'RespectIgnoreDifferences=true');
    return {
      ok: true, file: app.declaredIn.file, target: { line: app.declaredIn.line }, listPath: 'spec.ignoreDifferences', rule,
      ...(respects ? {} : { note: 'Argo CD stops reporting the field; a sync still overwrites it unless syncOptions has RespectIgnoreDifferences=true.' }),
    };
  }
  const note = app.controller === 'flux'
    ? 'Flux has no ignoreDifferences: Plumb stops reporting the field, but Flux itself still reverts it on its next reconcile.'
    : app.generatedBy ? `The Application is generated by ApplicationSet ${app.generatedBy.name}: the rule is written to ${config} instead.` : undefined;
  return { ok: true, file: config, target: { docIndex: 0 }, listPath: 'ignore', rule, ...(note ? { note } : {}) };
}

export function ignoreEdit(plan: Extract<IgnorePlan, { ok: true }>, text: string): EditResult {
  return appendListItemEdit(text, plan.target, plan.listPath, plan.rule);
}

/** A JSON pointer for plain paths; a jq path expression when list items are named by keys or values. */
export function ignoreFields(path: string): Pick<IgnoreDifference, 'jsonPointers' | 'jqPathExpressions'> | undefined {
  const steps = parseDriftPath(path);
  if (!steps?.length) return undefined;
  if (steps.every((s) => 'field' in s || 'index' in s)) {
    return { jsonPointers: [steps.map((s) => `/${'field' in s ? s.field.replace(/~/g, '~0').replace(/\//g, '~1') : String((s as { index: number }).index)}`).join('')] };
  }
  let jq = '';
  for (const s of steps) {
    if ('field' in s) jq += /^[A-Za-z_][A-Za-z0-9_]*$/.test(s.field) ? `.${s.field}` : `[${JSON.stringify(s.field)}]`;
    else if ('index' in s) jq += `[${s.index}]`;
    else if ('keys' in s) {
      const conds = Object.entries(s.keys).map(([k, v]) => `.${k} == ${/^-?\d+$/.test(v) ? v : JSON.stringify(v)}`);
      jq += `[] | select(${conds.join(' and ')}) | `;
    } else jq += `[] | select(. == ${JSON.stringify(s.value)}) | `;
  }
  jq = jq.replace(/ \| $/, '').replace(/\| \./g, '| .').replace(/\| \[/g, '| .[');
  return { jqPathExpressions: [jq] };
}
