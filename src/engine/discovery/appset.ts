// Argo CD `ApplicationSet` → the Applications it generates, named as Argo CD would name them.

import type { AppSpec } from '../types.js';
import { argoApplication, ARGO_NAMESPACE } from './argo.js';
import { deepMergeTemplates, generate, type GenEnv } from './appset-generators.js';
import { renderDeep, TemplateError, type TemplateOptions } from './appset-template.js';
import { kustomizeNamespaceOf, report, type DiscoveryContext } from './context.js';
import { arr, bool, obj, str, strList, type Obj } from './values.js';
import type { FieldPath, YamlDoc } from './yaml-docs.js';

export function isApplicationSet(v: unknown): v is Obj {
  const o = obj(v);
  return !!o && String(o['apiVersion']).startsWith('argoproj.io/') && o['kind'] === 'ApplicationSet';
}

export async function expandApplicationSet(doc: YamlDoc, ctx: DiscoveryContext): Promise<AppSpec[]> {
  const value = obj(doc.value) ?? {};
  const meta = obj(value['metadata']) ?? {};
  const name = str(meta['name']);
  if (!name) {
    report(ctx, 'error', 'ApplicationSet has no metadata.name', doc.locate(['metadata']));
    return [];
  }
  const namespace = str(meta['namespace']) ?? kustomizeNamespaceOf(doc, ctx.scan) ?? ARGO_NAMESPACE;
  const spec = obj(value['spec']) ?? {};
  const seen = new Set<string>();
  const warn = (message: string, at: FieldPath, severity: 'error' | 'warning' = 'error'): void => {
    const key = `${message}@${at.join('.')}`;
    if (seen.has(key)) return;
    seen.add(key);
    report(ctx, severity, `ApplicationSet ${name}: ${message}`, doc.locate(at));
  };
  const opts: TemplateOptions = {
    goTemplate: bool(spec['goTemplate']) === true,
    missingKeyError: (strList(spec['goTemplateOptions']) ?? []).includes('missingkey=error'),
  };
  const template = obj(spec['template']);
  if (spec['templatePatch'] !== undefined) warn('templatePatch is not applied offline; apps are shown from template only', ['spec', 'templatePatch'], 'warning');
  if (!template) {
    warn('spec.template is missing', ['spec']);
    return [];
  }
  const env: GenEnv = { doc, ctx, opts, warn };
  const generatedBy: AppSpec['generatedBy'] = { kind: 'ApplicationSet', name, location: { file: doc.file, line: doc.line } };
  const apps: AppSpec[] = [];
  const generators = arr(spec['generators']) ?? [];
  if (generators.length === 0) warn('spec.generators is empty', ['spec']);
  for (const [i, g] of generators.entries()) {
    ctx.signal.throwIfAborted();
    const gen = obj(g);
    if (!gen) continue;
    for (const r of await generate(gen, ['spec', 'generators', i], env)) {
      const tmpl = r.template ? deepMergeTemplates(template, r.template) : template;
      let rendered: Obj;
      try {
        rendered = renderDeep(tmpl, r.params, opts) as Obj;
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        warn(e.message, ['spec', 'template']);
        continue;
      }
      const app = await argoApplication(
        {
          value: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { ...(obj(rendered['metadata']) ?? {}), namespace }, spec: rendered['spec'] },
          doc,
          base: ['spec', 'template'],
          declaredIn: r.location,
          generatedBy,
          namespace,
        },
        ctx,
      );
      if (app) apps.push(app);
    }
  }
  return apps;
}
