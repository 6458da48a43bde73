import type * as sdk from '@aws-sdk/client-auto-scaling';
import { AutoScalingRefreshes } from './autoscaling-refreshes.js';

/** Scaling policies and scheduled actions (kept so blue/green can copy them). */
export abstract class AutoScalingScaling extends AutoScalingRefreshes {
  PutScalingPolicy(input: sdk.PutScalingPolicyType): sdk.PolicyARNType {
    const g = this.find(input.AutoScalingGroupName);
    const arn = `arn:aws:autoscaling:${g.region}:${this.account.accountId}:scalingPolicy:${this.nextId()}:autoScalingGroupName/${g.name}:policyName/${input.PolicyName}`;
    g.policies.set(input.PolicyName!, {
      ...structuredClone(input),
      PolicyARN: arn,
      Alarms: [],
    } as sdk.ScalingPolicy);
    return { PolicyARN: arn, Alarms: [] };
  }

  DescribePolicies(input: sdk.DescribePoliciesType): sdk.PoliciesType {
    const g = this.find(input.AutoScalingGroupName);
    return { ScalingPolicies: [...g.policies.values()].map((p) => structuredClone(p)) };
  }

  DeletePolicy(input: sdk.DeletePolicyType): Record<string, never> {
    this.find(input.AutoScalingGroupName).policies.delete(input.PolicyName!);
    return {};
  }

  PutScheduledUpdateGroupAction(input: sdk.PutScheduledUpdateGroupActionType): Record<string, never> {
    const g = this.find(input.AutoScalingGroupName);
    g.scheduled.set(input.ScheduledActionName!, {
      ...structuredClone(input),
      ScheduledActionARN: `arn:aws:autoscaling:${g.region}:${this.account.accountId}:scheduledUpdateGroupAction:${this.nextId()}:autoScalingGroupName/${g.name}:scheduledActionName/${input.ScheduledActionName}`,
    } as sdk.ScheduledUpdateGroupAction);
    return {};
  }

  DescribeScheduledActions(input: sdk.DescribeScheduledActionsType): sdk.ScheduledActionsType {
    const g = this.find(input.AutoScalingGroupName);
    return { ScheduledUpdateGroupActions: [...g.scheduled.values()].map((a) => structuredClone(a)) };
  }
}
