// The manifest and the code agree: every contributed command is registered by src/vscode, every
// registered command is contributed, and menus, keybindings and tree/code-lens commands name only
// commands that exist (a typo there is a silently dead button in the editor).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string }>; menus?: Record<string, Array<{ command?: string }>>; views?: Record<string, Array<{ id: string }>>;
    viewsWelcome?: Array<{ view: string; contents: string }> };
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const code = [...sources(join(root, 'src', 'vscode')), ...sources(join(root, 'src', 'ui-model'))].map((f) => readFileSync(f, 'utf8')).join('\n');
const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
const registered = new Set([...code.matchAll(/registerCommand\((?:[\w.]+, *)?'(plumb\.[A-Za-z]+)'/g)].map((m) => m[1]!));

test('every contributed command is registered, and every registered command is contributed', () => {
  assert.ok(contributed.size >= 10, 'the editor contributes its commands');
  assert.deepEqual([...contributed].filter((c) => !registered.has(c)), []);
  assert.deepEqual([...registered].filter((c) => !contributed.has(c)), []);
});

test('menus, welcome views and code name only existing commands and views', () => {
  for (const [menu, items] of Object.entries(pkg.contributes.menus ?? {})) {
    for (const item of items) if (item.command) assert.ok(contributed.has(item.command), `${menu} → ${item.command}`);
  }
  const views = new Set(Object.values(pkg.contributes.views ?? {}).flat().map((v) => v.id));
  for (const w of pkg.contributes.viewsWelcome ?? []) {
    assert.ok(views.has(w.view), `viewsWelcome for unknown view ${w.view}`);
    for (const m of w.contents.matchAll(/\(command:(plumb\.[A-Za-z]+)/g)) assert.ok(contributed.has(m[1]!), `welcome link ${m[1]}`);
  }
  // `command: 'plumb.x'` in tree items, code lenses and code actions
  for (const m of code.matchAll(/command: '(plumb\.[A-Za-z]+)'/g)) assert.ok(contributed.has(m[1]!), `code uses ${m[1]}`);
});
