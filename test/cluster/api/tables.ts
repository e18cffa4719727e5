// Server-side Table rendering (spec §2.5, §2.6): `kubectl get` asks for meta.k8s.io/v1 Tables.
// Built-in kinds use the printers' column sets; custom resources use additionalPrinterColumns;
// anything else gets Name + Created At. Rows carry PartialObjectMetadata (includeObject=Metadata).
import { ageOf } from './duration.js';
import { evalJsonPath, jsonPathText, parseJsonPath } from './jsonpath.js';
import {
  AGE_DESCRIPTION, NAME_COL, NAME_DESCRIPTION, col, type Cells, type Printer, type RowCondition, type TableColumnDefinition,
} from './table-common.js';
import {
  clusterRoleBindingPrinter, configMapPrinter, endpointsPrinter, eventPrinter, ingressClassPrinter, ingressPrinter, leasePrinter,
  namespacePrinter, networkPolicyPrinter, pvcPrinter, pvPrinter, roleBindingPrinter, secretPrinter, serviceAccountPrinter,
  servicePrinter, storageClassPrinter,
} from './table-printers-core.js';
import {
  cronJobPrinter, daemonSetPrinter, deploymentPrinter, hpaPrinter, jobPrinter, pdbPrinter, podPrinter, replicaSetPrinter,
  statefulSetPrinter,
} from './table-printers-workloads.js';
import type { KObject, ObjectMeta, ResourceType } from './types.js';

export type { TableColumnDefinition } from './table-common.js';

export interface PartialObjectMetadata { kind: 'PartialObjectMetadata'; apiVersion: 'meta.k8s.io/v1'; metadata: ObjectMeta }

export interface TableRow { cells: Cells; object: PartialObjectMetadata; conditions?: RowCondition[] }

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  /** Absent when noHeaders (watch events after the first). */
  columnDefinitions?: TableColumnDefinition[];
  rows: TableRow[];
}

/** A CRD version's additionalPrinterColumns entry. */
export interface CrdColumn { name: string; type: string; format?: string; description?: string; priority?: number; jsonPath: string }

export interface TableOptions {
  now: Date;
  noHeaders?: boolean;
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
  /** For custom resources: the served version's additionalPrinterColumns (none → an Age column). */
  crdColumns?: CrdColumn[];
}

const PRINTERS: Record<string, Printer> = {
  'apps/Deployment': deploymentPrinter,
  'apps/StatefulSet': statefulSetPrinter,
  'apps/DaemonSet': daemonSetPrinter,
  'apps/ReplicaSet': replicaSetPrinter,
  'batch/Job': jobPrinter,
  'batch/CronJob': cronJobPrinter,
  '/Pod': podPrinter,
  '/Service': servicePrinter,
  '/ConfigMap': configMapPrinter,
  '/Secret': secretPrinter,
  '/Namespace': namespacePrinter,
  '/ServiceAccount': serviceAccountPrinter,
  '/PersistentVolumeClaim': pvcPrinter,
  '/PersistentVolume': pvPrinter,
  '/Event': eventPrinter,
  '/Endpoints': endpointsPrinter,
  'autoscaling/HorizontalPodAutoscaler': hpaPrinter,
  'policy/PodDisruptionBudget': pdbPrinter,
  'networking.k8s.io/Ingress': ingressPrinter,
  'networking.k8s.io/IngressClass': ingressClassPrinter,
  'networking.k8s.io/NetworkPolicy': networkPolicyPrinter,
  'storage.k8s.io/StorageClass': storageClassPrinter,
  'rbac.authorization.k8s.io/RoleBinding': roleBindingPrinter,
  'rbac.authorization.k8s.io/ClusterRoleBinding': clusterRoleBindingPrinter,
  'coordination.k8s.io/Lease': leasePrinter,
};

/** rest.DefaultTableConvertor: Name and the creation time as an RFC3339 `date`. */
const defaultPrinter: Printer = {
  columns: [NAME_COL, col('Created At', 'date', AGE_DESCRIPTION)],
  cells: (o) => [o.metadata.name, rfc3339(o.metadata.creationTimestamp)],
};

function rfc3339(ts: string | null | undefined): string {
  if (!ts) return '0001-01-01T00:00:00Z';
  const t = Date.parse(ts);
  return Number.isNaN(t) ? ts : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The Table for `objects` of type `t` (one object for a single GET, one per watch event). */
export function toTable(t: ResourceType, objects: KObject[], opts: TableOptions): Table {
  const printer = t.custom ? crdPrinter(opts.crdColumns ?? []) : (PRINTERS[`${t.group}/${t.kind}`] ?? defaultPrinter);
  const metadata: Table['metadata'] = { resourceVersion: opts.resourceVersion };
  if (opts.continueToken) metadata.continue = opts.continueToken;
  if (opts.remainingItemCount !== undefined) metadata.remainingItemCount = opts.remainingItemCount;
  const table: Table = { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, rows: [] };
  if (!opts.noHeaders) table.columnDefinitions = printer.columns.map((c) => ({ ...c }));
  table.rows = objects.map((o) => {
    const row: TableRow = { cells: printer.cells(o, opts.now), object: partialObjectMetadata(o) };
    const conditions = printer.conditions?.(o);
    if (conditions) row.conditions = conditions;
    return row;
  });
  return table;
}

export function partialObjectMetadata(o: KObject): PartialObjectMetadata {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: structuredClone(o.metadata) };
}

/** The CRD table convertor: Name, then the printer columns (or Age) evaluated by JSONPath. */
export function crdPrinter(columns: CrdColumn[]): Printer {
  const effective: CrdColumn[] = columns.length > 0
    ? columns
    : [{ name: 'Age', type: 'date', description: AGE_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' }];
  const defs: TableColumnDefinition[] = [
    { name: 'Name', type: 'string', format: 'name', description: NAME_DESCRIPTION, priority: 0 },
    ...effective.map((c) => ({
      name: c.name, type: c.type, format: c.format ?? '', priority: c.priority ?? 0,
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
    })),
  ];
  const paths = effective.map((c) => parseJsonPath(c.jsonPath));
  return {
    columns: defs,
    cells: (o, now) => [o.metadata.name, ...effective.map((c, i) => crdCell(c.type, paths[i], o, now))],
  };
}

function crdCell(type: string, path: ReturnType<typeof parseJsonPath>, o: KObject, now: Date): unknown {
  if (!path) return null;
  const results = evalJsonPath(o, path);
  if (results.length === 0) return null;
  const v = results[0];
  if (type === 'string') return v === null || v === undefined ? null : jsonPathText(v);
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'integer': return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number': return typeof v === 'number' ? v : null;
    case 'boolean': return typeof v === 'boolean' ? v : null;
    case 'date':
      if (typeof v !== 'string') return null;
      return Number.isNaN(Date.parse(v)) ? '<invalid>' : ageOf(v, now);
    default: return null;
  }
}
