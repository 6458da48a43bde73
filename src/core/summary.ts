import type { TimelineEntry } from './timeline.js';

export interface SummaryFacts {
  title: string;
  status: string;
  /** Label → value (markdown allowed, e.g. console links). */
  facts: Array<[string, string]>;
  timeline?: readonly TimelineEntry[];
  notes?: readonly string[];
}

// GitHub rejects a step summary over 1 MiB; keep the timeline table well under it.
const MAX_ROWS = 200;

const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function gateCell(entry: TimelineEntry): string {
  if (entry.gates.length === 0) return '';
  return entry.gates
    .map((g) => `${g.ok ? '✅' : '❌'} ${esc(g.name)}${g.ok ? '' : `: ${esc(g.detail)}`}`)
    .join('<br>');
}

export function timelineTable(timeline: readonly TimelineEntry[]): string {
  const rows =
    timeline.length > MAX_ROWS
      ? [...timeline.slice(0, MAX_ROWS / 2), ...timeline.slice(-MAX_ROWS / 2)]
      : timeline;
  const lines = ['| t (s) | step | traffic to new | healthy capacity | gates |', '|---:|---|---:|---:|---|'];
  for (const e of rows)
    lines.push(
      `| ${e.t} | ${esc(e.step)} | ${e.trafficPercent}% | ${e.healthyCapacity ?? ''} | ${gateCell(e)} |`,
    );
  if (rows.length < timeline.length)
    lines.push(`| | … ${timeline.length - rows.length} entries left out | | | |`);
  return lines.join('\n');
}

/** A Mermaid line chart of the new version's traffic share over time; GitHub renders it in summaries. */
export function trafficChart(timeline: readonly TimelineEntry[]): string {
  const points =
    timeline.length > MAX_ROWS
      ? timeline.filter((_, i) => i % Math.ceil(timeline.length / MAX_ROWS) === 0)
      : timeline;
  const xs = points.map((e) => e.t).join(', ');
  const ys = points.map((e) => e.trafficPercent).join(', ');
  return [
    '```mermaid',
    'xychart-beta',
    '  title "Traffic to the new version"',
    `  x-axis "seconds since start" [${xs}]`,
    '  y-axis "traffic %" 0 --> 100',
    `  line [${ys}]`,
    '```',
  ].join('\n');
}

export function renderSummary(s: SummaryFacts): string {
  const parts = [`### ${esc(s.title)}: ${s.status}`, '', '| | |', '|---|---|'];
  for (const [k, v] of s.facts) parts.push(`| ${esc(k)} | ${esc(v)} |`);
  if (s.notes?.length) parts.push('', ...s.notes.map((n) => `> ${n}`));
  if (s.timeline?.length)
    parts.push('', '#### Timeline', '', timelineTable(s.timeline), '', trafficChart(s.timeline));
  return parts.join('\n') + '\n';
}
