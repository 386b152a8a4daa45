/**
 * Removes things that look like secrets from text that may reach the user or a
 * log: driver messages sometimes echo a connection string or a command line.
 * Patterns are deliberately broad (a false positive costs a `***` in an error
 * message; a false negative leaks a password) and linear (no nested quantifiers).
 */

const REDACTED = '***';

const RULES: ReadonlyArray<readonly [RegExp, string | ((...groups: string[]) => string)]> = [
  // PEM private keys, whole block.
  [/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g, '[private key removed]'],
  // URI credentials: scheme://user:password@host -> scheme://user:***@host, scheme://token@host -> scheme://***@host
  [
    /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:]*)(:[^\s/?#@]*)?@/gi,
    (_m: string, scheme: string, user: string, pass: string | undefined) =>
      pass === undefined ? `${scheme}${REDACTED}@` : `${scheme}${user}:${REDACTED}@`,
  ],
  // HTTP auth schemes (before key=value, which would otherwise eat only the scheme word).
  [/\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]{6,}/g, `$1 ${REDACTED}`],
  // key=value / key: value / "key":"value" for secret-ish keys.
  [
    /(["']?)\b(password|passwd|pwd|pass|secret|client_secret|token|access_token|refresh_token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|passphrase|credentials?|sasl[_.-]?password|authorization)\1(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&}\]]+)/gi,
    (_m: string, q: string, key: string, sep: string) => `${q}${key}${q}${sep}${REDACTED}`,
  ],
  // Redis AUTH command echoed in a message: AUTH [user] password.
  [/\bAUTH(\s+[^\s"']+){1,2}/g, `AUTH ${REDACTED}`],
];

export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Exact known values first, longest first so a secret containing another is removed whole.
  for (const secret of [...secrets].filter((s) => s.length >= 3).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  for (const [pattern, replacement] of RULES) {
    out =
      typeof replacement === 'string'
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement as (...args: string[]) => string);
  }
  return out;
}
