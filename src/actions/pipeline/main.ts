import type { Deps } from '../../core/deps.js';
import { InputError } from '../../core/errors.js';
import { Inputs } from '../../core/inputs.js';
import { overlayIo } from './overlay-io.js';
import type { Pipeline } from './stages.js';
import { chainedInputs, PIPELINES } from './stages.js';

export const TARGETS = ['lambda', 'ecs', 'ec2'] as const;

export function pipelineFor(deps: Deps): { target: string; pipeline: Pipeline } {
  const i = new Inputs((n) => deps.io.getInput(n));
  const target = i.oneOf('target', TARGETS);
  // target lambda with repository: an image function, built and pushed to ECR (Lambda takes no other registry).
  if (target === 'lambda' && i.given('repository')) {
    if (i.given('registry'))
      throw new InputError(
        'registry',
        `${JSON.stringify(i.raw('registry'))} is not allowed with target lambda; Lambda takes images only from Amazon ECR (leave registry empty)`,
      );
    return { target, pipeline: PIPELINES['lambda-image'] };
  }
  return { target, pipeline: PIPELINES[target] };
}

/**
 * The whole pipeline in one step: build → publish → deploy for one target, by running the composable
 * actions themselves, each one's outputs feeding the next one's inputs. Every stage's inputs are checked
 * before the first stage runs, so a typo in a deploy input fails in milliseconds, not after a build.
 */
export async function run(deps: Deps): Promise<void> {
  const { io } = deps;
  const { target, pipeline } = pipelineFor(deps);
  const missing = pipeline.required.filter((name) => io.getInput(name).trim() === '');
  if (missing.length)
    throw new InputError(
      missing[0]!,
      `target ${target} needs ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} missing`,
    );
  for (const stage of pipeline.stages) stage.validate(overlayIo(io, stage.placeholders(deps), {}), deps);

  const outputs: Record<string, string> = {};
  for (const stage of pipeline.stages) {
    io.info(`── ${stage.action} ──`);
    await stage.run({ ...deps, io: overlayIo(io, chainedInputs(stage, outputs), outputs) });
  }
}
