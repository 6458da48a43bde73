import { describe, expect, it } from 'vitest';
import type { Policy } from '../../scripts/iam-match.mjs';
import { allowingStatement, checkStatement, conditionHolds, patternRegex } from '../../scripts/iam-match.mjs';
import { lambdaResources, requestTagContext } from '../sim/resource-arns.js';
import type { SimAccount } from '../sim/account.js';

const policy: Policy = {
  Statement: [
    {
      Sid: 'ManageGroups',
      Effect: 'Allow',
      Action: ['autoscaling:DeleteAutoScalingGroup'],
      Resource: [
        'arn:aws:autoscaling:${Region}:${Account}:autoScalingGroup:*:autoScalingGroupName/${Service}-*',
      ],
      Condition: { StringEquals: { 'aws:ResourceTag/slipway:service': '${Service}' } },
    },
    {
      Sid: 'MarkPrevious',
      Effect: 'Allow',
      Action: ['autoscaling:CreateOrUpdateTags'],
      Resource: ['arn:aws:autoscaling:${Region}:${Account}:autoScalingGroup:*:autoScalingGroupName/*'],
      Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['slipway:previous'] } },
    },
  ],
};
const GROUP =
  'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0a1b:autoScalingGroupName/web-towbo0';

describe('the IAM check matcher', () => {
  it('allows a call whose action, ARN and resource tag match a statement', () => {
    const s = allowingStatement(policy, 'autoscaling:DeleteAutoScalingGroup', GROUP, {
      'aws:ResourceTag/slipway:service': 'web',
    });
    expect(s?.Sid).toBe('ManageGroups');
  });

  it('refuses a call on a group without the tag, or with the tag of another service named like no group', () => {
    expect(allowingStatement(policy, 'autoscaling:DeleteAutoScalingGroup', GROUP, {})).toBeUndefined();
    // The tag holds a valid service name, but the ARN's name pattern still has to match the group.
    const other = GROUP.replace('web-towbo0', 'payroll');
    expect(
      allowingStatement(policy, 'autoscaling:DeleteAutoScalingGroup', other, {
        'aws:ResourceTag/slipway:service': 'payroll',
      }),
    ).toBeUndefined();
  });

  it('refuses an action the statement does not name, whatever the resource', () => {
    expect(
      allowingStatement(policy, 'autoscaling:UpdateAutoScalingGroup', GROUP, {
        'aws:ResourceTag/slipway:service': 'web',
      }),
    ).toBeUndefined();
  });

  it('substitutes placeholders narrowly: ${Account} is twelve digits, not a wildcard', () => {
    const re = patternRegex('arn:aws:lambda:${Region}:${Account}:function:${FunctionName}');
    expect(re.test('arn:aws:lambda:eu-west-1:123456789012:function:orders')).toBe(true);
    expect(re.test('arn:aws:lambda:eu-west-1:*:function:orders')).toBe(false);
    expect(re.test('arn:aws:lambda:eu-west-1:123456789012:function:orders:3')).toBe(false);
    expect(re.test('arn:aws:lambda:*:123456789012:function:orders')).toBe(false);
  });

  it('evaluates ForAllValues as IAM does: every requested key must be allowed', () => {
    const only = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['slipway:previous'] } };
    expect(conditionHolds(only, requestTagContext([{ Key: 'slipway:previous', Value: 'true' }]))).toBe(true);
    expect(
      conditionHolds(
        only,
        requestTagContext([
          { Key: 'slipway:previous', Value: 'true' },
          { Key: 'owner', Value: 'x' },
        ]),
      ),
    ).toBe(false);
  });

  it('fails loudly on a condition operator or placeholder it cannot evaluate', () => {
    expect(() => conditionHolds({ NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, {})).toThrow(
      /NumericLessThan/,
    );
    expect(() =>
      checkStatement({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${Bukket}/*' }),
    ).toThrow(/Bukket/);
  });
});

describe('the simulator records the resource a call acts on', () => {
  const c = { account: {} as SimAccount, region: 'eu-west-1', id: '123456789012' };

  it('names the qualified function for a call with a Qualifier, and the function for alias calls', () => {
    expect(lambdaResources(c, 'Invoke', { FunctionName: 'orders', Qualifier: '7' })).toEqual([
      { arn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders:7' },
    ]);
    expect(
      lambdaResources(c, 'UpdateAlias', {
        FunctionName: 'arn:aws:lambda:us-east-2:210987654321:function:orders',
        Name: 'live',
      }),
    ).toEqual([{ arn: 'arn:aws:lambda:us-east-2:210987654321:function:orders' }]);
  });
});
