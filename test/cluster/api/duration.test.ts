import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ageOf, humanDuration } from './duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

test('humanDuration branches', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'], [999, '0s'], [-1500, '0s'], [-2000, '<invalid>'], [59 * s, '59s'], [119 * s, '119s'],
    [2 * m, '2m'], [5 * m + 10 * s, '5m10s'], [9 * m + 59 * s, '9m59s'], [10 * m + 30 * s, '10m'], [179 * m, '179m'],
    [3 * h, '3h'], [3 * h + 5 * m, '3h5m'], [7 * h + 59 * m, '7h59m'], [8 * h + 30 * m, '8h'], [47 * h, '47h'],
    [2 * d, '2d'], [2 * d + 4 * h, '2d4h'], [7 * d + 23 * h, '7d23h'], [8 * d + 5 * h, '8d'], [729 * d, '729d'],
    [730 * d, '2y'], [3 * 365 * d + 12 * d, '3y12d'], [8 * 365 * d + 100 * d, '8y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms}ms`);
});

test('ageOf', () => {
  const now = new Date('2025-01-01T10:05:00Z');
  assert.equal(ageOf('2025-01-01T10:00:00Z', now), '5m');
  assert.equal(ageOf('2025-01-01T10:05:01Z', now), '0s');
  assert.equal(ageOf('2025-01-01T10:05:02Z', now), '<invalid>');
  assert.equal(ageOf(undefined, now), '<unknown>');
  assert.equal(ageOf(null, now), '<unknown>');
  assert.equal(ageOf('0001-01-01T00:00:00Z', now), '<unknown>');
});
