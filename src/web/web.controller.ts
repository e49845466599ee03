import { Body, Controller, Get, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow } from '../common/access/allow.decorator';
import { CurrentUser } from '../common/access/current-user.decorator';
import { Principal } from '../common/access/principal';
import { APP_CONFIG, AppConfig, AppMode } from '../config/config';
import { Role } from '../identity/enums';
import { APP_CSS, APP_JS } from './assets';
import { FormBody, FormBodyPipe } from './forms';
import { WebRequest } from './session';
import { assertSameOrigin, send } from './web-response';
import { CaseAction, WebService } from './web.service';

const Id = (name = 'id') => Param(name, new ParseUUIDPipe({ errorHttpStatusCode: 404 }));

/** Public pages, login and static assets. Thin: each route calls one WebService method. */
@ApiExcludeController()
@Controller()
export class WebPublicController {
  private readonly secure: boolean;

  constructor(
    private readonly web: WebService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secure = config.mode === AppMode.PRODUCTION;
  }

  @Get()
  @Allow('PUBLIC')
  async home(@Req() req: WebRequest, @Res() res: Response) {
    send(res, await this.web.home(req), this.secure);
  }

  @Get('report')
  @Allow('PUBLIC')
  async reportForm(@Req() req: WebRequest, @Res() res: Response) {
    send(res, await this.web.reportForm(req), this.secure);
  }

  @Post('report')
  @Allow('PUBLIC')
  async report(@Req() req: WebRequest, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    assertSameOrigin(req);
    send(res, await this.web.submitReport(req, body), this.secure);
  }

  @Get('status')
  @Allow('PUBLIC')
  async status(@Req() req: WebRequest, @Query('code') code: string | undefined, @Res() res: Response) {
    send(res, await this.web.status(req, code), this.secure);
  }

  @Get('login')
  @Allow('PUBLIC')
  async loginForm(@Req() req: WebRequest, @Query('next') next: string | undefined, @Res() res: Response) {
    send(res, await this.web.loginForm(req, next), this.secure);
  }

  @Post('login')
  @Allow('PUBLIC')
  async login(@Req() req: WebRequest, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    assertSameOrigin(req);
    send(res, await this.web.login(req, body), this.secure);
  }

  @Post('logout')
  @Allow('AUTHENTICATED')
  async logout(@Req() req: WebRequest, @Res() res: Response) {
    send(res, await this.web.logout(req), this.secure);
  }

  @Get('lang/:locale')
  @Allow('PUBLIC')
  language(@Param('locale') locale: string, @Query('next') next: string | undefined, @Res() res: Response) {
    send(res, this.web.language(locale, next), this.secure);
  }

  @Get('assets/app.css')
  @Allow('PUBLIC')
  css(@Res() res: Response) {
    res.type('text/css').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(APP_CSS);
  }

  @Get('assets/app.js')
  @Allow('PUBLIC')
  js(@Res() res: Response) {
    res.type('application/javascript').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(APP_JS);
  }
}

/** Staff screens by role. The services behind WebService apply jurisdiction and agency scoping. */
@ApiExcludeController()
@Controller()
export class WebStaffController {
  private readonly secure: boolean;

  constructor(
    private readonly web: WebService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.secure = config.mode === AppMode.PRODUCTION;
  }

  // ---- operator

  @Get('operator')
  @Allow(Role.HOTLINE_OPERATOR)
  async operator(@Req() req: WebRequest, @CurrentUser() user: Principal, @Res() res: Response) {
    send(res, await this.web.operator(req, user), this.secure);
  }

  @Post('operator/calls')
  @Allow(Role.HOTLINE_OPERATOR)
  async logCall(@Req() req: WebRequest, @CurrentUser() user: Principal, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    send(res, await this.web.logCall(req, user, body), this.secure);
  }

  @Post('operator/reports/:id/link')
  @Allow(Role.HOTLINE_OPERATOR)
  async linkReport(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    send(res, await this.web.linkReport(req, user, id, body), this.secure);
  }

  // ---- cases

  @Get('cases')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  async cases(@Req() req: WebRequest, @CurrentUser() user: Principal, @Query() query: Record<string, unknown>, @Res() res: Response) {
    send(res, await this.web.caseList(req, user, query), this.secure);
  }

