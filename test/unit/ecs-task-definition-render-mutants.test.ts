import { describe, expect, it } from 'vitest';
import type { ContainerChange } from '../../src/targets/ecs/task-definition.js';
import { describeChanges, renderTaskDefinition } from '../../src/targets/ecs/task-definition.js';

const base = {
  family: 'web',
  taskDefinitionArn: 'arn:aws:ecs:eu-west-1:1:task-definition/web:4',
  containerDefinitions: [
    {
      name: 'app',
      image: 'img:1',
      command: ['serve'],
      dockerLabels: { team: 'a' },
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/g' } },
    },
    { name: 'plain', image: 'side:1' },
  ],
};

const render = (changes: Array<[string, ContainerChange]>) => {
  const out = renderTaskDefinition(base, new Map(changes));
  if ('problem' in out) throw new Error(out.problem);
  return out.definition;
};

describe('renderTaskDefinition changes only what a change names', () => {
  it('a change of environment alone keeps the image, command and labels, and adds no keys', () => {
    const td = render([['app', { environment: [{ name: 'A', value: '1' }] }]]);
    expect(td).toStrictEqual({
      family: 'web',
      containerDefinitions: [
        {
          name: 'app',
          image: 'img:1',
          command: ['serve'],
          dockerLabels: { team: 'a' },
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/g' } },
          environment: [{ name: 'A', value: '1' }],
        },
        { name: 'plain', image: 'side:1' },
      ],
    });
  });

  it('a container without labels gets none unless the change gives some', () => {
    const td = render([['plain', { image: 'side:2' }]]);
    expect(td.containerDefinitions?.[1]).toStrictEqual({ name: 'plain', image: 'side:2' });
  });

  it('secrets are set under "secrets", by name', () => {
    const td = render([['plain', { secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:x' }] }]]);
    expect(td.containerDefinitions?.[1]).toStrictEqual({
      name: 'plain',
      image: 'side:1',
      secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:x' }],
    });
  });

  it("a container's own secrets stay; one of the same name is replaced, a new one added", () => {
    const withSecrets = {
      ...base,
      containerDefinitions: [
        {
          name: 'app',
          image: 'img:1',
          secrets: [
            { name: 'KEEP', valueFrom: 'arn:aws:ssm:keep' },
            { name: 'DB', valueFrom: 'arn:aws:ssm:old' },
          ],
        },
      ],
    };
    const out = renderTaskDefinition(
      withSecrets,
      new Map([
        [
          'app',
          {
            secrets: [
              { name: 'DB', valueFrom: 'arn:aws:ssm:new' },
              { name: 'API', valueFrom: 'arn:aws:ssm:api' },
            ],
          },
        ],
      ]),
    );
    if ('problem' in out) throw new Error(out.problem);
    expect(out.definition.containerDefinitions?.[0]?.secrets).toStrictEqual([
      { name: 'KEEP', valueFrom: 'arn:aws:ssm:keep' },
      { name: 'DB', valueFrom: 'arn:aws:ssm:new' },
      { name: 'API', valueFrom: 'arn:aws:ssm:api' },
    ]);
  });
});

describe('describeChanges', () => {
  it('names each part a change sets, and nothing for an image it does not set', () => {
    const changes = new Map<string, ContainerChange>([
      [
        'app',
        {
          secrets: [
            { name: 'DB', valueFrom: 'arn:aws:ssm:x' },
            { name: 'KEY', valueFrom: 'arn:aws:ssm:y' },
          ],
          logOptions: { 'awslogs-group': '/g', mode: 'non-blocking' },
          dockerLabels: { team: 'b', tier: 'web' },
        },
      ],
      ['plain', { image: 'side:2' }],
    ]);
    expect(describeChanges(changes)).toBe(
      'app = secrets DB, KEY; log options awslogs-group, mode; labels team, tier, plain = side:2',
    );
  });

  it('a change of labels alone is just its labels', () => {
    expect(describeChanges(new Map([['app', { dockerLabels: { x: '1' } }]]))).toBe('app = labels x');
    expect(describeChanges(new Map([['app', { logOptions: { y: '1' } }]]))).toBe('app = log options y');
  });
});
