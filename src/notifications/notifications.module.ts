import { Module } from '@nestjs/common';
import { NotificationInbox } from './notification-inbox.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsCoreModule } from './notifications-core.module';

/** HTTP side of notifications: the in-app inbox. Exports NotificationService for other modules. */
@Module({
  imports: [NotificationsCoreModule],
  controllers: [NotificationsController],
  providers: [NotificationInbox],
  exports: [NotificationsCoreModule, NotificationInbox],
})
export class NotificationsModule {}
