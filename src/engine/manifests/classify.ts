// Files and documents that live beside manifests but are not Kubernetes objects: kustomize's
// own files and Helm chart metadata. They are skipped without a warning.

const NON_MANIFEST_FILE = /^(kustomization\.ya?ml|Kustomization|Chart\.ya?ml|Chart\.lock|values[^/]*\.ya?ml|\.plumb\.ya?ml)$/;

/** A file name (any path) that holds configuration for a tool, not manifests. */
export function isNonManifestFile(file: string): boolean {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return NON_MANIFEST_FILE.test(base);
}

/** A document that configures kustomize (a Kustomization or Component), not the cluster. */
export function isKustomizeConfig(apiVersion: unknown, kind: unknown): boolean {
  return typeof apiVersion === 'string' && apiVersion.startsWith('kustomize.config.k8s.io/') && (kind === 'Kustomization' || kind === 'Component');
}
