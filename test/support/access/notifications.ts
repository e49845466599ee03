import { Audience } from '../../../src/common/access/allow.decorator';

export const NOTIFICATIONS_ACCESS: Record<string, Audience[]> = {
  // Everyone has an inbox; each sees and marks only their own notifications.
  'GET /api/v1/notifications': ['AUTHENTICATED'],
  'POST /api/v1/notifications/:id/read': ['AUTHENTICATED'],
  'POST /api/v1/notifications/read-all': ['AUTHENTICATED'],
};
