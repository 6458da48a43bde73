// The resources each simulated call acts on, as IAM would authorise them, so scripts/check-iam.mjs can match
// the policies' Resource patterns and tag conditions against real calls. One function per service; each maps
// an action to the resource types the Service Authorization Reference lists for it
// (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
// An action the reference lists with no resource type authorises on "*", and is recorded so: a policy that
// tried to scope it would then fail the check, as it would fail on AWS.
// A resource the call creates is named with "*" where AWS assigns the id (IAM sees
// arn:aws:ec2:region:account:instance/* for RunInstances), and with its name where the request gives it.
import type { SimAccount } from './account.js';
import type { AutoScalingSim } from './services/autoscaling.js';
import type { CodeDeploySim } from './services/codedeploy.js';
import type { Ec2Sim } from './services/ec2.js';

/** Condition keys as IAM evaluates them for one resource of a call: aws:RequestTag/k, aws:ResourceTag/k... */
export type CallContext = Record<string, string | string[]>;

export interface CallResource {
  arn: string;
  context?: CallContext;
}

type Input = Record<string, unknown>;
type Tag = { Key?: string; Value?: string; key?: string; value?: string };

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);
const tagsOf = (v: unknown): Tag[] => (Array.isArray(v) ? (v as Tag[]) : []);

/** aws:RequestTag/<key> for each tag and aws:TagKeys for all, as IAM sees the tags a request carries. */
export function requestTagContext(tags: Tag[]): CallContext {
  if (tags.length === 0) return {};
  const ctx: CallContext = { 'aws:TagKeys': tags.map((t) => t.Key ?? t.key ?? '') };
  for (const t of tags) ctx[`aws:RequestTag/${t.Key ?? t.key}`] = t.Value ?? t.value ?? '';
  return ctx;
}

/** aws:ResourceTag/<key> for the tags the resource already carries. */
export function resourceTagContext(tags: Iterable<[string, string]> | undefined): CallContext {
  const ctx: CallContext = {};
  for (const [k, v] of tags ?? []) ctx[`aws:ResourceTag/${k}`] = v;
  return ctx;
}

/** The tags a TagSpecifications list gives one resource type (EC2's tag-on-create). */
const specTags = (input: Input, type: string): Tag[] =>
  (Array.isArray(input['TagSpecifications']) ? (input['TagSpecifications'] as Input[]) : [])
    .filter((s) => s['ResourceType'] === type)
    .flatMap((s) => tagsOf(s['Tags']));

const ANY: CallResource[] = [{ arn: '*' }];

interface Ctx {
  account: SimAccount;
  region: string;
  id: string;
}

// ---- AWS Lambda: function* for every action slipway calls. A Qualifier makes it the qualified ARN
// (function:name:version-or-alias); alias operations act on the function
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-api-permissions-ref.html).
export function lambdaResources(c: Ctx, action: string, input: Input): CallResource[] {
  const given = str(input['FunctionName']);
  const m = /^arn:aws[a-z-]*:lambda:([^:]+):(\d+):function:([^:]+)(?::(.+))?$/.exec(given);
  const [region, account, name, arnQualifier] = m
    ? [m[1]!, m[2]!, m[3]!, m[4]]
    : [c.region, c.id, given.split(':')[0]!, given.split(':')[1]];
  const fn = `arn:aws:lambda:${region}:${account}:function:${name}`;
  if (/Alias$/.test(action) || action === 'ListVersionsByFunction') return [{ arn: fn }];
  const qualifier = str(input['Qualifier']) || arnQualifier;
  return [{ arn: qualifier ? `${fn}:${qualifier}` : fn }];
}

