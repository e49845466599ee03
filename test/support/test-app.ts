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
  close: () => Promise<void>;
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
  return {
    app,
    http: () => request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    clock,
    // A token id per call, as the app issues them: logging one out must not end another.
    tokenFor: (user: User) => jwt.sign({ sub: user.id, role: user.role, jti: randomUUID(), sv: user.sessionEpoch ?? 0 }),
    close: () => app.close(),
  };
}
