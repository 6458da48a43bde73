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
    const out = renderTaskDefinition(base, 'app', IMAGE);
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
    expect(renderTaskDefinition(described(), 'web', IMAGE)).toEqual({
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

  it('round-trips: render what runs with the image it already has, and it is the same definition', () => {
    const out = renderTaskDefinition(described(), 'app', 'old-image:1');
    if ('problem' in out) throw new Error(out.problem);
    expect(sameTaskDefinition(out.definition as unknown as Record<string, unknown>, described())).toBe(true);
  });
});
