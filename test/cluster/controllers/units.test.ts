// Small pure pieces of the controllers: hashes, image references, quantities, intstr, selectors, scheduler.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Scheduler } from './scheduler.js';
import { matchesMap, matchesSelector } from './selector.js';
import { resolveIntOrPercent } from './sim/deployment.js';
import { canonicalJson, fnv32a, templateHash } from './sim/hash.js';
import { imageId, imageTag, isBrokenImage, normalizeImage } from './sim/images.js';
import { quantityBytes } from './sim/pvc.js';

describe('hashes', () => {
  it('FNV-1a 32 of known strings', () => {
    assert.equal(fnv32a(''), 0x811c9dc5);
    assert.equal(fnv32a('a'), 0xe40c292c);
  });
  it('template hashes ignore key order and use the safe alphabet', () => {
    const a = templateHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x' }] } });
    const b = templateHash({ spec: { containers: [{ image: 'x', name: 'a' }] }, metadata: { labels: { app: 'web' } } });
    assert.equal(a, b);
    assert.match(a, /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    assert.notEqual(a, templateHash({ spec: { containers: [{ name: 'a', image: 'y' }] } }));
    assert.notEqual(a, templateHash({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'a', image: 'x' }] } }, 1));
    assert.equal(canonicalJson({ b: 1, a: [true, null] }), '{"a":[true,null],"b":1}');
  });
});

describe('images', () => {
  it('tags, the broken convention and containerd names', () => {
    assert.equal(imageTag('nginx:1.25'), '1.25');
    assert.equal(imageTag('localhost:5000/app'), undefined);
    assert.equal(imageTag('reg.io:5000/team/app:broken@sha256:abc'), 'broken');
    assert.ok(isBrokenImage('ghcr.io/x/y:broken'));
    assert.ok(!isBrokenImage('broken:1.0'));
    assert.equal(normalizeImage('nginx'), 'docker.io/library/nginx:latest');
    assert.equal(normalizeImage('bitnami/redis:7'), 'docker.io/bitnami/redis:7');
    assert.equal(normalizeImage('ghcr.io/a/b:1'), 'ghcr.io/a/b:1');
    assert.match(imageId('nginx:1.25'), /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  });
});

describe('quantities and intstr', () => {
  it('parses storage sizes', () => {
    assert.equal(quantityBytes('1Gi'), 2 ** 30);
    assert.equal(quantityBytes('500M'), 5e8);
    assert.equal(quantityBytes('10'), 10);
    assert.ok(Number.isNaN(quantityBytes('lots')));
  });
  it('resolves percentages like the deployment controller (surge up, unavailable down)', () => {
    assert.equal(resolveIntOrPercent('25%', '25%', 3, true), 1);
    assert.equal(resolveIntOrPercent('25%', '25%', 3, false), 0);
    assert.equal(resolveIntOrPercent(undefined, '25%', 4, false), 1);
    assert.equal(resolveIntOrPercent(2, '25%', 4, false), 2);
    assert.equal(resolveIntOrPercent('3', '25%', 4, false), 3);
  });
});

describe('selectors', () => {
  it('matchLabels and matchExpressions', () => {
    const labels = { app: 'web', tier: 'fe' };
    assert.ok(matchesSelector({}, labels));
    assert.ok(!matchesSelector(undefined, labels));
    assert.ok(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }] }, labels));
    assert.ok(!matchesSelector({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['fe'] }] }, labels));
    assert.ok(matchesSelector({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, labels));
    assert.ok(!matchesMap({}, labels), 'an empty Service selector selects nothing');
    assert.ok(matchesMap({ app: 'web' }, labels));
  });
});

describe('Scheduler', () => {
  it('debounces by key keeping the earliest deadline, retries failures, and stops', async () => {
    const s = new Scheduler({ onError: () => {} });
    const runs: string[] = [];
    s.schedule('k', 30, () => runs.push('late'));
    s.schedule('k', 1, () => runs.push('early'));
    let fails = 2;
    s.schedule('retry', 1, () => { if (fails-- > 0) throw new Error('409'); runs.push('retried'); });
    s.schedule('never', 5, () => runs.push('never'));
    s.cancel('never');
    await new Promise((r) => setTimeout(r, 400));
    assert.deepEqual(runs.sort(), ['early', 'retried']);
    s.schedule('after-stop', 1, () => runs.push('x'));
    s.stop();
    s.schedule('after-stop2', 1, () => runs.push('y'));
    await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(runs.sort(), ['early', 'retried']);
    assert.equal(s.size, 0);
  });
});
