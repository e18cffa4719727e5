// What the workspace commands share: --repo/--context/--kubeconfig, connecting to the cluster,
// printing problems as `file:line: message`, and colour.
import { resolve } from 'node:path';
import { createKubeClient, type KubeClient } from '../engine/kube/client.js';
import { loadKubeconfig } from '../engine/kube/kubeconfig.js';
import type { EngineProblem } from '../engine/types.js';
import type { CliIO } from './command.js';
import { UsageError } from './command.js';

export const GLOBAL_FLAGS = { repo: 'string', context: 'string', kubeconfig: 'string', json: 'boolean', 'confirm-context': 'string' } as const;

export const GLOBAL_USAGE = `Global options:
  --repo DIR          the GitOps repository (default: the current directory)
  --context NAME      kube context (default: the current context)
  --kubeconfig FILE   kubeconfig file (default: $KUBECONFIG, then ~/.kube/config)
  --json              machine-readable output
  --confirm-context NAME  required to write to a protected context (.plumb.yaml protectedContexts, default prod)
`;

export function repoRoot(io: CliIO, flag: string | undefined): string {
  return resolve(io.cwd, flag ?? '.');
}

export async function connect(io: CliIO, flags: { context?: string; kubeconfig?: string }): Promise<{ client?: KubeClient; problems: EngineProblem[] }> {
  const kc = await loadKubeconfig({ env: io.env, explicitPath: flags.kubeconfig ? resolve(io.cwd, flags.kubeconfig) : undefined, context: flags.context, cwd: io.cwd });
  if (!kc.config) {
    if (!kc.problems.length) throw new UsageError('no kubeconfig found: set KUBECONFIG or pass --kubeconfig');
    return { problems: kc.problems };
  }
  return { client: createKubeClient(kc.config, { signal: io.signal, env: io.env }), problems: kc.problems };
}

export function formatProblem(p: EngineProblem): string {
  const where = p.location ? `${p.location.file}:${p.location.line}: ` : p.object ? `${p.object.kind} ${p.object.namespace ? `${p.object.namespace}/` : ''}${p.object.name}: ` : '';
  return `${p.severity}: ${p.app ? `[${p.app}] ` : ''}${where}${p.message}`;
}

/** Problems that make the whole run unreliable (no app, no file): exit code 2. */
export function runLevel(problems: EngineProblem[]): boolean {
  return problems.some((p) => p.severity === 'error' && !p.app && !p.location && !p.object);
}

const CODES: Record<string, string> = { red: '31', green: '32', yellow: '33', dim: '2', bold: '1' };
export function paint(io: CliIO, color: keyof typeof CODES, s: string): string {
  return io.color ? `\u001b[${CODES[color]}m${s}\u001b[0m` : s;
}

export function table(rows: string[][]): string {
  if (!rows.length) return '';
  // Width by visible characters, so colour codes do not skew the columns.
  const visible = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => visible(r[i] ?? ''))));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - visible(c)))).join('  ').trimEnd()).join('\n') + '\n';
}
