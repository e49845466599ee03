import { adminQuery, TestServices } from './services';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>).__TEST_SERVICES__ as TestServices | undefined;
  if (!services) return;
  await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS "${services.templateDb}" WITH (FORCE)`).catch(() => undefined);
  await services.redis?.stop();
  await services.pg?.stop();
}
