/** Credentials for a registry: a user and password, or ECR's `AWS` and its token's password. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

/**
 * Parses a WWW-Authenticate header such as
 * `Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"`.
 * Quoted values may hold commas (scopes do), so the parameters are read one `key=value` at a time.
 */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const m = /^\s*(Basic|Bearer)\b\s*(.*)$/i.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?\s*/gy;
  const rest = m[2] ?? '';
  let p: RegExpExecArray | null;
  while ((p = re.exec(rest)) !== null && p[0] !== '') {
    params[(p[1] as string).toLowerCase()] = p[2] !== undefined ? p[2].replace(/\\(.)/g, '$1') : (p[3] ?? '');
  }
  return { scheme: (m[1] as string).toLowerCase() as 'basic' | 'bearer', params };
}

export function basicAuthorization(c: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`).toString('base64')}`;
}

/** The scope a token must cover: `repository:<name>:pull` or `pull,push`. */
export function repositoryScope(repository: string, actions: 'pull' | 'pull,push'): string {
  return `repository:${repository}:${actions}`;
}

/** The token endpoint URL for a Bearer challenge and a set of scopes (Docker's token authentication spec). */
export function tokenUrl(challenge: Challenge, scopes: readonly string[]): URL {
  const realm = challenge.params['realm'];
  if (!realm) throw new Error('the registry asked for a bearer token but named no realm');
  const url = new URL(realm);
  if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  return url;
}
