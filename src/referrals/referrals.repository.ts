import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Case } from '../cases/case.entity';
import { CasePersonRole } from '../cases/enums';
import { Principal } from '../common/access/principal';
import { CaseAccessPolicy } from '../cases/case-access.policy';
import { Role } from '../identity/enums';
import { Relation, Sex } from '../intake/enums';
import { Agency } from './agency.entity';
import { CaseForAgencyInput, CaseReporterInput } from './agency-view.rules';
import { AgencyType, ReferralStatus } from './enums';
import { ChildFacts, ExistingReferral, OPEN_REFERRAL_STATUSES, ReferralChanges } from './referral-planning.rules';
import { ReferralEvent } from './referral-event.entity';
import { Referral } from './referral.entity';
import { ReferralHistoryItem, toRoutingRule } from './referral-view';
import { AGENCY_ROUTING_ORDER, AgencyCandidate, GeoLocation, RoutingReason, RoutingRule } from './routing.rules';
import { RoutingRuleVersion } from './routing-rule.entity';
import { RiskLevel } from '../cases/enums';

export interface NewReferral {
  caseId: string;
  agencyId: string;
  agencyType: AgencyType;
  riskLevel: RiskLevel;
  explanation: string;
  reason: string | null;
  ruleRefs: RoutingReason[];
  sourceEventId: string | null;
  createdBy: string | null;
  sentAt: Date;
}

export interface HistoryEntry {
  referralId: string;
  at: Date;
  type: string;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  actor: { id: string; username: string } | null;
  data?: Record<string, unknown> | null;
}

export interface InboxFilter {
  status?: ReferralStatus;
  risk?: RiskLevel;
  overdue?: boolean;
  caseId?: string;
  page: number;
  pageSize: number;
}

export interface InboxRow {
  referral: Referral;
  caseNumber: string;
  immediateDanger: boolean;
  provinceCode: string | null;
  communeCode: string | null;
  agencyName: string;
}

/** The rows of a routing batch (routing sends with no actor, so actor columns stay empty). */
export interface RoutedWrites {
  referrals: {
    id: string;
    caseId: string;
    agencyId: string;
    agencyType: AgencyType;
    riskLevel: RiskLevel;
    explanation: string;
    ruleRefs: RoutingReason[];
    sourceEventId: string;
    sentAt: Date;
  }[];
  history: { referralId: string; at: Date; type: string; toStatus: ReferralStatus; data: Record<string, unknown> }[];
  timeline: { caseId: string; at: Date; type: string; after: Record<string, unknown> }[];
  audit: { at: Date; action: string; subjectType: string; subjectId: string; provinceCode: string | null; communeCode: string | null; after: Record<string, unknown> | null }[];
  outbox: { occurredAt: Date; type: string; aggregateType: string; aggregateId: string; payload: Record<string, unknown> }[];
}

/** Every SQL of referrals and routing rules; services never write queries themselves. */
@Injectable()
export class ReferralsRepository {
  private deadlineTable = false;

  // ---------------------------------------------------------------------------------------------- rules

  async activeRules(manager: EntityManager): Promise<RoutingRule[]> {
    const rows = await manager.getRepository(RoutingRuleVersion).find({ where: { active: true }, order: { number: 'ASC' } });
    return rows.map(toRoutingRule);
  }

  // ---------------------------------------------------------------------------------------------- cases

  /** The case, locked when routing or a worker is about to refer it (so the two never race). */
  findCase(manager: EntityManager, id: string, lock = false): Promise<Case | null> {
    return manager.getRepository(Case).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /**
   * The cases routing is about to refer, locked (as findCase with lock) in id order, so two batches that share
   * cases wait for each other instead of deadlocking.
   */
  async lockCases(manager: EntityManager, ids: string[]): Promise<Map<string, Case>> {
    if (ids.length === 0) return new Map();
    const rows = await manager
      .getRepository(Case)
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids: [...new Set(ids)] })
      .orderBy('c.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
    return new Map(rows.map((c) => [c.id, c]));
  }

