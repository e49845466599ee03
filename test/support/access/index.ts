import { FOUNDATION_ACCESS } from './foundation';
import { CASES_ACCESS } from './cases';
import { INTAKE_ACCESS } from './intake';
import { REFERRALS_ACCESS } from './referrals';
import { DEADLINES_ACCESS } from './deadlines';
import { NOTIFICATIONS_ACCESS } from './notifications';
import { WEB_ACCESS } from './web';
import { SUPERVISION_ACCESS } from './supervision';
import { METRICS_ACCESS } from './metrics';
import { PRIVACY_ACCESS } from './privacy';
import { OUTBOX_ACCESS } from './outbox';

/** Access rows by feature; the access-matrix test checks their union against the app's routes. */
export const ACCESS_ROWS = {
  foundation: FOUNDATION_ACCESS,
  cases: CASES_ACCESS,
  intake: INTAKE_ACCESS,
  referrals: REFERRALS_ACCESS,
  deadlines: DEADLINES_ACCESS,
  notifications: NOTIFICATIONS_ACCESS,
  web: WEB_ACCESS,
  supervision: SUPERVISION_ACCESS,
  metrics: METRICS_ACCESS,
  privacy: PRIVACY_ACCESS,
  outbox: OUTBOX_ACCESS,
};
