import { runAction } from '../../core/entry.js';
import { run } from './main.js';
import { post } from './post.js';

await runAction(run, post);
