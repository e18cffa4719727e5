// SessionSnapshot → the Applications view's node models. Groups and app rows are built at once
// (their counts are needed for the group rows); an app's resources, problems and drifted fields
// are built when the row is first expanded and then kept, so a refresh with 1 000 apps costs one
// pass over the apps, not over every resource. Ids are derived from names, never positions, so
// VS Code keeps expansion and selection across snapshots.
import { isAbsolute, join } from 'node:path';
import { refKey, type AppSpec, type EngineProblem, type ObjectRef, type RenderedObject, type SourceLocation } from '../engine/types.js';
import type { AppResult, FieldDrift, ResourceResult } from '../engine/status/app-status.js';
import type { SessionSnapshot } from '../engine/session/workspace-session.js';
import { appFacets, fieldFacets, groupFacets, problemFacets, resourceFacets } from './context-facets.js';
import { ago, mdCode, mdEscape, plural, shortValue } from './format.js';
import { fieldIcon, groupIcon, healthBadge, problemIcon, resourceIcon, syncIcon } from './tree-icons.js';
import type { AppNode, AppsTreeNode, FieldNode, GroupNode, OpenTarget, ProblemNode, ResourceNode } from './tree-nodes.js';

export type Grouping = 'controller' | 'namespace';

export interface AppsTreeInput {
  snapshot: Pick<SessionSnapshot, 'repoRoot' | 'status' | 'specs' | 'rendered'>;
  grouping: Grouping;
  /** app name → the Git revision running in the cluster (see app-revision.ts) */
  revisions?: ReadonlyMap<string, string>;
  /** for "2 min ago" (tests pin it) */
  now?: number;
}

const CONTROLLER_ORDER = ['argocd', 'flux', 'plain'];
const CONTROLLER_LABEL: Record<string, string> = { argocd: 'Argo CD', flux: 'Flux', plain: 'Plain manifests' };

export class AppsTree {
  readonly roots: GroupNode[] = [];
  private readonly byId = new Map<string, AppsTreeNode>();
  private readonly kids = new Map<string, AppsTreeNode[]>();
  private readonly parents = new Map<string, AppsTreeNode>();
  private readonly results = new Map<string, { result: AppResult; spec?: AppSpec }>();
  private readonly now: number;

  constructor(private readonly input: AppsTreeInput) {
    this.now = input.now ?? Date.now();
    const { status, specs } = input.snapshot;
    const groups = new Map<string, { node: GroupNode; apps: AppNode[] }>();
    status.apps.forEach((result, i) => {
      // specs are in the order of status.apps; fall back to a lookup if that ever changes.
      const spec = specs[i]?.name === result.name ? specs[i] : specs.find((s) => s.name === result.name);
      this.results.set(result.name, { result, spec });
      const key = this.groupKey(result, spec);
      let g = groups.get(key);
      if (!g) { g = { node: this.groupNode(key), apps: [] }; groups.set(key, g); }
      g.apps.push(this.appNode(result, spec));
    });
    for (const key of [...groups.keys()].sort(groupOrder)) {
      const g = groups.get(key)!;
      g.apps.sort((a, b) => cmp(a.app, b.app));
      const drifted = g.apps.filter((a) => a.sync === 'OutOfSync').length;
      g.node.description = `${plural(g.apps.length, 'app')}${drifted ? ` · ${drifted} OutOfSync` : ''}`;
      this.add(g.node);
      this.roots.push(g.node);
      this.kids.set(g.node.id, g.apps);
      for (const a of g.apps) { this.add(a); this.parents.set(a.id, g.node); }
    }
  }

  /** The rows under `node` (the group rows for the root). */
  children(node?: AppsTreeNode): AppsTreeNode[] {
    if (!node) return this.roots;
    const known = this.kids.get(node.id);
    if (known) return known;
    let made: AppsTreeNode[] = [];
    if (node.type === 'app') made = this.appChildren(node);
    else if (node.type === 'resource') made = this.fieldNodes(node);
    this.kids.set(node.id, made);
    for (const c of made) { this.add(c); this.parents.set(c.id, node); }
    return made;
  }

