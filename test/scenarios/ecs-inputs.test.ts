import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegisterTaskDefinitionRequest, UpdateServiceRequest } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/actions/deploy-ecs/main.js';
import {
  CONTAINER,
  containersAccount,
  ECS_BASE_INPUTS,
  FAMILY,
  IMAGE_V1,
  IMAGE_V2,
} from '../sim/containers.js';

// Issue 21: what teams moving from amazon-ecs-deploy-task-definition rely on: an existing revision by ARN,
// several containers with their environment and secrets, force-new-deployment and desired-count.

const arnOf = (revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${FAMILY}:${revision}`;
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:web/db-AbCdEf';
const PROXY_IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/envoy@sha256:' + 'e'.repeat(64);
const { image: _image, 'container-name': _container, ...SERVICE_ONLY } = ECS_BASE_INPUTS;

type Env = ReturnType<typeof containersAccount>;
const calls = (env: Env, action: string) => env.account.calls.filter((c) => c.action === action);
const update = (env: Env): UpdateServiceRequest =>
  calls(env, 'UpdateService').at(-1)!.input as UpdateServiceRequest;

describe('deploy-ecs: an existing revision by task-definition-arn', () => {
  it('deploys a registered revision as it is (no registration), and a second run is a no-op', async () => {
    const env = containersAccount();
    const registered = env.ecs.registerTaskDefinition({
      family: FAMILY,
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: CONTAINER,
          image: IMAGE_V2,
          memory: 512,
          portMappings: [{ containerPort: 8080, hostPort: 0 }],
        },
      ],
    });
    env.account.calls.length = 0;
    const inputs = { ...SERVICE_ONLY, 'task-definition-arn': registered.taskDefinitionArn! };
    const deps = env.account.deps(inputs);
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(deps.io.outputs['task-definition-arn']).toBe(arnOf(2));
    expect(calls(env, 'RegisterTaskDefinition')).toEqual([]);
    expect(update(env).taskDefinition).toBe(arnOf(2));
    expect(update(env)).not.toHaveProperty('forceNewDeployment');
    expect(deps.io.logs).toContain('deploying task definition web:2 as it is');
    expect(deps.io.summary).toContain(`\`${arnOf(2)}\` as it is`);
    expect(env.ecs.taskDefinitionOf(env.service).revision).toBe(2);
    env.account.calls.length = 0;
    const again = env.account.deps(inputs);
    await run(again);
    expect(again.io.outputs['status']).toBe('no-op');
    expect(env.account.mutatingCalls()).toEqual([]);
    expect(env.account.violations).toEqual([]);
  });

  it('a revision that is not registered fails before any change, naming it', async () => {
    const env = containersAccount();
    const deps = env.account.deps({ ...SERVICE_ONLY, 'task-definition-arn': arnOf(9) });
    await expect(run(deps)).rejects.toThrow(
      `task-definition-arn ${arnOf(9)} is not a registered task definition in us-east-1`,
    );
    expect(env.account.mutatingCalls()).toEqual([]);
  });
});

