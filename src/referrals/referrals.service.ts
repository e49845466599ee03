import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Case } from '../cases/case.entity';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { CaseStatus } from '../cases/enums';
import { CasesService } from '../cases/cases.service';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { Page } from '../common/http/pagination';
import { Role } from '../identity/enums';
import { AgencyCaseView, explanationForAgencyInbox, FreeTextRedaction, freeTextRedaction, redactCaseForAgency, redactFreeText } from './agency-view.rules';
import { AgencyType } from './enums';
import { decideReferralAction, ReferralAction, ReferralSide } from './referral-lifecycle.rules';
import {
  ACTION_EVENT,
  expectedReferralVersion,
  manualExplanation,
  reasonProblem,
  referralChanges,
  ReferralActionInput,
  referralVersionConflict,
  refuseCaseSideWork,
} from './referral-planning.rules';
import { vietnamYear } from '../common/vietnam-time';
import { Referral } from './referral.entity';
import { ReferralDetail, referralDetail, ReferralSummary, referralSummary } from './referral-view';
import { ReferralWriter } from './referral-writer';
import { ReferralsRepository } from './referrals.repository';
import { resolveAgencyByGeography } from './routing.rules';
import { AddReferralDto, ReferralActionBody, ReferralQueryDto } from './dto/referral.dto';

/** The referral as its reader may see it: agency officers get the redacted case with it. */
export type ReferralReadView = ReferralDetail & { case?: AgencyCaseView };

