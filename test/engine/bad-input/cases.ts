// The bad-input corpus as a table: where each input comes from (test/fixtures/bad, or generated
// at test time when it is huge or a symlink), and the problem each must give.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BAD, type CaseWorkspace } from './workspace.js';

export interface ExpectedProblem {
  file: string;
  line?: number;
  message: RegExp;
  severity?: 'error' | 'warning';
}

export interface BadCase {
  /** the fixture (path under test/fixtures/bad) or "generated: …" */
  input: string;
  /** the mistake, for the table in test/fixtures/bad/README.md */
  what: string;
  setup(ws: CaseWorkspace): void;
  /** problems that must be reported (each naming its file and, where meaningful, its line) */
  expect: ExpectedProblem[];
  /** no problem at all is expected: the input is odd but valid */
  accepted?: boolean;
  /** the app that must still work beside the bad input (default: "good") */
  goodApp?: string;
  /** objects the bad app must still render (default: not checked) */
  renders?: { app: string; objects: number };
}

const MiB = 2 ** 20;
const OUTSIDE = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: stolen\nstringData:\n  token: from-outside-the-repo\n';
const plainApp = (path: string, name = 'broken') => `apps:\n  - name: ${name}\n    path: ${path}\n    namespace: ${name}\n`;

/** A single manifest file as the only file of a plain app "broken". */
function fileCase(fixture: string, what: string, expect: ExpectedProblem[] | 'accepted', more: Partial<BadCase> = {}): BadCase {
  const name = fixture.slice(fixture.lastIndexOf('/') + 1);
  return {
    input: fixture,
    what,
    setup(ws) {
      ws.write('.plumb.yaml', plainApp('broken'));
      ws.write(`broken/${name}`, readFileSync(join(BAD, fixture)));
    },
    expect: expect === 'accepted' ? [] : expect.map((e) => ({ ...e, file: `broken/${name}` })),
    ...(expect === 'accepted' ? { accepted: true } : {}),
    ...more,
  };
}

/** A folder of test/fixtures/bad copied into the repository root. */
function repoCase(fixture: string, what: string, expect: ExpectedProblem[], more: Partial<BadCase> & { extra?: (ws: CaseWorkspace) => void } = {}): BadCase {
  const { extra, ...rest } = more;
  return {
    input: fixture,
    what,
    setup(ws) {
      copyInto(ws, fixture);
      writeFileSync(join(ws.base, 'outside.yaml'), OUTSIDE);
      extra?.(ws);
    },
    expect,
    ...rest,
  };
}

function copyInto(ws: CaseWorkspace, fixture: string): void {
  cpSync(join(BAD, fixture), ws.repo, { recursive: true });
}

/** One of the original top-level kustomize / helm folders, as an app of its own. */
function folderCase(dir: string, what: string, expect: ExpectedProblem[], helm = false): BadCase {
  return {
    input: `${dir}/`,
    what,
    setup(ws) {
      cpSync(join(BAD, dir), join(ws.repo, dir), { recursive: true });
      if (helm) ws.write('.plumb.yaml', plainApp(dir));
    },
    expect,
  };
}

const E = (file: string, line: number | undefined, message: RegExp, severity: 'error' | 'warning' = 'error'): ExpectedProblem => ({ file, ...(line ? { line } : {}), message, severity });

