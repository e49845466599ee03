import { AppMode, ConfigError, loadConfig } from './config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', REDIS_URL: 'redis://localhost:6379' };

describe('loadConfig', () => {
  it('applies defaults in local mode', () => {
    const c = loadConfig({ ...base });
    expect(c.mode).toBe(AppMode.LOCAL);
    expect(c.port).toBe(3000);
    expect(c.demoPassword).toBe('Demo@12345');
    expect(c.seedDemo).toBe(true);
    expect(c.corsOrigins).toEqual([]);
  });

  it('names every bad variable', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', REDIS_URL: 'redis://h', APP_MODE: 'staging' });
      fail('expected a ConfigError');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const text = (e as ConfigError).message;
      expect(text).toContain('PORT must be a whole number');
      expect(text).toContain('DATABASE_URL must be a postgres:// connection URL');
      expect(text).toContain('APP_MODE must be one of local, test, production');
    }
  });

  it('treats an empty variable as unset', () => {
    const c = loadConfig({ ...base, SMTP_URL: '', PORT: '', CORS_ORIGINS: '' });
    expect(c.smtpUrl).toBeNull();
    expect(c.port).toBe(3000);
  });

  it('requires the connection URLs', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL is required[\s\S]*REDIS_URL is required/);
  });

  it('requires a real secret and forbids demo data in production', () => {
    expect(() => loadConfig({ ...base, APP_MODE: 'production', SEED_DEMO: 'true' })).toThrow(
      /JWT_SECRET is required in production[\s\S]*SEED_DEMO cannot be enabled in production/,
    );
    const c = loadConfig({ ...base, APP_MODE: 'production', JWT_SECRET: 'x'.repeat(40) });
    expect(c.seedDemo).toBe(false);
    expect(c.jwtSecret).toBe('x'.repeat(40));
  });

  it('rejects a short secret and a short demo password', () => {
    expect(() => loadConfig({ ...base, JWT_SECRET: 'short', DEMO_PASSWORD: '123' })).toThrow(
      /JWT_SECRET must be at least 32 characters[\s\S]*DEMO_PASSWORD must be at least 8 characters/,
    );
  });

  it('parses lists and booleans', () => {
    const c = loadConfig({ ...base, CORS_ORIGINS: 'https://a.vn, https://b.vn', TRUST_PROXY: '1', PORT: '8080' });
    expect(c.corsOrigins).toEqual(['https://a.vn', 'https://b.vn']);
    expect(c.trustProxy).toBe(1);
    expect(c.port).toBe(8080);
  });

  it('reads the deadline and notification settings, with defaults by mode', () => {
    const local = loadConfig({ ...base });
    expect(local.reconcileIntervalMs).toBe(60_000);
    expect(local.smtpUrl).toBeNull();
    expect(local.notifyFile).toMatch(/\.data[/\\]notifications\.log$/);
    expect(loadConfig({ ...base, APP_MODE: 'production', JWT_SECRET: 'x'.repeat(40) }).notifyFile).toBeNull();
    const c = loadConfig({ ...base, RECONCILE_INTERVAL_MS: '5000', SMTP_URL: 'smtp://u:p@mail.example.vn:587', NOTIFY_FILE: '/tmp/n.log' });
    expect(c).toMatchObject({ reconcileIntervalMs: 5000, smtpUrl: 'smtp://u:p@mail.example.vn:587', notifyFile: '/tmp/n.log' });
    expect(() => loadConfig({ ...base, RECONCILE_INTERVAL_MS: '10', SMTP_URL: 'mail.example.vn' })).toThrow(
      /RECONCILE_INTERVAL_MS must be at least 1000[\s\S]*SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
  });

  it('reads the web session lifetime, a working shift by default', () => {
    expect(loadConfig({ ...base }).webSessionSeconds).toBe(8 * 3600);
    expect(loadConfig({ ...base, WEB_SESSION_SECONDS: '3600' }).webSessionSeconds).toBe(3600);
    expect(() => loadConfig({ ...base, WEB_SESSION_SECONDS: '10' })).toThrow(/WEB_SESSION_SECONDS must be at least 300/);
  });

  describe('TRUST_PROXY', () => {
    it.each([
      [undefined, false],
      ['false', false],
      ['0', false],
      ['1', 1],
      ['2', 2],
      ['10.0.0.5', ['10.0.0.5']],
      ['10.0.0.0/8, 192.168.1.10', ['10.0.0.0/8', '192.168.1.10']],
      ['fd00::/8,loopback', ['fd00::/8', 'loopback']],
    ])('%s → %j', (value, expected) => {
      expect(loadConfig({ ...base, TRUST_PROXY: value }).trustProxy).toEqual(expected);
    });

    it('refuses true (any client could forge its address) and says what to write instead', () => {
      for (const value of ['true', 'TRUE', 'yes']) {
        expect(() => loadConfig({ ...base, TRUST_PROXY: value })).toThrow(
          /TRUST_PROXY=\w+ would believe an X-Forwarded-For header written by any client[\s\S]*TRUST_PROXY=1 for one load balancer[\s\S]*addresses\/CIDRs/,
        );
      }
    });

    it.each([['10.0.0.0/33'], ['proxy.example.vn'], ['11'], ['1.2.3.4/8/1'], [',']])('refuses %s with a message naming the setting', (value) => {
      expect(() => loadConfig({ ...base, TRUST_PROXY: value })).toThrow(/TRUST_PROXY[\s\S]*number of proxies[\s\S]*addresses\/CIDRs/);
    });
  });

  describe('HOST (the listen address)', () => {
    it('is loopback in local mode, where the demo users and their published password exist', () => {
      expect(loadConfig({ ...base }).host).toBe('127.0.0.1');
    });

    it('is every interface in production and test, and HOST chooses', () => {
      expect(loadConfig({ ...base, APP_MODE: 'production', JWT_SECRET: 'x'.repeat(40) }).host).toBe('0.0.0.0');
      expect(loadConfig({ ...base, APP_MODE: 'production', JWT_SECRET: 'x'.repeat(40), HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
      expect(loadConfig({ ...base, HOST: '::1' }).host).toBe('::1');
    });

    it('opens local mode to the network only with a demo password of its own', () => {
      expect(() => loadConfig({ ...base, HOST: '0.0.0.0' })).toThrow(/HOST=0\.0\.0\.0 would let other machines sign in as the demo users[\s\S]*set DEMO_PASSWORD/);
      expect(loadConfig({ ...base, HOST: '0.0.0.0', DEMO_PASSWORD: 'a-long-secret-1' }).host).toBe('0.0.0.0');
      expect(loadConfig({ ...base, HOST: '0.0.0.0', SEED_DEMO: 'false' }).host).toBe('0.0.0.0');
      expect(() => loadConfig({ ...base, HOST: 'bad host!' })).toThrow(/HOST must be an address to listen on/);
    });
  });

  it('requires a second factor of supervisors and admins in production only, unless configured', () => {
    const prod = { ...base, APP_MODE: 'production', JWT_SECRET: 'x'.repeat(32) };
    expect(loadConfig(prod).mfaRequiredRoles).toEqual(['SUPERVISOR', 'ADMIN']);
    expect(loadConfig({ ...base }).mfaRequiredRoles).toEqual([]);
    expect(loadConfig({ ...prod, MFA_REQUIRED_ROLES: 'NONE' }).mfaRequiredRoles).toEqual([]);
    expect(loadConfig({ ...base, MFA_REQUIRED_ROLES: 'ADMIN, CASE_WORKER' }).mfaRequiredRoles).toEqual(['ADMIN', 'CASE_WORKER']);
    expect(() => loadConfig({ ...base, MFA_REQUIRED_ROLES: 'ADMIN,BOSS' })).toThrow(/MFA_REQUIRED_ROLES must be NONE or a comma-separated list of roles/);
  });

  it('throttles sign-in instead of locking accounts, with validated settings', () => {
    expect(loadConfig({ ...base })).toMatchObject({ loginFreeFailures: 5, loginDelaySeconds: 30, refreshTtlSeconds: 43200 });
    expect(() => loadConfig({ ...base, LOGIN_DELAY_SECONDS: '0' })).toThrow(ConfigError);
  });
});