describe('deploy-ecs: several containers, their environment and secrets', () => {
  it('puts each image, sets variables by name and adds secrets; the log and summary name secrets, never their values', async () => {
    const env = containersAccount();
    const dir = mkdtempSync(join(tmpdir(), 'slipway-ecs-two-'));
    const file = join(dir, 'task-definition.json');
    const current = env.ecs.taskDefinitionOf(env.service);
    writeFileSync(
      file,
      JSON.stringify({
        ...current,
        containerDefinitions: [
          ...current.containerDefinitions!,
          { name: 'proxy', image: 'envoy:1', memory: 128, environment: [{ name: 'UPSTREAM', value: 'old' }] },
        ],
      }),
    );
    const inputs = {
      ...SERVICE_ONLY,
      'task-definition': file,
      'container-name': CONTAINER,
      images: `${CONTAINER}=${IMAGE_V2}\nproxy=${PROXY_IMAGE}`,
      'container-env': 'LOG_LEVEL=debug\nPORT=8081\nproxy:UPSTREAM=http://localhost:8081',
      'container-secrets': `DB_PASSWORD=${SECRET}`,
      command: '["node", "server.js", "--port", "8081"]',
    };
    const deps = env.account.deps(inputs);
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const registered = calls(env, 'RegisterTaskDefinition')[0]!.input as RegisterTaskDefinitionRequest;
    const [app, proxy] = registered.containerDefinitions!;
    expect(app).toMatchObject({
      name: CONTAINER,
      image: IMAGE_V2,
      // PORT was there: it takes the new value in place; LOG_LEVEL is added.
      environment: [
        { name: 'PORT', value: '8081' },
        { name: 'LOG_LEVEL', value: 'debug' },
      ],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: SECRET }],
      command: ['node', 'server.js', '--port', '8081'],
    });
    expect(proxy).toMatchObject({
      name: 'proxy',
      image: PROXY_IMAGE,
      environment: [{ name: 'UPSTREAM', value: 'http://localhost:8081' }],
    });
    expect(proxy).not.toHaveProperty('secrets');
    const described = `app = ${IMAGE_V2}; environment LOG_LEVEL, PORT; secrets DB_PASSWORD; command ["node","server.js","--port","8081"], proxy = ${PROXY_IMAGE}; environment UPSTREAM`;
    expect(deps.io.logs).toContain(`registered task definition web:2: ${described}`);
    expect(deps.io.summary).toContain(described);
    // The summary folds the registered definition in; a secret is there by its name only.
    expect(deps.io.summary).toContain(
      '<details><summary>task definition web as registered (secrets by name only)</summary>',
    );
    expect(deps.io.summary).toMatch(/"name": "DB_PASSWORD",\s*"valueFrom": "\(not shown\)"/);
    expect(deps.io.summary).toContain('"value": "http://localhost:8081"');
    for (const text of [deps.io.summary, ...deps.io.logs]) expect(text).not.toContain(SECRET);
    // The same inputs again: the rendered definition is what runs, so nothing is registered or deployed.
    env.account.calls.length = 0;
    const again = env.account.deps(inputs);
    await run(again);
    expect(again.io.outputs['status']).toBe('no-op');
    expect(env.account.mutatingCalls()).toEqual([]);
  });
});

describe('deploy-ecs: force-new-deployment and desired-count', () => {
  it('force-new-deployment of an unchanged revision deploys it again (not a no-op) without registering one', async () => {
    const env = containersAccount();
    const deps = env.account.deps({ ...ECS_BASE_INPUTS, image: IMAGE_V1, 'force-new-deployment': 'true' });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(calls(env, 'RegisterTaskDefinition')).toEqual([]);
    expect(update(env)).toMatchObject({ taskDefinition: arnOf(1), forceNewDeployment: true });
    expect(deps.io.logs).toContain('task definition unchanged: a new deployment of web:1');
    expect(deps.io.outputs['deployment-id']).not.toBe('');
    // Without the flag, the same revision is a no-op.
    env.account.calls.length = 0;
    const again = env.account.deps({ ...ECS_BASE_INPUTS, image: IMAGE_V1 });
    await run(again);
    expect(again.io.outputs['status']).toBe('no-op');
    expect(env.account.violations).toEqual([]);
  });

  it('desired-count goes out with the deployment; a new count alone deploys the same revision again', async () => {
    const env = containersAccount();
    const before = env.service.desiredCount;
    const deps = env.account.deps({ ...ECS_BASE_INPUTS, 'desired-count': String(before + 1) });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(update(env)).toMatchObject({ taskDefinition: arnOf(2), desiredCount: before + 1 });
    expect(env.service.desiredCount).toBe(before + 1);
    expect(env.ecs.runningTasks(env.service)).toHaveLength(before + 1);
    env.account.calls.length = 0;
    const scaled = env.account.deps({ ...ECS_BASE_INPUTS, 'desired-count': String(before + 2) });
    await run(scaled);
    expect(scaled.io.outputs['status']).toBe('succeeded');
    expect(calls(env, 'RegisterTaskDefinition')).toEqual([]);
    expect(update(env)).toMatchObject({
      taskDefinition: arnOf(2),
      forceNewDeployment: true,
      desiredCount: before + 2,
    });
    expect(env.ecs.runningTasks(env.service)).toHaveLength(before + 2);
    expect(env.account.violations).toEqual([]);
  });
});

