import { runAction } from '../../core/entry.js';
import { run } from './main.js';

await runAction(run);
