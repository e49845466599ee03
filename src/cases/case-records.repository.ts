import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgencyType } from '../kernel/enums';
import { AssessmentInput, PlanInput, ReviewInput } from './case-state-machine.rules';
import { CaseAssessment } from './case-assessment.entity';
import { CaseEmergencyMeasure } from './case-emergency-measure.entity';
import { CaseNote } from './case-note.entity';
import { CasePlan } from './case-plan.entity';
import { CasePlanItem } from './case-plan-item.entity';
import { CaseReview } from './case-review.entity';
import { EmergencyMeasureType, NoteType, PlanStatus } from './enums';

export interface PlanItemView {
  position: number;
  service: string;
  measureType: EmergencyMeasureType | null;
  responsibleAgencyType: AgencyType | null;
  responsiblePerson: string | null;
  dueDate: string;
}

/** A plan version as listed (who submitted and decided it, by username). */
export interface PlanVersionView {
  id: string;
  versionNumber: number;
  status: PlanStatus;
  submittedBy: string | null;
  submittedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  returnReason: string | null;
}

export interface PlanView extends PlanVersionView {
  goals: string[];
  items: PlanItemView[];
}

/**
 * The records a case accumulates through its workflow (assessments, plan versions, reviews, notes, urgent
 * measures). Rows are only added, except a plan version's status; every write goes through the use case's
 * transaction manager.
 */
@Injectable()
export class CaseRecordsRepository {
  // ------------------------------------------------------------------------------------------ assessments

  async addAssessment(manager: EntityManager, caseId: string, a: AssessmentInput, by: string, at: Date): Promise<CaseAssessment> {
    return manager.getRepository(CaseAssessment).save({
      caseId,
      riskLevel: a.riskLevel,
      founded: a.founded,
      summary: a.summary.trim(),
      factorsChecked: a.factorsChecked ?? [],
      childSafeNow: a.childSafeNow ?? null,
      personsMet: a.personsMet ?? [],
      protectionLevel: a.protectionLevel ?? null,
      assessedBy: by,
      assessedAt: at,
    });
  }

