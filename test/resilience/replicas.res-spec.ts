import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import { hashPassword } from '../../src/identity/password';
import { LocalRedis } from '../../src/local/redis-server';
import { callBody } from '../support/payloads';
import { AppProcess, assertBuilt, eventually, freePort, runDir, sleep, startServices, StoppablePostgres, untilAtLeast, untilFiring } from './support';

/**
 * Many replicas: two API and two worker processes on one PostgreSQL and one Redis, under intake load spread over
 * both APIs and a burst of deadlines falling due together; one API and one worker are killed (kill -9) midway and
 * not brought back. Every 201 is stored, no deadline step fires twice, no notification is sent twice, and no
 * event is lost (every case's deadline was started from its event and fired, the outbox is drained).
 *
 *   npm run test:resilience
 */
const PASSWORD = 'Replicas-pass-123';
const POLICY = { duration: 'PT6S', workingDays: false, byRisk: {}, escalateAfter: ['PT3S'] };

describe('two APIs and two workers, one of each killed', () => {
  let pg: StoppablePostgres;
  let redis: LocalRedis;
  let db: Client;
  const apis: AppProcess[] = [];
  const workers: AppProcess[] = [];
  const bases: string[] = [];
  let dir: string;
  let notifyFile: string;
  let token = '';

  const intake = (base: string, i: number) =>
    fetch(`${base}/api/v1/intake/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(
        callBody(
          { callerPhone: `08${String(20_000_000 + i * 7919).slice(-8)}`, startedAt: new Date().toISOString() },
          { children: [{ fullName: `Trẻ bản sao ${i}`, age: 6 + (i % 9) }] },
        ),
      ),
      signal: AbortSignal.timeout(15_000),
    });

  beforeAll(async () => {
    assertBuilt();
    dir = join(runDir(), 'replicas');
    ({ pg, redis, db } = await startServices(dir));
    const hash = await hashPassword(PASSWORD);
    // The supervisor has an email and a phone, so every escalation is also sent out (and can be sent twice).
    for (const [username, role, level, province, email, phone] of [
      ['rep.operator', 'HOTLINE_OPERATOR', 'NATIONAL', null, null, null],
      ['rep.admin', 'ADMIN', 'NATIONAL', null, null, null],
      ['rep.supervisor', 'SUPERVISOR', 'PROVINCE', '22', 'giam.sat@example.vn', '0912000111'],
    ]) {
      await db.query(
        `INSERT INTO app_user (username, password_hash, full_name, role, jurisdiction_level, province_code, email, phone, version) VALUES ($1, $2, $1, $3, $4, $5, $6, $7, 1)`,
        [username, hash, role, level, province, email, phone],
      );
    }
    notifyFile = join(dir, 'notifications.log');
    const common = {
      ...process.env,
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      APP_MODE: 'test',
      HOST: '127.0.0.1',
      QUEUE_PREFIX: `rep${process.pid}`,
      RECONCILE_INTERVAL_MS: '2000',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
      NOTIFY_FILE: notifyFile,
      JWT_SECRET: 'replicas-secret-replicas-secret-0123456789',
    };
    for (const n of [1, 2]) {
      const port = await freePort();
      bases.push(`http://127.0.0.1:${port}`);
      apis.push(new AppProcess('main.js', { ...common, PORT: String(port) }, join(dir, `api-${n}.log`)));
      workers.push(new AppProcess('worker.js', { ...common, PORT: '0' }, join(dir, `worker-${n}.log`)));
    }
    for (const p of [...apis, ...workers]) await p.start();

    const login = await fetch(`${bases[0]}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'rep.admin', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const admin = ((await login.json()) as { accessToken: string }).accessToken;
    // A policy changed through one API is the policy of all of them (it is data in PostgreSQL).
    const patch = await fetch(`${bases[1]}/api/v1/admin/deadline-policies/CASE_ASSESSMENT`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify(POLICY),
    });
    expect(patch.status).toBe(200);
    const op = await fetch(`${bases[1]}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'rep.operator', password: PASSWORD }),
    });
    token = ((await op.json()) as { accessToken: string }).accessToken;
  }, 240_000);

  afterAll(async () => {
    for (const p of [...apis, ...workers]) await p.stop().catch(() => undefined);
    await db?.end().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    await pg?.exit().catch(() => undefined);
    if (!process.env.KEEP_RESILIENCE_DATA) await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it('loses nothing and does nothing twice', async () => {
    const acknowledged: { callId: string; caseId: string }[] = [];
    let refused = 0;
    let stop = false;
    let i = 0;
    const loop = async (lane: number) => {
      // Each lane alternates between the APIs on its own count: with the shared count, lanes failing in step on
      // the dead API all chose it again together and the survivor sat idle for tens of seconds.
      for (let turn = lane; !stop; turn += 1) {
        i += 1;
        const base = bases[turn % 2];
        try {
          const res = await intake(base, i);
          if (res.status === 201) acknowledged.push((await res.json()) as { callId: string; caseId: string });
          else {
            refused += 1;
            await res.text();
          }
        } catch {
          // That API is gone: the client was not told 201, so nothing is owed; the load balancer would retry.
          refused += 1;
          await sleep(50);
        }
      }
    };
    // Each phase ends on what it achieved (intakes acknowledged, deadlines fired), not on a clock: a slow machine
    // takes longer but tests the same thing. The deadlines of all these cases fall due 6 s after their intake.
    const load = Promise.all(Array.from({ length: 8 }, (_, lane) => loop(lane)));
    await untilAtLeast('intakes acknowledged by both APIs', acknowledged, 20);
    await apis[0].kill9();
    const beforeKill = acknowledged.length;
    await untilAtLeast('intakes acknowledged by the surviving API', acknowledged, beforeKill + 20);
    stop = true;
    await load;
    // Kill one worker while the burst of deadlines is firing.
    await untilFiring(
      db,
      acknowledged.map((a) => a.caseId),
    );
    await workers[0].kill9();

    expect(acknowledged.length).toBeGreaterThanOrEqual(beforeKill + 20);
    const calls = acknowledged.map((a) => a.callId);
    const caseIds = acknowledged.map((a) => a.caseId);
    const { rows } = await db.query(
      `SELECT (SELECT count(*)::int FROM hotline_call WHERE id = ANY($1::uuid[])) AS calls, (SELECT count(*)::int FROM protection_case WHERE id = ANY($2::uuid[])) AS cases`,
      [calls, caseIds],
    );
    expect(rows[0]).toEqual({ calls: acknowledged.length, cases: acknowledged.length });

    // No event lost: each case's assessment deadline was started from its event and both steps fired.
    await eventually(
      `assessment deadlines of ${caseIds.length} cases escalated`,
      120_000,
      async () => {
        const { rows: r } = await db.query(
          `SELECT count(*) FILTER (WHERE d.escalation_level >= 1)::int AS escalated, count(d.id)::int AS deadlines
           FROM unnest($1::uuid[]) c(id) LEFT JOIN deadline d ON d.case_id = c.id AND d.key = 'CASE_ASSESSMENT'`,
          [caseIds],
        );
        return r[0].escalated === caseIds.length && r[0].deadlines === caseIds.length;
      },
      500,
    );
    await eventually(
      'outbox drained',
      60_000,
      async () => {
        const { rows: r } = await db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE processed_at IS NULL`);
        return r[0].n === 0;
      },
      500,
    );

    // No deadline step twice.
    const { rows: twice } = await db.query(
      `SELECT after->>'deadlineId' AS deadline, type, after->>'level' AS level, count(*)::int AS n FROM case_event
        WHERE case_id = ANY($1::uuid[]) AND type IN ('DEADLINE_OVERDUE', 'DEADLINE_ESCALATED')
        GROUP BY 1, 2, 3 HAVING count(*) > 1`,
      [caseIds],
    );
    expect(twice).toEqual([]);

    // No notification sent twice: every delivery settles, and each sent message is in the outbox file once.
    await eventually(
      'notification deliveries settled',
      90_000,
      async () => {
        const { rows: r } = await db.query(
          `SELECT count(*) FILTER (WHERE nd.status = 'PENDING')::int AS pending, count(*) FILTER (WHERE nd.status = 'SENT')::int AS sent
           FROM notification_delivery nd JOIN notification n ON n.id = nd.notification_id JOIN deadline d ON d.id = n.deadline_id
          WHERE d.case_id = ANY($1::uuid[])`,
          [caseIds],
        );
        return r[0].pending === 0 && r[0].sent >= caseIds.length;
      },
      500,
    );
    const lines = existsSync(notifyFile)
      ? readFileSync(notifyFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { channel: string; to: string; subject: string })
      : [];
    const seen = new Map<string, number>();
    for (const l of lines) seen.set(`${l.channel} ${l.to} ${l.subject}`, (seen.get(`${l.channel} ${l.to} ${l.subject}`) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
    const { rows: sent } = await db.query(`SELECT count(*)::int AS n FROM notification_delivery WHERE status = 'SENT'`);
    expect(lines.length).toBe(sent[0].n);
    process.stdout.write(
      `replicas: ${acknowledged.length} intakes acknowledged over two APIs (${refused} refused after one was killed), ${lines.length} messages sent once each\n`,
    );
  }, 300_000);
});
