import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { NOTIFICATIONS_QUEUE } from '../notifications/queues';
import { QueuesModule } from '../queues.module';
import { DeadlineExtensionsController } from './deadline-extensions.controller';
import { DeadlineExtensionsService } from './deadline-extensions.service';
import { DeadlinePoliciesController } from './deadline-policies.controller';
import { DeadlinePoliciesRepository } from './deadline-policies.repository';
import { DeadlinePoliciesService } from './deadline-policies.service';
import { DeadlinesController } from './deadlines.controller';
import { DeadlinesService } from './deadlines.service';
import { HolidayCalendar } from './holiday-calendar';
import { HolidaysController } from './holidays.controller';
import { HolidaysService } from './holidays.service';
import { QueueHealthController } from './queue-health.controller';
import { QueueHealthService } from './queue-health.service';
import { DEADLINES_QUEUE } from './queues';

/**
 * HTTP side of deadlines: policies and holidays admin, deadline queries, queue health. The queues are
 * registered here only to read their counts: the API never processes jobs.
 */
@Module({
  imports: [QueuesModule, CasesModule, BullModule.registerQueue({ name: DEADLINES_QUEUE }, { name: NOTIFICATIONS_QUEUE })],
  controllers: [DeadlinesController, DeadlinePoliciesController, HolidaysController, QueueHealthController, DeadlineExtensionsController],
  providers: [DeadlinesService, DeadlinePoliciesService, DeadlineExtensionsService, DeadlinePoliciesRepository, HolidaysService, HolidayCalendar, QueueHealthService],
  exports: [DeadlinesService],
})
export class DeadlinesModule {}
