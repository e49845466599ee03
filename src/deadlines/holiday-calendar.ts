import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Holiday, WorkingCalendar, yearsNeedingHolidays } from './working-calendar.rules';

/** How long a process trusts its copy of the holidays table; edits elsewhere are seen within this time. */
export const CALENDAR_CACHE_MS = 30_000;

/**
 * The working-day calendar from the `public_holiday` table, cached briefly in memory: deadlines are computed
 * often, holidays change a few times a year. The process that edits the holidays reloads at once.
 */
@Injectable()
export class HolidayCalendar {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | null = null;
  private loading: Promise<WorkingCalendar> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  async get(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < CALENDAR_CACHE_MS) return this.cached.calendar;
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  invalidate(): void {
    this.cached = null;
  }

  /**
   * Years without holiday data that deadlines need (yearsNeedingHolidays), and how many open deadlines were
   * counted short for want of them.
   */
  async coverage(now: Date): Promise<{ missingYears: number[]; deadlinesCountedShort: number }> {
    // Read afresh, not from the cache: an administrator who has just entered a year sees the warning go.
    const calendar = new WorkingCalendar(await this.holidays());
    const [row]: { furthest: Date | null; short_years: number[] | null; counted_short: number }[] = await this.dataSource.query(
      `SELECT max(due_at) FILTER (WHERE (policy->>'workingDays')::boolean) AS furthest,
              array_agg(DISTINCT y.year::int) FILTER (WHERE y.year IS NOT NULL) AS short_years,
              count(DISTINCT d.id) FILTER (WHERE policy ? 'holidayDataMissing')::int AS counted_short
         FROM deadline d
         LEFT JOIN LATERAL jsonb_array_elements_text(policy->'holidayDataMissing') AS y(year) ON true
        WHERE status IN ('PENDING', 'OVERDUE')`,
    );
    return {
      missingYears: yearsNeedingHolidays(calendar, now, row?.furthest ? new Date(row.furthest) : null, row?.short_years ?? []),
      deadlinesCountedShort: row?.counted_short ?? 0,
    };
  }

  /** The holidays as stored, by date. */
  async holidays(manager: EntityManager = this.dataSource.manager): Promise<Holiday[]> {
    return manager.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, name, kind FROM public_holiday ORDER BY date`);
  }

  private async load(): Promise<WorkingCalendar> {
    const calendar = new WorkingCalendar(await this.holidays());
    this.cached = { calendar, loadedAt: Date.now() };
    return calendar;
  }
}
