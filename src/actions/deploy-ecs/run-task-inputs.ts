import { InputError } from '../../core/errors.js';
import type { Inputs } from '../../core/inputs.js';
import { CONTAINER_NAME } from '../../targets/ecs/names.js';
import type { RunTaskSpec } from '../../targets/ecs/run-task.js';

export const RUN_TASK_INPUTS = [
  'run-task-command',
  'run-task-subnets',
  'run-task-security-groups',
  'run-task-container',
] as const;

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html: up to 16 subnets and
// 5 security groups; their IDs are the EC2 forms subnet-/sg- with 8 or 17 hex digits.
const SUBNET = {
  re: /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/,
  allowed: 'a subnet ID such as subnet-0123456789abcdef0',
};
const SECURITY_GROUP = {
  re: /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/,
  allowed: 'a security group ID such as sg-0123456789abcdef0',
};

function ids(
  i: Inputs,
  name: string,
  form: { re: RegExp; allowed: string },
  max: number,
): string[] | undefined {
  const list = i.list(name, form);
  if (list.length > max) throw new InputError(name, `has ${list.length} items; ECS takes at most ${max}`);
  return list.length ? list : undefined;
}

/** run-task and its run-task-* inputs: the one-off task (a migration) that runs before traffic moves. */
export function readRunTask(
  i: Inputs,
  containerName: string | undefined,
): { runTask: RunTaskSpec | undefined } {
  const on = i.bool('run-task', false);
  if (!on) {
    for (const name of RUN_TASK_INPUTS)
      if (i.given(name))
        throw new InputError(
          name,
          `${JSON.stringify(i.text(name))} is set, but run-task is not true; set run-task: true or drop ${name}`,
        );
    return { runTask: undefined };
  }
  const command = i.argv('run-task-command');
  const container = i.optional('run-task-container', CONTAINER_NAME) ?? containerName;
  if (command && container === undefined)
    throw new InputError(
      'run-task-command',
      `${JSON.stringify(command)} needs the container whose command it replaces: set run-task-container, as container-name is not set`,
    );
  return {
    runTask: {
      command,
      container,
      subnets: ids(i, 'run-task-subnets', SUBNET, 16),
      securityGroups: ids(i, 'run-task-security-groups', SECURITY_GROUP, 5),
    },
  };
}
