import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { BadRequestError, ConflictError, NotFoundError } from '../common/errors';
import { Principal } from '../common/access/principal';
import { RequestMeta } from '../common/access/current-user.decorator';
import { vietnamYear } from '../common/vietnam-time';
import { AuditService } from '../audit/audit.service';
import { CasesService } from '../cases/cases.service';
import { CasePersonRole } from '../cases/enums';
import { ConsentRecord } from './consent-record.entity';
import { DisclosureRecord } from './disclosure-record.entity';
import { ageFromBirthYear, missingConsents } from './consent.rules';
import { ConsentDto, DisclosureDto } from './dto/privacy.dto';
import { BREACH_NOTIFICATION_POLICY, RetentionService } from './retention.service';
import { durationToMs, parseIsoDuration } from '../deadlines/iso-duration.rules';
import { toCsv } from '../supervision/csv.rules';

/** Reads of a case's personal data, as the audit log names them; what a breach notice must list. */
const CASE_READ_ACTIONS = ['CASE_PERSONAL_DATA_READ', 'CASE_LOOKUP_READ', 'REFERRAL_CASE_DATA_READ', 'CASE_FORM_DOWNLOADED', 'DATA_SUBJECT_EXPORT'];

/**
 * Personal Data Protection Law 91/2025 and Decree 356/2025 for the people in our cases: consent per disclosure,
 * the disclosure check, a data-subject export for the legal representative, and the breach report of who read
 * which cases. Every step is audited.
 */
