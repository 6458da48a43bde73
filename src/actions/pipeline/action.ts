import { runAction } from '../../core/entry.js';
import { run as main } from './main.js';
import { post } from './post.js';

/**
 * The action in one function: its main step, or its post step once the main step has run. The
 * shared bundle's src/actions/index.ts calls it; so does `npx @github/local-action run . src/actions/pipeline/action.ts .env`.
 */
export const run = (): Promise<void> => runAction(main, post);
