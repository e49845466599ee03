import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { AccessGrantsService } from './access-grants.service';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';
import { ObligationsRepository } from './obligations.repository';
import { PlacesRepository } from './places.repository';
import { ReadModelsRepository } from './read-models.repository';
import { ReferralNudgesService } from './referral-nudges.service';
import { StatisticsController } from './statistics.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';
import { SupervisionActionsController } from './supervision-actions.controller';
import { SupervisionActionsRepository } from './supervision-actions.repository';

/** Supervision: the overdue dashboard and caseloads, statistics with exports, access grants and nudges. */
@Module({
  imports: [CasesModule, NotificationsModule],
  controllers: [DashboardController, StatisticsController, SupervisionActionsController],
  providers: [
    DashboardRepository,
    ObligationsRepository,
    ReadModelsRepository,
    DashboardService,
    PlacesRepository,
    StatisticsRepository,
    StatisticsService,
    SupervisionActionsRepository,
    AccessGrantsService,
    ReferralNudgesService,
  ],
  exports: [DashboardService, StatisticsService, AccessGrantsService, ReferralNudgesService],
})
export class SupervisionModule {}
