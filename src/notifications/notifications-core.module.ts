import { Module } from '@nestjs/common';
import { NotificationService } from './notification.service';
import { RecipientDirectory } from './recipients';

/** What other modules use to notify people inside their own transaction; shared by the API and the worker. */
@Module({
  providers: [NotificationService, RecipientDirectory],
  exports: [NotificationService, RecipientDirectory],
})
export class NotificationsCoreModule {}
