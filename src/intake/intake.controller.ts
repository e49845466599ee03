import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser, RequestContext, RequestMeta } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { Role } from '../identity/enums';
import { IntakeService } from './intake.service';
import { requestLocale } from '../common/http/locale';
import { translator } from '../common/i18n';
import { CallDto } from './dto/call.dto';
import { OnlineReportDto } from './dto/online-report.dto';
import { CallsQueryDto, DuplicateCheckDto, LinkReportDto, LookupQueryDto, TriageLocationDto, UnlinkReportDto } from './dto/lookup.dto';

/** Why a case may be the same one, in the reader's language; the reason codes stay as they are (the contract). */
function explainedIn<T>(body: T, req: Request): T {
  const t = translator(requestLocale(req.headers.cookie, req.headers['accept-language']));
  const explain = (d: { reasons?: string[] }) => (d.reasons ? { ...d, explanation: d.reasons.map((r) => t(`dup.${r}`)) } : d);
  const b = body as { duplicates?: { reasons?: string[] }[]; items?: { reasons?: string[] }[] };
  if (Array.isArray(b.duplicates)) return { ...body, duplicates: b.duplicates.map(explain) };
  if (Array.isArray(b.items)) return { ...body, items: b.items.map(explain) };
  return body;
}

function replayHeader(res: Response, replayed: boolean): void {
  if (replayed) res.setHeader('Idempotent-Replayed', 'true');
}

@ApiTags('intake')
@Controller('api/v1/intake')
export class IntakeController {
  constructor(private readonly intake: IntakeService) {}

  @Post('calls')
  @ApiBearerAuth()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first response' })
  @Allow(Role.HOTLINE_OPERATOR)
  async logCall(
    @CurrentUser() user: Principal,
    @Body() dto: CallDto,
    @Headers('idempotency-key') key: string | undefined,
    @RequestContext() meta: RequestMeta,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.intake.logCall(user, dto, key, meta);
    replayHeader(res, result.replayed);
    res.status(result.status);
    return explainedIn(result.body, req);
  }

  @Get('calls')
  @ApiBearerAuth()
  @Allow(Role.HOTLINE_OPERATOR)
  calls(@CurrentUser() user: Principal, @Query() q: CallsQueryDto) {
    return this.intake.callsOfDay(user, q.date);
  }

  @Get('lookup')
  @ApiBearerAuth()
  @Allow(Role.HOTLINE_OPERATOR)
  lookup(@CurrentUser() user: Principal, @Query() q: LookupQueryDto, @RequestContext() meta: RequestMeta) {
    return this.intake.lookup(user, q, meta);
  }

  @Post('duplicate-check')
  @HttpCode(200)
  @ApiBearerAuth()
  @Allow(Role.HOTLINE_OPERATOR, Role.CASE_WORKER, Role.SUPERVISOR)
  async duplicateCheck(@CurrentUser() user: Principal, @Body() dto: DuplicateCheckDto, @RequestContext() meta: RequestMeta, @Req() req: Request) {
    return explainedIn(await this.intake.checkDuplicates(user, dto, meta), req);
  }

  @Post('reports/:id/link')
  @HttpCode(200)
  @ApiBearerAuth()
  @Allow(Role.HOTLINE_OPERATOR, Role.CASE_WORKER, Role.SUPERVISOR)
  link(@CurrentUser() user: Principal, @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string, @Body() dto: LinkReportDto, @RequestContext() meta: RequestMeta) {
    return this.intake.linkReport(user, id, dto, meta);
  }

  @Post('reports/:id/unlink')
  @HttpCode(200)
  @ApiBearerAuth()
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  unlink(
    @CurrentUser() user: Principal,
    @Param('id', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() dto: UnlinkReportDto,
    @RequestContext() meta: RequestMeta,
  ) {
    return this.intake.unlinkReport(user, id, dto, meta);
  }

  @Get('triage')
  @ApiBearerAuth()
  @Allow(Role.HOTLINE_OPERATOR, Role.SUPERVISOR)
  triage(@CurrentUser() user: Principal, @RequestContext() meta: RequestMeta) {
    return this.intake.triageQueue(user, meta);
  }

  @Post('triage/:caseId/location')
  @HttpCode(200)
  @ApiBearerAuth()
  @Allow(Role.HOTLINE_OPERATOR, Role.SUPERVISOR)
  place(
    @CurrentUser() user: Principal,
    @Param('caseId', new ParseUUIDPipe({ errorHttpStatusCode: 404 })) id: string,
    @Body() dto: TriageLocationDto,
    @RequestContext() meta: RequestMeta,
  ) {
    return this.intake.setTriageLocation(user, id, dto, meta);
  }

  /** Public: no login. Rate-limited per client; anonymous reports welcome. */
  @Post('online-reports')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @Allow('PUBLIC')
  async onlineReport(
    @Body() dto: OnlineReportDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: Request,
    @RequestContext() meta: RequestMeta,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.intake.submitOnlineReport(dto, String(req.ip ?? 'unknown'), key, meta);
    replayHeader(res, result.replayed);
    res.status(result.status);
    return result.body;
  }

  @Get('online-reports/:trackingCode')
  @Allow('PUBLIC')
  status(@Param('trackingCode') code: string, @Req() req: Request) {
    return this.intake.onlineReportStatus(code, String(req.ip ?? 'unknown'));
  }
}
