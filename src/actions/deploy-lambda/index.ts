import { runAction } from '../../core/entry.js';
import { run } from './main.js';
import { post } from './post.js';

void runAction(run, post);
