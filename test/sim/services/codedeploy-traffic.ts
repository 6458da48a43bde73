import { parse as parseYaml } from 'yaml';
import type { EcsAppSpec, TrafficRoutingConfig } from './codedeploy-model.js';
import { ECS_HOOKS } from './codedeploy-model.js';

/**
 * The production traffic on the replacement task set, in percent, `elapsedMs` after AllowTraffic began:
 * - AllAtOnce: all of it at once;
 * - TimeBasedCanary: canaryPercentage, then the rest after canaryInterval minutes;
 * - TimeBasedLinear: linearPercentage more every linearInterval minutes until all of it.
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html#deployment-configuration-ecs
 * and https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_TrafficRoutingConfig.html
 */
export function replacementWeightAt(routing: TrafficRoutingConfig, elapsedMs: number): number {
  const { steps, intervalMs } = trafficSteps(routing);
  const i = intervalMs > 0 ? Math.floor(elapsedMs / intervalMs) : steps.length - 1;
  return steps[Math.min(steps.length - 1, Math.max(0, i))]!;
}

export function trafficSteps(routing: TrafficRoutingConfig): { steps: number[]; intervalMs: number } {
  if (routing.type === 'TimeBasedCanary') {
    const c = routing.timeBasedCanary!;
    return { steps: [c.canaryPercentage, 100], intervalMs: c.canaryInterval * 60_000 };
  }
  if (routing.type === 'TimeBasedLinear') {
    const l = routing.timeBasedLinear!;
    const steps: number[] = [];
    for (let p = l.linearPercentage; p < 100; p += l.linearPercentage) steps.push(p);
    steps.push(100);
    return { steps, intervalMs: l.linearInterval * 60_000 };
  }
  return { steps: [100], intervalMs: 0 };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads an ECS AppSpec (JSON or YAML): one TargetService resource of Type AWS::ECS::Service whose Properties
 * name the TaskDefinition and LoadBalancerInfo {ContainerName, ContainerPort}, optional PlatformVersion,
 * NetworkConfiguration and CapacityProviderStrategy; Hooks a list of {<ECS hook>: <Lambda function>}
 * (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html#reference-appspec-file-structure-resources-ecs,
 * https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-ecs).
 * Returns the problem as text when the file does not follow that structure.
 */
export function parseEcsAppSpec(content: string): EcsAppSpec | string {
  let doc: unknown;
  try {
    doc = content.trim().startsWith('{') ? JSON.parse(content) : parseYaml(content);
  } catch (err) {
    return `The AppSpec file cannot be parsed: ${(err as Error).message.split('\n')[0]}`;
  }
  if (!isObj(doc)) return 'The AppSpec file must be a JSON or YAML object.';
  const resources = doc['Resources'];
  if (!Array.isArray(resources) || resources.length !== 1)
    return 'The AppSpec file must list exactly one resource under Resources.';
  const target = isObj(resources[0]) ? resources[0]['TargetService'] : undefined;
  if (!isObj(target) || target['Type'] !== 'AWS::ECS::Service')
    return 'The AppSpec resource must be a TargetService of Type AWS::ECS::Service.';
  const props = target['Properties'];
  if (!isObj(props) || typeof props['TaskDefinition'] !== 'string' || props['TaskDefinition'] === '')
    return 'The AppSpec TargetService must name a TaskDefinition.';
  const lb = props['LoadBalancerInfo'];
  if (!isObj(lb) || typeof lb['ContainerName'] !== 'string' || lb['ContainerPort'] === undefined)
    return 'The AppSpec TargetService must give LoadBalancerInfo with ContainerName and ContainerPort.';
  const port = Number(lb['ContainerPort']);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return `The AppSpec ContainerPort ${String(lb['ContainerPort'])} is not a port number.`;
  const hooks: Partial<Record<string, string>> = {};
  const listed = doc['Hooks'] ?? [];
  if (!Array.isArray(listed)) return 'The AppSpec Hooks must be a list.';
  for (const entry of listed) {
    if (!isObj(entry)) return 'Each AppSpec hook must map a lifecycle event to a Lambda function.';
    for (const [name, fn] of Object.entries(entry)) {
      if (!ECS_HOOKS.includes(name))
        return `The AppSpec hook ${name} is not a lifecycle event of an Amazon ECS deployment.`;
      if (typeof fn !== 'string' || fn === '') return `The AppSpec hook ${name} must name a Lambda function.`;
      hooks[name] = fn;
    }
  }
  return {
    taskDefinition: props['TaskDefinition'],
    containerName: lb['ContainerName'],
    containerPort: port,
    platformVersion: typeof props['PlatformVersion'] === 'string' ? props['PlatformVersion'] : undefined,
    networkConfiguration: props['NetworkConfiguration'],
    capacityProviderStrategy: props['CapacityProviderStrategy'],
    hooks,
  };
}
