import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { HolidayCalendar } from './holiday-calendar';

const DAY_MS = 86_400_000;

/**
 * Warns in the log, at start and then daily, when deadlines need a year the holiday table has nothing for
 * (HolidayCalendar.coverage): until an administrator enters it, working-day deadlines there are counted
 * short. The admin API (GET /api/v1/admin/holidays) carries the same `missingYears`.
 */
@Injectable()
export class HolidayCoverageCheck implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('HolidayCalendar');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly calendar: HolidayCalendar,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), DAY_MS);
    this.timer.unref?.();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The years missing (also logged); never throws: a failed check must not stop the worker. */
  async check(): Promise<number[]> {
    try {
      const { missingYears, deadlinesCountedShort } = await this.calendar.coverage(this.clock.now());
      if (missingYears.length) {
        this.logger.warn(
          { missingYears, deadlinesCountedShort },
          `no public holidays recorded for ${missingYears.join(', ')}: working-day deadlines there count every day as a working day ` +
            `(earlier, never later) until an administrator enters them (PUT /api/v1/admin/holidays?year=${missingYears[0]})`,
        );
      }
      return missingYears;
    } catch (error) {
      this.logger.warn({ err: error }, 'could not check the holiday calendar for missing years');
      return [];
    }
  }
}
