import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { CaseEmergencyMeasuresService } from './case-emergency-measures.service';
import { CaseNotesService } from './case-notes.service';
import { CasePlanService } from './case-plan.service';
import { CaseSeparationsService } from './case-separations.service';
import { CaseWorkflowService } from './case-workflow.service';
import { AssignmentDto } from './dto/assignment.dto';
import { EmergencyMeasureDto } from './dto/emergency-measure.dto';
import { NoteDto } from './dto/note.dto';
import { EndSeparationDto, SeparationDto } from './dto/separation.dto';
import { ApprovePlanDto, ReturnPlanDto, SubmitPlanDto } from './dto/plan.dto';
import { TransitionDto } from './dto/transition.dto';

const CaseId = () => Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 }));
const IfMatch = () => Headers('if-match');

/**
 * The case workflow. Every write takes the case version the client saw (`expectedVersion` in the body or an
 * `If-Match` header) and answers 409 when someone changed the case in between.
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiHeader({ name: 'If-Match', required: false, description: 'The case version the client last read (alternative to expectedVersion)' })
@Controller('api/v1/cases/:id')
export class CaseWorkflowController {
  constructor(
    private readonly workflow: CaseWorkflowService,
    private readonly plans: CasePlanService,
    private readonly notes: CaseNotesService,
    private readonly measures: CaseEmergencyMeasuresService,
    private readonly separations: CaseSeparationsService,
  ) {}

  @Post('transitions')
  @HttpCode(200)
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  transition(@CurrentUser() user: Principal, @CaseId() id: string, @Body() dto: TransitionDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.workflow.transition(user, id, dto, ifMatch, meta);
  }

  @Post('assignment')
  @HttpCode(200)
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  assign(@CurrentUser() user: Principal, @CaseId() id: string, @Body() dto: AssignmentDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.workflow.assign(user, id, dto, ifMatch, meta);
  }

  @Post('plan')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  submitPlan(@CurrentUser() user: Principal, @CaseId() id: string, @Body() dto: SubmitPlanDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.plans.submit(user, id, dto, ifMatch, meta);
  }

  @Post('plan/return')
  @HttpCode(200)
  @Allow(Role.SUPERVISOR)
  returnPlan(@CurrentUser() user: Principal, @CaseId() id: string, @Body() dto: ReturnPlanDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.plans.return(user, id, dto, ifMatch, meta);
  }

  @Post('plan/approve')
  @HttpCode(200)
  @Allow(Role.SUPERVISOR)
  approvePlan(@CurrentUser() user: Principal, @CaseId() id: string, @Body() dto: ApprovePlanDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.plans.approve(user, id, dto, ifMatch, meta);
  }

  @Get('notes')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  listNotes(@CurrentUser() user: Principal, @CaseId() id: string, @RequestContext() meta: RequestMeta) {
    return this.notes.list(user, id, meta);
  }

  @Post('notes')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  addNote(@CurrentUser() user: Principal, @CaseId() id: string, @Body() dto: NoteDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.notes.add(user, id, dto, ifMatch, meta);
  }

  @Get('emergency-measures')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  listEmergencyMeasures(@CurrentUser() user: Principal, @CaseId() id: string, @RequestContext() meta: RequestMeta) {
    return this.measures.list(user, id, meta);
  }

  @Post('emergency-measures')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  addEmergencyMeasure(
    @CurrentUser() user: Principal,
    @CaseId() id: string,
    @Body() dto: EmergencyMeasureDto,
    @IfMatch() ifMatch: string | undefined,
    @RequestContext() meta: RequestMeta,
  ) {
    return this.measures.add(user, id, dto, ifMatch, meta);
  }

  @Get('separations')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  listSeparations(@CurrentUser() user: Principal, @CaseId() id: string, @RequestContext() meta: RequestMeta) {
    return this.separations.list(user, id, meta);
  }

  /** The commune chair's decision on temporary separation (Decree 56/2017 art. 32, Form 07). */
  @Post('separations')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  decideSeparation(@CurrentUser() user: Principal, @CaseId() id: string, @Body() dto: SeparationDto, @IfMatch() ifMatch: string | undefined, @RequestContext() meta: RequestMeta) {
    return this.separations.decide(user, id, dto, ifMatch, meta);
  }

  @Post('separations/:separationId/end')
  @HttpCode(200)
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  endSeparation(
    @CurrentUser() user: Principal,
    @CaseId() id: string,
    @Param('separationId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) separationId: string,
    @Body() dto: EndSeparationDto,
    @IfMatch() ifMatch: string | undefined,
    @RequestContext() meta: RequestMeta,
  ) {
    return this.separations.end(user, id, separationId, dto, ifMatch, meta);
  }
}
