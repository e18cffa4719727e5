// Image reference parsing, just enough for the imagePullPolicy default (core/v1 SetDefaults_Container).

/** The tag of an image reference: "latest" when neither a tag nor a digest is given. */
export function imageTag(image: string): string {
  let rest = image;
  const at = rest.indexOf('@');
  const hasDigest = at >= 0;
  if (hasDigest) rest = rest.slice(0, at);
  // A ':' only starts a tag after the last '/', otherwise it is a registry port.
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > slash ? rest.slice(colon + 1) : '';
  if (tag) return tag;
  return hasDigest ? '' : 'latest';
}

/** `Always` for `:latest` or untagged images, else `IfNotPresent` (digests count as not-latest). */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  if (typeof image !== 'string' || image === '') return 'IfNotPresent';
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}
