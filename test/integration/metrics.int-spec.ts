import { Queue, QueueEvents } from 'bullmq';
import type { Server } from 'node:http';
import { Registry } from 'prom-client';
import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeCase, makeDeadlineRow, makeUser } from '../support/factories';
import { FixedClock } from '../../src/common/clock';
import { loadConfig } from '../../src/config/config';
import { Role } from '../../src/identity/enums';
import { User } from '../../src/identity/user.entity';
import { DEADLINES_QUEUE } from '../../src/deadlines/queues';
import { METRICS_REGISTRY } from '../../src/metrics/metrics.registry';
import { portOf, serveMetrics } from '../../src/metrics/metrics-server';
import { redisConnectionOptions } from '../../src/redis/redis-connection';

const TOKEN = 'metrics-token-for-the-integration-test-0001';
const NOW = new Date('2026-11-20T03:00:00Z');

/** The value of one series in Prometheus text format (labels in any order), or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('metrics and the queue board', () => {
  let t: TestApp;
  let admin: User;
  let supervisor: User;
  let worker: User;
  const previousToken = process.env.METRICS_TOKEN;

  beforeAll(async () => {
    process.env.METRICS_TOKEN = TOKEN;
    t = await startTestApp({ clock: new FixedClock(NOW) });
    admin = await makeUser(t.dataSource, { role: Role.ADMIN, provinceCode: null });
    supervisor = await makeUser(t.dataSource, { role: Role.SUPERVISOR, provinceCode: '22' });
    worker = await makeUser(t.dataSource, { role: Role.CASE_WORKER, provinceCode: '22' });
  });
  afterAll(async () => {
    if (previousToken === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = previousToken;
    await t.close();
  });

  describe('GET /metrics', () => {
    it('answers this machine in Prometheus text format with the operational numbers', async () => {
      const { id: caseId } = await makeCase(t.dataSource);
      const hour = 3_600_000;
      await makeDeadlineRow(t.dataSource, {
        key: 'CASE_ASSESSMENT',
        caseId,
        startedAt: new Date(NOW.getTime() - 2 * hour),
        dueAt: new Date(NOW.getTime() + 10 * hour),
        status: 'PENDING',
      });
      await makeDeadlineRow(t.dataSource, {
        key: 'CASE_PLAN',
        caseId,
        startedAt: new Date(NOW.getTime() - 30 * hour),
        dueAt: new Date(NOW.getTime() - 5 * hour),
        status: 'OVERDUE',
      });
      await makeDeadlineRow(t.dataSource, {
        key: 'CASE_REVIEW',
        caseId,
        startedAt: new Date(NOW.getTime() - 30 * hour),
        dueAt: new Date(NOW.getTime() - 20 * hour),
        status: 'MET',
        metAt: new Date(NOW.getTime() - 21 * hour),
      });
      // An event waiting two minutes for the relay (no worker runs here).
      await t.dataSource.query(`INSERT INTO outbox_event (occurred_at, type, aggregate_type, aggregate_id, payload) VALUES ($1, 'CASE_OPENED', 'CASE', $2, '{}')`, [
        new Date(NOW.getTime() - 120_000),
        caseId,
      ]);
      const [n] = await t.dataSource.query<Array<{ id: string }>>(
        `INSERT INTO notification (user_id, type, title, body, dedupe_key) VALUES ($1, 'TEST', 't', 'b', 'metrics-test') RETURNING id`,
        [worker.id],
      );
      await t.dataSource.query(
        `INSERT INTO notification_delivery (notification_id, channel, address, status, attempts) VALUES ($1, 'SMS', '0912345678', 'FAILED', 10), ($1, 'EMAIL', 'a@example.vn', 'PENDING', 0)`,
        [n.id],
      );
      await t
        .http()
        .get('/api/v1/auth/me')
        .set('Authorization', `Bearer ${t.tokenFor(worker)}`)
        .expect(200);
      await t
        .http()
        .get(`/api/v1/cases/${caseId}/timeline`)
        .set('Authorization', `Bearer ${t.tokenFor(worker)}`);
      await t.http().get('/no-such-page-0001').expect(404);

      const res = await t.http().get('/metrics').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = res.text;
      // HTTP durations by route pattern: the case id is not a label, an unknown path shares one label.
      expect(sample(text, 'http_request_duration_seconds_count', { route: '/api/v1/auth/me', method: 'GET', status_code: '200', process: 'api' })).toBe(1);
      expect(sample(text, 'http_request_duration_seconds_count', { route: '/api/v1/cases/:id/timeline', method: 'GET' })).toBe(1);
      expect(sample(text, 'http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1);
      expect(text).not.toContain(caseId);
      // Queues, outbox, deadlines, deliveries, pool.
      expect(sample(text, 'bvte_queue_up', { queue: 'deadlines' })).toBe(1);
      expect(sample(text, 'bvte_queue_up', { queue: 'notifications' })).toBe(1);
      expect(sample(text, 'bvte_queue_jobs', { queue: 'deadlines', state: 'delayed' })).toEqual(expect.any(Number));
      expect(sample(text, 'bvte_outbox_pending_events', {})).toBe(1);
      expect(sample(text, 'bvte_outbox_lag_seconds', {})).toBe(120);
      expect(sample(text, 'bvte_deadlines', { status: 'PENDING', key: 'CASE_ASSESSMENT' })).toBe(1);
      expect(sample(text, 'bvte_deadlines', { status: 'OVERDUE', key: 'CASE_PLAN' })).toBe(1);
      expect(sample(text, 'bvte_deadlines', { status: 'PENDING', key: 'CASE_REVIEW' })).toBe(0);
      // The overdue one's next step (escalation) is an hour after it fell due: already past.
      expect(sample(text, 'bvte_deadline_steps_past_due', {})).toBe(1);
      expect(sample(text, 'bvte_notification_deliveries_failed', { channel: 'SMS' })).toBe(1);
      expect(sample(text, 'bvte_notification_deliveries_failed', { channel: 'EMAIL' })).toBe(0);
      expect(sample(text, 'bvte_db_pool_connections', { state: 'max' })).toBe(loadConfig().dbPoolSize);
      expect(sample(text, 'bvte_db_pool_connections', { state: 'waiting' })).toBe(0);
      expect(sample(text, 'process_resident_memory_bytes', { process: 'api' })).toBeGreaterThan(0);
    });

    it('refuses a request relayed by a proxy unless it carries METRICS_TOKEN', async () => {
      await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(403);
      await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.9').set('Authorization', 'Bearer wrong-token').expect(403);
      // A user's own token is not the metrics token.
      await t
        .http()
        .get('/metrics')
        .set('X-Forwarded-For', '203.0.113.9')
        .set('Authorization', `Bearer ${t.tokenFor(admin)}`)
        .expect(403);
      const res = await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.9').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(res.text).toContain('bvte_outbox_lag_seconds');
    });
  });

  describe('queue board (/admin/queues)', () => {
    it('sends a browser without a session to the login page, and refuses an API caller without a token', async () => {
      const res = await t.http().get('/admin/queues').expect(303);
      expect(res.headers.location).toBe('/login?next=%2Fadmin%2Fqueues');
      await t.http().get('/admin/queues/api/queues').expect(303);
    });

    it.each([Role.SUPERVISOR, Role.CASE_WORKER])('refuses %s with 403', async (role) => {
      const user = role === Role.SUPERVISOR ? supervisor : worker;
      await t
        .http()
        .get('/admin/queues')
        .set('Authorization', `Bearer ${t.tokenFor(user)}`)
        .expect(403);
      await t
        .http()
        .get('/admin/queues/api/queues')
        .set('Cookie', `bvte_session=${t.tokenFor(user)}`)
        .expect(403);
    });

    it('shows ADMIN both queues, by bearer token or by the web session, read-only', async () => {
      const page = await t
        .http()
        .get('/admin/queues')
        .set('Authorization', `Bearer ${t.tokenFor(admin)}`)
        .expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      const api = await t
        .http()
        .get('/admin/queues/api/queues')
        .set('Cookie', `bvte_session=${t.tokenFor(admin)}`)
        .expect(200);
      const queues = (api.body as { queues: Array<{ name: string; readOnlyMode: boolean }> }).queues.map((q) => [q.name, q.readOnlyMode]).sort();
      expect(queues).toEqual([
        ['deadlines', true],
        ['notifications', true],
      ]);
      await t
        .http()
        .put('/admin/queues/api/queues/deadlines/pause')
        .set('Authorization', `Bearer ${t.tokenFor(admin)}`)
        .expect(403);
    });
  });

  describe("the worker's own metrics", () => {
    let w: TestWorker;
    let server: Server | null = null;
    afterAll(async () => {
      if (server) await new Promise((closed) => server!.close(closed));
      await w?.close();
    });

    it('records job durations by queue, name and outcome, served on its port', async () => {
      w = await startTestWorker();
      const config = loadConfig();
      const connection = redisConnectionOptions(config.redisUrl);
      const queue = new Queue(DEADLINES_QUEUE, { connection, prefix: config.queuePrefix });
      const events = new QueueEvents(DEADLINES_QUEUE, { connection, prefix: config.queuePrefix });
      try {
        await events.waitUntilReady();
        // A job name the processor does not know: it completes doing nothing, which is all this needs.
        const job = await queue.add('metrics-probe', {});
        await job.waitUntilFinished(events, 30_000);
      } finally {
        await events.close();
        await queue.close();
      }
      const registry = w.app.get<Registry>(METRICS_REGISTRY);
      server = await serveMetrics(registry, 0, TOKEN);
      const res = await fetch(`http://127.0.0.1:${portOf(server)}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(sample(text, 'bvte_queue_job_duration_seconds_count', { queue: 'deadlines', name: 'metrics-probe', outcome: 'completed', process: 'worker' })).toBe(1);
      expect(sample(text, 'bvte_db_pool_connections', { state: 'max', process: 'worker' })).toBe(config.dbPoolSize);
      expect((await fetch(`http://127.0.0.1:${portOf(server)}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.9' } })).status).toBe(403);
      expect((await fetch(`http://127.0.0.1:${portOf(server)}/other`)).status).toBe(404);
    });
  });
});
