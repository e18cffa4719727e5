// Fields a plain apply cannot change (API-server validation, engine-reference §4.3): drift on them
// means the sync must delete and re-create the object.
import { isObj, type Json, type JsonObject } from './json.js';
import { quantityEqual } from './quantity.js';
import { fieldNames, type Path } from './path.js';

const STS_MUTABLE = new Set(['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']);
const SUSPENDED_JOB_MUTABLE = [
  'spec.template.metadata.labels', 'spec.template.metadata.annotations', 'spec.template.spec.nodeSelector',
  'spec.template.spec.affinity', 'spec.template.spec.tolerations', 'spec.template.spec.schedulingGates',
];

export interface ImmutableInput {
  group: string;
  kind: string;
  /** the normalised desired object */
  desired: JsonObject | undefined;
  /** the live object as the server returned it (status included: a Job's startTime matters) */
  live: JsonObject | undefined;
}

const get = (o: Json | undefined, ...keys: string[]): Json | undefined => {
  let cur = o;
  for (const k of keys) cur = isObj(cur) ? cur[k] : undefined;
  return cur;
};

/** The immutable field a drift path touches, or undefined. */
export function immutableReason(input: ImmutableInput, path: Path): string | undefined {
  const { group, kind, desired, live } = input;
  const f = fieldNames(path);
  const dotted = f.join('.');
  const under = (prefix: string) => dotted === prefix || dotted.startsWith(`${prefix}.`) || dotted.startsWith(`${prefix}[]`);
  if (group === 'apps' && (kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'DaemonSet') && under('spec.selector')) return 'spec.selector';
  if (group === 'apps' && kind === 'StatefulSet' && f[0] === 'spec' && f.length > 1 && !STS_MUTABLE.has(f[1]!)) return `spec.${f[1]}`;
  if (group === 'batch' && kind === 'Job') {
    if (under('spec.selector')) return 'spec.selector';
    if (under('spec.completionMode')) return 'spec.completionMode';
    if (under('spec.completions') && get(live, 'spec', 'completionMode') !== 'Indexed') return 'spec.completions';
    if (under('spec.template')) {
      const suspended = get(live, 'spec', 'suspend') === true && get(live, 'status', 'startTime') === undefined;
      if (!(suspended && SUSPENDED_JOB_MUTABLE.some(under))) return 'spec.template';
    }
  }
  if (group === '' && kind === 'Service') {
    if ((under('spec.clusterIP') || under('spec.clusterIPs')) && liveHas(live, 'clusterIP')) return 'spec.clusterIP';
    if (under('spec.ipFamilies') && liveHas(live, 'ipFamilies')) return 'spec.ipFamilies';
    if (under('spec.type')) {
      const from = get(live, 'spec', 'type');
      const to = get(desired, 'spec', 'type');
      if ((from === 'ExternalName') !== (to === 'ExternalName')) return 'spec.type';
    }
  }
  if (group === '' && kind === 'PersistentVolumeClaim' && f[0] === 'spec' && f.length > 1) {
    if (under('spec.volumeAttributesClassName')) return undefined;
    if (under('spec.resources.requests')) return shrinks(desired, live) ? 'spec.resources.requests.storage' : undefined;
    return 'spec';
  }
  if (group === 'rbac.authorization.k8s.io' && (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && under('roleRef')) return 'roleRef';
  if (group === '' && (kind === 'ConfigMap' || kind === 'Secret') && get(live, 'immutable') === true
    && (under('data') || under('binaryData') || under('immutable'))) return f[0];
  if (group === '' && kind === 'Secret' && under('type')) return 'type';
  if (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition' && under('spec.scope')) return 'spec.scope';
  return undefined;
}

function liveHas(live: JsonObject | undefined, field: string): boolean {
  const v = get(live, 'spec', field);
  return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
}

/** A PVC storage request going down: forbidden, unlike growth. */
function shrinks(desired: JsonObject | undefined, live: JsonObject | undefined): boolean {
  const d = get(desired, 'spec', 'resources', 'requests', 'storage');
  const l = get(live, 'spec', 'resources', 'requests', 'storage');
  if (d === undefined || l === undefined || quantityEqual(d, l)) return false;
  return toBytes(d) < toBytes(l);
}

function toBytes(v: Json): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/.exec(String(v));
  if (!m) return Number.NaN;
  const mult: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, m: 1e-3 };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}
