// The live changes case 1 makes with kubectl on ~10 % of the objects: edits of fields Git
// declares (drift, which an apply by `plumb` would undo) and labels Git does not declare. An
// apply leaves another manager's label alone, so kubectl diff shows nothing; Plumb agrees for an
// automation's manager, but drift-contract.md rule 4 (suite policy, Flux "Override") makes a
// label owned by an interactive kubectl manager drift on purpose: those edits are marked.
import type { BenchRepo } from './engine-repo.js';

export interface DriftEdit {
  /** group/kind/namespace/name, as refKey() writes it */
  key: string;
  what: string;
  args: string[];
  /** whether an apply of Git by `plumb` would change the object afterwards (kubectl diff's verdict) */
  drifts: boolean;
  /** Plumb's verdict differs from kubectl diff's on purpose, for this reason */
  policy?: string;
}

export function driftPlan(repo: BenchRepo): DriftEdit[] {
  const out: DriftEdit[] = [];
  repo.apps.forEach((app, i) => {
    const ns = app.namespace;
    const at = (kind: string, name: string) => {
      const o = app.objects.find((x) => x.kind === kind && x.name === name)!;
      return `${o.group}/${o.kind}/${o.namespace}/${o.name}`;
    };
    const edit = (kind: string, name: string, what: string, drifts: boolean, args: string[], policy?: string) =>
      out.push({ key: at(kind, name), what, drifts, args: ['-n', ns, ...args], ...(policy ? { policy } : {}) });
    const band = Math.floor((i * 10) / repo.apps.length); // ten bands of apps, one kind of edit each
    switch (band) {
      case 0: case 1: edit('Deployment', `${app.name}-web`, 'kubectl scale --replicas=5', true, ['scale', `deployment/${app.name}-web`, '--replicas=5']); break;
      case 2: case 3: edit('Deployment', `${app.name}-api`, 'kubectl set image', true, ['set', 'image', `deployment/${app.name}-api`, 'app=nginx:1.28.0']); break;
      case 4: case 5: edit('Service', `${app.name}-web`, 'kubectl label --overwrite (a label Git declares)', true, ['label', '--overwrite', `service/${app.name}-web`, 'tier=edited']); break;
      case 6: case 7: edit('ConfigMap', `${app.name}-config`, 'kubectl patch ConfigMap data', true, ['patch', `configmap/${app.name}-config`, '--type=merge', '-p', '{"data":{"LOG_LEVEL":"debug"}}']); break;
      case 8: edit('Secret', `${app.name}-db`, 'kubectl patch Secret stringData', true, ['patch', `secret/${app.name}-db`, '--type=merge', '-p', `{"stringData":{"password":"changed-${app.name}"}}`]); break;
      default:
        // most by an automation (no drift anywhere), the last two with kubectl's own manager
        if (i < repo.apps.length - 2) edit('Service', `${app.name}-api`, 'kubectl label --field-manager=ops-bot (a label Git does not declare)', false, ['label', '--field-manager=ops-bot', `service/${app.name}-api`, 'owner=oncall']);
        else edit('Service', `${app.name}-api`, 'kubectl label (a label Git does not declare, manager kubectl-label)', false, ['label', `service/${app.name}-api`, 'owner=oncall'], 'drift-contract rule 4: a field owned by an interactive kubectl manager is drift (suite policy, Flux "Override")');
        break;
    }
  });
  return out;
}
