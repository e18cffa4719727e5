import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from './errors.js';
import type { KObject } from './types.js';
import {
  fieldValue, formatLabelSelector, labelSelectorMatches, parseFieldSelector, parseFieldSelectorForKind,
  parseLabelRequirements, parseLabelSelector, supportedFields, unsupportedFieldMessage,
} from './selectors.js';

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof StatusError && e.code === 400 && e.reason === 'BadRequest') return e.message;
    throw e;
  }
  assert.fail('expected 400 BadRequest');
}

const L = { app: 'web', tier: 'fe', n: '5' };

test('label selector operators', () => {
  const cases: Array<[string, boolean]> = [
    ['', true], ['app=web', true], ['app==web', true], ['app!=web', false], ['app!=db', true], ['missing!=x', true],
    ['app', true], ['!app', false], ['!missing', true], ['app in (db,web)', true], ['app notin (web)', false],
    ['missing notin (web)', true], ['app=web,tier=fe', true], ['app=web,tier=be', false],
    ['  app = web ,  tier in ( fe , be )  ', true], ['n>4', true], ['n<4', false], ['app>1', false],
    ['app in (web),!missing,tier', true],
  ];
  for (const [sel, want] of cases) assert.equal(parseLabelSelector(sel)(L), want, sel);
  assert.equal(parseLabelSelector('app')(undefined), false);
  assert.equal(parseLabelSelector('!app')(undefined), true);
});

test('kubectl sends URL-encoded selectors; the decoded form parses', () => {
  const decoded = new URLSearchParams('labelSelector=tier+in+%28t0%29').get('labelSelector')!;
  assert.equal(parseLabelSelector(decoded)({ tier: 't0' }), true);
});

test('requirements are sorted by key with sorted unique values; in/notin may be keys or values', () => {
  assert.deepEqual(parseLabelRequirements('z=1,a in (y,x,y)'), [
    { key: 'a', operator: 'in', values: ['x', 'y'] },
    { key: 'z', operator: '=', values: ['1'] },
  ]);
  assert.deepEqual(parseLabelRequirements('in in (notin)'), [{ key: 'in', operator: 'in', values: ['notin'] }]);
  assert.deepEqual(parseLabelRequirements('a in (,b)')[0]!.values, ['', 'b']);
  assert.deepEqual(parseLabelRequirements('a=')[0]!.values, ['']);
});

