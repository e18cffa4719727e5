// Child process of the memory test: discovery and render of every app of the repository given
// as argv[2], then one JSON line with the process's peak RSS (the whole process, not a sample).
import { discoverApps } from '../../../src/engine/discovery/index.js';
import { renderApp } from '../../../src/engine/render/index.js';

void (async () => {
  const repo = process.argv[2]!;
  const signal = new AbortController().signal;
  const rss0 = process.resourceUsage().maxRSS;
  const start = performance.now();
  const d = await discoverApps(repo, { signal });
  const problems: string[] = d.problems.map((p) => `${p.location?.file}:${p.location?.line} ${p.message}`);
  let objects = 0;
  for (const app of d.apps) {
    const r = await renderApp(app, repo, signal);
    objects += r.objects.length;
    problems.push(...r.problems.map((p) => `${p.location?.file}:${p.location?.line} ${p.message}`));
  }
  const ms = performance.now() - start;
  // maxRSS is in KiB
  process.stdout.write(JSON.stringify({ startRssMiB: rss0 / 1024, maxRssMiB: process.resourceUsage().maxRSS / 1024, ms, apps: d.apps.length, objects, problems }) + '\n');
})();
