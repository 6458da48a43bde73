import type * as sdk from '@aws-sdk/client-ecs';
import type { SimEcsService, SimTask } from './ecs-model.js';
import { shortId } from './ecs-model.js';
import type { EcsSim } from './ecs.js';
import { EcsRunTaskSim } from './ecs-run-task.js';

/** A task set of a service on the CODE_DEPLOY deployment controller. */
export interface SimTaskSet {
  /** ecs-svc/ and digits; its tasks carry it as their deployment id (startedBy). */
  id: string;
  arn: string;
  clusterArn: string;
  serviceName: string;
  status: 'PRIMARY' | 'ACTIVE' | 'DRAINING';
  /** The CodeDeploy deployment that created it (undefined for the service's first task set). */
  externalId: string | undefined;
  revisionArn: string;
  taskDefinitionArn: string;
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
  /** Percent of the service's desired count. */
  scale: number;
  createdAt: number;
  updatedAt: number;
}

const CODE_DEPLOY_TD_REFUSED =
  'Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.';

/**
 * ECS services on the CODE_DEPLOY deployment controller: their tasks belong to task sets (the original one
 * PRIMARY, a replacement ACTIVE while CodeDeploy deploys), each kept at its scale of the desired count
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskSet.html). CodeDeploy drives them through
 * the methods below, as it calls CreateTaskSet, UpdateServicePrimaryTaskSet and DeleteTaskSet with its role;
 * the user reads them with DescribeServices and DescribeTaskSets. The other services behave as in EcsSim.
 */
export class EcsTaskSetsSim extends EcsRunTaskSim {
  private readonly taskSetsBySvc = new Map<string, SimTaskSet[]>();

  // ---- set-up ----

  /** A service on the CODE_DEPLOY controller, its running tasks the original (PRIMARY) task set. */
  createCodeDeployService(options: Parameters<EcsSim['createService']>[0]): SimEcsService {
    const svc = this.createService(options);
    const lb = svc.loadBalancers[0]?.config;
    const td = this.taskDefinitionOf(svc);
    this.taskSetsBySvc.set(svc.arn, [
      {
        id: this.primary(svc).id,
        arn: this.taskSetArn(svc, this.primary(svc).id),
        clusterArn: svc.clusterArn,
        serviceName: svc.name,
        status: 'PRIMARY',
        externalId: undefined,
        revisionArn: svc.revisionArn,
        taskDefinitionArn: td.taskDefinitionArn!,
        targetGroupArn: lb?.targetGroupArn ?? '',
        containerName: lb?.containerName ?? '',
        containerPort: lb?.containerPort ?? 0,
        scale: 100,
        createdAt: this.now,
        updatedAt: this.now,
      },
    ]);
    return svc;
  }

  // ---- what CodeDeploy does with its service role (not the user's calls) ----

  isCodeDeploy(cluster: string, service: string): boolean {
    return this.taskSetsBySvc.has(this.service(cluster, service).arn);
  }

  taskSets(cluster: string, service: string): SimTaskSet[] {
    return this.taskSetsBySvc.get(this.service(cluster, service).arn) ?? [];
  }

  /**
   * CreateTaskSet as ECS validates it: the task definition exists and is ACTIVE, and the load balancer's
   * container and port are in it (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateTaskSet.html;
   * the error texts are ECS's, as CreateService gives them).
   */
  createTaskSet(
    cluster: string,
    service: string,
    o: {
      taskDefinition: string;
      targetGroupArn: string;
      containerName: string;
      containerPort: number;
      externalId: string;
    },
  ): SimTaskSet {
    const svc = this.service(cluster, service);
    const td = this.resolveTaskDefinition(o.taskDefinition);
    if (td.status !== 'ACTIVE') throw this.error('ClientException', 'TaskDefinition is inactive', 400);
    const container = td.containerDefinitions?.find((c) => c.name === o.containerName);
    if (!container)
      throw this.error(
        'InvalidParameterException',
        `The container ${o.containerName} does not exist in the task definition.`,
        400,
      );
    if (!(container.portMappings ?? []).some((p) => p.containerPort === o.containerPort))
      throw this.error(
        'InvalidParameterException',
        `The container ${o.containerName} did not have a container port ${o.containerPort} defined.`,
        400,
      );
    const id = this.deploymentId();
    const ts: SimTaskSet = {
      id,
      arn: this.taskSetArn(svc, id),
      clusterArn: svc.clusterArn,
      serviceName: svc.name,
      status: 'ACTIVE',
      externalId: o.externalId,
      revisionArn: this.newRevision(shortId(svc.clusterArn), svc.name, td.taskDefinitionArn!).arn,
      taskDefinitionArn: td.taskDefinitionArn!,
      targetGroupArn: o.targetGroupArn,
      containerName: o.containerName,
      containerPort: o.containerPort,
      scale: 100,
      createdAt: this.now,
      updatedAt: this.now,
    };
    this.taskSetsBySvc.get(svc.arn)!.push(ts);
    this.event(svc, `(service ${svc.name}) created task set ${id} (external id ${o.externalId}).`);
    return ts;
  }

