import { startTestApp, TestApp } from '../support/test-app';
import { listRoutes, RouteInfo } from '../support/routes';
import { makeAgency, makeAgencyOfficer, makeCase, makeReferral, makeUser } from '../support/factories';
import { callBody, reportBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { AgencyType } from '../../src/referrals/enums';
import { User } from '../../src/identity/user.entity';

/**
 * Hostile input on every write endpoint: generated malformed, oversized, wrong-typed and unicode-edge
 * payloads (and path parameters) must only ever get a 4xx (or a 2xx when a mutation happens to be valid),
 * never a 5xx, and a rejected request must leave the database exactly as it was.
 *
 * Reproducible: the generator is a seeded PRNG. A failure prints the seed, the case number and the request;
 * FUZZ_SEED=<seed> reruns the same sequence, FUZZ_BUDGET_MS / FUZZ_MAX_CASES bound the run.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 45_000);
const MAX_CASES = Number(process.env.FUZZ_MAX_CASES ?? 4000);

/** mulberry32: small, fast, good enough to spread mutations, and the same sequence for the same seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}
type Rng = ReturnType<typeof prng>;

/** A version-4 shaped UUID from the PRNG, so ids are part of the reproducible sequence too. */
function uuid(r: Rng): string {
  const hex = Array.from({ length: 32 }, () => r.int(16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function nested(depth: number, leaf: unknown): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** Values that break naive code: wrong types, limits, encodings, injection text, huge and deep values. */
function hostileValue(r: Rng): unknown {
  const values: Array<() => unknown> = [
    () => null,
    () => true,
    () => false,
    () => 0,
    () => -1,
    () => 1.5,
    () => 2 ** 53 + 1,
    () => -(2 ** 31) - 1,
    () => 1e308,
    () => '',
    () => ' ',
    () => '\u0000',
    () => `abc\u0000def`,
    () => '\uD800',
    () => '\uDFFF\uD800',
    () => '\u202Eevil\u202C',
    () => '\u200B\u200D\uFEFF',
    () => 'Nguyễn Thị Hoà'.normalize('NFD'),
    () => '🧒🏽‍👧🏿👨‍👩‍👧‍👦',
    () => 'Z̴̡̢̛̗̘͙̰̹̈́̊̋̐a̷̢̛͓͚̹̓̏l̶̨̮̝̈́͑g̵̛̱̈́o̶̧̗͑',
    () => '\r\n\t\v\f',
    () => "'; DROP TABLE protection_case; --",
    () => '%_\\%',
    () => '<script>alert(1)</script>',
    () => '{{7*7}}${7*7}',
    () => '../../../../etc/passwd',
    () => 'x'.repeat(r.pick([256, 1001, 5000, 70_000])),
    () => 'đ'.repeat(20_000),
    () => '2026-02-30T00:00:00Z',
    () => '9999-12-31T23:59:59Z',
    () => '-271821-04-20T00:00:00Z',
    () => '0000-00-00',
    () => 'NaN',
    () => 'Infinity',
    () => '1e9999',
    () => '00000000-0000-0000-0000-000000000000',
    () => uuid(r),
    () => '+84 (0) 912-345-678 ext 9',
    () => '０９１２３４５６７８',
    () => 'P99999999999999999999D',
    () => 'PT0S',
    () => [],
    () => {},
    () => [[[]]],
    () => [null],
    () => Array.from({ length: r.pick([50, 1000, 20_000]) }, () => 'SEXUAL_ABUSE'),
    () => Array.from({ length: 500 }, () => ({ fullName: 'Trẻ', age: 5 })),
    () => ({ toString: 'x', valueOf: 1 }),
    () => ({ __proto__: { admin: true } }),
    () => JSON.parse('{"__proto__": {"polluted": true}}'),
    () => ({ constructor: { prototype: { polluted: true } } }),
    () => nested(r.pick([20, 200, 3000]), 'deep'),
  ];
  return r.pick(values)();
}

type Json = unknown;

function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (value && typeof value === 'object' && prefix.length < 6) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

function setAt(root: Json, path: (string | number)[], value: unknown): Json {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return root;
}

function deleteAt(root: Json, path: (string | number)[]): Json {
  if (path.length === 0) return undefined;
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  if (Array.isArray(node)) node.splice(Number(path[path.length - 1]), 1);
  else delete node[path[path.length - 1]];
  return root;
}

/** One to three structural mutations of a valid body: replace a node by a hostile value, drop it, or add a stranger. */
function mutate(r: Rng, base: Json): Json {
  let body = structuredClone(base);
  const times = 1 + r.int(3);
  for (let i = 0; i < times; i++) {
    const all = paths(body);
    const target = r.pick(all);
    const op = r.int(10);
    if (op < 6) body = setAt(body, target, hostileValue(r));
    else if (op < 8) body = deleteAt(body, target);
    else {
      const holder = all.filter((p) => {
        let n: unknown = body;
        for (const k of p) n = (n as Record<string | number, unknown>)[k];
        return n && typeof n === 'object' && !Array.isArray(n);
      });
      if (holder.length === 0) continue;
      const at = r.pick(holder);
      body = setAt(body, [...at, r.pick(['__proto__', 'constructor', 'prototype', 'id', 'status', 'role', 'isAdmin', 'x'.repeat(300), '名前', ''])], hostileValue(r));
    }
  }
  return body;
}

/** A raw request body that is not a JSON object at all. */
function rawBody(r: Rng): { type: string; body: string | Buffer } {
  const raws: Array<() => { type: string; body: string | Buffer }> = [
    () => ({ type: 'application/json', body: '{"a":' }),
    () => ({ type: 'application/json', body: '{"a":1,}' }),
    () => ({ type: 'application/json', body: "{'single':'quotes'}" }),
    () => ({ type: 'application/json', body: 'null' }),
    () => ({ type: 'application/json', body: '[]' }),
    () => ({ type: 'application/json', body: '"just a string"' }),
    () => ({ type: 'application/json', body: '12345' }),
    () => ({ type: 'application/json', body: 'true' }),
    () => ({ type: 'application/json', body: '{"__proto__":{"isAdmin":true}}' }),
    () => ({ type: 'application/json', body: '{"a":"\\ud800"}' }),
    () => ({ type: 'application/json', body: '['.repeat(100_000) }),
    () => ({ type: 'application/json', body: `{"a":"${'x'.repeat(300 * 1024)}"}` }),
    () => ({ type: 'application/json', body: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]) }),
    () => ({ type: 'application/json; charset=utf-16', body: '{}' }),
    () => ({ type: 'application/json; charset=koi8-r', body: '{}' }),
    () => ({ type: 'text/plain', body: 'hello' }),
    () => ({ type: 'application/xml', body: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>' }),
    () => ({ type: 'application/x-www-form-urlencoded', body: 'a[b][c][d][e][f]=1&a[__proto__][x]=1&' + 'k=v&'.repeat(2000) }),
    () => ({ type: 'multipart/form-data; boundary=zz', body: '--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--zz--' }),
  ];
  return r.pick(raws)();
}

/** Path parameter values: real ids (so requests reach the services) and hostile ones. */
function hostileParam(r: Rng): string {
  return r.pick([
    'not-a-uuid',
    '00000000-0000-0000-0000-000000000000',
    uuid(r),
    uuid(r).toUpperCase(),
    '%00',
    '%27%20OR%201%3D1--',
    '..%2F..%2Fhealth',
    '1',
    '-1',
    '0',
    '1.5',
    '99999999999999999999999',
    '1e3',
    'x'.repeat(2000),
    '%F0%9F%A7%92',
    '%E2%80%AE',
    '%C0%AF',
    'CASE_ASSESSMENT%00',
    'null',
    'undefined',
    '__proto__',
  ]);
}

const MAIN_TABLES = [
  // Not case_number_counter: like a sequence it is bumped outside the use case's transaction on purpose
  // (case-opening.ts), so a request refused later leaves a gap in the numbers, never a row of its own.
  'protection_case',
  'person',
  'case_person',
  'case_event',
  'case_access_grant',
  'report',
  'hotline_call',
  'idempotency_key',
  'outbox_event',
  'case_assessment',
  'case_plan',
  'case_plan_item',
  'case_review',
  'case_note',
  'case_emergency_measure',
  'referral',
  'referral_event',
  'routing_rule',
  'agency',
  'app_user',
  'deadline',
  'deadline_policy',
  'public_holiday',
  'notification',
  'notification_delivery',
  'audit_log_kept',
];
// Failed logins are audited on purpose (a security record), so they are the one write a rejection may make.
const COUNT_SQL: Record<string, string> = { audit_log_kept: `(SELECT count(*)::int FROM audit_log WHERE action NOT IN ('LOGIN_FAILED', 'LOGIN_THROTTLED'))` };

describe('fuzz: hostile input on every write endpoint', () => {
  let t: TestApp;
  let routes: RouteInfo[];
  const tokens = new Map<string, string>();
  const ids: Record<string, string[]> = {};
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    // Rate limits answer 429 before validation; raised so the generated bodies reach the code under test.
    for (const [k, v] of Object.entries({ ONLINE_REPORTS_PER_10_MIN: '10000', LOGIN_FREE_FAILURES: '100' })) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    t = await startTestApp();
    routes = listRoutes(t.app).filter((x) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(x.method));
    const ds = t.dataSource;
    const police = await makeAgency(ds, { type: AgencyType.POLICE, provinceCode: '22' });
    const users: Partial<Record<Role, User>> = {
      [Role.ADMIN]: await makeUser(ds, { role: Role.ADMIN }),
      [Role.HOTLINE_OPERATOR]: await makeUser(ds, { role: Role.HOTLINE_OPERATOR }),
      [Role.SUPERVISOR]: await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22' }),
      [Role.CASE_WORKER]: await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' }),
      [Role.AGENCY_OFFICER]: await makeAgencyOfficer(ds, police),
    };
    for (const [role, user] of Object.entries(users)) tokens.set(role, t.tokenFor(user));
    const call = await t
      .http()
      .post('/api/v1/intake/calls')
      .set('Authorization', `Bearer ${tokens.get(Role.HOTLINE_OPERATOR)}`)
      .send(callBody())
      .expect(201);
    const other = await makeCase(ds, { assigneeId: users[Role.CASE_WORKER]!.id, status: 'ASSESSING' });
    const referral = await makeReferral(ds, { caseId: call.body.caseId, agencyId: police.id, agencyType: 'POLICE' });
    const [notification] = await ds.query(`INSERT INTO notification (user_id, type, title, body, dedupe_key) VALUES ($1, 'TEST', 'fuzz', 'fuzz', 'fuzz') RETURNING id`, [
      users[Role.CASE_WORKER]!.id,
    ]);
    ids.case = [call.body.caseId, other.id];
    ids.report = [call.body.reportId];
    ids.referral = [referral];
    ids.notification = [notification.id];
    ids.user = [users[Role.CASE_WORKER]!.id];
    ids.agency = [police.id];
    ids.key = ['CASE_ASSESSMENT', 'REFERRAL_ACKNOWLEDGE'];
    ids.number = ['1', '2'];
  });

  afterAll(async () => {
    await t?.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  /** Valid bodies per route, so that mutations reach past the first check into services and SQL. */
  function validBody(route: RouteInfo): Json {
    const p = route.path;
    if (p.endsWith('/intake/calls')) return callBody({ startedAt: new Date().toISOString() });
    if (p.endsWith('/intake/online-reports')) return reportBody();
    if (p.endsWith('/intake/duplicate-check')) return { children: [{ fullName: 'Đỗ Thị Mai Anh', age: 10 }], location: { provinceCode: '22', communeCode: '06652' } };
    if (p.endsWith('/link')) return { caseId: ids.case[1], reason: 'same child, same grandmother calling' };
    if (p.endsWith('/unlink')) return { reason: 'different child after all' };
    if (p.endsWith('/location')) return { provinceCode: '22', communeCode: '06652', reason: 'caller called back with the address' };
    if (p.endsWith('/auth/login')) return { username: 'nobody.here', password: 'Test-password-123' };
    if (p.endsWith('/transitions'))
      return r0.pick([
        { to: 'ASSESSING' },
        { to: 'PLANNING', assessment: { riskLevel: 'HIGH', founded: true, summary: 'Verified at a home visit' } },
        { to: 'CLOSED', closure: { reason: 'UNFOUNDED', note: 'n' } },
      ]);
    if (p.endsWith('/assignment')) return { assigneeUsername: 'nobody' };
    if (p.endsWith('/notes')) return { type: 'CALL', text: 'Gọi lại cho bà ngoại', occurredAt: new Date().toISOString() };
    if (p.endsWith('/emergency-measures')) return { measureType: 'REMOVAL_FROM_HARM', description: 'Moved to her aunt for the night', takenAt: new Date().toISOString() };
    if (p.endsWith('/separations')) {
      return {
        decidedBy: 'Nguyễn Văn A, Chủ tịch UBND',
        decidedAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 10 * 86400_000).toISOString(),
        placement: 'Nhà bà ngoại',
        reason: 'Cha đánh trẻ',
      };
    }
    if (p.endsWith('/separations/:separationId/end')) return { endedAt: new Date().toISOString(), reason: 'Gia đình đã an toàn' };
    if (p.endsWith('/plan'))
      return { goals: ['An toàn cho trẻ'], items: [{ service: 'Thăm nhà', responsibleAgencyType: 'HEALTH', responsiblePerson: 'worker', dueDate: '2030-01-01' }] };
    if (p.endsWith('/access-grants')) return { username: 'nobody', reason: 'cover during leave', until: new Date(Date.now() + 86400_000).toISOString() };
    if (p.endsWith('/nudge')) return { message: 'Xin phản hồi sớm' };
    if (p.endsWith('/plan/return')) return { reason: 'Thiếu mục tiêu' };
    if (p.endsWith('/cases/:id/referrals')) return { agencyType: 'POLICE', agencyId: ids.agency[0], reason: 'Child last seen near Quảng Ninh' };
    if (p.endsWith('/extensions')) return { reason: 'Vụ việc phức tạp, cần giám định bổ sung', procuracyApproval: 'QĐ 05/VKS' };
    if (p.endsWith('/decline')) return { reason: 'Outside our area' };
    if (p.endsWith('/complete')) return { outcome: { code: 'RESOLVED', note: 'done' } };
    if (p.endsWith('/cancel')) return { reason: 'Police already investigating elsewhere' };
    if (p.endsWith('/deadline-policies/:key')) return { duration: 'PT12H', workingDays: false, byRisk: { CRITICAL: 'PT1H' }, escalateAfter: ['PT4H', 'PT24H'] };
    if (p.endsWith('/admin/holidays')) return { items: [{ date: '2027-01-01', name: 'Tết Dương lịch', kind: 'HOLIDAY' }] };
    if (p.endsWith('/admin/users') || p.endsWith('/admin/users/:id')) {
      return { username: 'fuzz.user', password: 'Fuzz-password-123', fullName: 'Trần Văn Fuzz', role: 'CASE_WORKER', provinceCode: '22' };
    }
    if (p.endsWith('/admin/agencies') || p.endsWith('/admin/agencies/:id')) return { type: 'POLICE', name: 'Công an phường Hà Tu', provinceCode: '22', communeCode: '06652' };
    if (p.includes('/routing-rules')) return { name: 'Child with a disability: health', condition: { childHasDisability: true }, agencyTypes: ['HEALTH'] };
    return {};
  }
  const r0 = prng(SEED ^ 0x5eed);

  function tokenFor(route: RouteInfo): string | null {
    const allow = route.allow ?? [];
    if (allow.includes('PUBLIC')) return null;
    if (allow.includes('AUTHENTICATED')) return tokens.get(Role.CASE_WORKER)!;
    const preferred = [Role.SUPERVISOR, Role.ADMIN, Role.HOTLINE_OPERATOR, Role.AGENCY_OFFICER, Role.CASE_WORKER].find((role) => allow.includes(role));
    return tokens.get(preferred!)!;
  }

  function concretePath(r: Rng, route: RouteInfo): string {
    return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      if (r.next() < 0.35) return hostileParam(r);
      const pool =
        name === 'key'
          ? ids.key
          : name === 'number'
            ? ids.number
            : name === 'caseId'
              ? ids.case
              : route.path.startsWith('/api/v1/cases')
                ? ids.case
                : route.path.includes('/referrals/')
                  ? ids.referral
                  : route.path.includes('/notifications/')
                    ? ids.notification
                    : route.path.includes('/users/')
                      ? ids.user
                      : route.path.includes('/agencies/')
                        ? ids.agency
                        : route.path.includes('/reports/')
                          ? ids.report
                          : [uuid(r)];
      return r.pick(pool);
    });
  }

  async function counts(): Promise<Record<string, number>> {
    const [row] = await t.dataSource.query(`SELECT ${MAIN_TABLES.map((x) => `${COUNT_SQL[x] ?? `(SELECT count(*)::int FROM ${x})`} AS ${x}`).join(', ')}`);
    return row;
  }

  it(
    'answers every generated request with a 4xx (or 2xx when valid), never a 5xx, and rejected ones change nothing',
    async () => {
      expect(routes.length).toBeGreaterThan(10);
      const r = prng(SEED);
      const started = Date.now();
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      let before = await counts();
      let n = 0;
      while (n < MAX_CASES && Date.now() - started < BUDGET_MS && failures.length < 10) {
        n += 1;
        const route = routes[(n - 1) % routes.length];
        const path = concretePath(r, route);
        const token = tokenFor(route);
        const kind = r.int(10);
        let req = t.http()[route.method.toLowerCase() as 'post'](path);
        if (token) req = req.set('Authorization', `Bearer ${token}`);
        if (r.next() < 0.1) req = req.set('Idempotency-Key', r.pick(['k', 'x'.repeat(500), '\u00e9', uuid(r)]).replace(/[^\x20-\x7e]/g, '?'));
        let shown: string;
        if (kind < 2) {
          const raw = rawBody(r);
          req = req.set('Content-Type', raw.type).send(raw.body);
          shown = `${raw.type} ${String(raw.body).slice(0, 120)}`;
        } else {
          const body = mutate(r, validBody(route));
          // A body that is no longer an object (the whole of it was replaced) goes out as its JSON text.
          // Stringified once: a value thousands of levels deep sits near the stack's limit.
          let text: string | undefined;
          try {
            text = JSON.stringify(body);
          } catch {
            text = '[nested too deep to show]';
          }
          if (body && typeof body === 'object') req = req.send(body);
          else req = req.set('Content-Type', 'application/json').send(text ?? '');
          shown = text?.slice(0, 300) ?? '';
        }
        let status: number;
        let answer = '';
        try {
          const res = await req;
          status = res.status;
          answer = JSON.stringify(res.body).slice(0, 200);
        } catch (error) {
          status = 599;
          answer = String(error);
        }
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const where = `seed ${SEED} case #${n}: ${route.method} ${path.slice(0, 120)} ${shown}`;
        if (status >= 500) failures.push(`${where} → ${status} ${answer}`);
        const after = await counts();
        if (status >= 400) {
          const changed = MAIN_TABLES.filter((x) => after[x] !== before[x]).map((x) => `${x} ${before[x]}→${after[x]}`);
          if (changed.length) failures.push(`${where} → ${status} but changed ${changed.join(', ')}`);
        }
        before = after;
      }
      const summary = [...statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, c]) => `${s}×${c}`)
        .join(' ');
      process.stdout.write(`fuzz: ${n} requests over ${routes.length} write routes in ${Date.now() - started} ms (seed ${SEED}): ${summary}\n`);
      expect(failures).toEqual([]);
      expect(n).toBeGreaterThan(500);
    },
    BUDGET_MS + 60_000,
  );
});
