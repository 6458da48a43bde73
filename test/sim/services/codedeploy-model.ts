// The records the CodeDeploy simulator keeps (applications, deployment groups, deployment configurations,
// deployments and their ECS lifecycle events), its timings, and its errors. Behaviour: codedeploy-<part>.ts.
// @aws-sdk/client-codedeploy is not a dependency of this project, so the shapes below follow the CodeDeploy
// API reference (https://docs.aws.amazon.com/codedeploy/latest/APIReference/Welcome.html) by hand, and the
// exceptions are the simulator's own classes named as CodeDeploy names its error codes.

/** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentInfo.html (status) */
export type DeploymentStatus =
  'Created' | 'Queued' | 'InProgress' | 'Baking' | 'Succeeded' | 'Failed' | 'Stopped' | 'Ready';

/** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_LifecycleEvent.html (status) */
export type EventStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped' | 'Unknown';

/**
 * The lifecycle events of an Amazon ECS deployment, in the order they run; the hooks are the five an AppSpec
 * may name (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#reference-appspec-file-structure-hooks-list-ecs).
 */
export const ECS_EVENTS = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
] as const;
export type EcsEventName = (typeof ECS_EVENTS)[number];
export const ECS_HOOKS: readonly string[] = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
];

/** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TrafficRoutingConfig.html */
export interface TrafficRoutingConfig {
  type: 'AllAtOnce' | 'TimeBasedCanary' | 'TimeBasedLinear';
  timeBasedCanary?: { canaryPercentage: number; canaryInterval: number };
  timeBasedLinear?: { linearPercentage: number; linearInterval: number };
}

export interface DeploymentConfig {
  name: string;
  id: string;
  computePlatform: 'ECS' | 'Lambda' | 'Server';
  trafficRoutingConfig: TrafficRoutingConfig;
  createTime: number;
}

/**
 * The predefined ECS configurations
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html#deployment-configuration-ecs).
 */
export const PREDEFINED_ECS_CONFIGS: Record<string, TrafficRoutingConfig> = {
  'CodeDeployDefault.ECSAllAtOnce': { type: 'AllAtOnce' },
  'CodeDeployDefault.ECSCanary10Percent5Minutes': {
    type: 'TimeBasedCanary',
    timeBasedCanary: { canaryPercentage: 10, canaryInterval: 5 },
  },
  'CodeDeployDefault.ECSCanary10Percent15Minutes': {
    type: 'TimeBasedCanary',
    timeBasedCanary: { canaryPercentage: 10, canaryInterval: 15 },
  },
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes': {
    type: 'TimeBasedLinear',
    timeBasedLinear: { linearPercentage: 10, linearInterval: 1 },
  },
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes': {
    type: 'TimeBasedLinear',
    timeBasedLinear: { linearPercentage: 10, linearInterval: 3 },
  },
};

export interface Application {
  name: string;
  id: string;
  computePlatform: 'ECS';
  createTime: number;
}

export type AutoRollbackEvent =
  'DEPLOYMENT_FAILURE' | 'DEPLOYMENT_STOP_ON_ALARM' | 'DEPLOYMENT_STOP_ON_REQUEST';

/** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentGroupInfo.html (ECS fields) */
export interface DeploymentGroup {
  applicationName: string;
  name: string;
  id: string;
  serviceRoleArn: string;
  deploymentConfigName: string;
  ecsServices: Array<{ clusterName: string; serviceName: string }>;
  loadBalancerInfo: {
    targetGroupPairInfoList: Array<{
      targetGroups: Array<{ name: string }>;
      prodTrafficRoute: { listenerArns: string[] };
      testTrafficRoute?: { listenerArns: string[] };
    }>;
  };
  blueGreenDeploymentConfiguration: {
    terminateBlueInstancesOnDeploymentSuccess: {
      action: 'TERMINATE' | 'KEEP_ALIVE';
      terminationWaitTimeInMinutes: number;
    };
    deploymentReadyOption: {
      actionOnTimeout: 'CONTINUE_DEPLOYMENT' | 'STOP_DEPLOYMENT';
      waitTimeInMinutes: number;
    };
  };
  autoRollbackConfiguration: { enabled: boolean; events: AutoRollbackEvent[] };
  alarmConfiguration: { enabled: boolean; ignorePollAlarmFailure: boolean; alarms: Array<{ name: string }> };
}