  /** The children of each case, as childFacts reads them for one. */
  async childFactsOfCases(manager: EntityManager, caseIds: string[]): Promise<Map<string, ChildFacts[]>> {
    const byCase = new Map<string, ChildFacts[]>();
    if (caseIds.length === 0) return byCase;
    const rows: { case_id: string; birth_year: number | null; has_disability: boolean | null; in_school: boolean | null }[] = await manager.query(
      `SELECT cp.case_id, p.birth_year, p.has_disability, p.in_school FROM case_person cp JOIN person p ON p.id = cp.person_id
        WHERE cp.case_id = ANY($1::uuid[]) AND cp.role = $2 ORDER BY cp.case_id, p.created_at, p.id`,
      [[...new Set(caseIds)], CasePersonRole.CHILD],
    );
    for (const r of rows) {
      const list = byCase.get(r.case_id) ?? [];
      list.push({ birthYear: r.birth_year, hasDisability: r.has_disability, inSchool: r.in_school });
      byCase.set(r.case_id, list);
    }
    return byCase;
  }

  /** The case as the agency view is built from it: persons, narratives of every report, the case worker. */
  async caseForAgency(manager: EntityManager, c: Case): Promise<CaseForAgencyInput & { reporters: CaseReporterInput[] }> {
    // One query at a time: the manager may be a transaction's.
    const persons: Record<string, unknown>[] = await manager.query(
      `SELECT cp.role, cp.relation_to_child, cp.consent_to_share_with_police, p.id, p.full_name, p.sex, p.birth_year, p.phone, p.description
         FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE cp.case_id = $1 ORDER BY p.created_at, p.id`,
      [c.id],
    );
    const reports: { narrative: string | null; reporter_anonymous: boolean; caller_phone: string | null }[] = await manager.query(
      `SELECT r.narrative, r.reporter_anonymous, h.caller_phone FROM report r LEFT JOIN hotline_call h ON h.id = r.call_id
        WHERE r.case_id = $1 ORDER BY r.received_at, r.id`,
      [c.id],
    );
    const assignee: Record<string, string | null>[] = c.assigneeId
      ? await manager.query(`SELECT username, full_name, phone, email FROM app_user WHERE id = $1`, [c.assigneeId])
      : [];
    const narratives = reports.map((r) => r.narrative).filter((n): n is string => !!n);
    const reporters: CaseReporterInput[] = persons
      .filter((p) => p.role === CasePersonRole.REPORTER)
      .map((p) => ({
        anonymous: false,
        name: (p.full_name as string | null) ?? null,
        phone: (p.phone as string | null) ?? null,
        relationToChild: (p.relation_to_child as Relation | null) ?? null,
        consentToShareWithPolice: p.consent_to_share_with_police === true,
      }));
    const a = assignee[0];
    return {
      id: c.id,
      caseNumber: c.caseNumber,
      status: c.status,
      riskLevel: c.riskLevel,
      immediateDanger: c.immediateDanger,
      abuseTypes: c.abuseTypes,
      narrative: narratives.length > 0 ? narratives.join('\n\n') : null,
      location: { provinceCode: c.provinceCode, communeCode: c.communeCode, address: c.address },
      children: persons
        .filter((p) => p.role === CasePersonRole.CHILD)
        .map((p) => ({
          id: p.id as string,
          fullName: (p.full_name as string | null) ?? null,
          birthYear: (p.birth_year as number | null) ?? null,
          age: null,
          sex: (p.sex as Sex | null) ?? Sex.UNKNOWN,
        })),
      reporter: reporters.find((r) => r.consentToShareWithPolice) ?? reporters[0] ?? null,
      reporters,
      callerPhones: [...new Set(reports.map((r) => r.caller_phone).filter((p): p is string => !!p))],
      anonymousReport: reports.some((r) => r.reporter_anonymous),
      assignee: a ? { username: a.username ?? undefined, fullName: a.full_name, phone: a.phone, email: a.email } : null,
    };
  }

  // ---------------------------------------------------------------------------------------------- agencies

  /** Active agencies of the types that could serve the location: its commune's, its province's, national ones. */
  async agencyCandidates(manager: EntityManager, types: AgencyType[], location: GeoLocation): Promise<AgencyCandidate[]> {
    if (types.length === 0) return [];
    const rows: { id: string; type: AgencyType; province_code: string | null; commune_code: string | null; active: boolean }[] = await manager.query(
      `SELECT id, type, province_code, commune_code, active FROM agency
        WHERE active AND type = ANY($1::text[])
          AND (commune_code = $2 OR (commune_code IS NULL AND (province_code = $3 OR province_code IS NULL)))`,
      [types, location.communeCode, location.provinceCode],
    );
    return rows.map((r) => ({ id: r.id, type: r.type, provinceCode: r.province_code, communeCode: r.commune_code, active: r.active }));
  }

