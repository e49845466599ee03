import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/config';
import { QuietStartupLogger } from './common/logging';
import { AllExceptionsFilter } from './common/http/exception.filter';
import { cspDirectives, docsCspDirectives } from './common/http/content-security';
import { createValidationPipe } from './common/http/validation';
import { REDIS } from './redis/redis.module';
import { createSessionMiddleware } from './web/session';
import { WebSessionStore } from './web/session-store';
import { webErrorRenderer } from './web/web-errors';

/** Everything the HTTP app needs besides its modules; shared by main.ts and the integration tests. */
export function configureHttpApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  express.useLogger(new QuietStartupLogger(app.get(Logger)));
  express.set('trust proxy', config.trustProxy);
  express.disable('x-powered-by');
  express.useBodyParser('json', { limit: '256kb' });
  express.useBodyParser('urlencoded', { limit: '256kb', extended: false });
  // No 'unsafe-inline' anywhere (see content-security.ts); the OpenAPI UI gets the hashes of its fixed styles.
  const docsHelmet = helmet({ contentSecurityPolicy: { directives: docsCspDirectives() } });
  const appHelmet = helmet({ contentSecurityPolicy: { directives: cspDirectives() } });
  app.use((req: { path?: string; url?: string }, res: unknown, next: () => void) =>
    ((req.path ?? req.url ?? '').startsWith('/api/docs') ? docsHelmet : appHelmet)(req as never, res as never, next),
  );
  // CORS is closed unless origins are configured explicitly.
  app.enableCors(config.corsOrigins.length ? { origin: config.corsOrigins, credentials: false } : { origin: false });
  // The web UI's session cookie (and language choice); the access guard authenticates what it carries.
  const sessions = new WebSessionStore(app.get(REDIS), config);
  app.use(createSessionMiddleware((token) => sessions.isEnded(token)));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(webErrorRenderer(config)));
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Bảo vệ trẻ em — case management API')
      .setDescription('Intake from hotline 111 and online reports, cases, referrals, deadlines, supervision.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
