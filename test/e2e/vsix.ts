// Packages the extension as a .vsix (a zip of extension.vsixmanifest, [Content_Types].xml and
// extension/…), choosing files with .vscodeignore as vsce does: rules in order, the last
// matching rule wins, `!` re-includes. Offline and dependency-free (see zip.ts for why not vsce).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { writeZip, type ZipEntry } from './zip.js';

export interface VsixResult {
  file: string;
  bytes: number;
  /** paths relative to the repository root, as packed under extension/ */
  files: string[];
  /** publisher.name, the id code-server knows the extension by */
  id: string;
  version: string;
}

interface Rule { negate: boolean; re: RegExp }

function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/^\/+/, '');
  if (g.endsWith('/')) g += '**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` anything below.
      if (g[i + 2] === '/') { re += '(?:.*/)?'; i += 2; } else { re += '.*'; i += 1; }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A folder rule also covers what is inside it.
  return new RegExp(`^${re}(?:/.*)?$`);
}

export function parseIgnore(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    rules.push({ negate, re: globToRegExp(negate ? line.slice(1) : line) });
  }
  return rules;
}

export function isIgnored(rel: string, rules: Rule[]): boolean {
  let ignored = false;
  for (const r of rules) if (r.re.test(rel)) ignored = !r.negate;
  return ignored;
}

function walk(root: string, dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    // Never packed, and large: skip without descending.
    if (name === 'node_modules' || name === '.git' || name.startsWith('.plumb')) continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) walk(root, p, out);
    else if (st.isFile()) out.push(relative(root, p).split(sep).join('/'));
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function vsixManifest(pkg: PackageJson): string {
  const tags = (pkg.keywords ?? []).join(',');
  return `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${esc(pkg.name)}" Version="${esc(pkg.version)}" Publisher="${esc(pkg.publisher)}" />
    <DisplayName>${esc(pkg.displayName ?? pkg.name)}</DisplayName>
    <Description xml:space="preserve">${esc(pkg.description ?? '')}</Description>
    <Tags>${esc(tags)}</Tags>
    <Categories>${esc((pkg.categories ?? []).join(','))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${esc(pkg.engines.vscode)}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
  </Assets>
</PackageManifest>
`;
}

const MIME: Record<string, string> = {
  '.json': 'application/json', '.js': 'application/javascript', '.md': 'text/markdown', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.css': 'text/css', '.vsixmanifest': 'text/xml', '.txt': 'text/plain', '.map': 'application/json',
};

function contentTypes(paths: string[]): string {
  const exts = [...new Set(paths.map((p) => extname(p).toLowerCase()).filter(Boolean))].sort();
  const defaults = exts.map((e) => `<Default Extension="${esc(e)}" ContentType="${esc(MIME[e] ?? 'application/octet-stream')}"/>`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${defaults.join('')}</Types>\n`;
}

interface PackageJson {
  name: string;
  version: string;
  publisher: string;
  displayName?: string;
  description?: string;
  keywords?: string[];
  categories?: string[];
  main?: string;
  engines: { vscode: string };
}

/** Runs `scripts/build.mjs` (esbuild bundles into dist/) with the current Node. */
export function buildBundles(root: string): void {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
}

export function packageVsix(root: string, outFile: string): VsixResult {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
  if (pkg.main && !existsSync(join(root, pkg.main))) throw new Error(`${pkg.main} is missing: run npm run build first`);
  const ignorePath = join(root, '.vscodeignore');
  const rules = existsSync(ignorePath) ? parseIgnore(readFileSync(ignorePath, 'utf8')) : [];
  const all: string[] = [];
  walk(root, root, all);
  const files = all.filter((f) => f === 'package.json' || !isIgnored(f, rules)).sort();
  const entries: ZipEntry[] = files.map((f) => ({ name: `extension/${f}`, data: readFileSync(join(root, f)) }));
  const manifest = Buffer.from(vsixManifest(pkg));
  entries.unshift(
    { name: 'extension.vsixmanifest', data: manifest },
    { name: '[Content_Types].xml', data: Buffer.from(contentTypes(['extension.vsixmanifest', ...files])) },
  );
  const zip = writeZip(entries);
  mkdirSync(dirname(outFile), { recursive: true });
  // Written aside and renamed, so an installer never reads half a file.
  const tmp = `${outFile}.${process.pid}.tmp`;
  writeFileSync(tmp, zip);
  renameSync(tmp, outFile);
  return { file: outFile, bytes: zip.length, files, id: `${pkg.publisher}.${pkg.name}`, version: pkg.version };
}
