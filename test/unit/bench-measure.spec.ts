import { cpuBudgetMs, cpuMsPerRequest, isBusyMachine, median, medianOfRuns, otherCoresBetween, ratioTo, statementKind } from '../../bench/measure.rules';

describe('bench measurements', () => {
  it('calls a machine busy from half a load per core', () => {
    expect(isBusyMachine(0.4, 2)).toBe(false);
    expect(isBusyMachine(0.5, 2)).toBe(true);
    expect(isBusyMachine(0.9, 4)).toBe(false);
    // Other processes' share: the machine's busy ticks less the bench's own, per second (100 ticks a second).
    expect(otherCoresBetween({ machineBusy: 1000, ownBusy: 500, at: 0 }, { machineBusy: 1400, ownBusy: 800, at: 2000 })).toBe(0.5);
    expect(otherCoresBetween({ machineBusy: 1000, ownBusy: 500, at: 0 }, { machineBusy: 1300, ownBusy: 800, at: 2000 })).toBe(0);
  });

  it('takes the median, not the mean', () => {
    expect(median([30, 10, 1000])).toBe(30);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('reports each figure as the median of three runs and flags the row when any run was busy', () => {
    const row = medianOfRuns([
      { rps: 50, p50: 20, p99: 900, loadAverage: 0.4, busy: false },
      { rps: 10, p50: 80, p99: 3000, loadAverage: 2.5, busy: true },
      { rps: 45, p50: 22, p99: 250, loadAverage: 0.5, busy: false },
    ]);
    expect(row).toEqual({ rps: 45, p50: 22, p99: 900, loadAverage: 2.5, busy: true });
  });

  it('keeps the median machine CPU per request when the runs measured it', () => {
    const runs = [
      { rps: 90, cpuMs: 22, loadAverage: 1, busy: false },
      { rps: 95, cpuMs: 20, loadAverage: 1, busy: false },
      { rps: 80, cpuMs: 25, loadAverage: 1, busy: false },
    ];
    expect(medianOfRuns(runs)).toMatchObject({ rps: 90, cpuMs: 22 });
    expect(medianOfRuns(runs.map(({ cpuMs: _cpu, ...run }) => run))).not.toHaveProperty('cpuMs');
  });

  it('counts the machine CPU each answered request cost, and what the ratio target allows', () => {
    // 100 ticks a second: 400 busy ticks over 200 requests are 4 s of CPU, 20 ms each.
    expect(cpuMsPerRequest(1000, 1400, 200)).toBe(20);
    expect(cpuMsPerRequest(1000, 1400, 0)).toBeUndefined();
    expect(cpuMsPerRequest(1400, 1000, 10)).toBeUndefined();
    // Two cores and 4,000 raw inserts a second: 0.15 of that rate is 600 intakes a second, 3.3 ms of CPU each.
    expect(cpuBudgetMs(2, 4000, 0.15)).toBe(3.3);
    expect(cpuBudgetMs(2, 0, 0.15)).toBeUndefined();
  });

  it('gives the ratio to the raw insert rate', () => {
    expect(ratioTo(52.5, 3186)).toBe(0.016);
    expect(ratioTo(10, undefined)).toBeUndefined();
  });

  it('names a statement by what it does and to which table, never by its values', () => {
    expect(statementKind('INSERT INTO "report"("id", "narrative") VALUES ($1, $2)')).toBe('INSERT report');
    expect(statementKind('UPDATE protection_case SET search_text = $1 WHERE id = $2')).toBe('UPDATE protection_case');
    expect(statementKind('DELETE FROM idempotency_key WHERE key = $1')).toBe('DELETE idempotency_key');
    expect(statementKind('SELECT "c"."id" AS "c_id" FROM "protection_case" "c" WHERE c.id = $1')).toBe('SELECT protection_case');
    expect(statementKind('SELECT now()')).toBe('SELECT (no table)');
    expect(statementKind('WITH s AS (UPDATE outbox_event SET processed_at = now() RETURNING id) INSERT INTO deadline SELECT 1')).toBe('WITH UPDATE outbox_event + INSERT deadline');
    expect(statementKind('  START TRANSACTION')).toBe('START');
    expect(statementKind('COMMIT')).toBe('COMMIT');
  });
});
