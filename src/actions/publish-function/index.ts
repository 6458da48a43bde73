import { runAction } from '../../core/entry.js';
import { run } from './main.js';

void runAction(run);
