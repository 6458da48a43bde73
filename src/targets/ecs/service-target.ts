import type { RegisterTaskDefinitionRequest } from '@aws-sdk/client-ecs';
import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { ActionError } from '../../core/errors.js';
import type { RolloutContext } from '../../rollout/context.js';
import type { HealthReport, Target, TargetState } from '../../rollout/target.js';
import type { CodeDeployServiceState, CodeDeployTargetDeps } from './codedeploy-target.js';
import { CodeDeployServiceTarget } from './codedeploy-target.js';
import type { EcsServiceState, EcsTargetDeps, EcsTargetSpec } from './ecs-target.js';
import { EcsServiceTarget } from './ecs-target.js';
import { shortName } from './names.js';

export interface EcsDeployDeps extends EcsTargetDeps {
  codedeploy: CodeDeployClient;
}

export interface EcsDeploySpec extends EcsTargetSpec {
  codedeployApplication: string | undefined;
  codedeployDeploymentGroup: string | undefined;
}

/** The saved state: an ECS-controller service's as it always was, or a CodeDeploy service's (mode codedeploy). */
export type EcsDeployState = EcsServiceState | CodeDeployServiceState;

const isCodeDeploy = (s: EcsDeployState): s is CodeDeployServiceState =>
  (s as Partial<CodeDeployServiceState>).mode === 'codedeploy';

const codeDeployDeps = (d: EcsDeployDeps): CodeDeployTargetDeps => ({
  ecs: d.ecs,
  codedeploy: d.codedeploy,
  clock: d.clock,
  logs: d.logs,
  fact: d.fact,
});

/** Rebuilds the target the main step ran from its saved state, for the post step's rollback. */
export function rebuildEcsTarget(d: EcsDeployDeps, state: EcsDeployState): Target {
  return isCodeDeploy(state)
    ? new CodeDeployServiceTarget(codeDeployDeps(d), state)
    : new EcsServiceTarget(d, state);
}

/**
 * deploy-ecs's target: on describe() it reads the service's deployment controller and hands everything to
 * EcsServiceTarget (ECS) or CodeDeployServiceTarget (CODE_DEPLOY); the mode goes into the saved state.
 */
export class EcsDeployTarget implements Target {
  readonly label: string;
  private inner: EcsServiceTarget | CodeDeployServiceTarget | undefined;

  constructor(
    private readonly d: EcsDeployDeps,
    private readonly ecsState: EcsServiceState,
    private readonly spec: EcsDeploySpec,
  ) {
    this.label = `service ${shortName(ecsState.service)} in cluster ${shortName(ecsState.cluster)}`;
  }

  private get target(): Target {
    if (!this.inner) throw new Error('describe() decides the target first');
    return this.inner;
  }

  /** What the post step needs, with the mode. */
  savedState(): EcsDeployState {
    return structuredClone(this.inner?.state ?? this.ecsState);
  }

  /** The definition this run renders and registers, once described. */
  get rendered(): RegisterTaskDefinitionRequest | undefined {
    return this.inner?.rendered;
  }

  get taskDefinitionArn(): string | undefined {
    return (this.inner?.state ?? this.ecsState).taskDefinitionArn;
  }

  /** The ECS service deployment ARN, or the CodeDeploy deployment id. */
  get deploymentId(): string | undefined {
    const s = this.inner?.state ?? this.ecsState;
    return isCodeDeploy(s) ? s.deploymentId : s.serviceDeploymentArn;
  }

  async describe(): Promise<TargetState> {
    if (!this.inner) this.inner = await this.choose();
    return this.inner.describe();
  }

  private async choose(): Promise<EcsServiceTarget | CodeDeployServiceTarget> {
    const { cluster, service, region } = this.ecsState;
    const out = await this.d.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    const svc = out.services?.[0];
    // A service not found is EcsServiceTarget's to report, with ECS's reason.
    if (!svc) return new EcsServiceTarget(this.d, this.ecsState, this.spec);
    const controller = svc.deploymentController?.type;
    const app = this.spec.codedeployApplication;
    const group = this.spec.codedeployDeploymentGroup;
    if (controller !== 'CODE_DEPLOY') {
      if (app !== undefined || group !== undefined)
        throw new ActionError(
          `codedeploy-application and codedeploy-deployment-group are for services on the CODE_DEPLOY deployment controller; ${this.label} uses ${controller ?? 'ECS'}: drop them`,
        );
      return new EcsServiceTarget(this.d, this.ecsState, this.spec);
    }
    if (app === undefined || group === undefined)
      throw new ActionError(
        `${this.label} uses the CODE_DEPLOY deployment controller: set codedeploy-application and codedeploy-deployment-group to the CodeDeploy application and deployment group that deploy it (the CodeDeploy console's application page lists its deployment groups; or aws deploy list-deployment-groups --application-name <application>, then the group whose ecsServices names ${shortName(service)})`,
      );
    if (this.spec.propagateTags !== undefined || this.spec.enableEcsManagedTags !== undefined)
      throw new ActionError(
        `propagate-tags and enable-ecs-managed-tags are not supported for ${this.label} on the CODE_DEPLOY deployment controller; set them on the service (aws ecs update-service)`,
      );
    const state: CodeDeployServiceState = {
      mode: 'codedeploy',
      region,
      cluster,
      service,
      application: app,
      deploymentGroup: group,
      previousTaskDefinitionArn: undefined,
      taskDefinitionArn: undefined,
      deploymentId: undefined,
      waitTimeoutMs: this.ecsState.waitTimeoutMs,
    };
    return new CodeDeployServiceTarget(codeDeployDeps(this.d), state, this.spec);
  }

  prepareGreen(ctx: RolloutContext): Promise<void> {
    return this.target.prepareGreen(ctx);
  }
  shift(percent: number, ctx: RolloutContext): Promise<void> {
    return this.target.shift(percent, ctx);
  }
  health(): Promise<HealthReport> {
    return this.target.health();
  }
  finalize(ctx: RolloutContext): Promise<void> {
    return this.target.finalize(ctx);
  }
  rollback(ctx: RolloutContext): Promise<void> {
    return this.target.rollback(ctx);
  }
  async diagnoseFailure(): Promise<string[]> {
    return this.inner instanceof EcsServiceTarget ? this.inner.diagnoseFailure() : [];
  }
}
