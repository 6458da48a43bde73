import { isDeepStrictEqual } from 'node:util';
import type * as sdk from '@aws-sdk/client-ecs';
import type { DeploymentRecord, SimEcsService, SimServiceDeployment } from './ecs-model.js';
import { ACTIVE_SD, DEFAULT_CONFIG, NATIVE, shortId } from './ecs-model.js';
import {
  deploymentConfigurationProblem,
  strategyMismatch,
  updatedConfiguration,
} from './ecs-deployment-config.js';
import { EcsServiceDeployments } from './ecs-service-deployments.js';

export type { ImageBehaviour } from './ecs-model.js';
export { DEFAULT_BOOT_MS, PROVISION_MS, PULL_MS, STAGE_MS, STOP_MS } from './ecs-model.js';

/**
 * Amazon ECS as its API reference documents it: clusters with EC2 container instances, task definitions,
 * services whose deployments (ListServiceDeployments / DescribeServiceDeployments) move through the
 * documented statuses and lifecycle stages on the virtual clock, tasks placed by the placement strategies
 * and registered in ELBv2 target groups, the deployment circuit breaker, alarm rollback, native
 * BLUE_GREEN / CANARY / LINEAR traffic shifting on the listener rules, PAUSE lifecycle hooks and
 * StopServiceDeployment. This file holds the services (set-up, DescribeServices, UpdateService); each
 * other resource has its own ecs-<resource>.ts layer.
 */
export class EcsSim extends EcsServiceDeployments {
  // ---- set-up and invariants (not API calls) ----

  /** Creates a service whose tasks have been running and healthy for a while (scenario set-up). */
  createService(options: {
    cluster: string;
    name: string;
    taskDefinition: string;
    desiredCount: number;
    launchType?: sdk.LaunchType;
    capacityProviderStrategy?: sdk.CapacityProviderStrategyItem[];
    placementStrategy?: sdk.PlacementStrategy[];
    placementConstraints?: sdk.PlacementConstraint[];
    networkConfiguration?: sdk.NetworkConfiguration;
    loadBalancers?: sdk.LoadBalancer[];
    deploymentConfiguration?: sdk.DeploymentConfiguration;
    healthCheckGracePeriodSeconds?: number;
  }): SimEcsService {
    const c = this.cluster(options.cluster);
    const td = this.resolveTaskDefinition(options.taskDefinition);
    const revision = this.newRevision(c.name, options.name, td.taskDefinitionArn!);
    const deploymentId = this.deploymentId();
    const svc: SimEcsService = {
      arn: this.arn(`service/${c.name}/${options.name}`),
      name: options.name,
      clusterArn: c.arn,
      status: 'ACTIVE',
      desiredCount: options.desiredCount,
      propagateTags: 'NONE',
      enableECSManagedTags: false,
      launchType: options.capacityProviderStrategy ? undefined : (options.launchType ?? 'EC2'),
      capacityProviderStrategy: options.capacityProviderStrategy,
      placementStrategy: options.placementStrategy ?? [],
      placementConstraints: options.placementConstraints ?? [],
      networkConfiguration: options.networkConfiguration,
      loadBalancers: (options.loadBalancers ?? []).map((config) => ({
        config,
        serving: config.targetGroupArn ?? '',
      })),
      deploymentConfiguration: { ...DEFAULT_CONFIG, ...options.deploymentConfiguration },
      healthCheckGracePeriodSeconds: options.healthCheckGracePeriodSeconds ?? 0,
      createdAt: this.now,
      events: [],
      revisionArn: revision.arn,
      lastCompletedRevisionArn: revision.arn,
      deployments: [
        {
          id: deploymentId,
          status: 'PRIMARY',
          revisionArn: revision.arn,
          createdAt: this.now,
          updatedAt: this.now,
          rolloutState: 'COMPLETED',
          rolloutStateReason: 'ECS deployment ' + deploymentId + ' completed.',
          failedTasks: 0,
        },
      ],
      serviceDeployments: [],
      setupPauseHooks: 0,
      halted: false,
    };
    svc.setupPauseHooks = this.pauseHookCount(svc);
    this.services.push(svc);
    for (let i = 0; i < svc.desiredCount; i++) {
      const task = this.launch(svc, revision.arn, deploymentId, this.servingTgs(svc));
      if (!task) throw new Error(`set-up: cannot place task ${i + 1} of ${svc.name}`);
      // Backdate it: it has been up long enough to be healthy everywhere.
      Object.assign(task, {
        createdAt: this.now - 600_000,
        pendingAt: this.now - 595_000,
        runningAt: this.now - 585_000,
        startedAt: this.now - 585_000,
        lastStatus: 'RUNNING',
        healthStatus: this.hasContainerHealthCheck(task) ? 'HEALTHY' : 'UNKNOWN',
        everHealthy: true,
      });
      for (const tgArn of task.registerInto) {
        const target = this.targetOf(task, tgArn);
        this.elbv2.seedHealthyTarget(tgArn, target.id, target.port);
        task.targets.push({ tgArn, ...target });
      }
    }
    this.event(svc, `(service ${svc.name}) has reached a steady state.`);
    return svc;
  }

