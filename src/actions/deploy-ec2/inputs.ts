import { InputError } from '../../core/errors.js';
import type { Io } from '../../core/io.js';
import { HTTP_URL, Inputs } from '../../core/inputs.js';
import type { RefreshSettings } from '../../targets/ec2/refresh.js';
import { SCALE_IN_PROTECTED_CHOICES, STANDBY_CHOICES } from '../../targets/ec2/refresh.js';
import type { DeployInputs } from '../../rollout/deploy-inputs.js';
import { readDeployInputs } from '../../rollout/deploy-inputs.js';
import { AMI_ID } from '../../artifacts/ami/names.js';
import type { TrafficSpec } from '../../targets/ec2/listener.js';
import {
  GROUP_NAME,
  LAUNCH_TEMPLATE,
  LISTENER_ARN,
  RULE_ARN,
  SERVICE_NAME,
} from '../../targets/ec2/names.js';

/** The refresh preferences come straight from the inputs (alarms and bake from the shared deploy inputs). */
type RefreshInputs = Pick<
  RefreshSettings,
  | 'minHealthyPercent'
  | 'maxHealthyPercent'
  | 'instanceWarmupS'
  | 'checkpoints'
  | 'checkpointDelayS'
  | 'skipMatching'
  | 'autoRollback'
  | 'scaleInProtected'
  | 'standby'
>;

export interface DeployEc2Inputs extends DeployInputs, RefreshInputs {
  group: string | undefined;
  service: string | undefined;
  amiId: string;
  launchTemplate: string | undefined;
  /** Blue/green and canary only. */
  traffic: TrafficSpec | undefined;
  smokeUrl: string | undefined;
  keepPrevious: boolean;
}

export const EC2_STRATEGIES = ['rolling', 'blue-green', 'canary'] as const;
const HOUR = 3_600_000;

/** Ascending percentages from 1 to 100; 100 is added when the list does not end with it. */
function checkpoints(i: Inputs): number[] {
  const items = i.list('checkpoints', { re: /^\d{1,3}$/, allowed: 'whole percentages from 1 to 100' });
  const values = items.map(Number);
  values.forEach((v, n) => {
    if (v < 1 || v > 100) throw new InputError('checkpoints', `${v} is not a percentage from 1 to 100`);
    if (n > 0 && v <= values[n - 1]!)
      throw new InputError('checkpoints', `${values.join(', ')} is not in ascending order`);
  });
  if (values.length && values.at(-1) !== 100) values.push(100);
  return values;
}

const seconds = (ms: number | undefined): number | undefined =>
  ms === undefined ? undefined : Math.round(ms / 1000);

export function getInputs(
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
): Readonly<DeployEc2Inputs> {
  const i = new Inputs((n) => io.getInput(n));
  const group = i.optional('auto-scaling-group', GROUP_NAME);
  const service = i.optional('service', SERVICE_NAME);
  if (!group && !service)
    throw new InputError(
      'auto-scaling-group',
      'is required unless service is set (the live group is then found by its slipway:service tag)',
    );
  const amiId = i.required('ami-id', AMI_ID);
  const launchTemplate = i.optional('launch-template', LAUNCH_TEMPLATE);
  const deploy = readDeployInputs(i, env, EC2_STRATEGIES, 'rolling');
  const listener = i.optional('listener-arn', LISTENER_ARN);
  const rule = i.optional('rule-arn', RULE_ARN);
  let traffic: TrafficSpec | undefined;
  if (deploy.strategy === 'rolling') {
    if (listener)
      throw new InputError(
        'listener-arn',
        'is for blue-green and canary; a rolling deploy moves no listener weights',
      );
    if (rule)
      throw new InputError(
        'rule-arn',
        'is for blue-green and canary; a rolling deploy moves no listener weights',
      );
  } else {
    if (listener && rule)
      throw new InputError(
        'rule-arn',
        'cannot be set with listener-arn: give the one whose forward action moves',
      );
    if (!listener && !rule)
      throw new InputError(
        'listener-arn',
        `is required for ${deploy.strategy} (or rule-arn): the weights move there`,
      );
    traffic = listener ? { kind: 'listener', arn: listener } : { kind: 'rule', arn: rule! };
  }
  const minHealthyPercent = i.int('min-healthy-percent', { min: 0, max: 100 }, 90);
  const maxRaw = i.raw('max-healthy-percent');
  const maxHealthyPercent = maxRaw === '' ? undefined : i.int('max-healthy-percent', { min: 100, max: 200 });
  if (maxHealthyPercent !== undefined && maxHealthyPercent - minHealthyPercent > 100)
    throw new InputError(
      'max-healthy-percent',
      `${maxHealthyPercent} is more than 100 above min-healthy-percent (${minHealthyPercent})`,
    );
  const warmupRaw = i.raw('instance-warmup');
  const delayRaw = i.raw('checkpoint-delay');
  const points = checkpoints(i);
  if (delayRaw !== '' && !points.length)
    throw new InputError('checkpoint-delay', 'needs checkpoints: it is the pause at each checkpoint');
  const smokeUrl = i.optional('smoke-url', HTTP_URL);
  if (smokeUrl && deploy.strategy === 'rolling')
    throw new InputError(
      'smoke-url',
      'is for blue-green and canary, where green can be tested before it takes traffic',
    );
  return Object.freeze({
    ...deploy,
    group,
    service,
    amiId,
    launchTemplate,
    traffic,
    minHealthyPercent,
    maxHealthyPercent,
    instanceWarmupS: seconds(
      warmupRaw === '' ? undefined : i.duration('instance-warmup', '0s', { minMs: 0, maxMs: HOUR }),
    ),
    checkpoints: points,
    checkpointDelayS: seconds(
      delayRaw === '' ? undefined : i.duration('checkpoint-delay', '1h', { minMs: 0, maxMs: 2 * HOUR }),
    ),
    skipMatching: i.bool('skip-matching', true),
    autoRollback: i.bool('auto-rollback', true),
    scaleInProtected: i.oneOf('scale-in-protected-instances', SCALE_IN_PROTECTED_CHOICES, 'wait'),
    standby: i.oneOf('standby-instances', STANDBY_CHOICES, 'wait'),
    smokeUrl,
    keepPrevious: i.bool('keep-previous', false),
  });
}
