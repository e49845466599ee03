import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CaseReferralsController } from './case-referrals.controller';
import { ReferralWriter } from './referral-writer';
import { ReferralsController } from './referrals.controller';
import { ReferralsRepository } from './referrals.repository';
import { ReferralsService } from './referrals.service';
import { RoutingRulesController } from './routing-rules.controller';
import { RoutingRulesService } from './routing-rules.service';

/** HTTP side of referrals: routing rules admin, referral lifecycle, agency inbox. */
@Module({
  imports: [CasesModule],
  controllers: [RoutingRulesController, ReferralsController, CaseReferralsController],
  providers: [ReferralsRepository, ReferralWriter, ReferralsService, RoutingRulesService],
  exports: [ReferralsService],
})
export class ReferralsModule {}
