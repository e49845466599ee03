import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from './config/config';
import { WorkerModule } from './worker.module';
import { QuietStartupLogger } from './common/logging';

/** Queue-worker entry point: processors, the outbox relay and periodic jobs. Run as many as needed. */
async function bootstrap(): Promise<void> {
  loadConfig();
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(new QuietStartupLogger(app.get(Logger)));
  app.enableShutdownHooks();
  await app.init();
  if (process.send) process.send({ type: 'worker-ready' });
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

process.on('disconnect', () => process.exit(0));
