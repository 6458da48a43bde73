import type { AliasConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import type { GateResult } from '../../src/core/timeline.js';
import { LambdaAliasTarget } from '../../src/targets/lambda/alias-target.js';
import { fakeClient, fakeContext } from './fake-client.js';

const awsError = (name: string): Error =>
  Object.assign(new Error(`${name}: simulated`), { name, $metadata: {} });

/**
 * A Lambda API holding one alias (or none) that records every write's input; `fail` makes the named
 * command throw, `keepAlias` makes DeleteAlias a no-op (another writer re-created it).
 */
function lambda(
  opts: {
    alias?: AliasConfiguration;
    cfg?: Record<string, unknown>;
    invoke?: { Payload?: string; FunctionError?: string };
    fail?: Record<string, Error>;
    keepAlias?: boolean;
  } = {},
) {
  let alias = opts.alias ? structuredClone(opts.alias) : undefined;
  const writes: { command: string; input: Record<string, unknown> }[] = [];
  const guard = (name: string) => {
    const e = opts.fail?.[name];
    if (e) throw e;
  };
  const client = fakeClient<LambdaClient>({
    GetFunctionConfigurationCommand: () => {
      guard('GetFunctionConfigurationCommand');
      return { State: 'Active', ...opts.cfg };
    },
    GetAliasCommand: () => {
      guard('GetAliasCommand');
      if (!alias) throw awsError('ResourceNotFoundException');
      return structuredClone(alias);
    },
    CreateAliasCommand: (input) => {
      writes.push({ command: 'CreateAlias', input });
      alias = { FunctionVersion: input.FunctionVersion as string };
      return alias;
    },
    UpdateAliasCommand: (input) => {
      writes.push({ command: 'UpdateAlias', input });
      alias = {
        FunctionVersion: input.FunctionVersion as string,
        RoutingConfig: input.RoutingConfig as AliasConfiguration['RoutingConfig'],
      };
      return alias;
    },
    DeleteAliasCommand: (input) => {
      writes.push({ command: 'DeleteAlias', input });
      guard('DeleteAliasCommand');
      if (!opts.keepAlias) alias = undefined;
      return {};
    },
    InvokeCommand: () => ({
      StatusCode: 200,
      FunctionError: opts.invoke?.FunctionError,
      Payload: new TextEncoder().encode(opts.invoke?.Payload ?? '{"ok":true}'),
    }),
  });
  return { client, writes, alias: () => alias };
}

const spec = { functionName: 'fn', alias: 'live', version: '2', smoke: undefined, waitTimeoutMs: 60_000 };
/** A context whose waits poll without sleeping, recording log lines and checks. */
const ctx = () => {
  const c = fakeContext();
  const checks: GateResult[] = [];
  return { ...c, waitUntil: c.waitPlain, check: (g: GateResult) => void checks.push(g), checks };
};

describe('LambdaAliasTarget.describe', () => {
  it('names the version to publish first when it does not exist', async () => {
    const { client } = lambda({
      fail: { GetFunctionConfigurationCommand: awsError('ResourceNotFoundException') },
    });
    await expect(new LambdaAliasTarget(client, spec).describe()).rejects.toThrow(
      /^version 2 of function fn does not exist; publish it first \(publish-function\)$/,
    );
  });

  it('passes other errors of GetFunctionConfiguration and GetAlias through unchanged', async () => {
    const denied = awsError('AccessDeniedException');
    const a = lambda({ fail: { GetFunctionConfigurationCommand: denied } });
    await expect(new LambdaAliasTarget(a.client, spec).describe()).rejects.toBe(denied);
    const b = lambda({ alias: { FunctionVersion: '1' }, fail: { GetAliasCommand: denied } });
    await expect(new LambdaAliasTarget(b.client, spec).describe()).rejects.toBe(denied);
  });

  it('a missing alias is a first deploy', async () => {
    const { client } = lambda();
    expect(await new LambdaAliasTarget(client, spec).describe()).toEqual({
      current: undefined,
      upToDate: false,
      inProgress: undefined,
    });
  });

  it('is up to date only on the version with no routing config', async () => {
    const same = lambda({ alias: { FunctionVersion: '2' } });
    expect(await new LambdaAliasTarget(same.client, spec).describe()).toEqual({
      current: '2',
      upToDate: true,
      inProgress: undefined,
    });
    const old = lambda({ alias: { FunctionVersion: '1' } });
    expect((await new LambdaAliasTarget(old.client, spec).describe()).upToDate).toBe(false);
    const split = lambda({
      alias: { FunctionVersion: '2', RoutingConfig: { AdditionalVersionWeights: { '1': 0 } } },
    });
    expect((await new LambdaAliasTarget(split.client, spec).describe()).upToDate).toBe(false);
  });

  it('only a positive weight on a third version is another rollout in progress', async () => {
    const own = lambda({
      alias: { FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '2': 0.1 } } },
    });
    expect((await new LambdaAliasTarget(own.client, spec).describe()).inProgress).toBeUndefined();
    const zero = lambda({
      alias: { FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '3': 0 } } },
    });
    expect((await new LambdaAliasTarget(zero.client, spec).describe()).inProgress).toBeUndefined();
    const other = lambda({
      alias: { FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '3': 0.25 } } },
    });
    expect((await new LambdaAliasTarget(other.client, spec).describe()).inProgress).toBe(
      'alias live already routes 25.0% to version 3',
    );
  });
});