// ---- Amazon ECS (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html)
export function ecsResources(c: Ctx, action: string, input: Input): CallResource[] {
  const base = `arn:aws:ecs:${c.region}:${c.id}`;
  const clusterName = str(input['cluster']).replace(/^arn:[^/]+\//, '') || 'default';
  const cluster = { 'ecs:cluster': `${base}:cluster/${clusterName}` };
  const service = (s: string): string => (s.startsWith('arn:') ? s : `${base}:service/${clusterName}/${s}`);
  switch (action) {
    case 'DescribeServices':
      return strs(input['services']).map((s) => ({ arn: service(s), context: cluster }));
    case 'UpdateService':
    case 'ListServiceDeployments':
      return [{ arn: service(str(input['service'])), context: cluster }];
    case 'DescribeServiceDeployments':
      return strs(input['serviceDeploymentArns']).map((arn) => ({ arn }));
    case 'StopServiceDeployment':
    case 'ContinueServiceDeployment':
      return [{ arn: str(input['serviceDeploymentArn']) }];
    case 'DescribeTasks':
      return strs(input['tasks']).map((t) => ({
        arn: t.startsWith('arn:') ? t : `${base}:task/${clusterName}/${t}`,
        context: cluster,
      }));
    // ListTasks names no resource type of its own: it is scoped by the ecs:cluster condition key.
    case 'ListTasks':
      return [{ arn: '*', context: cluster }];
    // RunTask authorises on the task definition revision it runs, StopTask on the task; both in the cluster.
    case 'RunTask': {
      const td = str(input['taskDefinition']);
      const named = td.startsWith('arn:') ? td : `${base}:task-definition/${td}`;
      return [{ arn: named, context: cluster }];
    }
    case 'StopTask': {
      const t = str(input['task']);
      return [{ arn: t.startsWith('arn:') ? t : `${base}:task/${clusterName}/${t}`, context: cluster }];
    }
    // The new revision's number is ECS's to assign.
    case 'RegisterTaskDefinition':
      return [
        {
          arn: `${base}:task-definition/${str(input['family'])}:*`,
          context: requestTagContext(tagsOf(input['tags'])),
        },
      ];
    default:
      return ANY;
  }
}

// ---- Elastic Load Balancing V2 (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html)
// Describe* take no resource type. The simulator keeps no target-group tags, so the tags a create call gave
// are remembered here per account, for the aws:ResourceTag conditions of later calls.
const elbTags = new WeakMap<SimAccount, Map<string, Map<string, string>>>();

export function elbv2Resources(c: Ctx, action: string, input: Input): CallResource[] {
  const tagged = (arn: string): CallResource => ({
    arn,
    context: resourceTagContext(elbTags.get(c.account)?.get(arn)),
  });
  switch (action) {
    case 'CreateTargetGroup':
      return [
        {
          arn: `arn:aws:elasticloadbalancing:${c.region}:${c.id}:targetgroup/${str(input['Name'])}/*`,
          context: requestTagContext(tagsOf(input['Tags'])),
        },
      ];
    case 'DeleteTargetGroup':
    case 'ModifyTargetGroupAttributes':
    case 'RegisterTargets':
    case 'DeregisterTargets':
      return [tagged(str(input['TargetGroupArn']))];
    case 'ModifyListener':
      return [tagged(str(input['ListenerArn']))];
    case 'ModifyRule':
      return [tagged(str(input['RuleArn']))];
    case 'AddTags':
      return strs(input['ResourceArns']).map((arn) => {
        const r = tagged(arn);
        return { arn, context: { ...r.context, ...requestTagContext(tagsOf(input['Tags'])) } };
      });
    default:
      return ANY;
  }
}

/** After a successful call: remembers the tags a target group was created with (see elbTags). */
export function noteCreated(account: SimAccount, action: string, input: Input, output: unknown): void {
  if (action !== 'CreateTargetGroup') return;
  const arn = (output as { TargetGroups?: Array<{ TargetGroupArn?: string }> })?.TargetGroups?.[0]
    ?.TargetGroupArn;
  if (!arn) return;
  let byArn = elbTags.get(account);
  if (!byArn) elbTags.set(account, (byArn = new Map()));
  byArn.set(arn, new Map(tagsOf(input['Tags']).map((t) => [t.Key ?? '', t.Value ?? ''])));
}

// ---- Amazon EC2 Auto Scaling (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html)
// autoScalingGroup* for the actions on one group; Describe* take no resource type.
export function autoscalingResources(c: Ctx, action: string, input: Input): CallResource[] {
  const sim = c.account.service<AutoScalingSim>('AutoScalingClient');
  const group = (name: string, extra: CallContext = {}): CallResource => {
    const g = sim.group(name);
    const arn =
      g?.arn ?? `arn:aws:autoscaling:${c.region}:${c.id}:autoScalingGroup:*:autoScalingGroupName/${name}`;
    const tags = g ? [...g.tags].map(([k, v]): [string, string] => [k, v.value]) : undefined;
    return { arn, context: { ...resourceTagContext(tags), ...extra } };
  };
  switch (action) {
    // The group does not exist yet: its id is Auto Scaling's to assign.
    case 'CreateAutoScalingGroup':
      return [
        {
          arn: `arn:aws:autoscaling:${c.region}:${c.id}:autoScalingGroup:*:autoScalingGroupName/${str(input['AutoScalingGroupName'])}`,
          context: requestTagContext(tagsOf(input['Tags'])),
        },
      ];
    case 'CreateOrUpdateTags':
    case 'DeleteTags': {
      const tags = tagsOf(input['Tags']) as Array<Tag & { ResourceId?: string }>;
      const names = [...new Set(tags.map((t) => t.ResourceId ?? ''))];
      return names.map((n) => group(n, requestTagContext(tags.filter((t) => t.ResourceId === n))));
    }
    default: {
      const name = str(input['AutoScalingGroupName']);
      return action.startsWith('Describe') || !name ? ANY : [group(name)];
    }
  }
}

// ---- Amazon EC2 (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html)
// Images and snapshots have no account in their ARN; Describe* take no resource type.
export function ec2Resources(c: Ctx, action: string, input: Input): CallResource[] {
  const sim = c.account.service<Ec2Sim>('EC2Client');
  const state = sim.region(c.region);
  const arn = (type: string, id: string): string =>
    type === 'image' || type === 'snapshot'
      ? `arn:aws:ec2:${c.region}::${type}/${id}`
      : `arn:aws:ec2:${c.region}:${c.id}:${type}/${id}`;
  const existing = (id: string, extra: CallContext = {}): CallResource => {
    const [type, tags] = id.startsWith('ami-')
      ? ['image', state.images.get(id)?.tags]
      : id.startsWith('snap-')
        ? ['snapshot', state.snapshots.get(id)?.tags]
        : id.startsWith('lt-')
          ? ['launch-template', state.launchTemplates.get(id)?.tags]
          : ['instance', state.instances.get(id)?.tags];
    return { arn: arn(type, id), context: { ...resourceTagContext(tags), ...extra } };
  };
  const created = (type: string): CallResource => ({
    arn: arn(type, '*'),
    context: requestTagContext(specTags(input, type)),
  });
  switch (action) {
    case 'RunInstances': {
      const out = [created('instance'), created('volume'), created('network-interface')];
      out.push(existing(str(input['ImageId'])));
      if (input['SubnetId']) out.push({ arn: arn('subnet', str(input['SubnetId'])) });
      for (const sg of strs(input['SecurityGroupIds'])) out.push({ arn: arn('security-group', sg) });
      return out;
    }
    case 'CreateImage':
      return [existing(str(input['InstanceId'])), created('image'), created('snapshot')];
    // The copy is made in the calling region; the source image is read, not authorised here.
    case 'CopyImage':
      return [created('image')];
    case 'CreateTags':
      return strs(input['Resources']).map((id) => existing(id, requestTagContext(tagsOf(input['Tags']))));
    case 'DeregisterImage':
    case 'EnableImageDeprecation':
    case 'ModifyImageAttribute':
      return [existing(str(input['ImageId']))];
    case 'ModifySnapshotAttribute':
      return [existing(str(input['SnapshotId']))];
    case 'GetConsoleOutput':
      return [existing(str(input['InstanceId']))];
    case 'TerminateInstances':
    case 'StopInstances':
      return strs(input['InstanceIds']).map((id) => existing(id));
    case 'CreateLaunchTemplateVersion': {
      const id =
        str(input['LaunchTemplateId']) ||
        [...state.launchTemplates.values()].find((t) => t.name === input['LaunchTemplateName'])?.id ||
        '*';
      return [existing(id.startsWith('lt-') ? id : 'lt-unknown')];
    }
    default:
      return ANY;
  }
}

// ---- Amazon S3: object* (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html)
export function s3Resources(_c: Ctx, _action: string, input: Input): CallResource[] {
  return [{ arn: `arn:aws:s3:::${str(input['Bucket'])}/${str(input['Key'])}` }];
}

// ---- AWS Systems Manager: parameter*; AWS's public parameters (/aws/service/...) have no account in
// their ARN (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html).
export function ssmResources(c: Ctx, _action: string, input: Input): CallResource[] {
  const name = str(input['Name']).replace(/^\//, '');
  const account = name.startsWith('aws/') ? '' : c.id;
  return [{ arn: `arn:aws:ssm:${c.region}:${account}:parameter/${name}` }];
}

// ---- Amazon ECR: repository*; GetAuthorizationToken takes no resource type
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html).
export function ecrResources(c: Ctx, action: string, input: Input): CallResource[] {
  const repo = (name: string, ctx: CallContext = {}): CallResource => ({
    arn: `arn:aws:ecr:${c.region}:${str(input['registryId']) || c.id}:repository/${name}`,
    context: ctx,
  });
  switch (action) {
    case 'CreateRepository':
      return [repo(str(input['repositoryName']), requestTagContext(tagsOf(input['tags'])))];
    case 'DescribeRepositories':
      return strs(input['repositoryNames']).map((n) => repo(n));
    default:
      return str(input['repositoryName']) ? [repo(str(input['repositoryName']))] : ANY;
  }
}

// ---- Amazon CloudWatch: alarm* for the actions on named alarms
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html).
// DescribeAlarms returns composite alarms only when the permission is scoped to "*"
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html), and slipway
// asks for both types, so it is recorded on "*" like STS's GetCallerIdentity.
export function cloudwatchResources(c: Ctx, action: string, input: Input): CallResource[] {
  const alarm = (name: string): CallResource => ({
    arn: `arn:aws:cloudwatch:${c.region}:${c.id}:alarm:${name}`,
  });
  switch (action) {
    case 'PutMetricAlarm':
      return [alarm(str(input['AlarmName']))];
    case 'DeleteAlarms':
      return strs(input['AlarmNames']).map(alarm);
    default:
      return ANY;
  }
}

