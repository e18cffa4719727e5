import assert from 'node:assert/strict';
import { test } from 'node:test';
import { envsubst, EnvsubstError } from '../../../src/engine/render/envsubst.js';

// Cases after fluxcd/pkg envsubst's own table (expected outputs of the Go implementation).
const cases: Array<[Record<string, string>, string, string]> = [
  [{}, 'abcdEFGH28ij', 'abcdEFGH28ij'],
  [{ v: 'abcdEFGH28ij' }, '${#v}', '12'],
  [{ v: 'abcdEFGH28ij' }, '${v^}', 'AbcdEFGH28ij'],
  [{ v: 'abcdEFGH28ij' }, '${v^^}', 'ABCDEFGH28IJ'],
  [{ v: 'ABCDEFGH28IJ' }, '${v,}', 'aBCDEFGH28IJ'],
  [{ v: 'ABCDEFGH28IJ' }, '${v,,}', 'abcdefgh28ij'],
  [{ p: '/home/bozo/ideas/thoughts.for.today' }, '${p:11}', 'ideas/thoughts.for.today'],
  [{ p: '/home/bozo/ideas/thoughts.for.today' }, '${p:11:5}', 'ideas'],
  [{ var: 'abc' }, '${var=xyz}', 'abc'],
  [{}, '${var=xyz}', 'xyz'],
  [{ d: 'foo' }, 'something ${var=${d}}', 'something foo'],
  [{ d: 'foo1' }, 'foo: ${var=${d}-suffix}', 'foo: foo1-suffix'],
  [{ d: 'foo1' }, 'foo: ${var=prefix${d}-suffix}', 'foo: prefixfoo1-suffix'],
  [{}, '${var:=xyz}', 'xyz'],
  [{ z: 'abcABC123ABCabc' }, '${z/%abc/XYZ}', 'abcABC123ABCXYZ'],
  [{ z: 'abcABC123ABCabc' }, '${z/#abc/XYZ}', 'XYZABC123ABCabc'],
  [{ z: 'abcABC123ABCabc' }, '${z//abc/xyz}', 'xyzABC123ABCxyz'],
  [{ z: 'abcABC123ABCabc' }, '${z/abc/xyz}', 'xyzABC123ABCabc'],
  [{ f: 'bash.string.txt' }, '${f#*.}', 'string.txt'],
  [{ f: 'path/to/file' }, '${f#*/}', 'to/file'],
  [{ f: 'bash.string.txt' }, '${f##*.}', 'txt'],
  [{ f: 'path/to/file' }, '${f##*/}', 'file'],
  [{ f: 'bash.string.txt' }, '${f%.*}', 'bash.string'],
  [{ f: 'bash.string.txt' }, '${f%%.*}', 'bash'],
  [{ v: 'abcdEFGH28ij' }, '${var=${v^^}}', 'ABCDEFGH28IJ'],
  [{ v: 'abcdEFGH28ij' }, '$${v}', '${v}'],
  [{ v: 'abcdEFGH28ij' }, 'some text ${v}$${var$${v}$v${v}', 'some text abcdEFGH28ij${var${v}$vabcdEFGH28ij'],
  [{ d: 'foo' }, 'something $${var=${d}}', 'something ${var=foo}'],
  [{ z: 'foo/bar' }, '${z/\\//-}', 'foo-bar'],
  [{ z: 'foo/bar/baz' }, '${z//\\//-}', 'foo-bar-baz'],
  [{ d: 'foo' }, '\\\\something ${var=${d}}', '\\\\something foo'],
  [{ z: 'foo.bar' }, '${z/./}', 'foobar'],
];

test('envsubst matches the Flux implementation on its own cases', () => {
  for (const [vars, input, output] of cases) assert.equal(envsubst(input, vars, false).text, output, input);
});

test('strict mode: an unset variable without default is an error, a default is fine', () => {
  assert.throws(() => envsubst('name: ${cluster}', {}, true), (e: unknown) => e instanceof EnvsubstError && /variable not set \(strict mode\): "cluster"/.test(e.message));
  assert.equal(envsubst('name: ${cluster_name:=dev}', {}, true).text, 'name: dev');
  assert.equal(envsubst('name: ${cluster_name:=dev}', { cluster_name: 'prod' }, true).text, 'name: prod');
  const loose = envsubst('a: ${x}', {}, false);
  assert.deepEqual(loose, { text: 'a: ', unset: ['x'] });
});

test('malformed expansions are errors', () => {
  assert.throws(() => envsubst('a: ${x', {}, false), EnvsubstError);
  assert.throws(() => envsubst('a: ${{ github.sha }}', {}, false), /unable to parse variable name/);
  assert.throws(() => envsubst('a: ${x-y}', { x: '1' }, false), /bad substitution/);
});
