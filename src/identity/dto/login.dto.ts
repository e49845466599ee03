import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsString()
  @MinLength(1, { message: 'username is required' })
  @MaxLength(64)
  username: string;

  @IsString()
  @MinLength(1, { message: 'password is required' })
  @MaxLength(256)
  password: string;

  /** The 6-digit code of the authenticator app, or a recovery code, for accounts with two-step sign-in. */
  @IsOptional()
  @IsString()
  @MaxLength(32, { message: 'otp must be the 6-digit code or a recovery code' })
  otp?: string;
}

export class RefreshDto {
  @IsString()
  @MinLength(20, { message: 'refreshToken is required' })
  @MaxLength(200)
  refreshToken: string;
}

export class OtpDto {
  @IsString()
  @MinLength(6, { message: 'otp must be the 6-digit code from the authenticator app' })
  @MaxLength(32)
  otp: string;
}

export class LiftThrottleQuery {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username?: string;

  /** The client address as recorded in the audit log (`ip`). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  client?: string;
}
