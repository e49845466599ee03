import type request from 'supertest';
/** Request bodies shaped like product.md §11, for tests and benchmarks. */
export function reportBody(overrides: Record<string, unknown> = {}) {
  return {
    reporter: { anonymous: false, name: 'Trần Thị B', phone: '0912345678', relationToChild: 'TEACHER' },
    children: [{ fullName: 'Nguyễn Thị Hoa', sex: 'FEMALE', age: 9 }],
    location: { provinceCode: '22', communeCode: '06652', address: 'Tổ 5, khu 3' },
    abuseTypes: ['SEXUAL_ABUSE'],
    perpetrators: [{ relationToChild: 'NEIGHBOUR', description: 'người hàng xóm khoảng 40 tuổi' }],
    narrative: 'Cô giáo thấy cháu có vết bầm và sợ về nhà.',
    immediateDanger: true,
    ...overrides,
  };
}

export function callBody(overrides: Record<string, unknown> = {}, report: Record<string, unknown> = {}) {
  return {
    callType: 'REPORT',
    channel: 'HOTLINE_111',
    callerPhone: '0912345678',
    startedAt: '2026-11-22T08:00:00+07:00',
    report: reportBody(report),
    ...overrides,
  };
}

/** Opens a case as a hotline call at the clock's time and lets the worker handle its events; the case id. */
export async function openCaseByCall(
  t: { http: () => ReturnType<typeof request> },
  w: { drain: () => Promise<unknown> },
  auth: Record<string, string>,
  at: Date,
  report: Record<string, unknown> = {},
): Promise<string> {
  const res = await t
    .http()
    .post('/api/v1/intake/calls')
    .set(auth)
    .send(callBody({ startedAt: at.toISOString() }, report))
    .expect(201);
  await w.drain();
  return res.body.caseId as string;
}
