// A throw-away repository on disk for discovery tests.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AppSpec, EngineProblem } from '../../../src/engine/types.js';

export async function makeRepo(files: Record<string, string>): Promise<{ root: string; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'plumb-discovery-'));
  for (const [rel, text] of Object.entries(files)) {
    const abs = join(root, rel);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, text);
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export const signal = (): AbortSignal => AbortSignal.timeout(20_000);

export function byName(apps: AppSpec[], name: string, controller?: AppSpec['controller']): AppSpec {
  const app = apps.find((a) => a.name === name && (!controller || a.controller === controller));
  if (!app) throw new Error(`no app ${name}${controller ? ` (${controller})` : ''} in [${apps.map((a) => `${a.controller}:${a.name}`).join(', ')}]`);
  return app;
}

/** `severity file:line message` lines, for readable assertions. */
export const describeProblems = (ps: EngineProblem[]): string[] =>
  ps.map((p) => `${p.severity} ${p.location ? `${p.location.file}:${p.location.line}` : '-'} ${p.message}`);

export const REPO = 'https://github.com/example/gitops.git';

/** An Argo CD Application manifest. */
export function application(name: string, path: string, extra = '', repoURL = REPO): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
  namespace: argocd
spec:
  project: default
  source:
    repoURL: ${repoURL}
    targetRevision: main
    path: ${path}
${extra}  destination:
    server: https://kubernetes.default.svc
    namespace: ${name}
`;
}
