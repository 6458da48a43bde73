export interface GateResult {
  name: string;
  ok: boolean;
  detail: string;
}

/** One point of a rollout's history: what share of traffic the new version had, and how the gates stood. */
export interface TimelineEntry {
  /** Seconds since the rollout started. */
  t: number;
  at: string;
  step: string;
  trafficPercent: number;
  healthyCapacity?: number;
  gates: GateResult[];
}

export class Timeline {
  readonly entries: TimelineEntry[] = [];
  private readonly start: number;

  constructor(private readonly now: () => number) {
    this.start = now();
  }

  record(
    step: string,
    trafficPercent: number,
    gates: GateResult[] = [],
    healthyCapacity?: number,
  ): TimelineEntry {
    const now = this.now();
    const entry: TimelineEntry = {
      t: Math.round((now - this.start) / 1000),
      at: new Date(now).toISOString(),
      step,
      trafficPercent,
      gates,
      ...(healthyCapacity !== undefined ? { healthyCapacity } : {}),
    };
    this.entries.push(entry);
    return entry;
  }

  get lastTraffic(): number {
    return this.entries.at(-1)?.trafficPercent ?? 0;
  }

  toJSON(): TimelineEntry[] {
    return this.entries;
  }
}
