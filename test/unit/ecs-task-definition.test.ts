import { describe, expect, it } from 'vitest';
import {
  DESCRIBE_ONLY_KEYS,
  normaliseTaskDefinition,
  readTaskDefinition,
  renderTaskDefinition,
  sameTaskDefinition,
} from '../../src/targets/ecs/task-definition.js';
import { registeredTaskDefinition } from '../sim/services/ecs-task-definitions.js';

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + 'b'.repeat(64);

/** A task definition as DescribeTaskDefinition returns it for an EC2 service in bridge mode. */
const described = () => ({
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:7',
  family: 'web',
  revision: 7,
  status: 'ACTIVE',
  networkMode: 'bridge',
  requiresAttributes: [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }],
  compatibilities: ['EC2'],
  registeredAt: new Date('2026-11-01T10:00:00Z'),
  registeredBy: 'arn:aws:sts::123456789012:assumed-role/deploy/ci',
  placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
  volumes: [],
  containerDefinitions: [
    {
      name: 'app',
      image: 'old-image:1',
      cpu: 0,
      essential: true,
      memory: 512,
      portMappings: [{ containerPort: 8080, hostPort: 0, protocol: 'tcp' }],
      environment: [
        { name: 'B', value: '2' },
        { name: 'A', value: '1' },
      ],
      mountPoints: [],
      volumesFrom: [],
    },
    { name: 'log-router', image: 'fluent-bit:3', cpu: 0, essential: false, memory: 64 },
  ],
});

describe('renderTaskDefinition', () => {
  it('puts the image into the named container and strips every describe-only key, touching nothing else', () => {
    const base = described();
    const out = renderTaskDefinition(base, new Map([['app', { image: IMAGE }]]));
    if ('problem' in out) throw new Error(out.problem);
    const td = out.definition;
    for (const key of DESCRIBE_ONLY_KEYS) expect(td).not.toHaveProperty(key);
    expect(td.containerDefinitions![0]!.image).toBe(IMAGE);
    expect(td.containerDefinitions![1]!.image).toBe('fluent-bit:3');
    // Bridge networking, the dynamic host port and the placement constraint pass through as they were.
    expect(td.networkMode).toBe('bridge');
    expect(td.containerDefinitions![0]!.portMappings).toEqual([
      { containerPort: 8080, hostPort: 0, protocol: 'tcp' },
    ]);
    expect(td.placementConstraints).toEqual(base.placementConstraints);
    // The input is left as it was.
    expect(base.containerDefinitions[0]!.image).toBe('old-image:1');
    expect(base.taskDefinitionArn).toBeDefined();
  });

  it('names the containers there are when the container is not one of them', () => {
    expect(renderTaskDefinition(described(), new Map([['web', { image: IMAGE }]]))).toEqual({
      problem: 'has no container named "web"; its containers are app, log-router',
    });
  });
});

describe('readTaskDefinition', () => {
  it('takes a bare definition or one wrapped as describe-task-definition prints it', () => {
    const bare = readTaskDefinition(described());
    const wrapped = readTaskDefinition({ taskDefinition: described(), tags: [] });
    expect('definition' in bare && bare.definition['family']).toBe('web');
    expect('definition' in wrapped && wrapped.definition['family']).toBe('web');
  });

  it.each([
    [[], 'is not a JSON object'],
    ['web', 'is not a JSON object'],
    [{ containerDefinitions: [{ name: 'app' }] }, 'has no "family"'],
    [{ family: 'web', containerDefinitions: [] }, 'has no "containerDefinitions"'],
    [{ family: 'web' }, 'has no "containerDefinitions"'],
    [
      { family: 'web', containerDefinitions: [{ image: 'x' }] },
      'has a container definition without a "name"',
    ],
  ])('refuses %j: %s', (value, problem) => {
    expect(readTaskDefinition(value)).toEqual({ problem });
  });
});

