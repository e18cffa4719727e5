// Printers of core, networking, storage, RBAC and coordination kinds (printers.go, v1.32).
import { ageOf } from './duration.js';
import { formatLabelSelector, formatLabels } from './selector-format.js';
import {
  AGE_COL, NAME_COL, accessModes, age, col, get, int, isObj, list, objList, text, type Printer,
} from './table-common.js';
import type { KObject } from './types.js';

function size(v: unknown): number {
  return isObj(v) ? Object.keys(v).length : 0;
}

/** Load-balancer ingress points: IPs or hostnames, de-duplicated and sorted (sets.String). */
function lbIngress(v: unknown): string {
  const out = new Set<string>();
  for (const i of objList(get(v, 'ingress'))) {
    if (text(i['ip'])) out.add(text(i['ip']));
    else if (text(i['hostname'])) out.add(text(i['hostname']));
  }
  return [...out].sort().join(',');
}

function serviceExternalIP(o: KObject): string {
  const type = get(o, 'spec', 'type');
  const externalIPs = list(get(o, 'spec', 'externalIPs')).map(String);
  switch (type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = lbIngress(get(o, 'status', 'loadBalancer'));
      if (externalIPs.length > 0) return [...(lb ? lb.split(',') : []), ...externalIPs].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return text(get(o, 'spec', 'externalName'));
    default:
      return '<unknown>';
  }
}

function servicePorts(o: KObject): string {
  const parts = objList(get(o, 'spec', 'ports')).map((p) => {
    const nodePort = int(p['nodePort']);
    const proto = text(p['protocol']);
    return nodePort > 0 ? `${int(p['port'])}:${nodePort}/${proto}` : `${int(p['port'])}/${proto}`;
  });
  return parts.length ? parts.join(',') : '<none>';
}

export const servicePrinter: Printer = {
  columns: [
    NAME_COL,
    col('Type', 'string', 'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.'),
    col('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    col('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    col('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COL,
    col('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells: (o, now) => {
    const ips = list(get(o, 'spec', 'clusterIPs'));
    return [
      o.metadata.name, text(get(o, 'spec', 'type')), ips.length > 0 ? text(ips[0]) : '<none>', serviceExternalIP(o), servicePorts(o),
      age(o, now), formatLabels(get(o, 'spec', 'selector')),
    ];
  },
};

function ingressHosts(o: KObject): string {
  const rules = objList(get(o, 'spec', 'rules'));
  const hosts: string[] = [];
  let more = false;
  for (const r of rules) {
    if (hosts.length === 3) more = true;
    if (!more && text(r['host'])) hosts.push(text(r['host']));
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
}

export const ingressPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE_COL,
  ],
  cells: (o, now) => {
    const cls = get(o, 'spec', 'ingressClassName');
    return [
      o.metadata.name, typeof cls === 'string' ? cls : '<none>', ingressHosts(o), lbIngress(get(o, 'status', 'loadBalancer')),
      list(get(o, 'spec', 'tls')).length > 0 ? '80, 443' : '80', age(o, now),
    ];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    AGE_COL,
  ],
  cells: (o, now) => {
    const p = get(o, 'spec', 'parameters');
    let params = '<none>';
    if (isObj(p)) params = `${text(p['kind'])}${p['apiGroup'] ? `.${text(p['apiGroup'])}` : ''}/${text(p['name'])}`;
    return [o.metadata.name, text(get(o, 'spec', 'controller')), params, age(o, now)];
  },
};

export const configMapPrinter: Printer = {
  columns: [NAME_COL, col('Data', 'string', 'Data contains the configuration data.'), AGE_COL],
  cells: (o, now) => [o.metadata.name, size(o['data']) + size(o['binaryData']), age(o, now)],
};

export const secretPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    col('Data', 'string', 'Data contains the secret data.'),
    AGE_COL,
  ],
  cells: (o, now) => [o.metadata.name, text(o['type']), size(o['data']), age(o, now)],
};

export const namespacePrinter: Printer = {
  columns: [NAME_COL, col('Status', 'string', 'The status of the namespace'), AGE_COL],
  cells: (o, now) => [o.metadata.name, text(get(o, 'status', 'phase')), age(o, now)],
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME_COL, col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), AGE_COL],
  cells: (o, now) => [o.metadata.name, list(o['secrets']).length, age(o, now)],
};

export const pvcPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Status', 'string', 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'string', 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE_COL,
    col('VolumeMode', 'string', 'volumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells: (o, now) => {
    const volumeName = text(get(o, 'spec', 'volumeName'));
    const bound = volumeName !== '';
    const vac = get(o, 'spec', 'volumeAttributesClassName');
    const vm = get(o, 'spec', 'volumeMode');
    const cls = o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? text(get(o, 'spec', 'storageClassName'));
    return [
      o.metadata.name, o.metadata.deletionTimestamp ? 'Terminating' : text(get(o, 'status', 'phase')), volumeName,
      bound ? text(get(o, 'status', 'capacity', 'storage')) : '', bound ? accessModes(get(o, 'status', 'accessModes')) : '',
      cls, typeof vac === 'string' ? vac : '<unset>', age(o, now), typeof vm === 'string' ? vm : '<unset>',
    ];
  },
};

