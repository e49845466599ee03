import { Client } from 'pg';
import { createDataSource } from '../database/data-source';
import { readArchive, writeArchive } from './backup-archive';

/**
 * Logical backup and restore of the whole database (local mode; production uses continuous archiving, see
 * docs/backup.md). A backup is one consistent snapshot (REPEATABLE READ) of every table's rows, tagged with the
 * migrations it was taken under; a restore migrates an empty database to the same schema and loads the rows
 * as they were (triggers and foreign keys held off while loading, so the audit chain keeps its seals).
 */
export interface BackupHeader {
  format: 'bvte-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: string[];
}

export interface BackupSummary {
  file: string;
  tables: number;
  rows: Record<string, number>;
}

const BATCH = 1000;

async function publicTables(client: Client): Promise<string[]> {
  const rows: { table_name: string }[] = (
    await client.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name`,
    )
  ).rows;
  return rows.map((r) => r.table_name);
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function backupDatabase(databaseUrl: string, file: string, passphrase: string | null = null): Promise<BackupSummary> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'bvte-backup' });
  await client.connect();
  const rows: Record<string, number> = {};
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = (await client.query(`SELECT name FROM schema_migrations ORDER BY id`)).rows.map((r: { name: string }) => r.name);
    const tables = await publicTables(client);
    const header: BackupHeader = { format: 'bvte-backup', version: 1, createdAt: new Date().toISOString(), migrations, tables };
    async function* lines(): AsyncGenerator<string> {
      yield JSON.stringify(header);
      for (const table of tables) {
        yield JSON.stringify({ table });
        rows[table] = 0;
        // A cursor keeps memory flat however large the table; one query at a time on this client.
        await client.query(`DECLARE rows_of CURSOR FOR SELECT to_jsonb(t) AS r FROM ${ident(table)} t`);
        for (;;) {
          const batch = (await client.query(`FETCH ${BATCH} FROM rows_of`)).rows as { r: unknown }[];
          if (!batch.length) break;
          rows[table] += batch.length;
          yield JSON.stringify({ rows: batch.map((b) => b.r) });
        }
        await client.query('CLOSE rows_of');
      }
      yield JSON.stringify({ end: true, rows });
    }
    await writeArchive(file, lines(), passphrase);
    await client.query('COMMIT');
    return { file, tables: tables.length, rows };
  } finally {
    await client.end();
  }
}

/** Restores into an empty database (made with CREATE DATABASE); refuses one that already holds data. */
export async function restoreDatabase(file: string, databaseUrl: string, passphrase: string | null = null, log: (line: string) => void = () => undefined): Promise<BackupSummary> {
  const lines = readArchive(file, passphrase);
  const first = await lines.next();
  const header = first.done ? null : (JSON.parse(first.value) as BackupHeader);
  if (header?.format !== 'bvte-backup' || header.version !== 1) throw new Error(`${file} is not a backup made by npm run backup`);

  const ds = createDataSource(databaseUrl, 1);
  await ds.initialize();
  try {
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`);
    if (n > 0) {
      throw new Error(
        'The target database is not empty: restore into an empty one (npm run restore -- FILE --into postgres://…/new_db), or replace the local database with --replace after stopping npm start',
      );
    }
    const known = ds.migrations.map((m) => m.name ?? m.constructor.name).sort();
    if (JSON.stringify([...header.migrations].sort()) !== JSON.stringify(known)) {
      throw new Error(
        `The backup was taken under other migrations (${header.migrations.length}) than this version has (${known.length}): restore it with the version that made it, then upgrade`,
      );
    }
    await ds.runMigrations({ transaction: 'each' });
    log(`schema created (${known.length} migrations)`);
  } finally {
    await ds.destroy();
  }

  const client = new Client({ connectionString: databaseUrl, application_name: 'bvte-restore' });
  await client.connect();
  const rows: Record<string, number> = {};
  try {
    await client.query('BEGIN');
    // Rows go back exactly as they were: no triggers (the audit chain keeps its seals), no FK order to follow.
    await client.query(`SET LOCAL session_replication_role = replica`);
    for (const table of header.tables) await client.query(`DELETE FROM ${ident(table)}`);
    let table: string | null = null;
    let ended = false;
    for await (const line of lines) {
      const item = JSON.parse(line) as { table?: string; rows?: unknown[]; end?: boolean; rows_count?: unknown };
      if (item.table) {
        table = item.table;
        rows[table] = 0;
      } else if (Array.isArray(item.rows) && table) {
        await client.query(`INSERT INTO ${ident(table)} SELECT * FROM jsonb_populate_recordset(NULL::${ident(table)}, $1::jsonb)`, [JSON.stringify(item.rows)]);
        rows[table] += item.rows.length;
      } else if (item.end) {
        ended = true;
      }
    }
    if (!ended) throw new Error('The backup file is cut short: restore an intact copy');
    // Sequences continue after the restored rows.
    const sequences: { table_name: string; column_name: string; seq: string }[] = (
      await client.query(
        `SELECT c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq
           FROM information_schema.columns c
          WHERE c.table_schema = 'public' AND pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) IS NOT NULL`,
      )
    ).rows;
    for (const s of sequences) {
      await client.query(`SELECT setval($1, coalesce((SELECT max(${ident(s.column_name)}) FROM ${ident(s.table_name)}), 0) + 1, false)`, [s.seq]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  log(`restored ${Object.values(rows).reduce((a, b) => a + b, 0)} rows in ${header.tables.length} tables`);
  return { file, tables: header.tables.length, rows };
}
