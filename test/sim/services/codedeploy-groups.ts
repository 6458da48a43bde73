import type { SimAccount } from '../account.js';
import { SimService } from '../account.js';
import type {
  Application,
  AutoRollbackEvent,
  Deployment,
  DeploymentConfig,
  DeploymentGroup,
  TrafficRoutingConfig,
} from './codedeploy-model.js';
import { CODEDEPLOY_SDK, PREDEFINED_ECS_CONFIGS } from './codedeploy-model.js';
import type { EcsTaskSetsSim } from './ecs-task-sets.js';
import type { Elbv2Sim } from './elbv2.js';

/**
 * CodeDeploy's applications, deployment groups and deployment configurations for the Amazon ECS compute
 * platform: scenario set-up methods (as the console or CloudFormation would have made them) and the reads
 * GetApplication, GetDeploymentGroup, GetDeploymentConfig.
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html
 */
export abstract class CodeDeployGroups extends SimService {
  readonly clientName = 'CodeDeployClient';
  readonly iamPrefix = 'codedeploy';
  readonly sdk = CODEDEPLOY_SDK;
  // https://docs.aws.amazon.com/codedeploy/latest/APIReference/CommonErrors.html
  readonly throttle = { name: 'ThrottlingException', status: 400 };
  protected readonly applications = new Map<string, Application>();
  protected readonly groups = new Map<string, DeploymentGroup>();
  protected readonly configs = new Map<string, DeploymentConfig>();
  protected readonly deployments: Deployment[] = [];

  constructor(
    account: SimAccount,
    protected readonly ecs: EcsTaskSetsSim,
    protected readonly elbv2: Elbv2Sim,
  ) {
    super(account);
    for (const [name, trafficRoutingConfig] of Object.entries(PREDEFINED_ECS_CONFIGS))
      this.configs.set(name, {
        name,
        id: this.uuid(),
        computePlatform: 'ECS',
        trafficRoutingConfig,
        createTime: 0,
      });
  }

