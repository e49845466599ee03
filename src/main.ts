import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './config/config';
import { configureHttpApp } from './http-app';

/** HTTP API entry point. Production runs it with DATABASE_URL/REDIS_URL; `npm start` runs it in local mode. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule, { bufferLogs: true, bodyParser: false });
  configureHttpApp(app, config);
  await app.listen(config.port, process.env.HOST ?? '0.0.0.0');
  if (process.send) process.send({ type: 'api-ready', port: config.port });
}

bootstrap().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});

// Run under the local supervisor: exit when it goes away, so no orphan keeps the port.
process.on('disconnect', () => process.exit(0));
