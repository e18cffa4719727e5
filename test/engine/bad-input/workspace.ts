// A throw-away repository per bad-input case: the good app of test/fixtures/bad/good beside the
// case's files, then the whole offline pipeline over it (discovery, render of every app, and
// `plumb apps` / `plumb status` / `plumb diff` in-process), timed and with heap growth measured.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../../src/cli/main.js';
import type { CliIO } from '../../../src/cli/command.js';
import { discoverApps } from '../../../src/engine/discovery/index.js';
import { renderApp, sharedObjects } from '../../../src/engine/render/index.js';
import type { AppSpec, EngineProblem, RenderedObject } from '../../../src/engine/types.js';

export const BAD = join(__dirname, '..', '..', 'fixtures', 'bad');

export interface CaseWorkspace {
  /** the temp folder holding the repository (and files "outside" it) */
  base: string;
  /** the repository root */
  repo: string;
  write(rel: string, data: string | Buffer): void;
  close(): void;
}

/** A repository with the good app; `from` (a folder under test/fixtures/bad) is copied into its root. */
export function makeWorkspace(from?: string): CaseWorkspace {
  const base = mkdtempSync(join(tmpdir(), 'plumb-bad-'));
  const repo = join(base, 'repo');
  mkdirSync(repo);
  cpSync(join(BAD, 'good'), join(repo, 'good'), { recursive: true });
  if (from) cpSync(join(BAD, from), repo, { recursive: true });
  return {
    base,
    repo,
    write(rel, data) {
      mkdirSync(dirname(join(repo, rel)), { recursive: true });
      writeFileSync(join(repo, rel), data);
    },
    close: () => rmSync(base, { recursive: true, force: true }),
  };
}

export interface CliRun { code: number; out: string; err: string }

export async function plumb(argv: string[], cwd: string, env: NodeJS.ProcessEnv = { HOME: cwd }): Promise<CliRun> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, color: false, cwd, env, signal: new AbortController().signal };
  const code = await main(argv, io);
  return { code, out, err };
}

export interface PipelineResult {
  apps: AppSpec[];
  discoveryProblems: EngineProblem[];
  /** by app name (the first app of a name declared twice) */
  renders: Map<string, { objects: RenderedObject[]; problems: EngineProblem[] }>;
  /** discovery problems and every render problem */
  problems: EngineProblem[];
  cli: { apps: CliRun };
  ms: number;
  /** growth of heap + external memory during the run, sampled every 5 ms (MiB) */
  heapGrowthMiB: number;
}

/** Runs the offline pipeline and the offline CLI over a repository. */
export async function runPipeline(repo: string): Promise<PipelineResult> {
  const signal = new AbortController().signal;
  const start = performance.now();
  // JS heap plus Buffers (a file read into a Buffer is "external" memory)
  const used = () => { const m = process.memoryUsage(); return m.heapUsed + m.external; };
  const heap0 = used();
  let peak = heap0;
  const sampler = setInterval(() => { peak = Math.max(peak, used()); }, 5);
  try {
    const d = await discoverApps(repo, { signal });
    const renders = new Map<string, { objects: RenderedObject[]; problems: EngineProblem[] }>();
    const all: Array<{ name: string; scope: string; objects: RenderedObject[]; problems: EngineProblem[] }> = [];
    for (const app of d.apps) {
      const r = await renderApp(app, repo, signal);
      all.push({ name: app.name, scope: `${app.controller}|${app.destination.server ?? app.destination.context ?? ''}`, ...r });
      if (!renders.has(app.name)) renders.set(app.name, r); // two apps with one name: the first
    }
    const apps = await plumb(['apps', '--repo', repo], repo);
    peak = Math.max(peak, used());
    const problems = [...d.problems, ...all.flatMap((r) => r.problems), ...sharedObjects(all)];
    return { apps: d.apps, discoveryProblems: d.problems, renders, problems, cli: { apps }, ms: performance.now() - start, heapGrowthMiB: (peak - heap0) / 2 ** 20 };
  } finally {
    clearInterval(sampler);
  }
}

/** What must never appear in anything shown to a user. */
export const STACK_TRACE = /^\s+at .+[(:]|TypeError|ReferenceError|RangeError|Cannot read propert|is not a function|Maximum call stack|internal error|\[object Object\]|undefined:\d/m;
