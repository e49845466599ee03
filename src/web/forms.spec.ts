import { callFromForm, onlineReportFromForm, planFromForm, transitionFromForm, vnLocalToIso, isoToVnLocal } from './forms';

describe('form mapping', () => {
  it('builds an online report; an anonymous reporter leaves no name or phone', () => {
    const r = onlineReportFromForm({
      childName: ' Hoa ',
      childAge: '9',
      childSex: 'FEMALE',
      provinceCode: '22',
      abuseTypes: ['NEGLECT', 'OTHER'],
      anonymous: 'true',
      reporterName: 'X',
      reporterPhone: '0912345678',
      immediateDanger: 'true',
      website: '',
      setting: 'SCHOOL',
    });
    expect(r).toEqual({
      reporter: { anonymous: true },
      children: [{ fullName: 'Hoa', sex: 'FEMALE', age: 9 }],
      location: { provinceCode: '22' },
      abuseTypes: ['NEGLECT', 'OTHER'],
      immediateDanger: true,
      setting: 'SCHOOL',
    });
  });
  it('passes a non-number age on so validation names it', () => {
    expect((onlineReportFromForm({ childName: 'A', childAge: 'nine' }).children as { age: unknown }[])[0].age).toBe('nine');
  });
  it('attaches a report only to calls that make one', () => {
    const at = new Date('2026-11-22T01:00:00Z');
    expect(callFromForm({ callType: 'SILENT', channel: 'HOTLINE_111', childName: 'A' }, at)).toEqual({ callType: 'SILENT', channel: 'HOTLINE_111', startedAt: at.toISOString() });
    const c = callFromForm({ callType: 'REPORT', channel: 'HOTLINE_111', callerPhone: '0912345678', childName: 'A', abuseTypes: 'OTHER', linkToCaseId: 'x' }, at);
    expect(c.linkToCaseId).toBe('x');
    expect((c.report as { reporter: { phone: string } }).reporter.phone).toBe('0912345678');
    expect(callFromForm({ callType: 'COUNSELLING', riskFlagged: 'true', childName: 'A' }, at).report).toBeDefined();
  });
  it('maps step forms of the case page', () => {
    expect(transitionFromForm({ to: 'PLANNING', expectedVersion: '3', riskLevel: 'HIGH', founded: 'true', summary: 's', childSafeNow: '' })).toEqual({
      to: 'PLANNING',
      expectedVersion: 3,
      assessment: { riskLevel: 'HIGH', founded: true, summary: 's' },
    });
    expect(transitionFromForm({ to: 'CLOSED', closureReason: 'UNFOUNDED', closureNote: 'n' })).toEqual({ to: 'CLOSED', closure: { reason: 'UNFOUNDED', note: 'n' } });
    expect(transitionFromForm({ to: 'PLANNING', closureReason: 'UNFOUNDED', summary: 's', founded: 'true' }).closure).toBeUndefined();
    expect(transitionFromForm({ to: 'CLOSED', closureReason: 'UNFOUNDED', summary: 's', founded: 'false' }).closure).toEqual({ reason: 'UNFOUNDED', note: 's' });
    expect(transitionFromForm({ to: 'INTERVENING', reviewSummary: 'r', closureReason: 'GOALS_MET' })).toEqual({
      to: 'INTERVENING',
      review: { summary: 'r', items: [], nextRound: true },
    });
    expect(planFromForm({ goals: 'a\n\n b ', itemService: ['x', ''], itemAgency: ['HEALTH', ''], itemPerson: ['', ''], itemDue: ['2026-12-01', ''] })).toEqual({
      goals: ['a', 'b'],
      items: [{ service: 'x', responsibleAgencyType: 'HEALTH', dueDate: '2026-12-01' }],
    });
  });
  it('reads datetime-local fields as Vietnam time', () => {
    expect(vnLocalToIso('2026-11-22T08:30')).toBe('2026-11-22T08:30:00+07:00');
    expect(isoToVnLocal(new Date('2026-11-22T01:30:00Z'))).toBe('2026-11-22T08:30');
  });
});
