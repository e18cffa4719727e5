// Reads the generated model classes of @kubernetes/client-node 1.4.0 (dist/gen/models). Each class has
// a static attributeTypeMap (name/baseName/type/format) and a .d.ts with JSDoc and `?` optionality.
// Importing the modules costs ~2 ms each under tsx (≈225 ms for all of them), so we read the same
// static array straight from the .js text: one small file read + JSON.parse per class, cached.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ModelAttr {
  /** JSON key (the generator's `baseName`) */
  key: string;
  /** TypeScript property name (`_default`, `x_kubernetes_list_type`) */
  tsName: string;
  type: string;
  format: string;
  description?: string;
  required: boolean;
}

export interface ModelInfo {
  className: string;
  description?: string;
  attrs: ModelAttr[];
}

let modelsDir: string | undefined;
function dir(): string {
  if (!modelsDir) {
    // The project compiles to CommonJS (no "type": "module"), so `require` is normally in scope;
    // an ESM bundle falls back to resolving from the working directory.
    const req = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'index.js'));
    modelsDir = dirname(req.resolve('@kubernetes/client-node/dist/gen/models/all.js'));
  }
  return modelsDir;
}

const cache = new Map<string, ModelInfo | null>();

/** The model class `className` (e.g. `V1DeploymentSpec`), or undefined when the package has no such class. */
export function readModel(className: string): ModelInfo | undefined {
  const hit = cache.get(className);
  if (hit !== undefined) return hit ?? undefined;
  const info = load(className);
  cache.set(className, info ?? null);
  return info;
}

interface RawAttr { name: string; baseName: string; type: string; format: string }

function load(className: string): ModelInfo | undefined {
  if (!/^[A-Za-z0-9]+$/.test(className)) return undefined;
  let js: string;
  try {
    js = readFileSync(join(dir(), `${className}.js`), 'utf8');
  } catch {
    return undefined;
  }
  const raw = parseAttributeMap(js, className);
  let dts = '';
  try { dts = readFileSync(join(dir(), `${className}.d.ts`), 'utf8'); } catch { /* descriptions are optional */ }
  const docs = parseDts(dts, className);
  const attrs = raw.map((a): ModelAttr => {
    const d = docs.props.get(a.name);
    const attr: ModelAttr = { key: a.baseName, tsName: a.name, type: a.type, format: a.format, required: d?.required ?? false };
    if (d?.description) attr.description = d.description;
    return attr;
  });
  const info: ModelInfo = { className, attrs };
  if (docs.classDescription) info.description = docs.classDescription;
  return info;
}

/** `X.attributeTypeMap = [ … ];` — the generator emits it as a JSON array literal. */
export function parseAttributeMap(js: string, className: string): RawAttr[] {
  const marker = `${className}.attributeTypeMap = `;
  const start = js.indexOf(marker);
  if (start < 0) throw new Error(`client-node model ${className}: attributeTypeMap not found`);
  const from = start + marker.length;
  const end = js.indexOf('\n];', from);
  if (end < 0) throw new Error(`client-node model ${className}: attributeTypeMap not terminated`);
  const parsed: unknown = JSON.parse(js.slice(from, end + 2));
  if (!Array.isArray(parsed)) throw new Error(`client-node model ${className}: attributeTypeMap is not an array`);
  return parsed.map((e): RawAttr => {
    const o = e as Record<string, unknown>;
    return { name: String(o.name), baseName: String(o.baseName), type: String(o.type), format: String(o.format ?? '') };
  });
}

interface DtsDocs { classDescription?: string; props: Map<string, { description?: string; required: boolean }> }

/** JSDoc blocks are `/**` … `*\/` with `* text` lines; a property line is `'name'?: type;`. */
export function parseDts(dts: string, className: string): DtsDocs {
  const props = new Map<string, { description?: string; required: boolean }>();
  const out: DtsDocs = { props };
  const lines = dts.split('\n');
  let pending: string | undefined;
  let inDoc = false;
  let doc: string[] = [];
  let inClass = false;
  for (const line of lines) {
    const t = line.trim();
    if (!inDoc && t.startsWith('/**')) {
      inDoc = true;
      doc = [];
      const rest = t.slice(3).replace(/\*\/$/, '').trim();
      if (rest) doc.push(rest);
      if (t.endsWith('*/') && t.length > 4) { inDoc = false; pending = doc.join(' '); }
      continue;
    }
    if (inDoc) {
      if (t.endsWith('*/')) {
        const rest = t.slice(0, -2).replace(/^\*/, '').trim();
        if (rest) doc.push(rest);
        inDoc = false;
        pending = doc.join(' ');
      } else {
        doc.push(t.replace(/^\* ?/, ''));
      }
      continue;
    }
    if (!inClass) {
      if (t.startsWith(`export declare class ${className}`)) {
        inClass = true;
        if (pending) out.classDescription = unescape(pending);
      }
      pending = undefined;
      continue;
    }
    const m = /^'([^']+)'(\?)?:/.exec(t);
    if (m) {
      const entry: { description?: string; required: boolean } = { required: m[2] !== '?' };
      if (pending) entry.description = unescape(pending);
      props.set(m[1]!, entry);
    }
    // A JSDoc block belongs to the line right after it only.
    pending = undefined;
  }
  return out;
}

// The generator escapes quotes inside the JSDoc text.
function unescape(s: string): string {
  return s.replace(/\\(['"\\])/g, '$1').trim();
}
