import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { formatDuration, Inputs } from '../../core/inputs.js';
import type { DeployInputs } from '../../rollout/deploy-inputs.js';
import { readDeployInputs } from '../../rollout/deploy-inputs.js';
import type { EcsStrategy } from '../../targets/ecs/deployment-config.js';
import { CLUSTER, CONTAINER_NAME, IMAGE_MAX, SERVICE } from '../../targets/ecs/names.js';
import { parseReference } from '../../artifacts/oci/reference.js';
import { containerNames, readTaskDefinition } from '../../targets/ecs/task-definition.js';

export interface DeployEcsInputs extends DeployInputs {
  strategy: EcsStrategy;
  cluster: string;
  service: string;
  image: string;
  containerName: string;
  /** The task definition from the task-definition file; undefined: the service's current one. */
  taskDefinition: Record<string, unknown> | undefined;
  minHealthyPercent: number;
  maxPercent: number;
  smokeUrl: string | undefined;
}

export const ECS_STRATEGIES = ['rolling', 'blue-green', 'canary', 'linear'] as const;

const URL = {
  re: /^https?:\/\/[^\s/?#]+([/?#]\S*)?$/,
  allowed: 'an http(s) URL such as http://my-alb-123.us-east-1.elb.amazonaws.com:8080/health',
};
const MINUTE = 60_000;
const MAX_FILE_BYTES = 1024 * 1024;

function readFile(i: Inputs, cwd: string, containerName: string): Record<string, unknown> | undefined {
  const given = i.optional('task-definition');
  if (given === undefined) return undefined;
  const path = resolve(cwd, given);
  if (!existsSync(path) || !statSync(path).isFile())
    throw new InputError('task-definition', `${JSON.stringify(given)} is not a file`);
  if (statSync(path).size > MAX_FILE_BYTES)
    throw new InputError('task-definition', `${given} is over 1 MiB; ECS task definitions are far smaller`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError('task-definition', `${given} is not valid JSON: ${(err as Error).message}`);
  }
  const read = readTaskDefinition(json);
  if ('problem' in read) throw new InputError('task-definition', `${given} ${read.problem}`);
  if (!containerNames(read.definition).includes(containerName))
    throw new InputError(
      'container-name',
      `${JSON.stringify(containerName)} is not a container in ${given}; its containers are ${containerNames(read.definition).join(', ')}`,
    );
  return read.definition;
}

/** ECS takes its native strategies' times in whole minutes, up to a day. */
function wholeMinutes(name: string, ms: number): void {
  if (ms % MINUTE !== 0 || ms > 1440 * MINUTE)
    throw new InputError(
      name,
      `${formatDuration(ms)} is not a whole number of minutes; ECS's native strategies take minutes (0-1440), such as 5m`,
    );
}

export function getInputs(
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Readonly<DeployEcsInputs> {
  const i = new Inputs((n) => io.getInput(n));
  const cluster = i.optional('cluster', CLUSTER) ?? 'default';
  const service = i.required('service', SERVICE);
  const image = imageOf(i);
  const containerName = i.required('container-name', CONTAINER_NAME);
  const taskDefinition = readFile(i, cwd, containerName);
  const deploy = readDeployInputs(i, env, ECS_STRATEGIES, 'rolling');
  const strategy = deploy.strategy as EcsStrategy;
  const minHealthyPercent = i.int('min-healthy-percent', { min: 0, max: 100 }, 100);
  const maxPercent = i.int('max-percent', { min: 100, max: 400 }, 200);
  const smokeUrl = i.optional('smoke-url', URL);
  if (strategy === 'rolling') {
    if (minHealthyPercent === 100 && maxPercent === 100)
      throw new InputError(
        'max-percent',
        '100 with min-healthy-percent 100 leaves ECS no room to stop an old task or start a new one; raise max-percent or lower min-healthy-percent',
      );
    if (smokeUrl !== undefined)
      throw new InputError(
        'smoke-url',
        'needs strategy blue-green, canary or linear: it is checked on the test listener, which only their native deployments use',
      );
  } else {
    for (const name of ['min-healthy-percent', 'max-percent'])
      if (i.given(name))
        throw new InputError(
          name,
          `applies to strategy rolling only; ECS's native ${strategy} keeps the old tasks until the end`,
        );
    wholeMinutes('bake-time', deploy.bakeMs);
    if (strategy === 'canary') wholeMinutes('canary-interval', deploy.canaryIntervalMs);
    if (strategy === 'linear') {
      wholeMinutes('linear-interval', deploy.linearIntervalMs);
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html: 3.0 to 100.0.
      if (deploy.linearPercent < 3)
        throw new InputError(
          'linear-percent',
          `${deploy.linearPercent} is below ECS's smallest linear step, 3`,
        );
    }
  }
  return Object.freeze({
    ...deploy,
    strategy,
    cluster,
    service,
    image,
    containerName,
    taskDefinition,
    minHealthyPercent,
    maxPercent,
    smokeUrl,
  });
}

/** The image to run: a reference a registry can serve (as Docker parses it), within ECS's length limit. */
function imageOf(i: Inputs): string {
  const allowed =
    'an image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:<64 hex> or registry/repo:tag (publish-image outputs image-uri)';
  const value = i.required('image', { re: /./, allowed });
  if (value.length > IMAGE_MAX)
    throw new InputError('image', `is ${value.length} characters long; ECS takes at most ${IMAGE_MAX}`);
  const parsed = parseReference(value);
  if (typeof parsed === 'string')
    throw new InputError('image', `${JSON.stringify(value)} is not ${allowed}: ${parsed}`);
  return value;
}
