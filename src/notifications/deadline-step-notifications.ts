import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Place } from '../common/access/jurisdiction.rules';
import { Clock } from '../common/clock';
import { OutboxService } from '../database/outbox.service';
import { Deadline } from '../deadlines/deadline.entity';
import { DeadlineStepNotifier, StepAudience, StepDirectory, StepToTell } from '../deadlines/deadline-step-notifier';
import { DeadlineStep } from '../deadlines/deadline-steps.rules';
import { DeadlineSubjectType } from '../deadlines/enums';
import { escalationScope, nearestSupervisorScope } from '../deadlines/escalation.rules';
import { JurisdictionLevel } from '../identity/enums';
import { NotificationType } from './enums';
import { messages } from './notification-messages';
import { notifyMany } from './notification-bulk';

interface CaseFacts {
  caseNumber: string;
  /** Null when nobody is assigned or the assignee is no longer active. */
  assigneeId: string | null;
  place: Place;
}

interface SupervisorRow {
  id: string;
  level: JurisdictionLevel;
  provinceCode: string | null;
  communeCode: string | null;
}

/** Active supervisors whose jurisdiction covers the place (its commune, its province, the country), by id. */
function covering(all: readonly SupervisorRow[], place: Place): SupervisorRow[] {
  return all.filter(
    (s) =>
      s.level === JurisdictionLevel.NATIONAL ||
      (s.level === JurisdictionLevel.PROVINCE && place.provinceCode !== null && s.provinceCode === place.provinceCode) ||
      (s.level === JurisdictionLevel.COMMUNE && place.communeCode !== null && s.communeCode === place.communeCode),
  );
}

const levels = (rows: readonly SupervisorRow[]) => [...new Set(rows.map((s) => s.level))];

/**
 * Tells people that deadlines fell due or escalated; deadlines call it through DEADLINE_STEP_NOTIFIER. The
 * cases, agency officers and supervisors of a whole batch are read in three statements, and the notifications
 * of all its steps written with multi-row statements (notification-bulk.ts).
 */
@Injectable()
export class DeadlineStepNotifications implements DeadlineStepNotifier {
  constructor(
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  async directory(manager: EntityManager, deadlines: readonly Deadline[]): Promise<StepDirectory> {
    const caseIds = [...new Set(deadlines.map((d) => d.caseId))];
    const cases = new Map<string, CaseFacts>();
    if (caseIds.length) {
      const rows: { id: string; caseNumber: string; assigneeId: string | null; provinceCode: string | null; communeCode: string | null }[] = await manager.query(
        `SELECT c.id, c.case_number AS "caseNumber", CASE WHEN u.active THEN c.assignee_id END AS "assigneeId",
                c.province_code AS "provinceCode", c.commune_code AS "communeCode"
           FROM protection_case c LEFT JOIN app_user u ON u.id = c.assignee_id
          WHERE c.id = ANY($1::uuid[])`,
        [caseIds],
      );
      for (const r of rows) cases.set(r.id, { caseNumber: r.caseNumber, assigneeId: r.assigneeId, place: { provinceCode: r.provinceCode, communeCode: r.communeCode } });
    }
    const placeOf = (d: Deadline): Place => cases.get(d.caseId)?.place ?? { provinceCode: d.provinceCode, communeCode: d.communeCode };

    const agencyIds = [...new Set(deadlines.filter((d) => d.subjectType === DeadlineSubjectType.REFERRAL && d.agencyId).map((d) => d.agencyId!))];
    const officers = new Map<string, string[]>();
    if (agencyIds.length) {
      const rows: { id: string; agencyId: string }[] = await manager.query(
        `SELECT id, agency_id AS "agencyId" FROM app_user WHERE role = 'AGENCY_OFFICER' AND active AND agency_id = ANY($1::uuid[]) ORDER BY id`,
        [agencyIds],
      );
      for (const r of rows) officers.set(r.agencyId, [...(officers.get(r.agencyId) ?? []), r.id]);
    }

    const places = deadlines.map(placeOf);
    const provinces = [...new Set(places.map((p) => p.provinceCode).filter((c): c is string => !!c))];
    const communes = [...new Set(places.map((p) => p.communeCode).filter((c): c is string => !!c))];
    const supervisors: SupervisorRow[] = deadlines.length
      ? await manager.query(
          `SELECT id, jurisdiction_level AS level, province_code AS "provinceCode", commune_code AS "communeCode" FROM app_user
            WHERE role = 'SUPERVISOR' AND active
              AND (jurisdiction_level = 'NATIONAL'
                   OR (jurisdiction_level = 'PROVINCE' AND province_code = ANY($1::text[]))
                   OR (jurisdiction_level = 'COMMUNE' AND commune_code = ANY($2::text[])))
            ORDER BY id`,
          [provinces, communes],
        )
      : [];

    return {
      audience: (d: Deadline, step: DeadlineStep): StepAudience => {
        const c = cases.get(d.caseId);
        const place = placeOf(d);
        const caseNumber = c?.caseNumber ?? '';
        const all = covering(supervisors, place);
        if (step === 0) {
          // Who owes the obligation: the agency's officers; an agency without any officer in the system cannot
          // hear it, so the case side is told: its assignee, else the nearest supervisors of the place.
          const agencyOfficers = d.subjectType === DeadlineSubjectType.REFERRAL && d.agencyId ? (officers.get(d.agencyId) ?? []) : [];
          let userIds = agencyOfficers;
          if (userIds.length === 0 && c) {
            const nearest = nearestSupervisorScope(place, levels(all));
            userIds = c.assigneeId ? [c.assigneeId] : all.filter((s) => s.level === nearest).map((s) => s.id);
          }
          return { place, caseNumber, userIds, scope: d.escalationScope };
        }
        const scope = escalationScope(place, levels(all), step, step === 1 ? null : d.escalationScope);
        return { place, caseNumber, userIds: all.filter((s) => s.level === scope).map((s) => s.id), scope: scope ?? d.escalationScope };
      },
    };
  }

  async tell(manager: EntityManager, steps: readonly StepToTell[]): Promise<string[][]> {
    const inputs = steps.map(({ deadline: d, step, audience }) => {
      const facts = { key: d.key, caseNumber: audience.caseNumber, dueAt: d.dueAt, level: step };
      const text = step === 0 ? messages.deadlineOverdue(facts) : messages.deadlineEscalated(facts);
      return {
        userIds: audience.userIds,
        type: step === 0 ? NotificationType.DEADLINE_OVERDUE : NotificationType.DEADLINE_ESCALATED,
        title: text.title,
        body: text.body,
        caseId: d.caseId,
        referralId: d.subjectType === DeadlineSubjectType.REFERRAL ? d.subjectId : null,
        deadlineId: d.id,
        dedupeKey: `deadline:${d.id}:${step}`,
      };
    });
    return (await notifyMany(manager, this.outbox, this.clock.now(), inputs)).map((r) => r.userIds);
  }
}
