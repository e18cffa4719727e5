// kustomize's errors are chains of wrapped Go errors ("accumulating resources: accumulation
// err='accumulating resources from …': …"). This keeps the innermost cause, in one sentence.

/** The error text of `kubectl kustomize` stderr (klog `err="…"` or `error: …`). */
export function kustomizeErrorText(stderr: string): string {
  const klog = /err="((?:[^"\\]|\\.)*)"/.exec(stderr);
  if (klog) {
    try {
      return JSON.parse(`"${klog[1]}"`) as string;
    } catch {
      return klog[1]!;
    }
  }
  const line = stderr.split('\n').find((l) => /^(error|Error): /.test(l));
  return (line ?? stderr.trim().split('\n').pop() ?? '').replace(/^(error|Error): /, '');
}

export function reduceKustomizeError(stderr: string): string {
  let msg = kustomizeErrorText(stderr);
  const last = msg.lastIndexOf("accumulation err='");
  if (last >= 0) msg = msg.slice(last + "accumulation err='".length).replace(/'$/, '');
  let m = /no matches for (?:Id|OriginalId) (\S+?);? .*?failed to find unique target for patch/.exec(msg) ?? /no matches for (?:Id|OriginalId) (\S+)/.exec(msg);
  if (m) return `a patch targets ${describeId(m[1]!)}, which is not among the resources`;
  m = /may not add resource with an already registered id: (\S+)/.exec(msg);
  if (m) return `${describeId(m[1]!)} is declared twice`;
  m = /MalformedYAMLError: (.*?) in File: (\S+)/.exec(msg);
  if (m) return `YAML error in ${m[2]}: ${m[1]}`;
  // the tail after the last "<path>': " is the cause
  return msg.replace(/^.*'\/[^']*': /, '').replace(/\s+/g, ' ').trim();
}

/** `Deployment.v1.apps/web.[noNs]` → `Deployment web`. */
function describeId(id: string): string {
  const m = /^([^.]+)\.[^/]*\/([^.[]+)(?:\.\[?([^\]]*)\]?)?/.exec(id);
  if (!m) return id;
  const ns = m[3] && m[3] !== 'noNs' ? ` in namespace ${m[3]}` : '';
  return `${m[1]} ${m[2]}${ns}`;
}
