// Flux `HelmRelease` → AppSpec: a chart in this repository (GitRepository source + path) is
// rendered locally; a chart from a HelmRepository or an OCI registry is listed as remote.

import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import type { AppSource, AppSpec } from '../types.js';
import { redactUrl } from './context.js';
import { dependsOn, fluxIgnoreRules, gitSource, head, type FluxEnv, type Head } from './flux-common.js';
import { normRel, relativeTo } from './paths.js';
import { arr, bool, compact, isObj, obj, scalarString, str, strList, type Obj } from './values.js';
import type { YamlDoc } from './yaml-docs.js';

export async function helmRelease(doc: YamlDoc, env: FluxEnv): Promise<AppSpec | undefined> {
  const { ctx } = env;
  const h = head(doc, 'HelmRelease', ctx);
  if (!h) return undefined;
  const { spec, ns, name, fail } = h;
  const targetNs = str(spec['targetNamespace']);
  const releaseNamespace = targetNs ?? ns;
  const releaseName = str(spec['releaseName']) ?? shortenReleaseName(targetNs ? `${targetNs}-${name}` : name);
  const values = await helmValues(spec, h, env);
  const chartSpec = obj(obj(spec['chart'])?.['spec']);
  const chartRef = obj(spec['chartRef']);
  let source: AppSource & { type: 'helm' };
  let remote: AppSpec['remote'];
  const base = { type: 'helm' as const, releaseName, namespace: releaseNamespace, values };
  if (chartSpec) {
    const chart = str(chartSpec['chart']) ?? '';
    const version = scalarString(chartSpec['version']);
    const ref = obj(chartSpec['sourceRef']) ?? {};
    const refKind = str(ref['kind']) ?? 'HelmRepository';
    const refName = str(ref['name']) ?? '';
    const refNs = str(ref['namespace']) ?? ns;
    const files = [...(str(chartSpec['valuesFile']) ? [chartSpec['valuesFile'] as string] : []), ...(strList(chartSpec['valuesFiles']) ?? [])];
    const g = refKind === 'GitRepository' ? gitSource(refKind, refName, refNs, ['spec', 'chart', 'spec', 'sourceRef', 'name'], h, env) : undefined;
    if (g?.local) {
      const path = normRel(chart) ?? chart;
      if (!ctx.scan.files.has(path === '.' ? 'Chart.yaml' : `${path}/Chart.yaml`)) fail('error', `chart "${chart}" is not a Helm chart folder of this repository (no Chart.yaml)`, ['spec', 'chart', 'spec', 'chart']);
      // valuesFiles are written relative to the source root, and replace the chart's values.yaml
      const valueFiles = files.map((f, i) => {
        const p = normRel(f);
        if (!p || !ctx.scan.files.has(p)) fail(bool(chartSpec['ignoreMissingValuesFiles']) ? 'warning' : 'error', `values file "${f}" does not exist in this repository`, ['spec', 'chart', 'spec', 'valuesFiles', i]);
        return p ? relativeTo(path, p) : f;
      });
      source = compact({ ...base, path, valueFiles: valueFiles.length ? valueFiles : undefined, valueFilesReplaceChartValues: valueFiles.length ? true : undefined });
    } else {
      const src = env.sources.get(refKind, refNs, refName);
      const url = g?.url ?? str(obj(src?.['spec'])?.['url']) ?? '';
      const oci = str(obj(src?.['spec'])?.['type']) === 'oci' || url.startsWith('oci://');
      const what = `${refKind} ${refNs}/${refName}${src || g ? '' : ' (not declared in this repository)'}`;
      source = compact({ ...base, chart, repoURL: url || undefined, version, valueFiles: files.length ? files : undefined });
      remote = { repoURL: redactUrl(url), reason: `${oci ? 'OCI ' : ''}chart "${chart}"${version ? ` ${version}` : ''} from ${what}: chart is not available offline` };
    }
  } else if (chartRef) {
    const kind = str(chartRef['kind']) ?? 'OCIRepository';
    const refName = str(chartRef['name']) ?? '';
    const refNs = str(chartRef['namespace']) ?? ns;
    const src = env.sources.get(kind, refNs, refName);
    const url = str(obj(src?.['spec'])?.['url']) ?? '';
    source = compact({ ...base, chart: refName, repoURL: url || undefined });
    remote = { repoURL: redactUrl(url), reason: `chart from ${kind} ${refNs}/${refName}: chart is not available offline` };
  } else {
    fail('error', 'HelmRelease has neither spec.chart nor spec.chartRef', ['spec']);
    source = compact({ ...base });
    remote = { repoURL: '', reason: 'the HelmRelease names no chart' };
  }
  const suspended = bool(spec['suspend']) === true;
  const drift = obj(spec['driftDetection']);
  const ignore = fluxIgnoreRules(drift?.['ignore'], ['spec', 'driftDetection', 'ignore'], h);
  return compact({
    name: h.app,
    controller: 'flux' as const,
    declaredIn: { file: doc.file, line: doc.line },
    source,
    remote,
    destination: { namespace: releaseNamespace },
    owner: { kind: 'HelmRelease', namespace: ns, name },
    ignoreDifferences: ignore.length ? ignore : undefined,
    // helm-controller only reverts drift when driftDetection.mode is enabled
    syncPolicy: { automated: !suspended, prune: true, selfHeal: !suspended && str(drift?.['mode']) === 'enabled' },
    dependsOn: dependsOn(spec, ns),
    suspended: suspended || undefined,
  });
}