describe('LambdaAliasTarget.prepareGreen', () => {
  const smoke = { payload: '{}', expect: '{"ok":true}' };

  it('records a passing smoke test as a check and a log line', async () => {
    const { client } = lambda({ alias: { FunctionVersion: '1' } });
    const c = ctx();
    await new LambdaAliasTarget(client, { ...spec, smoke }).prepareGreen(c);
    expect(c.checks).toEqual([{ name: 'smoke test', ok: true, detail: 'version 2 answered as expected' }]);
    expect(c.lines).toEqual([
      'smoke test: invoking version 2 before it gets any traffic',
      'smoke test passed',
    ]);
  });

  it('records a failing smoke test as a failed check with its message, and throws it', async () => {
    const { client } = lambda({ alias: { FunctionVersion: '1' }, invoke: { Payload: '{"ok":false}' } });
    const c = ctx();
    const message =
      'smoke test failed: version 2 answered {"ok":false}, which does not match smoke-expect {"ok":true}';
    await expect(new LambdaAliasTarget(client, { ...spec, smoke }).prepareGreen(c)).rejects.toThrow(message);
    expect(c.checks).toEqual([{ name: 'smoke test', ok: false, detail: message }]);
    expect(c.lines).toEqual(['smoke test: invoking version 2 before it gets any traffic']);
  });
});

describe('LambdaAliasTarget.shift', () => {
  it('a first deploy writes nothing below 100% and creates the alias at 100%, once', async () => {
    const { client, writes } = lambda();
    // No describe(): a target that has not read the alias treats it as absent.
    const t = new LambdaAliasTarget(client, spec);
    const c = ctx();
    await t.shift(10, c);
    expect(writes).toEqual([]);
    await t.shift(100, c);
    await t.shift(100, c);
    expect(writes.map((w) => w.command)).toEqual(['CreateAlias', 'UpdateAlias']);
    expect(writes[0]!.input).toEqual({ FunctionName: 'fn', Name: 'live', FunctionVersion: '2' });
    expect(c.lines).toEqual([
      'first deploy: no previous version to share traffic with at 10%',
      'alias live of function fn: 100% on version 2 (read back)',
      'alias live of function fn: 100% on version 2 (read back)',
    ]);
  });

  it('a target rebuilt by the post step updates the existing alias', async () => {
    const { client, writes } = lambda({ alias: { FunctionVersion: '1' } });
    const restored = {
      region: 'us-east-1',
      functionName: 'fn',
      alias: 'live',
      version: '2',
      previous: '1',
      waitTimeoutMs: 1,
    };
    const t = new LambdaAliasTarget(client, spec, restored);
    await t.shift(100, ctx());
    expect(writes.map((w) => w.command)).toEqual(['UpdateAlias']);
  });

  it('a read-back that differs names what it read and what it expected', async () => {
    const { client } = lambda({ alias: { FunctionVersion: '1' } });
    const tampered = {
      ...client,
      send: async (cmd: { constructor: { name: string } }) => {
        const out = (await client.send(cmd as never)) as AliasConfiguration;
        if (cmd.constructor.name === 'GetAliasCommand')
          return { FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: { '3': 0.1 } } };
        return out;
      },
    } as unknown as LambdaClient;
    const t2 = new LambdaAliasTarget(tampered, spec, {
      region: 'r',
      functionName: 'fn',
      alias: 'live',
      version: '2',
      previous: '1',
      waitTimeoutMs: 1,
    });
    await expect(t2.shift(10, ctx())).rejects.toThrow(
      /^alias live of function fn reads back as version 1 with weights \{"3":0\.1\}; expected version 1 with \{"2":0\.1\} \(another writer changed it\?\)$/,
    );
  });
});

