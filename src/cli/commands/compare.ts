// `plumb compare DESIRED.yaml LIVE.yaml [--context CONTEXT.json] [--json]`: the drift verdict of
// one object, offline (drift-contract.md). A file holding only a comment means "absent" (not in
// Git / 404 live). Exit 0 whatever the verdict: compare reports, it does not judge.
import { UsageError, type CliIO, type Command } from '../command.js';
import { compareObject } from '../../engine/diff/index.js';
import type { CompareContext, KubeObject, Verdict } from '../../engine/types.js';
import { readContextFile, readObjectFile } from './compare-input.js';

const USAGE = `Usage: plumb compare DESIRED.yaml LIVE.yaml [--context CONTEXT.json] [--json]

Compares one object as Git renders it (DESIRED) with the same object as the API server returns
it (LIVE, e.g. kubectl get -o json --show-managed-fields), offline, and prints the drift verdict.
A file holding only a comment stands for "absent" (not in Git, or 404 in the cluster).

Options:
  --context FILE      {"ignoreDifferences": [...], "inventory": ["<group>/<Kind>/<ns>/<name>", ...]}
  --dry-run FILE      predicted live from a server-side-apply dry-run (field manager, force)
  --field-manager M   the engine's field manager (default: plumb)
  --json              print the verdict as JSON
`;

interface Args { desired: string; live: string; context?: string; dryRun?: string; fieldManager?: string; json: boolean }

function parseArgs(argv: string[]): Args {
  const positional: string[] = [];
  const out: Partial<Args> = { json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a file\n\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--json': out.json = true; break;
      case '--context': out.context = value(); break;
      case '--dry-run': out.dryRun = value(); break;
      case '--field-manager': out.fieldManager = value(); break;
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}\n\n${USAGE}`);
        positional.push(a);
    }
  }
  if (positional.length !== 2) throw new UsageError(`expected DESIRED.yaml and LIVE.yaml, got ${positional.length} file${positional.length === 1 ? '' : 's'}\n\n${USAGE}`);
  return { ...out, desired: positional[0]!, live: positional[1]! } as Args;
}

/** The verdict with the contract's key order: inSync, driftPaths, note, then the optional keys. */
export function orderedVerdict(v: Verdict): Verdict {
  const out: Verdict = { inSync: v.inSync, driftPaths: [...v.driftPaths].sort(), note: v.note };
  if (v.pathKinds) out.pathKinds = Object.fromEntries(Object.entries(v.pathKinds).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  if (v.objectDrift !== undefined) out.objectDrift = v.objectDrift;
  if (v.pruneCandidate !== undefined) out.pruneCandidate = v.pruneCandidate;
  if (v.health !== undefined) out.health = v.health;
  if (v.syncStrategy !== undefined) out.syncStrategy = v.syncStrategy;
  if (v.context !== undefined) out.context = v.context;
  if (v.sources !== undefined) out.sources = v.sources;
  return out;
}

function title(o: KubeObject | undefined): string {
  if (!o) return 'object';
  const ns = o.metadata?.namespace ? `${o.metadata.namespace}/` : '';
  return `${o.kind ?? '?'} ${ns}${o.metadata?.name ?? '?'}`;
}

function human(v: Verdict, subject: KubeObject | undefined, color: boolean): string {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const status = v.objectDrift === 'missing' ? paint(33, 'Missing')
    : v.objectDrift === 'extraneous' ? paint(33, 'Extraneous')
      : v.objectDrift === 'unmanaged' ? paint(2, 'Unmanaged')
        : v.inSync ? paint(32, 'Synced') : paint(31, 'OutOfSync');
  const extras = [
    v.health ? `health ${v.health}` : '',
    v.pruneCandidate ? 'prune candidate' : '',
    v.syncStrategy === 'recreate' ? 'needs recreate' : '',
    v.objectDrift && v.inSync && v.objectDrift !== 'unmanaged' ? 'does not affect app sync' : '',
  ].filter(Boolean);
  const lines = [`${title(subject)}: ${status}${extras.length ? ` (${extras.join(', ')})` : ''}`];
  const paths = [...v.driftPaths].sort();
  const w = Math.max(0, ...paths.map((p) => (v.pathKinds?.[p] ?? '').length));
  for (const p of paths) lines.push(`  ${(v.pathKinds?.[p] ?? '').padEnd(w)}  ${p}`);
  lines.push(`  ${v.note}`);
  return `${lines.join('\n')}\n`;
}

export const compareCommand: Command = {
  name: 'compare',
  summary: 'drift verdict of one object: DESIRED.yaml vs LIVE.yaml, offline',
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv);
    const desired = await readObjectFile(args.desired, io.cwd);
    const live = await readObjectFile(args.live, io.cwd);
    const dryRun = args.dryRun ? await readObjectFile(args.dryRun, io.cwd) : undefined;
    const context: CompareContext | undefined = args.context ? await readContextFile(args.context, io.cwd) : undefined;
    const verdict = orderedVerdict(compareObject({ desired, live, context, dryRun, fieldManager: args.fieldManager }));
    io.stdout(args.json ? `${JSON.stringify(verdict, null, 2)}\n` : human(verdict, live ?? desired, io.color));
    return 0;
  },
};
