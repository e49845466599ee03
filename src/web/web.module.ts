import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { DeadlinesModule } from '../deadlines/deadlines.module';
import { IntakeModule } from '../intake/intake.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { WebSessionStore } from './session-store';
import { WebDashboard } from './web-dashboard';
import { WebPublicController, WebStaffController } from './web.controller';
import { WebService } from './web.service';
import { WebWork } from './web-work';
import { WebWorkController } from './web-work.controller';
import { TasksModule } from '../tasks/tasks.module';

/** The server-rendered web UI: the same services as the API, presented as pages for each role. */
@Module({
  imports: [CasesModule, IntakeModule, ReferralsModule, DeadlinesModule, NotificationsModule, SupervisionModule, TasksModule],
  controllers: [WebPublicController, WebStaffController, WebWorkController],
  providers: [WebService, WebSessionStore, WebDashboard, WebWork],
  exports: [WebSessionStore, WebService],
})
export class WebModule {}
