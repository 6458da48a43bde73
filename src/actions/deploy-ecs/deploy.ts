import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Deps } from '../../core/deps.js';
import { createAlarmGate } from '../../rollout/alarm-gate.js';
import { executeDeploy, executeDeployPost } from '../../rollout/deploy-action.js';
import { planSteps } from '../../rollout/strategy.js';
import type { EcsServiceState } from '../../targets/ecs/ecs-target.js';
import { EcsServiceTarget } from '../../targets/ecs/ecs-target.js';
import { shortName } from '../../targets/ecs/names.js';
import { describeChanges } from '../../targets/ecs/task-definition.js';
import type { Fetch } from '../../rollout/smoke-url.js';
import type { DeployEcsInputs } from './inputs.js';

const ACTION = 'deploy-ecs';

const consoleUrl = (region: string, cluster: string, service: string): string =>
  `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${shortName(cluster)}/services/${shortName(service)}/deployments?region=${region}`;

export async function deployEcs(deps: Deps, inputs: DeployEcsInputs, fetch: Fetch): Promise<void> {
  const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
  const { region } = inputs;
  const gates = async () =>
    inputs.alarms.length ? [await createAlarmGate(aws.get(CloudWatchClient, region), inputs.alarms)] : [];
  const state: EcsServiceState = {
    region,
    cluster: inputs.cluster,
    service: inputs.service,
    strategy: inputs.strategy,
    previousTaskDefinitionArn: undefined,
    taskDefinitionArn: undefined,
    serviceDeploymentArn: undefined,
    originalHooks: undefined,
    waitTimeoutMs: inputs.waitTimeoutMs,
    startedAt: deps.clock.now(),
  };
  const target = new EcsServiceTarget(
    {
      ecs: aws.get(ECSClient, region),
      elbv2: aws.get(ElasticLoadBalancingV2Client, region),
      clock: deps.clock,
      signal: deps.signal,
      fetch,
    },
    state,
    { ...inputs, smoke: inputs.smokeUrl !== undefined },
  );
  await executeDeploy(deps, {
    action: ACTION,
    inputs,
    target,
    steps: planSteps(inputs),
    gates,
    // The task definitions and the deployment are known only as the rollout goes: read at each phase.
    targetState: (): EcsServiceState => structuredClone(state),
    facts: [
      ['service', `[${shortName(inputs.service)}](${consoleUrl(region, inputs.cluster, inputs.service)})`],
      ['cluster', shortName(inputs.cluster)],
      inputs.taskDefinitionArn
        ? ['task definition', `\`${inputs.taskDefinitionArn}\` as it is`]
        : ['containers', describeChanges(inputs.changes) || 'unchanged (force-new-deployment)'],
      ...(inputs.desiredCount !== undefined
        ? [['desired count', String(inputs.desiredCount)] as [string, string]]
        : []),
      ['region', region],
    ],
    outputs: (result) => ({
      'task-definition-arn': state.taskDefinitionArn ?? result.previous ?? '',
      'previous-task-definition-arn': result.previous ?? '',
      'deployment-id': state.serviceDeploymentArn ?? '',
    }),
  });
}

export async function rollbackEcs(deps: Deps): Promise<void> {
  await executeDeployPost<EcsServiceState>(deps, async (state) => {
    const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
    return new EcsServiceTarget(
      {
        ecs: aws.get(ECSClient, state.region),
        elbv2: aws.get(ElasticLoadBalancingV2Client, state.region),
        clock: deps.clock,
        signal: deps.signal,
        fetch,
      },
      state,
    );
  });
}
