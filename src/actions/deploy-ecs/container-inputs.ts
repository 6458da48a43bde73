import { parseReference } from '../../artifacts/oci/reference.js';
import { InputError } from '../../core/errors.js';
import type { Inputs } from '../../core/inputs.js';
import { CONTAINER_NAME, IMAGE_MAX } from '../../targets/ecs/names.js';
import type { ContainerChange } from '../../targets/ecs/task-definition.js';

const IMAGE_ALLOWED =
  'an image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:<64 hex> or registry/repo:tag (publish-image outputs image-uri)';

/** An optional `container:` before a variable's name; the name as a POSIX shell would take it. */
const PREFIXED_NAME = {
  re: /^([A-Za-z0-9_-]{1,255}:)?[A-Za-z_][A-Za-z0-9_]*$/,
  allowed: 'a name of letters, digits and _ (not starting with a digit), optionally after container:',
};

// A secret's source: a Secrets Manager secret (optionally with :json-key:version-stage:version-id) or an SSM
// parameter, by ARN (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html).
const SECRET_ARN =
  /^arn:aws[a-z-]*:(secretsmanager:[a-z0-9-]+:\d{12}:secret:.+|ssm:[a-z0-9-]+:\d{12}:parameter\/.+)$/;

/** The image to run: a reference a registry can serve (as Docker parses it), within ECS's length limit. */
export function checkImage(name: string, value: string): string {
  if (value.length > IMAGE_MAX)
    throw new InputError(name, `is ${value.length} characters long; ECS takes at most ${IMAGE_MAX}`);
  const parsed = parseReference(value);
  if (typeof parsed === 'string')
    throw new InputError(name, `${JSON.stringify(value)} is not ${IMAGE_ALLOWED}: ${parsed}`);
  return value;
}

/** The names of the inputs that change containers: none may be given with task-definition-arn. */
export const RENDERING_INPUTS = [
  'image',
  'images',
  'container-env',
  'container-secrets',
  'command',
  'log-options',
  'docker-labels',
] as const;

/** A log driver option or a Docker label key, optionally after container: (keys hold dots, as com.example.x). */
const PREFIXED_KEY = {
  re: /^([A-Za-z0-9_-]{1,255}:)?[A-Za-z0-9][A-Za-z0-9._/-]{0,254}$/,
  allowed: 'a key of letters, digits and . _ / -, optionally after container:',
};

/**
 * What to change in which container: `image` goes into `container-name`; `images` lines are
 * `container=image`; `container-env` and `container-secrets` lines are `[container:]NAME=value` (the container defaults
 * to `container-name`); `command` replaces `container-name`'s command.
 */
export function readContainerChanges(
  i: Inputs,
  containerName: string | undefined,
): Map<string, ContainerChange> {
  const changes = new Map<string, ContainerChange>();
  const change = (name: string): ContainerChange => {
    let c = changes.get(name);
    if (!c) changes.set(name, (c = {}));
    return c;
  };
  const image = i.optional('image');
  if (image !== undefined) {
    if (containerName === undefined)
      throw new InputError('container-name', 'is required with image: it names the container that gets it');
    change(containerName).image = checkImage('image', image);
  }
  for (const [name, value] of i.keyValues('images', {
    re: CONTAINER_NAME.re,
    allowed: CONTAINER_NAME.allowed,
  })) {
    if (changes.get(name)?.image !== undefined)
      throw new InputError(
        'images',
        `container ${name} is given an image twice (in images, or as container-name)`,
      );
    change(name).image = checkImage('images', value);
  }
  const containerOf = (input: string, key: string): [string, string] => {
    const colon = key.indexOf(':');
    if (colon > 0) return [key.slice(0, colon), key.slice(colon + 1)];
    if (containerName === undefined)
      throw new InputError(
        input,
        `line ${JSON.stringify(key)} names no container; write it as container:${key}=..., or set container-name`,
      );
    return [containerName, key];
  };
  for (const [key, value] of i.keyValues('container-env', PREFIXED_NAME)) {
    const [container, name] = containerOf('container-env', key);
    const env = (change(container).environment ??= []);
    if (env.some((e) => e.name === name))
      throw new InputError('container-env', `${name} is given twice for container ${container}`);
    env.push({ name, value });
  }
  for (const [key, valueFrom] of i.keyValues('container-secrets', PREFIXED_NAME)) {
    const [container, name] = containerOf('container-secrets', key);
    if (!SECRET_ARN.test(valueFrom))
      throw new InputError(
        'container-secrets',
        `${name}: ${JSON.stringify(valueFrom)} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)`,
      );
    const secrets = (change(container).secrets ??= []);
    if (secrets.some((s) => s.name === name))
      throw new InputError('container-secrets', `${name} is given twice for container ${container}`);
    if (changes.get(container)?.environment?.some((e) => e.name === name))
      throw new InputError(
        'container-secrets',
        `${name} is also in container-env for container ${container}: give it once`,
      );
    secrets.push({ name, valueFrom });
  }
  for (const [input, field] of [
    ['log-options', 'logOptions'],
    ['docker-labels', 'dockerLabels'],
  ] as const)
    for (const [key, value] of i.keyValues(input, PREFIXED_KEY)) {
      const [container, name] = containerOf(input, key);
      const map = (change(container)[field] ??= {});
      if (name in map) throw new InputError(input, `${name} is given twice for container ${container}`);
      map[name] = value;
    }
  const command = i.argv('command');
  if (command !== undefined) {
    if (containerName === undefined)
      throw new InputError('container-name', 'is required with command: it names the container that runs it');
    change(containerName).command = command;
  }
  return changes;
}
