import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { createSecretKey } from 'node:crypto';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../config/config';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { LoginThrottle } from './login-throttle.service';
import { TokenDenylist } from './token-denylist';
import { SessionsService } from './sessions.service';
import { MfaService } from './mfa.service';
import { LoginThrottlesController } from './login-throttles.controller';
import { StaffDirectory } from './staff-directory';

@Global()
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A key object, made once: given the secret as a string, the JWT library tries to parse it as a public key
      // on every verification (a thrown error per request) before taking it as a secret.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret)),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersController, LoginThrottlesController],
  providers: [AuthService, UsersService, LoginThrottle, TokenDenylist, SessionsService, MfaService, StaffDirectory, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService, TokenDenylist, StaffDirectory],
})
export class IdentityModule {}
