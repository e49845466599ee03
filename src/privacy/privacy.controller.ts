import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { PrivacyService } from './privacy.service';
import { BREACH_NOTIFICATION_POLICY, RetentionService } from './retention.service';
import { BreachLimitDto, ConsentDto, DisclosureDto, PeriodQuery, RetentionPolicyDto, WithdrawConsentDto } from './dto/privacy.dto';

const caseId = new ParseUUIDPipe({ errorHttpStatusCode: 404 });

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1')
export class PrivacyController {
  constructor(
    private readonly privacy: PrivacyService,
    private readonly retention: RetentionService,
  ) {}

  @Get('cases/:id/consents')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  consents(@CurrentUser() user: Principal, @Param('id', caseId) id: string) {
    return this.privacy.listConsents(user, id);
  }

  @Post('cases/:id/consents')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  recordConsent(@CurrentUser() user: Principal, @Param('id', caseId) id: string, @Body() dto: ConsentDto, @RequestContext() meta: RequestMeta) {
    return this.privacy.recordConsent(user, id, dto, meta);
  }

  @Post('cases/:id/consents/:consentId/withdraw')
  @HttpCode(200)
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  withdraw(
    @CurrentUser() user: Principal,
    @Param('id', caseId) id: string,
    @Param('consentId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) consentId: string,
    @Body() dto: WithdrawConsentDto,
    @RequestContext() meta: RequestMeta,
  ) {
    return this.privacy.withdrawConsent(user, id, consentId, dto.withdrawnAt, meta);
  }

  /** Records a disclosure of a child's data to someone outside the case's handling, after the consent check. */
  @Post('cases/:id/disclosures')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  disclose(@CurrentUser() user: Principal, @Param('id', caseId) id: string, @Body() dto: DisclosureDto, @RequestContext() meta: RequestMeta) {
    return this.privacy.disclose(user, id, dto, meta);
  }

  /** Everything held on one person, for their legal representative (a data-subject request). */
  @Get('persons/:personId/export')
  @Allow(Role.SUPERVISOR)
  exportPerson(@CurrentUser() user: Principal, @Param('personId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) personId: string, @RequestContext() meta: RequestMeta) {
    return this.privacy.exportPerson(user, personId, meta);
  }

  /** Breach handling: who read which cases between two times (JSON or CSV). */
  @Get('admin/audit/case-reads')
  @Allow(Role.ADMIN)
  @ApiProduces('application/json', 'text/csv')
  async caseReads(@CurrentUser() user: Principal, @Query() query: PeriodQuery, @RequestContext() meta: RequestMeta) {
    const format = query.format ?? 'json';
    const result = await this.privacy.caseReads(user, new Date(query.from), new Date(query.to), format, meta, query.detectedAt ? new Date(query.detectedAt) : null);
    if (Buffer.isBuffer(result))
      return new StreamableFile(result, { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="case-reads.csv"', length: result.length });
    return result;
  }

  @Get('admin/retention-policy')
  @Allow(Role.ADMIN)
  policy() {
    return this.retention.policy();
  }

  @Patch('admin/retention-policy')
  @Allow(Role.ADMIN)
  updatePolicy(@CurrentUser() user: Principal, @Body() dto: RetentionPolicyDto, @RequestContext() meta: RequestMeta) {
    return this.retention.updatePolicy(user, dto, meta);
  }

  /** The breach-notification limit (72 hours by law), data with its legal basis. */
  @Get('admin/breach-notification-limit')
  @Allow(Role.ADMIN)
  breachLimit() {
    return this.retention.policy(BREACH_NOTIFICATION_POLICY);
  }

  @Patch('admin/breach-notification-limit')
  @Allow(Role.ADMIN)
  updateBreachLimit(@CurrentUser() user: Principal, @Body() dto: BreachLimitDto, @RequestContext() meta: RequestMeta) {
    return this.retention.updatePolicy(user, dto, meta, BREACH_NOTIFICATION_POLICY);
  }
}
