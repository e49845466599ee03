import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { adminQuery, TEST_DATA_DIR, TestServices } from './services';

/** Runs once per project that used the services; only the first call has anything left to stop. */
export default async function globalTeardown(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  const services = g.__TEST_SERVICES__ as TestServices | undefined;
  if (!services) return;
  g.__TEST_SERVICES__ = undefined;
  await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS "${services.templateDb}" WITH (FORCE)`).catch(() => undefined);
  await services.redis?.stop();
  await services.pg?.stop();
  for (const kind of ['pg', 'redis']) {
    await rm(join(TEST_DATA_DIR, `${kind}-${process.pid}`), { recursive: true, force: true });
  }
}
