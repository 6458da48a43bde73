import { isLoopbackRegistry } from '../reference.js';
import { clip, RegistryError } from './errors.js';

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

/**
 * Why a token realm may not be asked, or undefined when it may. The realm gets the registry's credentials
 * (the token request carries them), so it must be https; plain http is allowed only from a loopback
 * registry to a loopback realm (a local mirror, the tests), where nothing crosses a network. Failing is
 * safer than asking anonymously: a token fetched over http can be read or replaced on the way.
 */
export function realmProblem(realm: URL, registry: string): string | undefined {
  if (realm.username || realm.password) return 'it carries a user name or password in the URL';
  if (realm.protocol === 'https:') return undefined;
  if (realm.protocol !== 'http:') return `its scheme ${clip(realm.protocol, 20)} is not https`;
  if (!isLoopbackRegistry(registry))
    return `it is plain http, and the registry is not on loopback: a token service must use https`;
  if (!isLoopbackRegistry(realm.host))
    return 'it is plain http on a host that is not loopback: a token service must use https';
  return undefined;
}

/**
 * The token endpoint URL for a Bearer challenge and a set of scopes (Docker's token authentication spec),
 * after checking the realm (see realmProblem): a RegistryError names the realm and why it is refused.
 */
export function tokenUrl(challenge: Challenge, scopes: readonly string[], registry: string): URL {
  const realm = challenge.params['realm'];
  const refused = (why: string): RegistryError =>
    new RegistryError(
      `${registry} asked for a token from the realm ${JSON.stringify(clip(realm ?? '', 200))}, which slipway refuses: ${why}`,
      401,
      'UNAUTHORIZED',
    );
  if (!realm) throw refused('the challenge names no realm');
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw refused('it is not a URL');
  }
  const problem = realmProblem(url, registry);
  if (problem) throw refused(problem);
  if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  return url;
}
