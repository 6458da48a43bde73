import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AwsClients } from '../../core/aws.js';
import type { Deps } from '../../core/deps.js';
import { createAlarmGate } from '../../rollout/alarm-gate.js';
import { executeDeploy, executeDeployPost } from '../../rollout/deploy-action.js';
import { planSteps } from '../../rollout/strategy.js';
import type { BlueGreenState } from '../../targets/ec2/blue-green-target.js';
import { BlueGreenTarget } from '../../targets/ec2/blue-green-target.js';
import { trafficLabel } from '../../targets/ec2/listener.js';
import type { RollingState } from '../../targets/ec2/rolling-target.js';
import { RollingTarget } from '../../targets/ec2/rolling-target.js';
import type { Fetch } from '../../rollout/smoke-url.js';
import type { DeployEc2Inputs } from './inputs.js';

const ACTION = 'deploy-ec2';

type Ec2State = RollingState | BlueGreenState;

const groupUrl = (region: string, group: string): string =>
  `https://${region}.console.aws.amazon.com/ec2/home?region=${region}#AutoScalingGroupDetails:id=${encodeURIComponent(group)}`;

function rollingTarget(deps: Deps, aws: AwsClients, inputs: DeployEc2Inputs): RollingTarget {
  const { region } = inputs;
  return new RollingTarget(aws.get(EC2Client, region), aws.get(AutoScalingClient, region), {
    region,
    group: inputs.group,
    service: inputs.service,
    amiId: inputs.amiId,
    launchTemplate: inputs.launchTemplate,
    waitTimeoutMs: inputs.waitTimeoutMs,
    now: () => deps.clock.now(),
    refresh: {
      minHealthyPercent: inputs.minHealthyPercent,
      maxHealthyPercent: inputs.maxHealthyPercent,
      instanceWarmupS: inputs.instanceWarmupS,
      checkpoints: inputs.checkpoints,
      checkpointDelayS: inputs.checkpointDelayS,
      skipMatching: inputs.skipMatching,
      // Auto Scaling rolls back by itself, even if this job dies; the post step covers a cancel.
      autoRollback: inputs.autoRollback && inputs.rollback,
      alarms: inputs.alarms,
      bakeS: Math.round(inputs.bakeMs / 1000),
      scaleInProtected: inputs.scaleInProtected,
      standby: inputs.standby,
    },
  });
}

function blueGreenTarget(
  deps: Deps,
  aws: AwsClients,
  inputs: DeployEc2Inputs,
  fetch: Fetch,
): BlueGreenTarget {
  const { region } = inputs;
  return new BlueGreenTarget(
    {
      ec2: aws.get(EC2Client, region),
      asg: aws.get(AutoScalingClient, region),
      elb: aws.get(ElasticLoadBalancingV2Client, region),
      cw: aws.get(CloudWatchClient, region),
    },
    {
      region,
      group: inputs.group,
      service: inputs.service,
      amiId: inputs.amiId,
      launchTemplate: inputs.launchTemplate,
      traffic: inputs.traffic!,
      minHealthyPercent: inputs.minHealthyPercent,
      smokeUrl: inputs.smokeUrl,
      keepPrevious: inputs.keepPrevious,
      waitTimeoutMs: inputs.waitTimeoutMs,
      clock: deps.clock,
      fetch,
    },
  );
}

export async function deployEc2(deps: Deps, inputs: DeployEc2Inputs, fetch: Fetch): Promise<void> {
  const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: ACTION });
  const { region } = inputs;
  const gates = async () =>
    inputs.alarms.length ? [await createAlarmGate(aws.get(CloudWatchClient, region), inputs.alarms)] : [];
  const rolling = inputs.strategy === 'rolling';
  const target = rolling ? rollingTarget(deps, aws, inputs) : blueGreenTarget(deps, aws, inputs, fetch);
  const state = (): Ec2State => target.state();
  await executeDeploy(deps, {
    action: ACTION,
    inputs,
    // An instance refresh bakes natively (BakeTime, with its alarms), so the engine adds no second bake;
    // its checkpoint delays are holds too.
    nativeBake: rolling,
    nativeHolds:
      rolling && inputs.checkpointDelayS
        ? inputs.checkpoints
            .slice(0, -1)
            .map(() => ({ input: 'checkpoint-delay', ms: inputs.checkpointDelayS! * 1000 }))
        : [],
    target,
    steps: planSteps(inputs),
    gates,
    targetState: state,
    facts: [
      [
        'group',
        inputs.group ? `[${inputs.group}](${groupUrl(region, inputs.group)})` : `service ${inputs.service}`,
      ],
      ['AMI', `\`${inputs.amiId}\``],
      ...(inputs.traffic ? [['traffic', trafficLabel(inputs.traffic)] as [string, string]] : []),
      ['region', region],
    ],
    outputs: (result) => {
      const s = state();
      const succeeded = result.status === 'succeeded';
      if (s.mode === 'rolling')
        return {
          'launch-template-version': String((succeeded ? s.newVersion : s.previousVersion) ?? ''),
          'auto-scaling-group': s.group ?? '',
          'previous-auto-scaling-group': '',
        };
      // On success green is the live group and blue the previous one (deleted, or kept at weight 0).
      return {
        'launch-template-version': String(succeeded ? (s.newVersion ?? '') : ''),
        'auto-scaling-group': (succeeded ? s.greenGroup : s.blueGroup) ?? '',
        'previous-auto-scaling-group': succeeded ? (s.blueGroup ?? '') : '',
      };
    },
  });
}

export async function rollbackEc2(deps: Deps): Promise<void> {
  await executeDeployPost<Ec2State>(deps, async (state) => {
    const aws = deps.aws({ maxAttempts: 9, action: `${ACTION}-post` });
    const clients = {
      ec2: aws.get(EC2Client, state.region),
      asg: aws.get(AutoScalingClient, state.region),
      elb: aws.get(ElasticLoadBalancingV2Client, state.region),
      cw: aws.get(CloudWatchClient, state.region),
    };
    const waitTimeoutMs = 60 * 60_000;
    if (state.mode === 'rolling')
      return new RollingTarget(
        clients.ec2,
        clients.asg,
        {
          region: state.region,
          group: state.group,
          service: undefined,
          amiId: '',
          launchTemplate: undefined,
          waitTimeoutMs,
          now: () => deps.clock.now(),
          refresh: {
            minHealthyPercent: 90,
            maxHealthyPercent: undefined,
            instanceWarmupS: undefined,
            checkpoints: [],
            checkpointDelayS: undefined,
            skipMatching: true,
            autoRollback: false,
            alarms: [],
            bakeS: 0,
            // Older saved states lack the choices: Wait was Auto Scaling's default then.
            scaleInProtected: state.scaleInProtected ?? 'wait',
            standby: state.standby ?? 'wait',
          },
        },
        state,
      );
    return new BlueGreenTarget(
      clients,
      {
        region: state.region,
        group: state.blueGroup,
        service: state.service,
        amiId: '',
        launchTemplate: undefined,
        traffic: state.traffic,
        minHealthyPercent: 90,
        smokeUrl: undefined,
        keepPrevious: false,
        waitTimeoutMs,
        clock: deps.clock,
        fetch,
      },
      state,
    );
  });
}
