import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/clock';
import { Locale, translator } from '../common/i18n';
import { BadRequestError } from '../common/errors';
import { HolidayCalendar } from './holiday-calendar';
import { Holiday, validateHolidays, WorkingCalendar } from './working-calendar.rules';

export interface HolidayList {
  items: Holiday[];
  /** Years without any holiday entry that open or upcoming working-day deadlines reach. */
  missingYears: number[];
  /** Open deadlines counted with every day a working day (due early) for want of those years' holidays. */
  deadlinesCountedShort: number;
  warning: string | null;
}

/**
 * The public holidays and announced days off as data (product.md §1, §6). PUT replaces the list (or one
 * year of it); deadlines computed afterwards use the new calendar, running deadlines keep their due times.
 */
@Injectable()
export class HolidaysService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calendar: HolidayCalendar,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * The holidays, and the years deadlines need that have none (`missingYears`, with a `warning` to show):
   * until they are entered, working-day deadlines there are counted short and flagged.
   */
  async list(year?: number, locale: Locale = 'vi'): Promise<HolidayList> {
    const all = await this.calendar.holidays();
    const { missingYears, deadlinesCountedShort } = await this.calendar.coverage(this.clock.now());
    const t = translator(locale);
    const warning = missingYears.length ? t('holidays.missingYears', { years: missingYears.join(', '), count: deadlinesCountedShort, year: missingYears[0] }) : null;
    return { items: year ? all.filter((h) => h.date.startsWith(`${year}-`)) : all, missingYears, deadlinesCountedShort, warning };
  }

  async replace(actor: Principal, body: unknown, year: number | undefined, meta: RequestMeta, locale: Locale = 'vi'): Promise<HolidayList> {
    const items = this.parse(body, year);
    await this.dataSource.transaction(async (manager) => {
      // Serialises concurrent edits: the second waits and replaces what the first wrote.
      await manager.query(`LOCK TABLE public_holiday IN SHARE ROW EXCLUSIVE MODE`);
      const before = await this.calendar.holidays(manager);
      const replaced = year ? before.filter((h) => h.date.startsWith(`${year}-`)) : before;
      await manager.query(`DELETE FROM public_holiday WHERE $1::int IS NULL OR extract(year FROM date) = $1`, [year ?? null]);
      if (items.length) {
        await manager.query(`INSERT INTO public_holiday (date, name, kind) SELECT * FROM unnest($1::date[], $2::text[], $3::text[])`, [
          items.map((h) => h.date),
          items.map((h) => h.name.trim()),
          items.map((h) => h.kind),
        ]);
      }
      const after = await this.calendar.holidays(manager);
      // The whole list must still make a coherent calendar (e.g. no date both a day off and a working day).
      try {
        new WorkingCalendar(after);
      } catch (e) {
        throw new BadRequestError({ code: 'HOLIDAYS_INVALID', text: (e as Error).message });
      }
      const key = (h: Holiday) => `${h.date} ${h.kind} ${h.name}`;
      const oldKeys = new Set(replaced.map(key));
      const newKeys = new Set(items.map((h) => key({ ...h, name: h.name.trim() })));
      await this.audit.record(
        {
          actor,
          action: 'HOLIDAYS_REPLACED',
          subjectType: 'PUBLIC_HOLIDAY',
          subjectId: year ? String(year) : null,
          before: { count: replaced.length, removed: [...oldKeys].filter((k) => !newKeys.has(k)) },
          after: { count: items.length, added: [...newKeys].filter((k) => !oldKeys.has(k)) },
          meta,
        },
        manager,
      );
    });
    return this.list(year, locale);
  }

  private parse(body: unknown, year: number | undefined): Holiday[] {
    const items = (body as { items?: unknown } | null)?.items;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !Array.isArray(items)) {
      throw new BadRequestError('HOLIDAYS_BODY_SHAPE');
    }
    const unknown = Object.keys(body).filter((k) => k !== 'items');
    const problems = [...unknown.map((k) => `Unknown field "${k}"; the body has only "items"`), ...validateHolidays(items)];
    if (year) {
      (items as Holiday[]).forEach((h, i) => {
        if (typeof h?.date === 'string' && !h.date.startsWith(`${year}-`)) problems.push(`Holiday #${i + 1} (${h.date}) is not in ${year}, the year being replaced`);
      });
    }
    if (problems.length) throw new BadRequestError(problems.map((text) => ({ code: 'HOLIDAYS_INVALID', text })));
    return items as Holiday[];
  }
}
