import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import { ActionError, isAwsError } from '../../core/errors.js';
import type { ContainerChange } from './task-definition.js';
import { renderTaskDefinition, sameTaskDefinition } from './task-definition.js';

// Stryker disable next-line StringLiteral: split() always returns at least one element, so pop() never gives undefined
export const rev = (arn: string | undefined): string => (arn ?? '').split('/').pop() ?? '';

/** What a deploy asks for: a registered revision as it is, or a definition rendered from a file or the running one. */
export interface DefinitionSpec {
  changes: ReadonlyMap<string, ContainerChange>;
  taskDefinition: Record<string, unknown> | undefined;
  taskDefinitionArn: string | undefined;
}

export interface DefinitionChoice {
  /** A definition to register; undefined when an existing revision is deployed. */
  desired: RegisterTaskDefinitionRequest | undefined;
  /** A registered revision to deploy without registering: task-definition-arn, or the running one when unchanged. */
  existing: string | undefined;
  /** Whether it is what the service runs. */
  same: boolean;
}

/**
 * What to deploy: task-definition-arn as it is (it must be ACTIVE), or the rendered definition, which is
 * registered only when it differs from what runs. Shared by the ECS-controller and CodeDeploy targets.
 */
export async function chooseDefinition(
  spec: DefinitionSpec,
  runningArn: string,
  running: Record<string, unknown>,
  read: (arn: string) => Promise<Record<string, unknown>>,
  region: string,
): Promise<DefinitionChoice> {
  if (spec.taskDefinitionArn) {
    const td = await read(spec.taskDefinitionArn).catch((err: unknown) => {
      if (isAwsError(err, 'ClientException'))
        throw new ActionError(
          `task-definition-arn ${spec.taskDefinitionArn} is not a registered task definition in ${region}`,
        );
      throw err;
    });
    if (td['status'] !== 'ACTIVE')
      throw new ActionError(
        `task definition ${spec.taskDefinitionArn} is ${String(td['status'])}; ECS deploys only ACTIVE revisions`,
      );
    const existing = String(td['taskDefinitionArn']);
    return { desired: undefined, existing, same: existing === runningArn };
  }
  const rendered = renderTaskDefinition(spec.taskDefinition ?? running, spec.changes);
  if ('problem' in rendered)
    throw new ActionError(
      `the task definition ${spec.taskDefinition ? 'in the task-definition file' : `${rev(runningArn)} that the service runs`} ${rendered.problem}`,
    );
  const same = sameTaskDefinition(rendered.definition as unknown as Record<string, unknown>, running);
  return { desired: same ? undefined : rendered.definition, existing: same ? runningArn : undefined, same };
}
