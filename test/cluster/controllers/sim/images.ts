// Container image references as the kubelet (containerd) reports them, and the test convention
// that an image whose tag is `broken` can never be pulled.
import { createHash } from 'node:crypto';

/** The tag of an image reference (`nginx:1.25` → `1.25`; none for `nginx` or a digest-only ref). */
export function imageTag(image: string): string | undefined {
  const noDigest = image.split('@')[0]!;
  const colon = noDigest.lastIndexOf(':');
  if (colon < 0 || colon < noDigest.lastIndexOf('/')) return undefined;
  return noDigest.slice(colon + 1);
}

export function isBrokenImage(image: unknown): boolean {
  return typeof image === 'string' && imageTag(image) === 'broken';
}

/** `nginx:1.25` → `docker.io/library/nginx:1.25`, as containerd reports it in containerStatuses. */
export function normalizeImage(image: string): string {
  let ref = image;
  const first = ref.split('/')[0]!;
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) ref = `docker.io/${ref.includes('/') ? ref : `library/${ref}`}`;
  if (!ref.includes('@') && imageTag(ref) === undefined) ref += ':latest';
  return ref;
}

/** A stable fake digest reference for a pulled image. */
export function imageId(image: string): string {
  const norm = normalizeImage(image);
  const repo = norm.split('@')[0]!.replace(/:[^:/]+$/, '');
  const digest = createHash('sha256').update(norm).digest('hex');
  return `${repo}@sha256:${digest}`;
}
