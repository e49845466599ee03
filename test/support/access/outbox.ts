import { Audience } from '../../../src/common/access/allow.decorator';
import { Role } from '../../../src/identity/enums';

export const OUTBOX_ACCESS: Record<string, Audience[]> = {
  // Dead outbox events: operating the system, no case content (the payload is never shown).
  'GET /api/v1/admin/outbox/dead': [Role.ADMIN],
  'POST /api/v1/admin/outbox/dead/:id/retry': [Role.ADMIN],
};