export const CASES: BadCase[] = [
  // ---- YAML files (the original corpus) ----
  fileCase('malformed.yaml', 'unclosed flow sequence', [E('', 9, /YAML syntax error: Flow sequence/)]),
  fileCase('duplicate-keys.yaml', 'a key twice', [E('', 7, /duplicate key replicas/)]),
  fileCase('tabs.yaml', 'tab indentation', [E('', 7, /tab used for indentation/)]),
  fileCase('billion-laughs.yaml', 'billion laughs alias bomb', [E('', 1, /aliases expand past 1000 nodes/)]),
  fileCase('bad-alias.yaml', 'alias without anchor', [E('', 6, /alias \*original has no anchor/)]),
  fileCase('no-kind.yaml', 'document without kind', [E('', 1, /document has no kind/, 'warning')]),
  fileCase('not-kubernetes.yaml', 'a docker-compose file', [E('', 2, /not Kubernetes YAML/, 'warning')]),
  fileCase('non-utf8.yaml', 'Latin-1 byte', [E('', 6, /not valid UTF-8 \(byte 0xE9\)/)]),
  // ---- YAML files (manifests/) ----
  fileCase('manifests/empty.yaml', 'an empty file', 'accepted', { renders: { app: 'broken', objects: 0 } }),
  fileCase('manifests/only-comments.yaml', 'comments and separators only', 'accepted', { renders: { app: 'broken', objects: 0 } }),
  fileCase('manifests/crlf-malformed.yaml', 'CRLF line ends and an unclosed list', [E('', 8, /YAML syntax error: Flow sequence/)]),
  fileCase('manifests/bom-malformed.yaml', 'UTF-8 BOM and an unclosed map (line numbers unaffected by the BOM)', [E('', 8, /YAML syntax error: Flow map/)]),
  fileCase('manifests/unterminated-string.yaml', 'a quoted string never closed', [E('', 8, /Missing closing "quote/)]),
  fileCase('manifests/invalid-indent.yaml', 'a key indented one space too far', [E('', 4, /Nested mappings are not allowed/)]),
  fileCase('manifests/deeply-nested-flow.yaml', '10 000 levels of nested flow maps', [E('', 6, /YAML nesting is too deep to read/)]),
  fileCase('manifests/deeply-nested-block.yaml', '300 levels of nested block maps (valid, read)', 'accepted', { renders: { app: 'broken', objects: 1 } }),
  fileCase('manifests/merge-key-bomb.yaml', 'a `<<` merge-key bomb', [E('', 1, /aliases expand past 1000 nodes/)]),
  fileCase('manifests/binary.yaml', 'a PNG named .yaml', [E('', 1, /not valid UTF-8 \(byte 0x89\)/)]),
  fileCase('manifests/malformed.json', 'JSON with a trailing comma', [E('', 5, /invalid JSON: Expected double-quoted property name/)]),
  fileCase('manifests/no-name.yaml', 'object without metadata.name', [E('', 1, /document has no metadata\.name/, 'warning')]),
  fileCase('manifests/no-apiversion.yaml', 'object without apiVersion', [E('', 1, /document has no apiVersion/, 'warning')]),
  fileCase('manifests/kind-not-string.yaml', 'kind is a list', [E('', 1, /document has no kind \(found a list, not a string\)/, 'warning')]),
  fileCase('manifests/metadata-not-map.yaml', 'metadata is a string', [E('', 1, /metadata is a string, not a map/, 'warning')]),
  fileCase('manifests/scalar-document.yaml', 'a plain sentence', [E('', 1, /not Kubernetes YAML/, 'warning')]),
  fileCase('manifests/sequence-document.yaml', 'a top-level list', [E('', 1, /not Kubernetes YAML/, 'warning')]),
  fileCase('manifests/list-with-bad-item.yaml', 'a List with an item without apiVersion and name', [E('', 8, /document has no apiVersion, metadata\.name/, 'warning')], { renders: { app: 'broken', objects: 1 } }),
  fileCase('manifests/invalid-labels.yaml', 'label value with a space and "!"', [E('', 7, /label tier value "front end!" must be empty or letters/)], { renders: { app: 'broken', objects: 1 } }),
  fileCase('manifests/long-label.yaml', 'label value of 80 characters', [E('', 6, /label owner value .* is 80 characters long, over 63/)]),
  fileCase('manifests/invalid-name.yaml', 'upper case and "_" in a name', [E('', 4, /metadata\.name "My_Config" must consist of lower-case letters/)]),
  fileCase('manifests/secret-bad-base64.yaml', 'Secret data that is not base64', [E('', 7, /Secret creds: data\.password is not valid base64 \(the value is not shown\)/)]),
  fileCase('manifests/same-object-twice.yaml', 'one object declared twice in a file', [E('', 8, /ConfigMap twin is declared twice \(first at broken\/same-object-twice\.yaml:1\)/, 'warning')]),
  fileCase('manifests/unknown-apiversion.yaml', 'a kind no cluster serves (valid offline; see the cluster test)', 'accepted', { renders: { app: 'broken', objects: 1 } }),
  // ---- generated at test time ----
  {
    input: 'generated: 50 MiB manifest',
    what: 'a 50 MiB YAML file in a plain folder',
    setup(ws) {
      ws.write('.plumb.yaml', plainApp('broken'));
      const line = Buffer.from('  key-0000000000: "0123456789012345678901234567890123456789012345678901234567890123456789"\n');
      const buf = Buffer.alloc(50 * MiB, line);
      buf.write('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n');
      ws.write('broken/huge.yaml', buf);
    },
    expect: [E('broken/huge.yaml', 1, /file is 50\.0 MiB, over the 10\.0 MiB limit/)],
  },
  {
    input: 'generated: 50 MiB kustomize resource',
    what: 'a 50 MiB resource of a kustomization (kustomize is not run)',
    setup(ws) {
      ws.write('big/kustomization.yaml', 'resources:\n  - huge.yaml\n');
      ws.write('big/huge.yaml', Buffer.alloc(50 * MiB, 'a: b\n'));
    },
    expect: [E('big/huge.yaml', 1, /file is 50\.0 MiB, over the 10\.0 MiB limit/)],
  },
  {
    input: 'generated: 10 000 documents',
    what: 'one file of 10 000 ConfigMaps (valid, read)',
    setup(ws) {
      ws.write('.plumb.yaml', plainApp('broken'));
      const docs: string[] = [];
      for (let i = 0; i < 10_000; i++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\ndata:\n  i: "${i}"\n`);
      ws.write('broken/many.yaml', docs.join('---\n'));
    },
    expect: [],
    accepted: true,
    renders: { app: 'broken', objects: 10_000 },
  },
  {
    input: 'generated: 8 MiB line',
    what: 'one quoted line of 8 MiB (no object can be that large; the parser would need ~300 MiB for it)',
    setup(ws) {
      ws.write('.plumb.yaml', plainApp('broken'));
      ws.write('broken/long-line.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  blob: "${'x'.repeat(8 * MiB)}"\n`);
    },
    expect: [E('broken/long-line.yaml', 6, /line 6 is 8\.0 MiB long, over the 2 MiB limit \(no Kubernetes object can be that large\): the file is skipped/)],
  },
  {
    input: 'generated: 1 MiB line',
    what: 'one quoted line of 1 MiB (valid, read)',
    setup(ws) {
      ws.write('.plumb.yaml', plainApp('broken'));
      ws.write('broken/long-line.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: long\ndata:\n  blob: "${'x'.repeat(MiB)}"\n`);
    },
    expect: [],
    accepted: true,
    renders: { app: 'broken', objects: 1 },
  },
  {
    input: 'generated: 165 000 tiny documents',
    what: '9.5 MiB of tiny documents: under the byte limit, over the document limit',
    setup(ws) {
      ws.write('.plumb.yaml', plainApp('broken'));
      const docs: string[] = [];
      for (let i = 0, size = 0; size < 9.5 * MiB; i++) {
        const d = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`;
        docs.push(d);
        size += d.length + 4;
      }
      ws.write('broken/swarm.yaml', docs.join('---\n'));
    },
    expect: [E('broken/swarm.yaml', 1, /file has 16\d{4} documents, over the 10000 limit: it is skipped/)],
  },
  {
    input: 'generated: 50 MiB Application file',
    what: 'an Argo CD Application padded to 50 MiB (discovery does not read it, and says so)',
    setup(ws) {
      const head = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: padded\nspec:\n  source:\n    path: good\n';
      ws.write('argocd/padded.yaml', Buffer.concat([Buffer.from(head), Buffer.alloc(50 * MiB - head.length, '# padding\n')]));
    },
    expect: [E('argocd/padded.yaml', 1, /not read for Argo CD \/ Flux apps: the file is 50\.0 MiB, over the 4 MiB discovery limit/, 'warning')],
  },
  {
    input: 'generated: 50 MiB .plumb.yaml',
    what: 'a .plumb.yaml of 50 MiB',
    setup(ws) {
      ws.write('.plumb.yaml', Buffer.alloc(50 * MiB, '# padding\n'));
    },
    expect: [E('.plumb.yaml', 1, /50\.0 MiB, over the 10\.0 MiB limit/)],
  },
  {
    input: 'generated: billion laughs in kustomize',
    what: 'the alias bomb as a kustomize resource (kustomize is not run)',
    setup(ws) {
      ws.write('bomb/kustomization.yaml', 'resources:\n  - lol.yaml\n');
      ws.write('bomb/lol.yaml', readFileSync(join(BAD, 'billion-laughs.yaml')));
    },
    expect: [E('bomb/lol.yaml', 1, /aliases expand past 1000 nodes/)],
  },
  // ---- kustomize (the original folders) ----
  folderCase('kustomize-missing-resource', 'a resource that does not exist', [E('kustomize-missing-resource/kustomization.yaml', 6, /resource service\.yaml listed in .* does not exist/)]),
  folderCase('kustomize-bad-resource', 'a resource with a YAML error', [E('kustomize-bad-resource/configmap.yaml', 5, /YAML syntax error/)]),
  folderCase('kustomize-remote-base', 'a remote base (never fetched)', [E('kustomize-remote-base/kustomization.yaml', 4, /remote resource github\.com\/example\/infra\/\/base\?ref=v1\.0\.0: it is not available offline/)]),
  folderCase('kustomize-patch-no-target', 'a patch for an object that is not there', [E('kustomize-patch-no-target/kustomization.yaml', 6, /a patch targets Deployment ghost, which is not among the resources/)]),
  folderCase('helm-template-error', 'a template reads a value that is not set', [E('helm-template-error/templates/configmap.yaml', 7, /nil pointer/)], true),
  folderCase('helm-missing-dependency', 'a dependency not vendored', [E('helm-missing-dependency/Chart.yaml', 1, /chart dependencies redis are not available offline/)], true),
  // ---- kustomize (repos/) ----
  repoCase('repos/kustomize-outside-repo', 'a resource outside the repository', [E('escape/kustomization.yaml', 4, /\.\.\/\.\.\/outside\.yaml listed in escape\/kustomization\.yaml is outside the repository: it is not read/)]),
  repoCase('repos/kustomize-symlink-out', 'a resource that is a symlink out of the repository', [E('escape/kustomization.yaml', 4, /linked\.yaml listed in escape\/kustomization\.yaml is a symlink to a path outside the repository/)], {
    extra: (ws) => symlinkSync('../../outside.yaml', join(ws.repo, 'escape/linked.yaml')),
  }),
  repoCase('repos/kustomize-symlink-dir-out', 'a base folder that is a symlink out of the repository', [E('escape/kustomization.yaml', 4, /linked-base listed in escape\/kustomization\.yaml is a symlink to a path outside the repository/)], {
    extra: (ws) => {
      mkdirSync(join(ws.base, 'outbase'));
      writeFileSync(join(ws.base, 'outbase/kustomization.yaml'), 'resources:\n  - ../outside.yaml\n');
      symlinkSync('../../outbase', join(ws.repo, 'escape/linked-base'));
    },
  }),
  repoCase('repos/kustomize-generator-outside', 'generator files outside the repository (their content would land in a ConfigMap and a Secret)', [
    E('gen/kustomization.yaml', 6, /\.\.\/\.\.\/outside\.yaml listed in gen\/kustomization\.yaml is outside the repository: it is not read/),
    E('gen/kustomization.yaml', 10, /\.\.\/\.\.\/outside\.env listed in gen\/kustomization\.yaml is outside the repository/),
  ], { extra: (ws) => writeFileSync(join(ws.base, 'outside.env'), 'TOKEN=from-outside-the-repo\n') }),
  repoCase('repos/kustomize-non-utf8', 'a Latin-1 byte in kustomization.yaml', [E('latin/kustomization.yaml', 3, /not valid UTF-8 \(byte 0xE9\)/)]),
  repoCase('repos/kustomize-cycle', 'two kustomizations that include each other', [E('b/kustomization.yaml', 4, /kustomization cycle: a\/kustomization\.yaml → b\/kustomization\.yaml → a\/kustomization\.yaml/)]),
  repoCase('repos/kustomize-self-reference', 'a kustomization listing its own folder', [E('loop/kustomization.yaml', 4, /kustomization cycle: loop\/kustomization\.yaml → loop\/kustomization\.yaml/)]),
  repoCase('repos/kustomize-malformed-kustomization', 'a YAML error in kustomization.yaml', [E('broken/kustomization.yaml', 6, /YAML syntax error: Flow sequence/)]),
  repoCase('repos/kustomize-unknown-field', 'a misspelt field (resourcs)', [E('typo/kustomization.yaml', 1, /invalid Kustomization: json: unknown field "resourcs"/)]),
  repoCase('repos/kustomize-not-a-map', 'kustomization.yaml is a list', [E('listy/kustomization.yaml', 1, /cannot unmarshal array into Go value of type types\.Kustomization/)]),
  repoCase('repos/kustomize-remote-https', 'an https resource (never fetched)', [E('remote/kustomization.yaml', 5, /remote resource https:\/\/raw\.githubusercontent\.com\/.*: it is not available offline/)]),
  repoCase('repos/kustomize-remote-component', 'a git component (never fetched)', [E('remote/kustomization.yaml', 6, /remote component git@github\.com:example\/components\.git.*: it is not available offline/)]),
  repoCase('repos/kustomize-bad-generator', 'a configMapGenerator file that does not exist (no absolute path in the message)', [E('gen/kustomization.yaml', 1, /open gen\/missing\.properties: no such file or directory/)]),
  // ---- Helm (repos/) ----
  repoCase('repos/helm-values-not-yaml', 'values.yaml with a YAML error', [E('chart/values.yaml', 5, /values file: YAML syntax error/)]),
  repoCase('repos/helm-fail', 'a template calls fail', [E('chart/templates/check.yaml', 2, /template templates\/check\.yaml failed: set enabled=true to install this chart/)]),
  repoCase('repos/helm-bad-chart-yaml', 'Chart.yaml without name and version', [E('chart/Chart.yaml', 1, /Chart\.yaml is invalid: chart\.metadata\.name is required/)]),
  repoCase('repos/helm-renders-invalid-yaml', 'a template that renders invalid YAML', [E('chart/templates/cm.yaml', 6, /renders invalid YAML/)]),
  repoCase('repos/helm-symlink-out', 'a template that is a symlink out of the repository', [E('chart/templates/leak.yaml', 1, /chart\/templates\/leak\.yaml is a symlink to a path outside the repository: the chart is not rendered/)], {
    extra: (ws) => symlinkSync('../../../outside.yaml', join(ws.repo, 'chart/templates/leak.yaml')),
  }),
  repoCase('repos/helm-missing-values-file', 'a values file that does not exist', [E('.plumb.yaml', 2, /values file "values-prod\.yaml" does not exist in chart/)]),
  // ---- Argo CD (repos/) ----
  repoCase('repos/argo-missing-path', 'an Application pointing to a missing path', [E('argocd/web.yaml', 11, /path "apps\/web\/overlays\/prod" does not exist in this repository/)]),
  repoCase('repos/argo-outside-path', 'an Application path leaving the repository', [E('argocd/escape.yaml', 10, /path "\.\.\/\.\.\/etc" must be relative to the repository root and stay inside it/)]),
  repoCase('repos/argo-app-of-apps-cycle', 'two Applications that are each other\'s parent', [E('apps/parent/child.yaml', 1, /app-of-apps cycle: parent → child → parent/, 'warning')]),
  repoCase('repos/argo-app-no-source', 'an Application without source', [E('argocd/empty.yaml', 6, /Application has neither spec\.source nor spec\.sources/)]),
  repoCase('repos/argo-spec-not-map', 'spec is a string', [E('argocd/odd.yaml', 1, /Application has no spec/)]),
  repoCase('repos/argo-duplicate-app-names', 'two Applications with one name', [E('argocd/two.yaml', 1, /app name "twin" is declared more than once/)], { goodApp: 'twin' }),
  repoCase('repos/argo-app-malformed', 'a YAML error in an Application', [E('argocd/web.yaml', 7, /YAML syntax error: Flow map/)]),
  repoCase('repos/argo-app-non-utf8', 'a Latin-1 byte in an Application', [E('argocd/cafe.yaml', 7, /not valid UTF-8 \(byte 0xE9\)/)]),
  repoCase('repos/argo-app-duplicate-keys', 'spec.source.path twice', [E('argocd/web.yaml', 11, /duplicate key path/), E('argocd/web.yaml', 11, /path "missing" does not exist/)]),
  repoCase('repos/appset-bad-template', 'an ApplicationSet template that does not parse', [E('argocd/set.yaml', 12, /ApplicationSet envs: unclosed action in "web-\{\{ \.env"/)]),
  repoCase('repos/appset-missing-generator-path', 'a git directory generator matching no folder', [E('argocd/set.yaml', 11, /directories match no folder of this repository, so it generates no apps/, 'warning')]),
  // ---- Flux (repos/) ----
  repoCase('repos/flux-missing-gitrepository', 'a Kustomization whose GitRepository is not declared', [E('clusters/prod/apps.yaml', 12, /GitRepository flux-system\/does-not-exist is not declared in this repository/, 'warning')], { goodApp: 'flux-system/apps' }),
  repoCase('repos/flux-missing-path', 'a Kustomization path that does not exist', [E('clusters/prod/apps.yaml', 8, /path "apps\/missing" does not exist in this repository/)]),
  repoCase('repos/flux-dependson-cycle', 'two Kustomizations depending on each other', [E('clusters/prod/ks.yaml', 1, /dependsOn cycle: flux-system\/first → flux-system\/second → flux-system\/first/)], { goodApp: 'flux-system/first' }),
  // ---- .plumb.yaml (repos/) ----
  repoCase('repos/plumb-config-malformed', '.plumb.yaml with a YAML error', [E('.plumb.yaml', 5, /YAML syntax error/)]),
  repoCase('repos/plumb-config-bad-schema', '.plumb.yaml with a typo, a missing name, a bad name, a wrong type', [
    E('.plumb.yaml', 3, /unknown field "paht" \(did you mean "path"\?\)/, 'warning'), E('.plumb.yaml', 4, /apps\[1\] needs a name/),
    E('.plumb.yaml', 5, /app name "Not A Name" may only contain/), E('.plumb.yaml', 7, /protectedContexts must be a list of strings/),
  ]),
  repoCase('repos/plumb-config-outside', 'an app path leaving the repository', [E('.plumb.yaml', 3, /path "\.\.\/\.\." must be relative to the repository root and stay inside it/)]),
  repoCase('repos/plumb-config-symlink-app', 'an app folder that is a symlink out of the repository', [E('.plumb.yaml', 2, /path linked is a symlink to a folder outside the repository: it is not read/)], {
    extra: (ws) => symlinkSync('..', join(ws.repo, 'linked')),
  }),
  // ---- across apps ----
  repoCase('repos/two-apps-same-object', 'two apps declaring the same ConfigMap', [E('team-b/settings.yaml', 1, /ConfigMap shared\/settings is also declared by app team-a \(team-a\/settings\.yaml:1\)/, 'warning')]),
];
