import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipelineActionYml } from '../../scripts/pipeline-action.js';

describe('the root action.yml', () => {
  it('is generated from the composable actions (run npm run pipeline-action when this fails)', () => {
    expect(readFileSync('action.yml', 'utf8')).toBe(pipelineActionYml());
  });
});