  @Get('cases/:id')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  async casePage(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Query('done') done: string | undefined, @Res() res: Response) {
    send(res, await this.web.caseDone(req, user, id, done), this.secure);
  }

  @Post('cases/:id/assignment')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  async assign(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    await this.caseAction(req, user, id, 'assignment', body, res);
  }

  @Post('cases/:id/transitions')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  async transition(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    await this.caseAction(req, user, id, 'transitions', body, res);
  }

  @Post('cases/:id/plan')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  async plan(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    await this.caseAction(req, user, id, 'plan', body, res);
  }

  @Post('cases/:id/plan/return')
  @Allow(Role.SUPERVISOR)
  async returnPlan(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    await this.caseAction(req, user, id, 'plan-return', body, res);
  }

  @Post('cases/:id/notes')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  async note(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    await this.caseAction(req, user, id, 'notes', body, res);
  }

  @Post('cases/:id/emergency-measures')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  async measure(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    await this.caseAction(req, user, id, 'emergency-measures', body, res);
  }

  @Post('cases/:id/referrals')
  @Allow(Role.CASE_WORKER, Role.SUPERVISOR)
  async refer(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Body(FormBodyPipe) body: FormBody, @Res() res: Response) {
    await this.caseAction(req, user, id, 'referrals', body, res);
  }

  private async caseAction(req: WebRequest, user: Principal, id: string, action: CaseAction, body: FormBody, res: Response) {
    send(res, await this.web.caseAction(req, user, id, action, body), this.secure);
  }

  // ---- referrals

  @Get('referrals')
  @Allow(Role.AGENCY_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR)
  async referrals(@Req() req: WebRequest, @CurrentUser() user: Principal, @Query() query: Record<string, unknown>, @Res() res: Response) {
    send(res, await this.web.referralInbox(req, user, query), this.secure);
  }

  @Get('referrals/:id')
  @Allow(Role.AGENCY_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR)
  async referral(@Req() req: WebRequest, @CurrentUser() user: Principal, @Id() id: string, @Query('done') done: string | undefined, @Res() res: Response) {
    send(res, await this.web.referralPage(req, user, id, { done }), this.secure);
  }

  /** acknowledge, accept, decline, start, complete (the agency) and cancel (the case side); the lifecycle rules decide. */
  @Post('referrals/:id/:action')
  @Allow(Role.AGENCY_OFFICER, Role.CASE_WORKER, Role.SUPERVISOR)
  async referralAction(
    @Req() req: WebRequest,
    @CurrentUser() user: Principal,
    @Id() id: string,
    @Param('action') action: string,
    @Body(FormBodyPipe) body: FormBody,
    @Res() res: Response,
  ) {
    send(res, await this.web.referralAction(req, user, id, action, body), this.secure);
  }

  // ---- notifications

  @Get('notifications')
  @Allow('AUTHENTICATED')
  async notifications(@Req() req: WebRequest, @CurrentUser() user: Principal, @Res() res: Response) {
    send(res, await this.web.notifications(req, user), this.secure);
  }

  @Post('notifications/read-all')
  @Allow('AUTHENTICATED')
  async readAll(@CurrentUser() user: Principal, @Res() res: Response) {
    send(res, await this.web.markRead(user, null), this.secure);
  }

  @Post('notifications/:id/read')
  @Allow('AUTHENTICATED')
  async read(@CurrentUser() user: Principal, @Id() id: string, @Res() res: Response) {
    send(res, await this.web.markRead(user, id), this.secure);
  }

  // ---- supervision

  @Get('dashboard')
  @Allow(Role.SUPERVISOR)
  async dashboard(@Req() req: WebRequest, @CurrentUser() user: Principal, @Query('nudge') nudge: string | undefined, @Res() res: Response) {
    send(res, await this.web.dashboardPage(req, user, nudge), this.secure);
  }

  @Get('statistics')
  @Allow(Role.SUPERVISOR)
  async statistics(@Req() req: WebRequest, @CurrentUser() user: Principal, @Query() query: Record<string, unknown>, @Res() res: Response) {
    send(res, await this.web.statisticsPage(req, user, query), this.secure);
  }
}
