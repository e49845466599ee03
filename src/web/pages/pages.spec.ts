import { translator } from '../i18n';
import { layout, PageContext } from '../layout';
import { Role } from '../../identity/enums';
import { Principal } from '../../common/access/principal';
import { casePage } from './case.pages';
import { referralPage } from './referral.pages';
import { operatorPage } from './operator.pages';
import { reportPage } from './public.pages';

const EVIL = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>';
const user = { id: 'u1', username: 'worker.qn', fullName: 'W', role: Role.CASE_WORKER, provinceCode: '22' } as unknown as Principal;
const ctx = (locale: 'vi' | 'en' = 'vi'): PageContext => ({ t: translator(locale), locale, user, csrf: 'tok', path: '/x' });
const scripts = (page: string) => (page.match(/<script/g) ?? []).length;

describe('pages escape everything people typed', () => {
  it('case page', () => {
    const c = {
      id: 'c1',
      caseNumber: EVIL,
      status: 'ASSESSING',
      riskLevel: 'HIGH',
      immediateDanger: true,
      version: 3,
      abuseTypes: ['NEGLECT'],
      assignee: { id: 'u1', username: EVIL, fullName: EVIL },
      children: [{ fullName: EVIL, sex: 'FEMALE' }],
      reports: [{ channel: 'ONLINE_FORM', abuseTypes: [], narrative: EVIL }],
      reporters: [{ fullName: EVIL, phone: EVIL }],
      notes: [{ type: 'VISIT', text: EVIL, author: EVIL }],
      emergencyMeasures: [],
      assessments: [],
      plan: null,
    };
    const page = layout(
      ctx(),
      'T',
      casePage(ctx(), {
        c,
        timeline: [{ at: new Date(), type: EVIL, actor: EVIL }],
        referrals: [{ id: 'r', agencyType: 'POLICE', agencyName: EVIL, status: 'SENT', explanation: EVIL }],
        deadlines: [],
        errors: [EVIL],
        notice: null,
        now: new Date(),
        values: { summary: EVIL },
        placeName: EVIL,
      }),
    ).value;
    expect(scripts(page)).toBe(1); // the page's own deferred script only
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script&gt;');
    // The worker assigned to an assessing case gets the assessment form, with the version for optimistic locking.
    expect(page).toContain('id="assessment-form"');
    expect(page).toContain('name="expectedVersion" value="3"');
    expect(page).toContain('name="_csrf" value="tok"');
  });

  it('referral page for an agency shows no more than the redacted case', () => {
    const r = {
      id: 'r1',
      caseId: 'c1',
      caseNumber: '22-2026-000001',
      agencyType: 'POLICE',
      agencyName: EVIL,
      status: 'SENT',
      riskLevel: 'HIGH',
      version: 1,
      explanation: EVIL,
      allowedActions: ['acknowledge', 'accept', 'decline'],
      history: [{ at: new Date(), from: null, to: 'SENT', actor: EVIL }],
      case: {
        children: [{ firstName: EVIL, age: 9, sex: 'MALE' }],
        abuseTypes: ['NEGLECT'],
        narrative: EVIL,
        location: { address: EVIL },
        caseWorker: { name: EVIL },
        reporter: null,
      },
    };
    const page = referralPage(ctx('en'), { r, outcomeCodes: [], errors: [], notice: null, placeName: 'Quảng Ninh' }).value;
    expect(page).not.toContain('<script');
    expect(page).toContain('id="action-acknowledge"');
    expect(page).toContain('id="action-decline"');
    expect(page).not.toContain('id="action-complete"');
  });

  it('operator and public forms keep typed values escaped', () => {
    const op = operatorPage(ctx(), [{ code: '22', name: EVIL }], { childName: EVIL, narrative: EVIL }, [EVIL], null, [{ callType: 'SILENT', callerPhone: EVIL }], {
      startedAt: 'x',
      idempotencyKey: 'k',
    }).value;
    expect(op).not.toContain('<script');
    expect(op).not.toContain('onerror=alert(2)>');
    const pub = reportPage(ctx(), [], { childName: EVIL }, [EVIL]).value;
    expect(pub).not.toContain('<script');
    expect(pub).toContain('href="tel:111"');
    expect(pub).toContain('href="tel:113"');
  });
});
