import { SimAccount } from './account.js';
import { CLUSTER, CONTAINER, ECS_BASE_INPUTS, FAMILY, IMAGE_V1, SERVICE } from './containers.js';
import { CloudWatchSim } from './services/cloudwatch.js';
import type { DeploymentGroup } from './services/codedeploy.js';
import { CodeDeploySim } from './services/codedeploy.js';
import { EcsTaskSetsSim } from './services/ecs-task-sets.js';
import { Elbv2Sim } from './services/elbv2.js';
import { LambdaSim } from './services/lambda.js';
import { StsSim } from './services/sts.js';
import { forwardToBlue } from './listener-actions.js';

export const APPLICATION = 'web-app';
export const DEPLOYMENT_GROUP = 'web-dg';

/** deploy-ecs's inputs for the account's service, through its CodeDeploy application and group. */
export const CODEDEPLOY_INPUTS = {
  ...ECS_BASE_INPUTS,
  'codedeploy-application': APPLICATION,
  'codedeploy-deployment-group': DEPLOYMENT_GROUP,
};

export interface CodeDeployAccountOptions {
  seed?: number;
  desiredCount?: number;
  deploymentConfigName?: string;
  terminationWaitTimeInMinutes?: number;
  deploymentReadyOption?: DeploymentGroup['blueGreenDeploymentConfiguration']['deploymentReadyOption'];
  autoRollbackEvents?: DeploymentGroup['autoRollbackConfiguration']['events'];
  alarms?: string[];
  /** Give the deployment group a test listener (default true). */
  testListener?: boolean;
}

/**
 * An account with an ECS service on the CODE_DEPLOY deployment controller behind an ALB (three tasks on
 * three container instances, the original task set on the blue target group), production and test listeners
 * whose default actions forward blue 100 / green 0, and a CodeDeploy application and ECS deployment group for
 * it; Lambda (for hooks), CloudWatch (alarms) and STS. Its invariants, checked at every tick and call: the
 * production listener's healthy serving capacity stays at or above the desired count, and no forward weight
 * points at a target group without a healthy target.
 */
export function codeDeployAccount(o: CodeDeployAccountOptions = {}) {
  const account = new SimAccount(o.seed !== undefined ? { seed: o.seed } : {});
  const elbv2 = new Elbv2Sim(account);
  const ecs = account.add(new EcsTaskSetsSim(account, elbv2));
  account.add(elbv2);
  const cloudwatch = account.add(new CloudWatchSim(account));
  const lambda = account.add(new LambdaSim(account));
  const codedeploy = account.add(new CodeDeploySim(account, ecs, elbv2));
  const sts = account.add(new StsSim(account));

  ecs.createCluster(CLUSTER);
  for (let i = 0; i < 3; i++) ecs.addContainerInstance(CLUSTER, { cpu: 2048, memory: 4096 });
  const lb = elbv2.createLoadBalancer('web');
  const tgSettings = {
    Protocol: 'HTTP' as const,
    Port: 8080,
    TargetType: 'instance' as const,
    HealthCheckIntervalSeconds: 10,
    HealthyThresholdCount: 3,
    UnhealthyThresholdCount: 2,
  };
  const blue = elbv2.createTargetGroup({ Name: 'web-blue', ...tgSettings });
  const green = elbv2.createTargetGroup({ Name: 'web-green', ...tgSettings });
  const forward = forwardToBlue(blue, green);
  const production = elbv2.createListener(lb, 80, forward);
  const test = elbv2.createListener(lb, 8080, forward);

  const td = ecs.registerTaskDefinition({
    family: FAMILY,
    networkMode: 'bridge',
    containerDefinitions: [
      {
        name: CONTAINER,
        image: IMAGE_V1,
        essential: true,
        memory: 512,
        portMappings: [{ containerPort: 8080, hostPort: 0 }],
      },
    ],
  });
  const service = ecs.createCodeDeployService({
    cluster: CLUSTER,
    name: SERVICE,
    taskDefinition: td.taskDefinitionArn!,
    desiredCount: o.desiredCount ?? 3,
    launchType: 'EC2',
    loadBalancers: [{ targetGroupArn: blue, containerName: CONTAINER, containerPort: 8080 }],
  });

  codedeploy.createApplication(APPLICATION);
  const group = codedeploy.createDeploymentGroup({
    applicationName: APPLICATION,
    name: DEPLOYMENT_GROUP,
    cluster: CLUSTER,
    service: SERVICE,
    targetGroups: [blue, green],
    prodListener: production,
    ...(o.testListener === false ? {} : { testListener: test }),
    ...(o.deploymentConfigName ? { deploymentConfigName: o.deploymentConfigName } : {}),
    ...(o.terminationWaitTimeInMinutes !== undefined
      ? { terminationWaitTimeInMinutes: o.terminationWaitTimeInMinutes }
      : {}),
    ...(o.deploymentReadyOption ? { deploymentReadyOption: o.deploymentReadyOption } : {}),
    ...(o.autoRollbackEvents ? { autoRollbackEvents: o.autoRollbackEvents } : {}),
    ...(o.alarms ? { alarms: o.alarms } : {}),
  });

  const minimum = service.desiredCount;
  account.invariant('healthy serving capacity ≥ the minimum', () => {
    const serving = elbv2.servingCapacity(production);
    return serving >= minimum
      ? undefined
      : `${serving} healthy targets serve production, below the minimum ${minimum}`;
  });
  account.invariant('listener weights only at healthy target groups', () => elbv2.weightsPointAtHealthy());

  return {
    account,
    ecs,
    elbv2,
    cloudwatch,
    lambda,
    codedeploy,
    sts,
    service,
    taskDefinition: td,
    group,
    targetGroups: { blue, green },
    listeners: { production, test },
  };
}