/** Referral use cases of the API: refer by hand, the lifecycle actions, the agency inbox and reads. */
@Injectable()
export class ReferralsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReferralsRepository,
    private readonly writer: ReferralWriter,
    private readonly cases: CasesService,
    private readonly access: CaseAccessPolicy,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  // ---------------------------------------------------------------------------------------------- case side

  /** The referrals of a case the caller may read, with their state (for the case page). */
  async listForCase(principal: Principal, caseId: string): Promise<{ items: ReferralSummary[] }> {
    const manager = this.dataSource.manager;
    const c = await this.cases.findReadable(manager, principal, caseId);
    const rows = await this.repo.listForCase(manager, c.id);
    const overdue = await this.repo.overdueLevels(
      manager,
      rows.map((r) => r.referral.id),
    );
    return { items: rows.map(({ referral, agencyName }) => referralSummary(referral, c, agencyName, 'CASE', overdue.get(referral.id) ?? null)) };
  }

  /**
   * A worker refers the case by hand (also to re-route after a decline): to the agency named, or to the one
   * serving the child's location.
   */
  async addToCase(principal: Principal, caseId: string, dto: AddReferralDto, meta: RequestMeta): Promise<ReferralDetail> {
    const problem = reasonProblem(dto.reason);
    if (problem) throw new BadRequestError({ code: 'REFERRAL_INVALID', text: problem });
    return this.dataSource.transaction(async (manager) => {
      const c = await this.cases.findReadable(manager, principal, caseId, true);
      const refusal = refuseCaseSideWork(principal, c, 'refer the case');
      if (refusal) throw new ForbiddenError({ code: 'CASE_WORK_FORBIDDEN', text: refusal });
      if (c.status === CaseStatus.CLOSED) throw new ConflictError('CASE_CLOSED_NO_REFERRAL', { caseNumber: c.caseNumber });
      const open = await this.repo.findOpen(manager, c.id, dto.agencyType);
      if (open) {
        throw new ConflictError('REFERRAL_ALREADY_OPEN', { caseNumber: c.caseNumber, agencyType: dto.agencyType, referralId: open.id, status: open.status });
      }
      const agency = await this.chooseAgency(manager, c, dto.agencyType, dto.agencyId);
      const referral = await this.writer.send(manager, {
        caseFacts: c,
        agency: { id: agency.id, type: dto.agencyType, name: agency.name },
        explanation: manualExplanation(dto.agencyType, dto.reason, principal.username),
        reason: dto.reason.trim(),
        ruleRefs: [],
        sourceEventId: null,
        actor: principal,
        meta,
      });
      return referralDetail(referral, c, agency.name, 'CASE', await this.repo.history(manager, referral.id));
    });
  }

  private async chooseAgency(manager: EntityManager, c: Case, type: AgencyType, agencyId: string | undefined): Promise<{ id: string; name: string }> {
    if (agencyId) {
      const agency = await this.repo.findAgency(manager, agencyId);
      if (!agency) throw new BadRequestError('AGENCY_UNKNOWN', { agencyId });
      if (agency.type !== type) throw new BadRequestError('AGENCY_WRONG_TYPE', { agency: agency.name, agencyType: agency.type, expected: type });
      if (!agency.active) throw new BadRequestError('AGENCY_INACTIVE', { agency: agency.name });
      return agency;
    }
    const location = { provinceCode: c.provinceCode, communeCode: c.communeCode };
    const resolved = resolveAgencyByGeography(type, location, await this.repo.agencyCandidates(manager, [type], location));
    if (!resolved) {
      const place = c.communeCode ? `commune ${c.communeCode} or province ${c.provinceCode}` : c.provinceCode ? `province ${c.provinceCode}` : 'an unknown place';
      throw new BadRequestError('NO_AGENCY_SERVES_PLACE', { agencyType: type, place });
    }
    const agency = (await this.repo.findAgency(manager, resolved.agencyId))!;
    return agency;
  }

  // ---------------------------------------------------------------------------------------------- lifecycle

  async act(principal: Principal, id: string, action: ReferralAction, body: ReferralActionBody, ifMatch: string | undefined, meta: RequestMeta): Promise<ReferralDetail> {
    const expected = expectedReferralVersion(body.expectedVersion, ifMatch);
    if (expected.problem) throw new BadRequestError({ code: 'EXPECTED_VERSION_BAD', text: expected.problem });
    return this.dataSource.transaction(async (manager) => {
      const { referral, caseRow, side } = await this.loadVisible(manager, principal, id, true);
      if (side === 'CASE') {
        const refusal = refuseCaseSideWork(principal, caseRow, `${action} a referral`);
        if (refusal) throw new ForbiddenError({ code: 'CASE_WORK_FORBIDDEN', text: refusal });
      }
      const conflict = referralVersionConflict(referral.version, expected.version);
      if (conflict) throw new ConflictError({ code: 'VERSION_CONFLICT', text: conflict });
      const input: ReferralActionInput = { reason: body.reason, outcome: body.outcome };
      const decision = decideReferralAction(referral.status, action, side, input, referral.agencyType);
      if (!decision.ok) {
        if (decision.code === 'FORBIDDEN') throw new ForbiddenError({ code: 'REFERRAL_ACTION_FORBIDDEN', text: decision.message });
        if (decision.code === 'ILLEGAL_TRANSITION') throw new ConflictError({ code: 'REFERRAL_TRANSITION_NOT_ALLOWED', text: decision.message });
        throw new BadRequestError({ code: 'REFERRAL_ACTION_INVALID', text: decision.message });
      }
      const now = this.clock.now();
      const from = referral.status;
      const { changes, acknowledgedImplicitly } = referralChanges(action, decision.to, referral, input, now);
      const updated = await this.repo.update(manager, referral, changes, now);
      await this.writer.change(manager, {
        referral: updated,
        from,
        caseFacts: caseRow,
        type: ACTION_EVENT[action],
        actor: principal,
        data: actionData(action, updated, acknowledgedImplicitly),
        meta,
      });
      const agencyName = await this.repo.agencyName(manager, updated.agencyId);
      const detail = referralDetail(updated, caseRow, agencyName, side, await this.repo.history(manager, updated.id));
      if (side === 'CASE') return detail;
      return redactDetailForAgency(detail, freeTextRedaction(await this.repo.caseForAgency(manager, caseRow), updated.agencyType));
    });
  }

  // ---------------------------------------------------------------------------------------------- reads

  async inbox(principal: Principal, query: ReferralQueryDto): Promise<Page<ReferralSummary>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const side = sideOf(principal);
    const { rows, total } = await this.repo.inbox(this.dataSource.manager, principal, this.access, {
      status: query.status,
      risk: query.risk,
      overdue: query.overdue === 'true',
      caseId: query.caseId,
      page,
      pageSize,
    });
    const overdue = await this.repo.overdueLevels(
      this.dataSource.manager,
      rows.map((r) => r.referral.id),
    );
    const items = rows.map((row) => {
      const summary = referralSummary(row.referral, row, row.agencyName, side, overdue.get(row.referral.id) ?? null);
      return side === 'AGENCY' ? { ...summary, explanation: explanationForAgencyInbox(summary.explanation, summary.routed) } : summary;
    });
    return { items, page, pageSize, total };
  }

  /**
   * One referral. The receiving agency gets the case as it may see it (redactCaseForAgency), and that read
   * of the case's personal data is audited; the case side gets the referral alone.
   */
  async get(principal: Principal, id: string, meta: RequestMeta): Promise<ReferralReadView> {
    const manager = this.dataSource.manager;
    const { referral, caseRow, side } = await this.loadVisible(manager, principal, id, false);
    const agencyName = await this.repo.agencyName(manager, referral.agencyId);
    const history = await this.repo.history(manager, referral.id);
    const overdue = await this.repo.overdueLevels(manager, [referral.id]);
    const detail = referralDetail(referral, caseRow, agencyName, side, history, overdue.get(referral.id) ?? null);
    if (side === 'CASE') return detail;
    const input = await this.repo.caseForAgency(manager, caseRow);
    const options = { currentYear: vietnamYear(this.clock.now()) };
    const view = redactCaseForAgency(input, referral.agencyType, options);
    const agencyDetail = redactDetailForAgency(detail, freeTextRedaction(input, referral.agencyType));
    await this.audit.record(
      {
        actor: principal,
        action: 'REFERRAL_CASE_DATA_READ',
        subjectType: 'REFERRAL',
        subjectId: referral.id,
        provinceCode: caseRow.provinceCode,
        communeCode: caseRow.communeCode,
        after: { caseId: caseRow.id, agencyId: referral.agencyId, reporterShared: view.reporter !== null },
        meta,
      },
      manager,
    );
    return { ...agencyDetail, case: view };
  }

  /**
   * The referral and its case, or 404: an agency officer sees only referrals to their own agency, a worker or
   * supervisor only those of cases they may read. Existence is never revealed to anyone else.
   */
  private async loadVisible(manager: EntityManager, principal: Principal, id: string, lock: boolean): Promise<{ referral: Referral; caseRow: Case; side: ReferralSide }> {
    const notFound = () => new NotFoundError('REFERRAL_NOT_FOUND', { id });
    const referral = await this.repo.find(manager, id, lock);
    if (!referral) throw notFound();
    const side = sideOf(principal);
    if (side === 'AGENCY') {
      if (!principal.agencyId || referral.agencyId !== principal.agencyId) throw notFound();
      const caseRow = await this.repo.findCase(manager, referral.caseId);
      if (!caseRow) throw notFound();
      return { referral, caseRow, side };
    }
    try {
      const caseRow = await this.cases.findReadable(manager, principal, referral.caseId);
      return { referral, caseRow, side };
    } catch (error) {
      if (error instanceof NotFoundError) throw notFound();
      throw error;
    }
  }
}

