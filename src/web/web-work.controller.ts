import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { APP_CONFIG, AppConfig, AppMode } from '../config/config';
import { Role } from '../identity/enums';
import { FormBody, FormBodyPipe } from './forms';
import { WebRequest } from './session';
import { send } from './web-response';
import { WebWork } from './web-work';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe({ errorHttpStatusCode: 404 }));

/** Everyday work: my tasks, approvals, the national triage queue, access grants and the access log, reminders to agencies. */
@ApiExcludeController()
@Controller()
export class WebWorkController {
  private readonly secure: boolean;

  constructor(
    private readonly work: WebWork,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secure = config.mode === AppMode.PRODUCTION;
  }

  @Get('tasks')
  @Allow(Role.CASE_WORKER, Role.AGENCY_OFFICER, Role.SUPERVISOR)
  async tasks(@Req() req: WebRequest, @CurrentUser() user: Principal, @Res() res: Response) {
    send(res, await this.work.tasksPage(req, user), this.secure);
  }

  @Get('approvals')
  @Allow(Role.SUPERVISOR)
  async approvals(@Req() req: WebRequest, @CurrentUser() user: Principal, @Query('done') done: string | undefined, @Res() res: Response) {
    send(res, await this.work.approvalsPage(req, user, { done }), this.secure);
  }

  @Post('approvals/:id/approve')
  @Allow(Role.SUPERVISOR)
  async approve(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    send(res, await this.work.decide(req, user, id, 'approve', body), this.secure);
  }

  @Post('approvals/:id/return')
  @Allow(Role.SUPERVISOR)
  async returnPlan(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    send(res, await this.work.decide(req, user, id, 'return', body), this.secure);
  }

  @Post('approvals/:id/close')
  @Allow(Role.SUPERVISOR)
  async close(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    send(res, await this.work.decide(req, user, id, 'close', body), this.secure);
  }

  @Get('triage')
  @Allow(Role.HOTLINE_OPERATOR, Role.SUPERVISOR)
  async triage(@Req() req: WebRequest, @CurrentUser() user: Principal, @Query('done') done: string | undefined, @Res() res: Response) {
    send(res, await this.work.triagePage(req, user, done), this.secure);
  }

  @Get('triage/:id')
  @Allow(Role.HOTLINE_OPERATOR, Role.SUPERVISOR)
  async triagePlace(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Res() res: Response) {
    send(res, await this.work.triagePlace(req, user, id), this.secure);
  }

  @Post('triage/:id')
  @Allow(Role.HOTLINE_OPERATOR, Role.SUPERVISOR)
  async placeTriage(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    send(res, await this.work.placeTriage(req, user, id, body), this.secure);
  }

  @Get('cases/:id/access')
  @Allow(Role.SUPERVISOR)
  async access(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Query('done') done: string | undefined, @Res() res: Response) {
    send(res, await this.work.accessPage(req, user, id, { done }), this.secure);
  }

  @Post('cases/:id/access')
  @Allow(Role.SUPERVISOR)
  async grant(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    send(res, await this.work.grant(req, user, id, body), this.secure);
  }

  @Post('cases/:id/access/:grantId/revoke')
  @Allow(Role.SUPERVISOR)
  async revoke(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Id('grantId') grantId: string, @Res() res: Response) {
    send(res, await this.work.revoke(req, user, id, grantId), this.secure);
  }

  /** "Ai đã xem hồ sơ này": supervisors of the case's place; a case outside it is not found. */
  @Get('cases/:id/access-log')
  @Allow(Role.SUPERVISOR)
  async accessLog(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Query('page') page: string | undefined, @Res() res: Response) {
    send(res, await this.work.accessLogPage(req, user, id, page), this.secure);
  }

  @Post('dashboard/referrals/:id/nudge')
  @Allow(Role.SUPERVISOR)
  async nudge(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Res() res: Response) {
    send(res, await this.work.nudge(req, user, id), this.secure);
  }

  @Get('callers')
  @Allow(Role.HOTLINE_OPERATOR, Role.SUPERVISOR)
  async callers(@Req() req: WebRequest, @CurrentUser() user: Principal, @Query('phone') phone: string | undefined, @Query('done') done: string | undefined, @Res() res: Response) {
    send(res, await this.work.callerPage(req, user, phone, { done }), this.secure);
  }

  @Post('callers/:phone/flags')
  @Allow(Role.SUPERVISOR)
  async flagCaller(@Req() req: WebRequest, @CurrentUser() user: Principal, @Param('phone') phone: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    send(res, await this.work.flagCaller(req, user, phone, body), this.secure);
  }

  @Post('callers/:phone/flags/:flagId/clear')
  @Allow(Role.SUPERVISOR)
  async clearCallerFlag(@Req() req: WebRequest, @CurrentUser() user: Principal, @Param('phone') phone: string, @Id('flagId') flagId: string, @Res() res: Response) {
    send(res, await this.work.clearCallerFlag(req, user, phone, flagId), this.secure);
  }
}
