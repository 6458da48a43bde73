import type { Deps } from '../core/deps.js';
import type { DeploymentOutcome, GithubDeployment } from '../core/deployments.js';
import { resumeDeployment, startDeployment } from '../core/deployments.js';
import { CancelledError, RolloutFailedError } from '../core/errors.js';
import type { PollSettings } from '../core/poll.js';
import { loadJsonState, saveJsonState } from '../core/state.js';
import { renderSummary } from '../core/summary.js';
import type { DeployInputs } from './deploy-inputs.js';
import { readPostToken } from './deploy-inputs.js';
import type { RolloutPhase, RolloutResult } from './engine.js';
import { plainContext, runRollout, SETTLED_PHASES } from './engine.js';
import type { Gate } from './gates.js';
import type { Hold, Step } from './strategy.js';
import { describePlan, holdsOf, unwatchedHoldWarning } from './strategy.js';
import type { Target } from './target.js';

export interface DeployRun<S> {
  action: string;
  inputs: DeployInputs;
  target: Target;
  steps: readonly Step[];
  /** Builds the gates in the resolve phase (an alarm gate first checks that its alarms exist). */
  gates: () => Promise<readonly Gate[]>;
  /** The target bakes natively (an instance refresh's BakeTime): the engine adds no second bake. */
  nativeBake?: boolean;
  /** Holds the target keeps natively beside the steps' (an instance refresh's checkpoint delays). */
  nativeHolds?: readonly Hold[];
  /** What the post step needs to rebuild the target and roll it back after a cancel (read at each phase). */
  targetState: () => S;
  /** Summary rows: what is deployed where, with console links. */
  facts: Array<[string, string]>;
  /** The action's own outputs, beside status and timeline. */
  outputs: (result: RolloutResult) => Record<string, string>;
  /** Folded sections for the summary, read after the rollout (a rendered task definition). */
  details?: () => ReadonlyArray<{ title: string; lang: string; body: string }>;
}

/** What the main step leaves for the post step. */
export interface SavedRollout<S> {
  phase: RolloutPhase;
  trafficPercent: number;
  target: S;
}

/** The GitHub Deployment the main step created; the post step posts its final status when main did not. */
interface SavedDeployment {
  id: number;
  environmentUrl: string | undefined;
  finished: boolean;
}

// Stryker disable next-line StringLiteral: the state is saved and read under the same key, whatever its text
const STATE_KEY = 'rollout';
// Stryker disable next-line StringLiteral: the same: one key for the write and the read
const DEPLOYMENT_KEY = 'github-deployment';

export function pollSettings(deps: Deps): PollSettings {
  return { clock: deps.clock, signal: deps.signal, log: (line) => deps.io.info(line) };
}

/** The plan of a dry run, each line outside any group. */
async function dryRun<S>(deps: Deps, run: DeployRun<S>, warning: string | undefined): Promise<RolloutResult> {
  const { io } = deps;
  const { inputs, target } = run;
  const state = await io.group(`resolve ${target.label}`, async () => {
    await run.gates();
    return target.describe();
  });
  io.info(
    `dry run: ${target.label}: ${inputs.strategy}; now serving ${state.current ?? 'nothing (first deploy)'}`,
  );
  if (state.upToDate) io.info('dry run: already up to date; a real run would be a no-op');
  else {
    for (const line of describePlan(run.steps, inputs.bakeMs, inputs.alarms)) io.info(`dry run: ${line}`);
    if (warning) io.warning(warning);
  }
  if (state.inProgress) io.info(`dry run: a real run would first wait for: ${state.inProgress}`);
  io.setOutput('status', 'dry-run');
  return { status: 'no-op', previous: state.current, diagnosis: [], timeline: [] };
}

/**
 * The flow every deploy action shares: dry run, GitHub Deployment, the rollout itself, outputs, job summary
 * and the state the post step needs. A rollout that did not succeed fails the job after its outputs are set.
 */