export const pvPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Capacity', 'string', 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'string', 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'string', 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'string', 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'string', 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', 'reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.'),
    AGE_COL,
    col('VolumeMode', 'string', 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.', 1),
  ],
  cells: (o, now) => {
    const claim = get(o, 'spec', 'claimRef');
    const vac = get(o, 'spec', 'volumeAttributesClassName');
    const vm = get(o, 'spec', 'volumeMode');
    const cls = o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? text(get(o, 'spec', 'storageClassName'));
    return [
      o.metadata.name, text(get(o, 'spec', 'capacity', 'storage')), accessModes(get(o, 'spec', 'accessModes')),
      text(get(o, 'spec', 'persistentVolumeReclaimPolicy')), o.metadata.deletionTimestamp ? 'Terminating' : text(get(o, 'status', 'phase')),
      isObj(claim) ? `${text(claim['namespace'])}/${text(claim['name'])}` : '', cls, typeof vac === 'string' ? vac : '<unset>',
      text(get(o, 'status', 'reason')), age(o, now), typeof vm === 'string' ? vm : '<unset>',
    ];
  },
};

/** rbac.SubjectsStrings: users, groups and `ns/name` service accounts. */
function subjects(o: KObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of objList(o['subjects'])) {
    const name = text(s['name']);
    if (s['kind'] === 'User') users.push(name);
    else if (s['kind'] === 'Group') groups.push(name);
    else if (s['kind'] === 'ServiceAccount') sas.push(text(s['namespace']) ? `${text(s['namespace'])}/${name}` : name);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(what: string): Printer {
  return {
    columns: [
      NAME_COL,
      col('Role', 'string', 'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace.'),
      AGE_COL,
      col('Users', 'string', `Users in the ${what}`, 1),
      col('Groups', 'string', `Groups in the ${what}`, 1),
      col('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
    ],
    cells: (o, now) => [o.metadata.name, `${text(get(o, 'roleRef', 'kind'))}/${text(get(o, 'roleRef', 'name'))}`, age(o, now), ...subjects(o)],
  };
}

export const roleBindingPrinter = bindingPrinter('roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter('clusterRoleBinding');

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].', 1),
    col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    { ...NAME_COL, priority: 1 },
  ],
  cells: (o, now) => {
    const first = text(o['firstTimestamp']) ? ageOf(text(o['firstTimestamp']), now) : ageOf(text(o['eventTime']) || undefined, now);
    let last = text(o['lastTimestamp']) ? ageOf(text(o['lastTimestamp']), now) : first;
    let count = int(o['count']);
    const series = o['series'];
    if (isObj(series)) {
      last = ageOf(text(series['lastObservedTime']) || undefined, now);
      count = int(series['count']);
    } else if (count === 0) {
      count = 1;
    }
    const kind = text(get(o, 'involvedObject', 'kind')).toLowerCase();
    const name = text(get(o, 'involvedObject', 'name'));
    const component = text(get(o, 'source', 'component')) || text(o['reportingComponent']);
    const host = text(get(o, 'source', 'host')) || text(o['reportingInstance']);
    return [
      last, text(o['type']), text(o['reason']), name ? `${kind}/${name}` : kind, text(get(o, 'involvedObject', 'fieldPath')),
      host ? `${component}, ${host}` : component, text(o['message']).trim(), first, count, o.metadata.name,
    ];
  },
};

function formatEndpoints(o: KObject): string {
  const subsets = objList(o['subsets']);
  if (subsets.length === 0) return '<none>';
  const out: string[] = [];
  let count = 0;
  let more = false;
  for (const ss of subsets) {
    const addrs = objList(ss['addresses']);
    const ports = objList(ss['ports']);
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) {
        if (out.length === 3) { more = true; break; }
        out.push(text(a['ip']));
      }
      continue;
    }
    for (const p of ports) {
      count += addrs.length;
      for (const a of addrs) {
        if (out.length === 3) { more = true; break; }
        const ip = text(a['ip']);
        out.push(ip.includes(':') ? `[${ip}]:${int(p['port'])}` : `${ip}:${int(p['port'])}`);
      }
    }
  }
  return more ? `${out.join(',')} + ${count - 3} more...` : out.join(',');
}

export const endpointsPrinter: Printer = {
  columns: [NAME_COL, col('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'), AGE_COL],
  cells: (o, now) => [o.metadata.name, formatEndpoints(o), age(o, now)],
};

export const storageClassPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Provisioner', 'string', 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'string', 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.'),
    col('VolumeBindingMode', 'string', 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used.'),
    col('AllowVolumeExpansion', 'string', 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    AGE_COL,
  ],
  cells: (o, now) => {
    const ann = o.metadata.annotations ?? {};
    const isDefault = ann['storageclass.kubernetes.io/is-default-class'] === 'true' || ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return [
      isDefault ? `${o.metadata.name} (default)` : o.metadata.name, text(o['provisioner']), text(o['reclaimPolicy']) || 'Delete',
      text(o['volumeBindingMode']) || 'Immediate', o['allowVolumeExpansion'] === true, age(o, now),
    ];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [
    NAME_COL,
    col('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.'),
    AGE_COL,
  ],
  // The pod selector is a non-pointer struct: an absent one is the empty selector.
  cells: (o, now) => [o.metadata.name, formatLabelSelector(get(o, 'spec', 'podSelector') ?? {}), age(o, now)],
};

export const leasePrinter: Printer = {
  columns: [NAME_COL, col('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'), AGE_COL],
  cells: (o, now) => [o.metadata.name, text(get(o, 'spec', 'holderIdentity')), age(o, now)],
};
