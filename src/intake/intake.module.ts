import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CaseOpening } from './case-opening';
import { IntakeWriter } from './intake-write';
import { DuplicateFinder } from './duplicate-finder';
import { IntakeController } from './intake.controller';
import { CallersController } from './callers.controller';
import { CallersService } from './callers.service';
import { IntakeService } from './intake.service';

@Module({
  imports: [CasesModule],
  controllers: [IntakeController, CallersController],
  providers: [IntakeService, CaseOpening, IntakeWriter, DuplicateFinder, CallersService],
  exports: [IntakeService, CaseOpening, CallersService],
})
export class IntakeModule {}
