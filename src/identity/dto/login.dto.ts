import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @IsString() @MinLength(1, { message: 'username is required' }) @MaxLength(64)
  username: string;

  @IsString() @MinLength(1, { message: 'password is required' }) @MaxLength(256)
  password: string;
}
