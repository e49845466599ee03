/**
 * My work: the obligations a person answers for and the decisions waiting for a supervisor. Pure rules here;
 * the SQL is in tasks.repository.ts.
 */

/** A limit set by law, or a target we set ourselves (product.md §12). */
export type DeadlineKind = 'LEGAL' | 'POLICY';

/**
 * The kind of a deadline from its policy (the snapshot the deadline started with, then the current policy).
 * A policy without a kind counts as a POLICY target: only a limit recorded with its legal basis is LEGAL.
 */
export function deadlineKind(...sources: unknown[]): DeadlineKind {
  for (const kind of sources) {
    if (kind === 'LEGAL' || kind === 'POLICY') return kind;
  }
  return 'POLICY';
}

/** Past due: marked OVERDUE by the worker, or PENDING with its due time already passed (the timer may lag). */
export function isOverdue(status: string, dueAt: Date, now: Date): boolean {
  return status === 'OVERDUE' || dueAt.getTime() <= now.getTime();
}

/** Soonest first; among equal due times legal limits first, then by id so the order is stable. */
export function soonestFirst<T extends { dueAt: Date; kind: DeadlineKind; deadlineId: string }>(a: T, b: T): number {
  return a.dueAt.getTime() - b.dueAt.getTime() || Number(b.kind === 'LEGAL') - Number(a.kind === 'LEGAL') || a.deadlineId.localeCompare(b.deadlineId);
}

/** What waits longest is decided first. */
export function oldestFirst<T extends { submittedAt: Date; caseId: string; kind: string }>(a: T, b: T): number {
  return a.submittedAt.getTime() - b.submittedAt.getTime() || a.caseId.localeCompare(b.caseId) || a.kind.localeCompare(b.kind);
}
