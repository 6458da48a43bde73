import type { Deps } from '../core/deps.js';
import type { GithubDeployment } from '../core/deployments.js';
import { startDeployment } from '../core/deployments.js';
import { RolloutFailedError } from '../core/errors.js';
import type { PollSettings } from '../core/poll.js';
import { loadJsonState, saveJsonState } from '../core/state.js';
import { renderSummary } from '../core/summary.js';
import type { DeployInputs } from './deploy-inputs.js';
import type { RolloutPhase, RolloutResult } from './engine.js';
import { plainContext, runRollout, SETTLED_PHASES } from './engine.js';
import type { Gate } from './gates.js';
import type { Step } from './strategy.js';
import { describePlan } from './strategy.js';
import type { Target } from './target.js';

export interface DeployRun<S> {
  action: string;
  inputs: DeployInputs;
  target: Target;
  steps: readonly Step[];
  gates: readonly Gate[];
  /** What the post step needs to rebuild the target and roll it back after a cancel (read at each phase). */
  targetState: () => S;
  /** Summary rows: what is deployed where, with console links. */
  facts: Array<[string, string]>;
  /** The action's own outputs, beside status and timeline. */
  outputs: (result: RolloutResult) => Record<string, string>;
}

/** What the main step leaves for the post step. */
export interface SavedRollout<S> {
  phase: RolloutPhase;
  trafficPercent: number;
  target: S;
}

const STATE_KEY = 'rollout';

export function pollSettings(deps: Deps): PollSettings {
  return { clock: deps.clock, signal: deps.signal, log: (line) => deps.io.info(line) };
}

/**
 * The flow every deploy action shares: dry run, GitHub Deployment, the rollout itself, outputs, job summary
 * and the state the post step needs. A rollout that did not succeed fails the job after its outputs are set.
 */
export async function executeDeploy<S>(deps: Deps, run: DeployRun<S>): Promise<RolloutResult> {
  const { io } = deps;
  const { inputs } = run;
  const header = `${run.target.label}: ${inputs.strategy}`;
  if (inputs.dryRun) {
    const state = await run.target.describe();
    io.info(`dry run: ${header}; now serving ${state.current ?? 'nothing (first deploy)'}`);
    if (state.upToDate) io.info('dry run: already up to date; a real run would be a no-op');
    else for (const line of describePlan(run.steps, inputs.bakeMs)) io.info(`dry run: ${line}`);
    if (state.inProgress) io.info(`dry run: a real run would first wait for: ${state.inProgress}`);
    io.setOutput('status', 'dry-run');
    return { status: 'no-op', previous: state.current, diagnosis: [], timeline: [] };
  }

  let deployment: GithubDeployment | undefined;
  if (inputs.github)
    deployment = await startDeployment(deps, {
      ...inputs.github,
      description: `slipway ${run.action}: ${header}`.slice(0, 140),
    });

  const save = (phase: RolloutPhase, trafficPercent: number): void =>
    saveJsonState(io, STATE_KEY, {
      phase,
      trafficPercent,
      target: run.targetState(),
    } satisfies SavedRollout<S>);

  let result: RolloutResult;
  try {
    result = await runRollout({
      target: run.target,
      steps: run.steps,
      bakeMs: inputs.bakeMs,
      gates: run.gates,
      rollback: inputs.rollback,
      waitTimeoutMs: inputs.waitTimeoutMs,
      poll: pollSettings(deps),
      onPhase: save,
    });
  } catch (err) {
    await deployment?.finish('failure', `slipway ${run.action} did not finish: ${(err as Error).message}`);
    throw err;
  }

  io.setOutput('status', result.status);
  io.setOutput('timeline', JSON.stringify(result.timeline));
  for (const [k, v] of Object.entries(run.outputs(result))) io.setOutput(k, v);
  await io.appendSummary(
    renderSummary({
      title: `slipway ${run.action}`,
      status: result.status,
      facts: [
        ...run.facts,
        ['strategy', inputs.strategy],
        ['previous', result.previous ?? '(none: first deploy)'],
      ],
      timeline: result.timeline,
      notes: [...(result.reason ? [`**Why:** ${result.reason}`] : []), ...result.diagnosis],
    }),
  );
  const ok = result.status === 'succeeded' || result.status === 'no-op';
  await deployment?.finish(ok ? 'success' : 'failure', `slipway ${run.action}: ${result.status}`);
  if (!ok)
    throw new RolloutFailedError(
      result.status === 'rolled-back'
        ? `${run.target.label} rolled back to ${result.previous ?? 'its previous state'}: ${result.reason}`
        : `${run.target.label} failed and was NOT rolled back: ${result.reason}`,
      result.status === 'rolled-back',
      result.diagnosis,
    );
  return result;
}

/**
 * The post step of a deploy action: when the main step stopped mid-rollout (a cancel, or a runner that
 * died), put the target back on the old version, from the state the main step saved.
 */
export async function executeDeployPost<S>(
  deps: Deps,
  rebuild: (state: S) => Promise<Target>,
): Promise<void> {
  const { io } = deps;
  const saved = loadJsonState<SavedRollout<S>>(io, STATE_KEY);
  if (!saved || SETTLED_PHASES.includes(saved.phase)) {
    io.info('post: no rollout left in flight; nothing to clean up');
    return;
  }
  io.warning(
    `post: the deploy stopped while ${saved.phase} at ${saved.trafficPercent}% traffic; rolling back`,
  );
  const target = await rebuild(saved.target);
  await target.rollback(plainContext(pollSettings(deps)));
  saveJsonState(io, STATE_KEY, {
    ...saved,
    phase: 'rolled-back',
    trafficPercent: 0,
  } satisfies SavedRollout<S>);
  io.info(`post: ${target.label} is back on the previous version`);
  await io.appendSummary(
    renderSummary({
      title: 'slipway post step',
      status: 'rolled-back',
      facts: [
        ['target', target.label],
        ['stopped while', `${saved.phase} at ${saved.trafficPercent}%`],
      ],
    }),
  );
}
