import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
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
import { DEADLINES_QUEUE } from './queues';

/**
 * HTTP side of deadlines: policies and holidays admin, deadline queries. The API never processes jobs; the
 * queues' job counts (/api/v1/admin/queues) are read by the metrics module, which sees both queues.
 */
@Module({
  imports: [QueuesModule, CasesModule, BullModule.registerQueue({ name: DEADLINES_QUEUE })],
  controllers: [DeadlinesController, DeadlinePoliciesController, HolidaysController, DeadlineExtensionsController],
  providers: [DeadlinesService, DeadlinePoliciesService, DeadlineExtensionsService, DeadlinePoliciesRepository, HolidaysService, HolidayCalendar],
  exports: [DeadlinesService],
})
export class DeadlinesModule {}
