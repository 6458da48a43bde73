import type * as sdk from '@aws-sdk/client-ecs';
import { EcsBase } from './ecs-base.js';
import type { SimContainerInstance } from './ecs-placement.js';
import { shortId } from './ecs-model.js';

/** Clusters and their EC2 container instances (set-up, ListContainerInstances, DescribeContainerInstances). */
export abstract class EcsClusters extends EcsBase {
  createCluster(name: string): string {
    const arn = this.arn(`cluster/${name}`);
    this.clusters.set(name, { arn, name, instances: [] });
    return arn;
  }

  addContainerInstance(
    cluster: string,
    options: { cpu?: number; memory?: number; az?: string } = {},
  ): SimContainerInstance {
    const c = this.cluster(cluster);
    const n = this.next();
    const instance: SimContainerInstance = {
      arn: this.arn(`container-instance/${c.name}/${this.hexId()}`),
      clusterArn: c.arn,
      ec2InstanceId: `i-0${n.toString(16).padStart(16, '0')}`,
      az: options.az ?? ['us-east-1a', 'us-east-1b', 'us-east-1c'][c.instances.length % 3]!,
      cpu: options.cpu ?? 2048,
      memory: options.memory ?? 4096,
      usedCpu: 0,
      usedMemory: 0,
      usedPorts: new Set([22, 2375, 2376, 51678, 51679]),
      status: 'ACTIVE',
      registeredAt: this.now,
    };
    c.instances.push(instance);
    return instance;
  }

  // ---- API: container instances ----

  ListContainerInstances(input: sdk.ListContainerInstancesRequest): sdk.ListContainerInstancesResponse {
    return { containerInstanceArns: this.cluster(input.cluster).instances.map((i) => i.arn) };
  }

  DescribeContainerInstances(
    input: sdk.DescribeContainerInstancesRequest,
  ): sdk.DescribeContainerInstancesResponse {
    const c = this.cluster(input.cluster);
    const resources = (i: SimContainerInstance, used: boolean): sdk.Resource[] => [
      { name: 'CPU', type: 'INTEGER', integerValue: used ? i.cpu - i.usedCpu : i.cpu },
      { name: 'MEMORY', type: 'INTEGER', integerValue: used ? i.memory - i.usedMemory : i.memory },
      { name: 'PORTS', type: 'STRINGSET', stringSetValue: [...i.usedPorts].map(String) },
    ];
    const out: sdk.ContainerInstance[] = [];
    const failures: sdk.Failure[] = [];
    for (const ref of input.containerInstances ?? []) {
      const i = c.instances.find((x) => x.arn === ref || shortId(x.arn) === ref);
      if (!i) {
        failures.push({ arn: ref, reason: 'MISSING' });
        continue;
      }
      out.push({
        containerInstanceArn: i.arn,
        ec2InstanceId: i.ec2InstanceId,
        status: i.status,
        agentConnected: true,
        registeredResources: resources(i, false),
        remainingResources: resources(i, true),
        runningTasksCount: this.tasks.filter((t) => t.instance === i && t.lastStatus === 'RUNNING').length,
        pendingTasksCount: this.tasks.filter(
          (t) => t.instance === i && (t.lastStatus === 'PENDING' || t.lastStatus === 'PROVISIONING'),
        ).length,
        attributes: [{ name: 'ecs.availability-zone', value: i.az }],
      });
    }
    return { containerInstances: out, failures };
  }
}
