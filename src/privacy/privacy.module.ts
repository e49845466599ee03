import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { PrivacyController } from './privacy.controller';
import { PrivacyService } from './privacy.service';
import { RetentionService } from './retention.service';

/** Personal Data Protection Law 91/2025: consent, disclosures, data-subject export, breach report, retention. */
@Module({
  imports: [CasesModule],
  controllers: [PrivacyController],
  providers: [PrivacyService, RetentionService],
  exports: [RetentionService],
})
export class PrivacyModule {}