/** What the case side typed about the referral (reasons, notes) may name the same people as the narrative. */
function redactDetailForAgency(detail: ReferralDetail, text: FreeTextRedaction): ReferralDetail {
  return {
    ...detail,
    explanation: redactFreeText(detail.explanation, text) ?? '',
    reason: redactFreeText(detail.reason, text),
    declineReason: redactFreeText(detail.declineReason, text),
    cancelReason: redactFreeText(detail.cancelReason, text),
    outcome: detail.outcome ? { code: detail.outcome.code, note: redactFreeText(detail.outcome.note, text) } : null,
    history: detail.history.map((h) => ({ ...h, data: redactData(h.data, text) })),
  };
}

/** String values of a history entry's data (reasons, notes) redacted for the agency; codes and ids unchanged. */
function redactData(data: Record<string, unknown> | null, text: FreeTextRedaction): Record<string, unknown> | null {
  if (!data) return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? redactFreeText(v, text) : v]));
}

function sideOf(principal: Principal): ReferralSide {
  return principal.role === Role.AGENCY_OFFICER ? 'AGENCY' : 'CASE';
}

/** What each action adds to its event, history, timeline and audit row. */
function actionData(action: ReferralAction, r: Referral, acknowledgedImplicitly: boolean): Record<string, unknown> {
  switch (action) {
    case 'accept':
      return { acknowledgedImplicitly };
    case 'decline':
      return { reason: r.declineReason, acknowledgedImplicitly };
    case 'complete':
      return { outcomeCode: r.outcomeCode, outcomeNote: r.outcomeNote };
    case 'cancel':
      return { reason: r.cancelReason };
    default:
      return {};
  }
}
