import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Holiday, WorkingCalendar, yearsNeedingHolidays } from './working-calendar.rules';

/**
 * A stamp of the holidays table: it moves with any edit (a day added, removed or renamed). Readers select it in
 * a statement they run anyway and pass it to HolidayCalendar.get, as they do with POLICIES_STAMP_SQL.
 */
export const HOLIDAYS_STAMP_SQL = `(SELECT count(*) || ':' || coalesce(md5(string_agg(ROW(date, kind, name)::text, ',' ORDER BY date)), '') FROM public_holiday)`;

/**
 * The working-day calendar from the `public_holiday` table, kept in memory: deadlines are computed often,
 * holidays change a few times a year. It is read again when the caller's stamp of the table moved, so an
 * edit made by any process applies to the very next deadline this one computes.
 */
@Injectable()
export class HolidayCalendar {
  private cached: { calendar: WorkingCalendar; stamp: string } | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** The calendar as of `stamp` (HOLIDAYS_STAMP_SQL) or later, read on `manager` when the stamp moved. */
  async get(manager: EntityManager, stamp: string): Promise<WorkingCalendar> {
    if (this.cached?.stamp === stamp) return this.cached.calendar;
    // The holidays and their stamp from one snapshot, so the calendar is cached under its own stamp.
    const [row]: { stamp: string; holidays: Holiday[] }[] = await manager.query(
      `SELECT ${HOLIDAYS_STAMP_SQL} AS stamp,
              coalesce((SELECT json_agg(json_build_object('date', to_char(date, 'YYYY-MM-DD'), 'name', name, 'kind', kind) ORDER BY date) FROM public_holiday), '[]') AS holidays`,
    );
    this.cached = { calendar: new WorkingCalendar(row.holidays), stamp: row.stamp };
    return this.cached.calendar;
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
}
