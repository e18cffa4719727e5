// The three glob dialects the controllers use, as regular expressions.

const escapeRe = (c: string): string => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Reads a `[...]` class at `i` (the '['); returns the regex class and the index after ']'. */
function readClass(p: string, i: number): [string, number] | undefined {
  let j = i + 1;
  let neg = false;
  if (p[j] === '^' || p[j] === '!') { neg = true; j++; }
  let body = '';
  if (p[j] === ']') { body += '\\]'; j++; }
  for (; j < p.length && p[j] !== ']'; j++) {
    if (p[j] === '\\' && j + 1 < p.length) { body += escapeRe(p[++j]!); continue; }
    body += p[j] === '-' ? '-' : escapeRe(p[j]!);
  }
  if (j >= p.length) return undefined;
  return [`[${neg ? '^' : ''}${body}]`, j + 1];
}

function compile(p: string, star: string, one: string, braces: boolean): RegExp {
  let re = '';
  let depth = 0;
  for (let i = 0; i < p.length; ) {
    const c = p[i]!;
    if (c === '*') {
      while (p[i] === '*') i++;
      re += star;
      continue;
    }
    if (c === '?') { re += one; i++; continue; }
    if (c === '[') {
      const cls = readClass(p, i);
      if (cls) { re += cls[0]; i = cls[1]; continue; }
    }
    if (c === '\\' && i + 1 < p.length) { re += escapeRe(p[i + 1]!); i += 2; continue; }
    if (braces && c === '{') { re += '(?:'; depth++; i++; continue; }
    if (braces && c === '}' && depth > 0) { re += ')'; depth--; i++; continue; }
    if (braces && c === ',' && depth > 0) { re += '|'; i++; continue; }
    re += escapeRe(c);
    i++;
  }
  while (depth-- > 0) re += ')';
  return new RegExp(`^${re}$`);
}

/** Go's `path.Match`: `*` and `?` stop at '/' (ApplicationSet git directory generator). */
export function goPathMatcher(pattern: string): (p: string) => boolean {
  const re = compile(pattern, '[^/]*', '[^/]', false);
  return (p) => re.test(p);
}

/**
 * A git pathspec as `git ls-files -- <pattern>` reads it (ApplicationSet git file generator,
 * default globbing): wildcards also match '/', and a plain path matches everything under it.
 */
export function gitPathspecMatcher(pattern: string): (p: string) => boolean {
  const clean = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  if (!/[*?[]/.test(clean)) return (p) => clean === '' || clean === '.' || p === clean || p.startsWith(`${clean}/`);
  const re = compile(clean, '.*', '.', false);
  return (p) => re.test(p);
}

/** gobwas/glob without separators (Argo CD `directory.include` / `exclude`): `{a,b}` alternatives. */
export function braceGlobMatcher(pattern: string): (p: string) => boolean {
  const re = compile(pattern, '.*', '.', true);
  return (p) => re.test(p);
}