/** The ECS AppSpec as CodeDeploy reads it (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-ecs). */
export interface EcsAppSpec {
  taskDefinition: string;
  containerName: string;
  containerPort: number;
  platformVersion: string | undefined;
  networkConfiguration: unknown;
  capacityProviderStrategy: unknown;
  hooks: Partial<Record<string, string>>;
}

export interface LifecycleEvent {
  name: EcsEventName;
  status: EventStatus;
  startTime: number | undefined;
  endTime: number | undefined;
  diagnostics: { errorCode: string; scriptName: string; message: string; logTail: string } | undefined;
  /** A hook event: the function it invoked, the execution id it waits on, and the status reported. */
  hookFunction: string | undefined;
  hookExecutionId: string | undefined;
  reported: 'Succeeded' | 'Failed' | undefined;
}

export interface Deployment {
  id: string;
  applicationName: string;
  groupName: string;
  configName: string;
  routing: TrafficRoutingConfig;
  creator: 'user' | 'autoRollback';
  /** The group's autoRollbackConfiguration, or the one CreateDeployment gave instead. */
  autoRollback: { enabled: boolean; events: AutoRollbackEvent[] };
  description: string;
  appSpecContent: { content: string; sha256: string } | undefined;
  appSpec: EcsAppSpec | undefined;
  status: DeploymentStatus;
  createTime: number;
  startTime: number | undefined;
  completeTime: number | undefined;
  errorInformation: { code: string; message: string } | undefined;
  rollbackInfo:
    | { rollbackDeploymentId?: string; rollbackTriggeringDeploymentId?: string; rollbackMessage?: string }
    | undefined;
  events: LifecycleEvent[];
  /** The ECS target: the service, its original and replacement task sets, and the target groups they serve. */
  clusterName: string;
  serviceName: string;
  originalTaskSetId: string | undefined;
  replacementTaskSetId: string | undefined;
  originalTg: string;
  replacementTg: string;
  /** Production traffic on the replacement task set, percent. */
  replacementWeight: number;
  /** When AllowTraffic began (the shifting steps count from here). */
  shiftStartedAt: number | undefined;
  /** Waiting: for ContinueDeployment (ready wait) until `readyUntil`, or for the original's deletion until `terminateAt`. */
  readySince: number | undefined;
  terminateAt: number | undefined;
  /** A rollback deployment, until the replacement task set's tasks are gone. */
  rollbackOf: string | undefined;
  lastUpdatedAt: number;
}

/** A hook that has not reported within an hour fails (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html). */
export const HOOK_TIMEOUT_MS = 60 * 60_000;

export const ACTIVE_STATUSES: readonly DeploymentStatus[] = [
  'Created',
  'Queued',
  'InProgress',
  'Baking',
  'Ready',
];
export const DONE_STATUSES: readonly DeploymentStatus[] = ['Succeeded', 'Failed', 'Stopped'];

/** CodeDeploy's base exception; the SDK would subclass it per error code. */
export class CodeDeployServiceException extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: Record<string, unknown>;
  constructor(opts: Record<string, unknown>) {
    super(String(opts['message'] ?? ''));
    this.name = String(opts['name'] ?? 'CodeDeployServiceException');
    this.$fault = (opts['$fault'] as 'client' | 'server') ?? 'client';
    this.$metadata = (opts['$metadata'] as Record<string, unknown>) ?? {};
  }
}

/** What SimService.sdk needs: the base exception (SimAccount.makeError names each error by its code). */
export const CODEDEPLOY_SDK: Record<string, unknown> = { CodeDeployServiceException };