test('label selector syntax errors answer 400 with the upstream parser text', () => {
  assert.equal(badRequest(() => parseLabelSelector('a in b')), "unable to parse requirement: found 'b' expected: '('");
  assert.equal(badRequest(() => parseLabelSelector('a,')), "found '', expected: identifier after ','");
  assert.equal(badRequest(() => parseLabelSelector('a=b c')), "found 'c', expected: ',' or 'end of string'");
  assert.equal(badRequest(() => parseLabelSelector('=a')), "found '=', expected: !, identifier, or 'end of string'");
  assert.equal(badRequest(() => parseLabelSelector('a (b)')), "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
  assert.equal(badRequest(() => parseLabelSelector('a in (b')), "unable to parse requirement: found '', expected: ',' or ')'");
  assert.match(badRequest(() => parseLabelSelector('-a=b')), /^unable to parse requirement: <nil>: Invalid value: "-a": name part must consist of alphanumeric characters/);
  assert.match(badRequest(() => parseLabelSelector('a=-b')), /^unable to parse requirement: values\[0\]\[a\]: Invalid value: "-b": a valid label must be an empty string/);
  assert.match(badRequest(() => parseLabelSelector('a>b')), /values\[0\]: Invalid value: "b": for 'Gt', 'Lt' operators, the value must be an integer/);
  assert.match(badRequest(() => parseLabelSelector('Bad_Prefix/a=b')), /prefix part a lowercase RFC 1123 subdomain must consist of/);
});

test('field selectors: =, ==, !=, AND, escapes', () => {
  const obj: Record<string, string> = { 'metadata.name': 'a,b', 'metadata.namespace': 'ns', 'status.phase': 'Running' };
  const get = (f: string) => obj[f];
  const all = () => true;
  assert.equal(parseFieldSelector('metadata.name=a\\,b', all)(get), true);
  assert.equal(parseFieldSelector('metadata.namespace==ns,status.phase!=Failed', all)(get), true);
  assert.equal(parseFieldSelector('status.phase!=Running', all)(get), false);
  assert.equal(parseFieldSelector('metadata.namespace=', all)(get), false);
  assert.equal(parseFieldSelector('spec.nodeName=', all)(get), true, 'missing counts as empty');
  assert.equal(parseFieldSelector('', all)(get), true);
  assert.equal(badRequest(() => parseFieldSelector('nope', all)), "invalid selector: 'nope'; can't understand 'nope'");
  assert.equal(badRequest(() => parseFieldSelector('a=b=c', all)), 'invalid field selector: unescaped character in value: 61');
  assert.equal(badRequest(() => parseFieldSelector('a=b\\x', all)), 'invalid field selector: invalid escape sequence: \\x');
  assert.equal(badRequest(() => parseFieldSelector('status.phase=x', (f) => f === 'metadata.name')), 'field label not supported: status.phase');
});

test('per-kind selectable fields, values and messages', () => {
  assert.deepEqual(supportedFields('ConfigMap'), ['metadata.name', 'metadata.namespace']);
  assert.ok(supportedFields('Pod').includes('spec.nodeName') && supportedFields('Pod').includes('status.phase'));
  assert.ok(!supportedFields('Namespace').includes('metadata.namespace'));
  assert.ok(supportedFields('Secret').includes('type'));
  assert.ok(supportedFields('Job').includes('status.successful'));
  assert.ok(!supportedFields('ReplicaSet').includes('status.replicas'), 'apps/v1 registers no field conversion');
  for (const f of ['kind', 'uid', 'name', 'namespace']) assert.ok(supportedFields('Event').includes(`involvedObject.${f}`));

  const pod = { metadata: { name: 'p', namespace: 'd' }, spec: { nodeName: 'n1', hostNetwork: true }, status: { phase: 'Running', podIPs: [{ ip: '10.0.0.1' }] } } as KObject;
  assert.equal(fieldValue('Pod', pod, 'spec.nodeName'), 'n1');
  assert.equal(fieldValue('Pod', pod, 'spec.hostNetwork'), 'true');
  assert.equal(fieldValue('Pod', pod, 'status.podIP'), '10.0.0.1');
  assert.equal(fieldValue('Pod', pod, 'spec.restartPolicy'), '');
  assert.equal(fieldValue('Pod', pod, 'spec.nope'), undefined);
  assert.equal(fieldValue('Job', { metadata: {}, status: { succeeded: 2 } } as KObject, 'status.successful'), '2');
  assert.equal(fieldValue('Job', { metadata: {} } as KObject, 'status.successful'), '0');
  const ev = { metadata: { name: 'e' }, involvedObject: { kind: 'Pod', name: 'p', uid: 'u1' }, reportingComponent: 'kubelet', type: 'Warning' } as KObject;
  assert.equal(fieldValue('Event', ev, 'involvedObject.uid'), 'u1');
  assert.equal(fieldValue('Event', ev, 'source'), 'kubelet', 'falls back to reportingComponent');
  assert.equal(fieldValue('Namespace', { metadata: { name: 'n' }, status: { phase: 'Active' } } as KObject, 'status.phase'), 'Active');

  assert.equal(unsupportedFieldMessage('Pod', 'x'), 'field label not supported: x');
  assert.equal(unsupportedFieldMessage('Job', 'x'), 'field label "x" not supported for batchv1.Job');
  assert.equal(unsupportedFieldMessage('ReplicaSet', 'status.replicas'), '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"');
  assert.equal(badRequest(() => parseFieldSelectorForKind('status.replicas=1', 'ReplicaSet')), '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"');
  const m = parseFieldSelectorForKind('spec.host=n1', 'Pod');
  assert.equal(m((f) => fieldValue('Pod', pod, f)), true, 'spec.host is an alias of spec.nodeName');
});

test('LabelSelector objects: matching and Scale status.selector formatting', () => {
  const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }, { key: 'gone', operator: 'DoesNotExist' }] };
  assert.equal(labelSelectorMatches(sel, { app: 'web', tier: 'a' }), true);
  assert.equal(labelSelectorMatches(sel, { app: 'web', tier: 'c' }), false);
  assert.equal(labelSelectorMatches(sel, { app: 'web', tier: 'a', gone: 'x' }), false);
  assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, { x: '' }), true);
  assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['1'] }] }, {}), true);
  assert.equal(labelSelectorMatches({}, { any: 'thing' }), true, 'empty selector selects everything');
  assert.equal(labelSelectorMatches(null, { any: 'thing' }), false, 'no selector selects nothing');
  assert.equal(labelSelectorMatches({ matchExpressions: [{ key: 'x', operator: 'Bogus' }] }, { x: '1' }), false);

  assert.equal(formatLabelSelector(sel), 'app=web,!gone,tier in (a,b)');
  assert.equal(formatLabelSelector({ matchLabels: { tier: 'fe', app: 'web' } }), 'app=web,tier=fe');
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['1'] }, { key: 'e', operator: 'Exists' }] }), 'e,x notin (1)');
  assert.equal(formatLabelSelector({}), '');
  assert.equal(formatLabelSelector(undefined), '');
});
