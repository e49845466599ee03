import { LOGIN_COOKIE } from '../../src/web/session';
import { generateSync } from 'otplib';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeUser, TEST_PASSWORD } from '../support/factories';
import { Role } from '../../src/identity/enums';
import { FixedClock } from '../../src/common/clock';
import { AuditLog } from '../../src/audit/audit-log.entity';
import { User } from '../../src/identity/user.entity';
import Redis from 'ioredis';
import { REDIS } from '../../src/redis/redis.module';

/**
 * Sign-in as product.md §12 states it: throttling that slows an attacker without locking anyone out, logout and
 * rotated refresh tokens that end sessions at once, and the TOTP second factor. Clients are told apart by
 * X-Forwarded-For (TRUST_PROXY), so one test plays several machines; time moves on a fixed clock.
 */
describe('sign-in: throttling, revocable sessions, second factor', () => {
  let t: TestApp;
  let ds: DataSource;
  let clock: FixedClock;
  let admin: User;
  const saved = { TRUST_PROXY: process.env.TRUST_PROXY, MFA_REQUIRED_ROLES: process.env.MFA_REQUIRED_ROLES };

  beforeAll(async () => {
    process.env.TRUST_PROXY = '1';
    clock = new FixedClock(new Date());
    t = await startTestApp({ clock });
    ds = t.dataSource;
    admin = await makeUser(ds, { role: Role.ADMIN });
  });
  afterAll(async () => {
    await t.close();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  const login = (from: string, body: Record<string, unknown>) => t.http().post('/api/v1/auth/login').set('X-Forwarded-For', from).send(body);
  const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const asAdmin = () => ({ Authorization: `Bearer ${t.tokenFor(admin)}` });

  describe('throttling', () => {
    it('slows the username from the client that failed, while the owner signs in from her own desk', async () => {
      const user = await makeUser(ds, { role: Role.HOTLINE_OPERATOR, provinceCode: '22', username: 'throttle.victim' });
      for (let i = 0; i < 5; i++) await login('203.0.113.7', { username: 'throttle.victim', password: `guess-${i}` }).expect(401);
      const held = await login('203.0.113.7', { username: 'throttle.victim', password: TEST_PASSWORD }).expect(429);
      expect(held.body.code).toBe('LOGIN_THROTTLED');
      expect(Number(held.headers['retry-after'])).toBe(30);

      // The operator at her desk never failed: no delay, no lock.
      await login('198.51.100.20', { username: 'throttle.victim', password: TEST_PASSWORD }).expect(200);

      // The delay ends by itself, and each further failure doubles it.
      clock.advance(31_000);
      await login('203.0.113.7', { username: 'throttle.victim', password: 'guess-again' }).expect(401);
      const longer = await login('203.0.113.7', { username: 'throttle.victim', password: TEST_PASSWORD }).expect(429);
      expect(Number(longer.headers['retry-after'])).toBe(60);
      clock.advance(61_000);
      await login('203.0.113.7', { username: 'throttle.victim', password: TEST_PASSWORD }).expect(200);

      expect(await ds.getRepository(AuditLog).countBy({ action: 'LOGIN_FAILED', subjectId: user.id })).toBe(6);
      expect(await ds.getRepository(AuditLog).countBy({ action: 'LOGIN_THROTTLED', subjectId: user.id })).toBe(2);
    });

    it('slows a client that sprays many usernames, and no other client', async () => {
      await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'spray.target' });
      for (let i = 0; i < 20; i++) await login('203.0.113.66', { username: `someone.${i}`, password: 'Password1!' }).expect(401);
      await login('203.0.113.66', { username: 'spray.target', password: TEST_PASSWORD }).expect(429);
      await login('198.51.100.21', { username: 'spray.target', password: TEST_PASSWORD }).expect(200);
    });

    it('lets an administrator lift a throttle, and audits it', async () => {
      await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'throttle.lifted' });
      for (let i = 0; i < 5; i++) await login('203.0.113.9', { username: 'throttle.lifted', password: `typo-${i}` }).expect(401);
      await login('203.0.113.9', { username: 'throttle.lifted', password: TEST_PASSWORD }).expect(429);
      await t.http().delete('/api/v1/admin/login-throttles').set(asAdmin()).expect(400);
      const lifted = await t.http().delete('/api/v1/admin/login-throttles?username=throttle.lifted').set(asAdmin()).expect(200);
      expect(lifted.body).toEqual({ lifted: 1 });
      await login('203.0.113.9', { username: 'throttle.lifted', password: TEST_PASSWORD }).expect(200);
      expect(await ds.getRepository(AuditLog).countBy({ action: 'LOGIN_THROTTLE_LIFTED', actorId: admin.id })).toBe(1);
    });
  });

  describe('revocable sessions', () => {
    it('logout ends the token at once, on every replica', async () => {
      await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'logout.user' });
      const { body } = await login('198.51.100.30', { username: 'logout.user', password: TEST_PASSWORD }).expect(200);
      const replica = await startTestApp({ clock });
      try {
        await me(body.accessToken).expect(200);
        await replica.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${body.accessToken}`).expect(200);
        await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${body.accessToken}`).expect(204);
        await me(body.accessToken).expect(401);
        await replica.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${body.accessToken}`).expect(401);
        // The sign-in's refresh token is ended with it.
        await t.http().post('/api/v1/auth/refresh').send({ refreshToken: body.refreshToken }).expect(401);
      } finally {
        await replica.close();
      }
    });

    it('signed-in work goes on while Redis is unreachable, and a logged-out token stays out', async () => {
      await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'redis.outage' });
      const kept = (await login('198.51.100.36', { username: 'redis.outage', password: TEST_PASSWORD }).expect(200)).body;
      const ended = (await login('198.51.100.37', { username: 'redis.outage', password: TEST_PASSWORD }).expect(200)).body;
      await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${ended.accessToken}`).expect(204);
      const redis = t.app.get<Redis>(REDIS);
      redis.disconnect(); // commands now fail at once (no offline queue), as in an outage
      try {
        await me(kept.accessToken).expect(200);
        await me(ended.accessToken).expect(401);
      } finally {
        await redis.connect();
      }
    });

    it('a logout survives Redis losing its keys', async () => {
      await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'logout.flushed' });
      const { body } = await login('198.51.100.35', { username: 'logout.flushed', password: TEST_PASSWORD }).expect(200);
      await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${body.accessToken}`).expect(204);
      const redis = t.app.get<Redis>(REDIS);
      const keys = await redis.keys(`${process.env.QUEUE_PREFIX}:deny:*`);
      expect(keys.length).toBeGreaterThan(0);
      await redis.del(...keys);
      await me(body.accessToken).expect(401);
    });

    it('rotates refresh tokens and ends the whole sign-in when a spent one comes back', async () => {
      await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'refresh.user' });
      const first = (await login('198.51.100.31', { username: 'refresh.user', password: TEST_PASSWORD }).expect(200)).body;
      expect(first).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.any(String) });
      const second = (await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await me(second.accessToken).expect(200);

      // The first refresh token again: someone copied it. The family ends, including what the rotation gave.
      const reused = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      expect(reused.body.code).toBe('REFRESH_TOKEN_REUSED');
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
      await me(second.accessToken).expect(401);
      expect(await ds.getRepository(AuditLog).countBy({ action: 'REFRESH_TOKEN_REUSED' })).toBe(1);
    });

    it('a password change by an administrator ends every session of the user', async () => {
      const user = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'password.changed' });
      const a = (await login('198.51.100.32', { username: 'password.changed', password: TEST_PASSWORD }).expect(200)).body;
      const b = (await login('198.51.100.33', { username: 'password.changed', password: TEST_PASSWORD }).expect(200)).body;
      await t.http().patch(`/api/v1/admin/users/${user.id}`).set(asAdmin()).send({ password: 'A-new-password-456' }).expect(200);
      await me(a.accessToken).expect(401);
      await me(b.accessToken).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: b.refreshToken }).expect(401);
      await login('198.51.100.32', { username: 'password.changed', password: 'A-new-password-456' }).expect(200);
    });

    it('a deactivation ends every session, and reactivating does not bring old tokens back', async () => {
      const user = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'deactivated.user' });
      const a = (await login('198.51.100.34', { username: 'deactivated.user', password: TEST_PASSWORD }).expect(200)).body;
      await t.http().patch(`/api/v1/admin/users/${user.id}`).set(asAdmin()).send({ active: false }).expect(200);
      await t.http().patch(`/api/v1/admin/users/${user.id}`).set(asAdmin()).send({ active: true }).expect(200);
      await me(a.accessToken).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: a.refreshToken }).expect(401);
    });
  });

  describe('second factor (TOTP)', () => {
    const code = (secret: string) => generateSync({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

    it('enrols, confirms, then needs the code at every sign-in and refuses a replayed one', async () => {
      const user = await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', username: 'mfa.user' });
      const auth = { Authorization: `Bearer ${t.tokenFor(user)}` };
      const { body: enrolment } = await t.http().post('/api/v1/auth/mfa').set(auth).expect(200);
      expect(enrolment.secret).toMatch(/^[A-Z2-7]+=*$/);
      expect(enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*secret=/);
      const [stored] = await ds.query(`SELECT mfa_pending_secret FROM app_user WHERE id = $1`, [user.id]);
      expect(stored.mfa_pending_secret).not.toContain(enrolment.secret);

      const wrong = await t
        .http()
        .post('/api/v1/auth/mfa/confirm')
        .set(auth)
        .send({ otp: '000000' === code(enrolment.secret) ? '111111' : '000000' })
        .expect(401);
      expect(wrong.body.code).toBe('MFA_INVALID');
      await t
        .http()
        .post('/api/v1/auth/mfa/confirm')
        .set(auth)
        .send({ otp: code(enrolment.secret) })
        .expect(204);
      await t.http().post('/api/v1/auth/mfa').set(auth).expect(409);

      clock.advance(30_000);
      const without = await login('198.51.100.40', { username: 'mfa.user', password: TEST_PASSWORD }).expect(401);
      expect(without.body.code).toBe('MFA_REQUIRED');
      const otp = code(enrolment.secret);
      await login('198.51.100.40', { username: 'mfa.user', password: TEST_PASSWORD, otp }).expect(200);
      const replay = await login('198.51.100.40', { username: 'mfa.user', password: TEST_PASSWORD, otp }).expect(401);
      expect(replay.body.code).toBe('MFA_INVALID');

      // Recovery codes: each works once.
      const { body: recovery } = await t.http().post('/api/v1/auth/mfa/recovery-codes').set(auth).expect(200);
      expect(recovery.codes).toHaveLength(10);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM mfa_recovery_code WHERE user_id = $1 AND code_hash = ANY($2)`, [user.id, recovery.codes]);
      expect(n).toBe(0);
      await login('198.51.100.41', { username: 'mfa.user', password: TEST_PASSWORD, otp: recovery.codes[0].toUpperCase() }).expect(200);
      await login('198.51.100.41', { username: 'mfa.user', password: TEST_PASSWORD, otp: recovery.codes[0] }).expect(401);

      // A lost phone: an administrator turns the factor off, and the password alone works again.
      await t.http().delete(`/api/v1/admin/users/${user.id}/mfa`).set(asAdmin()).expect(204);
      await login('198.51.100.42', { username: 'mfa.user', password: TEST_PASSWORD }).expect(200);
      for (const action of ['MFA_ENABLED', 'MFA_RECOVERY_CODES_ISSUED', 'MFA_DISABLED']) {
        expect([action, await ds.getRepository(AuditLog).countBy({ action, subjectId: user.id })]).toEqual([action, 1]);
      }
    });

    it('the web sign-in asks for the code after the right password', async () => {
      const user = await makeUser(ds, { role: Role.ADMIN, username: 'mfa.web' });
      const auth = { Authorization: `Bearer ${t.tokenFor(user)}` };
      const { body: enrolment } = await t.http().post('/api/v1/auth/mfa').set(auth).expect(200);
      await t
        .http()
        .post('/api/v1/auth/mfa/confirm')
        .set(auth)
        .send({ otp: code(enrolment.secret) })
        .expect(204);
      clock.advance(30_000);
      // The login form is bound to its pre-login cookie (login CSRF): open the page first, as a browser does.
      const page = await t.http().get('/login').expect(200);
      const cookie = String(([] as string[]).concat(page.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${LOGIN_COOKIE}=`))).split(';')[0];
      const csrf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
      const form = { username: 'mfa.web', password: TEST_PASSWORD, _csrf: csrf(page.text) };
      const asked = await t.http().post('/login').set({ 'X-Forwarded-For': '198.51.100.50', Cookie: cookie }).type('form').send(form);
      expect(asked.status).toBe(401);
      expect(asked.text).toContain('name="otp"');
      const done = await t
        .http()
        .post('/login')
        .set({ 'X-Forwarded-For': '198.51.100.50', Cookie: cookie })
        .type('form')
        .send({ ...form, _csrf: csrf(asked.text), otp: code(enrolment.secret) });
      expect(done.status).toBe(303);
      expect(String(done.headers['set-cookie'])).toContain('bvte_session=');
    });

    it('a role that requires it signs in with the password only to enrol', async () => {
      process.env.MFA_REQUIRED_ROLES = 'SUPERVISOR';
      const strict = await startTestApp({ clock });
      try {
        await makeUser(ds, { role: Role.SUPERVISOR, provinceCode: '22', username: 'mfa.required' });
        await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22', username: 'mfa.not.required' });
        const worker = await strict.http().post('/api/v1/auth/login').send({ username: 'mfa.not.required', password: TEST_PASSWORD }).expect(200);
        expect(worker.body.mfaEnrolmentRequired).toBeUndefined();

        const first = (await strict.http().post('/api/v1/auth/login').send({ username: 'mfa.required', password: TEST_PASSWORD }).expect(200)).body;
        expect(first).toMatchObject({ mfaEnrolmentRequired: true });
        expect(first.refreshToken).toBeUndefined();
        const auth = { Authorization: `Bearer ${first.accessToken}` };
        const refused = await strict.http().get('/api/v1/cases').set(auth).expect(403);
        expect(refused.body.code).toBe('MFA_ENROLMENT_REQUIRED');
        const { body: enrolment } = await strict.http().post('/api/v1/auth/mfa').set(auth).expect(200);
        await strict
          .http()
          .post('/api/v1/auth/mfa/confirm')
          .set(auth)
          .send({ otp: code(enrolment.secret) })
          .expect(204);
        clock.advance(30_000);
        const full = (
          await strict
            .http()
            .post('/api/v1/auth/login')
            .send({ username: 'mfa.required', password: TEST_PASSWORD, otp: code(enrolment.secret) })
            .expect(200)
        ).body;
        await strict.http().get('/api/v1/cases').set('Authorization', `Bearer ${full.accessToken}`).expect(200);
      } finally {
        delete process.env.MFA_REQUIRED_ROLES;
        await strict.close();
      }
    });
  });
});
