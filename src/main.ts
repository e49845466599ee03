import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/config';
import { listenOrExplain, reportStartupFailure } from './common/listen';
import { configureHttpApp } from './http-app';

/** HTTP API entry point. Production runs it with DATABASE_URL/REDIS_URL; `npm start` runs it in local mode. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule, { bufferLogs: true, bodyParser: false });
  configureHttpApp(app, config);
  await listenOrExplain(() => app.listen(config.port, config.host), config.port, config.host);
  if (process.send) process.send({ type: 'api-ready', port: config.port });
}

bootstrap().catch((error) => process.exit(reportStartupFailure(error, [ConfigError])));

// Run under the local supervisor: exit when it goes away, so no orphan keeps the port.
process.on('disconnect', () => process.exit(0));
