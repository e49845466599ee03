import { Audience } from '../../../src/common/access/allow.decorator';

/** /metrics is not a user route: the controller admits this machine or METRICS_TOKEN (see metrics.int-spec). */
export const METRICS_ACCESS: Record<string, Audience[]> = {
  'GET /metrics': ['PUBLIC'],
};
