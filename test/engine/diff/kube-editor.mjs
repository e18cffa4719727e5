// A non-interactive $KUBE_EDITOR for `kubectl edit` in make-cases.ts: applies the JSON patch
// (RFC 6902 add/replace/remove) in $EDIT_PATCH to the YAML file kubectl hands over.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { parse, stringify } = require('yaml');
const file = process.argv[process.argv.length - 1];
const doc = parse(readFileSync(file, 'utf8'));
const ops = JSON.parse(process.env.EDIT_PATCH ?? '[]');

function walk(path) {
  const tokens = path.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur = doc;
  for (const t of tokens.slice(0, -1)) cur = Array.isArray(cur) ? cur[Number(t)] : cur[t];
  return [cur, tokens[tokens.length - 1]];
}

for (const op of ops) {
  const [parent, last] = walk(op.path);
  if (op.op === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (Array.isArray(parent)) {
    if (last === '-') parent.push(op.value);
    else if (op.op === 'add') parent.splice(Number(last), 0, op.value);
    else parent[Number(last)] = op.value;
  } else {
    parent[last] = op.value;
  }
}
writeFileSync(file, stringify(doc));