  parent(node: AppsTreeNode): AppsTreeNode | undefined { return this.parents.get(node.id); }
  node(id: string): AppsTreeNode | undefined { return this.byId.get(id); }
  app(name: string): AppNode | undefined { const n = this.byId.get(appId(name)); return n?.type === 'app' ? n : undefined; }
  get appCount(): number { return this.results.size; }

  /**
   * A row's markdown tooltip, made on demand (VS Code's resolveTreeItem, on hover): building
   * them for 10 000 rows up front was most of the refresh's garbage.
   */
  tooltip(node: AppsTreeNode): string | undefined {
    switch (node.type) {
      case 'group': return undefined;
      case 'problem': return node.tooltip;
      case 'app': {
        const e = this.results.get(node.app);
        if (!e) return undefined;
        const off = e.result.resources.filter((x) => x.status !== 'Synced' && x.status !== 'Unknown').length;
        return appTooltip(e.result, e.spec, off, this.input.revisions?.get(node.app));
      }
      case 'resource': { const r = this.resultOf(node.app, node.ref); return r && resourceTooltip(r); }
      case 'field': {
        const d = this.resultOf(node.app, node.ref)?.drift.find((x) => x.path === node.path);
        return d && fieldTooltip(d, this.now);
      }
    }
  }

  private add(n: AppsTreeNode): void { this.byId.set(n.id, n); }

  private groupKey(r: AppResult, spec: AppSpec | undefined): string {
    if (this.input.grouping === 'namespace') return `ns:${spec?.destination.namespace ?? ''}`;
    return r.controller;
  }

  private groupNode(key: string): GroupNode {
    const label = key.startsWith('ns:') ? (key.slice(3) || 'no namespace') : (CONTROLLER_LABEL[key] ?? key);
    return {
      type: 'group', key, id: `group:${key}`, label, icon: groupIcon(key), collapsible: 'expanded',
      contextValue: groupFacets(this.input.grouping),
    };
  }

  private appNode(r: AppResult, spec: AppSpec | undefined): AppNode {
    const total = r.resources.length;
    const off = r.resources.filter((x) => x.status !== 'Synced' && x.status !== 'Unknown').length;
    const rev = this.input.revisions?.get(r.name);
    const parts: string[] = [];
    if (rev) parts.push(rev.slice(0, 7));
    if (r.remote) parts.push('remote');
    else if (off) parts.push(`${off}/${total} OutOfSync`);
    else parts.push(plural(total, 'resource'));
    const unknown = r.resources.filter((x) => x.status === 'Unknown').length;
    if (unknown) parts.push(`${unknown} Unknown`);
    if (spec?.suspended) parts.push('suspended');
    if (r.problems.length) parts.push(plural(r.problems.length, 'problem'));
    const declared = spec?.declaredIn;
    return {
      type: 'app', id: appId(r.name), app: r.name, sync: r.sync, health: r.health.status,
      label: r.name, description: parts.join(' · '),
      icon: syncIcon(r.sync), badge: healthBadge(r.health.status, r.health.message),
      contextValue: appFacets({ sync: r.sync, health: r.health.status, controller: r.controller, remote: !!r.remote,
        problems: r.problems.length, suspended: !!spec?.suspended, hasSource: !!declared }),
      collapsible: total || r.problems.length ? 'collapsed' : 'none',
      ...(declared ? { open: this.target(declared) } : {}),
    };
  }

  private appChildren(node: AppNode): AppsTreeNode[] {
    const entry = this.results.get(node.app);
    if (!entry) return [];
    const { result } = entry;
    const problems = result.problems.map((p, i) => this.problemNode(node.app, p, i));
    const resources = [...result.resources].sort(byKindNsName).map((r) => this.resourceNode(node.app, r));
    return [...problems, ...resources];
  }

  private problemNode(app: string, p: EngineProblem, i: number): ProblemNode {
    const first = p.message.split('\n')[0] ?? '';
    const where = p.location ? `${p.location.file}:${p.location.line}` : undefined;
    return {
      type: 'problem', app, severity: p.severity, id: `problem:${app}:${i}:${first.slice(0, 60)}`,
      label: first.length > 100 ? `${first.slice(0, 99)}…` : first, ...(where ? { description: where } : {}),
      tooltip: `**${p.severity}**${where ? ` in ${mdCode(where)}` : ''}\n\n${mdEscape(p.message)}`,
      icon: problemIcon(p.severity), contextValue: problemFacets(p.severity), collapsible: 'none',
      ...(p.location ? { open: this.target(p.location) } : {}),
    };
  }

