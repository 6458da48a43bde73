import { describe, expect, it } from 'vitest';
import { ActionError } from '../../src/core/errors.js';
import { chooseDefinition, rev } from '../../src/targets/ecs/choose-definition.js';

const REGION = 'eu-west-1';
const RUNNING = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:4';
const OTHER = 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2';
const running = {
  family: 'web',
  containerDefinitions: [{ name: 'app', image: 'repo/app:1', essential: true }],
};
const awsError = (name: string): Error =>
  Object.assign(new Error(`${name}: said AWS`), { name, $metadata: { httpStatusCode: 400 } });
const byArn = (spec: { taskDefinitionArn?: string }) => ({
  changes: new Map(),
  taskDefinition: undefined,
  taskDefinitionArn: spec.taskDefinitionArn,
});

describe('chooseDefinition with task-definition-arn', () => {
  it('an ACTIVE revision is deployed as it is, registered nothing; the same as running is said so', async () => {
    const read = async (arn: string) => ({ taskDefinitionArn: arn, status: 'ACTIVE' });
    expect(
      await chooseDefinition(byArn({ taskDefinitionArn: OTHER }), RUNNING, running, read, REGION),
    ).toEqual({
      desired: undefined,
      existing: OTHER,
      same: false,
    });
    expect(
      await chooseDefinition(byArn({ taskDefinitionArn: RUNNING }), RUNNING, running, read, REGION),
    ).toEqual({ desired: undefined, existing: RUNNING, same: true });
  });

  it('an INACTIVE (deregistered) revision is refused before anything is deployed, naming its status', async () => {
    const read = async (arn: string) => ({ taskDefinitionArn: arn, status: 'INACTIVE' });
    const err = await chooseDefinition(
      byArn({ taskDefinitionArn: OTHER }),
      RUNNING,
      running,
      read,
      REGION,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ActionError);
    expect((err as Error).message).toBe(
      `task definition ${OTHER} is INACTIVE; ECS deploys only ACTIVE revisions`,
    );
  });

  it('ECS’s ClientException (no such revision) names the input; any other error is left as it is', async () => {
    const missing = await chooseDefinition(
      byArn({ taskDefinitionArn: OTHER }),
      RUNNING,
      running,
      async () => {
        throw awsError('ClientException');
      },
      REGION,
    ).catch((e: unknown) => e);
    expect((missing as Error).message).toBe(
      `task-definition-arn ${OTHER} is not a registered task definition in ${REGION}`,
    );
    const throttled = awsError('ThrottlingException');
    const other = await chooseDefinition(
      byArn({ taskDefinitionArn: OTHER }),
      RUNNING,
      running,
      async () => {
        throw throttled;
      },
      REGION,
    ).catch((e: unknown) => e);
    expect(other).toBe(throttled);
  });
});

describe('rev', () => {
  it('is the family:revision part of an ARN, and empty for none', () => {
    expect(rev(RUNNING)).toBe('web:4');
    expect(rev(undefined)).toBe('');
  });
});
