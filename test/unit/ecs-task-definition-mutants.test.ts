import { describe, expect, it } from 'vitest';
import {
  imageOf,
  normaliseTaskDefinition,
  readTaskDefinition,
  sameTaskDefinition,
} from '../../src/targets/ecs/task-definition.js';

type Json = Record<string, unknown>;

const base = (container: Json = {}, task: Json = {}): Json => ({
  family: 'web',
  containerDefinitions: [{ name: 'app', image: 'img:1', ...container }],
  ...task,
});

const same = (a: Json, b: Json) => sameTaskDefinition(a, b);

describe('readTaskDefinition', () => {
  it('refuses what is not an object, an array included', () => {
    expect(readTaskDefinition([{ family: 'web' }])).toEqual({ problem: 'is not a JSON object' });
    expect(readTaskDefinition(null)).toEqual({ problem: 'is not a JSON object' });
    expect(readTaskDefinition('web')).toEqual({ problem: 'is not a JSON object' });
    expect(readTaskDefinition({ taskDefinition: [] })).toEqual({ problem: 'has no "family"' });
  });

  it('refuses a missing, empty or non-string family', () => {
    for (const family of [undefined, '', 7])
      expect(readTaskDefinition({ family, containerDefinitions: [{ name: 'a' }] })).toEqual({
        problem: 'has no "family"',
      });
  });

  it('refuses any container without a name, even when another has one', () => {
    expect(
      readTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'a' }, { image: 'x' }] }),
    ).toEqual({
      problem: 'has a container definition without a "name"',
    });
    expect(readTaskDefinition({ family: 'web', containerDefinitions: [{ name: 'a' }, ['b']] })).toEqual({
      problem: 'has a container definition without a "name"',
    });
  });
});

describe('imageOf', () => {
  const td = {
    containerDefinitions: [
      { name: 'side', image: 'side:1' },
      { name: 'app', image: 'app:1' },
      { name: 'bare' },
    ],
  };
  it('the image of the named container, or undefined', () => {
    expect(imageOf(td, 'app')).toBe('app:1');
    expect(imageOf(td, 'side')).toBe('side:1');
    expect(imageOf(td, 'bare')).toBeUndefined();
    expect(imageOf(td, 'none')).toBeUndefined();
    expect(imageOf({}, 'app')).toBeUndefined();
  });
});

describe('normaliseTaskDefinition: empty values', () => {
  it('drops null, empty lists and empty objects, and keeps false, 0 and empty strings', () => {
    expect(normaliseTaskDefinition({ family: 'web', a: null, b: [], c: {}, d: { e: null } })).toBe(
      '{"family":"web"}',
    );
    expect(normaliseTaskDefinition({ family: 'web', f: false, z: 0, s: '' })).toBe(
      '{"f":false,"family":"web","s":"","z":0}',
    );
    expect(normaliseTaskDefinition({ family: 'web', o: { k: 1 }, l: [1] })).toBe(
      '{"family":"web","l":[1],"o":{"k":1}}',
    );
  });

  it('sorts keys at every level', () => {
    expect(normaliseTaskDefinition({ z: 1, a: { y: 1, b: 2 } })).toBe('{"a":{"b":2,"y":1},"z":1}');
    expect(same({ b: 1, a: 2 }, { a: 2, b: 1 })).toBe(true);
  });

  it('writes a date as ISO text', () => {
    expect(normaliseTaskDefinition({ when: new Date('2026-01-01T00:00:00Z') })).toBe(
      '{"when":"2026-01-01T00:00:00.000Z"}',
    );
  });
});

