import { nudgeRefusal } from './nudge.rules';

const now = new Date('2026-11-30T08:00:00Z');

describe('nudgeRefusal', () => {
  it.each(['SENT', 'ACKNOWLEDGED', 'ACCEPTED', 'IN_PROGRESS'])('an open referral (%s) can be nudged', (status) => {
    expect(nudgeRefusal(status, null, now)).toBeNull();
  });
  it.each(['DECLINED', 'COMPLETED', 'CANCELLED'])('a final referral (%s) cannot', (status) => {
    expect(nudgeRefusal(status, null, now)).toMatch(/only an open referral/);
  });
  it('once an hour at most', () => {
    expect(nudgeRefusal('SENT', new Date('2026-11-30T07:30:00Z'), now)).toMatch(/nudge again after 2026-11-30T08:30:00.000Z/);
    expect(nudgeRefusal('SENT', new Date('2026-11-30T07:00:00Z'), now)).toBeNull();
  });
});
