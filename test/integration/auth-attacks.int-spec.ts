import { createHmac } from 'node:crypto';
import { startTestApp, TestApp } from '../support/test-app';
import { listRoutes, RouteInfo } from '../support/routes';
import { makeAgency, makeAgencyOfficer, makeReferral, makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { loadConfig } from '../../src/config/config';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { User } from '../../src/identity/user.entity';

/**
 * Attacks on authentication and authorisation that the access matrix (access-matrix.int-spec.ts: no token →
 * 401, wrong role → 403) does not cover: forged, expired, alg=none and tampered tokens, tokens of users that no
 * longer exist or were deactivated, and IDOR — every route that takes a resource id, called by a user of an
 * allowed role from another province or agency, must neither show nor change the resource.
 */
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
function jwt(payload: Record<string, unknown>, secret: string, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac(header.alg === 'HS512' ? 'sha512' : 'sha256', secret)
    .update(unsigned)
    .digest('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);

// Path parameters that do not name a protected resource of a jurisdiction: reference data, public codes,
// settings only a (national) admin reaches.
// A phone number is a search key, not a resource: the answer is whatever the asker's jurisdiction holds for it
// (my-work.int-spec checks that), and flagging a number creates the asker's own flag.
const NOT_RESOURCE_IDS = [
  /\/geo\/provinces\/:code/,
  /\/online-reports\/:trackingCode/,
  /\/lang\/:locale/,
  /\/admin\//,
  /\/intake\/callers\/:phone(\/flags)?$/,
  /^\/callers\/:phone\/flags$/,
];

describe('auth attacks: forged tokens and IDOR', () => {
  let t: TestApp;
  let secret: string;
  let worker22: User;
  let operator: User;
  const own: Record<string, string> = {};
  const outsiders = new Map<string, User>();

  beforeAll(async () => {
    t = await startTestApp();
    secret = loadConfig().jwtSecret;
    const ds = t.dataSource;
    const police22 = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    const police31 = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '31' });
    operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
    worker22 = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    const supervisor22 = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' });
    outsiders.set(Role.CASE_WORKER, await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '31' }));
    outsiders.set(Role.SUPERVISOR, await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '31' }));
    outsiders.set(Role.HOTLINE_OPERATOR, await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '31' }));
    outsiders.set(Role.AGENCY_OFFICER, await makeAgencyOfficer(ds, police31));
    await makeAgencyOfficer(ds, police22);

    // The resources of province 22 the outsiders go after.
    const call = await t
      .http()
      .post('/api/v1/intake/calls')
      .set('Authorization', `Bearer ${t.tokenFor(operator)}`)
      .send(callBody({ startedAt: new Date().toISOString() }))
      .expect(201);
    await t
      .http()
      .post(`/api/v1/cases/${call.body.caseId}/assignment`)
      .set('Authorization', `Bearer ${t.tokenFor(worker22)}`)
      .send({ assigneeUsername: worker22.username })
      .expect(200);
    own.case = call.body.caseId;
    own.caseNumber = call.body.caseNumber;
    own.report = call.body.reportId;
    own.referral = await makeReferral(ds, { caseId: own.case, agencyId: police22.id, agencyType: 'POLICE' });
    const [n] = await ds.query(`INSERT INTO notification (user_id, type, title, body, case_id, dedupe_key) VALUES ($1, 'TEST', 'IDOR', 'IDOR', $2, 'idor') RETURNING id`, [
      worker22.id,
      own.case,
    ]);
    own.notification = n.id;
    const [g] = await ds.query(
      `INSERT INTO case_access_grant (case_id, grantee_id, granted_by, reason, expires_at) VALUES ($1, $2, $3, 'cover during leave', now() + interval '1 day') RETURNING id`,
      [own.case, worker22.id, supervisor22.id],
    );
    own.grant = g.id;
    const [child] = await ds.query(`SELECT person_id FROM case_person WHERE case_id = $1 AND role = 'CHILD' LIMIT 1`, [own.case]);
    own.person = child.person_id;
    const [consent] = await ds.query(
      `INSERT INTO consent_record (case_id, person_id, disclosure, given_by, given_at, recorded_by) VALUES ($1, $2, 'SCHOOL', 'LEGAL_REPRESENTATIVE', now(), $3) RETURNING id`,
      [own.case, own.person, worker22.id],
    );
    own.consent = consent.id;
    own.phone = '0912345678';
    const flag = await t
      .http()
      .post(`/api/v1/intake/callers/${own.phone}/flags`)
      .set('Authorization', `Bearer ${t.tokenFor(supervisor22)}`)
      .send({ type: 'PRANK', note: 'Gọi đùa nhiều lần', until: new Date(Date.now() + 86400_000).toISOString() })
      .expect(201);
    own.flag = flag.body.id;
  });
  afterAll(() => t.close());

  describe('tokens', () => {
    const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

    it('accepts a well-formed token (the control)', async () => {
      await me(jwt({ sub: worker22.id, role: worker22.role, iat: now(), exp: now() + 600 }, secret)).expect(200);
    });

    it.each<[string, () => string]>([
      ['expired', () => jwt({ sub: worker22.id, role: 'CASE_WORKER', iat: now() - 7200, exp: now() - 3600 }, secret)],
      ['not yet valid (nbf in the future)', () => jwt({ sub: worker22.id, iat: now(), nbf: now() + 3600, exp: now() + 7200 }, secret)],
      ['signed with another secret', () => jwt({ sub: worker22.id, role: 'CASE_WORKER', iat: now(), exp: now() + 600 }, 'not-the-secret-not-the-secret-000000')],
      ['alg=none without signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: worker22.id, role: 'ADMIN', iat: now(), exp: now() + 600 })}.`],
      [
        'alg=none with the original signature',
        () => {
          const good = jwt({ sub: worker22.id, iat: now(), exp: now() + 600 }, secret).split('.');
          return `${b64({ alg: 'none', typ: 'JWT' })}.${good[1]}.${good[2]}`;
        },
      ],
      ['alg switched to HS512', () => jwt({ sub: worker22.id, iat: now(), exp: now() + 600 }, secret, { alg: 'HS512', typ: 'JWT' })],
      [
        'alg RS256 header (key confusion)',
        () => {
          const good = jwt({ sub: worker22.id, iat: now(), exp: now() + 600 }, secret).split('.');
          return `${b64({ alg: 'RS256', typ: 'JWT' })}.${good[1]}.${good[2]}`;
        },
      ],
      [
        'payload tampered (role ADMIN, other sub) under the original signature',
        () => {
          const good = jwt({ sub: worker22.id, role: 'CASE_WORKER', iat: now(), exp: now() + 600 }, secret).split('.');
          return `${good[0]}.${b64({ sub: operator.id, role: 'ADMIN', iat: now(), exp: now() + 600 })}.${good[2]}`;
        },
      ],
      [
        'signature stripped',
        () =>
          jwt({ sub: worker22.id, iat: now(), exp: now() + 600 }, secret)
            .split('.')
            .slice(0, 2)
            .join('.') + '.',
      ],
      ['sub of no user', () => jwt({ sub: '00000000-0000-4000-8000-000000000001', role: 'ADMIN', iat: now(), exp: now() + 600 }, secret)],
      ['sub that is not an id', () => jwt({ sub: "' OR 1=1 --", role: 'ADMIN', iat: now(), exp: now() + 600 }, secret)],
      ['sub missing', () => jwt({ role: 'ADMIN', iat: now(), exp: now() + 600 }, secret)],
      ['sub as an object', () => jwt({ sub: { $ne: null }, iat: now(), exp: now() + 600 }, secret)],
      ['garbage', () => 'a.b.c'],
      ['very long', () => 'x'.repeat(8_000)],
    ])('refuses a token that is %s with 401', async (_label, make) => {
      const res = await me(make());
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });

    it('refuses a token of a deactivated user, though it is signed and unexpired', async () => {
      const gone = await makeUser(t.dataSource, { role: Role.CASE_WORKER, provinceCode: '22', active: false });
      await me(t.tokenFor(gone)).expect(401);
    });

    it('takes the role from the database, not from the token: a claimed ADMIN role gets 403 on admin routes', async () => {
      const claimed = jwt({ sub: operator.id, role: 'ADMIN', iat: now(), exp: now() + 600 }, secret);
      await t.http().get('/api/v1/admin/users').set('Authorization', `Bearer ${claimed}`).expect(403);
      await t
        .http()
        .post('/api/v1/admin/users')
        .set('Authorization', `Bearer ${claimed}`)
        .send({ username: 'evil', password: 'Evil-password-123', fullName: 'Evil', role: 'ADMIN' })
        .expect(403);
    });

    it.each<[string, Record<string, string>]>([
      ['a Basic header', { Authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
      ['"Bearer" without a token', { Authorization: 'Bearer' }],
      ['two tokens', { Authorization: 'Bearer a.b.c d.e.f' }],
      ['a token in a made-up header', { 'X-Access-Token': 'whatever' }],
    ])('refuses %s with 401', async (_label, headers) => {
      await t.http().get('/api/v1/auth/me').set(headers).expect(401);
    });

    it('ignores a token passed in the query string', async () => {
      await t
        .http()
        .get(`/api/v1/auth/me?access_token=${t.tokenFor(worker22)}`)
        .expect(401);
    });

    it('refuses a forged session cookie', async () => {
      const forged = jwt({ sub: worker22.id, role: 'SUPERVISOR', iat: now(), exp: now() + 600 }, 'not-the-secret-not-the-secret-000000');
      const res = await t.http().get('/api/v1/auth/me').set('Cookie', `bvte_session=${forged}; session=${forged}`);
      expect(res.status).toBe(401);
    });
  });

  describe('IDOR: an allowed role of another province or agency, on every route that takes a resource id', () => {
    function idFor(path: string, param: string): string | null {
      if (param === 'grantId') return own.grant;
      if (param === 'consentId') return own.consent;
      if (param === 'personId') return own.person;
      if (param === 'phone') return own.phone;
      if (param === 'flagId') return own.flag;
      if (path.includes('/approvals/:id') || path.includes('/triage/:id')) return own.case;
      if (param === 'caseId' || path.includes('/cases/:id')) return own.case;
      if (path.includes('/referrals/:id')) return own.referral;
      if (path.includes('/notifications/:id')) return own.notification;
      if (path.includes('/reports/:id')) return own.report;
      return null;
    }

    function bodyFor(path: string): Record<string, unknown> {
      if (path.endsWith('/transitions')) return { to: 'ASSESSING' };
      if (path.endsWith('/assignment')) return { assigneeUsername: outsiders.get(Role.CASE_WORKER)!.username };
      if (path.endsWith('/notes')) return { type: 'CALL', text: 'ghi chú', occurredAt: new Date().toISOString() };
      if (path.endsWith('/emergency-measures')) return { measureType: 'REMOVAL_FROM_HARM', description: 'Moved to her aunt', takenAt: new Date().toISOString() };
      if (path.endsWith('/plan')) return { goals: ['An toàn cho trẻ'], items: [{ service: 'Thăm nhà', responsiblePerson: 'worker' }] };
      if (path.endsWith('/plan/return') || path.endsWith('/decline') || path.endsWith('/cancel') || path.endsWith('/unlink')) return { reason: 'Không thuộc phạm vi' };
      if (path.endsWith('/referrals') && path.includes('/cases/')) return { agencyType: 'POLICE', reason: 'Child last seen near Hải Phòng' };
      if (path.endsWith('/complete')) return { outcome: { code: 'RESOLVED', note: 'done' } };
      if (path.endsWith('/link')) return { caseId: own.case, reason: 'same child' };
      if (path.endsWith('/location')) return { provinceCode: '31', communeCode: null, reason: 'caller called back' };
      if (path.endsWith('/separations')) {
        return {
          decidedBy: 'Chủ tịch UBND',
          decidedAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 10 * 86400_000).toISOString(),
          placement: 'Nhà bà ngoại',
          reason: 'Cha đánh trẻ',
        };
      }
      if (path.endsWith('/separations/:separationId/end')) return { endedAt: new Date().toISOString(), reason: 'Gia đình đã an toàn' };
      if (path.endsWith('/extensions')) return { reason: 'Vụ việc phức tạp, cần thêm thời gian', procuracyApproval: 'QĐ 05/VKS' };
      if (path.endsWith('/consents')) return { personId: own.person, disclosure: 'SCHOOL', givenBy: 'CHILD', givenAt: new Date().toISOString() };
      if (path.endsWith('/disclosures')) return { personId: own.person, disclosure: 'SCHOOL', recipient: 'Trường tiểu học', lawRequires: 'CHILD_PROTECTION' };
      if (path.endsWith('/access-grants')) return { username: outsiders.get(Role.CASE_WORKER)!.username, reason: 'cover', until: new Date(Date.now() + 86400_000).toISOString() };
      return {};
    }

    const TABLES = [
      'consent_record',
      'disclosure_record',
      'protection_case',
      'report',
      'case_person',
      'case_event',
      'case_note',
      'case_emergency_measure',
      'case_plan',
      'case_assessment',
      'referral',
      'referral_event',
      'case_access_grant',
      'notification',
    ];
    const snapshot = async () => {
      const [row] = await t.dataSource.query(
        `SELECT ${TABLES.map((x) => `(SELECT count(*)::int FROM ${x}) AS ${x}`).join(', ')},
                (SELECT row_to_json(c)::text FROM protection_case c WHERE id = $1) AS the_case,
                (SELECT row_to_json(r)::text FROM referral r WHERE id = $2) AS the_referral,
                (SELECT read_at FROM notification WHERE id = $3) AS read_at,
                (SELECT revoked_at FROM case_access_grant WHERE id = $4) AS revoked_at,
                (SELECT withdrawn_at FROM consent_record WHERE id = $5) AS withdrawn_at,
                (SELECT cleared_at FROM caller_flag WHERE id = $6) AS flag_cleared_at`,
        [own.case, own.referral, own.notification, own.grant, own.consent, own.flag],
      );
      return row;
    };

    it('never shows or changes the resource (403/404 on the API; no 2xx on pages)', async () => {
      const routes = listRoutes(t.app).filter((r: RouteInfo) => r.path.includes('/:') && !NOT_RESOURCE_IDS.some((re) => re.test(r.path)));
      expect(routes.length).toBeGreaterThan(20);
      const before = await snapshot();
      const leaks: string[] = [];
      const unmapped: string[] = [];
      let tried = 0;
      for (const route of routes) {
        const allow = route.allow ?? [];
        const roles = allow.includes('AUTHENTICATED') ? [Role.CASE_WORKER, Role.SUPERVISOR, Role.AGENCY_OFFICER] : (allow.filter((a) => outsiders.has(a)) as Role[]);
        let path = route.path;
        let ok = true;
        path = path.replace(/:([A-Za-z]+)/g, (_m, param: string) => {
          if (param === 'action') return 'acknowledge';
          const id = idFor(route.path, param);
          if (!id) ok = false;
          return id ?? 'unmapped';
        });
        if (!ok) {
          unmapped.push(`${route.method} ${route.path}`);
          continue;
        }
        for (const role of roles) {
          const user = outsiders.get(role)!;
          tried += 1;
          const req = t
            .http()
            [route.method.toLowerCase() as 'get'](path)
            .set('Authorization', `Bearer ${t.tokenFor(user)}`);
          const res = route.method === 'GET' || route.method === 'DELETE' ? await req : await req.send(bodyFor(route.path));
          const text = res.text ?? '';
          const where = `${route.method} ${route.path} as ${role} of province 31`;
          if (route.path.startsWith('/api/')) {
            if (![403, 404].includes(res.status)) leaks.push(`${where} → ${res.status} ${text.slice(0, 160)}`);
          } else if (res.status < 300) {
            leaks.push(`${where} → ${res.status}`);
          }
          if (own.caseNumber && text.includes(own.caseNumber)) leaks.push(`${where} → the response names case ${own.caseNumber}`);
          if (text.includes('Nguyễn Thị Hoa')) leaks.push(`${where} → the response names the child`);
        }
      }
      expect(unmapped).toEqual([]);
      expect(leaks).toEqual([]);
      expect(tried).toBeGreaterThan(20);
      expect(await snapshot()).toEqual(before);
    });

    it('list and search endpoints do not reveal the resource either', async () => {
      const worker31 = outsiders.get(Role.CASE_WORKER)!;
      const as = { Authorization: `Bearer ${t.tokenFor(worker31)}` };
      const search = await t
        .http()
        .get(`/api/v1/cases?q=${encodeURIComponent(own.caseNumber)}`)
        .set(as)
        .expect(200);
      expect(search.body.items).toEqual([]);
      const byChild = await t
        .http()
        .get(`/api/v1/cases?q=${encodeURIComponent('nguyen thi hoa')}`)
        .set(as)
        .expect(200);
      expect(byChild.body.items).toEqual([]);
      const deadlines = await t.http().get(`/api/v1/deadlines?caseId=${own.case}`).set(as);
      expect([200, 403, 404]).toContain(deadlines.status);
      if (deadlines.status === 200) expect(deadlines.body.items).toEqual([]);
      const notes = await t.http().get('/api/v1/notifications').set(as).expect(200);
      expect(notes.body.items.map((n: { id: string }) => n.id)).not.toContain(own.notification);
      const officer31 = outsiders.get(Role.AGENCY_OFFICER)!;
      const inbox = await t
        .http()
        .get('/api/v1/referrals')
        .set('Authorization', `Bearer ${t.tokenFor(officer31)}`)
        .expect(200);
      expect(inbox.body.items.map((r: { id: string }) => r.id)).not.toContain(own.referral);
    });
  });
});
