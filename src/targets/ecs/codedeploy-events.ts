import type { DeploymentInfo, DeploymentTarget } from '@aws-sdk/client-codedeploy';

/** https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_DeploymentInfo.html (status) */
export const CD_ACTIVE = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];
export const CD_FAILED = ['Failed', 'Stopped'];

/** Production traffic on the replacement (Green) task set, percent; undefined before it exists. */
export function greenWeight(target: DeploymentTarget | undefined): number | undefined {
  return target?.ecsTarget?.taskSetsInfo?.find((ts) => ts.taskSetLabel === 'Green')?.trafficWeight;
}

/** The lifecycle events that failed, each with CodeDeploy's diagnostics message. */
export function failedEvents(target: DeploymentTarget | undefined): string[] {
  return (target?.ecsTarget?.lifecycleEvents ?? [])
    .filter((e) => e.status === 'Failed')
    .map((e) => {
      const why = e.diagnostics?.message ?? e.diagnostics?.errorCode;
      return `lifecycle event ${e.lifecycleEventName ?? '?'} Failed${why ? `: ${why}` : ''}`;
    });
}

/** One progress line: status, the deployment overview, and the traffic shifted. */
export function describeCdProgress(info: DeploymentInfo, target: DeploymentTarget | undefined): string {
  const o = info.deploymentOverview ?? {};
  const overview = (['Pending', 'InProgress', 'Ready', 'Succeeded', 'Failed', 'Skipped'] as const)
    .filter((k) => (o[k] ?? 0) > 0)
    .map((k) => `${k} ${o[k]}`)
    .join(', ');
  const running = (target?.ecsTarget?.lifecycleEvents ?? []).find((e) => e.status === 'InProgress');
  const weight = greenWeight(target);
  return [
    `CodeDeploy deployment ${info.deploymentId ?? ''} ${info.status ?? '?'}`,
    ...(overview ? [`targets: ${overview}`] : []),
    ...(running ? [`lifecycle event ${running.lifecycleEventName ?? '?'}`] : []),
    ...(weight !== undefined ? [`production traffic on the replacement: ${weight}%`] : []),
  ].join('; ');
}

/** Why a deployment ended Failed or Stopped: CodeDeploy's error, the failed events, and its rollback. */
export function describeCdFailure(info: DeploymentInfo, target: DeploymentTarget | undefined): string {
  const error = info.errorInformation;
  const events = failedEvents(target);
  // A failed event usually carries the deployment's error message: said once, with the event.
  const said = error?.message !== undefined && events.some((e) => e.endsWith(`: ${error.message}`));
  const rolledBack = info.rollbackInfo?.rollbackDeploymentId;
  return [
    `CodeDeploy deployment ${info.deploymentId ?? ''} ${info.status ?? '?'}${error ? ` (${error.code ?? '?'}${said ? '' : `: ${error.message ?? ''}`})` : ''}`,
    ...events,
    rolledBack ? `CodeDeploy rolls it back with deployment ${rolledBack}` : 'CodeDeploy did not roll it back',
  ].join('; ');
}
