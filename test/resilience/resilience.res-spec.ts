import { join } from 'node:path';
import { rm } from 'node:fs/promises';
import Redis from 'ioredis';
import { Client } from 'pg';
import { hashPassword } from '../../src/identity/password';
import { LocalRedis } from '../../src/local/redis-server';
import { callBody } from '../support/payloads';
import { AppProcess, assertBuilt, eventually, freePort, runDir, sleep, startServices, StoppablePostgres, untilAtLeast, untilFiring } from './support';

/**
 * Resilience of the real processes (dist/src/main.js and dist/src/worker.js as child processes) on real
 * PostgreSQL and Redis: kill -9 under load, a flushed Redis, PostgreSQL going away and coming back.
 * Nothing acknowledged may be lost, and deadlines fire exactly once.
 *
 *   npm run test:resilience
 */
const PASSWORD = 'Resilience-pass-123';
// Case assessment deadlines fall due seconds after intake so that crashes and flushes meet them in flight.
const POLICY = { duration: 'PT8S', workingDays: false, byRisk: {}, escalateAfter: ['PT3S'] };

describe('resilience of the API and worker processes', () => {
  let pg: StoppablePostgres;
  let redis: LocalRedis;
  let db: Client;
  let api: AppProcess;
  let worker: AppProcess;
  let base: string;
  const tokens: Record<string, string> = {};

  const post = (path: string, token: string, body: unknown, timeoutMs = 15_000) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  const intake = (i: number) =>
    post(
      '/api/v1/intake/calls',
      tokens.operator,
      callBody(
        { callerPhone: `09${String(10_000_000 + i * 7919).slice(-8)}`, startedAt: new Date().toISOString() },
        { children: [{ fullName: `Trẻ thử nghiệm ${i}`, age: 5 + (i % 10) }] },
      ),
    );

  /** Deadlines of these cases that fired a step more than once (by their timeline events): must stay empty. */
  async function firedTwice(caseIds: string[]): Promise<unknown[]> {
    const { rows } = await db.query(
      `SELECT after->>'deadlineId' AS deadline, type, after->>'level' AS level, count(*)::int AS n FROM case_event
        WHERE case_id = ANY($1::uuid[]) AND type IN ('DEADLINE_OVERDUE', 'DEADLINE_ESCALATED')
        GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [caseIds],
    );
    return rows;
  }

  /** Waits until every CASE_ASSESSMENT deadline of these cases exists and has been escalated (both steps fired). */
  async function allEscalated(caseIds: string[], timeoutMs: number): Promise<void> {
    await eventually(
      `assessment deadlines of ${caseIds.length} cases escalated`,
      timeoutMs,
      async () => {
        const { rows } = await db.query(
          `SELECT count(*) FILTER (WHERE d.escalation_level >= 1)::int AS escalated, count(d.id)::int AS deadlines
           FROM unnest($1::uuid[]) c(id) LEFT JOIN deadline d ON d.case_id = c.id AND d.key = 'CASE_ASSESSMENT'`,
          [caseIds],
        );
        return rows[0].escalated === caseIds.length && rows[0].deadlines === caseIds.length;
      },
      500,
    );
  }

  beforeAll(async () => {
    assertBuilt();
    const dir = runDir();
    ({ pg, redis, db } = await startServices(dir));

    const hash = await hashPassword(PASSWORD);
    const [agency] = (await db.query(`INSERT INTO agency (type, name, province_code, version) VALUES ('POLICE', 'Công an tỉnh Quảng Ninh', '22', 1) RETURNING id`)).rows;
    const users = [
      ['res.operator', 'HOTLINE_OPERATOR', 'NATIONAL', null, null],
      ['res.admin', 'ADMIN', 'NATIONAL', null, null],
      ['res.supervisor', 'SUPERVISOR', 'PROVINCE', '22', null],
      ['res.police', 'AGENCY_OFFICER', 'PROVINCE', '22', agency.id],
    ];
    for (const [username, role, level, province, agencyId] of users) {
      await db.query(
        `INSERT INTO app_user (username, password_hash, full_name, role, jurisdiction_level, province_code, agency_id, version) VALUES ($1, $2, $1, $3, $4, $5, $6, 1)`,
        [username, hash, role, level, province, agencyId],
      );
    }

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      ...process.env,
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      APP_MODE: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      QUEUE_PREFIX: `res${process.pid}`,
      RECONCILE_INTERVAL_MS: '2000',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      NOTIFY_FILE: join(dir, 'notifications.log'),
      JWT_SECRET: 'resilience-secret-resilience-secret-0123456789',
    };
    api = new AppProcess('main.js', env, join(dir, 'api.log'));
    worker = new AppProcess('worker.js', env, join(dir, 'worker.log'));
    await api.start();
    await worker.start();
    for (const [name, username] of [
      ['operator', 'res.operator'],
      ['admin', 'res.admin'],
      ['supervisor', 'res.supervisor'],
    ]) {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      expect(res.status).toBe(200);
      tokens[name] = ((await res.json()) as { accessToken: string }).accessToken;
    }
    const patch = await fetch(`${base}/api/v1/admin/deadline-policies/CASE_ASSESSMENT`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.admin}` },
      body: JSON.stringify(POLICY),
    });
    expect(patch.status).toBe(200);
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await db?.end().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    await pg?.exit().catch(() => undefined);
    if (!process.env.KEEP_RESILIENCE_DATA) await rm(runDir(), { recursive: true, force: true });
  }, 60_000);

  it('kill -9 of the API and the worker under intake load: every 201 is stored, deadlines fire exactly once', async () => {
    const acknowledged: { callId: string; caseId: string }[] = [];
    let failed = 0;
    let stop = false;
    let i = 0;
    const loop = async () => {
      while (!stop) {
        i += 1;
        try {
          const res = await intake(i);
          if (res.status === 201) acknowledged.push((await res.json()) as { callId: string; caseId: string });
          else {
            failed += 1;
            await res.text();
          }
        } catch {
          // The API is down (connection refused or reset): the client was not told 201, so nothing is owed.
          failed += 1;
          await sleep(100);
        }
      }
    };
    // Each phase ends on what it achieved (intakes acknowledged, deadlines fired), not on a clock; only the
    // downtimes are fixed. The first deadlines fall due about 8 s after their intake.
    const load = Promise.all(Array.from({ length: 6 }, loop));
    await untilAtLeast('intakes acknowledged', acknowledged, 10);
    await api.kill9();
    await sleep(300);
    await api.start();
    await untilAtLeast('intakes acknowledged by the restarted API', acknowledged, acknowledged.length + 10);
    await worker.kill9();
    await sleep(1000);
    await worker.start();
    const total = acknowledged.length + 10;
    await untilAtLeast('intakes acknowledged after the worker restarted', acknowledged, total);
    stop = true;
    await load;
    // Kill the worker while the deadlines are firing.
    await untilFiring(
      db,
      acknowledged.map((a) => a.caseId),
    );
    await worker.kill9();
    await sleep(1500);
    await worker.start();

    expect(acknowledged.length).toBeGreaterThanOrEqual(total);
    const calls = acknowledged.map((a) => a.callId);
    const caseIds = acknowledged.map((a) => a.caseId);
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM hotline_call WHERE id = ANY($1::uuid[])) AS calls, (SELECT count(*)::int FROM protection_case WHERE id = ANY($2::uuid[])) AS cases`,
      [calls, caseIds],
    );
    expect(rows[0]).toEqual({ calls: acknowledged.length, cases: acknowledged.length });
    process.stdout.write(`kill -9: ${acknowledged.length} acknowledged intakes (${failed} refused while the API was down), all stored\n`);

    await allEscalated(caseIds, 120_000);
    expect(await firedTwice(caseIds)).toEqual([]);
    // Each fired step notified its people once (the dedupe key makes a second delivery impossible to store).
    const { rows: notes } = await db.query(
      `SELECT count(DISTINCT n.deadline_id)::int AS deadlines FROM notification n JOIN deadline d ON d.id = n.deadline_id
        WHERE d.case_id = ANY($1::uuid[]) AND d.key = 'CASE_ASSESSMENT' AND n.type = 'DEADLINE_OVERDUE'`,
      [caseIds],
    );
    expect(notes[0].deadlines).toBe(acknowledged.length);
  }, 240_000);

  it('FLUSHALL on Redis: the reconciler restores timers, deadlines fire once and notifications go out', async () => {
    const caseIds: string[] = [];
    for (let k = 0; k < 15; k++) {
      const res = await intake(100_000 + k);
      expect(res.status).toBe(201);
      caseIds.push(((await res.json()) as { caseId: string }).caseId);
    }
    // Wait until the worker has created the deadlines (and their timers), then lose every key in Redis.
    await eventually('deadlines created', 30_000, async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM deadline WHERE case_id = ANY($1::uuid[]) AND key = 'CASE_ASSESSMENT'`, [caseIds]);
      return rows[0].n === caseIds.length;
    });
    const r = new Redis(redis.url, { maxRetriesPerRequest: 2 });
    expect(await r.dbsize()).toBeGreaterThan(0);
    await r.flushall();
    await r.quit();

    await allEscalated(caseIds, 90_000);
    expect(await firedTwice(caseIds)).toEqual([]);
    await eventually('notification deliveries settled', 60_000, async () => {
      const { rows } = await db.query(
        `SELECT count(*) FILTER (WHERE nd.status = 'PENDING')::int AS pending, count(n.id)::int AS notifications FROM notification n
           JOIN deadline d ON d.id = n.deadline_id LEFT JOIN notification_delivery nd ON nd.notification_id = n.id
          WHERE d.case_id = ANY($1::uuid[])`,
        [caseIds],
      );
      return rows[0].notifications > 0 && rows[0].pending === 0;
    });
  }, 180_000);

  it('PostgreSQL stops: /health and requests answer 503 quickly; it comes back and the app recovers by itself', async () => {
    await pg.stop();
    await eventually('/health 503', 15_000, async () => (await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) })).status === 503);
    for (const request of [
      () => fetch(`${base}/api/v1/cases`, { headers: { authorization: `Bearer ${tokens.supervisor}` }, signal: AbortSignal.timeout(15_000) }),
      () => intake(200_000),
    ]) {
      const started = Date.now();
      const res = await request();
      const body = (await res.json()) as { statusCode: number; message: string };
      expect([res.status, body.statusCode]).toEqual([503, 503]);
      expect(Date.now() - started).toBeLessThan(10_000);
    }

    await pg.start();
    db = new Client({ connectionString: pg.url });
    db.on('error', () => undefined);
    await db.connect();
    await eventually('/health 200', 30_000, async () => (await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) })).status === 200, 500);
    const res = await intake(200_001);
    expect(res.status).toBe(201);
    const { caseId } = (await res.json()) as { caseId: string };
    // The worker recovered too: the new case's events were relayed and its deadline exists.
    await eventually(
      'worker relays after PostgreSQL came back',
      60_000,
      async () => {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM deadline WHERE case_id = $1`, [caseId]);
        return rows[0].n > 0;
      },
      500,
    );
  }, 180_000);
});
