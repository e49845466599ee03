import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DiscoveryModule } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { loadConfig } from '../../src/config/config';
import { configureHttpApp } from '../../src/http-app';
import { Clock, FixedClock, SystemClock } from '../../src/common/clock';
import { User } from '../../src/identity/user.entity';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  clock: Clock;
  tokenFor: (user: User) => string;
  /** A file download as the user: the body is the raw bytes (a BOM, a zip, a PDF can be checked). */
  download: (path: string, user: User) => request.Test;
  close: () => Promise<void>;
}

/**
 * Requests that ask for English messages unless a test sets `Accept-Language` itself: the assertions on error
 * texts are written in English, while the API's default language is Vietnamese.
 */
function inEnglish(agent: ReturnType<typeof request>): ReturnType<typeof request> {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || !['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(String(prop))) return value;
      return (...args: unknown[]) => (value as (...a: unknown[]) => request.Test).apply(target, args).set('Accept-Language', 'en');
    },
  });
}

/**
 * A clock a minute into a ten-minute rate-limit window (01:01 UTC today; a day window starts at midnight), so no
 * window ends between the requests of a test.
 */
export function clockInsideRateWindows(): FixedClock {
  return new FixedClock(new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 3_660_000));
}

/** The real HTTP app on the test file's own database and Redis prefix; only the clock can be swapped. */
export async function startTestApp(options: { clock?: FixedClock } = {}): Promise<TestApp> {
  const clock = options.clock ?? new SystemClock();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule, DiscoveryModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
  configureHttpApp(app, loadConfig());
  await app.init();
  const jwt = app.get(JwtService);
  const http = () => inEnglish(request(app.getHttpServer()));
  // A token id per call, as the app issues them: logging one out must not end another.
  const tokenFor = (user: User) => jwt.sign({ sub: user.id, role: user.role, jti: randomUUID(), sv: user.sessionEpoch ?? 0 });
  return {
    app,
    http,
    dataSource: app.get(DataSource),
    clock,
    tokenFor,
    download: (path, user) =>
      http()
        .get(path)
        .set('Authorization', `Bearer ${tokenFor(user)}`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        }),
    close: () => app.close(),
  };
}
