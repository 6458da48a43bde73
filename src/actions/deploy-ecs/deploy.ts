import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Deps } from '../../core/deps.js';
import { createAlarmGate } from '../../rollout/alarm-gate.js';
import { executeDeploy, executeDeployPost } from '../../rollout/deploy-action.js';
import { planSteps } from '../../rollout/strategy.js';
import type { EcsServiceState } from '../../targets/ecs/ecs-target.js';
import { shortName } from '../../targets/ecs/names.js';
import type { EcsDeployState } from '../../targets/ecs/service-target.js';
import { EcsDeployTarget, rebuildEcsTarget } from '../../targets/ecs/service-target.js';
import { describeChanges, forSummary } from '../../targets/ecs/task-definition.js';
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
  // Summary rows; the rollout adds the ones it learns as it goes (the one-off task's log).
  const facts: Array<[string, string]> = [
    ['service', `[${shortName(inputs.service)}](${consoleUrl(region, inputs.cluster, inputs.service)})`],
    ['cluster', shortName(inputs.cluster)],
    inputs.taskDefinitionArn
      ? ['task definition', `\`${inputs.taskDefinitionArn}\` as it is`]
      : ['containers', describeChanges(inputs.changes) || 'unchanged (force-new-deployment)'],
    ...(inputs.desiredCount !== undefined
      ? [['desired count', String(inputs.desiredCount)] as [string, string]]
      : []),
    ['region', region],
  ];
  // Decides on describe() by the service's deployment controller: ECS's own deployments, or CodeDeploy's.
  const target = new EcsDeployTarget(
    {
      ecs: aws.get(ECSClient, region),
      codedeploy: aws.get(CodeDeployClient, region),
      elbv2: aws.get(ElasticLoadBalancingV2Client, region),
      clock: deps.clock,
      signal: deps.signal,
      fetch,
      logs: (logRegion) => aws.get(CloudWatchLogsClient, logRegion),
      fact: (name, value) => facts.push([name, value]),
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
    targetState: (): EcsDeployState => target.savedState(),
    facts,
    details: () => {
      const td = target.rendered;
      return td
        ? [
            {
              title: `task definition ${td.family ?? ''} as registered (secrets by name only)`,
              lang: 'json',
              body: JSON.stringify(forSummary(td), null, 2),
            },
          ]
        : [];
    },
    outputs: (result) => ({
      'task-definition-arn': target.taskDefinitionArn ?? result.previous ?? '',
      'previous-task-definition-arn': result.previous ?? '',
      'deployment-id': target.deploymentId ?? '',
    }),
  });
}

export async function rollbackEcs(deps: Deps): Promise<void> {
  await executeDeployPost<EcsDeployState>(deps, async (state) => {
    const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
    return rebuildEcsTarget(
      {
        ecs: aws.get(ECSClient, state.region),
        codedeploy: aws.get(CodeDeployClient, state.region),
        elbv2: aws.get(ElasticLoadBalancingV2Client, state.region),
        clock: deps.clock,
        signal: deps.signal,
        fetch,
      },
      state,
    );
  });
}
