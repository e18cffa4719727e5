// The project's shape: a real extension manifest, a working `plumb` binary, and the layer rule.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

function files(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('foundation', () => {
  it('package.json is a VS Code extension manifest with the plumb binary', () => {
    assert.equal(pkg['name'], 'plumb');
    assert.match(String((pkg['engines'] as Record<string, string>)['vscode']), /^\^1\.\d+/);
    assert.equal(pkg['main'], './dist/extension.js');
    assert.deepEqual(pkg['bin'], { plumb: './bin/plumb.js' });
    assert.ok(existsSync(join(root, '.vscodeignore')));
  });

  it('the build produced the extension and CLI bundles (npm install runs it)', () => {
    assert.ok(existsSync(join(root, 'dist/extension.js')), 'dist/extension.js missing: run npm run build');
    assert.ok(existsSync(join(root, 'dist/cli.js')));
    const ext = readFileSync(join(root, 'dist/extension.js'), 'utf8');
    assert.match(ext, /require\("vscode"\)/, 'vscode must stay external to the bundle');
  });

  it('`plumb --help` and an unknown command behave', () => {
    const help = spawnSync(process.execPath, [join(root, 'bin/plumb.js'), '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^plumb \d+\.\d+\.\d+ — /);
    const bad = spawnSync(process.execPath, [join(root, 'bin/plumb.js'), 'frobnicate'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown command "frobnicate"/);
  });

  it('only src/vscode imports vscode', () => {
    const offenders = ['engine', 'ui-model', 'cli', 'protocol', 'webview']
      .flatMap((d) => (existsSync(join(root, 'src', d)) ? files(join(root, 'src', d)) : []))
      .filter((f) => /from ['"]vscode['"]|require\(['"]vscode['"]\)/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