  private resourceNode(app: string, r: ResourceResult): ResourceNode {
    const ref: ObjectRef = { group: r.group, kind: r.kind, ...(r.namespace ? { namespace: r.namespace } : {}), name: r.name };
    const status = r.status === 'Synced' ? '' : r.drift.length ? `${r.status} (${r.drift.length})` : r.status;
    return {
      type: 'resource', app, ref, status: r.status, id: `res:${app}:${refKey(ref)}`,
      label: `${r.kind} ${r.name}`, description: r.namespace ? (status ? `${r.namespace} · ${status}` : r.namespace) : status,
      icon: resourceIcon(r.status), ...(r.health ? { badge: healthBadge(r.health.status, r.health.message) } : {}),
      contextValue: resourceFacets({ status: r.status, hasSource: !!r.source, drifted: r.drift.length > 0 }),
      collapsible: r.drift.length ? 'collapsed' : 'none',
      ...(r.source ? { open: this.target(r.source) } : {}),
    };
  }

  private fieldNodes(node: ResourceNode): FieldNode[] {
    const r = this.resultOf(node.app, node.ref);
    if (!r?.drift.length) return [];
    const rendered = this.renderedOf(node.app, node.ref);
    return r.drift.map((d) => {
      const loc = fieldSource(rendered, d.path) ?? r.source;
      return {
        type: 'field', app: node.app, ref: node.ref, path: d.path, id: `field:${node.app}:${refKey(node.ref)}:${d.path}`,
        label: fieldLabel(d.path), description: fieldDescription(d, this.now),
        icon: fieldIcon, contextValue: fieldFacets(d.kind, !!loc), collapsible: 'none',
        ...(loc ? { open: this.target(loc) } : {}),
      } satisfies FieldNode;
    });
  }

  private resultOf(app: string, ref: ObjectRef): ResourceResult | undefined {
    return this.results.get(app)?.result.resources.find((x) => x.kind === ref.kind && x.group === ref.group
      && x.name === ref.name && (x.namespace ?? '') === (ref.namespace ?? ''));
  }

  private renderedOf(app: string, ref: ObjectRef): RenderedObject | undefined {
    const key = refKey(ref);
    // One app's objects, looked at only when a resource row is expanded: a scan is cheap enough.
    return this.input.snapshot.rendered.get(app)?.find((o) => {
      const md = o.object.metadata;
      return md?.name === ref.name && o.object.kind === ref.kind && refKey({ ...ref, namespace: md?.namespace || undefined }) === key;
    });
  }

  private target(loc: SourceLocation): OpenTarget {
    const file = isAbsolute(loc.file) ? loc.file : join(this.input.snapshot.repoRoot, loc.file);
    return { file, line: loc.line, ...(loc.column ? { column: loc.column } : {}) };
  }
}

export const appId = (name: string): string => `app:${name}`;

function groupOrder(a: string, b: string): number {
  const ia = CONTROLLER_ORDER.indexOf(a);
  const ib = CONTROLLER_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  // Namespace groups: alphabetical, the group of apps without a namespace last.
  if (a === 'ns:') return 1;
  if (b === 'ns:') return -1;
  return cmp(a, b);
}