describe('deploy-ecs: tags, log options and Docker labels', () => {
  it('propagate-tags and enable-ecs-managed-tags go out with the deployment; a change alone redeploys the revision', async () => {
    const env = containersAccount();
    const inputs = { ...ECS_BASE_INPUTS, 'propagate-tags': 'SERVICE', 'enable-ecs-managed-tags': 'true' };
    const deps = env.account.deps(inputs);
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    expect(update(env)).toMatchObject({ propagateTags: 'SERVICE', enableECSManagedTags: true });
    expect(env.service.propagateTags).toBe('SERVICE');
    expect(env.service.enableECSManagedTags).toBe(true);
    // The same again: nothing to do.
    env.account.calls.length = 0;
    const again = env.account.deps(inputs);
    await run(again);
    expect(again.io.outputs['status']).toBe('no-op');
    // Only the tag setting changes: the running revision goes out again, so its tasks get it.
    env.account.calls.length = 0;
    const retag = env.account.deps({ ...ECS_BASE_INPUTS, 'propagate-tags': 'TASK_DEFINITION' });
    await run(retag);
    expect(retag.io.outputs['status']).toBe('succeeded');
    expect(calls(env, 'RegisterTaskDefinition')).toEqual([]);
    expect(update(env)).toMatchObject({
      taskDefinition: arnOf(2),
      forceNewDeployment: true,
      propagateTags: 'TASK_DEFINITION',
    });
    expect(env.account.violations).toEqual([]);
  });

  it('log-options merge into the log configuration and docker-labels into the labels; a container without a log driver is refused', async () => {
    const env = containersAccount();
    const dir = mkdtempSync(join(tmpdir(), 'slipway-ecs-logs-'));
    const file = join(dir, 'task-definition.json');
    const current = env.ecs.taskDefinitionOf(env.service);
    const [app] = current.containerDefinitions!;
    writeFileSync(
      file,
      JSON.stringify({
        ...current,
        containerDefinitions: [
          {
            ...app,
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1' },
            },
            dockerLabels: { team: 'payments' },
          },
        ],
      }),
    );
    const deps = env.account.deps({
      ...ECS_BASE_INPUTS,
      'task-definition': file,
      'log-options': 'awslogs-stream-prefix=web\nmode=non-blocking',
      'docker-labels': 'com.example.release=2026-12-04',
    });
    await run(deps);
    expect(deps.io.outputs['status']).toBe('succeeded');
    const registered = calls(env, 'RegisterTaskDefinition')[0]!.input as RegisterTaskDefinitionRequest;
    expect(registered.containerDefinitions![0]).toMatchObject({
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/web',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'web',
          mode: 'non-blocking',
        },
      },
      dockerLabels: { team: 'payments', 'com.example.release': '2026-12-04' },
    });
    // A service whose definition has no log driver: log-options cannot go anywhere.
    const bare = containersAccount();
    const refused = bare.account.deps({ ...ECS_BASE_INPUTS, 'log-options': 'mode=non-blocking' });
    await expect(run(refused)).rejects.toThrow(
      'has no logConfiguration in container app for log-options to go into; give it a logDriver in the task definition file',
    );
    expect(bare.account.mutatingCalls()).toEqual([]);
  });
});
