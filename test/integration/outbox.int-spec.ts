import { startTestApp, TestApp } from '../support/test-app';
import { startTestWorker, TestWorker } from '../support/test-worker';
import { makeUser } from '../support/factories';
import { callBody } from '../support/payloads';
import { Role } from '../../src/identity/enums';
import { OutboxHandlers } from '../../src/database/outbox.relay';

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
      await t.http().post('/api/v1/intake/calls').set('Authorization', `Bearer ${t.tokenFor(op)}`).send(callBody({}, { location: { provinceCode: '31' } })).expect(201);
    }
    await w.drain();
    await w.drain();
    expect(seen.sort()).toEqual(['31-2026-000001', '31-2026-000002', '31-2026-000003']);
    const rows = await t.dataSource.query(`SELECT attempts, processed_at IS NOT NULL AS done, last_error FROM outbox_event ORDER BY id`);
    expect(rows).toEqual([
      { attempts: 2, done: true, last_error: 'temporary failure' },
      { attempts: 1, done: true, last_error: null },
      { attempts: 1, done: true, last_error: null },
    ]);
  });
});
