// Shared data shapes of the engine. No vscode import anywhere under src/engine.

/** A Kubernetes object as JSON (desired from Git, or live from the API server). */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: ManagedFieldsEntry[];
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/** Identity of an object: `<group>/<Kind>/<namespace>/<name>` in the inventory format of drift-contract.md. */
export interface ObjectRef { group: string; kind: string; namespace?: string; name: string }

export const refKey = (r: ObjectRef): string => `${r.group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;

export function refOf(o: KubeObject): ObjectRef {
  const av = o.apiVersion ?? '';
  const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
  return { group, kind: o.kind ?? '', namespace: o.metadata?.namespace || undefined, name: o.metadata?.name ?? '' };
}

/** A place in a workspace file (1-based line and column). */
export interface SourceLocation { file: string; line: number; column?: number }

/** A problem tied to a file or object, reported to the user instead of a stack trace. */
export interface EngineProblem {
  severity: 'error' | 'warning';
  message: string;
  /** the file (workspace-relative) and line, when known */
  location?: SourceLocation;
  /** the object, when the problem is about one */
  object?: ObjectRef;
  /** which app, when the problem is app-scoped */
  app?: string;
}

/** An object as rendered from Git, with where it (and each of its fields) was declared. */
export interface RenderedObject {
  object: KubeObject;
  source?: SourceLocation;
  /** dotted field path (drift-contract grammar) → declaring location, where known */
  fieldSources?: Record<string, SourceLocation>;
}

export type Controller = 'argocd' | 'flux' | 'plain';

export interface IgnoreDifference {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  jsonPointers?: string[];
  jqPathExpressions?: string[];
  managedFieldsManagers?: string[];
}

/**
 * What to render for an app. When the source is this repository, `path` and `components` are
 * repository-relative POSIX paths ('.' is the root) and Helm `valueFiles` are relative to the
 * chart folder `path` (as Argo CD writes them); URLs and `$ref/...` of remote charts stay as written.
 */
export type AppSource =
  | {
      type: 'kustomize'; path: string; namePrefix?: string; nameSuffix?: string;
      /** Argo CD `kustomize edit set image` form: `[alias=]name[:tag|@digest]` */
      images?: string[]; namespace?: string; patches?: unknown[];
      postBuild?: {
        substitute?: Record<string, string>;
        /** Flux `substituteStrategy` (`WithVariables` by default, or `Always`) */
        substituteStrategy?: string;
        /** names in `substitute` whose values came from a Secret: never show them */
        sensitive?: string[];
      };
      commonLabels?: Record<string, string>; commonAnnotations?: Record<string, string>;
      /** Flux `commonMetadata`: set on every object after the build */
      commonMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      components?: string[]; replicas?: Array<{ name: string; count: number }>;
    }
  | {
      type: 'helm'; path?: string; chart?: string; repoURL?: string; version?: string; releaseName?: string; valueFiles?: string[]; values?: unknown; parameters?: Array<{ name: string; value: string; forceString?: boolean }>;
      /** release namespace (`helm template --namespace`) */
      namespace?: string; skipCrds?: boolean; kubeVersion?: string; apiVersions?: string[];
      /** Flux: `valueFiles` replace the chart's own values.yaml instead of layering on it */
      valueFilesReplaceChartValues?: boolean;
      ignoreMissingValueFiles?: boolean;
    }
  | { type: 'directory'; path: string; recurse?: boolean; include?: string; exclude?: string };

/** One source of a multi-source Argo CD Application (`spec.sources`), in order. */
export interface AppSourceEntry { source: AppSource; remote?: { repoURL: string; reason: string } }

/** An application declared in the workspace. */
export interface AppSpec {
  name: string;
  controller: Controller;
  /** where the app is declared (its Application / Kustomization / .plumb.yaml entry) */
  declaredIn?: SourceLocation;
  source: AppSource;
  /** the source cannot be rendered from workspace files (another repository, a chart repository, a plugin) */
  remote?: { repoURL: string; reason: string };
  /** every source of a multi-source Application; `source` is the first one from this repository, else the first */
  sources?: AppSourceEntry[];
  destination: { namespace?: string; context?: string; server?: string };
  /** Argo CD project / Flux namespace of the controller object, when any */
  owner?: { kind: string; namespace?: string; name: string };
  ignoreDifferences?: IgnoreDifference[];
  syncPolicy?: { automated?: boolean; prune?: boolean; selfHeal?: boolean; syncOptions?: string[] };
  dependsOn?: string[];
  /** child apps (app-of-apps) */
  children?: string[];
  /** Argo CD `argocd.argoproj.io/sync-wave` of the Application object */
  syncWave?: number;
  /** Flux `spec.suspend` */
  suspended?: boolean;
  /** the ApplicationSet that generates this app: edits belong to its template or generator */
  generatedBy?: { kind: 'ApplicationSet'; name: string; location?: SourceLocation };
}

export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';
export interface Health { status: HealthStatus; message?: string }

export type PathKind = 'conflict' | 'missing' | 'orphaned' | 'foreign-edit' | 'order';

/** The drift verdict of one object (drift-contract.md). */
export interface Verdict {
  inSync: boolean;
  driftPaths: string[];
  note: string;
  pathKinds?: Record<string, PathKind>;
  objectDrift?: 'missing' | 'extraneous' | 'unmanaged';
  pruneCandidate?: boolean;
  health?: HealthStatus;
  syncStrategy?: 'recreate';
  context?: CompareContext;
  sources?: string[];
}

export interface CompareContext { ignoreDifferences?: IgnoreDifference[]; inventory?: string[] }
