import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { CaseTimeline } from '../cases/case-timeline';
import { DeadlineExtensionsConsumer } from './deadline-extensions.consumer';
import { DeadlineFiring } from './deadline-firing';
import { DeadlineLifecycle } from './deadline-lifecycle';
import { DeadlinePoliciesRepository, DeadlinePolicyCache } from './deadline-policies.repository';
import { DeadlineReconciler } from './deadline-reconciler';
import { DeadlineTimers } from './deadline-timers';
import { DeadlinesProcessor } from './deadlines.processor';
import { DeadlinesRepository } from './deadlines.repository';
import { HolidayCalendar } from './holiday-calendar';
import { HolidayCoverageCheck } from './holiday-coverage.check';
import { DEADLINES_QUEUE } from './queues';

/**
 * Worker side of deadlines: outbox consumers (start, meet, cancel), BullMQ timers, the reconciler. The case
 * timeline is provided here directly: the worker process does not load the cases HTTP module. Firing a step
 * tells people through DEADLINE_STEP_NOTIFIER, which a module above (notifications) provides: the composition
 * root passes it to withNotifier, so deadlines never import notifications.
 */
@Module({
  imports: [BullModule.registerQueue({ name: DEADLINES_QUEUE })],
  providers: [
    CaseTimeline,
    HolidayCalendar,
    HolidayCoverageCheck,
    DeadlinePoliciesRepository,
    DeadlinePolicyCache,
    DeadlinesRepository,
    DeadlineTimers,
    DeadlineFiring,
    DeadlineReconciler,
    DeadlineLifecycle,
    DeadlineExtensionsConsumer,
    DeadlinesProcessor,
  ],
  exports: [DeadlineFiring, DeadlineReconciler, DeadlineTimers, HolidayCalendar],
})
export class DeadlinesWorkerModule {
  /** `notifier` exports DEADLINE_STEP_NOTIFIER. */
  static withNotifier(notifier: Type<unknown>): DynamicModule {
    return { module: DeadlinesWorkerModule, imports: [notifier] };
  }
}
