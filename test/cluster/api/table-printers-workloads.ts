// Printers of workload kinds (pkg/printers/internalversion/printers.go, v1.32): Deployment,
// StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, HorizontalPodAutoscaler, PodDisruptionBudget.
import { humanDuration, ageOf } from './duration.js';
import { formatLabelSelector, formatLabels, selectorString } from './selector-format.js';
import {
  AGE_COL, CONTAINERS_COL, IMAGES_COL, NAME_COL, age, boolPtr, col, containerCells, get, int, isObj, list, objList, text,
  type Printer, type RowCondition,
} from './table-common.js';
import type { KObject } from './types.js';

const selectorCol = (description: string) => col('Selector', 'string', description, 1);
const podSpec = (o: KObject) => get(o, 'spec', 'template', 'spec');

export const deploymentPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COL, CONTAINERS_COL, IMAGES_COL,
    selectorCol('Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.'),
  ],
  cells: (o, now) => {
    const [names, images] = containerCells(podSpec(o));
    const desired = get(o, 'spec', 'replicas');
    return [
      o.metadata.name, `${int(get(o, 'status', 'readyReplicas'))}/${typeof desired === 'number' ? desired : 0}`,
      int(get(o, 'status', 'updatedReplicas')), int(get(o, 'status', 'availableReplicas')), age(o, now),
      names, images, selectorString(get(o, 'spec', 'selector')),
    ];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [NAME_COL, col('Ready', 'string', 'Number of the pod with ready state'), AGE_COL, CONTAINERS_COL, IMAGES_COL],
  cells: (o, now) => {
    const [names, images] = containerCells(podSpec(o));
    return [o.metadata.name, `${int(get(o, 'status', 'readyReplicas'))}/${int(get(o, 'spec', 'replicas'))}`, age(o, now), names, images];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node."),
    AGE_COL, CONTAINERS_COL, IMAGES_COL,
    selectorCol('A label query over pods that are managed by the daemon set. Must match in order to be controlled.'),
  ],
  cells: (o, now) => {
    const s = (k: string) => int(get(o, 'status', k));
    const [names, images] = containerCells(podSpec(o));
    return [
      o.metadata.name, s('desiredNumberScheduled'), s('currentNumberScheduled'), s('numberReady'), s('updatedNumberScheduled'),
      s('numberAvailable'), formatLabels(get(podSpec(o), 'nodeSelector')), age(o, now), names, images,
      formatLabelSelector(get(o, 'spec', 'selector')),
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Desired', 'integer', 'Replicas is the number of desired pods.'),
    col('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    col('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    AGE_COL, CONTAINERS_COL, IMAGES_COL,
    selectorCol('Selector is a label query over pods that should match the replica count.'),
  ],
  cells: (o, now) => {
    const [names, images] = containerCells(podSpec(o));
    return [
      o.metadata.name, int(get(o, 'spec', 'replicas')), int(get(o, 'status', 'replicas')), int(get(o, 'status', 'readyReplicas')),
      age(o, now), names, images, formatLabelSelector(get(o, 'spec', 'selector')),
    ];
  },
};

function conditionTrue(o: KObject, type: string): boolean {
  const c = objList(get(o, 'status', 'conditions')).find((x) => x['type'] === type);
  return c !== undefined && c['status'] === 'True';
}

function jobStatus(o: KObject): string {
  if (conditionTrue(o, 'Complete')) return 'Complete';
  if (conditionTrue(o, 'Failed')) return 'Failed';
  if (o.metadata.deletionTimestamp) return 'Terminating';
  if (conditionTrue(o, 'Suspended')) return 'Suspended';
  if (conditionTrue(o, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobDuration(o: KObject, now: Date): string {
  const start = get(o, 'status', 'startTime');
  if (typeof start !== 'string') return '';
  const end = get(o, 'status', 'completionTime');
  const endMs = typeof end === 'string' ? Date.parse(end) : now.getTime();
  return humanDuration(endMs - Date.parse(start));
}

export const jobPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE_COL, CONTAINERS_COL, IMAGES_COL,
    selectorCol('A label query over pods that should match the pod count.'),
  ],
  cells: (o, now) => {
    const succeeded = int(get(o, 'status', 'succeeded'));
    const completions = get(o, 'spec', 'completions');
    const parallelism = int(get(o, 'spec', 'parallelism'));
    let c: string;
    if (typeof completions === 'number') c = `${succeeded}/${completions}`;
    else c = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    const [names, images] = containerCells(podSpec(o));
    return [o.metadata.name, jobStatus(o), c, jobDuration(o, now), age(o, now), names, images, formatLabelSelector(get(o, 'spec', 'selector'))];
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    AGE_COL, CONTAINERS_COL, IMAGES_COL,
    selectorCol('A label query over pods that should match the pod count.'),
  ],
  cells: (o, now) => {
    const last = get(o, 'status', 'lastScheduleTime');
    const tz = get(o, 'spec', 'timeZone');
    const jobSpec = get(o, 'spec', 'jobTemplate', 'spec');
    const [names, images] = containerCells(get(jobSpec, 'template', 'spec'));
    return [
      o.metadata.name, text(get(o, 'spec', 'schedule')), typeof tz === 'string' ? tz : '<none>', boolPtr(get(o, 'spec', 'suspend')),
      list(get(o, 'status', 'active')).length, typeof last === 'string' ? ageOf(last, now) : '<none>', age(o, now),
      names, images, formatLabelSelector(get(jobSpec, 'selector')),
    ];
  },
};

/** printPod's reason/ready/restarts computation. */
function podSummary(o: KObject): { ready: string; reason: string; restarts: number } {
  const spec = get(o, 'spec');
  const status = get(o, 'status');
  const initSpecs = objList(get(spec, 'initContainers'));
  const sidecar = (name: unknown) => initSpecs.some((c) => c['name'] === name && c['restartPolicy'] === 'Always');
  const total = objList(get(spec, 'containers')).length + initSpecs.filter((c) => c['restartPolicy'] === 'Always').length;
  let ready = 0;
  let restarts = 0;
  const phase = text(get(status, 'phase'));
  let reason = text(get(status, 'reason')) || phase;
  for (const c of objList(get(status, 'conditions'))) {
    if (c['type'] === 'PodScheduled' && c['reason'] === 'SchedulingGated') reason = 'SchedulingGated';
  }
  let initializing = false;
  const initStatuses = objList(get(status, 'initContainerStatuses'));
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i]!;
    restarts += int(c['restartCount']);
    const term = get(c, 'state', 'terminated');
    const waiting = get(c, 'state', 'waiting');
    if (isObj(term) && int(term['exitCode']) === 0) continue;
    if (sidecar(c['name']) && c['started'] === true) {
      if (c['ready'] === true) ready++;
      continue;
    }
    if (isObj(term)) {
      const r = text(term['reason']);
      reason = r ? `Init:${r}` : int(term['signal']) !== 0 ? `Init:Signal:${int(term['signal'])}` : `Init:ExitCode:${int(term['exitCode'])}`;
    } else if (isObj(waiting) && text(waiting['reason']) && waiting['reason'] !== 'PodInitializing') {
      reason = `Init:${text(waiting['reason'])}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }
  const initializedTrue = objList(get(status, 'conditions')).some((c) => c['type'] === 'Initialized' && c['status'] === 'True');
  if (!initializing || initializedTrue) {
    restarts = 0;
    let hasRunning = false;
    const statuses = objList(get(status, 'containerStatuses'));
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      restarts += int(c['restartCount']);
      const waiting = get(c, 'state', 'waiting');
      const term = get(c, 'state', 'terminated');
      if (isObj(waiting) && text(waiting['reason'])) reason = text(waiting['reason']);
      else if (isObj(term) && text(term['reason'])) reason = text(term['reason']);
      else if (isObj(term)) reason = int(term['signal']) !== 0 ? `Signal:${int(term['signal'])}` : `ExitCode:${int(term['exitCode'])}`;
      else if (c['ready'] === true && isObj(get(c, 'state', 'running'))) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const podReady = objList(get(status, 'conditions')).some((c) => c['type'] === 'Ready' && c['status'] === 'True');
      reason = podReady ? 'Running' : 'NotReady';
    }
  }
  if (o.metadata.deletionTimestamp && text(get(status, 'reason')) === 'NodeLost') reason = 'Unknown';
  else if (o.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  return { ready: `${ready}/${total}`, reason, restarts };
}

export const podPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col('Restarts', 'integer', 'The number of times the containers in this pod have been restarted.'),
    AGE_COL,
    col('IP', 'string', 'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', 1),
    col('Node', 'string', 'NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName.', 1),
    col('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods.', 1),
    col('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells: (o, now) => {
    const { ready, reason, restarts } = podSummary(o);
    const ips = objList(get(o, 'status', 'podIPs'));
    const ip = text(ips[0]?.['ip']) || '<none>';
    const gates = objList(get(o, 'spec', 'readinessGates'));
    let gatesCell = '<none>';
    if (gates.length > 0) {
      const conds = objList(get(o, 'status', 'conditions'));
      const trueCount = gates.filter((g) => conds.find((c) => c['type'] === g['conditionType'])?.['status'] === 'True').length;
      gatesCell = `${trueCount}/${gates.length}`;
    }
    return [
      o.metadata.name, ready, reason, restarts, age(o, now), ip, text(get(o, 'spec', 'nodeName')) || '<none>',
      text(get(o, 'status', 'nominatedNodeName')) || '<none>', gatesCell,
    ];
  },
  conditions: (o): RowCondition[] | undefined => {
    const phase = get(o, 'status', 'phase');
    if (phase === 'Succeeded') return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
    if (phase === 'Failed') return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
    return undefined;
  },
};

/** formatHPAMetrics for autoscaling/v2 specs (v1 objects are mapped to a CPU Resource metric). */
function hpaTargets(o: KObject): string {
  let specs = objList(get(o, 'spec', 'metrics'));
  let statuses = objList(get(o, 'status', 'currentMetrics'));
  const v1Target = get(o, 'spec', 'targetCPUUtilizationPercentage');
  if (specs.length === 0 && typeof v1Target === 'number') {
    specs = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: v1Target } } }];
    const cur = get(o, 'status', 'currentCPUUtilizationPercentage');
    statuses = typeof cur === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cur } } }] : [];
  }
  if (specs.length === 0) return '<none>';
  const out: string[] = [];
  specs.forEach((m, i) => {
    const st = statuses[i];
    const q = (v: unknown) => text(v);
    switch (m['type']) {
      case 'External':
      case 'Object': {
        const src = m['type'] === 'External' ? 'external' : 'object';
        const target = get(m, src, 'target');
        const cur = get(st, src, 'current');
        if (get(target, 'averageValue') !== undefined) {
          const current = get(cur, 'averageValue') !== undefined ? q(get(cur, 'averageValue')) : '<unknown>';
          out.push(`${current}/${q(get(target, 'averageValue'))} (avg)`);
        } else {
          const current = get(cur, 'value') !== undefined ? q(get(cur, 'value')) : '<unknown>';
          out.push(`${current}/${q(get(target, 'value'))}`);
        }
        break;
      }
      case 'Pods': {
        const cur = get(st, 'pods', 'current', 'averageValue');
        out.push(`${cur !== undefined ? q(cur) : '<unknown>'}/${q(get(m, 'pods', 'target', 'averageValue'))}`);
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const src = m['type'] === 'Resource' ? 'resource' : 'containerResource';
        const name = text(get(m, src, 'name'));
        const target = get(m, src, 'target');
        const cur = get(st, src, 'current');
        if (get(target, 'averageValue') !== undefined) {
          const current = get(cur, 'averageValue') !== undefined ? q(get(cur, 'averageValue')) : '<unknown>';
          out.push(`${name}: ${current}/${q(get(target, 'averageValue'))}`);
        } else {
          const cu = get(cur, 'averageUtilization');
          const tu = get(target, 'averageUtilization');
          out.push(`${name}: ${typeof cu === 'number' ? `${cu}%` : '<unknown>'}/${typeof tu === 'number' ? `${tu}%` : '<auto>'}`);
        }
        break;
      }
      default:
        out.push('<unknown type>');
    }
  });
  if (out.length > 2) return `${out.slice(0, 2).join(', ')} + ${out.length - 2} more...`;
  return out.join(', ');
}

export const hpaPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Reference', 'string', 'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.'),
    col('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
    col('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    col('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    col('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    AGE_COL,
  ],
  cells: (o, now) => {
    const min = get(o, 'spec', 'minReplicas');
    return [
      o.metadata.name, `${text(get(o, 'spec', 'scaleTargetRef', 'kind'))}/${text(get(o, 'spec', 'scaleTargetRef', 'name'))}`, hpaTargets(o),
      typeof min === 'number' ? String(min) : '<unset>', int(get(o, 'spec', 'maxReplicas')), int(get(o, 'status', 'currentReplicas')), age(o, now),
    ];
  },
};

export const pdbPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE_COL,
  ],
  cells: (o, now) => {
    const v = (k: string) => { const x = get(o, 'spec', k); return x === undefined || x === null ? 'N/A' : String(x); };
    return [o.metadata.name, v('minAvailable'), v('maxUnavailable'), int(get(o, 'status', 'disruptionsAllowed')), age(o, now)];
  },
};
