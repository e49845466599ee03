import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CaseOpening } from './case-opening';
import { DuplicateFinder } from './duplicate-finder';
import { IntakeController } from './intake.controller';
import { IntakeService } from './intake.service';

@Module({
  imports: [CasesModule],
  controllers: [IntakeController],
  providers: [IntakeService, CaseOpening, DuplicateFinder],
  exports: [IntakeService, CaseOpening],
})
export class IntakeModule {}