describe('normaliseTaskDefinition: defaults and keys ECS adds', () => {
  it('ignores tags', () => {
    expect(same(base({}, { tags: [{ key: 'a', value: 'b' }] }), base())).toBe(true);
  });

  it('task defaults: bridge network mode and fault injection off', () => {
    expect(same(base({}, { networkMode: 'bridge', enableFaultInjection: false }), base())).toBe(true);
    expect(same(base({}, { networkMode: 'awsvpc' }), base())).toBe(false);
    expect(same(base({}, { enableFaultInjection: true }), base())).toBe(false);
  });

  it('container defaults: essential, cpu 0, version consistency enabled', () => {
    expect(same(base({ essential: true, cpu: 0, versionConsistency: 'enabled' }), base())).toBe(true);
    expect(same(base({ essential: false }), base())).toBe(false);
    expect(same(base({ cpu: 256 }), base())).toBe(false);
    expect(same(base({ versionConsistency: 'disabled' }), base())).toBe(false);
  });

  it('health check defaults', () => {
    const hc = { command: ['CMD', 'true'] };
    expect(
      same(
        base({ healthCheck: { ...hc, interval: 30, timeout: 5, retries: 3, startPeriod: 0 } }),
        base({ healthCheck: hc }),
      ),
    ).toBe(true);
    expect(same(base({ healthCheck: { ...hc, interval: 10 } }), base({ healthCheck: hc }))).toBe(false);
  });

  it('mount points and volumes-from: readOnly false is the default', () => {
    expect(
      same(
        base({
          mountPoints: [{ sourceVolume: 'v', containerPath: '/d', readOnly: false }],
          volumesFrom: [{ sourceContainer: 's', readOnly: false }],
        }),
        base({
          mountPoints: [{ sourceVolume: 'v', containerPath: '/d' }],
          volumesFrom: [{ sourceContainer: 's' }],
        }),
      ),
    ).toBe(true);
    expect(
      same(
        base({ volumesFrom: [{ sourceContainer: 's', readOnly: true }] }),
        base({ volumesFrom: [{ sourceContainer: 's' }] }),
      ),
    ).toBe(false);
  });

  it('EFS volume defaults, and iam DISABLED in its authorisation', () => {
    const efs = { fileSystemId: 'fs-1' };
    expect(
      same(
        base(
          {},
          {
            volumes: [
              {
                name: 'v',
                efsVolumeConfiguration: {
                  ...efs,
                  rootDirectory: '/',
                  transitEncryption: 'DISABLED',
                  authorizationConfig: { iam: 'DISABLED' },
                },
              },
            ],
          },
        ),
        base({}, { volumes: [{ name: 'v', efsVolumeConfiguration: efs }] }),
      ),
    ).toBe(true);
    expect(
      same(
        base(
          {},
          {
            volumes: [
              { name: 'v', efsVolumeConfiguration: { ...efs, authorizationConfig: { iam: 'ENABLED' } } },
            ],
          },
        ),
        base({}, { volumes: [{ name: 'v', efsVolumeConfiguration: efs }] }),
      ),
    ).toBe(false);
  });

  it('environment and secrets compare by name, whatever their order', () => {
    const env = [
      { name: 'B', value: '2' },
      { name: 'A', value: '1' },
    ];
    const secrets = [
      { name: 'Y', valueFrom: 'arn:y' },
      { name: 'X', valueFrom: 'arn:x' },
    ];
    expect(
      same(
        base({ environment: env, secrets }),
        base({ environment: [...env].reverse(), secrets: [...secrets].reverse() }),
      ),
    ).toBe(true);
  });

  it('port mappings: tcp is the default protocol; udp is not', () => {
    expect(
      same(
        base({ portMappings: [{ containerPort: 53, protocol: 'tcp' }] }),
        base({ portMappings: [{ containerPort: 53 }] }),
      ),
    ).toBe(true);
    expect(
      same(
        base({ portMappings: [{ containerPort: 53, protocol: 'udp' }] }),
        base({ portMappings: [{ containerPort: 53 }] }),
      ),
    ).toBe(false);
  });

  it('port mappings: host port 0 is implied in bridge mode only; the container port in awsvpc mode only', () => {
    const port = (hostPort?: number) => ({
      portMappings: [{ containerPort: 8080, ...(hostPort !== undefined ? { hostPort } : {}) }],
    });
    expect(same(base(port(0)), base(port()))).toBe(true);
    expect(same(base(port(8080)), base(port()))).toBe(false);
    const awsvpc = { networkMode: 'awsvpc' };
    expect(same(base(port(8080), awsvpc), base(port(), awsvpc))).toBe(true);
    expect(same(base(port(0), awsvpc), base(port(), awsvpc))).toBe(false);
  });
});