  /**
   * Active agencies that could serve any of the locations (their communes', their provinces', national ones), with
   * their names; resolveAgencyByGeography picks each case's own among them.
   */
  async agencyCandidatesForPlaces(manager: EntityManager, types: AgencyType[], locations: GeoLocation[]): Promise<(AgencyCandidate & { name: string })[]> {
    if (types.length === 0 || locations.length === 0) return [];
    const communes = [...new Set(locations.map((l) => l.communeCode).filter((c): c is string => c !== null))];
    const provinces = [...new Set(locations.map((l) => l.provinceCode).filter((p): p is string => p !== null))];
    const rows: { id: string; type: AgencyType; province_code: string | null; commune_code: string | null; active: boolean; name: string }[] = await manager.query(
      `SELECT id, type, province_code, commune_code, active, name FROM agency
        WHERE active AND type = ANY($1::text[])
          AND (commune_code = ANY($2::text[]) OR (commune_code IS NULL AND (province_code = ANY($3::text[]) OR province_code IS NULL)))`,
      [types, communes, provinces],
    );
    return rows.map((r) => ({ id: r.id, type: r.type, provinceCode: r.province_code, communeCode: r.commune_code, active: r.active, name: r.name }));
  }

  findAgency(manager: EntityManager, id: string): Promise<Agency | null> {
    return manager.getRepository(Agency).findOneBy({ id });
  }

  async agencyName(manager: EntityManager, id: string): Promise<string> {
    const rows: { name: string }[] = await manager.query(`SELECT name FROM agency WHERE id = $1`, [id]);
    return rows[0]?.name ?? '';
  }

  // ---------------------------------------------------------------------------------------------- referrals

  async existingForCases(manager: EntityManager, caseIds: string[]): Promise<Map<string, ExistingReferral[]>> {
    const byCase = new Map<string, ExistingReferral[]>();
    if (caseIds.length === 0) return byCase;
    const rows: { case_id: string; agency_type: AgencyType; status: ReferralStatus; source_event_id: string | null }[] = await manager.query(
      `SELECT case_id, agency_type, status, source_event_id FROM referral WHERE case_id = ANY($1::uuid[])`,
      [[...new Set(caseIds)]],
    );
    for (const r of rows) {
      const list = byCase.get(r.case_id) ?? [];
      list.push({ agencyType: r.agency_type, status: r.status, sourceEventId: r.source_event_id === null ? null : String(r.source_event_id) });
      byCase.set(r.case_id, list);
    }
    return byCase;
  }

  findOpen(manager: EntityManager, caseId: string, agencyType: AgencyType): Promise<Referral | null> {
    return manager
      .getRepository(Referral)
      .createQueryBuilder('r')
      .where('r.case_id = :caseId AND r.agency_type = :agencyType', { caseId, agencyType })
      .andWhere('r.status IN (:...open)', { open: OPEN_REFERRAL_STATUSES })
      .getOne();
  }

  insert(manager: EntityManager, v: NewReferral): Promise<Referral> {
    return manager.getRepository(Referral).save({
      ...v,
      status: ReferralStatus.SENT,
      acknowledgedAt: null,
      acceptedAt: null,
      declinedAt: null,
      declineReason: null,
      startedAt: null,
      completedAt: null,
      outcomeCode: null,
      outcomeNote: null,
      cancelledAt: null,
      cancelReason: null,
    });
  }

  find(manager: EntityManager, id: string, lock = false): Promise<Referral | null> {
    return manager.getRepository(Referral).findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  /** Applies an action's changes and increases the version. */
  async update(manager: EntityManager, r: Referral, changes: ReferralChanges, at: Date): Promise<Referral> {
    const result = await manager
      .createQueryBuilder()
      .update(Referral)
      .set({ ...changes, updatedAt: at })
      .where('id = :id', { id: r.id })
      .returning(['version'])
      .execute();
    const version = Number((result.raw as { version: number }[])[0].version);
    return Object.assign(r, changes, { updatedAt: at, version });
  }

  async listForCase(manager: EntityManager, caseId: string): Promise<{ referral: Referral; agencyName: string }[]> {
    const referrals = await manager.getRepository(Referral).find({ where: { caseId } });
    // Oldest first; referrals sent together keep the routing order (the police first).
    const rank = (r: Referral) => AGENCY_ROUTING_ORDER.indexOf(r.agencyType);
    referrals.sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || rank(a) - rank(b) || a.id.localeCompare(b.id));
    const names = await this.agencyNames(
      manager,
      referrals.map((r) => r.agencyId),
    );
    return referrals.map((referral) => ({ referral, agencyName: names.get(referral.agencyId) ?? '' }));
  }

