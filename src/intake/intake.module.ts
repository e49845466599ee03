import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { CaseOpening } from './case-opening';
import { DuplicateFinder } from './duplicate-finder';
import { IntakeController } from './intake.controller';
import { CallersController } from './callers.controller';
import { CallersService } from './callers.service';
import { IntakeService } from './intake.service';

@Module({
  imports: [CasesModule],
  controllers: [IntakeController, CallersController],
  providers: [IntakeService, CaseOpening, DuplicateFinder, CallersService],
  exports: [IntakeService, CaseOpening, CallersService],
})
export class IntakeModule {}
