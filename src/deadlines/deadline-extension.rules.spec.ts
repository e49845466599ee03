import { DEFAULT_DEADLINE_POLICIES } from './deadline-policy.rules';
import { planExtension } from './deadline-extension.rules';
import { DeadlineKey } from './enums';

const police = DEFAULT_DEADLINE_POLICIES.find((p) => p.key === DeadlineKey.REFERRAL_COMPLETE)!.basisByAgencyType.POLICE!.extensions;
const started = new Date('2026-03-06T02:00:00Z');
const due20 = new Date('2026-03-26T02:00:00Z');

describe('planExtension (Criminal Procedure Code art. 147(2))', () => {
  it('first: up to 2 months from receipt, without approval', () => {
    expect(planExtension({ extensions: police, done: 0, approval: null, startedAt: started, dueAt: due20 })).toEqual({
      ok: true,
      number: 1,
      dueAt: new Date('2026-05-06T02:00:00Z'),
      legalBasis: 'Bộ luật Tố tụng hình sự 2015, Điều 147 khoản 2',
      approval: null,
    });
  });

  it('second: 2 more months, only with the procuracy’s approval', () => {
    const due2m = new Date('2026-05-06T02:00:00Z');
    expect(planExtension({ extensions: police, done: 1, approval: '  ', startedAt: started, dueAt: due2m })).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringContaining('Viện kiểm sát'),
    });
    expect(planExtension({ extensions: police, done: 1, approval: 'QĐ 05/VKS', startedAt: started, dueAt: due2m })).toMatchObject({
      ok: true,
      number: 2,
      dueAt: new Date('2026-07-06T02:00:00Z'),
      approval: 'QĐ 05/VKS',
    });
  });

  it('no third, and none where the law gives none', () => {
    expect(planExtension({ extensions: police, done: 2, approval: 'x', startedAt: started, dueAt: due20 })).toMatchObject({
      ok: false,
      status: 409,
      message: expect.stringContaining('the most the law allows'),
    });
    expect(planExtension({ extensions: undefined, done: 0, approval: null, startedAt: started, dueAt: due20 })).toMatchObject({ ok: false, status: 409 });
  });
});
