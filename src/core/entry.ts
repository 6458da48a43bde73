import type { Deps } from './deps.js';
import { defaultDeps } from './deps.js';
import { runMain, runPost } from './run.js';

/**
 * The one entry of every bundle. The runner calls the same file for `main` and `post`; the main step saves
 * `isPost`, so the post step knows it is the post step (the pattern actions/checkout uses).
 */
export async function runAction(
  main: (deps: Deps) => Promise<void>,
  post?: (deps: Deps) => Promise<void>,
): Promise<void> {
  const deps = defaultDeps();
  if (post && deps.io.getState('isPost') === 'true') return runPost(post, deps);
  if (post) deps.io.saveState('isPost', 'true');
  return runMain(main, deps);
}
