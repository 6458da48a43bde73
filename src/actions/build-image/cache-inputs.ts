import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import type { Inputs } from '../../core/inputs.js';

/** The cache exporters and importers buildx knows (docs.docker.com/build/cache/backends/); inline only exports. */
const TYPES = {
  'cache-from': ['registry', 'local', 'gha', 's3', 'azblob'],
  'cache-to': ['registry', 'local', 'inline', 'gha', 's3', 'azblob'],
} as const;
/** What each type cannot do without: buildx would fail on it only after the build. */
const NEEDS: Record<string, { 'cache-from': string[]; 'cache-to': string[] }> = {
  registry: { 'cache-from': ['ref'], 'cache-to': ['ref'] },
  local: { 'cache-from': ['src'], 'cache-to': ['dest'] },
  s3: { 'cache-from': ['bucket', 'region'], 'cache-to': ['bucket', 'region'] },
  azblob: { 'cache-from': ['name'], 'cache-to': ['name'] },
};
// Credentials some backends take as fields; their values are masked and never shown.
const SECRET_KEYS = ['secret_access_key', 'session_token', 'access_key_id', 'token'];
const KEY = /^[a-z][a-z0-9_-]*$/;
const EXAMPLES =
  'e.g. type=gha,mode=max, type=registry,ref=ghcr.io/org/app:cache or type=local,src=/tmp/cache';

export type CacheInput = keyof typeof TYPES;

/** One line of cache-from/cache-to, kept as written (buildx parses it), with its type. */
export interface CacheLine {
  type: string;
  fields: Record<string, string>;
  text: string;
}

const show = (v: string): string => JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);

/** Masks the value of every credential field before any line can be printed. */
function maskCredentials(io: Io, text: string): void {
  for (const field of text.split(/[\n,]/)) {
    const eq = field.indexOf('=');
    if (eq > 0 && SECRET_KEYS.includes(field.slice(0, eq).trim()) && field.slice(eq + 1).trim() !== '')
      io.setSecret(field.slice(eq + 1).trim());
  }
}

/**
 * Lines of comma-separated key=value fields, as docker/build-push-action's cache-from/cache-to take them: a
 * known `type` and the fields that type needs. Quotes are refused: buildx reads the line as CSV, and a value
 * that needs quoting is not one a cache line holds.
 */
export function cacheLines(io: Io, i: Inputs, name: CacheInput): CacheLine[] {
  maskCredentials(io, io.getInput(name));
  const out: CacheLine[] = [];
  for (const line of i.text(name).split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    const hidden = SECRET_KEYS.some((k) => text.includes(`${k}=`));
    if (!text.includes('='))
      throw new InputError(
        name,
        `line ${show(text)} is not key=value fields; for an image, write type=registry,ref=${text}`,
      );
    const shown = hidden ? 'a line (not shown, as it holds credentials)' : `line ${show(text)}`;
    const fields: Record<string, string> = {};
    for (const field of text.split(',')) {
      const eq = field.indexOf('=');
      const key = field.slice(0, Math.max(eq, 0)).trim();
      const value = field.slice(eq + 1).trim();
      if (eq < 0 || !KEY.test(key) || value === '' || /["'\s]/.test(value))
        throw new InputError(
          name,
          `${shown} is not comma-separated key=value fields without quotes or spaces; expected ${EXAMPLES}`,
        );
      if (key in fields) throw new InputError(name, `${shown} gives ${key} twice`);
      fields[key] = value;
    }
    const type = fields['type'];
    const known: readonly string[] = TYPES[name];
    if (type === undefined || !known.includes(type))
      throw new InputError(
        name,
        `${shown} ${type === undefined ? 'has no type=' : `has type ${show(type)}, which ${name} does not take`}; expected type= one of ${known.join(', ')}, ${EXAMPLES}`,
      );
    const missing = (NEEDS[type]?.[name] ?? []).filter((k) => !(k in fields));
    if (missing.length)
      throw new InputError(name, `${shown}: type=${type} needs ${missing.map((k) => `${k}=`).join(' and ')}`);
    out.push({ type, fields, text });
  }
  return out;
}

/**
 * buildx's gha cache talks to the runner's cache service with the token and URLs the runner gives actions
 * (ACTIONS_CACHE_URL for cache v1, ACTIONS_RESULTS_URL for v2). Checked before the build, as buildx would
 * only fail after it; the token is masked, as buildx may print it on an error.
 */
export function checkGhaEnv(
  io: Io,
  name: CacheInput,
  lines: readonly CacheLine[],
  env: Readonly<Record<string, string | undefined>>,
): void {
  const gha = lines.filter((l) => l.type === 'gha');
  if (!gha.length) return;
  const token = env['ACTIONS_RUNTIME_TOKEN'];
  if (token) io.setSecret(token);
  if (gha.every((l) => l.fields['token'] && l.fields['url'])) return;
  if (!token || !(env['ACTIONS_CACHE_URL'] || env['ACTIONS_RESULTS_URL']))
    throw new InputError(
      name,
      'type=gha needs ACTIONS_RUNTIME_TOKEN and ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL in the environment, which the runner gives actions; run on GitHub Actions, or use type=registry or type=local',
    );
}
