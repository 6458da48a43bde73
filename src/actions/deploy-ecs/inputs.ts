import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PropagateTags } from '@aws-sdk/client-ecs';
import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { formatDuration, Inputs } from '../../core/inputs.js';
import type { DeployInputs } from '../../rollout/deploy-inputs.js';
import { readDeployInputs } from '../../rollout/deploy-inputs.js';
import type { EcsStrategy } from '../../targets/ecs/deployment-config.js';
import { CLUSTER, CONTAINER_NAME, SERVICE, TASK_DEFINITION_ARN } from '../../targets/ecs/names.js';
import type { ContainerChange } from '../../targets/ecs/task-definition.js';
import { readContainerChanges, RENDERING_INPUTS } from './container-inputs.js';
import type { CodeDeployInputs } from './codedeploy-inputs.js';
import { readCodeDeployInputs } from './codedeploy-inputs.js';
import { readRunTask } from './run-task-inputs.js';
import type { RunTaskSpec } from '../../targets/ecs/run-task.js';
import { containerNames, readTaskDefinition } from '../../targets/ecs/task-definition.js';

export interface DeployEcsInputs extends DeployInputs, CodeDeployInputs {
  strategy: EcsStrategy;
  cluster: string;
  service: string;
  /** What to change in which container (image, images, environment, secrets, command). */
  changes: ReadonlyMap<string, ContainerChange>;
  /** The task definition from the task-definition file; undefined: the service's current one. */
  taskDefinition: Record<string, unknown> | undefined;
  /** A registered revision deployed as it is; no rendering input goes with it. */
  taskDefinitionArn: string | undefined;
  desiredCount: number | undefined;
  forceNewDeployment: boolean;
  propagateTags: PropagateTags | undefined;
  enableEcsManagedTags: boolean | undefined;
  minHealthyPercent: number;
  maxPercent: number;
  smokeUrl: string | undefined;
  /** run-task: the one-off task (migrations) before traffic moves. */
  runTask: RunTaskSpec | undefined;
}

export const ECS_STRATEGIES = ['rolling', 'blue-green', 'canary', 'linear'] as const;

const URL = {
  re: /^https?:\/\/[^\s/?#]+([/?#]\S*)?$/,
  allowed: 'an http(s) URL such as http://my-alb-123.us-east-1.elb.amazonaws.com:8080/health',
};
const MINUTE = 60_000;
const MAX_FILE_BYTES = 1024 * 1024;
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html#ECS-UpdateService-request-propagateTags
const PROPAGATE_TAGS = ['NONE', 'SERVICE', 'TASK_DEFINITION'] as const;
// ECS documents no upper bound for desiredCount; the service quota on tasks per service is 5,000
// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-quotas.html).
const DESIRED_COUNT_MAX = 5000;

function readFile(
  i: Inputs,
  cwd: string,
  containers: readonly string[],
  containerName: string | undefined,
): Record<string, unknown> | undefined {
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
  for (const name of containers)
    if (!containerNames(read.definition).includes(name))
      throw new InputError(
        name === containerName ? 'container-name' : 'images',
        `${JSON.stringify(name)} is not a container in ${given}; its containers are ${containerNames(read.definition).join(', ')}`,
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
  const containerName = i.optional('container-name', CONTAINER_NAME);
  const taskDefinitionArn = i.optional('task-definition-arn', TASK_DEFINITION_ARN);
  if (taskDefinitionArn !== undefined)
    for (const name of ['task-definition', 'container-name', ...RENDERING_INPUTS])
      if (i.given(name))
        throw new InputError(
          name,
          `cannot be set with task-definition-arn, which deploys a registered revision as it is; drop one of them`,
        );
  const changes = readContainerChanges(i, containerName);
  const forceNewDeployment = i.bool('force-new-deployment', false);
  const propagateTags = i.given('propagate-tags') ? i.oneOf('propagate-tags', PROPAGATE_TAGS) : undefined;
  const enableEcsManagedTags = i.given('enable-ecs-managed-tags')
    ? i.bool('enable-ecs-managed-tags', false)
    : undefined;
  const desiredCountRaw = i.raw('desired-count');
  const desiredCount =
    desiredCountRaw === '' ? undefined : i.int('desired-count', { min: 0, max: DESIRED_COUNT_MAX });
  const serviceChanges =
    forceNewDeployment ||
    desiredCount !== undefined ||
    propagateTags !== undefined ||
    enableEcsManagedTags !== undefined;
  if (taskDefinitionArn === undefined && changes.size === 0 && !serviceChanges)
    throw new InputError(
      'image',
      'is required (with container-name), unless images, task-definition-arn, container-env, container-secrets, command, log-options, docker-labels, desired-count, propagate-tags, enable-ecs-managed-tags or force-new-deployment says what to deploy',
    );
  if (containerName !== undefined && !changes.has(containerName))
    throw new InputError(
      'container-name',
      'is set, but no image, container-env, container-secrets, command, log-options or docker-labels goes into it',
    );
  const taskDefinition = readFile(i, cwd, [...changes.keys()], containerName);
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
    changes,
    taskDefinition,
    taskDefinitionArn,
    desiredCount,
    forceNewDeployment,
    propagateTags,
    enableEcsManagedTags,
    minHealthyPercent,
    maxPercent,
    smokeUrl,
    ...readRunTask(i, containerName),
    ...readCodeDeployInputs(i),
  });
}
