import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { loggerParams } from './common/logging';
import { DatabaseModule } from './database/database.module';
import { RedisModule } from './redis/redis.module';
import { QueuesModule } from './queues.module';
import { AuditModule } from './audit/audit.module';
import { OutboxModule } from './database/outbox.module';
import { OutboxRelayModule } from './database/outbox-relay.module';
import { ReferralsWorkerModule } from './referrals/referrals-worker.module';
import { DeadlinesWorkerModule } from './deadlines/deadlines-worker.module';
import { NotificationsCoreModule } from './notifications/notifications-core.module';
import { NotificationsWorkerModule } from './notifications/notifications-worker.module';
import { WorkerMetricsModule } from './metrics/worker-metrics.module';
import { PrivacyWorkerModule } from './privacy/retention-worker';
import { ReadModelsWorkerModule } from './supervision/read-models-worker.module';

/** The queue-worker process: processors and periodic jobs, no HTTP. Scales apart from the API. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ imports: [], providers: [], inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerParams(config) }),
    DatabaseModule,
    RedisModule,
    QueuesModule,
    AuditModule,
    OutboxModule,
    OutboxRelayModule,
    ReferralsWorkerModule,
    DeadlinesWorkerModule.withNotifier(NotificationsCoreModule),
    NotificationsWorkerModule,
    WorkerMetricsModule,
    PrivacyWorkerModule,
    ReadModelsWorkerModule,
  ],
})
export class WorkerModule {}
