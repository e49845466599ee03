/**
 * How the bench reports what it measured: the median of repeated runs (one run on a shared machine says
 * little), and whether the machine was already busy when a measurement started.
 */

/**
 * A machine is busy when processes other than the bench's own (its API, worker, PostgreSQL, Redis, load
 * generator) used at least a quarter of its cores just before a measurement: measurements there read slow.
 * The load average cannot tell: right after one measurement it is mostly the bench's own previous load.
 */
export const BUSY_OTHER_CORES_SHARE = 0.25;

export function isBusyMachine(otherCores: number, cores: number): boolean {
  return otherCores >= cores * BUSY_OTHER_CORES_SHARE;
}

/** Cores used by processes outside the bench between two samples of busy jiffies (machine and bench tree). */
export function otherCoresBetween(
  before: { machineBusy: number; ownBusy: number; at: number },
  after: { machineBusy: number; ownBusy: number; at: number },
  ticksPerSecond = 100,
): number {
  const seconds = (after.at - before.at) / 1000;
  if (seconds <= 0) return 0;
  const others = after.machineBusy - before.machineBusy - (after.ownBusy - before.ownBusy);
  return Math.max(0, Math.round((others / ticksPerSecond / seconds) * 100) / 100);
}

/** The median; the mean of the two middle values for an even count; undefined for none. */
export function median(values: readonly number[]): number | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Run {
  rps: number;
  p50?: number;
  p99?: number;
  /** Milliseconds of the whole machine's CPU (every process, every core) per answered request. */
  cpuMs?: number;
  /** 1-minute load average when the run started. */
  loadAverage: number;
  /** Cores used by other processes just before the run started. */
  otherCores?: number;
  busy: boolean;
}

/** Each figure's median over the runs; the row counts as busy when any of its runs started on a busy machine. */
export function medianOfRuns(runs: readonly Run[]): { rps: number; p50?: number; p99?: number; cpuMs?: number; loadAverage: number; otherCores?: number; busy: boolean } {
  const pick = (f: (r: Run) => number | undefined) => median(runs.map(f).filter((v): v is number => v !== undefined));
  const cpuMs = pick((r) => r.cpuMs);
  return {
    rps: pick((r) => r.rps) ?? 0,
    p50: pick((r) => r.p50),
    p99: pick((r) => r.p99),
    ...(cpuMs === undefined ? {} : { cpuMs }),
    loadAverage: Math.max(...runs.map((r) => r.loadAverage)),
    ...(runs.some((r) => r.otherCores !== undefined) ? { otherCores: Math.max(...runs.map((r) => r.otherCores ?? 0)) } : {}),
    busy: runs.some((r) => r.busy),
  };
}

/** The intake's target rate under 50 connections, as a ratio to the raw insert rate measured in the same run. */
export const INTAKE_TARGET_RATIO = 0.15;

/** A rate as a ratio to the raw insert rate, to two significant figures (undefined without a reference). */
export function ratioTo(rps: number, rawRps: number | undefined): number | undefined {
  return rawRps ? Number((rps / rawRps).toPrecision(2)) : undefined;
}

/**
 * Milliseconds of machine CPU per answered request between two samples of the machine's busy jiffies (all cores,
 * all processes: the load generator, API, worker and PostgreSQL share the machine, so each request pays for all).
 */
export function cpuMsPerRequest(busyBefore: number, busyAfter: number, requests: number, ticksPerSecond = 100): number | undefined {
  if (requests <= 0 || busyAfter < busyBefore) return undefined;
  return Number((((busyAfter - busyBefore) / ticksPerSecond / requests) * 1000).toPrecision(2));
}

/**
 * The machine CPU one request may cost, at most, for a rate of `ratio` times the raw insert rate on `cores`
 * cores: above it the rate cannot be reached even with every core busy and nothing else running.
 */
export function cpuBudgetMs(cores: number, rawRps: number, ratio: number): number | undefined {
  if (cores <= 0 || rawRps <= 0 || ratio <= 0) return undefined;
  return Number(((cores * 1000) / (ratio * rawRps)).toPrecision(2));
}

/** "INSERT report", "SELECT protection_case", "BEGIN", … : what a statement does and to which table first. */
export function statementKind(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  const verb = (/^\w+/.exec(text)?.[0] ?? '?').toUpperCase();
  const table = (re: RegExp) => re.exec(text)?.[1]?.replace(/"/g, '') ?? '?';
  switch (verb) {
    case 'INSERT':
      return `INSERT ${table(/^INSERT INTO ("?[\w.]+"?)/i)}`;
    case 'UPDATE':
      return `UPDATE ${table(/^UPDATE ("?[\w.]+"?)/i)}`;
    case 'DELETE':
      return `DELETE ${table(/^DELETE FROM ("?[\w.]+"?)/i)}`;
    case 'SELECT':
      return /\bFROM\b/i.test(text) ? `SELECT ${table(/\bFROM ("?[\w.]+"?)/i)}` : 'SELECT (no table)';
    case 'WITH': {
      const writes = [...text.matchAll(/\b(INSERT INTO|UPDATE|DELETE FROM) ("?[\w.]+"?)/gi)].map((m) => `${m[1].split(' ')[0].toUpperCase()} ${m[2].replace(/"/g, '')}`);
      return `WITH ${writes.length ? writes.join(' + ') : table(/\bFROM ("?[\w.]+"?)/i)}`;
    }
    default:
      return verb;
  }
}
