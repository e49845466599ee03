import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { withLocalDatabase } from '../local/local-database';
import { backupDatabase, restoreDatabase } from './backup';

/**
 * `npm run backup [-- --out FILE]` and `npm run restore -- FILE [--into DATABASE_URL] [--replace]`, local mode.
 * BACKUP_PASSPHRASE encrypts (and then is needed to restore). Production: docs/backup.md.
 */
function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/** Drops and recreates the target database (it must not be in use: stop `npm start` first). */
async function recreate(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const ident = `"${name.replace(/"/g, '""')}"`;
    await admin.query(`DROP DATABASE IF EXISTS ${ident}`);
    await admin.query(`CREATE DATABASE ${ident} ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  const passphrase = process.env.BACKUP_PASSPHRASE || null;
  if (command === 'backup') {
    const dir = resolve(process.env.LOCAL_DATA_DIR ?? '.data', 'backups');
    mkdirSync(dir, { recursive: true });
    const file = resolve(option(args, '--out') ?? join(dir, `bvte-${stamp()}.backup${passphrase ? '.enc' : ''}`));
    const summary = await withLocalDatabase((url) => backupDatabase(url, file, passphrase), console.log);
    const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
    console.log(`backup written: ${file} (${summary.tables} tables, ${total} rows${passphrase ? ', encrypted' : ''})`);
    return;
  }
  if (command === 'restore') {
    const file = args.find((a) => !a.startsWith('--') && a !== option(args, '--into'));
    if (!file) throw new Error('Name the backup file: npm run restore -- .data/backups/bvte-….backup');
    const into = option(args, '--into');
    const run = async (url: string) => {
      if (args.includes('--replace')) await recreate(url);
      return restoreDatabase(resolve(file), url, passphrase, console.log);
    };
    await (into ? run(into) : withLocalDatabase(run, console.log));
    console.log('restore complete: start the application again (npm start)');
    return;
  }
  throw new Error('Usage: backup-cli backup [--out FILE] | restore FILE [--into DATABASE_URL] [--replace]');
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error((error as Error).message ?? error);
    process.exit(1);
  });
}
