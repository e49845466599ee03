import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { IdempotencyClaim, IdempotencyService, IdempotentResult } from '../common/idempotency.service';
import { RateLimiter } from '../common/rate-limiter.service';
import { jurisdictionCovers } from '../common/access/jurisdiction.rules';
import { AuditService } from '../audit/audit.service';
import { provinceName } from '../geography/place-names';
import { GeographyService } from '../geography/geography.service';
import { JurisdictionLevel, Role } from '../identity/enums';
import { Case } from '../cases/case.entity';
import { CaseStatus, ClosureReason } from '../cases/enums';
import { CaseTimeline } from '../cases/case-timeline';
import { CaseOpening, INTAKE_EVENTS, NewReport, ResolvedLocation } from './case-opening';
import { OutboxService } from '../database/outbox.service';
import { newRowId } from '../database/row-id';
import { DuplicateFinder } from './duplicate-finder';
import { CallRow, IntakeWrite, IntakeWriter } from './intake-write';
import { DuplicateSuggestion, explainReasons } from './duplicate-scoring.rules';
import { birthYearProblems, callMakesReport, duplicateScope, initialRisk, maxRisk, publicStatus } from './intake.rules';
import { caseEvent, CaseEventType, caseRef } from '../cases/case-events';
import { normaliseFreeText, normalisePhone, foldVietnamese } from './normalise.rules';
import { generateTrackingCode, normaliseTrackingCode } from './tracking-code.rules';
import { CallDto } from './dto/call.dto';
import { OnlineReportDto } from './dto/online-report.dto';
import { DuplicateCheckDto, LinkReportDto, LookupQueryDto, TriageLocationDto, UnlinkReportDto } from './dto/lookup.dto';
import { ReportDto } from './dto/report.dto';
import { AbuseType, CallType, Channel, PublicReportStatus } from './enums';

export interface CallResult {
  callId: string;
  reportId?: string;
  caseId?: string;
  caseNumber?: string;
  linked?: boolean;
  duplicates: (DuplicateSuggestion & { explanation: string[] })[];
}

/** The idempotency scope of a public client; its address is hashed so the key table holds no IP addresses. */
function onlineReportScope(clientId: string): string {
  return `online-reports:${createHash('sha256').update(clientId).digest('hex').slice(0, 32)}`;
}

/** An intake write with no rows, to spread the rows of one over. */
const NOTHING: IntakeWrite = { at: new Date(0), idempotency: null, cases: [], reports: [], calls: [], persons: [], timeline: [], audits: [], events: [] };

const STATUS_LIMITS = [{ bucket: 'online-status-10m', limit: 30, windowSeconds: 600 }];
/** Nobody reads and fills the report form faster than this; scripts do. */
const MIN_FORM_SECONDS = 3;