/** `valuesFrom` ConfigMaps merged in order, then `values`; Secret values are never read offline. */
async function helmValues(spec: Obj, h: Head, env: FluxEnv): Promise<unknown> {
  let merged: Obj = {};
  const targeted: Array<[string, string]> = [];
  for (const [i, r] of (arr(spec['valuesFrom']) ?? []).entries()) {
    const ref = obj(r) ?? {};
    const kind = ref['kind'];
    const name = str(ref['name']) ?? '';
    const at = ['spec', 'valuesFrom', i];
    if (kind === 'Secret') {
      h.fail('warning', `values from Secret ${h.ns}/${name} are not applied offline (Plumb never reads Secret values into an app)`, at);
      continue;
    }
    if (kind !== 'ConfigMap' || !name) {
      h.fail('error', 'valuesFrom entries need kind (ConfigMap or Secret) and name', at);
      continue;
    }
    const found = await env.configs.find('ConfigMap', name, h.ns);
    if (!found) {
      if (bool(ref['optional']) !== true) h.fail('warning', `ConfigMap ${h.ns}/${name} (valuesFrom) is not declared in this repository; its values are not applied`, at);
      continue;
    }
    const key = str(ref['valuesKey']) ?? 'values.yaml';
    const text = found.data[key];
    if (text === undefined) {
      h.fail('warning', `ConfigMap ${h.ns}/${name} has no key "${key}"`, at);
      continue;
    }
    const target = str(ref['targetPath']);
    if (target) {
      targeted.push([target, text]);
      continue;
    }
    try {
      const v = parseYaml(text) as unknown;
      if (isObj(v)) merged = deepMerge(merged, v);
    } catch (e) {
      h.fail('error', `ConfigMap ${h.ns}/${name} key "${key}" is not valid YAML: ${(e as Error).message.split('\n')[0]}`, at);
    }
  }
  const inline = obj(spec['values']);
  if (inline) merged = deepMerge(merged, inline);
  // targetPath values overwrite everything before them, inline values included
  for (const [path, value] of targeted) setDotted(merged, path, value);
  return Object.keys(merged).length ? merged : undefined;
}

function deepMerge(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObj(v) && isObj(out[k]) ? deepMerge(out[k] as Obj, v) : v;
  return out;
}

function setDotted(o: Obj, path: string, value: string): void {
  const parts = path.split(/(?<!\\)\./).map((p) => p.replace(/\\\./g, '.'));
  let cur = o;
  for (const p of parts.slice(0, -1)) {
    if (!isObj(cur[p])) cur[p] = {};
    cur = cur[p] as Obj;
  }
  cur[parts[parts.length - 1]!] = value;
}

/** helm-controller shortens composed release names over 53 characters with a hash suffix. */
export function shortenReleaseName(name: string): string {
  if (name.length <= 53) return name;
  const sum = createHash('sha256').update(name).digest('hex');
  return `${name.slice(0, 40)}-${sum.slice(0, 12)}`;
}

