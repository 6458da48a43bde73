import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActionsIo } from '../../src/core/io.js';
import { LOG_LINE_MAX, safeLogLine } from '../../src/core/log-line.js';
import { parseCommandFile } from '../actions/bundle.js';

describe('the runner io (@actions/core)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-io-'));
  const file = join(dir, 'output');
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    rmSync(file, { force: true });
  });

  /** What the io wrote to stdout while `fn` ran. */
  function stdoutOf(fn: () => void): string[] {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    fn();
    vi.restoreAllMocks();
    return written;
  }

  it('reads inputs as the runner passes them: INPUT_<NAME>, hyphens kept, trimmed', () => {
    vi.stubEnv('INPUT_WAIT-TIMEOUT', '  15m \n');
    expect(createActionsIo().getInput('wait-timeout')).toBe('15m');
  });

  it('writes multiline values that read back whole, and a value cannot write another output', () => {
    writeFileSync(file, '');
    vi.stubEnv('GITHUB_OUTPUT', file);
    vi.stubEnv('GITHUB_STATE', file);
    const io = createActionsIo();
    const value = 'line\ninjected<<EOF\nowned\nEOF';
    io.setOutput('timeline', '[\n{"at":0}\n]');
    io.setOutput('message', value);
    io.saveState('isPost', 'true');
    expect(parseCommandFile(readFileSync(file, 'utf8'))).toEqual({
      timeline: '[\n{"at":0}\n]',
      message: value,
      isPost: 'true',
    });
  });

  it('writes debug lines only when the runner shows them (RUNNER_DEBUG=1)', () => {
    vi.stubEnv('RUNNER_DEBUG', '0');
    expect(stdoutOf(() => createActionsIo().debug('quiet'))).toEqual([]);
    vi.stubEnv('RUNNER_DEBUG', '1');
    expect(stdoutOf(() => createActionsIo().debug('HEAD /v2/ -> 200\nnext'))).toEqual([
      '::debug::HEAD /v2/ -> 200\\nnext\n',
    ]);
  });

  it('folds a group of lines under a title, and closes it when the work fails', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const io = createActionsIo();
    const failed = await io
      .group('upload\n::warning::x', async () => {
        io.info('inside');
        throw new Error('boom');
      })
      .catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect((failed as Error).message).toBe('boom');
    expect(written).toEqual(['::group::upload\\n::warning::x\n', 'inside\n', '::endgroup::\n']);
  });

  it('writes every message as one line that cannot be a workflow command', () => {
    vi.stubEnv('RUNNER_DEBUG', '1');
    const io = createActionsIo();
    const written = stdoutOf(() => {
      io.info('reason: x\n::stop-commands::t0k3n\n::warning::forged');
      io.info('  ::error::leading space');
      io.warning('a\r\n::error::b');
      io.debug('\u2028::set-env name=X::y');
      io.setSecret('p@ss\nword');
    });
    expect(written).toEqual([
      'reason: x\\n::stop-commands::t0k3n\\n::warning::forged\n',
      '  \\::error::leading space\n',
      '::warning::a\\r\\n::error::b\n',
      '::debug::\\u2028::set-env name=X::y\n',
      // A mask must be the value itself, or the runner would mask something else.
      '::add-mask::p@ss%0Aword\n',
    ]);
  });
});

describe('safeLogLine', () => {
  it.each([
    ['plain text', 'plain text'],
    ['tab\tstays', 'tab\tstays'],
    ['::warning::x', '\\::warning::x'],
    ['\t ::group::x', '\t \\::group::x'],
    ['a ::not at the start', 'a ::not at the start'],
    ['##[error]old', '#\\#[error]old'],
    ['bell\u0007 esc\u001b[31m del\u007f c1\u0085', 'bell\\u0007 esc\\e[31m del\\u007f c1\\u0085'],
    ['nul\u0000', 'nul\\u0000'],
  ])('%j becomes %j', (input, output) => {
    expect(safeLogLine(input)).toBe(output);
  });

  it('cuts a long text and says how much it left out', () => {
    const line = safeLogLine('y'.repeat(LOG_LINE_MAX + 10));
    expect(line).toBe(`${'y'.repeat(LOG_LINE_MAX)}... (10 more characters)`);
  });
});
