// The one bundle every action shares (dist/shared): each action's dist/<name>/index.js is one line that
// calls run(name). Every action is its own chunk, loaded on demand, and the chunks they have in common (the
// SDK clients, the engine) are one copy for all ten, so `uses:` downloads each byte once.
import { prepareProcess } from '../core/process-setup.js';

type Action = { run: () => Promise<void> };

const ACTIONS: Record<string, () => Promise<Action>> = {
  'build-ami': () => import('./build-ami/action.js'),
  'build-function': () => import('./build-function/action.js'),
  'build-image': () => import('./build-image/action.js'),
  'deploy-ec2': () => import('./deploy-ec2/action.js'),
  'deploy-ecs': () => import('./deploy-ecs/action.js'),
  'deploy-lambda': () => import('./deploy-lambda/action.js'),
  pipeline: () => import('./pipeline/action.js'),
  'publish-ami': () => import('./publish-ami/action.js'),
  'publish-function': () => import('./publish-function/action.js'),
  'publish-image': () => import('./publish-image/action.js'),
};

export const ACTION_NAMES = Object.keys(ACTIONS);

export async function run(name: string): Promise<void> {
  const load = ACTIONS[name];
  if (!load) throw new Error(`no action named ${name}`);
  prepareProcess();
  await (await load()).run();
}
