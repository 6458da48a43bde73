import { formatDuration } from './inputs.js';
import type { TimelineEntry } from './timeline.js';

export interface SummaryFacts {
  title: string;
  status: string;
  /** Label → value (markdown allowed, e.g. console links). */
  facts: Array<[string, string]>;
  timeline?: readonly TimelineEntry[];
  notes?: readonly string[];
  /** Folded sections of code (a rendered task definition), each shown whole when opened. */
  details?: ReadonlyArray<{ title: string; lang: string; body: string }>;
}

/** A fence longer than any run of backticks in `body`, so that nothing in it can close the block early. */
function fenced(lang: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${body}\n${fence}`;
}

// GitHub rejects a step summary over 1 MiB; keep the timeline table well under it.
const MAX_ROWS = 200;
// Points of the traffic chart: enough for a step to show, few enough to read.
const CHART_POINTS = 60;

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function gateCell(entry: TimelineEntry): string {
  if (entry.gates.length === 0) return '';
  return entry.gates
    .map((g) => `${g.ok ? '✅' : '❌'} ${esc(g.name)}${g.ok ? '' : `: ${esc(g.detail)}`}`)
    .join('<br>');
}

interface Row {
  t: string;
  step: string;
  entry: TimelineEntry;
}

const passedSame = (a: TimelineEntry, b: TimelineEntry): boolean =>
  a.step === 'gates' &&
  b.step === 'gates' &&
  a.trafficPercent === b.trafficPercent &&
  a.gates.length === b.gates.length &&
  a.gates.every((g, i) => g.ok && b.gates[i]?.ok && g.name === b.gates[i]?.name);

/** One row per entry, except that a run of passing gate checks at one traffic share is one row. */
function rowsOf(timeline: readonly TimelineEntry[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < timeline.length;) {
    const first = timeline[i]!;
    let j = i + 1;
    while (j < timeline.length && passedSame(first, timeline[j]!)) j++;
    const last = timeline[j - 1]!;
    rows.push(
      j - i > 1
        ? { t: `${first.t}–${last.t}`, step: `gates (${j - i} checks)`, entry: last }
        : { t: String(first.t), step: first.step, entry: first },
    );
    i = j;
  }
  return rows;
}

export function timelineTable(timeline: readonly TimelineEntry[]): string {
  const all = rowsOf(timeline);
  const rows = all.length > MAX_ROWS ? [...all.slice(0, MAX_ROWS / 2), ...all.slice(-MAX_ROWS / 2)] : all;
  // Only a target that reports capacity (instances, tasks) gets the column; a Lambda alias has none.
  const capacity = timeline.some((e) => e.healthyCapacity !== undefined);
  const head = capacity
    ? ['| t (s) | step | traffic to new | healthy capacity | gates |', '|---:|---|---:|---:|---|']
    : ['| t (s) | step | traffic to new | gates |', '|---:|---|---:|---|'];
  const lines = [...head];
  for (const { t, step, entry: e } of rows)
    lines.push(
      `| ${t} | ${esc(step)} | ${e.trafficPercent}% |${capacity ? ` ${e.healthyCapacity ?? ''} |` : ''} ${gateCell(e)} |`,
    );
  if (rows.length < all.length)
    lines.push(`| | … ${all.length - rows.length} rows left out | |${capacity ? ' |' : ''} |`);
  return lines.join('\n');
}

/**
 * A Mermaid line chart of the new version's traffic share over time; GitHub renders it in summaries.
 * Mermaid spaces a line's values evenly along the x-axis, so the traffic is sampled at even times: a
 * 5-minute hold is drawn 5 minutes wide, and steps taken in the same second are one point.
 */
export function trafficChart(timeline: readonly TimelineEntry[]): string {
  const end = timeline.at(-1)?.t ?? 0;
  const every = Math.max(1, Math.ceil(end / CHART_POINTS));
  const points = Math.max(2, Math.ceil(end / every) + 1);
  const ys: number[] = [];
  let k = 0;
  for (let i = 0; i < points; i++) {
    while (k + 1 < timeline.length && timeline[k + 1]!.t <= i * every) k++;
    ys.push(timeline[k]?.trafficPercent ?? 0);
  }
  return [
    '```mermaid',
    'xychart-beta',
    `  title "Traffic to the new version over ${formatDuration(end * 1000)}"`,
    `  x-axis "seconds since start" 0 --> ${(points - 1) * every}`,
    '  y-axis "traffic %" 0 --> 100',
    `  line [${ys.join(', ')}]`,
    '```',
  ].join('\n');
}

export function renderSummary(s: SummaryFacts): string {
  const parts = [`### ${esc(s.title)}: ${s.status}`, '', '| | |', '|---|---|'];
  for (const [k, v] of s.facts) parts.push(`| ${esc(k)} | ${esc(v)} |`);
  if (s.notes?.length) parts.push('', ...s.notes.map((n) => `> ${n}`));
  for (const d of s.details ?? [])
    parts.push(
      '',
      `<details><summary>${esc(d.title).replace(/</g, '&lt;')}</summary>`,
      '',
      fenced(d.lang, d.body),
      '',
      '</details>',
    );
  if (s.timeline?.length)
    parts.push('', '#### Timeline', '', timelineTable(s.timeline), '', trafficChart(s.timeline));
  return parts.join('\n') + '\n';
}
