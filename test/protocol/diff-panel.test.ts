// The host acts only on webview messages that are exactly one of the protocol's shapes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPersistedState, parseWebviewMessage } from '../../src/protocol/diff-panel.js';

test('well-formed messages parse to themselves', () => {
  const ok: unknown[] = [
    { type: 'ready' }, { type: 'sync' }, { type: 'refresh' },
    { type: 'selectResource', id: 'apps/Deployment/shop/web' },
    { type: 'openSource', id: '/ConfigMap/shop/web' },
    { type: 'openNativeDiff', id: '/Secret/payments/payments-db' },
    { type: 'setOptions', options: { mode: 'unified', onlyDrift: true, showNoise: false } },
    { type: 'confirmPlan', planId: 'plan-1' }, { type: 'cancelPlan', planId: 'plan-1' },
  ];
  for (const m of ok) assert.deepEqual(parseWebviewMessage(m), m);
});

test('malformed messages are rejected', () => {
  const bad: unknown[] = [
    undefined, null, 42, 'ready', [], [{ type: 'ready' }], {}, { type: 7 }, { type: 'READY' }, { type: 'unknown' },
    { type: 'ready', extra: true },
    { type: 'selectResource' }, { type: 'selectResource', id: '' }, { type: 'selectResource', id: 5 },
    { type: 'selectResource', id: 'a\nb' }, { type: 'selectResource', id: 'x'.repeat(2000) },
    { type: 'selectResource', id: 'a', ref: {} },
    { type: 'setOptions' }, { type: 'setOptions', options: null },
    { type: 'setOptions', options: { mode: 'sideways', onlyDrift: true, showNoise: false } },
    { type: 'setOptions', options: { mode: 'split', onlyDrift: 'yes', showNoise: false } },
    { type: 'setOptions', options: { mode: 'split', onlyDrift: true } },
    { type: 'setOptions', options: { mode: 'split', onlyDrift: true, showNoise: false, __proto__x: 1 } },
    { type: 'confirmPlan' }, { type: 'confirmPlan', planId: {} }, { type: 'cancelPlan', planId: '' },
    { type: 'sync', app: 'other' },
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('a parsed message carries no extra properties even via prototype tricks', () => {
  const m = JSON.parse('{"type":"setOptions","options":{"mode":"split","onlyDrift":false,"showNoise":true}}') as unknown;
  const parsed = parseWebviewMessage(m);
  assert.deepEqual(parsed, { type: 'setOptions', options: { mode: 'split', onlyDrift: false, showNoise: true } });
  assert.equal(parseWebviewMessage(JSON.parse('{"type":"ready","__proto__":{"x":1}}')), undefined);
});

test('persisted state: identity and view options only', () => {
  assert.ok(isPersistedState({ identity: { app: 'shop' }, options: { mode: 'split', onlyDrift: false, showNoise: false } }));
  assert.ok(isPersistedState({ identity: { app: 'shop', ref: { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' } },
    options: { mode: 'split', onlyDrift: false, showNoise: false }, selected: 'apps/Deployment/shop/web' }));
  assert.ok(!isPersistedState({ identity: { app: 'shop' }, options: { mode: 'split', onlyDrift: false, showNoise: false }, rows: [] }));
  assert.ok(!isPersistedState({ identity: { app: 'shop', ref: { kind: 'Deployment', name: 'web' } }, options: { mode: 'split', onlyDrift: false, showNoise: false } }));
  assert.ok(!isPersistedState({ identity: {}, options: { mode: 'split', onlyDrift: false, showNoise: false } }));
  assert.ok(!isPersistedState(null));
});
