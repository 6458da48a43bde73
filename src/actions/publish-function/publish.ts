import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import type { Deps } from '../../core/deps.js';
import { renderSummary } from '../../core/summary.js';
import { plainContext } from '../../rollout/engine.js';
import { pollSettings } from '../../rollout/deploy-action.js';
import { publishFunction } from '../../targets/lambda/publish.js';
import type { PublishFunctionInputs } from './inputs.js';

export async function publish(deps: Deps, inputs: PublishFunctionInputs): Promise<void> {
  const { io } = deps;
  const aws = deps.aws({ maxAttempts: inputs.maxAttempts, action: 'publish-function' });
  const result = await io.group(`publish ${inputs.functionName} (${inputs.region})`, () =>
    publishFunction(
      plainContext(pollSettings(deps)),
      { lambda: aws.get(LambdaClient, inputs.region), s3: () => aws.get(S3Client, inputs.region) },
      inputs.region,
      inputs,
    ),
  );
  io.info(
    result.upload === 'dry-run'
      ? `dry run: ${inputs.functionName} would get a new version`
      : result.changed
        ? `${result.created ? 'created and ' : ''}published ${inputs.functionName} version ${result.version} (CodeSha256 ${result.codeSha256})`
        : `unchanged: ${inputs.functionName} version ${result.version} already has this code and configuration`,
  );
  io.setOutput('function-arn', result.functionArn);
  io.setOutput('version', result.version);
  io.setOutput('code-sha256', result.codeSha256);
  io.setOutput('changed', String(result.changed));
  io.setOutput('created', String(result.created === true));
  await io.appendSummary(
    renderSummary({
      title: 'slipway publish-function',
      status:
        result.upload === 'dry-run'
          ? 'dry run'
          : result.changed
            ? `published version ${result.version}`
            : `unchanged (version ${result.version})`,
      facts: [
        ['function', inputs.functionName],
        ['region', inputs.region],
        ['CodeSha256', `\`${result.codeSha256}\``],
        ...(inputs.imageUri ? [['image', `\`${inputs.imageUri}\``] as [string, string]] : []),
        ['upload', result.upload],
      ],
    }),
  );
}
