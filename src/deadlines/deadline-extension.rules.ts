import { DeadlineExtension } from './deadline-policy.rules';
import { addDuration, parseIsoDuration } from './iso-duration.rules';

/**
 * Whether a running deadline may be extended once more, and to when (e.g. a police decision on a crime
 * report: 20 days, extendable to 2 months, then once more by 2 months with the procuracy's approval,
 * Criminal Procedure Code art. 147(2)). Pure: the extensions come from the policy, the counts from the record.
 */
export type ExtensionPlan = { ok: true; number: number; dueAt: Date; legalBasis: string; approval: string | null } | { ok: false; status: 400 | 409; message: string };

export function planExtension(input: {
  extensions: DeadlineExtension[] | undefined;
  /** Extensions already granted for this deadline. */
  done: number;
  /** Who approved this one, as stated by the requester. */
  approval: string | null | undefined;
  startedAt: Date;
  dueAt: Date;
}): ExtensionPlan {
  const list = input.extensions ?? [];
  if (list.length === 0) return { ok: false, status: 409, message: 'The law provides no extension of this time limit' };
  if (input.done >= list.length) {
    return { ok: false, status: 409, message: `This time limit has been extended ${input.done} time(s), the most the law allows (${list[list.length - 1].legalBasis})` };
  }
  const ext = list[input.done];
  const given = input.approval?.trim() || null;
  if (ext.approval && !given) {
    return {
      ok: false,
      status: 400,
      message: `Extension ${input.done + 1} needs the approval of: ${ext.approval} (${ext.legalBasis}); say who approved it and how in procuracyApproval`,
    };
  }
  const dueAt = addDuration(ext.from === 'START' ? input.startedAt : input.dueAt, parseIsoDuration(ext.duration));
  if (dueAt.getTime() <= input.dueAt.getTime()) {
    return { ok: false, status: 409, message: `Extension ${input.done + 1} would not move the due time (${input.dueAt.toISOString()})` };
  }
  return { ok: true, number: input.done + 1, dueAt, legalBasis: ext.legalBasis, approval: given };
}