@Injectable()
export class IntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly idempotency: IdempotencyService,
    private readonly rateLimiter: RateLimiter,
    private readonly geography: GeographyService,
    private readonly opening: CaseOpening,
    private readonly duplicates: DuplicateFinder,
    private readonly timeline: CaseTimeline,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly writer: IntakeWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Logs a hotline call; a report call opens a case or joins the chosen open case, all in one transaction. */
  async logCall(operator: Principal, dto: CallDto, idempotencyKey: string | undefined, meta: RequestMeta): Promise<IdempotentResult<CallResult>> {
    const makesReport = callMakesReport(dto.callType, dto.riskFlagged);
    if (makesReport && !dto.report)
      throw new BadRequestError('CALL_REPORT_REQUIRED', { what: dto.callType === CallType.REPORT ? 'REPORT call' : 'counselling call flagged at risk' });
    if (!makesReport && dto.report) throw new BadRequestError('CALL_CARRIES_NO_REPORT', { callType: dto.callType });
    if (!makesReport && dto.linkToCaseId) throw new BadRequestError('LINK_NEEDS_REPORT');
    if (dto.channel !== Channel.HOTLINE_111 && dto.channel !== Channel.PROVINCIAL_HOTLINE && dto.channel !== Channel.OTHER) {
      throw new BadRequestError('CALL_CHANNEL_INVALID');
    }
    const startedAt = new Date(dto.startedAt);
    const endedAt = dto.endedAt ? new Date(dto.endedAt) : null;
    const now = this.clock.now();
    if (startedAt.getTime() > now.getTime() + 5 * 60_000) throw new BadRequestError('STARTED_AT_FUTURE');
    if (endedAt && endedAt < startedAt) throw new BadRequestError('ENDED_BEFORE_STARTED');
    const birthYears = dto.report ? birthYearProblems(dto.report.children, 'report.', startedAt) : [];
    if (birthYears.length > 0) throw new BadRequestError(birthYears.map((text) => ({ code: 'BIRTH_YEAR_INVALID', text })));
    const callerPhone = dto.callerPhone ? normalisePhone(dto.callerPhone) : null;
    if (dto.callerPhone && !callerPhone) throw new BadRequestError('PHONE_INVALID', { field: 'callerPhone', phone: dto.callerPhone });
    if (dto.report?.reporter?.phone && !normalisePhone(dto.report.reporter.phone)) {
      throw new BadRequestError('PHONE_INVALID', { field: 'report.reporter.phone', phone: dto.report.reporter.phone });
    }
    const location = dto.report ? await this.resolveLocation(dto.report, operator) : null;
    if (dto.relatedCaseId && !(await this.dataSource.getRepository(Case).existsBy({ id: dto.relatedCaseId }))) {
      throw new BadRequestError('RELATED_CASE_UNKNOWN', { caseId: dto.relatedCaseId });
    }
    if (dto.linkToCaseId) await this.assertOperatorMayLink(operator, dto.linkToCaseId);

    const scope = `calls:${operator.id}`;
    const callAudit = (callId: string) =>
      this.audit.row({
        actor: operator,
        action: 'CALL_LOGGED',
        subjectType: 'CALL',
        subjectId: callId,
        provinceCode: location?.provinceCode ?? operator.provinceCode,
        after: { callType: dto.callType, channel: dto.channel },
        meta,
      });
    const callRow = (id: string, reportId: string | null): CallRow => ({
      id,
      callType: dto.callType,
      channel: dto.channel,
      callerPhone,
      startedAt,
      endedAt,
      operatorId: operator.id,
      hotlineProvinceCode: operator.provinceCode,
      riskFlagged: dto.riskFlagged === true,
      notes: dto.notes ? normaliseFreeText(dto.notes) : null,
      relatedCaseId: dto.relatedCaseId ?? null,
      reportId,
    });

    const reportInput = (callId: string): NewReport => ({
      report: dto.report!,
      location: location!,
      channel: dto.channel,
      receivedAt: startedAt,
      callId,
      callerPhone,
      trackingCode: null,
      createdBy: operator,
    });

    if (dto.linkToCaseId) {
      const linkTo = dto.linkToCaseId;
      // Joining an existing case locks and updates it: a transaction, as every change to a case.
      return this.idempotency.run<CallResult>(scope, idempotencyKey, dto, async (manager) => {
        const callId = newRowId();
        await this.writer.write({ ...NOTHING, at: now, calls: [callRow(callId, null)], audits: [callAudit(callId)] }, manager);
        const input = reportInput(callId);
        const duplicates = await this.suggest(manager, operator, dto.report!, location!, callerPhone, startedAt, linkTo);
        const linked = await this.opening.linkToCase(manager, linkTo, input, meta);
        await manager.query(`UPDATE hotline_call SET report_id = $2 WHERE id = $1`, [callId, linked.reportId]);
        return { status: 201, body: { callId, reportId: linked.reportId, caseId: linked.caseId, caseNumber: linked.caseNumber, linked: true, duplicates } };
      });
    }

    // A new call, with or without a new case: every row is built here and written by one statement.
    const claim = this.idempotency.claim(scope, idempotencyKey, dto);
    const callId = newRowId();
    if (!makesReport) {
      const body: CallResult = { callId, duplicates: [] };
      const outcome = await this.writer.write({
        ...NOTHING,
        at: now,
        calls: [callRow(callId, null)],
        audits: [callAudit(callId)],
        idempotency: claim && { ...claim, status: 201, response: body },
      });
      if (!outcome.written) return this.idempotency.replay<CallResult>(claim!, outcome);
      return { status: 201, body, replayed: false };
    }
    // The suggestions are read on their own connection while the number is taken and the rows are written (no
    // transaction here, so in parallel). They never see the case being opened: it is excluded by its id. The
    // number is taken in its own statement so concurrent intakes hold the counter row only for that moment. It is
    // asked for first: the write waits for it, and the search's work would otherwise delay it (one operator's
    // call answered in 10-11 ms instead of 12-17 ms).
    const caseId = newRowId();
    const numbering = this.opening.allocateCaseNumber(location!.provinceCode, startedAt);
    numbering.catch(() => undefined); // awaited below, after the search is sent
    const suggestExcept = (opened: string) => this.suggest(this.dataSource.manager, operator, dto.report!, location!, callerPhone, startedAt, opened);
    const suggesting = suggestExcept(caseId);
    suggesting.catch(() => undefined); // awaited below; a failed number or write must not leave it unhandled
    const caseNumber = await numbering;
    const opened = this.opening.newCase(reportInput(callId), caseNumber, meta, caseId);
    const body: CallResult = { callId, reportId: opened.reportId, caseId, caseNumber, linked: false, duplicates: [] };
    // The key keeps the answer without its suggestions, which are read beside the write: a replay reads them again.
    const outcome = await this.writer.write({
      ...NOTHING,
      ...opened.rows,
      at: now,
      calls: [callRow(callId, opened.reportId)],
      audits: [callAudit(callId), ...opened.rows.audits],
      idempotency: claim && { ...claim, status: 201, response: body },
    });
    if (!outcome.written) return this.replayCall(claim!, outcome, suggestExcept);
    // The case is written: if its suggestions failed to read (a busy database), they are read once more, alone.
    const duplicates = await suggesting.catch(() => suggestExcept(caseId));
    return { status: 201, body: { ...body, duplicates }, replayed: false };
  }

  /** A public online report: rate-limited per client, honeypot-checked, answered with a tracking code only. */
  async submitOnlineReport(dto: OnlineReportDto, clientId: string, idempotencyKey: string | undefined, meta: RequestMeta): Promise<IdempotentResult<{ trackingCode: string }>> {
    if (dto.website) throw new BadRequestError('SPAM_FIELD_FILLED');
    if (dto.formStartedAt) {
      const seconds = (this.clock.now().getTime() - new Date(dto.formStartedAt).getTime()) / 1000;
      // A time in the future is another machine's clock, not a script: only a fast, plausible time is refused.
      if (seconds >= 0 && seconds < MIN_FORM_SECONDS) {
        throw new BadRequestError('REPORT_TOO_FAST', { seconds: Math.floor(seconds) });
      }
    }
    const perTen = this.config.onlineReportsPer10Min;
    const limits = [
      { bucket: 'online-report-10m', limit: perTen, windowSeconds: 600 },
      { bucket: 'online-report-day', limit: perTen * 4, windowSeconds: 86400 },
    ];
    await this.rateLimiter.hit(limits, clientId, 'TOO_MANY_REPORTS');
    if (dto.reporter?.phone && !normalisePhone(dto.reporter.phone)) {
      throw new BadRequestError('PHONE_INVALID', { field: 'reporter.phone', phone: dto.reporter.phone });
    }
    const birthYears = birthYearProblems(dto.children, '', this.clock.now());
    if (birthYears.length > 0) throw new BadRequestError(birthYears.map((text) => ({ code: 'BIRTH_YEAR_INVALID', text })));
    const { website: _honeypot, formStartedAt: _shownAt, ...report } = dto;
    const location = await this.resolveLocation(report, null);
    const receivedAt = this.clock.now();
    const caseNumber = await this.opening.allocateCaseNumber(location.provinceCode, receivedAt);
    const trackingCode = generateTrackingCode(randomBytes);
    // Keys are scoped per client: another client sending the same key and body must not get this reporter's code.
    const claim = this.idempotency.claim(onlineReportScope(clientId), idempotencyKey, report);
    const opened = this.opening.newCase(
      { report, location, channel: Channel.ONLINE_FORM, receivedAt, callId: null, callerPhone: null, trackingCode, createdBy: null },
      caseNumber,
      meta,
    );
    const body = { trackingCode };
    const outcome = await this.writer.write({ ...NOTHING, ...opened.rows, at: this.clock.now(), idempotency: claim && { ...claim, status: 201, response: body } });
    if (!outcome.written) return this.idempotency.replay<{ trackingCode: string }>(claim!, outcome);
    return { status: 201, body, replayed: false };
  }

  async onlineReportStatus(code: string, clientId: string): Promise<{ status: PublicReportStatus }> {
    await this.rateLimiter.hit(STATUS_LIMITS, clientId, 'TOO_MANY_STATUS_CHECKS');
    const canonical = normaliseTrackingCode(code);
    if (!canonical) throw new BadRequestError('TRACKING_CODE_MISTYPED');
    const [row] = await this.dataSource.query(`SELECT c.status FROM report r JOIN protection_case c ON c.id = r.case_id WHERE r.tracking_code = $1`, [canonical]);
    if (!row) throw new NotFoundError('TRACKING_CODE_UNKNOWN');
    return { status: publicStatus(row.status) };
  }

  /** Earlier calls and open cases by phone or child's name (diacritics optional), for operators while typing. */
  async lookup(operator: Principal, q: LookupQueryDto, meta: RequestMeta | null = null) {
    if (!q.phone && !q.name && !q.communeCode) throw new BadRequestError('LOOKUP_NEEDS_QUERY');
    const phone = q.phone ? normalisePhone(q.phone) : null;
    if (q.phone && !phone) throw new BadRequestError('LOOKUP_PHONE_INVALID', { phone: q.phone });
    const national = operator.jurisdictionLevel === JurisdictionLevel.NATIONAL;
    const calls = phone
      ? await this.dataSource.query(
          `SELECT h.id, h.call_type, h.started_at, h.report_id, c.id AS case_id, c.case_number, c.status
             FROM hotline_call h LEFT JOIN report r ON r.id = h.report_id LEFT JOIN protection_case c ON c.id = r.case_id
            WHERE h.caller_phone = $1 AND ($2::boolean OR h.hotline_province_code = $3 OR c.province_code = $3)
            ORDER BY h.started_at DESC LIMIT 20`,
          [phone, national, operator.provinceCode],
        )
      : [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const match: string[] = [];
    if (phone) {
      const ph = p(phone);
      match.push(`c.id IN (SELECT cp.case_id FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE p.phone = ${ph})`);
      match.push(`c.id IN (SELECT r.case_id FROM report r JOIN hotline_call h ON h.id = r.call_id WHERE h.caller_phone = ${ph})`);
    }
    if (q.name) {
      const like = p(`%${foldVietnamese(q.name).replace(/[%_\\]/g, '\\$&')}%`);
      match.push(`c.id IN (SELECT cp.case_id FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE cp.role = 'CHILD' AND p.name_key LIKE ${like})`);
    }
    if (q.communeCode && match.length === 0) match.push(`(c.commune_code = ${p(q.communeCode)} AND c.status <> 'CLOSED')`);
    const filters = [`(${match.join(' OR ')})`];
    if (q.communeCode && (phone || q.name)) filters.push(`c.commune_code = ${p(q.communeCode)}`);
    if (q.provinceCode) filters.push(`c.province_code = ${p(q.provinceCode)}`);
    // Unplaced cases (no province) are the national triage queue's: only national operators see them.
    if (!national) filters.push(`c.province_code = ${p(operator.provinceCode)}`);
    const cases = await this.dataSource.query(
      `SELECT c.id, c.case_number, c.status, c.risk_level, c.immediate_danger, c.province_code, c.commune_code, c.opened_at,
              (SELECT string_agg(coalesce(p.full_name, p.description), ', ') FROM case_person cp JOIN person p ON p.id = cp.person_id
                WHERE cp.case_id = c.id AND cp.role = 'CHILD') AS children
         FROM protection_case c WHERE ${filters.join(' AND ')}
        ORDER BY (c.status = 'CLOSED'), c.opened_at DESC LIMIT 20`,
      params,
    );
    // The answer names children of these cases: each case's personal data was read (what was searched for is
    // itself personal data and stays out of the log).
    for (const r of cases as Record<string, unknown>[]) {
      await this.audit.record({
        actor: operator,
        action: 'CASE_LOOKUP_READ',
        subjectType: 'CASE',
        subjectId: String(r.id),
        provinceCode: (r.province_code as string | null) ?? null,
        communeCode: (r.commune_code as string | null) ?? null,
        after: { by: [phone ? 'phone' : null, q.name ? 'name' : null, q.communeCode ? 'place' : null].filter(Boolean) },
        meta,
      });
    }
    return {
      calls: calls.map((r: Record<string, unknown>) => ({
        callId: r.id,
        callType: r.call_type,
        startedAt: r.started_at,
        reportId: r.report_id,
        caseId: r.case_id,
        caseNumber: r.case_number,
        publicStatus: r.status ? publicStatus(r.status as CaseStatus) : null,
      })),
      cases: cases.map((r: Record<string, unknown>) => ({
        caseId: r.id,
        caseNumber: r.case_number,
        status: r.status,
        publicStatus: publicStatus(r.status as CaseStatus),
        riskLevel: r.risk_level,
        immediateDanger: r.immediate_danger,
        provinceCode: r.province_code,
        communeCode: r.commune_code,
        openedAt: r.opened_at,
        children: r.children,
      })),
    };
  }

  /** Duplicate suggestions while the report is typed, from the cases of the asker's jurisdiction only. */
  async checkDuplicates(actor: Principal, dto: DuplicateCheckDto, meta: RequestMeta | null) {
    const location = { provinceCode: dto.location?.provinceCode ?? null, communeCode: dto.location?.communeCode ?? null, address: dto.location?.address ?? null };
    const items = await this.duplicates.find(this.dataSource.manager, {
      children: dto.children ?? [],
      reporterPhone: dto.reporter?.phone ?? null,
      callerPhone: dto.callerPhone ?? null,
      ...location,
      receivedAt: this.clock.now(),
      scope: duplicateScope(actor),
    });
    // A suggestion tells the asker that a child of that name, or that phone, is in the case: a read of it.
    const by = [
      dto.children?.some((c) => c.fullName || c.description) ? 'name' : null,
      dto.reporter?.phone || dto.callerPhone ? 'phone' : null,
      dto.location?.communeCode || dto.location?.address ? 'place' : null,
    ].filter(Boolean);
    await this.auditReads(
      actor,
      'CASE_DUPLICATE_CHECK_READ',
      items.map((d) => d.caseId),
      { by },
      meta,
    );
    return { items: items.map((d) => ({ ...d, explanation: explainReasons(d.reasons) })) };
  }

  /** One audit row per case whose personal data an answer shows, as the lookup writes them; one at a time. */
  private async auditReads(actor: Principal, action: string, caseIds: string[], after: Record<string, unknown> | null, meta: RequestMeta | null): Promise<void> {
    if (caseIds.length === 0) return;
    const places: { id: string; province_code: string | null; commune_code: string | null }[] = await this.dataSource.query(
      `SELECT id, province_code, commune_code FROM protection_case WHERE id = ANY($1::uuid[])`,
      [caseIds],
    );
    for (const c of places) {
      await this.audit.record({ actor, action, subjectType: 'CASE', subjectId: c.id, provinceCode: c.province_code, communeCode: c.commune_code, after, meta });
    }
  }

  /** Moves a report (with its persons) into another open case: a duplicate confirmed after intake. */
  async linkReport(actor: Principal, reportId: string, dto: LinkReportDto, meta: RequestMeta) {
    return this.dataSource.transaction(async (manager) => {
      const report = await this.loadReportForChange(manager, actor, reportId);
      if (report.case_id === dto.caseId) throw new ConflictError('REPORT_ALREADY_IN_CASE');
      const [from, to] = await this.lockCases(manager, [report.case_id, dto.caseId]);
      if (!to) throw new NotFoundError('CASE_ID_NOT_FOUND', { caseId: dto.caseId });
      await this.assertMayChangeCase(manager, actor, to);
      if (to.status === CaseStatus.CLOSED) throw new ConflictError('CASE_CLOSED_NO_REPORTS', { caseNumber: to.caseNumber });
      await this.moveReport(manager, reportId, from, to, actor, dto.reason, meta, 'REPORT_LINKED');
      await this.mergeReportFacts(manager, to, report, actor);
      const closedFrom = await this.closeIfEmptied(manager, from, to, actor, meta);
      return { reportId, caseId: to.id, caseNumber: to.caseNumber, previousCaseId: from.id, previousCaseClosed: closedFrom };
    });
  }

  /**
   * What the moved report says joins the case it now belongs to (abuse types, immediate danger, risk), as at
   * intake, and routing hears of it (a child in danger gets the police at once).
   */
  private async mergeReportFacts(manager: EntityManager, c: Case, report: { id: string; abuse_types: AbuseType[]; immediate_danger: boolean }, actor: Principal): Promise<void> {
    const before = { riskLevel: c.riskLevel, immediateDanger: c.immediateDanger, abuseTypes: [...c.abuseTypes] };
    c.abuseTypes = [...new Set([...c.abuseTypes, ...report.abuse_types])];
    c.immediateDanger = c.immediateDanger || report.immediate_danger === true;
    c.riskLevel = maxRisk(c.riskLevel, initialRisk({ immediateDanger: report.immediate_danger, abuseTypes: report.abuse_types }));
    const changed = c.riskLevel !== before.riskLevel || c.immediateDanger !== before.immediateDanger || c.abuseTypes.length !== before.abuseTypes.length;
    if (!changed) return;
    await manager.query(`UPDATE protection_case SET abuse_types = $2, immediate_danger = $3, risk_level = $4, updated_at = now(), version = version + 1 WHERE id = $1`, [
      c.id,
      c.abuseTypes,
      c.immediateDanger,
      c.riskLevel,
    ]);
    await this.timeline.append(manager, {
      caseId: c.id,
      type: 'CASE_FACTS_MERGED',
      actor,
      before,
      after: { reportId: report.id, riskLevel: c.riskLevel, immediateDanger: c.immediateDanger, abuseTypes: c.abuseTypes },
    });
    await this.outbox.append(manager, {
      type: INTAKE_EVENTS.REPORT_LINKED,
      aggregateType: 'CASE',
      aggregateId: c.id,
      payload: {
        caseId: c.id,
        reportId: report.id,
        riskLevel: c.riskLevel,
        immediateDanger: c.immediateDanger,
        abuseTypes: c.abuseTypes,
        provinceCode: c.provinceCode,
        communeCode: c.communeCode,
      },
    });
  }

  /**
   * The open referrals of an emptied duplicate follow its report to the case it joined (with their deadlines),
   * so an agency already at work keeps its referral; a type the case already has open stays where it is.
   */
  private async moveOpenReferrals(manager: EntityManager, from: Case, into: Case, actor: Principal): Promise<void> {
    const OPEN = `('SENT','ACKNOWLEDGED','ACCEPTED','IN_PROGRESS')`;
    // An UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [moved]: [{ id: string; agency_type: string }[], number] = await manager.query(
      `UPDATE referral r SET case_id = $2, updated_at = now(), version = version + 1
        WHERE r.case_id = $1 AND r.status IN ${OPEN}
          AND NOT EXISTS (SELECT 1 FROM referral o WHERE o.case_id = $2 AND o.agency_type = r.agency_type AND o.status IN ${OPEN})
        RETURNING r.id, r.agency_type`,
      [from.id, into.id],
    );
    if (moved.length === 0) return;
    await manager.query(`UPDATE deadline SET case_id = $2, updated_at = now() WHERE subject_type = 'REFERRAL' AND subject_id = ANY($1::uuid[])`, [moved.map((m) => m.id), into.id]);
    const detail = { referrals: moved.map((m) => ({ referralId: m.id, agencyType: m.agency_type })), fromCase: from.caseNumber, toCase: into.caseNumber };
    await this.timeline.append(
      manager,
      { caseId: from.id, type: 'REFERRALS_MOVED_OUT', actor, after: detail },
      { caseId: into.id, type: 'REFERRALS_MOVED_IN', actor, after: detail },
    );
  }

  /**
   * A case left without any report was a duplicate: it is closed as merged (its deadlines are cancelled by the
   * closing events), unless work was already sent out from it — then it stays open for a person to settle.
   */
  private async closeIfEmptied(manager: EntityManager, from: Case, into: Case, actor: Principal, meta: RequestMeta): Promise<boolean> {
    if (from.status === CaseStatus.CLOSED) return false;
    const [{ left }] = await manager.query(`SELECT count(*)::int AS left FROM report WHERE case_id = $1`, [from.id]);
    if (left > 0) return false;
    await this.moveOpenReferrals(manager, from, into, actor);
    const [{ reports, referrals }] = await manager.query(
      `SELECT (SELECT count(*)::int FROM report WHERE case_id = $1) AS reports,
              (SELECT count(*)::int FROM referral WHERE case_id = $1 AND status IN ('SENT','ACKNOWLEDGED','ACCEPTED','IN_PROGRESS')) AS referrals`,
      [from.id],
    );
    if (reports > 0 || referrals > 0) return false;
    const now = this.clock.now();
    const note = `Duplicate: its report was linked to case ${into.caseNumber}`;
    const previous = from.status;
    await manager.query(
      `UPDATE protection_case SET status = 'CLOSED', closed_at = $2, closure_reason = 'OTHER', closure_note = $3, updated_at = now(), version = version + 1 WHERE id = $1`,
      [from.id, now, note],
    );
    const closed = { ...from, status: CaseStatus.CLOSED };
    await this.timeline.append(manager, {
      caseId: from.id,
      type: 'CLOSED',
      actor,
      before: { status: previous },
      after: { status: CaseStatus.CLOSED, closureReason: ClosureReason.OTHER, closureNote: note, mergedInto: into.id },
    });
    await this.audit.record(
      {
        actor,
        action: 'CASE_CLOSED_AS_DUPLICATE',
        subjectType: 'CASE',
        subjectId: from.id,
        provinceCode: from.provinceCode,
        communeCode: from.communeCode,
        before: { status: previous },
        after: { status: CaseStatus.CLOSED, mergedInto: into.id },
        meta,
      },
      manager,
    );
    await this.outbox.append(
      manager,
      caseEvent(CaseEventType.STATUS_CHANGED, { ...caseRef(closed, actor.id, now), from: previous, to: CaseStatus.CLOSED, transition: 'CLOSE' }),
      caseEvent(CaseEventType.CLOSED, { ...caseRef(closed, actor.id, now), from: previous, closureReason: ClosureReason.OTHER }),
    );
    return true;
  }

  /** Takes a report out of its case into a new case of its own (a wrong duplicate link). */
  async unlinkReport(actor: Principal, reportId: string, dto: UnlinkReportDto, meta: RequestMeta) {
    const [peek] = await this.dataSource.query(`SELECT province_code, received_at FROM report WHERE id = $1`, [reportId]);
    if (!peek) throw new NotFoundError('REPORT_NOT_FOUND', { reportId });
    const caseNumber = await this.opening.allocateCaseNumber(peek.province_code, new Date(peek.received_at));
    return this.dataSource.transaction(async (manager) => {
      const report = await this.loadReportForChange(manager, actor, reportId);
      const [from] = await this.lockCases(manager, [report.case_id]);
      const [{ count }] = await manager.query(`SELECT count(*)::int AS count FROM report WHERE case_id = $1`, [from.id]);
      if (count < 2) throw new ConflictError('ONLY_REPORT_OF_CASE');
      const to = await this.opening.insertCase(manager, {
        caseNumber,
        riskLevel: from.riskLevel,
        immediateDanger: report.immediate_danger,
        abuseTypes: report.abuse_types,
        location: { provinceCode: report.province_code, communeCode: report.commune_code, address: report.address },
        openedAt: new Date(report.received_at),
      });
      await this.timeline.append(manager, { caseId: to.id, type: 'CASE_OPENED', actor, after: { caseNumber, reason: 'unlinked from ' + from.caseNumber, reportId } });
      await this.moveReport(manager, reportId, from, to, actor, dto.reason, meta, 'REPORT_UNLINKED');
      // A case of its own, like one opened at intake: its assessment deadline runs from the report's receipt
      // and a child in danger is routed at once.
      await this.outbox.append(manager, {
        type: INTAKE_EVENTS.CASE_OPENED,
        aggregateType: 'CASE',
        aggregateId: to.id,
        payload: {
          caseId: to.id,
          caseNumber,
          reportId,
          riskLevel: to.riskLevel,
          immediateDanger: to.immediateDanger,
          abuseTypes: to.abuseTypes,
          provinceCode: to.provinceCode,
          communeCode: to.communeCode,
          openedAt: new Date(report.received_at).toISOString(),
        },
      });
      return { reportId, caseId: to.id, caseNumber, previousCaseId: from.id };
    });
  }

  /** National triage: open cases with no province, worked by national 111 operators and national supervisors. */
  async triageQueue(actor: Principal, meta: RequestMeta | null) {
    if (actor.jurisdictionLevel !== JurisdictionLevel.NATIONAL) throw new ForbiddenError('TRIAGE_NATIONAL_ONLY');
    const rows = await this.dataSource.query(
      `SELECT c.id, c.case_number, c.status, c.risk_level, c.immediate_danger, c.opened_at, c.address FROM protection_case c
        WHERE c.province_code IS NULL AND c.status <> 'CLOSED'
        ORDER BY c.immediate_danger DESC, CASE c.risk_level WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END, c.opened_at LIMIT 200`,
    );
    // The queue shows where each child is (the address): a read of each case's personal data.
    await this.auditReads(
      actor,
      'TRIAGE_QUEUE_READ',
      rows.map((r: Record<string, unknown>) => String(r.id)),
      null,
      meta,
    );
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        caseId: r.id,
        caseNumber: r.case_number,
        status: r.status,
        riskLevel: r.risk_level,
        immediateDanger: r.immediate_danger,
        openedAt: r.opened_at,
        address: r.address,
      })),
    };
  }

  /** Places a triage case in its province/commune so the local workers see it. */
  async setTriageLocation(actor: Principal, caseId: string, dto: TriageLocationDto, meta: RequestMeta) {
    if (actor.jurisdictionLevel !== JurisdictionLevel.NATIONAL) throw new ForbiddenError('TRIAGE_PLACE_NATIONAL_ONLY');
    if (!dto.provinceCode && !dto.communeCode) throw new BadRequestError('TRIAGE_PLACE_REQUIRED');
    const location = await this.resolveLocation({ location: dto }, null);
    return this.dataSource.transaction(async (manager) => {
      const [c] = await this.lockCases(manager, [caseId]);
      if (!c) throw new NotFoundError('CASE_ID_NOT_FOUND', { caseId });
      if (c.provinceCode)
        throw new ConflictError('CASE_ALREADY_PLACED', { caseNumber: c.caseNumber, provinceCode: c.provinceCode, provinceName: provinceName(c.provinceCode) ?? c.provinceCode });
      const before = { provinceCode: c.provinceCode, communeCode: c.communeCode, address: c.address };
      c.provinceCode = location.provinceCode;
      c.communeCode = location.communeCode;
      c.address = location.address ?? c.address;
      await manager.getRepository(Case).save(c);
      const after = { provinceCode: c.provinceCode, communeCode: c.communeCode, address: c.address, reason: dto.reason };
      await this.timeline.append(manager, { caseId: c.id, type: 'LOCATION_SET', actor, before, after });
      await this.audit.record(
        { actor, action: 'CASE_LOCATION_SET', subjectType: 'CASE', subjectId: c.id, provinceCode: c.provinceCode, communeCode: c.communeCode, before, after, meta },
        manager,
      );
      await this.outbox.append(manager, {
        type: INTAKE_EVENTS.CASE_LOCATION_SET,
        aggregateType: 'CASE',
        aggregateId: c.id,
        payload: { caseId: c.id, caseNumber: c.caseNumber, immediateDanger: c.immediateDanger, riskLevel: c.riskLevel, provinceCode: c.provinceCode, communeCode: c.communeCode },
      });
      return { caseId: c.id, caseNumber: c.caseNumber, provinceCode: c.provinceCode, communeCode: c.communeCode };
    });
  }

  /** Calls of one day (Vietnam time) logged by the operator. */
  async callsOfDay(operator: Principal, date?: string) {
    const day = date ?? new Date(this.clock.now().getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    const start = new Date(`${day}T00:00:00+07:00`);
    const end = new Date(start.getTime() + 86400_000);
    const rows = await this.dataSource.query(
      `SELECT h.id, h.call_type, h.channel, h.caller_phone, h.started_at, h.ended_at, h.risk_flagged, h.report_id, c.id AS case_id, c.case_number
         FROM hotline_call h LEFT JOIN report r ON r.id = h.report_id LEFT JOIN protection_case c ON c.id = r.case_id
        WHERE h.operator_id = $1 AND h.started_at >= $2 AND h.started_at < $3 ORDER BY h.started_at DESC`,
      [operator.id, start, end],
    );
    return {
      date: day,
      items: rows.map((r: Record<string, unknown>) => ({
        callId: r.id,
        callType: r.call_type,
        channel: r.channel,
        callerPhone: r.caller_phone,
        startedAt: r.started_at,
        endedAt: r.ended_at,
        riskFlagged: r.risk_flagged,
        reportId: r.report_id,
        caseId: r.case_id,
        caseNumber: r.case_number,
      })),
    };
  }

  // ---- helpers

  /** The stored answer of a call that opened a case, with its suggestions read again (the key does not keep them). */
  private async replayCall(
    claim: IdempotencyClaim,
    stored: { requestHash: string; status: number; response: unknown },
    suggest: (openedCaseId: string) => Promise<CallResult['duplicates']>,
  ): Promise<IdempotentResult<CallResult>> {
    const replayed = this.idempotency.replay<CallResult>(claim, stored);
    if (!replayed.body.caseId || replayed.body.linked) return replayed;
    return { ...replayed, body: { ...replayed.body, duplicates: await suggest(replayed.body.caseId) } };
  }

  private async suggest(
    manager: EntityManager,
    operator: Principal,
    report: ReportDto,
    location: ResolvedLocation,
    callerPhone: string | null,
    receivedAt: Date,
    exclude?: string,
  ) {
    const found = await this.duplicates.find(
      manager,
      { children: report.children, reporterPhone: report.reporter?.phone ?? null, callerPhone, ...location, receivedAt, scope: duplicateScope(operator) },
      exclude,
    );
    return found.map((d) => ({ ...d, explanation: explainReasons(d.reasons) }));
  }

  /**
   * Checks the location against the official list; derives the province of a commune. A provincial operator's
   * report without a province belongs to that province; one about another province is refused with a hint.
   */
  private async resolveLocation(report: Pick<ReportDto, 'location'>, operator: Principal | null): Promise<ResolvedLocation> {
    let provinceCode = report.location?.provinceCode ?? null;
    const communeCode = report.location?.communeCode ?? null;
    const problem = await this.geography.checkLocation(provinceCode, communeCode);
    if (problem) throw new BadRequestError({ code: 'LOCATION_INVALID', text: problem });
    if (communeCode && !provinceCode) provinceCode = await this.geography.provinceOfCommune(communeCode);
    if (operator && operator.jurisdictionLevel !== JurisdictionLevel.NATIONAL) {
      if (!provinceCode) provinceCode = operator.provinceCode;
      else if (provinceCode !== operator.provinceCode) {
        throw new ForbiddenError('OUTSIDE_HOTLINE_PROVINCE', {
          provinceCode,
          operatorProvinceCode: operator.provinceCode,
          provinceName: provinceName(provinceCode) ?? provinceCode,
          operatorProvinceName: provinceName(operator.provinceCode) ?? operator.provinceCode,
        });
      }
    }
    const address = report.location?.address ? normaliseFreeText(report.location.address) : null;
    return { provinceCode, communeCode, address };
  }

  private async assertOperatorMayLink(operator: Principal, caseId: string): Promise<void> {
    const c = await this.dataSource.getRepository(Case).findOneBy({ id: caseId });
    const visible = c && (operator.jurisdictionLevel === JurisdictionLevel.NATIONAL || !c.provinceCode || c.provinceCode === operator.provinceCode);
    if (!c || !visible) throw new BadRequestError('LINK_CASE_NOT_VISIBLE', { caseId });
    if (c.status === CaseStatus.CLOSED) throw new ConflictError('LINK_CASE_CLOSED', { caseNumber: c.caseNumber });
  }

  private async loadReportForChange(manager: EntityManager, actor: Principal, reportId: string) {
    const [report] = await manager.query(`SELECT * FROM report WHERE id = $1 FOR UPDATE`, [reportId]);
    if (!report) throw new NotFoundError('REPORT_NOT_FOUND', { reportId });
    const [c] = await manager.query(`SELECT id, province_code, commune_code FROM protection_case WHERE id = $1`, [report.case_id]);
    await this.assertMayChangeCase(manager, actor, { id: c.id, provinceCode: c.province_code, communeCode: c.commune_code });
    return report;
  }

  private async assertMayChangeCase(manager: EntityManager, actor: Principal, c: Pick<Case, 'id' | 'provinceCode' | 'communeCode'>): Promise<void> {
    const allowed =
      actor.role === Role.HOTLINE_OPERATOR
        ? actor.jurisdictionLevel === JurisdictionLevel.NATIONAL || !c.provinceCode || c.provinceCode === actor.provinceCode
        : jurisdictionCovers(actor, c);
    if (!allowed) throw new NotFoundError('CASE_NOT_FOUND', { id: c.id });
    void manager;
  }

  /** Locks cases in a fixed order (by id) so two concurrent moves cannot deadlock. */
  private async lockCases(manager: EntityManager, ids: string[]): Promise<Case[]> {
    const sorted = [...new Set(ids)].sort();
    const locked = new Map<string, Case>();
    for (const id of sorted) {
      const c = await manager.getRepository(Case).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (c) locked.set(id, c);
    }
    return ids.map((id) => locked.get(id)!);
  }

  private async moveReport(manager: EntityManager, reportId: string, from: Case, to: Case, actor: Principal, reason: string, meta: RequestMeta, type: string) {
    await manager.query(`UPDATE report SET case_id = $2, link_kind = $3 WHERE id = $1`, [reportId, to.id, type === 'REPORT_LINKED' ? 'LINKED' : 'NEW_CASE']);
    await manager.query(`UPDATE case_person SET case_id = $2 WHERE report_id = $1`, [reportId, to.id]);
    await this.opening.refreshSearchText(manager, from.id);
    await this.opening.refreshSearchText(manager, to.id);
    const detail = { reportId, fromCase: from.caseNumber, toCase: to.caseNumber, reason };
    await this.timeline.append(
      manager,
      { caseId: from.id, type: type === 'REPORT_LINKED' ? 'REPORT_MOVED_OUT' : 'REPORT_UNLINKED', actor, after: detail },
      { caseId: to.id, type: type === 'REPORT_LINKED' ? 'REPORT_LINKED' : 'REPORT_MOVED_IN', actor, after: detail },
    );
    await this.audit.record(
      {
        actor,
        action: type,
        subjectType: 'REPORT',
        subjectId: reportId,
        provinceCode: to.provinceCode,
        communeCode: to.communeCode,
        before: { caseId: from.id },
        after: { caseId: to.id, reason },
        meta,
      },
      manager,
    );
  }
}