  override orphans(): string[] {
    const out: string[] = [];
    for (const svc of this.services) {
      const active = svc.serviceDeployments.filter((d) => ACTIVE_SD.includes(d.status));
      for (const d of active)
        out.push(`service deployment ${shortId(d.arn)} of ${svc.name} is still ${d.status}`);
      if (active.length) continue;
      for (const t of this.tasks)
        if (t.serviceName === svc.name && t.desiredStatus === 'RUNNING' && t.revisionArn !== svc.revisionArn)
          out.push(
            `task ${shortId(t.arn)} of ${svc.name} runs revision ${shortId(t.revisionArn)}, not the service's`,
          );
      for (const e of svc.loadBalancers)
        for (const tgArn of [
          e.config.targetGroupArn,
          e.config.advancedConfiguration?.alternateTargetGroupArn,
        ])
          if (tgArn)
            for (const target of this.elbv2.targetGroup(tgArn)?.targets.values() ?? [])
              if (
                target.drainUntil === undefined &&
                !this.tasks.some(
                  (t) =>
                    t.desiredStatus === 'RUNNING' &&
                    t.targets.some((r) => r.tgArn === tgArn && r.id === target.id && r.port === target.port),
                )
              )
                out.push(
                  `target ${target.id}:${target.port} in ${this.elbv2.nameOf(tgArn)} belongs to no running task`,
                );
      if (this.pauseHookCount(svc) > svc.setupPauseHooks)
        out.push(`service ${svc.name} still has a PAUSE lifecycle hook that set-up did not give it`);
    }
    return out;
  }

  protected pauseHookCount(svc: SimEcsService): number {
    return (svc.deploymentConfiguration.lifecycleHooks ?? []).filter((h) => h.targetType === 'PAUSE').length;
  }

  // ---- API: services ----

