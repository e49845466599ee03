import { ReferralStatus } from '../referrals/enums';

export const NUDGE_EVENT = 'REFERRAL_NUDGED';
/** One reminder per referral per this interval: a reminder repeated every minute stops being read. */
export const NUDGE_INTERVAL_MS = 60 * 60_000;

const OPEN: readonly string[] = [ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED, ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS];

/** Why the agency cannot be nudged about this referral now; null when it can. */
export function nudgeRefusal(status: string, lastNudgeAt: Date | null, now: Date): string | null {
  if (!OPEN.includes(status)) return `The referral is ${status}; only an open referral (${OPEN.join(', ')}) can be nudged`;
  if (lastNudgeAt && now.getTime() - lastNudgeAt.getTime() < NUDGE_INTERVAL_MS) {
    const next = new Date(lastNudgeAt.getTime() + NUDGE_INTERVAL_MS);
    return `The agency was nudged about this referral at ${lastNudgeAt.toISOString()}; nudge again after ${next.toISOString()}`;
  }
  return null;
}
