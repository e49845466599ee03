import { Module } from '@nestjs/common';
import { CaseTimeline } from '../cases/case-timeline';
import { ReferralWriter } from './referral-writer';
import { ReferralsRepository } from './referrals.repository';
import { RoutingService } from './routing.service';

/**
 * Worker side of referrals: routing on case events delivered by the outbox. The case timeline is provided
 * here directly: the worker process does not load the cases HTTP module.
 */
@Module({
  providers: [CaseTimeline, ReferralsRepository, ReferralWriter, RoutingService],
})
export class ReferralsWorkerModule {}
