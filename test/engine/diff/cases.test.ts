// Every case under cases/<name>/ (made with real kubectl by make-cases.ts): the verdict of
// compareObject must match expected.json — inSync, the driftPaths set, pathKinds, and exactly the
// optional keys it lists — and the note must (not) contain the listed phrases.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { compareObject } from '../../../src/engine/diff/index.js';
import { readContextFile, readObjectFile } from '../../../src/cli/commands/compare-input.js';
import type { Verdict } from '../../../src/engine/types.js';

const CASES = join(__dirname, 'cases');
const OPTIONAL = ['pathKinds', 'objectDrift', 'pruneCandidate', 'health', 'syncStrategy'] as const;

interface Expected extends Partial<Verdict> { about: string; noteIncludes?: string[]; noteExcludes?: string[] }

const names = readdirSync(CASES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

test('there are at least 40 cases', () => {
  assert.ok(names.length >= 40, `only ${names.length} cases`);
});

for (const name of names) {
  test(`case ${name}`, async () => {
    const dir = join(CASES, name);
    const file = (f: string) => (existsSync(join(dir, f)) ? f : undefined);
    const desired = await readObjectFile('desired.yaml', dir);
    const live = await readObjectFile(file('live.json') ?? 'live.yaml', dir);
    const context = file('context.json') ? await readContextFile('context.json', dir) : undefined;
    const dryRun = file('dryrun.json') ? await readObjectFile('dryrun.json', dir) : undefined;
    const expected = JSON.parse(await readFile(join(dir, 'expected.json'), 'utf8')) as Expected;

    const v = compareObject({ desired, live, context, dryRun });
    const why = `${expected.about}\nnote: ${v.note}`;
    assert.equal(v.inSync, expected.inSync, `inSync — ${why}`);
    assert.deepEqual([...v.driftPaths].sort(), [...(expected.driftPaths ?? [])].sort(), `driftPaths — ${why}`);
    for (const key of OPTIONAL) assert.deepEqual(v[key], expected[key], `${key} — ${why}`);
    for (const p of v.driftPaths) assert.match(p, /^[A-Za-z][A-Za-z0-9_-]*([.[]|$)/, `path grammar: ${p}`);
    assert.deepEqual(Object.keys(v.pathKinds ?? {}).sort(), [...v.driftPaths].sort(), 'one pathKind per drift path');
    if (context) assert.deepEqual(v.context, context, 'context is echoed');
    assert.equal(typeof v.note, 'string');
    assert.ok(v.note.length > 20, 'the note says why');
    for (const phrase of expected.noteIncludes ?? []) assert.ok(v.note.includes(phrase), `note should mention ${phrase}: ${v.note}`);
    for (const phrase of expected.noteExcludes ?? []) assert.ok(!v.note.includes(phrase), `note must not contain ${phrase}: ${v.note}`);
    if (live?.kind === 'Secret') {
      // Secret values never leave the engine: neither data values nor their decoded text.
      const data = (live as { data?: Record<string, string> }).data ?? {};
      const text = JSON.stringify({ paths: v.driftPaths, note: v.note, kinds: v.pathKinds });
      for (const value of Object.values(data)) {
        assert.ok(!text.includes(value), 'no base64 value in the verdict');
        assert.ok(!text.includes(Buffer.from(value, 'base64').toString('utf8')), 'no decoded value in the verdict');
      }
    }
  });
}
