// Argo CD's `directory.include` / `directory.exclude` globs (gobwas/glob without separators):
// `*` matches any run of characters including `/`, `?` one character, `[abc]` / `[!abc]` a class,
// `{a,b}` alternatives, `\` escapes the next character.

export function globToRegExp(pattern: string): RegExp {
  let i = 0;
  const parse = (inBrace: boolean): string => {
    let out = '';
    while (i < pattern.length) {
      const c = pattern[i]!;
      if (inBrace && (c === ',' || c === '}')) return out;
      i++;
      if (c === '\\' && i < pattern.length) out += escape(pattern[i++]!);
      else if (c === '*') {
        while (pattern[i] === '*') i++;
        out += '[\\s\\S]*';
      } else if (c === '?') out += '[\\s\\S]';
      else if (c === '[') {
        const end = pattern.indexOf(']', i + 1);
        if (end < 0) { out += '\\['; continue; }
        let body = pattern.slice(i, end);
        i = end + 1;
        const negate = body.startsWith('!');
        if (negate) body = body.slice(1);
        out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      } else if (c === '{') {
        const alts: string[] = [];
        for (;;) {
          alts.push(parse(true));
          if (pattern[i] === ',') { i++; continue; }
          if (pattern[i] === '}') i++;
          break;
        }
        out += `(?:${alts.join('|')})`;
      } else out += escape(c);
    }
    return out;
  };
  return new RegExp(`^${parse(false)}$`);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, (m) => `\\${m}`);
}

export function globMatch(pattern: string, text: string): boolean {
  return globToRegExp(pattern).test(text);
}