  async assessments(manager: EntityManager, caseId: string) {
    const rows = await manager.query(
      `SELECT a.id, a.risk_level, a.founded, a.summary, a.factors_checked, a.child_safe_now, a.persons_met, a.protection_level,
              a.assessed_at, u.username AS assessed_by
         FROM case_assessment a LEFT JOIN app_user u ON u.id = a.assessed_by
        WHERE a.case_id = $1 ORDER BY a.assessed_at DESC, a.created_at DESC`,
      [caseId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      riskLevel: r.risk_level,
      founded: r.founded,
      summary: r.summary,
      factorsChecked: r.factors_checked,
      childSafeNow: r.child_safe_now,
      personsMet: r.persons_met,
      protectionLevel: r.protection_level,
      assessedBy: r.assessed_by,
      assessedAt: r.assessed_at,
    }));
  }

  // ------------------------------------------------------------------------------------------------ plans

  /** The newest plan version of the case, without its items; null when none was submitted. */
  async latestPlan(manager: EntityManager, caseId: string): Promise<CasePlan | null> {
    return manager.getRepository(CasePlan).findOne({ where: { caseId }, order: { versionNumber: 'DESC' } });
  }

  /** The newest approved version (the plan in force), if any. */
  async approvedPlan(manager: EntityManager, caseId: string): Promise<CasePlan | null> {
    return manager.getRepository(CasePlan).findOne({ where: { caseId, status: PlanStatus.APPROVED }, order: { versionNumber: 'DESC' } });
  }

  /**
   * Stores a new plan version. A version still waiting for a decision is superseded by it: the supervisor
   * decides on the newest one.
   */
  async addPlan(manager: EntityManager, caseId: string, plan: PlanInput, by: string, at: Date): Promise<CasePlan> {
    const latest = await this.latestPlan(manager, caseId);
    if (latest?.status === PlanStatus.SUBMITTED) await this.setPlanStatus(manager, latest.id, PlanStatus.SUPERSEDED);
    const saved = await manager.getRepository(CasePlan).save({
      caseId,
      versionNumber: (latest?.versionNumber ?? 0) + 1,
      status: PlanStatus.SUBMITTED,
      goals: plan.goals.map((g) => g.trim()),
      submittedBy: by,
      submittedAt: at,
      decidedBy: null,
      decidedAt: null,
      returnReason: null,
    });
    await manager.getRepository(CasePlanItem).save(
      plan.items.map((item, position) => ({
        planId: saved.id,
        position,
        service: item.service.trim(),
        measureType: (item.measureType as EmergencyMeasureType | undefined) ?? null,
        responsibleAgencyType: (item.responsibleAgencyType as AgencyType | undefined) ?? null,
        responsiblePerson: item.responsiblePerson?.trim() || null,
        dueDate: item.dueDate,
      })),
    );
    return saved;
  }

  async setPlanStatus(manager: EntityManager, planId: string, status: PlanStatus, decision?: { by: string; at: Date; reason?: string }): Promise<void> {
    await manager
      .getRepository(CasePlan)
      .update({ id: planId }, { status, ...(decision ? { decidedBy: decision.by, decidedAt: decision.at, returnReason: decision.reason ?? null } : {}) });
  }

  /** Approves `plan`; the version in force until now is superseded. */
  async approvePlan(manager: EntityManager, plan: CasePlan, by: string, at: Date): Promise<void> {
    const current = await this.approvedPlan(manager, plan.caseId);
    if (current && current.id !== plan.id) await this.setPlanStatus(manager, current.id, PlanStatus.SUPERSEDED);
    await this.setPlanStatus(manager, plan.id, PlanStatus.APPROVED, { by, at });
  }

  async planItems(manager: EntityManager, planId: string): Promise<PlanItemView[]> {
    const items = await manager.getRepository(CasePlanItem).find({ where: { planId }, order: { position: 'ASC' } });
    return items.map((i) => ({
      position: i.position,
      service: i.service,
      measureType: i.measureType,
      responsibleAgencyType: i.responsibleAgencyType,
      responsiblePerson: i.responsiblePerson,
      dueDate: i.dueDate,
    }));
  }

  /** Every version, newest first; items only for the newest (the one a reader acts on). */
  async plans(manager: EntityManager, caseId: string): Promise<{ current: PlanView | null; versions: PlanVersionView[] }> {
    const rows = await manager.query(
      `SELECT p.id, p.version_number, p.status, p.goals, p.submitted_at, p.decided_at, p.return_reason,
              s.username AS submitted_by, d.username AS decided_by
         FROM case_plan p LEFT JOIN app_user s ON s.id = p.submitted_by LEFT JOIN app_user d ON d.id = p.decided_by
        WHERE p.case_id = $1 ORDER BY p.version_number DESC`,
      [caseId],
    );
    const versions: PlanVersionView[] = rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      versionNumber: r.version_number as number,
      status: r.status as PlanStatus,
      submittedBy: (r.submitted_by as string | null) ?? null,
      submittedAt: r.submitted_at as Date,
      decidedBy: (r.decided_by as string | null) ?? null,
      decidedAt: (r.decided_at as Date | null) ?? null,
      returnReason: (r.return_reason as string | null) ?? null,
    }));
    if (versions.length === 0) return { current: null, versions };
    const current: PlanView = { ...versions[0], goals: rows[0].goals as string[], items: await this.planItems(manager, versions[0].id) };
    return { current, versions };
  }

  // ---------------------------------------------------------------------------------------------- reviews

  async addReview(manager: EntityManager, caseId: string, planId: string | null, review: ReviewInput, nextRound: boolean, by: string, at: Date): Promise<CaseReview> {
    return manager.getRepository(CaseReview).save({
      caseId,
      planId,
      summary: review.summary.trim(),
      items: (review.items ?? []).map((i) => ({ index: i.index, done: i.done, ...(i.note ? { note: i.note } : {}) })),
      nextRound,
      reviewedBy: by,
      reviewedAt: at,
    });
  }

  async reviews(manager: EntityManager, caseId: string) {
    const rows = await manager.query(
      `SELECT r.id, r.plan_id, p.version_number AS plan_version, r.summary, r.items, r.next_round, r.reviewed_at, u.username AS reviewed_by
         FROM case_review r LEFT JOIN case_plan p ON p.id = r.plan_id LEFT JOIN app_user u ON u.id = r.reviewed_by
        WHERE r.case_id = $1 ORDER BY r.reviewed_at DESC, r.created_at DESC`,
      [caseId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      planId: r.plan_id,
      planVersion: r.plan_version,
      summary: r.summary,
      items: r.items,
      nextRound: r.next_round,
      reviewedBy: r.reviewed_by,
      reviewedAt: r.reviewed_at,
    }));
  }

  // ------------------------------------------------------------------------------------------------ notes

  async addNote(manager: EntityManager, caseId: string, note: { type: NoteType; text: string; occurredAt: Date }, by: string): Promise<CaseNote> {
    return manager.getRepository(CaseNote).save({ caseId, type: note.type, text: note.text.trim(), occurredAt: note.occurredAt, authorId: by });
  }

  async notes(manager: EntityManager, caseId: string) {
    const rows = await manager.query(
      `SELECT n.id, n.type, n.text, n.occurred_at, n.created_at, u.username AS author
         FROM case_note n LEFT JOIN app_user u ON u.id = n.author_id
        WHERE n.case_id = $1 ORDER BY n.occurred_at DESC, n.created_at DESC`,
      [caseId],
    );
    return rows.map((r: Record<string, unknown>) => ({ id: r.id, type: r.type, text: r.text, occurredAt: r.occurred_at, author: r.author, createdAt: r.created_at }));
  }

  // ------------------------------------------------------------------------------------- urgent measures

  async addEmergencyMeasure(
    manager: EntityManager,
    caseId: string,
    m: { measureType: EmergencyMeasureType; description: string; takenAt: Date },
    by: string,
  ): Promise<CaseEmergencyMeasure> {
    return manager.getRepository(CaseEmergencyMeasure).save({ caseId, measureType: m.measureType, description: m.description.trim(), takenAt: m.takenAt, recordedBy: by });
  }

  async emergencyMeasures(manager: EntityManager, caseId: string) {
    const rows = await manager.query(
      `SELECT m.id, m.measure_type, m.description, m.taken_at, m.created_at, u.username AS recorded_by
         FROM case_emergency_measure m LEFT JOIN app_user u ON u.id = m.recorded_by
        WHERE m.case_id = $1 ORDER BY m.taken_at DESC, m.created_at DESC`,
      [caseId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id,
      measureType: r.measure_type,
      description: r.description,
      takenAt: r.taken_at,
      recordedBy: r.recorded_by,
      createdAt: r.created_at,
    }));
  }
}
