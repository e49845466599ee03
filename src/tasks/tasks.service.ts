import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../common/access/principal';
import { Clock } from '../common/clock';
import { communeName, provinceName } from '../geography/place-names';
import { ApprovalRow, TaskRow, TasksRepository } from './tasks.repository';
import { DeadlineKind, deadlineKind, isOverdue, oldestFirst, soonestFirst } from './tasks.rules';

/** One obligation on my list (product.md §12: deadlineId, key, kind, caseId, caseNumber, referralId?, dueAt, overdue). */
export interface Task {
  deadlineId: string;
  key: string;
  kind: DeadlineKind;
  legalBasis: string | null;
  caseId: string;
  caseNumber: string;
  referralId?: string;
  agencyName?: string;
  dueAt: Date;
  overdue: boolean;
  status: string;
  escalationLevel: number;
  riskLevel: string;
  immediateDanger: boolean;
  provinceName: string | null;
  communeName: string | null;
}

/** A decision waiting for a supervisor (product.md §12: caseId, caseNumber, kind, submittedAt, submittedBy). */
export interface Approval {
  caseId: string;
  caseNumber: string;
  kind: 'PLAN' | 'CLOSURE';
  submittedAt: Date;
  submittedBy: string | null;
  planVersion?: number;
  caseVersion: number;
  caseStatus: string;
  riskLevel: string;
  immediateDanger: boolean;
  provinceName: string | null;
  communeName: string | null;
}

const LIMIT = 500;

@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: TasksRepository,
    private readonly clock: Clock,
  ) {}

  /** What I (or my agency) must do, soonest first: what a worker opens first in the morning. */
  async myTasks(principal: Principal): Promise<{ items: Task[]; overdue: number }> {
    const now = this.clock.now();
    const rows = await this.repo.openDeadlines(this.dataSource.manager, principal, LIMIT);
    const items = rows.map((r) => toTask(r, now)).sort(soonestFirst);
    return { items, overdue: items.filter((t) => t.overdue).length };
  }

  /** Workers who may take a case at this place, with their open caseload, least loaded first. */
  async assignees(place: { provinceCode: string | null; communeCode: string | null }): Promise<{ username: string; fullName: string; openCases: number }[]> {
    const rows = await this.repo.workersFor(this.dataSource.manager, place);
    return rows.map((r) => ({ username: r.username, fullName: r.full_name, openCases: Number(r.open_cases) }));
  }

  /** Plans and closures waiting for the supervisor, oldest first. */
  async approvals(principal: Principal): Promise<{ items: Approval[] }> {
    const rows = await this.repo.pendingApprovals(this.dataSource.manager, principal, LIMIT);
    return { items: rows.map(toApproval).sort(oldestFirst) };
  }
}

function toTask(r: TaskRow, now: Date): Task {
  const dueAt = new Date(r.due_at);
  return {
    deadlineId: r.id,
    key: r.key,
    kind: deadlineKind(r.snapshot_kind, r.policy_kind),
    legalBasis: r.legal_basis ?? null,
    caseId: r.case_id,
    caseNumber: r.case_number,
    ...(r.subject_type === 'REFERRAL' ? { referralId: r.subject_id, agencyName: r.agency_name ?? undefined } : {}),
    dueAt,
    overdue: isOverdue(r.status, dueAt, now),
    status: r.status,
    escalationLevel: Number(r.escalation_level),
    riskLevel: r.risk_level,
    immediateDanger: r.immediate_danger,
    provinceName: provinceName(r.province_code),
    communeName: communeName(r.commune_code),
  };
}

function toApproval(r: ApprovalRow): Approval {
  return {
    caseId: r.case_id,
    caseNumber: r.case_number,
    kind: r.kind,
    // A case moved to REVIEWING before the timeline recorded it has no event: it counts as waiting since ever.
    submittedAt: r.submitted_at ? new Date(r.submitted_at) : new Date(0),
    submittedBy: r.submitted_by,
    ...(r.plan_version !== null ? { planVersion: Number(r.plan_version) } : {}),
    caseVersion: Number(r.case_version),
    caseStatus: r.case_status,
    riskLevel: r.risk_level,
    immediateDanger: r.immediate_danger,
    provinceName: provinceName(r.province_code),
    communeName: communeName(r.commune_code),
  };
}
