import type * as sdk from '@aws-sdk/client-ecs';
import type { SimContainerInstance } from './ecs-placement.js';
import type { HealthAnswer } from './elbv2.js';

// The records the ECS simulator keeps: tasks, service revisions, deployments, service deployments and
// services, and the timings of their state machines. The behaviour lives in ecs-<resource>.ts.
/** How a container image behaves once it runs; scenarios script it per image. */
export type ImageBehaviour =
  /** Answers health checks once booted. */
  | { kind: 'healthy'; bootMs?: number }
  /** Runs, but never answers health checks correctly. */
  | { kind: 'unhealthy'; reason?: HealthAnswer['reason'] }
  /** Exits `afterMs` after it starts. */
  | { kind: 'crash'; afterMs: number; exitCode?: number }
  /** The image cannot be pulled. */
  | { kind: 'pull-error' };

// The API reference documents PRE_PRODUCTION_TRAFFIC_SHIFT as a lifecycle stage; the SDK's enum lacks it.
export type Stage = sdk.ServiceDeploymentLifecycleStage | 'PRE_PRODUCTION_TRAFFIC_SHIFT';
export type SdStatus = sdk.ServiceDeploymentStatus;

export interface SimTask {
  arn: string;
  clusterArn: string;
  serviceName: string;
  revisionArn: string;
  deploymentId: string;
  td: sdk.TaskDefinition;
  behaviour: ImageBehaviour;
  instance: SimContainerInstance | undefined;
  ip: string | undefined;
  az: string;
  bindings: Array<{ containerName: string; containerPort: number; hostPort: number }>;
  lastStatus: 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'DEACTIVATING' | 'STOPPING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  healthStatus: 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY';
  createdAt: number;
  pendingAt: number;
  runningAt: number;
  startedAt: number | undefined;
  stoppingAt: number | undefined;
  stopAt: number | undefined;
  stoppedAt: number | undefined;
  stoppedReason: string | undefined;
  stopCode: sdk.TaskStopCode | undefined;
  exitCode: number | undefined;
  /** The target groups the task registers in once RUNNING, and what it registered. */
  registerInto: string[];
  targets: Array<{ tgArn: string; id: string; port: number }>;
  everHealthy: boolean;
  /** Stopped because it failed (to start, a health check, or its container exited): what the circuit breaker counts. */
  failed: boolean;
}

export interface Revision {
  arn: string;
  taskDefinitionArn: string;
  createdAt: number;
}

export interface DeploymentRecord {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  revisionArn: string;
  createdAt: number;
  updatedAt: number;
  rolloutState: sdk.DeploymentRolloutState;
  rolloutStateReason: string;
  failedTasks: number;
}

export interface LbEntry {
  config: sdk.LoadBalancer;
  /** Which of the entry's two target groups serves production now (blue/green swaps them). */
  serving: string;
}

export interface SimServiceDeployment {
  arn: string;
  serviceName: string;
  clusterArn: string;
  createdAt: number;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  stoppedAt: number | undefined;
  updatedAt: number;
  sourceRevisionArn: string;
  targetRevisionArn: string;
  deploymentId: string;
  config: sdk.DeploymentConfiguration;
  strategy: sdk.DeploymentStrategy;
  status: SdStatus;
  statusReason: string | undefined;
  stage: Stage | undefined;
  stageSince: number;
  hooks: Array<sdk.DeploymentLifecycleHookDetail & { stage: Stage }>;
  rollback: sdk.Rollback | undefined;
  cbFailures: number;
  cbStatus: sdk.ServiceDeploymentRollbackMonitorsStatus;
  alarmStatus: sdk.ServiceDeploymentRollbackMonitorsStatus;
  triggeredAlarms: string[];
  /** Native strategies: the production traffic share of the target revision, and of test traffic. */
  productionWeight: number;
  testWeight: number;
  step: number;
}

export interface SimEcsService {
  arn: string;
  name: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  /** CreateService/UpdateService propagateTags (NONE by default) and enableECSManagedTags (false by default). */
  propagateTags: sdk.PropagateTags;
  enableECSManagedTags: boolean;
  launchType: sdk.LaunchType | undefined;
  capacityProviderStrategy: sdk.CapacityProviderStrategyItem[] | undefined;
  placementStrategy: sdk.PlacementStrategy[];
  placementConstraints: sdk.PlacementConstraint[];
  networkConfiguration: sdk.NetworkConfiguration | undefined;
  loadBalancers: LbEntry[];
  deploymentConfiguration: sdk.DeploymentConfiguration;
  healthCheckGracePeriodSeconds: number;
  createdAt: number;
  events: sdk.ServiceEvent[];
  revisionArn: string;
  /** The revision the last successful deployment put in place: where a rollback goes. */
  lastCompletedRevisionArn: string;
  deployments: DeploymentRecord[];
  serviceDeployments: SimServiceDeployment[];
  /** PAUSE hooks the service had at set-up, so that a hook an action forgot to remove shows as an orphan. */
  setupPauseHooks: number;
  /** A failed deployment without rollback stops launching tasks until the next deployment. */
  halted: boolean;
}

/** How long a task takes from PROVISIONING to PENDING, and from PENDING (image pull) to RUNNING. */
export const PROVISION_MS = 5_000;
export const PULL_MS = 10_000;
export const DEFAULT_BOOT_MS = 5_000;
/** How long a task spends in STOPPING after its connections drained. */
export const STOP_MS = 2_000;
/** The least time a service deployment spends in a lifecycle stage. */
export const STAGE_MS = 5_000;
// Stopped tasks stay visible to DescribeTasks and ListTasks for at least an hour.
export const STOPPED_VISIBLE_MS = 60 * 60_000;

export const ACTIVE_SD: readonly SdStatus[] = [
  'PENDING',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'STOP_REQUESTED',
];
export const NATIVE: readonly string[] = ['BLUE_GREEN', 'CANARY', 'LINEAR'];
export const DEFAULT_CONFIG: sdk.DeploymentConfiguration = {
  deploymentCircuitBreaker: { enable: false, rollback: false },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
  strategy: 'ROLLING',
};

export const shortId = (arn: string): string => arn.split('/').pop() ?? arn;
export const minutes = (m: number | undefined, fallback: number): number => (m ?? fallback) * 60_000;
