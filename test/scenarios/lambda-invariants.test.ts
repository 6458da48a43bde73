// The Lambda invariants fire when traffic reaches a version it must not, and the final rule when an alias is
// left split. Each case breaks one rule through the simulated API, as a faulty deploy would.
import { describe, expect, it } from 'vitest';
import { FN, lambdaFixture } from './lambda-fixture.js';

const shift = (
  lambda: ReturnType<typeof lambdaFixture>['lambda'],
  main: string,
  extra: Record<string, number>,
) =>
  lambda.UpdateAlias({
    FunctionName: FN,
    Name: 'live',
    FunctionVersion: main,
    RoutingConfig: { AdditionalVersionWeights: extra },
  });

describe('the Lambda invariants', () => {
  it('a version whose smoke invocation failed never takes traffic', () => {
    const { account, lambda, newSha } = lambdaFixture();
    account.expectViolations();
    lambda.behave(newSha, () => ({ payload: {}, functionError: 'Unhandled' }));
    lambda.Invoke({ FunctionName: FN, Qualifier: '2' });
    account.checkInvariants();
    expect(account.violations).toEqual([]);
    shift(lambda, '1', { '2': 0.1 });
    account.checkInvariants();
    expect(account.violations[0]).toMatch(
      /traffic only to Active versions that passed their smoke test: alias orders:live routes to 2, whose last direct invocation failed/,
    );
  });

  it('under requireSmokeTest, a version takes traffic only after a direct invocation succeeded', () => {
    const { account, lambda } = lambdaFixture();
    account.expectViolations();
    lambda.requireSmokeTest();
    shift(lambda, '1', { '2': 0.1 });
    account.checkInvariants();
    expect(account.violations[0]).toMatch(/routes to 2, which no smoke test invoked/);
  });

  it('a smoke test through the alias does not count: only a direct invocation of the version does', () => {
    const { account, lambda } = lambdaFixture();
    account.expectViolations();
    lambda.requireSmokeTest();
    lambda.Invoke({ FunctionName: FN, Qualifier: 'live' });
    shift(lambda, '1', { '2': 0.1 });
    account.checkInvariants();
    expect(account.violations[0]).toMatch(/which no smoke test invoked/);
  });

  it('a passed smoke test lets the version take traffic; weight 0 is no traffic', () => {
    const { account, lambda } = lambdaFixture();
    lambda.requireSmokeTest();
    shift(lambda, '1', { '2': 0 });
    account.checkInvariants();
    expect(account.violations).toEqual([]);
    lambda.Invoke({ FunctionName: FN, Qualifier: '2' });
    shift(lambda, '1', { '2': 0.5 });
    shift(lambda, '2', {});
    account.checkInvariants();
    expect(account.violations).toEqual([]);
  });

  it('a version that is not Active never takes traffic', () => {
    const { account, lambda } = lambdaFixture();
    account.expectViolations();
    lambda.setVersionState(FN, '2', 'Inactive', 'idle');
    shift(lambda, '1', { '2': 0.1 });
    account.checkInvariants();
    expect(account.violations[0]).toMatch(/routes to 2, which is Inactive/);
  });

  it('one rollout never routes to two versions besides the one it started from', () => {
    const { account, lambda } = lambdaFixture();
    account.expectViolations();
    lambda.UpdateFunctionCode({ FunctionName: FN, ZipFile: Buffer.from('third') });
    account.clock.advance(60_000);
    lambda.PublishVersion({ FunctionName: FN });
    account.clock.advance(60_000);
    shift(lambda, '1', { '2': 0.5 });
    account.checkInvariants();
    expect(account.violations).toEqual([]);
    shift(lambda, '2', { '3': 0.5 });
    account.checkInvariants();
    expect(account.violations[0]).toMatch(
      /a rollout routes to one version besides the one it started from: alias orders:live split between 2 and 3, leaving 1, which it last served whole/,
    );
  });

  it('a split that moves whole to the new version and starts again from it is two rollouts, not a violation', () => {
    const { account, lambda } = lambdaFixture();
    lambda.UpdateFunctionCode({ FunctionName: FN, ZipFile: Buffer.from('third') });
    account.clock.advance(60_000);
    lambda.PublishVersion({ FunctionName: FN });
    account.clock.advance(60_000);
    shift(lambda, '1', { '2': 0.5 });
    shift(lambda, '2', {});
    shift(lambda, '2', { '3': 0.5 });
    shift(lambda, '1', { '2': 1 });
    shift(lambda, '2', { '3': 0.2 });
    shift(lambda, '3', {});
    account.checkInvariants();
    expect(account.violations).toEqual([]);
  });

  it('an alias left split is a final violation, recorded once however often it is checked', () => {
    const { account, lambda } = lambdaFixture();
    account.expectViolations();
    shift(lambda, '1', { '2': 0.1 });
    account.checkFinalInvariants();
    account.checkFinalInvariants();
    expect(account.violations).toEqual([
      'at the end: every alias ends fully old or fully new: alias orders:live is left split between 1 and 2',
    ]);
    shift(lambda, '1', {});
    const before = account.violations.length;
    account.checkFinalInvariants();
    expect(account.violations).toHaveLength(before);
  });
});
