import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { appendOutboxEvent, makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { OUTBOX_MAX_ATTEMPTS, OutboxHandlers, retryDelaySeconds } from '../../src/database/outbox.relay';

describe('outbox relay', () => {
  let t: TestApp;
  let w: TestWorker;
  beforeAll(async () => {
    t = await startTestApp();
    w = await startTestWorker();
  });
  afterAll(async () => {
    await w.close();
    await t.close();
  });

  it('delivers each event once, in order, and retries a failing handler without blocking the others', async () => {
    const seen: string[] = [];
    let failOnce = true;
    const handlers = w.app.get(OutboxHandlers);
    handlers.register('CASE_OPENED', async (event) => {
      if (failOnce && (event.payload as { caseNumber: string }).caseNumber.endsWith('000001')) {
        failOnce = false;
        throw new Error('temporary failure');
      }
      seen.push(String((event.payload as { caseNumber: string }).caseNumber));
    });
    const op = await makeUser(t.dataSource, { role: Role.HOTLINE_OPERATOR });
    for (let i = 0; i < 3; i++) {
      await t
        .http()
        .post('/api/v1/intake/calls')
        .set('Authorization', `Bearer ${t.tokenFor(op)}`)
        .send(callBody({}, { location: { provinceCode: '31' } }))
        .expect(201);
    }
    await w.drain();
    await w.drain();
    expect(seen.sort()).toEqual(['31-2026-000001', '31-2026-000002', '31-2026-000003']);
    // Only the intake events: the consumers append events of their own (e.g. routing gaps) as they run.
    const rows = await t.dataSource.query(`SELECT attempts, processed_at IS NOT NULL AS done, last_error FROM outbox_event WHERE type = 'CASE_OPENED' ORDER BY id`);
    expect(rows).toEqual([
      { attempts: 2, done: true, last_error: 'temporary failure' },
      { attempts: 1, done: true, last_error: null },
      { attempts: 1, done: true, last_error: null },
    ]);
  });

  it('retries a failing event with backoff, delivering the others meanwhile, up to its last attempt', async () => {
    let broken = true;
    const delivered: string[] = [];
    w.app.get(OutboxHandlers).register('TEST_FLAKY', async (event) => {
      if (broken) throw new Error('consumer down');
      delivered.push(String(event.id));
    });
    const flaky = await appendOutboxEvent(t.dataSource, 'TEST_FLAKY', 'TEST', 'a', {});
    const other = await appendOutboxEvent(t.dataSource, 'TEST_OTHER', 'TEST', 'b', {});
    await w.drain();
    const row = async (id: string) =>
      (await t.dataSource.query(`SELECT attempts, processed_at IS NOT NULL AS done, next_attempt_at > now() AS waiting FROM outbox_event WHERE id = $1`, [id]))[0];
    // Tried at once, then again at once; after the second failure it waits, and the next event goes through.
    expect(await row(flaky)).toEqual({ attempts: 2, done: false, waiting: true });
    expect(await row(other)).toMatchObject({ done: true });
    await w.drain();
    expect((await row(flaky)).attempts).toBe(2);

    // Many failures later it is still pending (not dropped), and delivered once the consumer works again.
    // (After OUTBOX_MAX_ATTEMPTS failures it would be dead: see outbox-resilience.int-spec.ts.)
    await t.dataSource.query(`UPDATE outbox_event SET attempts = $2, next_attempt_at = now() - interval '1 second' WHERE id = $1`, [flaky, OUTBOX_MAX_ATTEMPTS - 1]);
    broken = false;
    await w.drain();
    expect(await row(flaky)).toMatchObject({ attempts: OUTBOX_MAX_ATTEMPTS, done: true });
    expect(delivered).toEqual([flaky]);
    expect(retryDelaySeconds(1)).toBe(0);
    expect([2, 3, 4, 9, 10, 30].map(retryDelaySeconds)).toEqual([2, 4, 8, 256, 300, 300]);
  });
});
