// ClusterIP and NodePort allocation for Services (spec §3.4), in creation order for determinism.
import type { KObject } from '../api/types.js';
import type { FieldError } from '../api/errors.js';

const BASE = (10 << 24) | (96 << 16); // 10.96.0.0/12
const SIZE = 1 << 20;

const ipToString = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
function ipToNumber(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (!m) return undefined;
  return ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0;
}

interface ServiceSpec {
  type?: string; clusterIP?: string; clusterIPs?: string[]; selector?: Record<string, string>;
  ports?: Array<{ nodePort?: number; port?: number }>; ipFamilies?: string[]; ipFamilyPolicy?: string;
}

export class ServiceAllocator {
  private ips = new Set<string>(['10.96.0.1']);
  private nodePorts = new Set<number>();
  private nextIp = 2;
  private nextPort = 30000;

  /** Rebuild from stored Services (start-up with --state). */
  seed(services: KObject[]): void {
    for (const s of services) this.reserve(s);
  }

  reserve(svc: KObject): void {
    const spec = (svc['spec'] ?? {}) as ServiceSpec;
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) if (ip !== 'None') this.ips.add(ip);
    for (const p of spec.ports ?? []) if (p.nodePort) this.nodePorts.add(p.nodePort);
  }

  release(svc: KObject): void {
    const spec = (svc['spec'] ?? {}) as ServiceSpec;
    for (const ip of spec.clusterIPs ?? []) this.ips.delete(ip);
    for (const p of spec.ports ?? []) if (p.nodePort) this.nodePorts.delete(p.nodePort);
  }

  /**
   * Fill clusterIP(s) and nodePorts of a Service being created or updated. `old` keeps earlier
   * allocations when an update omits them (what makes re-applying a Service work).
   * Returns validation errors for taken addresses; `commit` false computes without reserving (dry-run).
   */
  allocate(svc: KObject, old: KObject | undefined, commit: boolean): FieldError[] {
    const spec = (svc['spec'] ??= {}) as ServiceSpec;
    const prev = (old?.['spec'] ?? {}) as ServiceSpec;
    const errs: FieldError[] = [];
    if (spec.type === 'ExternalName') return errs;
    if (old) {
      if (spec.clusterIP === undefined && prev.clusterIP !== undefined) spec.clusterIP = prev.clusterIP;
      if (spec.clusterIPs === undefined && prev.clusterIPs !== undefined) spec.clusterIPs = [...prev.clusterIPs];
      if (spec.ipFamilies === undefined && prev.ipFamilies) spec.ipFamilies = [...prev.ipFamilies];
      if (spec.ipFamilyPolicy === undefined && prev.ipFamilyPolicy) spec.ipFamilyPolicy = prev.ipFamilyPolicy;
      for (const p of spec.ports ?? []) {
        if (p.nodePort !== undefined) continue;
        const same = (prev.ports ?? []).find((q) => q.port === p.port && q.nodePort);
        if (same) p.nodePort = same.nodePort;
      }
    }
    if (spec.clusterIP === undefined && spec.clusterIPs?.length) spec.clusterIP = spec.clusterIPs[0];
    if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
    } else if (spec.clusterIP === undefined || spec.clusterIP === '') {
      const ip = this.nextFreeIp();
      spec.clusterIP = ip;
      spec.clusterIPs = [ip];
      if (commit) this.ips.add(ip);
    } else {
      const wanted = spec.clusterIP;
      const mine = prev.clusterIP === wanted;
      const n = ipToNumber(wanted);
      if (n === undefined || n < BASE || n >= BASE + SIZE) {
        errs.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', value: [wanted],
          detail: `failed to allocate IP ${wanted}: the provided IP (${wanted}) is not in the valid range. The range of valid IPs is 10.96.0.0/12` });
      } else if (!mine && this.ips.has(wanted)) {
        errs.push({ type: 'FieldValueInvalid', field: 'spec.clusterIPs', value: [wanted], detail: `failed to allocate IP ${wanted}: provided IP is already allocated` });
      } else if (commit) this.ips.add(wanted);
      if (!spec.clusterIPs?.length) spec.clusterIPs = [wanted];
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      (spec.ports ?? []).forEach((p, i) => {
        const mine = (prev.ports ?? []).some((q) => q.nodePort === p.nodePort);
        if (p.nodePort === undefined) {
          p.nodePort = this.nextFreePort();
          if (commit) this.nodePorts.add(p.nodePort);
        } else if (!mine && this.nodePorts.has(p.nodePort)) {
          errs.push({ type: 'FieldValueInvalid', field: `spec.ports[${i}].nodePort`, value: p.nodePort, detail: 'provided port is already allocated' });
        } else if (commit) this.nodePorts.add(p.nodePort);
      });
    }
    return errs;
  }

  private nextFreeIp(): string {
    for (let i = 0; i < SIZE; i++) {
      const n = this.nextIp + i;
      const ip = ipToString(BASE + (n % SIZE));
      if (n % SIZE > 1 && !this.ips.has(ip)) { this.nextIp = n + 1; return ip; }
    }
    throw new Error('service IP range exhausted');
  }

  private nextFreePort(): number {
    for (let i = 0; i <= 2767; i++) {
      const p = 30000 + ((this.nextPort - 30000 + i) % 2768);
      if (!this.nodePorts.has(p)) { this.nextPort = p + 1; return p; }
    }
    throw new Error('node port range exhausted');
  }
}
