// Values that must never be shown, besides a Secret's: fields whose name says they hold a
// credential (a custom resource's spec.password, an env var named API_TOKEN), and values Flux
// substitutes from a Secret (postBuild.substituteFrom) wherever they end up in a rendered object.

/** A name segment that says "credential": password, passwd, passphrase, token, secret, api key, private/client key, credentials. */
const SENSITIVE = /(pass(word|wd|phrase)|(^|[^a-z])pwd($|[^a-z])|token|secret|api[-_]?key|private[-_]?key|client[-_]?key|access[-_]?key|credential)/i;

/** Whether a drift path (e.g. `spec.auth.token`, `…env[name=DB_PASSWORD].value`) names a credential. */
export function isSensitivePath(path: string): boolean {
  return SENSITIVE.test(path);
}

export const MASK = '*** (masked)';

/** The text with every occurrence of the given values replaced by the mask (values shorter than 4 characters are left: too common to hide). */
export function redactValues(text: string, values: readonly string[]): string {
  let out = text;
  for (const v of values) if (v.length >= 4) out = out.split(v).join(MASK);
  return out;
}

/** Whether a (JSON) value mentions one of the given values. */
export function mentionsValue(value: unknown, values: readonly string[]): boolean {
  if (!values.length || value === undefined) return false;
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return values.some((v) => v.length >= 4 && s.includes(v));
}