  /** Every task of the task set runs and is healthy, as many as its scale asks for. */
  taskSetReady(ts: SimTaskSet): boolean {
    const svc = this.service(ts.clusterArn, ts.serviceName);
    const want = Math.ceil((svc.desiredCount * ts.scale) / 100);
    const tasks = this.tasksOf(ts).filter((t) => t.desiredStatus === 'RUNNING');
    return tasks.length >= want && tasks.every((t) => this.isHealthy(t));
  }

  /** A task set is gone once DeleteTaskSet's tasks have all stopped. */
  taskSetGone(ts: SimTaskSet): boolean {
    return !this.taskSetsBySvc.get(this.service(ts.clusterArn, ts.serviceName).arn)?.includes(ts);
  }

  /** UpdateServicePrimaryTaskSet: the given set becomes PRIMARY and the service's revision; the other ACTIVE. */
  updatePrimaryTaskSet(ts: SimTaskSet): void {
    const svc = this.service(ts.clusterArn, ts.serviceName);
    for (const other of this.taskSetsBySvc.get(svc.arn) ?? [])
      if (other.status === 'PRIMARY') Object.assign(other, { status: 'ACTIVE', updatedAt: this.now });
    Object.assign(ts, { status: 'PRIMARY', updatedAt: this.now });
    svc.revisionArn = ts.revisionArn;
    svc.lastCompletedRevisionArn = ts.revisionArn;
  }

  /** DeleteTaskSet: DRAINING, its tasks stopped (deregistered and drained); the record goes when they are. */
  deleteTaskSet(ts: SimTaskSet): void {
    const svc = this.service(ts.clusterArn, ts.serviceName);
    if (ts.status === 'PRIMARY')
      throw this.error('InvalidParameterException', 'The primary task set cannot be deleted.', 400);
    Object.assign(ts, { status: 'DRAINING', scale: 0, updatedAt: this.now });
    for (const t of this.tasksOf(ts)) this.stopTask(t, `Task set ${ts.id} deleted`);
    this.event(svc, `(service ${svc.name}) deleted task set ${ts.id}.`);
  }

  // ---- the scheduler: each task set kept at its scale ----

  protected override schedule(svc: SimEcsService): boolean {
    const sets = this.taskSetsBySvc.get(svc.arn);
    if (!sets) return super.schedule(svc);
    let changed = false;
    for (const ts of [...sets]) {
      const live = this.tasksOf(ts).filter((t) => t.desiredStatus === 'RUNNING');
      if (ts.status === 'DRAINING') {
        if (this.tasksOf(ts).every((t) => t.lastStatus === 'STOPPED')) sets.splice(sets.indexOf(ts), 1);
        continue;
      }
      const want = Math.ceil((svc.desiredCount * ts.scale) / 100);
      for (const t of live.slice(want)) {
        this.stopTask(t, `Scaling activity initiated by (task set ${ts.id})`);
        changed = true;
      }
      for (let n = live.length; n < want; n++) {
        if (!this.launch(svc, ts.revisionArn, ts.id, [ts.targetGroupArn])) break;
        changed = true;
      }
    }
    return changed;
  }

  /** A task set's task registers the container and port of the task set's load balancer entry. */
  protected override targetOf(t: SimTask, tgArn: string): { id: string; port: number } {
    const ts = this.taskSetsBySvc
      .get(this.service(shortId(t.clusterArn), t.serviceName).arn)
      ?.find((x) => x.id === t.deploymentId);
    if (!ts) return super.targetOf(t, tgArn);
    const b =
      t.bindings.find((x) => x.containerName === ts.containerName && x.containerPort === ts.containerPort) ??
      t.bindings[0];
    if (t.ip) return { id: t.ip, port: b?.containerPort ?? 80 };
    return { id: t.instance!.ec2InstanceId, port: b?.hostPort ?? 80 };
  }

  // ---- API ----

