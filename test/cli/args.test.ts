import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/command.js';

describe('parseArgs', () => {
  const spec = { json: 'boolean', context: 'string', app: 'strings' } as const;
  it('reads booleans, values in both forms, repeated values and positionals', () => {
    const r = parseArgs(['web', '--json', '--context', 'kind', '--app=a', '--app', 'b', '--', '--not-a-flag'], spec);
    assert.deepEqual(r.flags, { json: true, context: 'kind', app: ['a', 'b'] });
    assert.deepEqual(r.positionals, ['web', '--not-a-flag']);
  });
  it('rejects unknown flags, missing values and values on booleans', () => {
    assert.throws(() => parseArgs(['--nope'], spec), (e: unknown) => e instanceof UsageError && /unknown option --nope/.test(e.message));
    assert.throws(() => parseArgs(['--context'], spec), /--context needs a value/);
    assert.throws(() => parseArgs(['--context', '--json'], spec), /--context needs a value/);
    assert.throws(() => parseArgs(['--json=yes'], spec), /--json takes no value/);
  });
});
