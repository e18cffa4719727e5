// `plumb suspend|resume APP` (Flux) and `plumb autosync APP on|off` (Argo CD): the switches on the
// controller objects, written as `flux suspend` / `flux resume` and the Argo CD UI write them.
import { discoverApps } from '../../engine/discovery/index.js';
import { findControllerOwner, setArgoAutoSync, setFluxSuspended, type ControllerOwner } from '../../engine/sync/controller.js';
import type { KubeClient } from '../../engine/kube/client.js';
import type { AppSpec, EngineProblem } from '../../engine/types.js';
import { bool, parseArgs, str } from '../args.js';
import { UsageError, type CliIO, type Command } from '../command.js';
import { guardProtectedContext } from '../protected.js';
import { GLOBAL_FLAGS, GLOBAL_USAGE, connect, formatProblem, repoRoot } from '../shared.js';

type Tool = ControllerOwner['tool'];
const TOOL_NAME: Record<Tool, string> = { argocd: 'Argo CD', flux: 'Flux' };
const APP_KIND: Record<AppSpec['controller'], string> = { argocd: 'an Argo CD app', flux: 'a Flux app', plain: 'a plain app' };
const describe = (o: ControllerOwner) => `${o.kind} ${o.namespace}/${o.name}`;

interface Target { app: AppSpec; owner: ControllerOwner; client: KubeClient; args: string[] }

/**
 * The app's controller object in the cluster, for a command that needs `tool`. Returns the
 * problem (exit 2) when the app is unknown, belongs to the other tool, or has no object there.
 */
async function target(io: CliIO, argv: string[], tool: Tool, command: string, run: (t: Target) => Promise<{ changed: boolean; message: string }>): Promise<number> {
  const { flags, positionals } = parseArgs(argv, GLOBAL_FLAGS);
  const name = positionals[0];
  const rest = positionals.slice(1);
  if (!name) throw new UsageError(`name the app: plumb ${command} APP`);
  const json = bool(flags['json']);
  const root = repoRoot(io, str(flags['repo']));
  const { apps } = await discoverApps(root, { signal: io.signal });
  const app = apps.find((a) => a.name === name);
  if (!app) throw new UsageError(`no app named ${name}; run plumb apps`);
  if (app.controller !== tool) {
    const hint = app.controller === 'argocd' ? 'plumb autosync APP on|off' : app.controller === 'flux' ? 'plumb suspend / plumb resume' : 'nothing to switch: Plumb itself syncs it';
    throw new UsageError(`${name} is ${APP_KIND[app.controller]}, not ${APP_KIND[tool]} (${hint})`);
  }
  if (rest.length > (command === 'autosync' ? 1 : 0)) throw new UsageError(`unexpected argument ${rest[rest.length - 1]}`);
  const conn = await connect(io, { context: str(flags['context']), kubeconfig: str(flags['kubeconfig']) });
  const problems: EngineProblem[] = [...conn.problems];
  const fail = () => { for (const p of problems) io.stderr(formatProblem(p) + '\n'); return 2; };
  if (!conn.client) return fail();
  try {
    const owner = await findControllerOwner(conn.client, app, io.signal);
    if (!owner) {
      problems.push({ severity: 'error', app: name, message: `no ${TOOL_NAME[tool]} object for ${name} in context "${conn.client.config.context}": ${TOOL_NAME[tool]} does not manage it there` });
      return fail();
    }
    const guard = await guardProtectedContext(io, { repoRoot: repoRoot(io, str(flags['repo'])), context: conn.client.config.context, confirmContext: str(flags['confirm-context']), json });
    if (guard) { problems.push(guard); return fail(); }
    const r = await run({ app, owner, client: conn.client, args: rest });
    if (json) io.stdout(JSON.stringify({ app: name, owner, changed: r.changed, message: r.message }, null, 2) + '\n');
    else io.stdout(r.message + '\n');
    return 0;
  } finally {
    conn.client.close();
  }
}

function fluxSwitch(suspend: boolean): Command {
  const name = suspend ? 'suspend' : 'resume';
  return {
    name,
    summary: suspend ? 'Flux: stop reconciling an app (spec.suspend)' : 'Flux: reconcile a suspended app again',
    usage: `Usage: plumb ${name} APP [options]

${suspend
    ? 'Sets spec.suspend: true on the Flux Kustomization or HelmRelease of APP, as `flux suspend` does:\nFlux stops reconciling it (and so stops undoing manual changes) until it is resumed.'
    : 'Removes spec.suspend from the Flux Kustomization or HelmRelease of APP, as `flux resume` does.'}

${GLOBAL_USAGE}`,
    run: (argv, io) => target(io, argv, 'flux', name, async ({ owner, client }) => {
      const live = await client.get({ group: owner.kind === 'HelmRelease' ? 'helm.toolkit.fluxcd.io' : 'kustomize.toolkit.fluxcd.io', kind: owner.kind, namespace: owner.namespace, name: owner.name }, { signal: io.signal });
      const was = (live['spec'] as { suspend?: unknown } | undefined)?.suspend === true;
      if (was === suspend) return { changed: false, message: `${describe(owner)} is already ${suspend ? 'suspended' : 'running (not suspended)'}` };
      await setFluxSuspended(client, owner, suspend, io.signal);
      return { changed: true, message: `${describe(owner)} ${suspend ? 'suspended: Flux no longer reconciles it' : 'resumed: Flux reconciles it again'}` };
    }),
  };
}

export const suspendCommand = fluxSwitch(true);
export const resumeCommand = fluxSwitch(false);

export const autosyncCommand: Command = {
  name: 'autosync',
  summary: 'Argo CD: turn an app\'s automated sync on or off',
  usage: `Usage: plumb autosync APP on|off [options]

off removes spec.syncPolicy.automated from the Argo CD Application of APP, keeping it in the
annotation plumb.dev/previous-automated; on puts it back (prune / selfHeal as they were; an
empty automated block when none was kept). While it is off, Argo CD syncs APP only when asked
(plumb sync APP).

${GLOBAL_USAGE}`,
  run: (argv, io) => target(io, argv, 'argocd', 'autosync', async ({ owner, client, args }) => {
    const v = args[0];
    if (v !== 'on' && v !== 'off') throw new UsageError('say on or off: plumb autosync APP on|off');
    return setArgoAutoSync(client, owner, v === 'on', io.signal);
  }),
};
