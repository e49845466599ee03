import { IsBoolean, IsEmail, IsEnum, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { AdminApprovalStatus, JurisdictionLevel, Role } from '../enums';

export class CreateUserDto {
  @IsString()
  @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'username must be 3-64 lower-case letters, digits, dot, dash or underscore' })
  username: string;

  @IsString()
  @MinLength(10)
  @MaxLength(256)
  password: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName: string;

  @IsEnum(Role, { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role: Role;

  @IsEnum(JurisdictionLevel, { message: `jurisdictionLevel must be one of ${Object.values(JurisdictionLevel).join(', ')}` })
  jurisdictionLevel: JurisdictionLevel;

  @IsOptional()
  @IsString()
  @MaxLength(8)
  provinceCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(8)
  communeCode?: string;

  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  @IsOptional()
  @IsIn(['vi', 'en'])
  locale?: string;
}

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  fullName?: string;

  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(256)
  password?: string;

  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @IsOptional()
  @IsEmail()
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  phone?: string;

  @IsOptional()
  @IsIn(['vi', 'en'])
  locale?: string;

  /** Lifts the sign-in delays of this username after repeated failed logins, from every client. */
  @IsOptional()
  @IsBoolean()
  unlock?: boolean;
}

export class ApprovalQueryDto {
  @IsOptional()
  @IsEnum(AdminApprovalStatus, { message: `status must be one of ${Object.values(AdminApprovalStatus).join(', ')}` })
  status?: AdminApprovalStatus;
}
