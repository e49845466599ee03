import { Injectable, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { DomainError, NotFoundError } from '../common/errors';
import { createValidationPipe } from '../common/http/validation';
import { CasesService } from '../cases/cases.service';
import { CasePlanService } from '../cases/case-plan.service';
import { CaseWorkflowService } from '../cases/case-workflow.service';
import { ReturnPlanDto, ApprovePlanDto } from '../cases/dto/plan.dto';
import { TransitionDto } from '../cases/dto/transition.dto';
import { CaseStatus, ClosureReason } from '../cases/enums';
import { GeographyService } from '../geography/geography.service';
import { placeLabel } from '../geography/place-names';
import { IntakeService } from '../intake/intake.service';
import { TriageLocationDto } from '../intake/dto/lookup.dto';
import { AccessGrantsService } from '../supervision/access-grants.service';
import { ReferralNudgesService } from '../supervision/referral-nudges.service';
import { AccessGrantDto } from '../supervision/dto/access-grant.dto';
import { NudgeDto } from '../supervision/dto/nudge.dto';
import { TasksService } from '../tasks/tasks.service';
import { field, FormBody, vnLocalToIso } from './forms';
import { layout, PageContext } from './layout';
import { SafeHtml } from './html';
import { WebRequest } from './session';
import { WebResult, WebService } from './web.service';
import { accessGrantsPage, approvalsPage, callerPage, tasksPage, TriageItem, triagePage, triagePlacePage } from './pages/work.pages';
import { CallersService } from '../intake/callers.service';
import { CallerFlagDto } from '../intake/dto/caller.dto';
import { CallerFlagType } from '../intake/enums';
import { Role } from '../identity/enums';
import { StaffDirectory } from '../identity/staff-directory';
import { accessLogPage } from './pages/access-log.pages';

const ACCESS_LOG_PAGE_SIZE = 50;
const DONE = ['approve', 'return', 'close', 'placed', 'granted', 'revoked', 'flagged', 'cleared'] as const;

/**
 * Screens of everyday work (my tasks, approvals, the national triage queue, access grants, nudges): forms that
 * work without JavaScript, each a call to the feature service with the caller's principal.
 */
@Injectable()
export class WebWork {
  private readonly pipe = createValidationPipe();

  constructor(
    private readonly web: WebService,
    private readonly dataSource: DataSource,
    private readonly tasks: TasksService,
    private readonly cases: CasesService,
    private readonly workflow: CaseWorkflowService,
    private readonly plans: CasePlanService,
    private readonly intake: IntakeService,
    private readonly geography: GeographyService,
    private readonly grants: AccessGrantsService,
    private readonly nudges: ReferralNudgesService,
    private readonly callers: CallersService,
    private readonly staff: StaffDirectory,
  ) {}

  private view(ctx: PageContext, title: string, body: SafeHtml, status = 200): WebResult {
    return { kind: 'page', status, body: layout(ctx, title, body) };
  }

  private meta(req: WebRequest): RequestMeta {
    return { requestId: String((req as unknown as { id?: string | number }).id ?? ''), ip: String(req.ip ?? '') };
  }

  private async validated<T>(cls: Type<T>, plain: unknown): Promise<T> {
    return (await this.pipe.transform(plain, { type: 'body', metatype: cls })) as T;
  }

  /** A refusal said in the reader's language; anything that is not a refusal is not ours to show. */
  private refusal(error: unknown, ctx: PageContext): { status: number; messages: string[] } {
    if (error instanceof DomainError && !(error instanceof NotFoundError)) return { status: error.statusCode, messages: ([] as string[]).concat(error.messageIn(ctx.locale)) };
    throw error;
  }

  private doneNotice(ctx: PageContext, done: unknown): string | null {
    return typeof done === 'string' && (DONE as readonly string[]).includes(done) ? ctx.t(`work.done.${done}`) : null;
  }

  // ------------------------------------------------------------------------------------------- my tasks

  async tasksPage(req: WebRequest, user: Principal): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    return this.view(ctx, ctx.t('nav.tasks'), tasksPage(ctx, await this.tasks.myTasks(user)));
  }

  // ------------------------------------------------------------------------------------------- approvals

  async approvalsPage(req: WebRequest, user: Principal, extra: { done?: unknown; errors?: string[]; status?: number } = {}): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    const { items } = await this.tasks.approvals(user);
    return this.view(ctx, ctx.t('nav.approvals'), approvalsPage(ctx, { items, notice: this.doneNotice(ctx, extra.done), errors: extra.errors ?? [] }), extra.status ?? 200);
  }

  /** Approve or return a plan, or close a reviewed case, in one step from the list. */
  async decide(req: WebRequest, user: Principal, caseId: string, decision: 'approve' | 'return' | 'close', body: FormBody): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    const meta = this.meta(req);
    const version = field(body, 'expectedVersion');
    const expectedVersion = /^\d+$/.test(version) ? Number(version) : undefined;
    try {
      if (decision === 'approve') {
        const c = await this.cases.findReadable(this.dataSource.manager, user, caseId);
        // The first plan is approved by moving the case on; a revision during the intervention by approving it.
        if (c.status === CaseStatus.PLANNING)
          await this.workflow.transition(user, caseId, await this.validated(TransitionDto, { to: CaseStatus.INTERVENING, expectedVersion }), undefined, meta);
        else await this.plans.approve(user, caseId, await this.validated(ApprovePlanDto, { expectedVersion }), undefined, meta);
      } else if (decision === 'return') {
        await this.plans.return(user, caseId, await this.validated(ReturnPlanDto, { reason: field(body, 'reason'), expectedVersion }), undefined, meta);
      } else {
        const dto = await this.validated(TransitionDto, { to: CaseStatus.CLOSED, closure: { reason: ClosureReason.GOALS_MET, note: field(body, 'note') }, expectedVersion });
        await this.workflow.transition(user, caseId, dto, undefined, meta);
      }
      return { kind: 'redirect', location: `/approvals?done=${decision}` };
    } catch (error) {
      const { status, messages } = this.refusal(error, ctx);
      return this.approvalsPage(req, user, { errors: messages, status });
    }
  }

  // ------------------------------------------------------------------------------------------- triage

  async triagePage(req: WebRequest, user: Principal, done: unknown): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    const { items } = await this.intake.triageQueue(user, this.meta(req));
    return this.view(ctx, ctx.t('nav.triage'), triagePage(ctx, { items: items as TriageItem[], notice: this.doneNotice(ctx, done) }));
  }

  private async triageItem(user: Principal, caseId: string, meta: RequestMeta): Promise<TriageItem> {
    const { items } = await this.intake.triageQueue(user, meta);
    const item = (items as TriageItem[]).find((i) => i.caseId === caseId);
    if (!item) throw new NotFoundError('CASE_ID_NOT_FOUND', { caseId });
    return item;
  }

  async triagePlace(req: WebRequest, user: Principal, caseId: string, body: FormBody | null = null, extra: { errors?: string[]; status?: number } = {}): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    const item = await this.triageItem(user, caseId, this.meta(req));
    const provinceCode = body ? field(body, 'provinceCode') : '';
    const communes = /^[0-9]{2}$/.test(provinceCode) ? await this.geography.searchCommunes({ provinceCode }) : [];
    const page = triagePlacePage(ctx, {
      item,
      place: { provinces: await this.geography.listProvinces(), communes, provinceCode, communeCode: body ? field(body, 'communeCode') : '' },
      reason: body ? field(body, 'reason') : '',
      errors: extra.errors ?? [],
    });
    return this.view(ctx, ctx.t('triage.placeTitle', { caseNumber: item.caseNumber }), page, extra.status ?? 200);
  }

  async placeTriage(req: WebRequest, user: Principal, caseId: string, body: FormBody): Promise<WebResult> {
    if (field(body, 'pickCommune')) return this.triagePlace(req, user, caseId, body);
    const ctx = this.web.context(req, user);
    try {
      const dto = await this.validated(TriageLocationDto, {
        ...(field(body, 'provinceCode') ? { provinceCode: field(body, 'provinceCode') } : {}),
        ...(field(body, 'communeCode') ? { communeCode: field(body, 'communeCode') } : {}),
        reason: field(body, 'reason'),
      });
      await this.intake.setTriageLocation(user, caseId, dto, this.meta(req));
      return { kind: 'redirect', location: '/triage?done=placed' };
    } catch (error) {
      const { status, messages } = this.refusal(error, ctx);
      return this.triagePlace(req, user, caseId, body, { errors: messages, status });
    }
  }

  // ------------------------------------------------------------------------------------------- access grants

  async accessPage(
    req: WebRequest,
    user: Principal,
    caseId: string,
    extra: { done?: unknown; values?: Record<string, string>; errors?: string[]; status?: number } = {},
  ): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    const c = await this.cases.findReadable(this.dataSource.manager, user, caseId);
    const { items } = await this.grants.list(user, caseId);
    const body = accessGrantsPage(ctx, {
      caseId,
      caseNumber: c.caseNumber,
      place: placeLabel(c.provinceCode, c.communeCode),
      grants: items,
      values: extra.values ?? {},
      errors: extra.errors ?? [],
      notice: this.doneNotice(ctx, extra.done),
    });
    return this.view(ctx, ctx.t('grants.title', { caseNumber: c.caseNumber }), body, extra.status ?? 200);
  }

  async grant(req: WebRequest, user: Principal, caseId: string, body: FormBody): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    const values = { username: field(body, 'username'), until: field(body, 'until'), reason: field(body, 'reason') };
    try {
      const dto = await this.validated(AccessGrantDto, { username: values.username, until: vnLocalToIso(values.until) ?? '', reason: values.reason });
      await this.grants.grant(user, caseId, dto, this.meta(req));
      return { kind: 'redirect', location: `/cases/${caseId}/access?done=granted` };
    } catch (error) {
      const { status, messages } = this.refusal(error, ctx);
      return this.accessPage(req, user, caseId, { values, errors: messages, status });
    }
  }

  async revoke(req: WebRequest, user: Principal, caseId: string, grantId: string): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    try {
      await this.grants.revoke(user, caseId, grantId, this.meta(req));
      return { kind: 'redirect', location: `/cases/${caseId}/access?done=revoked` };
    } catch (error) {
      const { status, messages } = this.refusal(error, ctx);
      return this.accessPage(req, user, caseId, { errors: messages, status });
    }
  }

  // ------------------------------------------------------------------------------------------- access log

  /** Who read or changed the case and its children's data; read through the API's use case, so it is audited alike. */
  async accessLogPage(req: WebRequest, user: Principal, caseId: string, pageParam: unknown): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    const page = Math.max(1, Math.min(10_000, Math.trunc(Number(pageParam)) || 1));
    const c = await this.cases.findReadable(this.dataSource.manager, user, caseId);
    const log = await this.cases.accessLog(user, caseId, page, ACCESS_LOG_PAGE_SIZE, this.meta(req));
    const names = await this.staff.fullNames(log.items.map((i) => i.actor?.username ?? ''));
    const items = log.items.map((i) => ({ ...i, actor: i.actor ? { ...i.actor, fullName: names.get(i.actor.username ?? '') ?? null } : null }));
    const body = accessLogPage(ctx, {
      caseId,
      caseNumber: c.caseNumber,
      place: placeLabel(c.provinceCode, c.communeCode),
      items,
      page,
      pageSize: ACCESS_LOG_PAGE_SIZE,
      total: log.total,
    });
    return this.view(ctx, ctx.t('accesslog.title', { caseNumber: c.caseNumber }), body);
  }

  // ------------------------------------------------------------------------------------------- nudge

  /** Reminds an agency of an overdue referral from the dashboard: a plain form, no script needed. */
  async nudge(req: WebRequest, user: Principal, referralId: string): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    try {
      await this.nudges.nudge(user, referralId, Object.assign(new NudgeDto(), {}), this.meta(req));
      return { kind: 'redirect', location: '/dashboard?nudge=done' };
    } catch (error) {
      // Too soon after the last reminder, or the referral moved on: the dashboard says so in the reader's words.
      this.refusal(error, ctx);
      return { kind: 'redirect', location: '/dashboard?nudge=refused' };
    }
  }

  // ------------------------------------------------------------------------------------------- repeat callers

  async callerPage(
    req: WebRequest,
    user: Principal,
    phone: unknown,
    extra: { done?: unknown; values?: Record<string, string>; errors?: string[]; status?: number } = {},
  ): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    const number = typeof phone === 'string' ? phone.trim().slice(0, 30) : '';
    let history = null;
    const errors = [...(extra.errors ?? [])];
    if (number) {
      try {
        history = await this.callers.history(user, number, this.meta(req));
      } catch (error) {
        errors.push(...this.refusal(error, ctx).messages);
      }
    }
    const body = callerPage(ctx, {
      phone: number,
      history,
      canFlag: user.role === Role.SUPERVISOR,
      flagTypes: Object.values(CallerFlagType),
      values: extra.values ?? {},
      errors,
      notice: this.doneNotice(ctx, extra.done),
    });
    return this.view(ctx, ctx.t('nav.callers'), body, extra.status ?? (history || !number ? 200 : 400));
  }

  async flagCaller(req: WebRequest, user: Principal, phone: string, body: FormBody): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    const values = { type: field(body, 'type'), note: field(body, 'note'), until: field(body, 'until') };
    try {
      const dto = await this.validated(CallerFlagDto, { type: values.type, note: values.note, until: vnLocalToIso(values.until) ?? '' });
      await this.callers.setFlag(user, phone, dto, this.meta(req));
      return { kind: 'redirect', location: `/callers?phone=${encodeURIComponent(phone)}&done=flagged` };
    } catch (error) {
      const { status, messages } = this.refusal(error, ctx);
      return this.callerPage(req, user, phone, { values, errors: messages, status });
    }
  }

  async clearCallerFlag(req: WebRequest, user: Principal, phone: string, flagId: string): Promise<WebResult> {
    const ctx = this.web.context(req, user);
    try {
      await this.callers.clearFlag(user, phone, flagId, this.meta(req));
      return { kind: 'redirect', location: `/callers?phone=${encodeURIComponent(phone)}&done=cleared` };
    } catch (error) {
      const { status, messages } = this.refusal(error, ctx);
      return this.callerPage(req, user, phone, { errors: messages, status });
    }
  }
}
