import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { NotificationConsumers } from './notification-consumers';
import { NotificationDeliveries } from './notification-deliveries';
import { NotificationDeliveryProcessor } from './notification-delivery.processor';
import { NotificationsCoreModule } from './notifications-core.module';
import { NOTIFICATIONS_QUEUE } from './queues';
import { NotificationTransports } from './transports/notification-transports';

/** Worker side of notifications: the sending queue and its transports, and the outbox consumers. */
@Module({
  imports: [NotificationsCoreModule, BullModule.registerQueue({ name: NOTIFICATIONS_QUEUE })],
  providers: [NotificationTransports, NotificationDeliveries, NotificationDeliveryProcessor, NotificationConsumers],
  exports: [NotificationsCoreModule, NotificationDeliveries],
})
export class NotificationsWorkerModule {}
