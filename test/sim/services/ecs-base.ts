import * as sdk from '@aws-sdk/client-ecs';
import type { SimAccount } from '../account.js';
import { SimService } from '../account.js';
import type {
  ImageBehaviour,
  Revision,
  SimEcsService,
  SimServiceDeployment,
  SimTask,
  DeploymentRecord,
} from './ecs-model.js';
import { ACTIVE_SD } from './ecs-model.js';
import type { SimContainerInstance } from './ecs-placement.js';
import type { Elbv2Sim, HealthAnswer } from './elbv2.js';

/**
 * The state every part of the ECS simulator shares: clusters, task definitions, services, tasks and
 * service revisions, id generation, and the lookups that throw ECS's errors. The API calls live in
 * ecs-<resource>.ts, one layer each: clusters → task definitions → tasks → rollouts → native → service
 * deployments → services (ecs.ts).
 */
export abstract class EcsBase extends SimService {
  readonly clientName = 'ECSClient';
  readonly iamPrefix = 'ecs';
  readonly sdk = sdk as unknown as Record<string, unknown>;
  readonly throttle = { name: 'ThrottlingException', status: 400 };
  protected readonly clusters = new Map<
    string,
    { arn: string; name: string; instances: SimContainerInstance[] }
  >();
  protected readonly taskDefinitions = new Map<string, sdk.TaskDefinition[]>();
  protected readonly services: SimEcsService[] = [];
  protected readonly tasks: SimTask[] = [];
  protected readonly revisions = new Map<string, Revision>();
  protected readonly behaviours = new Map<string, ImageBehaviour>();
  protected seq = 0;

  constructor(
    account: SimAccount,
    protected readonly elbv2: Elbv2Sim,
  ) {
    super(account);
    elbv2.addHealthSource((id, port, at) => this.appHealth(id, port, at));
  }

  /** The ELB health source: whether the app of the task behind (id, port) answers at time `at`. */
  protected abstract appHealth(id: string, port: number, at: number): HealthAnswer | undefined;

  protected next(): number {
    return ++this.seq;
  }

  protected arn(resource: string): string {
    return `arn:aws:ecs:us-east-1:${this.account.accountId}:${resource}`;
  }

  protected hexId(width = 32): string {
    let s = '';
    while (s.length < width) s += Math.floor(this.account.random() * 16).toString(16);
    return s;
  }