  /**
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html: "For services using the
   * blue/green (CODE_DEPLOY) deployment controller, only the desired count, deployment configuration, health
   * check grace period, task placement constraints and strategies, enable ECS managed tags option, and
   * propagate tags can be updated using this API. If the network configuration, platform version, task
   * definition, or load balancer need to be updated, create a new CodeDeploy deployment." A task definition
   * equal to the current one is refused too (ASSUMPTIONS.md).
   */
  override UpdateService(input: sdk.UpdateServiceRequest): sdk.UpdateServiceResponse {
    const svc = this.findService(input.cluster, input.service);
    if (!this.taskSetsBySvc.has(svc.arn)) return super.UpdateService(input);
    if (
      input.taskDefinition !== undefined ||
      input.loadBalancers !== undefined ||
      input.networkConfiguration !== undefined ||
      input.platformVersion !== undefined ||
      input.capacityProviderStrategy !== undefined ||
      input.forceNewDeployment === true
    )
      throw this.error('InvalidParameterException', CODE_DEPLOY_TD_REFUSED, 400);
    if (input.desiredCount !== undefined && (input.desiredCount < 0 || !Number.isInteger(input.desiredCount)))
      throw this.error(
        'InvalidParameterException',
        'desiredCount must be a whole number of at least 0.',
        400,
      );
    if (input.desiredCount !== undefined) svc.desiredCount = input.desiredCount;
    if (input.healthCheckGracePeriodSeconds !== undefined)
      svc.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds;
    if (input.placementStrategy) svc.placementStrategy = input.placementStrategy;
    if (input.placementConstraints) svc.placementConstraints = input.placementConstraints;
    if (input.deploymentConfiguration)
      svc.deploymentConfiguration = { ...svc.deploymentConfiguration, ...input.deploymentConfiguration };
    return { service: this.serviceOut(svc) };
  }

  /** DescribeTaskSets (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskSets.html). */
  DescribeTaskSets(input: sdk.DescribeTaskSetsRequest): sdk.DescribeTaskSetsResponse {
    const svc = this.findService(input.cluster, input.service);
    const sets = this.taskSetsBySvc.get(svc.arn);
    if (!sets)
      throw this.error(
        'InvalidParameterException',
        'Amazon ECS only supports task set management on services configured to use external deployment controllers.',
        400,
      );
    const wanted = input.taskSets;
    const found = sets.filter((ts) => !wanted?.length || wanted.includes(ts.id) || wanted.includes(ts.arn));
    const failures = (wanted ?? [])
      .filter((w) => !sets.some((ts) => ts.id === w || ts.arn === w))
      .map((arn) => ({ arn, reason: 'MISSING' }));
    return { taskSets: found.map((ts) => this.taskSetOut(svc, ts)), failures };
  }

  // For CODE_DEPLOY services DescribeServices lists task sets, not deployments (ASSUMPTIONS.md).
  protected override serviceOut(svc: SimEcsService): sdk.Service {
    const out = super.serviceOut(svc);
    const sets = this.taskSetsBySvc.get(svc.arn);
    if (!sets) return out;
    return {
      ...out,
      deploymentController: { type: 'CODE_DEPLOY' },
      deployments: [],
      taskSets: sets.map((ts) => this.taskSetOut(svc, ts)),
    };
  }

  private taskSetOut(svc: SimEcsService, ts: SimTaskSet): sdk.TaskSet {
    const tasks = this.tasksOf(ts).filter((t) => t.desiredStatus === 'RUNNING');
    return {
      id: ts.id,
      taskSetArn: ts.arn,
      serviceArn: svc.arn,
      clusterArn: svc.clusterArn,
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskSet.html: startedBy is CODE_DEPLOY
      // and externalId the CodeDeploy deployment id for a task set that CodeDeploy created.
      ...(ts.externalId ? { startedBy: 'CODE_DEPLOY', externalId: ts.externalId } : {}),
      status: ts.status,
      taskDefinition: ts.taskDefinitionArn,
      computedDesiredCount: Math.ceil((svc.desiredCount * ts.scale) / 100),
      pendingCount: tasks.filter((t) => t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING').length,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      createdAt: new Date(ts.createdAt),
      updatedAt: new Date(ts.updatedAt),
      ...(svc.launchType ? { launchType: svc.launchType } : {}),
      loadBalancers: [
        {
          targetGroupArn: ts.targetGroupArn,
          containerName: ts.containerName,
          containerPort: ts.containerPort,
        },
      ],
      scale: { value: ts.scale, unit: 'PERCENT' },
      stabilityStatus: this.taskSetReady(ts) ? 'STEADY_STATE' : 'STABILIZING',
    };
  }

  private tasksOf(ts: SimTaskSet) {
    return this.tasks.filter(
      (t) => t.clusterArn === ts.clusterArn && t.serviceName === ts.serviceName && t.deploymentId === ts.id,
    );
  }

  private taskSetArn(svc: SimEcsService, id: string): string {
    return this.arn(`task-set/${shortId(svc.clusterArn)}/${svc.name}/${id}`);
  }
}
