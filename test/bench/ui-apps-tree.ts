// Issue 6: the Applications view with 1 000 apps × 10 resources. Measures the view-model work the
// extension host does for a snapshot: revisions from the live cache, the AppsTree build and the
// rows VS Code asks for on first paint (groups expanded, apps collapsed), then a walk with every
// row expanded. The TreeItem mapping and rendering inside VS Code are not part of it (issue 7's
// real-editor tests time the painted view).
import { performance } from 'node:perf_hooks';
import { refKey, refOf, type KubeObject, type ObjectRef } from '../../src/engine/types.js';
import { appRevisions } from '../../src/ui-model/app-revision.js';
import { AppsTree, walkAppsTree } from '../../src/ui-model/apps-tree.js';
import { syntheticSnapshot } from '../ui-model/builders.js';
import { meets, percentile, round, type BenchCase } from './report.js';

const APPS = 1000;
const PER_APP = 10;
const RUNS = 30;

export function benchAppsTree(): BenchCase {
  const snap = syntheticSnapshot(APPS, PER_APP);
  // A live cache with every object, each stamped with the revision Plumb applied.
  const live = new Map<string, KubeObject>();
  for (const objs of snap.rendered.values()) {
    for (const r of objs) {
      const o: KubeObject = { ...r.object, metadata: { ...r.object.metadata, annotations: { 'plumb.dev/revision': 'f00dfeed' }, managedFields: [{ manager: 'plumb', operation: 'Apply', time: '2026-11-26T10:00:00Z' }] } };
      live.set(refKey(refOf(o)), o);
    }
  }
  const lookup = (ref: ObjectRef) => live.get(refKey(ref));

  const firstPaint: number[] = [];
  const build: number[] = [];
  const fullWalk: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const revisions = appRevisions(snap.specs, snap.rendered, lookup);
    const tree = new AppsTree({ snapshot: snap, grouping: 'controller', revisions });
    const t1 = performance.now();
    for (const g of tree.children()) tree.children(g);
    const t2 = performance.now();
    rows = walkAppsTree(tree);
    const t3 = performance.now();
    build.push(t1 - t0);
    firstPaint.push(t2 - t0);
    fullWalk.push(t3 - t0);
  }
  for (const xs of [firstPaint, build, fullWalk]) xs.sort((a, b) => a - b);
  const p95 = round(percentile(firstPaint, 95));
  return {
    case: 'apps-tree-1000', title: `Applications view models, ${APPS} apps × ${PER_APP} resources: first paint p95`,
    value: p95, unit: 'ms', target: 1000, compare: '<', met: meets(p95, '<', 1000),
    extra: {
      runs: RUNS, rows,
      firstPaintP50: round(percentile(firstPaint, 50)), buildP50: round(percentile(build, 50)), buildP95: round(percentile(build, 95)),
      fullWalkP50: round(percentile(fullWalk, 50)), fullWalkP95: round(percentile(fullWalk, 95)),
    },
    notes: [
      `first paint = revisions from the cache + tree build + the rows of the expanded groups; p50 ${round(percentile(firstPaint, 50))} ms (build alone p50 ${round(percentile(build, 50))} ms)`,
      `everything expanded (${rows} rows): p50 ${round(percentile(fullWalk, 50))} ms, p95 ${round(percentile(fullWalk, 95))} ms; VS Code's own rendering not included`,
    ],
  };
}