  protected uuid(): string {
    const h = this.hexId(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** A Deployment id as ECS writes them: ecs-svc/ and 19 digits. */
  protected deploymentId(): string {
    let digits = '';
    while (digits.length < 19) digits += Math.floor(this.account.random() * 10);
    return `ecs-svc/${digits}`;
  }

  // ---- set-up and reads for scenarios and invariants (not API calls) ----

  /** Scripts how containers of an image behave (the default: healthy). */
  behave(image: string, behaviour: ImageBehaviour): void {
    this.behaviours.set(image, behaviour);
  }

  service(cluster: string, name: string): SimEcsService {
    const c = this.cluster(cluster);
    const svc = this.services.find(
      (s) => s.clusterArn === c.arn && s.name === name && s.status !== 'INACTIVE',
    );
    if (!svc) throw this.error('ServiceNotFoundException', 'Service not found.', 400);
    return svc;
  }

  taskDefinitionOf(svc: SimEcsService): sdk.TaskDefinition {
    return this.resolveTaskDefinition(this.revision(svc.revisionArn).taskDefinitionArn);
  }

  /** Tasks the service wants running (desiredStatus RUNNING), with their task definition and host. */
  runningTasks(svc: SimEcsService): Array<{
    taskDefinitionArn: string;
    image: string;
    ec2InstanceId: string | undefined;
    hostPorts: number[];
    lastStatus: string;
  }> {
    return this.tasks
      .filter(
        (t) => t.serviceName === svc.name && t.clusterArn === svc.clusterArn && t.desiredStatus === 'RUNNING',
      )
      .map((t) => ({
        taskDefinitionArn: t.td.taskDefinitionArn!,
        image: this.essentialImage(t.td),
        ec2InstanceId: t.instance?.ec2InstanceId,
        hostPorts: t.bindings.map((b) => b.hostPort),
        lastStatus: t.lastStatus,
      }));
  }

  revisionCount(family: string): number {
    return this.taskDefinitions.get(family)?.length ?? 0;
  }

  serviceDeployment(arn: string): SimServiceDeployment | undefined {
    return this.services.flatMap((s) => s.serviceDeployments).find((d) => d.arn === arn);
  }

  // ---- lookups ----

  protected cluster(nameOrArn: string | undefined): {
    arn: string;
    name: string;
    instances: SimContainerInstance[];
  } {
    const name = (nameOrArn ?? 'default').replace(/^arn:aws:ecs:[^:]+:\d+:cluster\//, '');
    const c = this.clusters.get(name);
    if (!c) throw this.error('ClusterNotFoundException', 'Cluster not found.', 400);
    return c;
  }

  protected findService(cluster: string | undefined, nameOrArn: string | undefined): SimEcsService {
    const name = (nameOrArn ?? '').split('/').pop() ?? '';
    return this.service(cluster ?? 'default', name);
  }

  protected resolveTaskDefinition(ref: string): sdk.TaskDefinition {
    const m = /^(?:arn:aws:ecs:[^:]+:\d+:task-definition\/)?([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(ref);
    const revisions = m ? this.taskDefinitions.get(m[1]!) : undefined;
    const td = m?.[2]
      ? revisions?.find((r) => r.revision === Number(m[2]))
      : revisions?.filter((r) => r.status === 'ACTIVE').at(-1);
    if (!td) throw this.error('ClientException', 'Unable to describe task definition.', 400);
    return td;
  }

  protected revision(arn: string): Revision {
    return this.revisions.get(arn)!;
  }

  protected newRevision(cluster: string, service: string, taskDefinitionArn: string): Revision {
    const r: Revision = {
      arn: this.arn(
        `service-revision/${cluster}/${service}/${this.next()}${this.hexId(12).replace(/\D/g, '3')}`,
      ),
      taskDefinitionArn,
      createdAt: this.now,
    };
    this.revisions.set(r.arn, r);
    return r;
  }

  protected essentialImage(td: sdk.TaskDefinition): string {
    const c = td.containerDefinitions?.find((x) => x.essential !== false) ?? td.containerDefinitions?.[0];
    return c?.image ?? '';
  }

  protected event(svc: SimEcsService, message: string): void {
    svc.events.unshift({ id: this.uuid(), createdAt: new Date(this.now), message });
    if (svc.events.length > 100) svc.events.length = 100;
  }

  protected servingTgs(svc: SimEcsService): string[] {
    return svc.loadBalancers.map((e) => e.serving).filter((a) => a !== '');
  }

  protected otherTgs(svc: SimEcsService): string[] {
    return svc.loadBalancers.map((e) => {
      const alt = e.config.advancedConfiguration?.alternateTargetGroupArn ?? '';
      return e.serving === alt ? (e.config.targetGroupArn ?? '') : alt;
    });
  }

  protected serviceTasks(svc: SimEcsService): SimTask[] {
    return this.tasks.filter((t) => t.serviceName === svc.name && t.clusterArn === svc.clusterArn);
  }

  /**
   * The service deployment the scheduler works on: the newest unfinished one. A superseded deployment stays
   * STOP_REQUESTED until its tasks are gone, beside it.
   */
  protected inFlight(svc: SimEcsService): SimServiceDeployment | undefined {
    return svc.serviceDeployments.findLast(
      (d) => ACTIVE_SD.includes(d.status) && d.status !== 'STOP_REQUESTED',
    );
  }

  protected primary(svc: SimEcsService): DeploymentRecord {
    return svc.deployments.find((d) => d.status === 'PRIMARY')!;
  }
}
