import { describe, expect, it } from 'vitest';
import { renderSummary } from '../../src/core/summary.js';

describe('summary details', () => {
  it('folds each section under its title, in a fence no backtick run in the body can close', () => {
    const out = renderSummary({
      title: 'slipway deploy-ecs',
      status: 'succeeded',
      facts: [],
      details: [
        { title: 'task definition <web>', lang: 'json', body: '{"command": ["echo", "```not a fence"]}' },
      ],
    });
    expect(out).toContain(
      [
        '<details><summary>task definition &lt;web></summary>',
        '',
        '````json',
        '{"command": ["echo", "```not a fence"]}',
        '````',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  it('a body without backticks gets the shortest fence, three', () => {
    const out = renderSummary({
      title: 't',
      status: 's',
      facts: [],
      details: [{ title: 'x', lang: 'json', body: '{}' }],
    });
    expect(out).toContain('```json\n{}\n```');
    expect(out).not.toContain('````');
  });
});
