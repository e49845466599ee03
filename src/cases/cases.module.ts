import { Module } from '@nestjs/common';
import { CaseAccessPolicy } from './case-access.policy';
import { CaseEmergencyMeasuresService } from './case-emergency-measures.service';
import { CaseNotesService } from './case-notes.service';
import { CasePlanService } from './case-plan.service';
import { CaseSeparationsService } from './case-separations.service';
import { CaseRecordsRepository } from './case-records.repository';
import { CaseTimeline } from './case-timeline';
import { CaseWorkflowController } from './case-workflow.controller';
import { CaseWorkflowService } from './case-workflow.service';
import { CaseWriter } from './case-writer';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';

@Module({
  controllers: [CasesController, CaseWorkflowController],
  providers: [
    CaseAccessPolicy,
    CaseTimeline,
    CasesService,
    CaseRecordsRepository,
    CaseWriter,
    CaseWorkflowService,
    CasePlanService,
    CaseNotesService,
    CaseEmergencyMeasuresService,
    CaseSeparationsService,
  ],
  exports: [CaseAccessPolicy, CaseTimeline, CasesService, CaseWorkflowService, CasePlanService, CaseNotesService, CaseEmergencyMeasuresService],
})
export class CasesModule {}
