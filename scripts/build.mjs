// Bundles the extension (vscode external), the CLI and later the webview with esbuild.
// Runs from `prepare`, so a fresh `npm install` leaves a working `npx plumb`.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
const jobs = [
  build({ ...common, entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', format: 'cjs' }),
];
if (existsSync('src/vscode/extension.ts')) {
  jobs.push(build({ ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', format: 'cjs', external: ['vscode'] }));
}
if (existsSync('src/webview/main.ts')) {
  jobs.push(build({ ...common, platform: 'browser', target: 'es2022', entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', format: 'esm' }));
}
await Promise.all(jobs);