  protected uuid(): string {
    let h = '';
    while (h.length < 32) h += Math.floor(this.account.random() * 16).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // ---- set-up (not API calls) ----

  createApplication(name: string): Application {
    const app: Application = { name, id: this.uuid(), computePlatform: 'ECS', createTime: this.now };
    this.applications.set(name, app);
    return app;
  }

  /** A custom ECS deployment configuration (CreateDeploymentConfig with computePlatform ECS). */
  createDeploymentConfig(name: string, trafficRoutingConfig: TrafficRoutingConfig): void {
    this.configs.set(name, {
      name,
      id: this.uuid(),
      computePlatform: 'ECS',
      trafficRoutingConfig,
      createTime: this.now,
    });
  }

  /**
   * An ECS deployment group: one service, a pair of target groups and a production listener (a test listener
   * optional), always BLUE_GREEN WITH_TRAFFIC_CONTROL
   * (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-groups-create-ecs.html). CreateDeploymentGroup
   * refuses a service not on the CODE_DEPLOY controller (InvalidECSServiceException).
   */
  createDeploymentGroup(o: {
    applicationName: string;
    name: string;
    cluster: string;
    service: string;
    targetGroups: [string, string];
    prodListener: string;
    testListener?: string;
    deploymentConfigName?: string;
    terminationWaitTimeInMinutes?: number;
    deploymentReadyOption?: DeploymentGroup['blueGreenDeploymentConfiguration']['deploymentReadyOption'];
    autoRollbackEvents?: AutoRollbackEvent[];
    alarms?: string[];
  }): DeploymentGroup {
    if (!this.applications.has(o.applicationName))
      throw this.error(
        'ApplicationDoesNotExistException',
        `No application found for name: ${o.applicationName}`,
      );
    if (!this.ecs.isCodeDeploy(o.cluster, o.service))
      throw this.error(
        'InvalidECSServiceException',
        `Deployment group's ECS service must be configured for a CODE_DEPLOY deployment controller.`,
      );
    const g: DeploymentGroup = {
      applicationName: o.applicationName,
      name: o.name,
      id: this.uuid(),
      serviceRoleArn: `arn:aws:iam::${this.account.accountId}:role/ecs-codedeploy`,
      deploymentConfigName: o.deploymentConfigName ?? 'CodeDeployDefault.ECSAllAtOnce',
      ecsServices: [{ clusterName: o.cluster, serviceName: o.service }],
      loadBalancerInfo: {
        targetGroupPairInfoList: [
          {
            targetGroups: o.targetGroups.map((arn) => ({ name: this.elbv2.nameOf(arn) })),
            prodTrafficRoute: { listenerArns: [o.prodListener] },
            ...(o.testListener ? { testTrafficRoute: { listenerArns: [o.testListener] } } : {}),
          },
        ],
      },
      blueGreenDeploymentConfiguration: {
        terminateBlueInstancesOnDeploymentSuccess: {
          action: 'TERMINATE',
          terminationWaitTimeInMinutes: o.terminationWaitTimeInMinutes ?? 0,
        },
        deploymentReadyOption: o.deploymentReadyOption ?? {
          actionOnTimeout: 'CONTINUE_DEPLOYMENT',
          waitTimeInMinutes: 0,
        },
      },
      autoRollbackConfiguration: {
        enabled: (o.autoRollbackEvents ?? []).length > 0,
        events: o.autoRollbackEvents ?? [],
      },
      alarmConfiguration: {
        enabled: (o.alarms ?? []).length > 0,
        ignorePollAlarmFailure: false,
        alarms: (o.alarms ?? []).map((name) => ({ name })),
      },
    };
    this.groups.set(`${o.applicationName}/${o.name}`, g);
    this.groupTgArns.set(g, o.targetGroups);
    return g;
  }

  /** The target group ARNs of a group (the API names them; the simulator keeps the ARNs too). */
  protected readonly groupTgArns = new Map<DeploymentGroup, [string, string]>();

  // ---- lookups that throw CodeDeploy's errors ----

  protected app(name: string | undefined): Application {
    if (!name)
      throw this.error('ApplicationNameRequiredException', 'The minimum length of applicationName is 1.');
    const app = this.applications.get(name);
    if (!app) throw this.error('ApplicationDoesNotExistException', `No application found for name: ${name}`);
    return app;
  }

  protected group(appName: string | undefined, name: string | undefined): DeploymentGroup {
    const app = this.app(appName);
    if (!name)
      throw this.error(
        'DeploymentGroupNameRequiredException',
        'The minimum length of deploymentGroupName is 1.',
      );
    const g = this.groups.get(`${app.name}/${name}`);
    if (!g)
      throw this.error('DeploymentGroupDoesNotExistException', `No Deployment Group found for name: ${name}`);
    return g;
  }

  protected config(name: string): DeploymentConfig {
    const c = this.configs.get(name);
    if (!c)
      throw this.error(
        'DeploymentConfigDoesNotExistException',
        `No deployment configuration found for name: ${name}`,
      );
    return c;
  }

  // ---- API: reads ----

  /** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_GetApplication.html */
  GetApplication(input: { applicationName?: string }): unknown {
    const app = this.app(input.applicationName);
    return {
      application: {
        applicationId: app.id,
        applicationName: app.name,
        createTime: new Date(app.createTime),
        linkedToGitHub: false,
        computePlatform: app.computePlatform,
      },
    };
  }

  /** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_GetDeploymentGroup.html */
  GetDeploymentGroup(input: { applicationName?: string; deploymentGroupName?: string }): unknown {
    const g = this.group(input.applicationName, input.deploymentGroupName);
    const last = this.deployments.findLast(
      (d) => d.groupName === g.name && d.applicationName === g.applicationName,
    );
    return {
      deploymentGroupInfo: {
        applicationName: g.applicationName,
        deploymentGroupId: g.id,
        deploymentGroupName: g.name,
        deploymentConfigName: g.deploymentConfigName,
        serviceRoleArn: g.serviceRoleArn,
        computePlatform: 'ECS',
        deploymentStyle: { deploymentType: 'BLUE_GREEN', deploymentOption: 'WITH_TRAFFIC_CONTROL' },
        ecsServices: structuredClone(g.ecsServices),
        loadBalancerInfo: structuredClone(g.loadBalancerInfo),
        blueGreenDeploymentConfiguration: structuredClone(g.blueGreenDeploymentConfiguration),
        autoRollbackConfiguration: structuredClone(g.autoRollbackConfiguration),
        alarmConfiguration: structuredClone(g.alarmConfiguration),
        ...(last
          ? {
              lastAttemptedDeployment: {
                deploymentId: last.id,
                status: last.status,
                createTime: new Date(last.createTime),
                ...(last.completeTime !== undefined ? { endTime: new Date(last.completeTime) } : {}),
              },
            }
          : {}),
      },
    };
  }

  /** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_GetDeploymentConfig.html */
  GetDeploymentConfig(input: { deploymentConfigName?: string }): unknown {
    const c = this.config(input.deploymentConfigName ?? '');
    return {
      deploymentConfigInfo: {
        deploymentConfigId: c.id,
        deploymentConfigName: c.name,
        createTime: new Date(c.createTime),
        computePlatform: c.computePlatform,
        trafficRoutingConfig: structuredClone(c.trafficRoutingConfig),
      },
    };
  }
}
