// The engine's own kube client for a test cluster, through a kubeconfig file as a user would have.
import { loadKubeconfig } from '../../src/engine/kube/kubeconfig.js';
import { createKubeClient, type KubeClient } from '../../src/engine/kube/client.js';

export async function benchClient(kubeconfig: string, signal?: AbortSignal): Promise<KubeClient> {
  const r = await loadKubeconfig({ env: {}, explicitPath: kubeconfig });
  if (!r.config) throw new Error(`kubeconfig ${kubeconfig}: ${r.problems.map((p) => p.message).join('; ')}`);
  return createKubeClient(r.config, signal ? { signal } : {});
}

/** Runs fn over items with at most `limit` at a time. */
export async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
