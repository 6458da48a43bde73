import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createActionsIo } from '../../src/core/io.js';
import { LOG_LINE_MAX, safeLogLine } from '../../src/core/log-line.js';
import { parseCommandFile } from '../actions/bundle.js';

describe('the runner io: outputs and state as file commands', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-io-'));
  const file = join(dir, 'output');
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(file, { force: true });
  });

  it('writes multiline values that read back whole', () => {
    writeFileSync(file, '');
    const io = createActionsIo({ GITHUB_OUTPUT: file, GITHUB_STATE: file });
    io.setOutput('timeline', '[\n{"at":0}\n]');
    io.saveState('isPost', 'true');
    expect(parseCommandFile(readFileSync(file, 'utf8'))).toEqual({
      timeline: '[\n{"at":0}\n]',
      isPost: 'true',
    });
  });

  it('never uses a delimiter that occurs in the value, so a value cannot write another output', () => {
    writeFileSync(file, '');
    // The first delimiter the io would draw, placed in the value with an injected output after it.
    const draws = [0.5, 0.25, 0.125, 0.0625];
    vi.spyOn(Math, 'random').mockImplementation(() => draws.shift() ?? 0.75);
    const first = `ghadelimiter_${(0.5).toString(36).slice(2)}${(0.25).toString(36).slice(2)}`;
    const value = `line\n${first}\ninjected<<EOF\nowned\nEOF`;
    createActionsIo({ GITHUB_OUTPUT: file }).setOutput('message', value);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(`message<<${first}\n`)).toBe(false);
    expect(parseCommandFile(text)).toEqual({ message: value });
  });

  it('writes debug lines only when the runner shows them (RUNNER_DEBUG=1)', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    createActionsIo({}).debug('quiet');
    createActionsIo({ RUNNER_DEBUG: '0' }).debug('quiet too');
    createActionsIo({ RUNNER_DEBUG: '1' }).debug('HEAD /v2/ -> 200\nnext');
    vi.restoreAllMocks();
    expect(written).toEqual(['::debug::HEAD /v2/ -> 200\\nnext\n']);
  });

  it('fails clearly outside a runner', () => {
    expect(() => createActionsIo({}).setOutput('a', 'b')).toThrow(/GITHUB_OUTPUT is not set/);
  });

  it('writes every message as one line that cannot be a workflow command', () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const io = createActionsIo({ RUNNER_DEBUG: '1' });
    io.info('reason: x\n::stop-commands::t0k3n\n::warning::forged');
    io.info('  ::error::leading space');
    io.warning('a\r\n::error::b');
    io.debug('\u2028::set-env name=X::y');
    io.setSecret('p@ss\nword');
    vi.restoreAllMocks();
    process.exitCode = undefined;
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
