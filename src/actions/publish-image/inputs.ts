import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { NAME_MAX, registryProblem, REPOSITORY_RE, TAG_RE } from '../../artifacts/oci/reference.js';
import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { Inputs } from '../../core/inputs.js';

interface Common {
  layoutPath: string;
  repository: string;
  tags: string[];
  maxAttempts: number;
}

/** `repository` alone: ECR in the account and region of the credentials. */
export interface EcrDestination extends Common {
  kind: 'ecr';
  region: string;
  immutableTags: boolean;
}

/** `registry` + `repository`: any OCI registry, with a username and password or anonymous. */
export interface RegistryDestination extends Common {
  kind: 'registry';
  registry: string;
  credentials?: { username: string; password: string };
}

export type PublishImageInputs = EcrDestination | RegistryDestination;

const show = (v: string): string => JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);

/** Reads and checks every input; nothing touches the network or AWS before this returns. */
export function getInputs(
  io: Io,
  cwd: string,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<PublishImageInputs> {
  const i = new Inputs((n) => io.getInput(n));
  // Mask the password first, so that no later message can print it.
  const password = i.raw('password');
  if (password) io.setSecret(password);

  const layoutRaw = i.raw('layout-path') || 'image.oci';
  const layoutPath = resolve(cwd, layoutRaw);
  if (!existsSync(layoutPath) || !statSync(layoutPath).isDirectory())
    throw new InputError(
      'layout-path',
      `${show(layoutRaw)} is not a directory; give the layout-path output of build-image`,
    );
  if (!existsSync(join(layoutPath, 'oci-layout')) || !existsSync(join(layoutPath, 'index.json')))
    throw new InputError(
      'layout-path',
      `${show(layoutRaw)} is not an OCI image layout (no oci-layout and index.json); give the layout-path output of build-image`,
    );

  const repository = i.required('repository', {
    re: REPOSITORY_RE,
    allowed: 'a repository name of lowercase letters, digits and . _ - separated by /, e.g. team/app',
  });
  if (repository.length > 256)
    throw new InputError('repository', `is ${repository.length} characters long; the maximum is 256`);
  const tags = [
    ...new Set(
      i.list('tags', {
        re: TAG_RE,
        allowed: 'a tag of letters, digits, _ . - (at most 128, not starting with . or -)',
      }),
    ),
  ];
  const common = { layoutPath, repository, tags, maxAttempts: i.maxAttempts() };

  const registryRaw = i.raw('registry');
  const username = i.raw('username');
  if (!registryRaw) {
    if (username)
      throw new InputError(
        'username',
        'applies only with registry; ECR (repository alone) logs in with the role from configure-aws-credentials',
      );
    if (password)
      throw new InputError(
        'password',
        'applies only with registry; ECR (repository alone) logs in with the role from configure-aws-credentials',
      );
    return Object.freeze({
      kind: 'ecr' as const,
      ...common,
      region: i.region('aws-region', env),
      immutableTags: i.bool('immutable-tags', false),
    });
  }
  if (/^[a-z]+:\/\//i.test(registryRaw))
    throw new InputError(
      'registry',
      `${show(registryRaw)} must be a host[:port] without a scheme; https is used, and plain http only for loopback hosts`,
    );
  const problem = registryProblem(registryRaw);
  if (problem)
    throw new InputError(
      'registry',
      `${show(registryRaw)} is not a host[:port] such as ghcr.io or 127.0.0.1:5000: ${problem}`,
    );
  // Docker's limit for a whole name; ECR's own (256 for the repository) applies to ECR alone.
  if (registryRaw.length + 1 + repository.length > NAME_MAX)
    throw new InputError(
      'repository',
      `registry/repository is ${registryRaw.length + 1 + repository.length} characters; Docker refuses a name over ${NAME_MAX}`,
    );
  if (i.bool('immutable-tags', false))
    throw new InputError(
      'immutable-tags',
      'applies only to ECR (repository without registry), where slipway creates the repository',
    );
  if (username && !password) throw new InputError('password', 'is required when username is set');
  if (password && !username) throw new InputError('username', 'is required when password is set');
  if (i.raw('aws-region')) i.region('aws-region', env); // unused here, but a malformed value is still an error
  return Object.freeze({
    kind: 'registry' as const,
    ...common,
    registry: registryRaw.toLowerCase() === 'docker.io' ? 'registry-1.docker.io' : registryRaw,
    ...(username ? { credentials: { username, password } } : {}),
  });
}
