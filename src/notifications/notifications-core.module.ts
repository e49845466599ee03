import { Module } from '@nestjs/common';
import { DEADLINE_STEP_NOTIFIER } from '../deadlines/deadline-step-notifier';
import { DeadlineStepNotifications } from './deadline-step-notifications';
import { NotificationService } from './notification.service';
import { RecipientDirectory } from './recipients';

/** What other modules use to notify people inside their own transaction; shared by the API and the worker. */
@Module({
  providers: [NotificationService, RecipientDirectory, { provide: DEADLINE_STEP_NOTIFIER, useClass: DeadlineStepNotifications }],
  exports: [NotificationService, RecipientDirectory, DEADLINE_STEP_NOTIFIER],
})
export class NotificationsCoreModule {}