@Injectable()
export class PrivacyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly retention: RetentionService,
  ) {}

  private async childOf(caseId: string, personId: string): Promise<{ birth_year: number | null }> {
    const [row] = await this.dataSource.query(
      `SELECT p.birth_year FROM case_person cp JOIN person p ON p.id = cp.person_id WHERE cp.case_id = $1 AND cp.person_id = $2 AND cp.role = $3`,
      [caseId, personId, CasePersonRole.CHILD],
    );
    if (!row) throw new BadRequestError('CONSENT_PERSON_NOT_CHILD');
    return row;
  }

  async listConsents(principal: Principal, caseId: string) {
    const c = await this.cases.findReadable(this.dataSource.manager, principal, caseId);
    const items = await this.dataSource.getRepository(ConsentRecord).find({ where: { caseId: c.id }, order: { givenAt: 'ASC', id: 'ASC' } });
    const disclosures = await this.dataSource.getRepository(DisclosureRecord).find({ where: { caseId: c.id }, order: { disclosedAt: 'ASC', id: 'ASC' } });
    return { items, disclosures };
  }

  async recordConsent(principal: Principal, caseId: string, dto: ConsentDto, meta: RequestMeta) {
    const c = await this.cases.findReadable(this.dataSource.manager, principal, caseId);
    await this.childOf(c.id, dto.personId);
    const givenAt = new Date(dto.givenAt);
    if (givenAt.getTime() > this.clock.now().getTime() + 5 * 60_000)
      throw new BadRequestError({ code: 'TIME_IN_FUTURE', text: 'givenAt cannot be in the future', params: { field: 'givenAt' } });
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.getRepository(ConsentRecord).save({
        caseId: c.id,
        personId: dto.personId,
        disclosure: dto.disclosure,
        givenBy: dto.givenBy,
        givenByName: dto.givenByName ?? null,
        givenAt,
        withdrawnAt: null,
        recordedBy: principal.id,
      });
      await this.audit.record(
        {
          actor: principal,
          action: 'CONSENT_RECORDED',
          subjectType: 'CASE',
          subjectId: c.id,
          provinceCode: c.provinceCode,
          communeCode: c.communeCode,
          after: { consentId: saved.id, disclosure: dto.disclosure, givenBy: dto.givenBy },
          meta,
        },
        manager,
      );
      return saved;
    });
  }

  async withdrawConsent(principal: Principal, caseId: string, consentId: string, withdrawnAt: string | undefined, meta: RequestMeta) {
    const c = await this.cases.findReadable(this.dataSource.manager, principal, caseId);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ConsentRecord);
      const consent = await repo.findOne({ where: { id: consentId, caseId: c.id }, lock: { mode: 'pessimistic_write' } });
      if (!consent) throw new NotFoundError('CONSENT_NOT_FOUND', { consentId });
      if (consent.withdrawnAt) throw new ConflictError('CONSENT_ALREADY_WITHDRAWN');
      consent.withdrawnAt = withdrawnAt ? new Date(withdrawnAt) : this.clock.now();
      const saved = await repo.save(consent);
      await this.audit.record(
        {
          actor: principal,
          action: 'CONSENT_WITHDRAWN',
          subjectType: 'CASE',
          subjectId: c.id,
          provinceCode: c.provinceCode,
          communeCode: c.communeCode,
          after: { consentId, disclosure: consent.disclosure, givenBy: consent.givenBy },
          meta,
        },
        manager,
      );
      return saved;
    });
  }

  /** Records a disclosure of a child's data; refused (409 CONSENT_REQUIRED) while a needed consent is missing. */
  async disclose(principal: Principal, caseId: string, dto: DisclosureDto, meta: RequestMeta) {
    const c = await this.cases.findReadable(this.dataSource.manager, principal, caseId);
    const child = await this.childOf(c.id, dto.personId);
    const now = this.clock.now();
    if (!dto.lawRequires) {
      const consents = await this.dataSource.getRepository(ConsentRecord).findBy({ caseId: c.id, personId: dto.personId });
      const missing = missingConsents(ageFromBirthYear(child.birth_year, vietnamYear(now)), dto.disclosure, consents, now);
      if (missing.length) {
        throw new ConflictError('CONSENT_REQUIRED', { givers: missing.join(', '), caseId: c.id });
      }
    }
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.getRepository(DisclosureRecord).save({
        caseId: c.id,
        personId: dto.personId,
        disclosure: dto.disclosure,
        recipient: dto.recipient,
        legalBasis: dto.lawRequires ?? null,
        disclosedBy: principal.id,
        disclosedAt: now,
      });
      await this.audit.record(
        {
          actor: principal,
          action: 'PERSONAL_DATA_DISCLOSED',
          subjectType: 'CASE',
          subjectId: c.id,
          provinceCode: c.provinceCode,
          communeCode: c.communeCode,
          after: { disclosureId: saved.id, disclosure: dto.disclosure, lawRequires: dto.lawRequires ?? null },
          meta,
        },
        manager,
      );
      return saved;
    });
  }

  /**
   * Everything held on one person, for the data subject's legal representative (Law 91/2025): the person, the
   * cases and reports they appear in, consents and disclosures. Only for a reader of every case concerned.
   */
  async exportPerson(principal: Principal, personId: string, meta: RequestMeta) {
    const person = (await this.dataSource.query(`SELECT * FROM person WHERE id = $1`, [personId]))[0];
    if (!person) throw new NotFoundError('PERSON_NOT_FOUND', { id: personId });
    const links: { case_id: string; role: string; relation_to_child: string | null; report_id: string | null }[] = await this.dataSource.query(
      `SELECT case_id, role, relation_to_child, report_id FROM case_person WHERE person_id = $1 ORDER BY case_id`,
      [personId],
    );
    const cases = [];
    const places = new Map<string, { provinceCode: string | null; communeCode: string | null }>();
    for (const link of links) {
      let c;
      try {
        c = await this.cases.findReadable(this.dataSource.manager, principal, link.case_id);
      } catch {
        throw new NotFoundError('PERSON_NOT_FOUND', { id: personId });
      }
      const reports = await this.dataSource.query(
        `SELECT id, channel, received_at, province_code, commune_code, address, abuse_types, narrative FROM report WHERE case_id = $1 ${link.report_id ? 'AND id = $2' : ''} ORDER BY received_at`,
        link.report_id ? [c.id, link.report_id] : [c.id],
      );
      places.set(c.id, { provinceCode: c.provinceCode, communeCode: c.communeCode });
      cases.push({
        caseId: c.id,
        caseNumber: c.caseNumber,
        status: c.status,
        openedAt: c.openedAt,
        closedAt: c.closedAt,
        role: link.role,
        relationToChild: link.relation_to_child,
        reports,
      });
    }
    const consents = await this.dataSource.getRepository(ConsentRecord).find({ where: { personId }, order: { givenAt: 'ASC' } });
    const disclosures = await this.dataSource.getRepository(DisclosureRecord).find({ where: { personId }, order: { disclosedAt: 'ASC' } });
    const exportedAt = this.clock.now();
    for (const c of cases) {
      await this.audit.record({ actor: principal, action: 'DATA_SUBJECT_EXPORT', subjectType: 'CASE', subjectId: c.caseId, ...places.get(c.caseId), after: { personId }, meta });
    }
    return {
      exportedAt,
      person: {
        id: person.id,
        fullName: person.full_name,
        description: person.description,
        sex: person.sex,
        birthYear: person.birth_year,
        ethnicity: person.ethnicity,
        hasDisability: person.has_disability,
        inSchool: person.in_school,
        circumstances: person.circumstances,
        phone: person.phone,
        createdAt: person.created_at,
      },
      cases,
      consents,
      disclosures,
    };
  }

  /** For a breach notice (Law 91/2025 art. 23): who read which cases between two times. Admins; audited. */
  async caseReads(principal: Principal, from: Date, to: Date, format: 'json' | 'csv', meta: RequestMeta, detectedAt: Date | null = null) {
    if (!(from.getTime() < to.getTime())) throw new BadRequestError('PERIOD_ORDER_INVALID');
    const rows: { at: Date; actor_username: string | null; actor_role: string | null; action: string; case_id: string; case_number: string | null }[] = await this.dataSource.query(
      `SELECT a.at, a.actor_username, a.actor_role, a.action, a.subject_id AS case_id, c.case_number
         FROM audit_log a LEFT JOIN protection_case c ON c.id::text = a.subject_id
        WHERE a.at >= $1 AND a.at < $2 AND a.subject_type = 'CASE' AND a.action = ANY($3)
        UNION ALL
       SELECT a.at, a.actor_username, a.actor_role, a.action, r.case_id::text, c.case_number
         FROM audit_log a JOIN referral r ON r.id::text = a.subject_id JOIN protection_case c ON c.id = r.case_id
        WHERE a.at >= $1 AND a.at < $2 AND a.subject_type = 'REFERRAL' AND a.action = ANY($3)
        ORDER BY 1, 5`,
      [from, to, CASE_READ_ACTIONS],
    );
    await this.audit.record({
      actor: principal,
      action: 'BREACH_READS_EXPORTED',
      subjectType: 'AUDIT',
      subjectId: null,
      after: { from: from.toISOString(), to: to.toISOString(), rows: rows.length },
      meta,
    });
    const items = rows.map((r) => ({ at: r.at, actor: { username: r.actor_username, role: r.actor_role }, action: r.action, caseId: r.case_id, caseNumber: r.case_number }));
    if (format === 'csv') {
      return toCsv([
        ['at', 'username', 'role', 'action', 'caseId', 'caseNumber'],
        ...items.map((i) => [new Date(i.at).toISOString(), i.actor.username ?? '', i.actor.role ?? '', i.action, i.caseId, i.caseNumber ?? '']),
      ]);
    }
    if (!detectedAt) return { from, to, items };
    const limit = await this.retention.policy(BREACH_NOTIFICATION_POLICY);
    const notifyAuthorityBy = new Date(detectedAt.getTime() + durationToMs(parseIsoDuration(limit.duration)));
    return { from, to, items, breachNotification: { detectedAt, notifyAuthorityBy, limit: limit.duration, legalBasis: limit.legalBasis } };
  }
}