/** Code-point order: the same on every machine, and much cheaper than locale collation. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byKindNsName(a: ResourceResult, b: ResourceResult): number {
  return cmp(a.kind, b.kind) || cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name);
}

function appTooltip(r: AppResult, spec: AppSpec | undefined, off: number, rev: string | undefined): string {
  const lines = [`**${mdEscape(r.name)}** — ${CONTROLLER_LABEL[r.controller] ?? r.controller} app`];
  lines.push(`Sync: **${r.sync}**${off ? ` (${off} of ${plural(r.resources.length, 'resource')} differ)` : ''}`);
  lines.push(`Health: **${r.health.status}**${r.health.message ? ` — ${mdEscape(r.health.message)}` : ''}`);
  if (rev) lines.push(`Live revision: ${mdCode(rev.slice(0, 12))}`);
  if (spec?.destination.namespace) lines.push(`Destination namespace: ${mdCode(spec.destination.namespace)}`);
  if (spec?.declaredIn) lines.push(`Declared in ${mdCode(`${spec.declaredIn.file}:${spec.declaredIn.line}`)}`);
  if (r.remote) lines.push(`Source is remote (${mdEscape(r.remote.repoURL)}): ${mdEscape(r.remote.reason)}`);
  if (spec?.suspended) lines.push('Suspended: the controller does not reconcile it');
  if (r.problems.length) lines.push(plural(r.problems.length, 'problem') + ' — expand the app to see them');
  return lines.join('\n\n');
}

function resourceTooltip(r: ResourceResult): string {
  const tip = [`**${mdEscape(r.kind)}** ${mdCode(r.namespace ? `${r.namespace}/${r.name}` : r.name)}`,
    `Status: ${r.status}${r.drift.length ? `, ${plural(r.drift.length, 'drifted field')}` : ''}`];
  if (r.health) tip.push(`Health: ${r.health.status}${r.health.message ? ` — ${mdEscape(r.health.message)}` : ''}`);
  if (r.source) tip.push(`Declared in ${mdCode(`${r.source.file}:${r.source.line}`)}`);
  if (r.verdict?.note && r.status !== 'Synced') tip.push(mdEscape(r.verdict.note));
  return tip.join('\n\n');
}

/** "live 7 · kubectl-scale 2 min ago" */
/**
 * A drift path short enough for a sidebar row: its last two steps (`…env[name=LOG_LEVEL].value`);
 * the tooltip keeps the whole path. Dots inside `[key=value]` selectors do not split.
 */
export function fieldLabel(path: string): string {
  const steps: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '.' && depth === 0) { steps.push(path.slice(start, i)); start = i + 1; }
  }
  steps.push(path.slice(start));
  return steps.length > 2 ? `…${steps.slice(-2).join('.')}` : path;
}

export function fieldDescription(d: FieldDrift, now: number): string {
  const parts: string[] = [];
  if (d.live !== undefined) parts.push(`live ${shortValue(d.live)}`);
  else if (d.desired !== undefined) parts.push('not set live');
  if (d.kind === 'orphaned') parts.push('no longer in Git');
  const when = ago(d.time, now);
  if (d.manager) parts.push(when ? `${d.manager} ${when}` : d.manager);
  return parts.join(' · ');
}

function fieldTooltip(d: FieldDrift, now: number): string {
  const lines = [mdCode(d.path)];
  lines.push(`Git: ${d.desired === undefined ? '_not declared_' : mdCode(shortValue(d.desired, 200))}`);
  lines.push(`Live: ${d.live === undefined ? '_not set_' : mdCode(shortValue(d.live, 200))}`);
  if (d.manager) lines.push(`Changed by ${mdCode(d.manager)}${d.time ? ` at ${d.time} (${ago(d.time, now) ?? ''})` : ''}`);
  if (d.kind) lines.push(`Kind of drift: ${d.kind}`);
  return lines.join('\n\n');
}

/** The declaring location of a drifted field: the path itself, else its nearest declared parent. */
export function fieldSource(rendered: RenderedObject | undefined, path: string): SourceLocation | undefined {
  const sources = rendered?.fieldSources;
  if (!sources) return undefined;
  let p = path;
  while (p) {
    const hit = sources[p];
    if (hit) return hit;
    const cut = p.endsWith(']') ? p.lastIndexOf('[') : p.lastIndexOf('.');
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return undefined;
}

/**
 * Every row, depth first, as a TreeDataProvider would be asked for them with everything expanded
 * (the benchmark's "full getChildren walk"; tests use it to check ids are unique).
 */
export function walkAppsTree(tree: AppsTree, visit: (n: AppsTreeNode, depth: number) => void = () => {}): number {
  let count = 0;
  const go = (nodes: AppsTreeNode[], depth: number) => {
    for (const n of nodes) {
      count++;
      visit(n, depth);
      if (n.collapsible !== 'none') go(tree.children(n), depth + 1);
    }
  };
  go(tree.children(), 0);
  return count;
}
