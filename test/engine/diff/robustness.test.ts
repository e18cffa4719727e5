// compareObject never throws, whatever JSON it is handed: the cases' objects with random parts
// replaced by values of the wrong type (fixed seed, so a failure reproduces).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { compareObject } from '../../../src/engine/diff/index.js';
import type { CompareContext, KubeObject } from '../../../src/engine/types.js';

const CASES = join(__dirname, 'cases');
const ODD: unknown[] = [null, 0, '', 'x', true, [], {}, [1, 'a'], { a: 1 }, 3.5, '1Gi', { 'k:{bad': {} }];

test('no input makes compareObject throw', () => {
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const mutate = (v: unknown, rate: number): unknown => {
    if (rnd() < rate) return ODD[Math.floor(rnd() * ODD.length)];
    if (Array.isArray(v)) return v.map((x) => mutate(x, rate));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mutate(x, rate)]));
    return v;
  };
  let runs = 0;
  for (const name of readdirSync(CASES)) {
    const f = (x: string) => join(CASES, name, x);
    const desired = (parse(readFileSync(f('desired.yaml'), 'utf8')) ?? undefined) as KubeObject | undefined;
    const live = existsSync(f('live.json')) ? JSON.parse(readFileSync(f('live.json'), 'utf8')) as KubeObject : undefined;
    const context = existsSync(f('context.json')) ? JSON.parse(readFileSync(f('context.json'), 'utf8')) as CompareContext : undefined;
    for (let i = 0; i < 12; i++) {
      const rate = i < 6 ? 0.04 : 0.15;
      runs++;
      assert.doesNotThrow(() => compareObject({
        desired: desired && mutate(desired, rate) as KubeObject,
        live: live && mutate(live, rate) as KubeObject,
        context: context && (i % 3 === 0 ? mutate(context, rate) as CompareContext : context),
      }), `${name} #${i}`);
    }
  }
  assert.ok(runs > 500);
});
