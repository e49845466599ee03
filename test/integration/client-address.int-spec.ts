import { clockInsideRateWindows, startTestApp, TestApp } from '../support/test-app';
import { reportBody } from '../support/payloads';

/**
 * The client address behind the rate limits. A client writes its own X-Forwarded-For; only what a trusted
 * proxy appended may count, so a forged header never opens a fresh rate-limit bucket.
 */
const report = (t: TestApp, forwardedFor?: string) => {
  const req = t.http().post('/api/v1/intake/online-reports');
  if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
  return req.send(reportBody({ reporter: { anonymous: true }, immediateDanger: false }));
};

/** Starts an app with these settings and its own Redis prefix, so each block has fresh rate-limit counters. */
async function startWith(env: Record<string, string>, prefixSuffix: string): Promise<{ t: TestApp; restore: () => void }> {
  const saved = Object.fromEntries(['QUEUE_PREFIX', 'ONLINE_REPORTS_PER_10_MIN', 'TRUST_PROXY'].map((k) => [k, process.env[k]]));
  process.env.QUEUE_PREFIX = `${process.env.QUEUE_PREFIX}${prefixSuffix}`;
  process.env.ONLINE_REPORTS_PER_10_MIN = '2';
  Object.assign(process.env, env);
  const t = await startTestApp({ clock: clockInsideRateWindows() });
  return {
    t,
    restore: () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}

describe('client address: TRUST_PROXY unset (the default)', () => {
  let t: TestApp;
  let restore: () => void;
  beforeAll(async () => ({ t, restore } = await startWith({}, 'd')));
  afterAll(async () => {
    await t.close();
    restore();
  });

  it('ignores X-Forwarded-For: a new forged address each time still hits the same limit', async () => {
    await report(t, '198.51.100.1').expect(201);
    await report(t, '198.51.100.2').expect(201);
    const limited = await report(t, '198.51.100.3').expect(429);
    expect(limited.body.message).toMatch(/111/);
    await report(t).expect(429);
  });
});

describe('client address: TRUST_PROXY=1 (one load balancer in front)', () => {
  let t: TestApp;
  let restore: () => void;
  beforeAll(async () => ({ t, restore } = await startWith({ TRUST_PROXY: '1' }, 'h')));
  afterAll(async () => {
    await t.close();
    restore();
  });

  // The load balancer appends the address it saw (here 203.0.113.7) to whatever the client sent.
  it('counts the address the proxy appended, whatever the client put before it', async () => {
    await report(t, '198.51.100.1, 203.0.113.7').expect(201);
    await report(t, '198.51.100.2, 203.0.113.7').expect(201);
    await report(t, '10.9.8.7, 198.51.100.3, 203.0.113.7').expect(429);
    await report(t, '203.0.113.7').expect(429);
    // Another client behind the same proxy has its own bucket: the hop count is in effect.
    await report(t, '198.51.100.1, 203.0.113.8').expect(201);
  });
});
