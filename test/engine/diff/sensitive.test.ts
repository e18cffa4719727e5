// Which drift paths name a credential, and redaction of known secret values.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSensitivePath, mentionsValue, MASK, redactValues } from '../../../src/engine/diff/sensitive.js';

test('credential-like field names anywhere in the path', () => {
  for (const p of ['spec.password', 'spec.auth.token', 'data.DB_PASSWORD', 'spec.template.spec.containers[name=web].env[name=API_KEY].value',
    'spec.clientKey', 'spec.privateKey', 'stringData.db_passwd', 'spec.credentials.user', 'spec.pwd', 'spec.secretAccessKey']) {
    assert.equal(isSensitivePath(p), true, p);
  }
  for (const p of ['spec.replicas', 'metadata.labels.app', 'spec.template.spec.containers[name=web].image', 'data.url', 'spec.passive', 'spec.keyspace']) {
    assert.equal(isSensitivePath(p), false, p);
  }
});

test('redactValues and mentionsValue', () => {
  assert.equal(redactValues('Git has "postgres://u:hunter22@db", live has "x"', ['hunter22']), `Git has "postgres://u:${MASK}@db", live has "x"`);
  assert.equal(redactValues('abc', ['ab']), 'abc'); // too short to hide
  assert.equal(mentionsValue({ url: 'postgres://u:hunter22@db' }, ['hunter22']), true);
  assert.equal(mentionsValue('nothing here', ['hunter22']), false);
  assert.equal(mentionsValue(undefined, ['hunter22']), false);
});
