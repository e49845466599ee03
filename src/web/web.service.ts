import { randomUUID } from 'node:crypto';
import { BadRequestException, HttpException, Inject, Injectable, Type } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Clock } from '../common/clock';
import { DomainError, NotFoundError, TooManyRequestsError, UnauthorizedError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { createValidationPipe } from '../common/http/validation';
import { AuthService } from '../identity/auth.service';
import { Role } from '../identity/enums';
import { IntakeService } from '../intake/intake.service';
import { CallDto } from '../intake/dto/call.dto';
import { OnlineReportDto } from '../intake/dto/online-report.dto';
import { LinkReportDto } from '../intake/dto/lookup.dto';
import { GeographyService } from '../geography/geography.service';
import { placeLabel } from '../geography/place-names';
import { CasesService } from '../cases/cases.service';
import { CaseWorkflowService } from '../cases/case-workflow.service';
import { CasePlanService } from '../cases/case-plan.service';
import { CaseNotesService } from '../cases/case-notes.service';
import { CaseEmergencyMeasuresService } from '../cases/case-emergency-measures.service';
import { AssignmentDto } from '../cases/dto/assignment.dto';
import { CaseQueryDto } from '../cases/dto/case-query.dto';
import { EmergencyMeasureDto } from '../cases/dto/emergency-measure.dto';
import { NoteDto } from '../cases/dto/note.dto';
import { ReturnPlanDto, SubmitPlanDto } from '../cases/dto/plan.dto';
import { TransitionDto } from '../cases/dto/transition.dto';
import { CaseStatus } from '../cases/enums';
import { ReferralsService } from '../referrals/referrals.service';
import { AddReferralDto, CompleteReferralDto, ReasonActionDto, ReferralActionDto, ReferralQueryDto } from '../referrals/dto/referral.dto';
import { REFERRAL_OUTCOME_CODES, ReferralAction } from '../referrals/referral-lifecycle.rules';
import { DeadlinesService } from '../deadlines/deadlines.service';
import { DeadlineQueryDto } from '../deadlines/dto/deadline-query.dto';
import { NotificationInbox } from '../notifications/notification-inbox.service';
import { NotificationQueryDto } from '../notifications/dto/notification-query.dto';
import { SafeHtml } from './html';
import { Locale, LOCALES, translator } from './i18n';
import { layout, PageContext } from './layout';
import { csrfToken, loginCsrfMatches, loginCsrfToken, newLoginNonce, WebRequest } from './session';
import { WebSessionStore } from './session-store';
import { callFromForm, field, FormBody, onlineReportFromForm, planFromForm, transitionFromForm, vnLocalToIso } from './forms';
import { homePage, loginPage, reportPage, reportThanksPage, statusPage } from './pages/public.pages';
import { CallOutcome, operatorPage } from './pages/operator.pages';
import { caseListPage, casePage } from './pages/case.pages';
import { referralInboxPage, referralPage } from './pages/referral.pages';
import { notificationsPage } from './pages/notification.pages';
import { WebDashboard } from './web-dashboard';
import { TasksService } from '../tasks/tasks.service';
import { dashboardPage, statisticsPage } from './pages/supervisor.pages';

/** What a web route answers: a page, or a redirect (with the session cookie to set or clear, if any). */
/** `loginNonce`: a string sets the pre-login cookie, null clears it (see loginCsrfToken in session.ts). */
export type WebResult =
  | { kind: 'page'; status: number; body: SafeHtml; loginNonce?: string | null }
  | { kind: 'redirect'; location: string; session?: { token: string; maxAgeSeconds: number } | null; locale?: Locale; loginNonce?: string | null };

const page = (body: SafeHtml, status = 200): WebResult => ({ kind: 'page', status, body });
const redirect = (location: string): WebResult => ({ kind: 'redirect', location });

const CASE_ACTIONS = ['assignment', 'transitions', 'plan', 'plan-return', 'notes', 'emergency-measures', 'referrals'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
const REFERRAL_ACTIONS: ReferralAction[] = ['acknowledge', 'accept', 'decline', 'start', 'complete', 'cancel'];

/** Where each role starts after logging in. */
export function homeOf(role: Role): string {
  switch (role) {
    case Role.HOTLINE_OPERATOR:
      return '/operator';
    case Role.CASE_WORKER:
      // What a worker opens first in the morning: what is due, soonest first.
      return '/tasks';
    case Role.AGENCY_OFFICER:
      return '/referrals';
    case Role.SUPERVISOR:
      return '/dashboard';
    default:
      return '/notifications';
  }
}

/** A local path to return to after login or a language switch; anything else (other sites) is ignored. */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next.slice(0, 500);
}

/**
 * The screens' use cases. Every read and write goes through the feature services with the caller's principal,
 * so their access rules, validation and audit apply to the web exactly as to the API; this class only turns
 * forms into request bodies and results into pages.
 */
@Injectable()
export class WebService {
  private readonly pipe = createValidationPipe();

  constructor(
    private readonly auth: AuthService,
    private readonly intake: IntakeService,
    private readonly geography: GeographyService,
    private readonly cases: CasesService,
    private readonly workflow: CaseWorkflowService,
    private readonly plans: CasePlanService,
    private readonly notes: CaseNotesService,
    private readonly measures: CaseEmergencyMeasuresService,
    private readonly referrals: ReferralsService,
    private readonly deadlines: DeadlinesService,
    private readonly inbox: NotificationInbox,
    private readonly sessions: WebSessionStore,
    private readonly dashboard: WebDashboard,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ------------------------------------------------------------------------------------------- plumbing

  context(req: WebRequest, user: Principal | null): PageContext {
    const locale = LOCALES.includes(req.locale) ? req.locale : 'vi';
    return {
      t: translator(locale),
      locale,
      user,
      csrf: user && req.sessionToken ? csrfToken(this.config.jwtSecret, req.sessionToken) : null,
      path: req.path,
    };
  }

  private view(ctx: PageContext, title: string, body: SafeHtml, status = 200): WebResult {
    return page(layout(ctx, title, body), status);
  }

  private meta(req: WebRequest): RequestMeta {
    const id = (req as unknown as { id?: string | number }).id;
    return { requestId: String(id ?? ''), ip: String(req.ip ?? '') };
  }

  /** The logged-in user on a public page (for the navigation), or null; an invalid session is simply ignored. */
  private async optionalUser(req: WebRequest): Promise<Principal | null> {
    const existing = (req as unknown as { user?: Principal }).user;
    if (existing) return existing;
    if (!req.sessionToken) return null;
    return this.auth.authenticate(req.sessionToken).catch(() => null);
  }

  /** The communes of a province for the place picker (none when no valid province is chosen). */
  private async communesOf(provinceCode: unknown): Promise<{ code: string; name: string }[]> {
    if (typeof provinceCode !== 'string' || !/^[0-9]{2}$/.test(provinceCode)) return [];
    return this.geography.searchCommunes({ provinceCode }).catch(() => []);
  }

  /** Validates a body exactly as the API's global pipe does. */
  private async validated<T>(cls: Type<T>, plain: unknown): Promise<T> {
    return (await this.pipe.transform(plain, { type: 'body', metatype: cls })) as T;
  }

  /**
   * Messages a person can act on, from a refused request, in the reader's language (`shown`) and in English (`en`,
   * which the form pages match to say it in the reporter's words); anything else is not ours to show and is rethrown.
   */
  private problems(error: unknown, locale: Locale = 'vi'): { status: number; messages: string[]; en: string[] } {
    if (error instanceof DomainError) {
      return { status: error.statusCode, messages: ([] as string[]).concat(error.messageIn(locale)), en: ([] as string[]).concat(error.messages) };
    }
    if (error instanceof BadRequestException || (error instanceof HttpException && error.getStatus() === 400)) {
      const response = error.getResponse() as { message?: string | string[] };
      const messages = ([] as string[]).concat(response?.message ?? error.message);
      return { status: 400, messages, en: messages };
    }
    throw error;
  }

  /** Each problem said in the reader's words where the form knows the field, else the catalogue's message. */
  private explainAll(ctx: PageContext, p: { messages: string[]; en: string[] }): string[] {
    return [...new Set(p.en.map((m, i) => this.explain(ctx, m, p.messages[i] ?? m)))];
  }

  // ------------------------------------------------------------------------------------------- public

  async home(req: WebRequest): Promise<WebResult> {
    const user = await this.optionalUser(req);
    if (user) return redirect(homeOf(user.role));
    const ctx = this.context(req, null);
    return this.view(ctx, ctx.t('home.title'), homePage(ctx));
  }

  async reportForm(req: WebRequest): Promise<WebResult> {
    const ctx = this.context(req, await this.optionalUser(req));
    return this.view(ctx, ctx.t('report.title'), reportPage(ctx, await this.geography.listProvinces(), { idempotencyKey: randomUUID() }, []));
  }

  /** The report form sent back to fill the commune list of the chosen province (no JavaScript); nothing is stored. */
  private async reportFormAgain(ctx: PageContext, body: FormBody, errors: string[], status: number): Promise<WebResult> {
    const values = body as Record<string, string>;
    const page = reportPage(ctx, await this.geography.listProvinces(), values, errors, await this.communesOf(values.provinceCode));
    return this.view(ctx, ctx.t('report.title'), page, status);
  }

  async submitReport(req: WebRequest, body: FormBody): Promise<WebResult> {
    const ctx = this.context(req, await this.optionalUser(req));
    if (field(body, 'pickCommune')) return this.reportFormAgain(ctx, body, [], 200);
    const key = /^[0-9a-f-]{36}$/i.test(field(body, 'idempotencyKey')) ? field(body, 'idempotencyKey') : undefined;
    try {
      const dto = await this.validated(OnlineReportDto, onlineReportFromForm(body));
      const result = await this.intake.submitOnlineReport(dto, String(req.ip ?? 'unknown'), key, this.meta(req));
      return this.view(ctx, ctx.t('report.thanks'), reportThanksPage(ctx, result.body.trackingCode), 201);
    } catch (error) {
      const problems = this.problems(error, ctx.locale);
      const shown = problems.status === 429 ? [ctx.t('report.tooMany')] : this.explainAll(ctx, problems);
      return this.reportFormAgain(ctx, body, shown, problems.status);
    }
  }

  /** Field messages of the API, said in the reporter's words where we know the field. */
  private explain(ctx: PageContext, message: string, shown = message): string {
    if (/^children/.test(message) || /fullName or description/.test(message)) return ctx.t('report.needChild');
    if (/abuseTypes/.test(message)) return ctx.t('report.needAbuseType');
    if (/age must/.test(message)) return ctx.t('report.badAge');
    if (/phone/.test(message)) return ctx.t('report.badPhone');
    if (/communeCode|commune/.test(message)) return ctx.t('report.badCommune');
    return shown;
  }

  async status(req: WebRequest, code: string | undefined): Promise<WebResult> {
    const ctx = this.context(req, await this.optionalUser(req));
    const title = ctx.t('status.title');
    const value = typeof code === 'string' ? code.trim().slice(0, 40) : '';
    if (!value) return this.view(ctx, title, statusPage(ctx, '', null, null));
    try {
      const { status } = await this.intake.onlineReportStatus(value, String(req.ip ?? 'unknown'));
      return this.view(ctx, title, statusPage(ctx, value, status, null));
    } catch (error) {
      const { status } = this.problems(error);
      const message = status === 404 ? ctx.t('status.notFound') : status === 429 ? ctx.t('status.tooMany') : ctx.t('status.badCode');
      return this.view(ctx, title, statusPage(ctx, value, null, message), status);
    }
  }

  async loginForm(req: WebRequest, next: unknown): Promise<WebResult> {
    const user = await this.optionalUser(req);
    if (user) return redirect(safeNext(next) ?? homeOf(user.role));
    return this.loginView(req, null, '', safeNext(next) ?? '', 200);
  }

  /** The login form, its token tied to this browser's pre-login cookie (issued here when missing). */
  private loginView(req: WebRequest, error: string | null, username: string, next: string, status: number, askCode = false): WebResult {
    const ctx = this.context(req, null);
    const nonce = req.loginNonce ?? newLoginNonce();
    const body = loginPage(ctx, error, username, next, loginCsrfToken(this.config.jwtSecret, nonce), askCode);
    return { ...this.view(ctx, ctx.t('login.title'), body, status), loginNonce: nonce };
  }

  async login(req: WebRequest, body: FormBody): Promise<WebResult> {
    const ctx = this.context(req, null);
    const username = field(body, 'username').slice(0, 100);
    const password = typeof body?.password === 'string' ? body.password : '';
    const next = safeNext(field(body, 'next'));
    // Checked before the password: a forged sign-in must not even count as a failed attempt.
    if (!loginCsrfMatches(this.config.jwtSecret, req.loginNonce, body?._csrf)) return this.loginView(req, ctx.t('login.expired'), username, next ?? '', 403);
    if (!username || !password) return this.loginView(req, ctx.t('login.failed'), username, next ?? '', 400);
    try {
      const otp = field(body, 'otp').slice(0, 32) || undefined;
      const { accessToken, user, mfaEnrolmentRequired } = await this.auth.login(username, password, this.meta(req), { ttlSeconds: this.config.webSessionSeconds, otp });
      if (mfaEnrolmentRequired) return this.loginView(req, ctx.t('login.mfaEnrol'), username, next ?? '', 403);
      return { kind: 'redirect', location: next ?? homeOf(user.role), session: { token: accessToken, maxAgeSeconds: this.config.webSessionSeconds }, loginNonce: null };
    } catch (error) {
      if (!(error instanceof UnauthorizedError) && !(error instanceof TooManyRequestsError)) throw error;
      // After a right password the page asks for the code; the password is typed again with it (never echoed back).
      const askCode = error.code === 'MFA_REQUIRED' || error.code === 'MFA_INVALID';
      const message =
        error instanceof TooManyRequestsError
          ? ctx.t('login.locked')
          : error.code === 'MFA_REQUIRED'
            ? ctx.t('login.mfaRequired')
            : error.code === 'MFA_INVALID'
              ? ctx.t('login.mfaInvalid')
              : ctx.t('login.failed');
      return this.loginView(req, message, username, next ?? '', error.statusCode, askCode);
    }
  }

  /** Ends the session everywhere (the token is refused from now on) and clears the cookie. */
  async logout(req: WebRequest): Promise<WebResult> {
    if (req.sessionToken) {
      const user = await this.optionalUser(req);
      if (user) await this.auth.logout(req.sessionToken, user, this.meta(req));
      await this.sessions.end(req.sessionToken);
    }
    return { kind: 'redirect', location: '/login', session: null };
  }

  language(locale: string, next: unknown): WebResult {
    const chosen = LOCALES.includes(locale as Locale) ? (locale as Locale) : 'vi';
    return { kind: 'redirect', location: safeNext(next) ?? '/', locale: chosen };
  }

  // ------------------------------------------------------------------------------------------- operator

  async operator(req: WebRequest, user: Principal, extra: { values?: FormBody; errors?: string[]; outcome?: CallOutcome | null; status?: number } = {}): Promise<WebResult> {
    const ctx = this.context(req, user);
    const [provinces, today] = await Promise.all([this.geography.listProvinces(), this.intake.callsOfDay(user)]);
    const communes = await this.communesOf(extra.values?.provinceCode || user.provinceCode);
    const body = operatorPage(
      ctx,
      provinces,
      (extra.values ?? {}) as Record<string, string>,
      extra.errors ?? [],
      extra.outcome ?? null,
      today.items,
      {
        startedAt: this.clock.now().toISOString(),
        idempotencyKey: randomUUID(),
      },
      communes,
    );
    return this.view(ctx, ctx.t('operator.title'), body, extra.status ?? 200);
  }

  async logCall(req: WebRequest, user: Principal, body: FormBody): Promise<WebResult> {
    if (field(body, 'pickCommune')) return this.operator(req, user, { values: body });
    const key = /^[0-9a-f-]{36}$/i.test(field(body, 'idempotencyKey')) ? field(body, 'idempotencyKey') : undefined;
    try {
      const dto = await this.validated(CallDto, callFromForm(body, this.clock.now()));
      const result = await this.intake.logCall(user, dto, key, this.meta(req));
      return this.operator(req, user, { outcome: result.body, status: 201 });
    } catch (error) {
      const ctx = this.context(req, user);
      const problems = this.problems(error, ctx.locale);
      return this.operator(req, user, { values: body, errors: this.explainAll(ctx, problems), status: problems.status });
    }
  }

  /** A duplicate confirmed after the call was saved: the new report joins the chosen open case. */
  async linkReport(req: WebRequest, user: Principal, reportId: string, body: FormBody): Promise<WebResult> {
    const ctx = this.context(req, user);
    try {
      const dto = await this.validated(LinkReportDto, { caseId: field(body, 'caseId'), reason: field(body, 'reason') || ctx.t('operator.linkReason') });
      const moved = await this.intake.linkReport(user, reportId, dto, this.meta(req));
      return this.operator(req, user, { outcome: { callId: '', caseId: moved.caseId, caseNumber: moved.caseNumber, linked: true, duplicates: [] } });
    } catch (error) {
      const { status, messages } = this.problems(error, ctx.locale);
      return this.operator(req, user, { errors: messages, status });
    }
  }

  // ------------------------------------------------------------------------------------------- cases

  async caseList(req: WebRequest, user: Principal, query: Record<string, unknown>): Promise<WebResult> {
    const ctx = this.context(req, user);
    const mine = query.scope === 'mine' || (query.scope !== 'all' && user.role === Role.CASE_WORKER);
    const q = typeof query.q === 'string' ? query.q.slice(0, 100) : '';
    const status = typeof query.status === 'string' && (Object.values(CaseStatus) as string[]).includes(query.status) ? query.status : '';
    const pageNo = Math.max(1, Math.min(10_000, Number(query.page) || 1));
    const dto = await this.validated(CaseQueryDto, { ...(status ? { status } : {}), ...(q ? { q } : {}), ...(mine ? { assignedTo: 'me' } : {}), page: pageNo, pageSize: 50 });
    const [list, overdue, waiting, provinces] = await Promise.all([
      this.cases.list(user, dto),
      this.overdueCaseIds(user),
      mine && user.role === Role.CASE_WORKER ? this.cases.list(user, Object.assign(new CaseQueryDto(), { status: CaseStatus.RECEIVED, page: 1, pageSize: 50 })) : null,
      this.geography.listProvinces(),
    ]);
    // Overdue first, then the service's order (critical and immediate danger first, oldest open first).
    const items = [...list.items].sort((a, b) => Number(overdue.has(b.id)) - Number(overdue.has(a.id)));
    const body = caseListPage(ctx, {
      mine,
      q,
      status,
      items,
      total: list.total,
      page: list.page,
      pageSize: list.pageSize,
      overdue,
      waiting: waiting ? waiting.items.filter((c) => !c.assignee) : null,
      provinces: new Map(provinces.map((p) => [p.code, p.name])),
    });
    return this.view(ctx, ctx.t('nav.cases'), body);
  }

  private async overdueCaseIds(user: Principal): Promise<Set<string>> {
    const list = await this.deadlines.list(user, Object.assign(new DeadlineQueryDto(), { overdue: true, page: 1, pageSize: 200 }));
    return new Set(list.items.map((d) => d.caseId));
  }

  async casePage(
    req: WebRequest,
    user: Principal,
    id: string,
    extra: { errors?: string[]; notice?: string | null; values?: Record<string, string>; status?: number } = {},
  ): Promise<WebResult> {
    const ctx = this.context(req, user);
    const c = await this.cases.get(user, id, this.meta(req));
    const [timeline, referrals, deadlines, placeName] = await Promise.all([
      this.cases.timeline(user, id, this.meta(req)),
      this.referrals.listForCase(user, id),
      this.deadlines.list(user, Object.assign(new DeadlineQueryDto(), { caseId: id, page: 1, pageSize: 50 })),
      this.placeName(c.provinceCode, c.communeCode),
    ]);
    const body = casePage(ctx, {
      c,
      timeline: timeline.items,
      referrals: referrals.items,
      deadlines: deadlines.items,
      errors: extra.errors ?? [],
      notice: extra.notice ?? null,
      now: this.clock.now(),
      values: extra.values ?? {},
      placeName,
      // A supervisor reassigns by picking one of the place's workers, seeing how many open cases each carries.
      assignees: user.role === Role.SUPERVISOR ? await this.tasks.assignees({ provinceCode: c.provinceCode, communeCode: c.communeCode }) : undefined,
    });
    return this.view(ctx, `${ctx.t('case.number')} ${c.caseNumber}`, body, extra.status ?? 200);
  }

  /** "Commune, Province" by official names; the codes stand in for names the list does not know. */
  private async placeName(provinceCode: string | null, communeCode: string | null): Promise<string | null> {
    return placeLabel(provinceCode, communeCode);
  }

  async caseDone(req: WebRequest, user: Principal, id: string, done: unknown): Promise<WebResult> {
    const ctx = this.context(req, user);
    const notice = typeof done === 'string' && (CASE_ACTIONS as readonly string[]).includes(done) ? ctx.t(`done.${done}`) : null;
    return this.casePage(req, user, id, { notice });
  }

  async caseAction(req: WebRequest, user: Principal, id: string, action: CaseAction, body: FormBody): Promise<WebResult> {
    const meta = this.meta(req);
    const version = field(body, 'expectedVersion');
    const expectedVersion = /^\d+$/.test(version) ? Number(version) : undefined;
    try {
      switch (action) {
        case 'assignment':
          await this.workflow.assign(user, id, await this.validated(AssignmentDto, { assigneeUsername: field(body, 'assigneeUsername'), expectedVersion }), undefined, meta);
          break;
        case 'transitions':
          await this.workflow.transition(user, id, await this.validated(TransitionDto, transitionFromForm(body)), undefined, meta);
          break;
        case 'plan':
          await this.plans.submit(user, id, await this.validated(SubmitPlanDto, planFromForm(body)), undefined, meta);
          break;
        case 'plan-return':
          await this.plans.return(user, id, await this.validated(ReturnPlanDto, { reason: field(body, 'reason'), expectedVersion }), undefined, meta);
          break;
        case 'notes':
          await this.notes.add(
            user,
            id,
            await this.validated(NoteDto, { type: field(body, 'type'), text: field(body, 'text'), occurredAt: vnLocalToIso(field(body, 'occurredAt')), expectedVersion }),
            undefined,
            meta,
          );
          break;
        case 'emergency-measures':
          await this.measures.add(
            user,
            id,
            await this.validated(EmergencyMeasureDto, {
              measureType: field(body, 'measureType'),
              description: field(body, 'description'),
              takenAt: vnLocalToIso(field(body, 'takenAt')),
              expectedVersion,
            }),
            undefined,
            meta,
          );
          break;
        case 'referrals':
          await this.referrals.addToCase(user, id, await this.validated(AddReferralDto, { agencyType: field(body, 'agencyType'), reason: field(body, 'reason') }), meta);
          break;
      }
      return redirect(`/cases/${id}?done=${action}`);
    } catch (error) {
      if (error instanceof NotFoundError) throw error;
      const { status, messages } = this.problems(error, req.locale);
      const values = Object.fromEntries(['riskLevel', 'founded', 'summary', 'personsMet', 'protectionLevel'].map((k) => [k, field(body, k)]));
      return this.casePage(req, user, id, { errors: messages, status, values });
    }
  }

  // ------------------------------------------------------------------------------------------- referrals

  async referralInbox(req: WebRequest, user: Principal, query: Record<string, unknown>): Promise<WebResult> {
    const ctx = this.context(req, user);
    const status = typeof query.status === 'string' ? query.status : '';
    const overdueOnly = query.overdue === 'true';
    let list;
    try {
      list = await this.referrals.inbox(
        user,
        await this.validated(ReferralQueryDto, { ...(status ? { status } : {}), ...(overdueOnly ? { overdue: 'true' } : {}), page: 1, pageSize: 100 }),
      );
    } catch (error) {
      this.problems(error);
      list = await this.referrals.inbox(user, Object.assign(new ReferralQueryDto(), { page: 1, pageSize: 100 }));
    }
    const provinces = new Map((await this.geography.listProvinces()).map((p) => [p.code, p.name]));
    return this.view(ctx, ctx.t('nav.referrals'), referralInboxPage(ctx, { items: list.items, total: list.total, status, overdueOnly, provinces }));
  }

  async referralPage(req: WebRequest, user: Principal, id: string, extra: { errors?: string[]; notice?: string | null; status?: number; done?: unknown } = {}): Promise<WebResult> {
    const ctx = this.context(req, user);
    const r = await this.referrals.get(user, id, this.meta(req));
    const notice = typeof extra.done === 'string' && (REFERRAL_ACTIONS as string[]).includes(extra.done) ? ctx.t(`refdone.${extra.done}`) : (extra.notice ?? null);
    const where = r.case?.location ?? { provinceCode: r.provinceCode, communeCode: r.communeCode };
    const placeName = await this.placeName(where.provinceCode, where.communeCode);
    const body = referralPage(ctx, { r, outcomeCodes: REFERRAL_OUTCOME_CODES[r.agencyType] ?? [], errors: extra.errors ?? [], notice, placeName });
    return this.view(ctx, `${ctx.t('referral.title')} ${r.caseNumber}`, body, extra.status ?? 200);
  }

  async referralAction(req: WebRequest, user: Principal, id: string, action: string, body: FormBody): Promise<WebResult> {
    if (!(REFERRAL_ACTIONS as string[]).includes(action)) throw new NotFoundError('REFERRAL_ACTION_UNKNOWN', { action });
    const version = field(body, 'expectedVersion');
    const expectedVersion = /^\d+$/.test(version) ? Number(version) : undefined;
    try {
      let dto: ReferralActionDto;
      if (action === 'decline' || action === 'cancel') dto = await this.validated(ReasonActionDto, { expectedVersion, reason: field(body, 'reason') });
      else if (action === 'complete') {
        dto = await this.validated(CompleteReferralDto, {
          expectedVersion,
          outcome: { code: field(body, 'outcomeCode') || undefined, note: field(body, 'outcomeNote') || undefined },
        });
      } else dto = await this.validated(ReferralActionDto, { expectedVersion });
      await this.referrals.act(user, id, action as ReferralAction, dto, undefined, this.meta(req));
      return redirect(`/referrals/${id}?done=${action}`);
    } catch (error) {
      if (error instanceof NotFoundError) throw error;
      const { status, messages } = this.problems(error, req.locale);
      return this.referralPage(req, user, id, { errors: messages, status });
    }
  }

  // ------------------------------------------------------------------------------------------- notifications

  async notifications(req: WebRequest, user: Principal): Promise<WebResult> {
    const ctx = this.context(req, user);
    const list = await this.inbox.list(user, Object.assign(new NotificationQueryDto(), { page: 1, pageSize: 100 }));
    return this.view(ctx, ctx.t('nav.notifications'), notificationsPage(ctx, list));
  }

  async markRead(user: Principal, id: string | null): Promise<WebResult> {
    if (id) await this.inbox.markRead(user, id);
    else await this.inbox.markAllRead(user);
    return redirect('/notifications');
  }

  // ------------------------------------------------------------------------------------------- supervision

  async dashboardPage(req: WebRequest, user: Principal, nudge: unknown = null): Promise<WebResult> {
    const ctx = this.context(req, user);
    const model = await this.dashboard.overdue(user, ctx);
    const shown = nudge === 'done' || nudge === 'refused' ? nudge : null;
    return this.view(ctx, ctx.t('nav.dashboard'), dashboardPage(ctx, { ...model, nudge: shown }));
  }

  async statisticsPage(req: WebRequest, user: Principal, query: Record<string, unknown>): Promise<WebResult> {
    const ctx = this.context(req, user);
    const model = await this.dashboard.statistics(user, ctx, query, await this.geography.listProvinces());
    return this.view(ctx, ctx.t('nav.statistics'), statisticsPage(ctx, model), model.errors.length ? 400 : 200);
  }
}
