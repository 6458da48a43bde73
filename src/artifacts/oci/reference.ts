/** An image reference split the way registries address it. */
export interface ImageReference {
  /** Host (and port) to talk to, e.g. registry-1.docker.io or 127.0.0.1:5000. */
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export const DOCKER_HUB = 'registry-1.docker.io';

// OCI distribution spec: path components of lowercase alphanumerics joined by separators.
export const REPOSITORY_RE =
  /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
export const TAG_RE = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
export const REGISTRY_RE =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const DIGEST_PART = /^sha256:[a-f0-9]{64}$/;
// Docker's reference grammar (distribution/reference: NameTotalLengthMax) refuses a name, registry/repository,
// over 255 characters, and the OCI distribution spec notes that many clients do; a host name is at most
// 253 characters in labels of at most 63 (RFC 1035, 2.3.4). Lengths are checked before any pattern runs.
export const NAME_MAX = 255;
const HOST_MAX = 253;
const LABEL_MAX = 63;

/** Why `registry` (host[:port]) is not one, or undefined: a host, and a port of 1 to 65535. */
export function registryProblem(registry: string): string | undefined {
  const m = /^(.*?)(?::(\d{1,5}))?$/.exec(registry);
  const host = m?.[1] ?? '';
  if (host.length > HOST_MAX) return `the host name is ${host.length} characters; at most ${HOST_MAX}`;
  if (host.split('.').some((label) => label.length > LABEL_MAX))
    return `a host name label is at most ${LABEL_MAX} characters`;
  if (!REGISTRY_RE.test(registry)) return `${JSON.stringify(registry)} is not a host[:port]`;
  const port = m?.[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return `the port ${port} is not 1 to 65535`;
  return undefined;
}

/**
 * Parses `name[:tag][@digest]` as Docker does: a first component with a dot, a colon or `localhost` is a
 * registry; otherwise the image is on Docker Hub, where a bare name lives under `library/`. No tag and no
 * digest means `latest`. Returns an explanation string when the text is not a reference.
 */
export function parseReference(text: string): ImageReference | string {
  let rest = text.trim();
  // Longer than any name, tag and digest together: refused before a pattern reads it.
  if (rest.length > NAME_MAX + 1 + 128 + 1 + 71)
    return `it is ${rest.length} characters; a name is at most ${NAME_MAX}, its tag 128`;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_PART.test(digest)) return `the digest must be sha256: followed by 64 hex digits`;
  }
  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG_RE.test(tag))
      return `the tag ${JSON.stringify(tag)} is not valid (letters, digits, _ . -; at most 128)`;
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  let registry = DOCKER_HUB;
  let repository = rest;
  if (
    slash >= 0 &&
    (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['))
  ) {
    registry = first;
    repository = rest.slice(slash + 1);
    const problem = registryProblem(registry);
    if (problem)
      return `the registry ${registry.length > 80 ? `${registry.slice(0, 77)}...` : registry}: ${problem}`;
  }
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = DOCKER_HUB;
  // Docker Hub's short names count as docker.io/library/<name>, as Docker normalises them.
  const full =
    registry === DOCKER_HUB ? `docker.io/${repository.includes('/') ? '' : 'library/'}${repository}` : rest;
  if (full.length > NAME_MAX)
    return `the name ${full.slice(0, 40)}... is ${full.length} characters; at most ${NAME_MAX} (Docker's limit for registry/repository)`;
  if (!REPOSITORY_RE.test(repository))
    return `the name ${JSON.stringify(repository)} is not valid (lowercase letters and digits, separated by . _ - or /)`;
  if (registry === DOCKER_HUB && !repository.includes('/')) repository = `library/${repository}`;
  if (tag === undefined && digest === undefined) tag = 'latest';
  return {
    registry,
    repository,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** What to ask the registry for: the digest when pinned, else the tag. */
export function referenceTarget(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

export function formatReference(ref: ImageReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** Plain http is allowed only for a registry on this machine: 127.0.0.0/8, localhost or [::1]. */
export function isLoopbackRegistry(registry: string): boolean {
  const host = registry.startsWith('[')
    ? registry.slice(0, registry.indexOf(']') + 1)
    : (registry.split(':')[0] ?? '');
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

export function registryBaseUrl(registry: string): string {
  return `${isLoopbackRegistry(registry) ? 'http' : 'https'}://${registry}`;
}

/** An ECR registry host: <account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]. */
export function parseEcrHost(registry: string): { accountId: string; region: string } | undefined {
  const m = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/.exec(registry);
  return m ? { accountId: m[1] as string, region: m[2] as string } : undefined;
}
