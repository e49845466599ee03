import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../support/test-app';
import { makeUser } from '../support/factories';
import { callBody, reportBody } from '../support/payloads';
import { adminQuery, databaseUrl } from '../support/services';
import { Role } from '../../src/identity/enums';
import { createDataSource } from '../../src/database/data-source';
import { backupDatabase, restoreDatabase } from '../../src/backup/backup';
import { verifyAuditChain } from '../../src/audit/audit-chain';

/** npm run backup / npm run restore (local mode): a backup restored into a fresh database holds everything. */
describe('backup and restore', () => {
  let t: TestApp;
  let ds: DataSource;
  let dir: string;
  const fresh: string[] = [];

  async function freshDatabase(): Promise<string> {
    const name = `bvte_restore_${randomBytes(4).toString('hex')}`;
    await adminQuery(process.env.TEST_PG_ADMIN_URL!, `CREATE DATABASE "${name}"`);
    fresh.push(name);
    return databaseUrl(process.env.TEST_PG_ADMIN_URL!, name);
  }

  const snapshot = async (db: DataSource) => ({
    cases: await db.query<unknown[]>(`SELECT id, case_number, status FROM protection_case ORDER BY id`),
    persons: await db.query<unknown[]>(`SELECT id, full_name, phone FROM person ORDER BY id`),
    audit: await db.query<unknown[]>(`SELECT id, chain_seq, action, hash FROM audit_log ORDER BY id`),
  });

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    dir = mkdtempSync(join(tmpdir(), 'bvte-backup-'));
    const operator = await makeUser(ds, { role: Role.HOTLINE_OPERATOR });
    const worker = await makeUser(ds, { role: Role.CASE_WORKER, provinceCode: '22' });
    for (let i = 0; i < 3; i++) {
      const body = callBody({ startedAt: new Date().toISOString() }, { children: [{ fullName: `Trẻ số ${i} Đặng`, sex: 'MALE', age: 8 + i }] });
      const call = await t
        .http()
        .post('/api/v1/intake/calls')
        .set('Authorization', `Bearer ${t.tokenFor(operator)}`)
        .send(body)
        .expect(201);
      await t
        .http()
        .get(`/api/v1/cases/${call.body.caseId}`)
        .set('Authorization', `Bearer ${t.tokenFor(worker)}`)
        .expect(200);
    }
    await t
      .http()
      .post('/api/v1/intake/online-reports')
      .send(reportBody({ reporter: { anonymous: true } }))
      .expect(201);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
    for (const name of fresh) await adminQuery(process.env.TEST_PG_ADMIN_URL!, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('restores into a fresh database every case, person and audit row, with the audit chain intact', async () => {
    const file = join(dir, 'plain.backup');
    const taken = await backupDatabase(process.env.DATABASE_URL!, file);
    expect(taken.rows.protection_case).toBeGreaterThanOrEqual(4);
    const target = await freshDatabase();
    await restoreDatabase(file, target);

    const restored = createDataSource(target, 2);
    await restored.initialize();
    try {
      const before = await snapshot(ds);
      expect(before.cases.length).toBe(taken.rows.protection_case);
      expect(await snapshot(restored)).toEqual(before);
      expect(await verifyAuditChain(restored)).toMatchObject({ ok: true, checked: before.audit.length });
      // The restored database carries on: new rows get new ids and join the chain.
      await restored.query(`INSERT INTO audit_log (at, action, subject_type) VALUES (now(), 'AFTER_RESTORE', 'TEST')`);
      expect(await verifyAuditChain(restored)).toMatchObject({ ok: true, checked: before.audit.length + 1 });
      expect(await restored.showMigrations()).toBe(false);
    } finally {
      await restored.destroy();
    }
  });

  it('encrypts with a passphrase, and refuses a wrong one or a changed file before touching the database', async () => {
    const file = join(dir, 'secret.backup.enc');
    await backupDatabase(process.env.DATABASE_URL!, file, 'correct horse battery staple');
    expect(readFileSync(file).includes(Buffer.from('protection_case'))).toBe(false);
    const target = await freshDatabase();
    await expect(restoreDatabase(file, target, 'wrong passphrase')).rejects.toThrow(/wrong BACKUP_PASSPHRASE/);
    await expect(restoreDatabase(file, target, null)).rejects.toThrow(/encrypted/);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(join(dir, 'changed.enc'), bytes);
    await expect(restoreDatabase(join(dir, 'changed.enc'), target, 'correct horse battery staple')).rejects.toThrow(/changed/);
    await restoreDatabase(file, target, 'correct horse battery staple');
    const restored = createDataSource(target, 1);
    await restored.initialize();
    try {
      expect((await snapshot(restored)).persons).toEqual((await snapshot(ds)).persons);
    } finally {
      await restored.destroy();
    }
  });

  it('refuses to restore over a database that holds data', async () => {
    const file = join(dir, 'again.backup');
    await backupDatabase(process.env.DATABASE_URL!, file);
    await expect(restoreDatabase(file, process.env.DATABASE_URL!)).rejects.toThrow(/not empty/);
  });
});
