import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Holiday, WorkingCalendar } from './working-calendar.rules';

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
