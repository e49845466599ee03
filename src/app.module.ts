import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { loggerParams } from './common/logging';
import { DatabaseModule } from './database/database.module';
import { RedisModule } from './redis/redis.module';
import { AuditModule } from './audit/audit.module';
import { GeographyModule } from './geography/geography.module';
import { IdentityModule } from './identity/identity.module';
import { AgenciesModule } from './referrals/agencies.module';
import { HealthModule } from './health/health.module';
import { OutboxModule } from './database/outbox.module';
import { DeadEventsModule } from './metrics/dead-events.module';
import { CasesModule } from './cases/cases.module';
import { IntakeModule } from './intake/intake.module';
import { CommonModule } from './common/common.module';
import { ReferralsModule } from './referrals/referrals.module';
import { DeadlinesModule } from './deadlines/deadlines.module';
import { NotificationsModule } from './notifications/notifications.module';
import { SupervisionModule } from './supervision/supervision.module';
import { FormsModule } from './forms/forms.module';
import { WebModule } from './web/web.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrivacyModule } from './privacy/privacy.module';
import { TasksModule } from './tasks/tasks.module';

/** Composition only: each capability is a module of its own. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({ imports: [], providers: [], inject: [APP_CONFIG], useFactory: (config: AppConfig) => loggerParams(config) }),
    DatabaseModule,
    OutboxModule,
    DeadEventsModule,
    RedisModule,
    AuditModule,
    GeographyModule,
    IdentityModule,
    AgenciesModule,
    HealthModule,
    CommonModule,
    CasesModule,
    IntakeModule,
    ReferralsModule,
    DeadlinesModule,
    NotificationsModule,
    SupervisionModule,
    FormsModule,
    PrivacyModule,
    TasksModule,
    WebModule,
    MetricsModule,
  ],
})
export class AppModule {}