describe('LambdaAliasTarget.health and finalize', () => {
  it('Active or no State is healthy; the detail names the state and its reason', async () => {
    const none = lambda({ cfg: { State: undefined } });
    expect(await new LambdaAliasTarget(none.client, spec).health()).toEqual({
      name: 'version 2 state',
      ok: true,
      detail: 'Active',
    });
    const active = lambda({ cfg: { State: 'Active' } });
    expect(await new LambdaAliasTarget(active.client, spec).health()).toEqual({
      name: 'version 2 state',
      ok: true,
      detail: 'Active',
    });
    const pending = lambda({ cfg: { State: 'Pending', StateReason: 'The function is being created.' } });
    expect(await new LambdaAliasTarget(pending.client, spec).health()).toEqual({
      name: 'version 2 state',
      ok: false,
      detail: 'Pending: The function is being created.',
    });
  });

  it('finalize logs the read-back', async () => {
    const { client } = lambda({ alias: { FunctionVersion: '2' } });
    const c = ctx();
    await new LambdaAliasTarget(client, spec).finalize(c);
    expect(c.lines).toEqual(['alias live of function fn: version 2 with no routing config (read back)']);
  });
});

describe('LambdaAliasTarget.rollback', () => {
  it('does nothing when the alias was never written', async () => {
    const { client, writes } = lambda({ alias: { FunctionVersion: '1' } });
    const t = new LambdaAliasTarget(client, spec);
    await t.describe();
    const c = ctx();
    await t.rollback(c);
    expect(writes).toEqual([]);
    expect(c.lines).toEqual(['alias live of function fn was never changed: nothing to roll back']);
  });

  it('puts the old version back with an empty routing config', async () => {
    const { client, writes, alias } = lambda({ alias: { FunctionVersion: '1' } });
    const t = new LambdaAliasTarget(client, spec);
    await t.describe();
    await t.shift(10, ctx());
    const c = ctx();
    await t.rollback(c);
    expect(writes.at(-1)).toEqual({
      command: 'UpdateAlias',
      input: {
        FunctionName: 'fn',
        Name: 'live',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: {} },
      },
    });
    expect(alias()).toEqual({ FunctionVersion: '1', RoutingConfig: { AdditionalVersionWeights: {} } });
    expect(c.lines).toEqual([
      'alias live of function fn is back on version 1 with no routing config (read back)',
    ]);
  });

  it('a first deploy deletes the alias it created', async () => {
    const { client, writes, alias } = lambda();
    const t = new LambdaAliasTarget(client, spec);
    await t.describe();
    await t.shift(100, ctx());
    const c = ctx();
    await t.rollback(c);
    expect(writes.at(-1)).toEqual({ command: 'DeleteAlias', input: { FunctionName: 'fn', Name: 'live' } });
    expect(alias()).toBeUndefined();
    expect(c.lines).toEqual(['alias live of function fn deleted: it did not exist before this deploy']);
  });

  it('an alias already gone is fine; another DeleteAlias error is not', async () => {
    const restored = {
      region: 'r',
      functionName: 'fn',
      alias: 'live',
      version: '2',
      previous: undefined,
      waitTimeoutMs: 1,
    };
    const gone = lambda({ fail: { DeleteAliasCommand: awsError('ResourceNotFoundException') } });
    const c = ctx();
    await new LambdaAliasTarget(gone.client, spec, restored).rollback(c);
    expect(c.lines).toEqual(['alias live of function fn deleted: it did not exist before this deploy']);
    const denied = awsError('AccessDeniedException');
    const failing = lambda({ alias: { FunctionVersion: '2' }, fail: { DeleteAliasCommand: denied } });
    await expect(new LambdaAliasTarget(failing.client, spec, restored).rollback(ctx())).rejects.toBe(denied);
  });

  it('fails when the alias still exists after DeleteAlias', async () => {
    const restored = {
      region: 'r',
      functionName: 'fn',
      alias: 'live',
      version: '2',
      previous: undefined,
      waitTimeoutMs: 1,
    };
    const { client } = lambda({ alias: { FunctionVersion: '2' }, keepAlias: true });
    await expect(new LambdaAliasTarget(client, spec, restored).rollback(ctx())).rejects.toThrow(
      /^alias live of function fn still exists after DeleteAlias$/,
    );
  });
});