  protected deploymentOut(svc: SimEcsService, d: DeploymentRecord): sdk.Deployment {
    const tasks = this.serviceTasks(svc).filter(
      (t) => t.deploymentId === d.id && t.desiredStatus === 'RUNNING',
    );
    return {
      id: d.id,
      status: d.status,
      taskDefinition: this.revision(d.revisionArn).taskDefinitionArn,
      desiredCount: d.status === 'PRIMARY' ? svc.desiredCount : 0,
      pendingCount: tasks.filter((t) => t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING').length,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      failedTasks: d.failedTasks,
      createdAt: new Date(d.createdAt),
      updatedAt: new Date(d.updatedAt),
      ...(svc.launchType ? { launchType: svc.launchType } : {}),
      ...(svc.capacityProviderStrategy ? { capacityProviderStrategy: svc.capacityProviderStrategy } : {}),
      ...(svc.networkConfiguration ? { networkConfiguration: svc.networkConfiguration } : {}),
      rolloutState: d.rolloutState,
      rolloutStateReason: d.rolloutStateReason,
    };
  }

  protected serviceOut(svc: SimEcsService): sdk.Service {
    const tasks = this.serviceTasks(svc).filter((t) => t.desiredStatus === 'RUNNING');
    const current = this.inFlight(svc) ?? svc.serviceDeployments.at(-1);
    const revisions = [...new Set(tasks.map((t) => t.revisionArn))];
    return {
      serviceArn: svc.arn,
      serviceName: svc.name,
      clusterArn: svc.clusterArn,
      status: svc.status,
      desiredCount: svc.desiredCount,
      propagateTags: svc.propagateTags,
      enableECSManagedTags: svc.enableECSManagedTags,
      runningCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingCount: tasks.filter((t) => t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING').length,
      ...(svc.launchType ? { launchType: svc.launchType } : {}),
      ...(svc.capacityProviderStrategy
        ? { capacityProviderStrategy: structuredClone(svc.capacityProviderStrategy) }
        : {}),
      taskDefinition: this.revision(svc.revisionArn).taskDefinitionArn,
      deploymentConfiguration: structuredClone(svc.deploymentConfiguration),
      deployments: svc.deployments
        .filter((d) => d.status !== 'INACTIVE')
        .map((d) => this.deploymentOut(svc, d)),
      events: structuredClone(svc.events),
      createdAt: new Date(svc.createdAt),
      loadBalancers: svc.loadBalancers.map((e) => structuredClone(e.config)),
      placementStrategy: structuredClone(svc.placementStrategy),
      placementConstraints: structuredClone(svc.placementConstraints),
      ...(svc.networkConfiguration
        ? { networkConfiguration: structuredClone(svc.networkConfiguration) }
        : {}),
      healthCheckGracePeriodSeconds: svc.healthCheckGracePeriodSeconds,
      schedulingStrategy: 'REPLICA',
      deploymentController: { type: 'ECS' },
      ...(current ? { currentServiceDeployment: current.arn } : {}),
      currentServiceRevisions: revisions.map((arn) => ({
        arn,
        requestedTaskCount: tasks.filter((t) => t.revisionArn === arn).length,
        runningTaskCount: tasks.filter((t) => t.revisionArn === arn && t.lastStatus === 'RUNNING').length,
        pendingTaskCount: tasks.filter((t) => t.revisionArn === arn && t.lastStatus !== 'RUNNING').length,
      })),
    };
  }

  DescribeServices(input: sdk.DescribeServicesRequest): sdk.DescribeServicesResponse {
    const names = input.services ?? [];
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeServices.html: up to 10 services.
    if (names.length === 0 || names.length > 10)
      throw this.error('InvalidParameterException', 'services must contain between 1 and 10 items.', 400);
    const c = this.cluster(input.cluster);
    const services: sdk.Service[] = [];
    const failures: sdk.Failure[] = [];
    for (const n of names) {
      const name = n.split('/').pop() ?? n;
      const svc = this.services.find((s) => s.clusterArn === c.arn && s.name === name);
      if (svc) services.push(this.serviceOut(svc));
      else
        failures.push({
          arn: n.startsWith('arn:') ? n : this.arn(`service/${c.name}/${n}`),
          reason: 'MISSING',
        });
    }
    return { services, failures };
  }

  UpdateService(input: sdk.UpdateServiceRequest): sdk.UpdateServiceResponse {
    const svc = this.findService(input.cluster, input.service);
    if (svc.status !== 'ACTIVE')
      throw this.error('ServiceNotActiveException', 'Service was not ACTIVE.', 400);
    const config = updatedConfiguration(svc.deploymentConfiguration, input.deploymentConfiguration);
    const lbs = input.loadBalancers ?? svc.loadBalancers.map((e) => e.config);
    const problem =
      strategyMismatch(input.deploymentConfiguration, config.strategy ?? 'ROLLING') ??
      deploymentConfigurationProblem(config, lbs, this.elbv2);
    if (problem) throw this.error('InvalidParameterException', problem, 400);
    if (input.desiredCount !== undefined && (input.desiredCount < 0 || !Number.isInteger(input.desiredCount)))
      throw this.error(
        'InvalidParameterException',
        'desiredCount must be a whole number of at least 0.',
        400,
      );
    const td = input.taskDefinition ? this.resolveTaskDefinition(input.taskDefinition) : undefined;
    if (td && td.status !== 'ACTIVE') throw this.error('ClientException', 'TaskDefinition is inactive', 400);
    const currentTd = this.revision(svc.revisionArn).taskDefinitionArn;
    const changes =
      (td && td.taskDefinitionArn !== currentTd) ||
      input.forceNewDeployment === true ||
      input.loadBalancers !== undefined ||
      input.networkConfiguration !== undefined ||
      input.placementStrategy !== undefined ||
      input.placementConstraints !== undefined ||
      input.capacityProviderStrategy !== undefined ||
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html: "you can update the
      // desired count, deployment configuration, ... When you update any of these parameters, Amazon ECS starts
      // new tasks". Whether a deployment-configuration change alone does is not said; the simulator starts one
      // (the stricter reading, ASSUMPTIONS.md).
      (input.deploymentConfiguration !== undefined &&
        !isDeepStrictEqual(config, svc.deploymentConfiguration));
    const inFlight = this.inFlight(svc);
    if (changes && inFlight && NATIVE.includes(inFlight.strategy))
      // Simplification: the simulator does not model superseding a native deployment.
      throw this.error('ConflictException', `Service deployment ${inFlight.arn} is in progress.`, 400);

    svc.deploymentConfiguration = config;
    if (input.desiredCount !== undefined) svc.desiredCount = input.desiredCount;
    // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html: propagateTags and
    // enableECSManagedTags apply to tasks launched after the update; alone they start no deployment.
    if (input.propagateTags !== undefined) svc.propagateTags = input.propagateTags;
    if (input.enableECSManagedTags !== undefined) svc.enableECSManagedTags = input.enableECSManagedTags;
    if (input.healthCheckGracePeriodSeconds !== undefined)
      svc.healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds;
    if (input.placementStrategy) svc.placementStrategy = input.placementStrategy;
    if (input.placementConstraints) svc.placementConstraints = input.placementConstraints;
    if (input.networkConfiguration) svc.networkConfiguration = input.networkConfiguration;
    if (input.capacityProviderStrategy) svc.capacityProviderStrategy = input.capacityProviderStrategy;
    if (input.loadBalancers)
      svc.loadBalancers = input.loadBalancers.map((config) => ({
        config,
        serving:
          svc.loadBalancers.find((e) => e.config.targetGroupArn === config.targetGroupArn)?.serving ??
          config.targetGroupArn ??
          '',
      }));
    if (changes) this.startDeployment(svc, td?.taskDefinitionArn ?? currentTd, inFlight);
    return { service: this.serviceOut(svc) };
  }

  protected startDeployment(
    svc: SimEcsService,
    taskDefinitionArn: string,
    superseded: SimServiceDeployment | undefined,
  ): void {
    const cluster = this.cluster(svc.clusterArn).name;
    const from = svc.revisionArn;
    // A superseded deployment is STOP_REQUESTED until its tasks are gone (settleSuperseded), then STOPPED.
    if (superseded)
      Object.assign(superseded, {
        status: 'STOP_REQUESTED',
        statusReason: 'A newer service deployment superseded it.',
        updatedAt: this.now,
      });
    const revision = this.newRevision(cluster, svc.name, taskDefinitionArn);
    const deploymentId = this.deploymentId();
    for (const d of svc.deployments) if (d.status === 'PRIMARY') d.status = 'ACTIVE';
    svc.deployments.unshift({
      id: deploymentId,
      status: 'PRIMARY',
      revisionArn: revision.arn,
      createdAt: this.now,
      updatedAt: this.now,
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: 'ECS deployment ' + deploymentId + ' in progress.',
      failedTasks: 0,
    });
    const config = structuredClone(svc.deploymentConfiguration);
    const strategy = config.strategy ?? 'ROLLING';
    const sd: SimServiceDeployment = {
      arn: this.arn(`service-deployment/${cluster}/${svc.name}/${this.hexId(22).replace(/\d/g, 'k')}`),
      serviceName: svc.name,
      clusterArn: svc.clusterArn,
      createdAt: this.now,
      startedAt: undefined,
      finishedAt: undefined,
      stoppedAt: undefined,
      updatedAt: this.now,
      sourceRevisionArn: superseded ? svc.lastCompletedRevisionArn : from,
      targetRevisionArn: revision.arn,
      deploymentId,
      config,
      strategy,
      status: 'PENDING',
      statusReason: undefined,
      stage: undefined,
      stageSince: this.now,
      hooks: [],
      rollback: undefined,
      cbFailures: 0,
      cbStatus: strategy === 'ROLLING' && config.deploymentCircuitBreaker?.enable ? 'MONITORING' : 'DISABLED',
      alarmStatus: config.alarms?.enable ? 'MONITORING' : 'DISABLED',
      triggeredAlarms: [],
      productionWeight: 0,
      testWeight: 0,
      step: 0,
    };
    svc.serviceDeployments.push(sd);
    svc.revisionArn = revision.arn;
    svc.halted = false;
    this.event(
      svc,
      `(service ${svc.name}) (service-deployment ${shortId(sd.arn)}) started a ${strategy} deployment of ${taskDefinitionArn.split('/').pop()}.`,
    );
  }
}