  /**
   * The inbox: an agency officer sees the referrals to their agency; workers and supervisors those of the
   * cases they may read. Critical first, then the newest.
   */
  async inbox(manager: EntityManager, principal: Principal, access: CaseAccessPolicy, f: InboxFilter): Promise<{ rows: InboxRow[]; total: number }> {
    if (f.overdue && !(await this.hasDeadlineTable(manager))) return { rows: [], total: 0 };
    const qb = manager.getRepository(Referral).createQueryBuilder('r').innerJoin(Case, 'c', 'c.id = r.case_id').innerJoin(Agency, 'a', 'a.id = r.agency_id');
    if (principal.role === Role.AGENCY_OFFICER) {
      if (!principal.agencyId) return { rows: [], total: 0 };
      qb.where('r.agency_id = :agencyId', { agencyId: principal.agencyId });
    } else {
      access.scope(qb, principal, 'c');
    }
    if (f.status) qb.andWhere('r.status = :status', { status: f.status });
    if (f.risk) qb.andWhere('r.risk_level = :risk', { risk: f.risk });
    if (f.caseId) qb.andWhere('r.case_id = :caseId', { caseId: f.caseId });
    if (f.overdue) {
      qb.andWhere(`EXISTS (SELECT 1 FROM deadline d WHERE d.subject_type = 'REFERRAL' AND d.subject_id = r.id AND d.status = 'OVERDUE')`);
    }
    const total = await qb.getCount();
    const raw: Record<string, unknown>[] = await qb
      .select('r.id', 'id')
      .addSelect('c.case_number', 'case_number')
      .addSelect('c.immediate_danger', 'immediate_danger')
      .addSelect('c.province_code', 'province_code')
      .addSelect('c.commune_code', 'commune_code')
      .addSelect('a.name', 'agency_name')
      .orderBy(`CASE WHEN r.risk_level = 'CRITICAL' THEN 0 ELSE 1 END`, 'ASC')
      .addOrderBy('r.sent_at', 'DESC')
      .addOrderBy('r.id', 'ASC')
      .offset((f.page - 1) * f.pageSize)
      .limit(f.pageSize)
      .getRawMany();
    if (raw.length === 0) return { rows: [], total };
    const referrals = await manager
      .getRepository(Referral)
      .createQueryBuilder('r')
      .whereInIds(raw.map((x) => x.id))
      .getMany();
    const byId = new Map(referrals.map((r) => [r.id, r]));
    return {
      rows: raw.map((x) => ({
        referral: byId.get(x.id as string)!,
        caseNumber: x.case_number as string,
        immediateDanger: x.immediate_danger === true,
        provinceCode: (x.province_code as string | null) ?? null,
        communeCode: (x.commune_code as string | null) ?? null,
        agencyName: (x.agency_name as string) ?? '',
      })),
      total,
    };
  }

  /** The escalation level of each referral with an overdue deadline (referrals not listed are on time). */
  async overdueLevels(manager: EntityManager, referralIds: string[]): Promise<Map<string, number>> {
    if (referralIds.length === 0) return new Map();
    const rows: { id: string; level: number }[] = await manager.query(
      `SELECT subject_id AS id, max(escalation_level)::int AS level FROM deadline
        WHERE subject_type = 'REFERRAL' AND subject_id = ANY($1::uuid[]) AND status = 'OVERDUE' GROUP BY subject_id`,
      [referralIds],
    );
    return new Map(rows.map((r) => [r.id, r.level]));
  }

  /** Of the (case, agency type, event) gaps given, those already reported (keys `case|type|event`). */
  async noAgencyRecordedAmong(manager: EntityManager, gaps: { caseId: string; agencyType: AgencyType; sourceEventId: string }[]): Promise<Set<string>> {
    if (gaps.length === 0) return new Set();
    const rows: { case_id: string; agency_type: string; source_event_id: string }[] = await manager.query(
      `SELECT case_id, after->>'agencyType' AS agency_type, after->>'sourceEventId' AS source_event_id FROM case_event
        WHERE case_id = ANY($1::uuid[]) AND type = 'ROUTING_NO_AGENCY' AND after->>'sourceEventId' = ANY($2::text[])`,
      [[...new Set(gaps.map((g) => g.caseId))], [...new Set(gaps.map((g) => g.sourceEventId))]],
    );
    return new Set(rows.map((r) => `${r.case_id}|${r.agency_type}|${r.source_event_id}`));
  }