// ---- AWS CodeDeploy: application* (GetApplication), deploymentconfig* (GetDeploymentConfig), and the
// deployment group for the calls on a group or on one of its deployments (by deploymentId)
// (https://docs.aws.amazon.com/codedeploy/latest/userguide/auth-and-access-control-permissions-reference.html).
export function codedeployResources(c: Ctx, action: string, input: Input): CallResource[] {
  const base = `arn:aws:codedeploy:${c.region}:${c.id}`;
  if (action === 'GetApplication') return [{ arn: `${base}:application:${str(input['applicationName'])}` }];
  if (action === 'GetDeploymentConfig')
    return [{ arn: `${base}:deploymentconfig:${str(input['deploymentConfigName'])}` }];
  let app = str(input['applicationName']);
  let group = str(input['deploymentGroupName']);
  if (!group && input['deploymentId']) {
    const d = c.account.service<CodeDeploySim>('CodeDeployClient').deployment(str(input['deploymentId']));
    [app, group] = d ? [d.applicationName, d.groupName] : ['*', '*'];
  }
  return group ? [{ arn: `${base}:deploymentgroup:${app}/${group}` }] : ANY;
}

// ---- CloudWatch Logs: GetLogEvents authorises on the log stream
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html).
export function logsResources(c: Ctx, action: string, input: Input): CallResource[] {
  if (action !== 'GetLogEvents') return ANY;
  const group = str(input['logGroupName']);
  return [
    { arn: `arn:aws:logs:${c.region}:${c.id}:log-group:${group}:log-stream:${str(input['logStreamName'])}` },
  ];
}

const BY_SERVICE: Record<string, (c: Ctx, action: string, input: Input) => CallResource[]> = {
  lambda: lambdaResources,
  ecs: ecsResources,
  elasticloadbalancing: elbv2Resources,
  autoscaling: autoscalingResources,
  ec2: ec2Resources,
  s3: s3Resources,
  ssm: ssmResources,
  ecr: ecrResources,
  cloudwatch: cloudwatchResources,
  codedeploy: codedeployResources,
  logs: logsResources,
};

/** The resources (with their condition keys) that IAM authorises `prefix:action` on, from the input. */
export function resourcesOf(
  account: SimAccount,
  prefix: string,
  action: string,
  region: string,
  input: unknown,
): CallResource[] {
  const build = BY_SERVICE[prefix];
  const c = { account, region, id: account.accountId };
  return build ? build(c, action, (input ?? {}) as Input) : ANY;
}
