// Fields the API server keeps or regenerates when an apply stops declaring them, so taking them
// over is never drift: allocated Service IPs and node ports (the registry's patchAllocatedValues),
// the Job's generated selector and labels, the Namespace name label, the PVC's bound volume and
// admission-chosen storage class.
import { isObj, isZeroScalar, type JsonObject } from './json.js';
import { fieldNames, type Path } from './path.js';

const JOB_LABELS = ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name'];

/** Field-name paths (`[]` for list items), per group/Kind. */
const RETAINED: Record<string, string[][]> = {
  '/Service': [
    ['spec', 'clusterIP'], ['spec', 'clusterIPs'], ['spec', 'ipFamilies'], ['spec', 'ipFamilyPolicy'], ['spec', 'healthCheckNodePort'],
    ['spec', 'ports', '[]', 'nodePort'],
  ],
  'batch/Job': [
    ['spec', 'selector'],
    ...JOB_LABELS.map((l) => ['spec', 'template', 'metadata', 'labels', l]),
    ...JOB_LABELS.map((l) => ['metadata', 'labels', l]),
  ],
  '/Namespace': [['metadata', 'labels', 'kubernetes.io/metadata.name']],
  '/PersistentVolumeClaim': [['spec', 'volumeName'], ['spec', 'storageClassName']],
};

const startsWith = (a: readonly string[], b: readonly string[]) => b.length <= a.length && b.every((x, i) => x === a[i]);

/** The field (or something above it) is kept by the server. */
export function isRetained(group: string, kind: string, path: Path): boolean {
  const f = fieldNames(path);
  return (RETAINED[`${group}/${kind}`] ?? []).some((p) => startsWith(f, p));
}

/**
 * Something below the field, through fields only, is kept by the server: the field must not be
 * removed as a whole. (A kept field inside a list item goes when the whole item goes.)
 */
export function holdsRetained(group: string, kind: string, path: Path): boolean {
  const f = fieldNames(path);
  return (RETAINED[`${group}/${kind}`] ?? []).some((p) => p.length > f.length && startsWith(p, f) && !p.slice(f.length).includes('[]'));
}

/**
 * Git asking for "allocate one" (`clusterIP: ""`, `nodePort: 0`) on an object that already has
 * one keeps the allocated value (patchAllocatedValues): such declarations are dropped from the
 * desired object before comparing.
 */
export function dropAllocateRequests(group: string, kind: string, desired: JsonObject): void {
  if (group !== '' || kind !== 'Service' || !isObj(desired['spec'])) return;
  const spec = desired['spec'] as JsonObject;
  for (const k of ['clusterIP', 'healthCheckNodePort']) if (isZeroScalar(spec[k])) delete spec[k];
  if (Array.isArray(spec['ports'])) for (const p of spec['ports']) if (isObj(p) && isZeroScalar(p['nodePort'])) delete p['nodePort'];
}