export async function executeDeploy<S>(deps: Deps, run: DeployRun<S>): Promise<RolloutResult> {
  const { io } = deps;
  const { inputs } = run;
  const holds = [...holdsOf(run.steps, inputs.bakeMs), ...(run.nativeHolds ?? [])];
  const warning = unwatchedHoldWarning(holds, inputs.alarms);
  if (inputs.dryRun) return dryRun(deps, run, warning);

  let deployment: GithubDeployment | undefined;
  if (inputs.github) {
    deployment = await startDeployment(deps, {
      ...inputs.github,
      description: `slipway ${run.action}: ${run.target.label}: ${inputs.strategy}`.slice(0, 140),
    });
    // Saved at once: after a cancel, the post step posts the final status.
    if (deployment)
      saveJsonState(io, DEPLOYMENT_KEY, {
        id: deployment.id,
        environmentUrl: inputs.github.environmentUrl,
        finished: false,
      } satisfies SavedDeployment);
  }
  const finish = async (outcome: DeploymentOutcome, description: string): Promise<void> => {
    if (!deployment) return;
    await deployment.finish(outcome, description);
    saveJsonState(io, DEPLOYMENT_KEY, {
      id: deployment.id,
      environmentUrl: inputs.github?.environmentUrl,
      finished: true,
    } satisfies SavedDeployment);
  };

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
      bakeMs: run.nativeBake ? 0 : inputs.bakeMs,
      gates: run.gates,
      rollback: inputs.rollback,
      waitTimeoutMs: inputs.waitTimeoutMs,
      poll: pollSettings(deps),
      group: (title, fn) => io.group(title, fn),
      notices: warning ? [warning] : [],
      warn: (line) => io.warning(line),
      onPhase: save,
    });
  } catch (err) {
    // A cancel leaves the status to the post step, which knows how its rollback went.
    if (!(deps.signal.aborted || err instanceof CancelledError))
      await finish('failure', `slipway ${run.action} did not finish: ${(err as Error).message}`);
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
      details: run.details?.() ?? [],
    }),
  );
  const ok = result.status === 'succeeded' || result.status === 'no-op';
  await finish(ok ? 'success' : 'failure', `slipway ${run.action}: ${result.status}`);
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

/** The status a Deployment the main step left unfinished gets, from where the rollout ended. */
function outcomeOf(phase: RolloutPhase | undefined): [DeploymentOutcome, string] {
  if (phase === 'done') return ['success', 'slipway: succeeded'];
  if (phase === 'rolled-back') return ['failure', 'slipway: cancelled; rolled back to the previous version'];
  if (phase === 'abandoned') return ['failure', 'slipway: failed; not rolled back (rollback: false)'];
  return ['failure', 'slipway: cancelled before anything changed'];
}

/** Posts the final status of the Deployment the main step created, when it could not (a cancel). */
async function finishSavedDeployment(deps: Deps, phase: RolloutPhase | undefined, error?: string) {
  const saved = loadJsonState<SavedDeployment>(deps.io, DEPLOYMENT_KEY);
  if (!saved || saved.finished) return;
  const token = readPostToken(deps.io);
  if (!token) {
    deps.io.warning(`post: github-token is empty: GitHub deployment ${saved.id} stays in_progress`);
    return;
  }
  const deployment = await resumeDeployment(deps, { ...saved, token });
  const [outcome, description] = error
    ? (['error', `slipway: cancelled, and the rollback failed: ${error}`] as const)
    : outcomeOf(phase);
  await deployment?.finish(outcome, description);
  saveJsonState(deps.io, DEPLOYMENT_KEY, { ...saved, finished: true } satisfies SavedDeployment);
}

/**
 * The post step of a deploy action: when the main step stopped mid-rollout (a cancel, or a runner that
 * died), put the target back on the old version, from the state the main step saved, then post the final
 * status of the GitHub Deployment the main step left in progress.
 */
export async function executeDeployPost<S>(
  deps: Deps,
  rebuild: (state: S) => Promise<Target>,
): Promise<void> {
  const { io } = deps;
  const saved = loadJsonState<SavedRollout<S>>(io, STATE_KEY);
  if (!saved || SETTLED_PHASES.includes(saved.phase)) {
    io.info('post: no rollout left in flight; nothing to clean up');
    return finishSavedDeployment(deps, saved?.phase);
  }
  io.warning(
    `post: the deploy stopped while ${saved.phase} at ${saved.trafficPercent}% traffic; rolling back`,
  );
  let target: Target;
  try {
    target = await rebuild(saved.target);
    const t = target;
    await io.group(`cleanup: roll back ${t.label}`, () => t.rollback(plainContext(pollSettings(deps))));
  } catch (err) {
    await finishSavedDeployment(deps, saved.phase, (err as Error).message);
    throw err;
  }
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
  await finishSavedDeployment(deps, 'rolled-back');
}