describe('sameTaskDefinition (the no-op check)', () => {
  const minimal = () => ({
    family: 'web',
    networkMode: 'bridge',
    placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
    containerDefinitions: [
      {
        name: 'app',
        image: 'old-image:1',
        memory: 512,
        portMappings: [{ containerPort: 8080 }],
        environment: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      { name: 'log-router', image: 'fluent-bit:3', essential: false, memory: 64 },
    ],
  });

  it('equals what ECS describes after registering it: defaults, order of env and describe-only keys do not count', () => {
    expect(sameTaskDefinition(minimal(), described())).toBe(true);
    expect(normaliseTaskDefinition(minimal())).toBe(normaliseTaskDefinition(described()));
  });

  it('differs when the image, the resources or the ports differ', () => {
    const image = minimal();
    image.containerDefinitions[0]!.image = IMAGE;
    expect(sameTaskDefinition(image, described())).toBe(false);
    const memory = minimal();
    memory.containerDefinitions[0]!.memory = 1024;
    expect(sameTaskDefinition(memory, described())).toBe(false);
    const port = minimal();
    port.containerDefinitions[0]!.portMappings = [
      { containerPort: 8080, hostPort: 8080 } as { containerPort: number },
    ];
    expect(sameTaskDefinition(port, described())).toBe(false);
    const sidecar = minimal();
    sidecar.containerDefinitions[1]!.essential = true;
    expect(sameTaskDefinition(sidecar, described())).toBe(false);
  });

  it('treats a host port equal to the container port as implied in awsvpc mode', () => {
    const file = {
      ...minimal(),
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
    };
    const registered = registeredTaskDefinition(file as never, {
      arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2',
      revision: 2,
      registeredAt: new Date(0),
      registeredBy: 'me',
    });
    expect(registered.containerDefinitions![0]!.portMappings![0]!.hostPort).toBe(8080);
    expect(sameTaskDefinition(file, registered as Record<string, unknown>)).toBe(true);
  });

  it('equals the full output shape of DescribeTaskDefinition: every member ECS fills with a default', () => {
    // A Fargate definition as a file states it, and as DescribeTaskDefinition returns it once registered:
    // each member the API reference gives a default is filled in (TaskDefinition, ContainerDefinition,
    // PortMapping, HealthCheck, MountPoint, VolumeFrom, EFSVolumeConfiguration).
    const file = {
      family: 'api',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '512',
      memory: '1024',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      volumes: [{ name: 'shared', efsVolumeConfiguration: { fileSystemId: 'fs-0123' } }],
      containerDefinitions: [
        {
          name: 'app',
          image: 'old-image:1',
          portMappings: [{ containerPort: 8080 }],
          mountPoints: [{ sourceVolume: 'shared', containerPath: '/data' }],
          healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'] },
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/api' } },
        },
        { name: 'sidecar', image: 'envoy:1', essential: false, volumesFrom: [{ sourceContainer: 'app' }] },
      ],
    };
    const describedFull = {
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:3',
      family: 'api',
      revision: 3,
      status: 'ACTIVE',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      compatibilities: ['EC2', 'FARGATE'],
      cpu: '512',
      memory: '1024',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      requiresAttributes: [{ name: 'ecs.capability.task-eni' }, { name: 'ecs.capability.efsAuth' }],
      placementConstraints: [],
      volumes: [
        {
          name: 'shared',
          efsVolumeConfiguration: {
            fileSystemId: 'fs-0123',
            rootDirectory: '/',
            transitEncryption: 'DISABLED',
            authorizationConfig: { iam: 'DISABLED' },
          },
        },
      ],
      registeredAt: new Date('2026-11-01T10:00:00Z'),
      registeredBy: 'arn:aws:sts::123456789012:assumed-role/deploy/ci',
      enableFaultInjection: false,
      containerDefinitions: [
        {
          name: 'app',
          image: 'old-image:1',
          cpu: 0,
          essential: true,
          versionConsistency: 'enabled',
          portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
          environment: [],
          environmentFiles: [],
          mountPoints: [{ sourceVolume: 'shared', containerPath: '/data', readOnly: false }],
          volumesFrom: [],
          systemControls: [],
          ulimits: [],
          healthCheck: {
            command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'],
            interval: 30,
            timeout: 5,
            retries: 3,
            startPeriod: 0,
          },
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': '/ecs/api' },
            secretOptions: [],
          },
        },
        {
          name: 'sidecar',
          image: 'envoy:1',
          cpu: 0,
          essential: false,
          versionConsistency: 'enabled',
          portMappings: [],
          environment: [],
          mountPoints: [],
          volumesFrom: [{ sourceContainer: 'app', readOnly: false }],
          systemControls: [],
        },
      ],
    };
    expect(normaliseTaskDefinition(file)).toBe(normaliseTaskDefinition(describedFull));
    // An unchanged image renders to the same definition: a no-op. A new one does not.
    const same = renderTaskDefinition(describedFull, new Map([['app', { image: 'old-image:1' }]]));
    const changed = renderTaskDefinition(describedFull, new Map([['app', { image: IMAGE }]]));
    if ('problem' in same || 'problem' in changed) throw new Error('render failed');
    expect(sameTaskDefinition(same.definition as unknown as Record<string, unknown>, describedFull)).toBe(
      true,
    );
    expect(sameTaskDefinition(changed.definition as unknown as Record<string, unknown>, describedFull)).toBe(
      false,
    );
    // A default value set otherwise is a change.
    const readOnly = structuredClone(describedFull);
    readOnly.containerDefinitions[0]!.mountPoints[0]!.readOnly = true;
    expect(sameTaskDefinition(file, readOnly)).toBe(false);
  });

  it('round-trips: render what runs with the image it already has, and it is the same definition', () => {
    const out = renderTaskDefinition(described(), new Map([['app', { image: 'old-image:1' }]]));
    if ('problem' in out) throw new Error(out.problem);
    expect(sameTaskDefinition(out.definition as unknown as Record<string, unknown>, described())).toBe(true);
  });
});