  /**
   * Everything a routing batch writes, in one statement: the referrals, their history, the case timeline, the
   * audit rows and the outbox events, each list inserted in its order (timeline and outbox ids follow it).
   */
  async writeRouted(manager: EntityManager, w: RoutedWrites): Promise<void> {
    if (w.referrals.length === 0 && w.timeline.length === 0 && w.audit.length === 0 && w.outbox.length === 0) return;
    await manager.query(
      `WITH r AS (
         INSERT INTO referral (id, case_id, agency_id, agency_type, status, risk_level, explanation, reason, rule_refs, source_event_id, created_by, sent_at, version)
         SELECT (v->>'id')::uuid, (v->>'caseId')::uuid, (v->>'agencyId')::uuid, v->>'agencyType', '${ReferralStatus.SENT}', v->>'riskLevel', v->>'explanation',
                NULL, v->'ruleRefs', (v->>'sourceEventId')::bigint, NULL, (v->>'sentAt')::timestamptz, 1
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(v, n) ORDER BY n
       ), h AS (
         INSERT INTO referral_event (referral_id, at, type, from_status, to_status, actor_id, actor_username, data)
         SELECT (v->>'referralId')::uuid, (v->>'at')::timestamptz, v->>'type', NULL, v->>'toStatus', NULL, NULL, v->'data'
           FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS x(v, n) ORDER BY n
       ), t AS (
         INSERT INTO case_event (case_id, at, type, actor_id, actor_username, before, after)
         SELECT (v->>'caseId')::uuid, (v->>'at')::timestamptz, v->>'type', NULL, NULL, NULL, v->'after'
           FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS x(v, n) ORDER BY n
       ), a AS (
         INSERT INTO audit_log (at, actor_id, actor_username, actor_role, action, subject_type, subject_id, province_code, commune_code, before, after, request_id, ip)
         SELECT (v->>'at')::timestamptz, NULL, NULL, NULL, v->>'action', v->>'subjectType', v->>'subjectId', v->>'provinceCode', v->>'communeCode', NULL, v->'after', NULL, NULL
           FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS x(v, n) ORDER BY n
       )
       INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload)
       SELECT (v->>'occurredAt')::timestamptz, v->>'type', v->>'aggregateType', v->>'aggregateId', v->'payload'
         FROM jsonb_array_elements($5::jsonb) WITH ORDINALITY AS x(v, n) ORDER BY n`,
      [JSON.stringify(w.referrals), JSON.stringify(w.history), JSON.stringify(w.timeline), JSON.stringify(w.audit), JSON.stringify(w.outbox)],
    );
  }

  // ---------------------------------------------------------------------------------------------- history

  async appendHistory(manager: EntityManager, e: HistoryEntry): Promise<void> {
    await manager.query(`INSERT INTO referral_event (referral_id, at, type, from_status, to_status, actor_id, actor_username, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      e.referralId,
      e.at,
      e.type,
      e.fromStatus,
      e.toStatus,
      e.actor?.id ?? null,
      e.actor?.username ?? null,
      e.data ? JSON.stringify(e.data) : null,
    ]);
  }

  async history(manager: EntityManager, referralId: string): Promise<ReferralHistoryItem[]> {
    const rows = await manager.getRepository(ReferralEvent).find({ where: { referralId }, order: { at: 'ASC', id: 'ASC' } });
    return rows.map((e) => ({ at: e.at, type: e.type, from: e.fromStatus, to: e.toStatus, actor: e.actorUsername, data: e.data }));
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private async agencyNames(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM agency WHERE id = ANY($1::uuid[])`, [unique]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The deadlines feature owns the `deadline` table; until it exists, nothing can be overdue. */
  private async hasDeadlineTable(manager: EntityManager): Promise<boolean> {
    if (this.deadlineTable) return true;
    const [row] = await manager.query(`SELECT to_regclass('deadline') IS NOT NULL AS present`);
    this.deadlineTable = row?.present === true;
    return this.deadlineTable;
  }
}
